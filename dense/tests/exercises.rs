//! One test per exercise of lectures 1 and 2.1 (see exercises.toml): each checks what the answer
//! does, never its text. `cargo xtask check dense` runs them.

#![allow(clippy::unwrap_used)]

use dense::intro::{fit_autograd, fit_by_hand, random_start, sine_data, IntroConfig};

/// 2 000 epochs from random U[0, 1) starts end at MSE 0.0044–0.0049 (checked over 200 starts).
fn check_fit(fit: &dense::intro::CubicFit) {
    assert!(
        (0.0044..=0.0049).contains(&fit.final_mse),
        "final MSE {}",
        fit.final_mse
    );
    assert_eq!(fit.trace.len(), 20, "the MSE every 100 epochs");
    assert!(
        fit.trace.windows(2).all(|w| w[1].1 < w[0].1),
        "the MSE falls"
    );
    assert!(
        (fit.coeffs[1] - 0.85).abs() < 0.02 && (fit.coeffs[3] + 0.092).abs() < 0.005,
        "{:?}",
        fit.coeffs
    );
}

#[test]
fn exercise_1_1_the_hand_written_descent_fits_the_sine() {
    let cfg = IntroConfig::default();
    let (x, y) = sine_data(cfg.points);
    let start = random_start(&mut common::seed::stream(7, "intro/cubic"));
    check_fit(&fit_by_hand(&x, &y, start, &cfg));
}

#[test]
fn exercise_1_2_the_autograd_descent_fits_the_sine() {
    let cfg = IntroConfig::default();
    let (x, y) = sine_data(cfg.points);
    let start = random_start(&mut common::seed::stream(7, "intro/cubic"));
    check_fit(&fit_autograd(&x, &y, start, &cfg).unwrap());
}

#[test]
fn exercise_2_1_4_the_predictor_doubts_below_the_threshold() {
    use dense::fashion::describe;
    // The recorded doubtful prediction: test image 4, "Shirt 78.8 %".
    let mut probs = vec![0.01; 10];
    probs[6] = 0.788;
    probs[0] = 0.132;
    let (class, p, text) = describe(&probs, 0.8);
    assert_eq!((class, p), (6, 0.788));
    assert_eq!(text, "Could be Shirt but only 78.8% sure");
    let mut sure = vec![0.0; 10];
    sure[9] = 0.997;
    sure[7] = 0.003;
    let (class, _, text) = describe(&sure, 0.8);
    assert_eq!(class, 9);
    assert!(
        text.starts_with("Ankle boot") && !text.contains("Could be"),
        "{text}"
    );
}
