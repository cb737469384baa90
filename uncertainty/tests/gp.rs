//! The Gaussian process against scikit-learn 1.9.1 (`reference.py` beside this file): the
//! log-marginal likelihood and its gradient to 1e-8 relative, the length scales the notebook's
//! fits choose to 1e-3; bad input is an error; the optimiser respects its bounds.

#![allow(clippy::unwrap_used)]

use rand::rngs::StdRng;
use rand::SeedableRng;
use uncertainty::gp::{column, grid, linspace, log_marginal_likelihood, Gp, Kernel, Optimise};
use uncertainty::gpr::{f1, f2};

fn seven() -> (ndarray::Array2<f64>, Vec<f64>) {
    let x = linspace(0.0, 1.0, 7);
    let y = x.iter().map(|&v| f1(v)).collect();
    (column(&x), y)
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs()
}

#[test]
fn log_marginal_likelihood_and_gradient_match_scikit_learn() {
    let (x, y) = seven();
    for (kernel, lml, grad) in [
        (
            Kernel::Rbf(0.2),
            -160.09100861496495,
            vec![-514.2879694070955],
        ),
        (
            Kernel::Matern15(0.2),
            -94.99105689418549,
            vec![-83.57401936191854],
        ),
    ] {
        let (v, g) = log_marginal_likelihood(&kernel, &x, &y, 1e-4).unwrap();
        assert!(close(v, lml, 1e-8), "{kernel}: {v} against {lml}");
        for (a, b) in g.iter().zip(&grad) {
            assert!(close(*a, *b, 1e-8), "{kernel}: gradient {a} against {b}");
        }
    }
    let g5 = linspace(0.0, 1.0, 5);
    let x2 = grid(&g5, &g5);
    let y2: Vec<f64> = x2.rows().into_iter().map(|r| f2(r[0], r[1], 1.0)).collect();
    let (v, g) = log_marginal_likelihood(&Kernel::Ard(vec![0.3, 0.5]), &x2, &y2, 1e-2).unwrap();
    assert!(close(v, -67.11264001251041, 1e-8), "ARD: {v}");
    assert!(
        close(g[0], -62.89687537869181, 1e-8) && close(g[1], -139.17650186104086, 1e-8),
        "ARD: {g:?}"
    );
}

#[test]
fn the_gradient_is_the_slope_of_the_likelihood() {
    // Central differences in the log length scales, for the kernels with no scikit-learn number.
    let (x, y) = seven();
    for kernel in [Kernel::Rbf(0.13), Kernel::Matern15(0.07)] {
        let (_, g) = log_marginal_likelihood(&kernel, &x, &y, 1e-4).unwrap();
        let l = kernel.lengths()[0];
        let h = 1e-6;
        let at = |t: f64| {
            log_marginal_likelihood(&kernel.with_lengths(&[(l.ln() + t).exp()]), &x, &y, 1e-4)
                .unwrap()
                .0
        };
        let numeric = (at(h) - at(-h)) / (2.0 * h);
        assert!(
            close(g[0], numeric, 1e-5),
            "{kernel}: {} against {numeric}",
            g[0]
        );
    }
}

#[test]
fn the_notebooks_fits_find_scikit_learns_length_scales() {
    let mut rng = StdRng::seed_from_u64(1);
    let (x, y) = seven();
    let gp = Gp::fit(
        &Kernel::Rbf(0.05),
        &x,
        &y,
        1e-4,
        Optimise::Restarts(30),
        &mut rng,
    )
    .unwrap();
    let l = gp.kernel.lengths()[0];
    assert!((l - 0.10936038175334996).abs() < 1e-3, "1-D: {l}");
    assert!((gp.log_marginal_likelihood() - -75.33810275396279).abs() < 1e-4);
    let g10 = linspace(0.0, 1.0, 10);
    let x10 = grid(&g10, &g10);
    for (k, want) in [
        (1.0, [0.2841900632966045, 0.2841900581420691]),
        (2.0, [0.14184597752007921, 0.28027142320354137]),
    ] {
        let y: Vec<f64> = x10.rows().into_iter().map(|r| f2(r[0], r[1], k)).collect();
        let gp = Gp::fit(
            &Kernel::Ard(vec![1.0, 1.0]),
            &x10,
            &y,
            1e-2,
            Optimise::Restarts(100),
            &mut rng,
        )
        .unwrap();
        let ls = gp.kernel.lengths();
        for (a, b) in ls.iter().zip(want) {
            assert!(
                (a - b).abs() < 1e-3,
                "2-D, frequency ×{k}: {ls:?} against {want:?}"
            );
        }
    }
}

