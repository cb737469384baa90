//! Benchmark of lecture 9.1, timed in our code; `gp.py` beside this file is the scikit-learn
//! equivalent, and `cargo xtask bench` runs both and prints the ratio. The same data on both
//! sides:
//!
//! - `gp_2d_fit`: the notebook's 2-D fit, sin(2πx1)·sin(2πx2) on the 10×10 grid, `RBF([1, 1])`,
//!   alpha 1e-2, 100 restarts of the optimiser (the restarts differ: ours from a seeded stream,
//!   scikit-learn's from `random_state`; both end at ℓ = (0.284, 0.284)).
//!
//! Prints `BENCH <name> <seconds>` once per repetition.

use anyhow::Result;
use rand::SeedableRng;
use std::time::Instant;
use uncertainty::gp::{grid, linspace, Gp, Kernel, Optimise};
use uncertainty::gpr::f2;

fn main() -> Result<()> {
    let repeat = common::cli::bench_repeat()?;
    let g = linspace(0.0, 1.0, 10);
    let x = grid(&g, &g);
    let y: Vec<f64> = x.rows().into_iter().map(|r| f2(r[0], r[1], 1.0)).collect();
    for r in 0..repeat {
        let mut rng = rand::rngs::StdRng::seed_from_u64(r as u64);
        let t = Instant::now();
        let gp = Gp::fit(
            &Kernel::Ard(vec![1.0, 1.0]),
            &x,
            &y,
            1e-2,
            Optimise::Restarts(100),
            &mut rng,
        )?;
        println!("BENCH gp_2d_fit {:.6}", t.elapsed().as_secs_f64());
        println!("info {}", gp.kernel);
    }
    Ok(())
}
