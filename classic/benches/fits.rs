//! Benchmarks of lecture 4, part A, timed in our code; `fits.py` beside this file is the Python
//! equivalent (scipy's `curve_fit`, dynesty's `NestedSampler`), and `cargo xtask bench` runs both
//! and prints the ratios:
//!
//! - `curve_fit_200`: 200 Levenberg–Marquardt fits of the Lorentzian with background to the same
//!   100 points (`standin::fixed_lorentzian`), errors as absolute weights, from all-ones starts;
//! - `nested_quadratic`: ln Z of the quadratic model on the model-selection data
//!   (`standin::fixed_nested`), uniform priors a ∈ [0, 1), b ∈ [0, 10), c ∈ [0, 5), 500 live
//!   points, stop at Δln Z < 0.509 (dynesty's defaults; its sampler for 3 dimensions is uniform
//!   in multiple ellipsoids, ours in one).
//!
//! Prints `BENCH <name> <seconds>` once per repetition.

use anyhow::Result;
use classic::models::{self, Norm};
use classic::nested::{self, NestedConfig};
use classic::nested_sampling::{uniform_prior, QUADRATIC_PRIOR};
use classic::standin;
use std::time::Instant;

fn main() -> Result<()> {
    let repeat = common::cli::bench_repeat()?;
    let [x, y, e] = standin::fixed_lorentzian();
    for _ in 0..repeat {
        let t = Instant::now();
        let mut last = None;
        for _ in 0..200 {
            last = Some(classic::lm::curve_fit(
                models::lorentzian,
                &x,
                &y,
                Some(&e),
                &[1.0; 4],
                true,
            )?);
        }
        let secs = t.elapsed().as_secs_f64();
        if let Some(f) = last {
            println!(
                "info curve_fit params {:.6?} errors {:.6?}",
                f.params, f.errors
            );
        }
        println!("BENCH curve_fit_200 {secs:.6}");
    }
    let [x, y, s] = standin::fixed_nested();
    let ln_l = |p: &[f64]| {
        models::ln_likelihood(
            &y,
            x.iter().map(|&x| models::quadratic(p, x)),
            &s,
            Norm::TwoPiSigma,
        )
    };
    for r in 0..repeat {
        let mut rng = common::seed::stream(r as u64, "bench/nested");
        let t = Instant::now();
        let run = nested::run(
            3,
            uniform_prior(&QUADRATIC_PRIOR),
            ln_l,
            &NestedConfig::default(),
            &mut rng,
        );
        let secs = t.elapsed().as_secs_f64();
        println!(
            "info nested ln Z {:.3} ± {:.3}, {} iterations, {} calls",
            run.log_z, run.log_z_err, run.iterations, run.calls
        );
        println!("BENCH nested_quadratic {secs:.6}");
    }
    Ok(())
}
