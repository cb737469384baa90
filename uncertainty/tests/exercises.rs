//! One test per exercise of lecture 9.1 (`exercises.toml`): each checks what the answer does,
//! with numbers from scikit-learn 1.9.1 where it has them.

#![allow(clippy::unwrap_used)]

use rand::rngs::StdRng;
use rand::SeedableRng;
use uncertainty::gp::{column, linspace, Gp, Kernel, Optimise};

#[test]
fn exercise_9_1_1_the_posterior_interpolates_and_forgets_far_away() {
    let x = linspace(0.0, 1.0, 7);
    let y: Vec<f64> = x.iter().map(|&v| uncertainty::gpr::f1(v)).collect();
    let mut rng = StdRng::seed_from_u64(1);
    let gp = Gp::fit(
        &Kernel::Rbf(0.1),
        &column(&x),
        &y,
        1e-10,
        Optimise::No,
        &mut rng,
    )
    .unwrap();
    let (mean, std) = gp.predict(&column(&x));
    for i in 0..7 {
        assert!(
            (mean[i] - y[i]).abs() < 1e-4,
            "the mean passes through point {i}"
        );
        assert!(std[i] < 1e-3, "no doubt at point {i}: {}", std[i]);
    }
    // Between two points some doubt; far away the prior: mean 0, standard deviation 1.
    let (_, between) = gp.predict(&column(&[1.0 / 12.0]));
    assert!(between[0] > 0.01 && between[0] < 1.0, "{}", between[0]);
    let (m, s) = gp.predict(&column(&[3.0]));
    assert!(
        m[0].abs() < 1e-9 && (s[0] - 1.0).abs() < 1e-9,
        "{} ± {}",
        m[0],
        s[0]
    );
}

#[test]
fn exercise_9_1_2_the_log_marginal_likelihood_is_scikit_learns() {
    let x = linspace(0.0, 1.0, 7);
    let y: Vec<f64> = x.iter().map(|&v| uncertainty::gpr::f1(v)).collect();
    let (v, _) =
        uncertainty::gp::log_marginal_likelihood(&Kernel::Rbf(0.2), &column(&x), &y, 1e-4).unwrap();
    let want = -160.09100861496495;
    assert!(
        (v - want).abs() < 1e-8 * want.abs(),
        "{v} against scikit-learn's {want}"
    );
}

#[test]
fn exercise_9_1_3_the_fewest_points_that_find_the_length_scale() {
    use uncertainty::gpr::fewest_points;
    // The notebook's answer: 5 points and fewer land far from ℓ ≈ 0.109.
    let found = vec![
        (7, vec![0.1094]),
        (3, vec![87309.7]),
        (5, vec![0.0003]),
        (6, vec![0.1083]),
        (4, vec![0.0022]),
    ];
    assert_eq!(fewest_points(&found, &[0.1094], 0.1), Some(6));
    // A lucky small size below a failing one does not count.
    let lucky = vec![
        (3, vec![0.11]),
        (4, vec![0.002]),
        (5, vec![0.109]),
        (6, vec![0.109]),
    ];
    assert_eq!(fewest_points(&lucky, &[0.109], 0.1), Some(5));
    // Every length scale must be close.
    let two = vec![(5, vec![0.28, 0.9]), (6, vec![0.28, 0.29])];
    assert_eq!(fewest_points(&two, &[0.284, 0.284], 0.1), Some(6));
    assert_eq!(fewest_points(&[(4, vec![1.0])], &[0.1], 0.1), None);
}

#[test]
fn exercise_9_1_4_the_matern_kernel_is_scikit_learns() {
    // scikit-learn: Matern(0.2, nu=1.5) between 0 and 0.1, 0.2, 0.5.
    for (r, want) in [
        (0.1, 0.7848876539574506),
        (0.2, 0.4833577245965077),
        (0.5, 0.07017578643093345),
    ] {
        let got = uncertainty::gp::matern15(r, 0.2);
        assert!((got - want).abs() < 1e-12, "r = {r}: {got} against {want}");
    }
    assert_eq!(uncertainty::gp::matern15(0.0, 0.2), 1.0);
}

#[test]
fn exercise_9_1_5_the_anisotropic_kernel_is_scikit_learns() {
    // scikit-learn: RBF([0.3, 0.5]) between (0.1, 0.2) and three points.
    for (b, want) in [
        ([0.4, 0.9], 0.22763768838381274),
        ([0.1, 0.2], 1.0),
        ([0.1, 0.7], 0.6065306597126335),
    ] {
        let got = uncertainty::gp::ard_rbf(&[0.1, 0.2], &b, &[0.3, 0.5]);
        assert!((got - want).abs() < 1e-12, "{b:?}: {got} against {want}");
    }
}
