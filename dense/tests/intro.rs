//! Lecture 1: what the notebook teaches, checked.

#![allow(clippy::unwrap_used)]

use dense::intro::*;
use rand::rngs::StdRng;
use rand::SeedableRng;

#[test]
fn sine_data_matches_linspace() {
    let (x, y) = sine_data(2000);
    assert_eq!(x.len(), 2000);
    assert_eq!(x[0], -std::f64::consts::PI);
    assert!((x[1999] - std::f64::consts::PI).abs() < 1e-12);
    assert!((y[1000] - x[1000].sin()).abs() < 1e-15);
}

#[test]
fn cubic_fit_ends_in_the_recorded_range() {
    // The spec checked 200 random U[0,1) starts: 2 000 epochs end at MSE 0.0044–0.0049.
    let cfg = IntroConfig::default();
    let (x, y) = sine_data(cfg.points);
    for seed in [2021, 0, 1, 2, 3] {
        let start = random_start(&mut common::seed::stream(seed, "intro/cubic"));
        let fit = fit_by_hand(&x, &y, start, &cfg);
        assert!(
            (0.0044..=0.0049).contains(&fit.final_mse),
            "seed {seed}: final MSE {}",
            fit.final_mse
        );
        // MSE recorded every 100 epochs, from epoch 0, and falling.
        assert_eq!(fit.trace.len(), 20);
        assert_eq!(fit.trace[19].0, 1900);
        assert!(
            fit.trace.windows(2).all(|w| w[1].1 < w[0].1),
            "seed {seed}: MSE does not fall"
        );
        // Close to the recorded coefficients b ≈ 0.85, d ≈ −0.092.
        assert!(
            (fit.coeffs[1] - 0.85).abs() < 0.02 && (fit.coeffs[3] + 0.092).abs() < 0.005,
            "{:?}",
            fit.coeffs
        );
    }
}

#[test]
fn autograd_follows_the_hand_written_descent() {
    let cfg = IntroConfig {
        epochs: 500,
        ..Default::default()
    };
    let (x, y) = sine_data(cfg.points);
    let start = random_start(&mut StdRng::seed_from_u64(9));
    let hand = fit_by_hand(&x, &y, start, &cfg);
    let auto = fit_autograd(&x, &y, start, &cfg).unwrap();
    for (a, b) in hand.coeffs.iter().zip(&auto.coeffs) {
        assert!(
            (a - b).abs() < 1e-12,
            "hand {:?} autograd {:?}",
            hand.coeffs,
            auto.coeffs
        );
    }
    for (a, b) in hand.trace.iter().zip(&auto.trace) {
        assert_eq!(a.0, b.0);
        assert!((a.1 - b.1).abs() <= 1e-9 * a.1, "{a:?} vs {b:?}");
    }
}

#[test]
fn least_squares_is_the_floor() {
    let (x, y) = sine_data(2000);
    let k = least_squares(&x, &y);
    let mse = x
        .iter()
        .zip(&y)
        .map(|(&x, &y)| (cubic(&k, x) - y).powi(2))
        .sum::<f64>()
        / 2000.0;
    assert!((mse - 0.004409).abs() < 5e-6, "{mse}");
    assert!(
        (k[1] - 0.8567).abs() < 1e-4 && (k[3] + 0.09333).abs() < 1e-5,
        "{k:?}"
    );
}

#[test]
fn perceptron_converges_on_separable_data() {
    for seed in 0..5 {
        let mut rng = StdRng::seed_from_u64(seed);
        let (data, _truth) = separable_points(200, 0.1, &mut rng);
        assert!(data.iter().any(|d| d.1 > 0.0) && data.iter().any(|d| d.1 < 0.0));
        let run = train_perceptron(&data, 100, &mut rng);
        let epoch = run
            .converged_at
            .unwrap_or_else(|| panic!("seed {seed}: no convergence: {:?}", run.mistakes));
        assert_eq!(run.mistakes.last(), Some(&0));
        assert_eq!(run.mistakes.len(), epoch);
        assert!(data.iter().all(|(p, y)| run.predict(p) == *y));
    }
}

#[test]
fn perceptron_does_not_claim_convergence_on_xor() {
    let data = vec![
        ([1.0, 1.0], 1.0),
        ([-1.0, -1.0], 1.0),
        ([1.0, -1.0], -1.0),
        ([-1.0, 1.0], -1.0),
    ];
    let run = train_perceptron(&data, 50, &mut StdRng::seed_from_u64(0));
    assert_eq!(run.converged_at, None);
    assert_eq!(run.mistakes.len(), 50);
}

#[test]
fn the_run_writes_figures_metrics_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut report = common::report::Report::new("t", dir.path());
    let out = run(&IntroConfig::default(), 2021, &mut report).unwrap();
    assert!((0.0044..=0.0049).contains(&out.by_hand.final_mse));
    assert_eq!(out.perceptron_accuracy, 1.0);
    for f in [
        "intro_sine.png",
        "intro_fit.png",
        "intro_mse.png",
        "intro_perceptron.png",
        "metrics.json",
        "report.md",
    ] {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("metrics.json")).unwrap())
            .unwrap();
    assert_eq!(
        json["intro"]["final_mse"].as_f64(),
        Some(out.by_hand.final_mse)
    );
    // Same seed, same numbers.
    let again = run(&IntroConfig::default(), 2021, &mut report).unwrap();
    assert_eq!(again.by_hand.coeffs, out.by_hand.coeffs);
}
