//! The nested sampler against evidences known exactly.

#![allow(clippy::unwrap_used)]

use classic::data::read_xy;
use classic::nested::{self, NestedConfig, Sampler};
use classic::nested_sampling::{
    grid_log_evidence, polynomial_ln_l, two_ln_b, uniform_prior, LINE_PRIOR, QUADRATIC_PRIOR,
};
use classic::standin;
use common::seed::stream;

/// A normalised Gaussian of width `s` at the centre of the box [−1, 1]^d: Z = 2^−d (the mass
/// outside the box is below 1e-20 for s = 0.1).
fn gaussian(d: usize, s: f64) -> impl Fn(&[f64]) -> f64 {
    move |p: &[f64]| {
        let r2: f64 = p.iter().map(|x| x * x).sum();
        -0.5 * r2 / (s * s) - d as f64 * (s * (2.0 * std::f64::consts::PI).sqrt()).ln()
    }
}

fn check_gaussian(d: usize, sampler: Sampler, live: usize) {
    let bounds = vec![(-1.0, 1.0); d];
    let mut config = NestedConfig::with_live(live);
    config.sampler = sampler;
    let mut rng = stream(7, "gaussian-box");
    let r = nested::run(
        d,
        uniform_prior(&bounds),
        gaussian(d, 0.1),
        &config,
        &mut rng,
    );
    let truth = -(d as f64) * 2f64.ln();
    assert!(
        (r.log_z - truth).abs() < 3.0 * r.log_z_err,
        "{d}-D {sampler:?}: ln Z = {} ± {}, truth {truth}",
        r.log_z,
        r.log_z_err
    );
    // The posterior is the Gaussian: mean 0, standard deviation 0.1.
    let (mean, sd) = r.posterior(0);
    assert!(
        mean.abs() < 0.03 && (sd - 0.1).abs() < 0.02,
        "posterior {mean} ± {sd}"
    );
}

#[test]
fn ellipsoid_sampler_finds_the_evidence_of_a_gaussian_in_a_box() {
    check_gaussian(3, Sampler::Ellipsoid, 300);
}

#[test]
fn random_walk_sampler_finds_it_in_ten_dimensions() {
    check_gaussian(10, Sampler::RandomWalk, 200);
}

#[test]
fn grid_integration_is_exact_for_the_gaussian() {
    let z = grid_log_evidence(&[(-1.0, 1.0), (-1.0, 1.0)], 400, gaussian(2, 0.1));
    assert!((z + 2.0 * 2f64.ln()).abs() < 1e-6, "{z}");
}

#[test]
fn bayes_factor_of_the_model_selection_data_is_within_0_6_of_grid_integration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.txt");
    standin::nested(&path, 2021).unwrap();
    let data = read_xy(&path).unwrap();
    let ln_l = polynomial_ln_l(&data);
    let config = NestedConfig::default();
    let mut z = Vec::new();
    for (i, bounds) in [&LINE_PRIOR[..], &QUADRATIC_PRIOR[..]]
        .into_iter()
        .enumerate()
    {
        let mut rng = stream(2021, &format!("test-{i}"));
        z.push(
            nested::run(
                bounds.len(),
                uniform_prior(bounds),
                &ln_l,
                &config,
                &mut rng,
            )
            .log_z,
        );
    }
    let exact = (
        grid_log_evidence(&LINE_PRIOR, 400, &ln_l),
        grid_log_evidence(&QUADRATIC_PRIOR, 120, &ln_l),
    );
    for priors in [true, false] {
        let ours = two_ln_b(z[0], z[1], priors);
        let truth = two_ln_b(exact.0, exact.1, priors);
        assert!(
            (ours - truth).abs() < 0.6,
            "model priors {priors}: 2 ln B {ours} vs exact {truth}"
        );
    }
    // The grid is fine enough: a finer one changes ln Z by far less than the tolerance.
    let finer = grid_log_evidence(&QUADRATIC_PRIOR, 160, &ln_l);
    assert!((finer - exact.1).abs() < 0.01, "{finer} vs {}", exact.1);
}

#[test]
fn a_rerun_with_the_same_seed_is_identical() {
    let run = || {
        let mut rng = stream(3, "rerun");
        nested::run(
            2,
            uniform_prior(&[(-1.0, 1.0), (-1.0, 1.0)]),
            gaussian(2, 0.2),
            &NestedConfig::with_live(50),
            &mut rng,
        )
    };
    let (a, b) = (run(), run());
    assert_eq!(a.log_z.to_bits(), b.log_z.to_bits());
    assert_eq!(a.calls, b.calls);
}
