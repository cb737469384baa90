//! Seeded stand-ins for the lecture's data files, with the stated shapes and parameters, written
//! in the originals' formats so that the same loaders read them. The originals are synthetic too
//! ("fake data that I synthesized"), but their generating parameters were not published beyond
//! what the notebooks recover; these are ours.

use crate::models;
use crate::reflect::{self, two_layer};
use crate::table;
use common::seed::stream;
use common::Result;
use rand::Rng;
use rand_distr::StandardNormal;
use std::path::Path;

/// The Lorentzian stand-in's parameters: the values the original notebook recovered.
pub const LORENTZIAN_TRUTH: [f64; 4] = [0.946, 0.538, -0.038, 0.496];

/// `lorentzian.txt`: 100 points on [−5, 5], errors 0.01·√y (counting statistics; about the
/// original's parameter errors), noise drawn from them.
pub fn lorentzian(path: &Path, seed: u64) -> Result<()> {
    let mut rng = stream(seed, "lorentzian");
    let x: Vec<f64> = (0..100).map(|i| -5.0 + 10.0 * i as f64 / 99.0).collect();
    let truth: Vec<f64> = x
        .iter()
        .map(|&x| models::lorentzian(&LORENTZIAN_TRUTH, x))
        .collect();
    let yerr: Vec<f64> = truth.iter().map(|y| 0.01 * y.sqrt()).collect();
    let y: Vec<f64> = truth
        .iter()
        .zip(&yerr)
        .map(|(t, e)| t + e * rng.sample::<f64, _>(StandardNormal))
        .collect();
    table::write(path, &["x", "y", "yerr"], &[&x, &y, &yerr])
}

/// The quadratic behind the model-selection stand-in: the original's best quadratic.
pub const QUADRATIC_TRUTH: [f64; 3] = [0.2077, 4.931, 1.717];
/// The error of every point of `nested.txt`.
pub const NESTED_SIGMA: f64 = 2.5;

/// `nested.txt`: 10 points, x evenly from 0 to 10, σ = 2.5, a quadratic truth.
pub fn nested(path: &Path, seed: u64) -> Result<()> {
    let mut rng = stream(seed, "nested");
    let x: Vec<f64> = (0..10).map(|i| 10.0 * i as f64 / 9.0).collect();
    let y: Vec<f64> = x
        .iter()
        .map(|&x| {
            models::quadratic(&QUADRATIC_TRUTH, x)
                + NESTED_SIGMA * rng.sample::<f64, _>(StandardNormal)
        })
        .collect();
    let s = vec![NESTED_SIGMA; x.len()];
    table::write(path, &["x", "y", "yerr"], &[&x, &y, &s])
}

/// The lipid monolayer behind the reflectometry stand-ins: tails 19 Å, heads 9 Å.
pub const LIPID_TRUTH: [f64; 2] = [19.0, 9.0];
/// The backgrounds of `data_0.dat` … `data_3.dat`, falling by a factor of ten each.
pub const BACKGROUNDS: [f64; 4] = [1e-5, 1e-6, 1e-7, 1e-8];
/// The relative error of each reflectivity point.
pub const REFLECT_RELATIVE_ERROR: f64 = 0.05;

/// `data_<i>.dat`: 50 points, q log-spaced over 0.005–0.3 Å⁻¹, the two-layer model with 5 % dq/q
/// smearing on background `BACKGROUNDS[i]`, 5 % errors and noise drawn from them. Like the
/// originals, the error column is signed (here with the sign of the noise drawn); readers use
/// its absolute value.
pub fn reflectivity(path: &Path, index: usize, seed: u64) -> Result<()> {
    let mut rng = stream(seed, &format!("reflectivity-{index}"));
    let q = reflect_q();
    let stack = two_layer(LIPID_TRUTH[0], LIPID_TRUTH[1]);
    let quad = reflect::gauss_legendre(17);
    let truth = reflect::reflectivity(&q, &stack, 0.05, 1.0, BACKGROUNDS[index % 4], &quad);
    let mut r = Vec::with_capacity(q.len());
    let mut dr = Vec::with_capacity(q.len());
    for t in truth {
        let e = REFLECT_RELATIVE_ERROR * t;
        let z: f64 = rng.sample(StandardNormal);
        r.push(t + e * z);
        dr.push(if z < 0.0 { -e } else { e });
    }
    table::write(path, &["q", "R", "dR"], &[&q, &r, &dr])
}

/// 50 q values log-spaced from 0.005 to 0.3 Å⁻¹.
pub fn reflect_q() -> Vec<f64> {
    let (a, b) = (0.005_f64.ln(), 0.3_f64.ln());
    (0..50)
        .map(|i| (a + (b - a) * i as f64 / 49.0).exp())
        .collect()
}

/// A Lorentzian data set without randomness (`x y yerr`), the same in Rust and in numpy: the
/// stand-in's truth plus 0.01·√y·sin(37 i). Used to compare with scipy (tests, benchmark).
pub fn fixed_lorentzian() -> [Vec<f64>; 3] {
    let x: Vec<f64> = (0..100).map(|i| -5.0 + 10.0 * i as f64 / 99.0).collect();
    let t: Vec<f64> = x
        .iter()
        .map(|&x| models::lorentzian(&LORENTZIAN_TRUTH, x))
        .collect();
    let e: Vec<f64> = t.iter().map(|t| 0.01 * t.sqrt()).collect();
    let y = (0..100)
        .map(|i| t[i] + e[i] * (37.0 * i as f64).sin())
        .collect();
    [x, y, e]
}

/// A model-selection data set without randomness: the quadratic truth plus 2.5·sin(11 i + 1),
/// σ = 2.5.
pub fn fixed_nested() -> [Vec<f64>; 3] {
    let x: Vec<f64> = (0..10).map(|i| 10.0 * i as f64 / 9.0).collect();
    let y = (0..10)
        .map(|i| {
            models::quadratic(&QUADRATIC_TRUTH, x[i]) + NESTED_SIGMA * (11.0 * i as f64 + 1.0).sin()
        })
        .collect();
    [x, y, vec![NESTED_SIGMA; 10]]
}
