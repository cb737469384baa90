//! On stand-in data the fits recover the generating parameters within their reported errors.

#![allow(clippy::unwrap_used, clippy::needless_range_loop)]

use classic::curve_fit::fit_lorentzian;
use classic::data::read_xy;
use classic::model_selection::fit_both;
use classic::nested::NestedConfig;
use classic::reflectometry::reflect_evidence;
use classic::standin::{self, LIPID_TRUTH, LORENTZIAN_TRUTH, QUADRATIC_TRUTH};
use classic::{lm, models};

/// Over many seeds every parameter lies within 3 reported errors of the truth, and about two
/// thirds within one (at least half here; 68 % expected).
fn check_coverage(truth: &[f64], fit: impl Fn(u64) -> (Vec<f64>, Vec<f64>)) {
    let (mut inside, mut total) = (0, 0);
    for seed in 0..20 {
        let (p, e) = fit(seed);
        for k in 0..truth.len() {
            let z = (p[k] - truth[k]).abs() / e[k];
            assert!(
                z < 3.0,
                "seed {seed}, parameter {k}: {} ± {} vs truth {}",
                p[k],
                e[k],
                truth[k]
            );
            inside += usize::from(z < 1.0);
            total += 1;
        }
    }
    let share = inside as f64 / total as f64;
    assert!(
        (0.5..=0.9).contains(&share),
        "{share} of the parameters within one error"
    );
}

#[test]
fn lorentzian_fit_recovers_the_generating_parameters() {
    let dir = tempfile::tempdir().unwrap();
    check_coverage(&LORENTZIAN_TRUTH, |seed| {
        let path = dir.path().join(format!("l{seed}.txt"));
        standin::lorentzian(&path, seed).unwrap();
        let f = fit_lorentzian(&read_xy(&path).unwrap()).unwrap();
        (f.params, f.errors)
    });
}

#[test]
fn quadratic_fit_recovers_the_generating_parameters() {
    let dir = tempfile::tempdir().unwrap();
    check_coverage(&QUADRATIC_TRUTH, |seed| {
        let path = dir.path().join(format!("n{seed}.txt"));
        standin::nested(&path, seed).unwrap();
        let d = read_xy(&path).unwrap();
        // The same optimum as the notebook's unweighted fit (all errors are equal), with the
        // known errors as absolute ones: scipy's scaling by the reduced χ² of 7 degrees of
        // freedom would make the reported errors a noisy estimate.
        let (_, unweighted, _, _) = fit_both(&d).unwrap();
        let f = lm::curve_fit(
            models::quadratic,
            d.column(0),
            d.column(1),
            Some(d.column(2)),
            &[1.0; 3],
            true,
        )
        .unwrap();
        for k in 0..3 {
            assert!((f.params[k] - unweighted.params[k]).abs() < 1e-6 * (1.0 + f.params[k].abs()));
        }
        (f.params, f.errors)
    });
}

#[test]
fn reflectometry_posterior_recovers_the_layer_thicknesses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data_3.dat");
    standin::reflectivity(&path, 3, 2021).unwrap();
    let fit = reflect_evidence(&path, &NestedConfig::with_live(100), 2021).unwrap();
    let (tails, heads) = (fit.best_two[0], fit.best_two[1]);
    assert!(
        (tails - LIPID_TRUTH[0]).abs() < 0.5 && (heads - LIPID_TRUTH[1]).abs() < 0.5,
        "{tails} {heads}"
    );
    // The likelihood is as sharply peaked as the originals' (errors down to 3e-7 of R); the
    // sampler must find the peak: refnx + dynesty (500 live points) on this very file,
    // `tests/reflect_evidence.py`, give 774.424 ± 0.465 and −15 316 560.076 ± 0.464.
    for ((ours, err), theirs) in [(fit.log_z_two, 774.424), (fit.log_z_one, -15_316_560.076)] {
        assert!(
            (ours - theirs).abs() < 3.0 * (err + 0.465),
            "ln Z {ours} ± {err} against refnx + dynesty's {theirs}"
        );
    }
    // The stand-in is two layers, and with the lowest background the data say so.
    assert!(fit.two_ln_b > 10.0, "2 ln B = {}", fit.two_ln_b);
    assert!(
        (fit.background.0 - standin::BACKGROUNDS[3]).abs() < 3.0 * fit.background.1 + 1e-9,
        "{:?}",
        fit.background
    );
}