#[test]
fn the_posterior_interpolates_noise_free_data_and_returns_to_the_prior_far_away() {
    let mut rng = StdRng::seed_from_u64(2);
    let (x, y) = seven();
    let gp = Gp::fit(&Kernel::Rbf(0.1), &x, &y, 1e-10, Optimise::No, &mut rng).unwrap();
    let (mean, std) = gp.predict(&x);
    for i in 0..7 {
        assert!(
            (mean[i] - y[i]).abs() < 1e-4 && std[i] < 1e-3,
            "point {i}: {} ± {}",
            mean[i],
            std[i]
        );
    }
    let (far_mean, far_std) = gp.predict(&column(&[5.0]));
    assert!(far_mean[0].abs() < 1e-9 && (far_std[0] - 1.0).abs() < 1e-9);
    // Posterior draws pass through the data; prior draws have unit variance.
    let draws = gp.sample(&x, 3, &mut rng);
    assert!(draws
        .iter()
        .all(|d| d.iter().zip(&y).all(|(a, b)| (a - b).abs() < 1e-3)));
    let at = column(&linspace(0.0, 1.0, 5));
    let prior = uncertainty::gp::sample_prior(&Kernel::Rbf(0.05), &at, 4000, &mut rng);
    let var = prior.iter().map(|d| d[2] * d[2]).sum::<f64>() / 4000.0;
    assert!((var - 1.0).abs() < 0.1, "prior variance {var}");
}

#[test]
fn bad_input_is_an_error() {
    let (x, y) = seven();
    let mut rng = StdRng::seed_from_u64(3);
    let fit = |k: &Kernel, x: &ndarray::Array2<f64>, y: &[f64], alpha: f64| {
        Gp::fit(k, x, y, alpha, Optimise::No, &mut StdRng::seed_from_u64(0)).map(|_| ())
    };
    assert!(
        fit(&Kernel::Rbf(0.0), &x, &y, 1e-4).is_err(),
        "zero length scale"
    );
    assert!(
        fit(&Kernel::Rbf(-1.0), &x, &y, 1e-4).is_err(),
        "negative length scale"
    );
    assert!(
        fit(
            &Kernel::Ard(vec![1.0]),
            &grid(&[0.0, 1.0], &[0.0, 1.0]),
            &[0.0; 4],
            1e-4
        )
        .is_err(),
        "one length scale for 2-D"
    );
    assert!(
        fit(&Kernel::Rbf(0.1), &x, &y[..5], 1e-4).is_err(),
        "mismatched shapes"
    );
    let mut nan = y.clone();
    nan[2] = f64::NAN;
    assert!(
        fit(&Kernel::Rbf(0.1), &x, &nan, 1e-4).is_err(),
        "NaN target"
    );
    assert!(
        fit(&Kernel::Rbf(0.1), &x, &y, -1.0).is_err(),
        "negative alpha"
    );
    // Two equal points without alpha: not positive definite, said so.
    let twice = column(&[0.5, 0.5]);
    let e = Gp::fit(
        &Kernel::Rbf(0.1),
        &twice,
        &[1.0, 1.0],
        0.0,
        Optimise::No,
        &mut rng,
    )
    .unwrap_err();
    assert!(e.to_string().contains("raise alpha"), "{e}");
    assert!(log_marginal_likelihood(&Kernel::Rbf(f64::NAN), &x, &y, 1e-4).is_err());
}

#[test]
fn the_optimiser_stays_in_its_bounds_and_finds_a_bounded_minimum() {
    use uncertainty::lbfgsb::minimise;
    // A quadratic whose free minimum (3, −2) lies outside the box [−1, 1]²: the answer is the
    // corner (1, −1); and the Rosenbrock valley inside a large box.
    let quad = |x: &[f64]| {
        let v = (x[0] - 3.0).powi(2) + 2.0 * (x[1] + 2.0).powi(2);
        (v, vec![2.0 * (x[0] - 3.0), 4.0 * (x[1] + 2.0)])
    };
    let m = minimise(&quad, &[0.0, 0.0], &[(-1.0, 1.0), (-1.0, 1.0)]);
    assert!(
        (m.x[0] - 1.0).abs() < 1e-9 && (m.x[1] + 1.0).abs() < 1e-9,
        "{:?}",
        m.x
    );
    let rosen = |x: &[f64]| {
        let (a, b) = (x[0], x[1]);
        let v = (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2);
        (
            v,
            vec![
                -2.0 * (1.0 - a) - 400.0 * a * (b - a * a),
                200.0 * (b - a * a),
            ],
        )
    };
    let m = minimise(&rosen, &[-1.2, 1.0], &[(-5.0, 5.0), (-5.0, 5.0)]);
    assert!(
        (m.x[0] - 1.0).abs() < 1e-3 && (m.x[1] - 1.0).abs() < 1e-3,
        "{:?} after {}",
        m.x,
        m.iterations
    );
}
