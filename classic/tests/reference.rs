//! Our numbers against the Python libraries the notebooks used, on data files the tests write
//! from deterministic formulas. The constants are the output of `reference.py` beside this file
//! (scipy 1.15.3, numpy 2.4.6, refnx 0.1.67); run it to regenerate them.

#![allow(clippy::unwrap_used, clippy::needless_range_loop)]

use classic::curve_fit::fit_lorentzian;
use classic::data::read_xy;
use classic::model_selection::fit_both;
use classic::models::{self, Norm};
use classic::reflect::{self, two_layer};
use classic::{standin, table};

const LORENTZIAN_PARAMS: [f64; 4] = [
    0.947111354282077,
    0.5391835815870453,
    -0.03547147689671969,
    0.4959051243865777,
];
const LORENTZIAN_ERRORS: [f64; 4] = [
    0.009608230881055325,
    0.006943301516184937,
    0.00428151711823645,
    0.0010462257226010973,
];
const LN_L_SIGMA: f64 = 110.72653432233786;
const LN_L_SIGMA2: f64 = 354.9933143040838;
const LINE_PARAMS: [f64; 2] = [6.9932822491010835, -1.2041294952479549];
const QUADRATIC_PARAMS: [f64; 3] = [0.22804026062693872, 4.712879664307761, 2.1742445799377013];
const LINE_LN_L: f64 = -24.156539037918836;
const QUADRATIC_LN_L: f64 = -20.80860439020281;
const REFLECT_PLAIN: [f64; 12] = [
    0.1644809016604186,
    0.08537518480815977,
    0.04230519116794085,
    0.02039393779646183,
    0.009632594220445562,
    0.0044412783137787815,
    0.0019637400363380283,
    0.0007972972961588842,
    0.000269062269600724,
    5.925023871423558e-05,
    4.2650171833776115e-06,
    3.304812987091016e-07,
];
const REFLECT_SMEARED: [f64; 12] = [
    0.16454884347744794,
    0.08542885798356002,
    0.04233731735336036,
    0.020411000577557393,
    0.00964119601343071,
    0.00444553926706853,
    0.0019658622518264634,
    0.0007983817552845279,
    0.00026963431643026484,
    5.953490978281417e-05,
    4.347837922459875e-06,
    3.2886072083223604e-07,
];

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// The deterministic files of reference.py, written and read back through the loader.
fn write_and_read(name: &str, columns: [Vec<f64>; 3]) -> table::Table {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    table::write(
        &path,
        &["x", "y", "yerr"],
        &[&columns[0], &columns[1], &columns[2]],
    )
    .unwrap();
    read_xy(&path).unwrap()
}

fn lorentzian_file() -> table::Table {
    write_and_read("lorentzian.txt", standin::fixed_lorentzian())
}

#[test]
fn curve_fit_matches_scipy_within_1e_4() {
    let fit = fit_lorentzian(&lorentzian_file()).unwrap();
    for k in 0..4 {
        assert!(
            rel(fit.params[k], LORENTZIAN_PARAMS[k]) < 1e-4,
            "param {k}: {} vs {}",
            fit.params[k],
            LORENTZIAN_PARAMS[k]
        );
        assert!(
            rel(fit.errors[k], LORENTZIAN_ERRORS[k]) < 1e-4,
            "error {k}: {} vs {}",
            fit.errors[k],
            LORENTZIAN_ERRORS[k]
        );
    }
}

#[test]
fn log_likelihoods_are_exact() {
    let d = lorentzian_file();
    let p = [0.95, 0.54, -0.04, 0.5];
    let model = || d.column(0).iter().map(|&x| models::lorentzian(&p, x));
    let a = models::ln_likelihood(d.column(1), model(), d.column(2), Norm::TwoPiSigma);
    let b = models::ln_likelihood(d.column(1), model(), d.column(2), Norm::TwoPiSigmaSquared);
    assert!(rel(a, LN_L_SIGMA) < 1e-12, "{a} vs {LN_L_SIGMA}");
    assert!(rel(b, LN_L_SIGMA2) < 1e-12, "{b} vs {LN_L_SIGMA2}");
}

#[test]
fn model_selection_fits_match_scipy() {
    let d = write_and_read("nested.txt", standin::fixed_nested());
    let (line, quad, l1, l2) = fit_both(&d).unwrap();
    for k in 0..2 {
        assert!(
            rel(line.params[k], LINE_PARAMS[k]) < 1e-6,
            "{:?}",
            line.params
        );
    }
    for k in 0..3 {
        assert!(
            rel(quad.params[k], QUADRATIC_PARAMS[k]) < 1e-6,
            "{:?}",
            quad.params
        );
    }
    assert!(rel(l1, LINE_LN_L) < 1e-9, "{l1}");
    assert!(rel(l2, QUADRATIC_LN_L) < 1e-9, "{l2}");
}

#[test]
fn reflectivity_matches_refnx_within_1e_6() {
    let (a, b) = (0.005_f64.ln(), 0.3_f64.ln());
    let q: Vec<f64> = (0..12)
        .map(|i| (a + (b - a) * i as f64 / 11.0).exp())
        .collect();
    let stack = two_layer(19.0, 9.0);
    let quad = reflect::gauss_legendre(17);
    let plain = reflect::reflectivity(&q, &stack, 0.0, 1.0, 0.0, &quad);
    let smeared = reflect::reflectivity(&q, &stack, 0.05, 1.0, 0.0, &quad);
    for i in 0..12 {
        assert!(
            rel(plain[i], REFLECT_PLAIN[i]) < 1e-6,
            "q {}: {} vs {}",
            q[i],
            plain[i],
            REFLECT_PLAIN[i]
        );
        assert!(
            rel(smeared[i], REFLECT_SMEARED[i]) < 1e-6,
            "q {}: {} vs {}",
            q[i],
            smeared[i],
            REFLECT_SMEARED[i]
        );
    }
}
