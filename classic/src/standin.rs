//! Seeded stand-ins for the lecture's data files, with the stated shapes and parameters, written
//! in the originals' formats so that the same loaders read them. The originals are synthetic too
//! ("fake data that I synthesized"), but their generating parameters were not published beyond
//! what the notebooks recover; these are ours.

use crate::models;
use crate::reflect::{self, two_layer};
use crate::table;
use common::seed::stream;
use common::Result;
use rand::seq::SliceRandom;
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
/// The error of each file's points: this fraction of R plus twice the background. As in the
/// originals, the errors shrink with the background, down to a few 1e-7 of R at low q and 2e-8
/// at the smallest in the lowest-background file.
pub const REFLECT_RELATIVE_ERRORS: [f64; 4] = [1e-5, 3e-6, 1e-6, 3e-7];

/// `data_<i>.dat`: 50 points, q log-spaced over 0.005–0.3 Å⁻¹, the two-layer model smeared with
/// a constant 5 % dq/q as refnx smears three-column data, on background `BACKGROUNDS[i]`; errors
/// `REFLECT_RELATIVE_ERRORS[i]` · R + 2 · background and Gaussian noise drawn from them, so that
/// R is negative at high q where the noise exceeds the signal. Three columns like the originals,
/// the error signed (here with the sign of the noise drawn); readers use its magnitude.
pub fn reflectivity(path: &Path, index: usize, seed: u64) -> Result<()> {
    let mut rng = stream(seed, &format!("reflectivity-{index}"));
    let q = reflect_q();
    let stack = two_layer(LIPID_TRUTH[0], LIPID_TRUTH[1]);
    let bkg = BACKGROUNDS[index % 4];
    let truth = reflect::reflectivity(&q, &stack, reflect::Smearing::Constant(0.05), 1.0, bkg);
    let mut r = Vec::with_capacity(q.len());
    let mut dr = Vec::with_capacity(q.len());
    for t in truth {
        let e = REFLECT_RELATIVE_ERRORS[index % 4] * t + 2.0 * bkg;
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

// ---------------------------------------------------------------- the machine-learning half

/// The columns of `materials_data.csv`, as the original names them.
pub const MATERIALS_HEADER: [&str; 7] = [
    "pretty_formula",
    "spacegroup.number",
    "band_gap",
    "density",
    "volume",
    "formation_energy_per_atom",
    "nsites",
];

/// The space groups of the materials stand-in and their counts (the original's 542 compounds).
pub const SPACE_GROUPS: [(u32, usize); 4] = [(14, 288), (15, 134), (2, 107), (19, 13)];

/// `materials_data.csv`: 542 Li/Na/K compounds in four space groups. Band gap and formation
/// energy barely differ between the groups (the lesson: these two features cannot tell them
/// apart); density, cell size and volume per site do.
pub fn materials(path: &Path, seed: u64) -> Result<()> {
    let mut rng = stream(seed, "materials");
    let mut rows = Vec::new();
    // (band gap, formation energy, density, atoms per formula-unit multiple, volume per site)
    let style = |sg: u32| match sg {
        14 => (2.6, -1.85, 3.0, (4usize, 4usize, 14usize), 15.0),
        15 => (2.8, -1.95, 3.4, (4, 3, 12), 13.5),
        2 => (2.4, -1.78, 2.6, (1, 8, 40), 17.0),
        _ => (2.9, -1.75, 3.2, (4, 6, 16), 14.0),
    };
    for &(sg, count) in &SPACE_GROUPS {
        let (gap, form, dens, (mult, lo, hi), vps) = style(sg);
        for _ in 0..count {
            let n: f64 = rng.sample(StandardNormal);
            let band_gap = (gap + 1.5 * n).max(0.0);
            let formation = form + 0.6 * rng.sample::<f64, _>(StandardNormal);
            let density = dens + 0.45 * rng.sample::<f64, _>(StandardNormal);
            let nsites = mult * rng.gen_range(lo..=hi);
            let volume = nsites as f64 * (vps + 1.5 * rng.sample::<f64, _>(StandardNormal));
            let alkali = ["Li", "Na", "K"][rng.gen_range(0..3)];
            let metal = [
                "Fe", "Mn", "Co", "Ni", "Ti", "V", "Cr", "Cu", "Zn", "Mg", "Al", "B",
            ][rng.gen_range(0..12)];
            let anion = ["O", "F", "S", "PO4", "SiO4", "BO3", "SO4", "Cl"][rng.gen_range(0..8)];
            let formula = match rng.gen_range(1..4) {
                1 => format!("{alkali}{metal}{anion}"),
                k => format!("{alkali}{k}{metal}{anion}"),
            };
            rows.push(vec![
                formula,
                sg.to_string(),
                format!("{band_gap:.4}"),
                format!("{density:.4}"),
                format!("{volume:.3}"),
                format!("{formation:.4}"),
                nsites.to_string(),
            ]);
        }
    }
    // The original lists compounds in no class order.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.shuffle(&mut rng);
    let rows: Vec<Vec<String>> = order.into_iter().map(|i| rows[i].clone()).collect();
    table::write_csv(path, &MATERIALS_HEADER, &rows)
}

/// `tof.txt`: 1 000 neutron events from 19 pulses about 5 µs apart: absolute time of flight
/// (µs) in the first row, the scattering angle θ ∈ [−π, π) (rad) in the second. Within a pulse
/// the time of flight depends on the angle, 0.5 + 0.8 (1 + cos θ) µs plus 0.15 µs noise; that
/// shape is what folding the pulses onto one another reveals.
pub fn tof(path: &Path, seed: u64) -> Result<()> {
    let mut rng = stream(seed, "tof");
    let starts: Vec<f64> = (0..19)
        .map(|k| 4.95 * k as f64 + 0.05 * rng.sample::<f64, _>(StandardNormal))
        .collect();
    let mut t = Vec::with_capacity(1000);
    let mut a = Vec::with_capacity(1000);
    for i in 0..1000 {
        let theta = rng.gen_range(-std::f64::consts::PI..std::f64::consts::PI);
        let rel = 0.5 + 0.8 * (1.0 + theta.cos()) + 0.15 * rng.sample::<f64, _>(StandardNormal);
        t.push(starts[i % 19] + rel.max(0.08));
        a.push(theta);
    }
    table::write_rows(path, &[&t, &a])
}

/// The 14 chemical features of the original `wine_data.csv`, in its order (then `Country`).
pub const WINE_FEATURES: [&str; 14] = [
    "Ethanol",
    "TotalAcid",
    "VolatileA",
    "MalicAcid",
    "pH",
    "LacticAcid",
    "ReSugar",
    "CitricAcid",
    "CO2",
    "Density",
    "FolinC",
    "Glycerol",
    "Methanol",
    "TartaricA",
];
/// The columns of the PCA exercise's pair.
pub const ETHANOL: usize = 0;
pub const GLYCEROL: usize = 11;
/// The four countries, 11 wines each.
pub const WINE_COUNTRIES: [&str; 4] = ["Argentina", "Australia", "Chile", "South Africa"];

/// `wine_data.csv`: 44 wines, 14 features and the country. The features mix 14 latent factors
/// whose variances follow the original's explained-variance spectrum; the countries differ along
/// the first two; ethanol and glycerol share the first.
pub fn wine(path: &Path, seed: u64) -> Result<()> {
    let mut rng = stream(seed, "wine");
    // The original's cumulative ratios, differenced.
    let cum = [
        0.2444, 0.4571, 0.6318, 0.7317, 0.8057, 0.8643, 0.9119, 0.9370, 0.9604, 0.9723, 0.9825,
        0.9914, 0.9992, 1.0,
    ];
    let var: Vec<f64> = cum
        .iter()
        .scan(0.0, |prev, &c| {
            let v = c - *prev;
            *prev = c;
            Some(v * 14.0)
        })
        .collect();
    // A random orthogonal mixing, Ethanol and Glycerol pulled onto the first factor.
    let mut q: Vec<Vec<f64>> = (0..14)
        .map(|_| (0..14).map(|_| rng.sample(StandardNormal)).collect())
        .collect();
    q[ETHANOL][0] += 3.0;
    q[GLYCEROL][0] += 3.0;
    // Gram–Schmidt over the factors (columns), the first one first, so that the first factor
    // keeps its weight on both ethanol and glycerol, with one sign, as in fermented wine.
    for k in 0..14 {
        for l in 0..k {
            let dot: f64 = q.iter().map(|row| row[k] * row[l]).sum();
            for row in q.iter_mut() {
                row[k] -= dot * row[l];
            }
        }
        let norm = q.iter().map(|row| row[k] * row[k]).sum::<f64>().sqrt();
        q.iter_mut().for_each(|row| row[k] /= norm);
    }
    let offsets = [[1.2, 0.6], [-1.1, 0.8], [0.4, -1.2], [-0.5, -0.2]];
    // Typical values of red wines and their relative spread per unit of the mixed factors: % vol,
    // g/L (acids, sugar, CO2, glycerol, methanol), pH, g/mL, the Folin–Ciocalteu index.
    let means = [
        13.5, 5.6, 0.5, 1.2, 3.6, 1.8, 2.5, 0.3, 0.45, 0.994, 2400.0, 9.5, 0.12, 2.2,
    ];
    let spread = [
        0.05, 0.08, 0.2, 0.4, 0.02, 0.3, 0.3, 0.4, 0.3, 0.001, 0.12, 0.08, 0.25, 0.15,
    ];
    let mut rows = Vec::new();
    for (c, country) in WINE_COUNTRIES.iter().enumerate() {
        for _ in 0..11 {
            let z: Vec<f64> = (0..14)
                .map(|k| {
                    let shift = if k < 2 {
                        offsets[c][k] * var[k].sqrt()
                    } else {
                        0.0
                    };
                    var[k].sqrt() * rng.sample::<f64, _>(StandardNormal) + shift
                })
                .collect();
            let mut row: Vec<String> = (0..14)
                .map(|f| {
                    let x: f64 = (0..14).map(|k| q[f][k] * z[k]).sum();
                    format!("{:.6}", means[f] * (1.0 + spread[f] * x).max(0.05))
                })
                .collect();
            row.push((*country).to_string());
            rows.push(row);
        }
    }
    let mut header: Vec<&str> = WINE_FEATURES.to_vec();
    header.push("Country");
    table::write_csv(path, &header, &rows)
}

/// `fossil.tiff`: a `size` × `size` 16-bit neutron radiograph of fossils in a rock slab: an
/// ammonite-like spiral shell with ribs, a segmented oval (trilobite-like) and 120 dense pebbles
/// in a thin wedge-shaped slab with a grainy texture; 100 open-beam counts with 10 % vignetting,
/// Beer–Lambert attenuation, Poisson counting noise. Its row-wise variance spreads as a real
/// radiograph's: three components for 60 %, as the original's, and a slowly decaying tail
/// (hundreds of components for 90 %).
pub fn fossil(path: &Path, size: usize, seed: u64) -> anyhow::Result<()> {
    use ndarray::Array2;
    use rand_distr::{Distribution, Poisson};
    let mut rng = stream(seed, "fossil");
    let pebbles: Vec<(f64, f64, f64)> = (0..120)
        .map(|_| {
            (
                rng.gen_range(-0.4..0.4),
                rng.gen_range(-0.35..0.35),
                rng.gen_range(0.005..0.03),
            )
        })
        .collect();
    let s = size as f64;
    // The rock's grain: 300 plane waves of spatial frequencies log-uniform in 2–400 cycles per
    // image, amplitudes ∝ f^−½, attenuating 0.1 (RMS) inside the slab. With the Poisson noise of
    // 100 open-beam counts it spreads the variance over hundreds of components, as a real
    // radiograph's (a cos(a + b) expansion keeps the sum separable: rows times columns). The
    // slab's attenuation (0.25 per cm) keeps three components for 60 %, the original's count.
    let (n_waves, beta, tex_amp, counts, slab_mu) = (300, 0.5, 0.1, 100.0, 0.25);
    let mut tex_rng = stream(seed, "fossil texture");
    let waves: Vec<(f64, f64, f64, f64)> = (0..n_waves)
        .map(|_| {
            let f: f64 = (2.0f64.ln() + tex_rng.gen::<f64>() * (400.0f64 / 2.0).ln()).exp();
            let angle = tex_rng.gen::<f64>() * std::f64::consts::TAU;
            let phase = tex_rng.gen::<f64>() * std::f64::consts::TAU;
            (f * angle.cos(), f * angle.sin(), phase, f.powf(-beta))
        })
        .collect();
    let norm = waves
        .iter()
        .map(|w| w.3 * w.3 / 2.0)
        .sum::<f64>()
        .sqrt()
        .max(1e-300);
    let tau = std::f64::consts::TAU;
    let row_terms: Vec<Vec<(f64, f64)>> = (0..size)
        .map(|r| {
            let y = (r as f64 + 0.5) / s;
            waves
                .iter()
                .map(|w| ((tau * w.1 * y + w.2).cos(), (tau * w.1 * y + w.2).sin()))
                .collect()
        })
        .collect();
    let col_terms: Vec<Vec<(f64, f64)>> = (0..size)
        .map(|c| {
            let x = (c as f64 + 0.5) / s;
            waves
                .iter()
                .map(|w| {
                    (
                        (tau * w.0 * x).cos() * w.3 / norm,
                        (tau * w.0 * x).sin() * w.3 / norm,
                    )
                })
                .collect()
        })
        .collect();
    let img = Array2::from_shape_fn((size, size), |(r, c)| {
        let texture: f64 = row_terms[r]
            .iter()
            .zip(&col_terms[c])
            .map(|(a, b)| a.0 * b.0 - a.1 * b.1)
            .sum();
        let (x, y) = ((c as f64 + 0.5) / s - 0.5, (r as f64 + 0.5) / s - 0.5);
        let open = counts * (1.0 - 0.2 * (x * x + y * y));
        // The slab: an ellipse, a wedge thickening downwards (cm).
        let rho2 = (x / 0.44).powi(2) + (y / 0.40).powi(2);
        let slab = if rho2 < 1.0 {
            (1.0 + 1.2 * (y + 0.4)) * (1.0 - rho2).sqrt()
        } else {
            0.0
        };
        // The shell: a logarithmic spiral of whorls and ribs around (−0.12, −0.08).
        let (fx, fy) = (x + 0.12, y + 0.08);
        let rad = (fx * fx + fy * fy).sqrt();
        let shell = if rad < 0.2 && rad > 0.003 {
            let phase = (rad / 0.003).ln() / 0.45 - fy.atan2(fx);
            let whorl = 0.5 + 0.5 * phase.cos();
            let ribs = 0.5 + 0.5 * (36.0 * fy.atan2(fx)).cos();
            (0.8 * whorl + 0.3 * ribs) * (1.0 - rad / 0.2).sqrt()
        } else {
            0.0
        };
        // The segmented oval: 11 body segments along y around (0.2, 0.1).
        let (tx, ty) = ((x - 0.2) / 0.09, (y - 0.1) / 0.2);
        let oval = tx * tx + ty * ty;
        let segmented = if oval < 1.0 {
            (1.0 - oval).sqrt()
                * (0.6 + 0.4 * (ty * 17.0).cos().abs())
                * (1.0 - 0.5 * (tx.abs() > 0.35) as u8 as f64)
        } else {
            0.0
        };
        let stones: f64 = pebbles
            .iter()
            .map(|&(px, py, pr)| {
                let d2 = ((x - px).powi(2) + (y - py).powi(2)) / (pr * pr);
                if d2 < 1.0 {
                    2.0 * pr * 20.0 * (1.0 - d2).sqrt()
                } else {
                    0.0
                }
            })
            .sum();
        open * (-(slab_mu * slab
            + tex_amp * texture * f64::from(u8::from(rho2 < 1.0))
            + 1.1 * shell
            + 0.9 * segmented
            + 0.8 * stones))
            .exp()
    });
    let noisy =
        img.mapv(|lambda| Poisson::new(lambda.max(1e-9)).map_or(0.0, |p| p.sample(&mut rng)));
    crate::tiff::write(path, &noisy)
}
