//! Benchmarks of lecture 10, parts 1–2, timed in our code; `clustering.py` beside this file is
//! the scikit-learn equivalent, and `cargo xtask bench` runs both and prints the ratios. Same
//! data on both sides: scikit-learn's generators (reproduced bit for bit) and digits.
//!
//! - `tsne_digits`: t-SNE of all 1 797 digits (perplexity 30, PCA start, 1 000 iterations; ours
//!   exact, scikit-learn's default Barnes–Hut);
//! - `aic_sweep`: GMM(n) with full covariances on the whitened PCA(0.99) digits and its AIC, for
//!   n = 50 … 200 step 10 (ours fits the sizes in parallel, as the task does; scikit-learn's
//!   loop is sequential with a multi-threaded BLAS);
//! - `dbscan_20`: 20 × DBSCAN(0.3, 10) on the standardised circles, moons and blobs;
//! - `kmeans_20`: 20 × k-means (10 starts) on the same three sets (k = 2, 2, 3).
//!
//! Prints `BENCH <name> <seconds>` once per repetition.

use anyhow::Result;
use clustering::data::shapes;
use clustering::dbscan::dbscan;
use clustering::digits_gmm::{aic_sweep, digits_pca};
use clustering::{digits, tsne};
use common::cluster::kmeans;
use common::pca::standardise;
use std::time::Instant;

fn main() -> Result<()> {
    let repeat = common::cli::bench_repeat()?;
    let (x, _) = digits::load()?;
    let z = digits_pca()?.scores;
    let sets = shapes(0);
    let scaled: Vec<_> = sets.iter().map(|(_, x, _, _)| standardise(x)).collect();
    for r in 0..repeat {
        let t = Instant::now();
        let e = tsne::embed(&x, &tsne::TsneConfig::default(), |_, _| {})?;
        println!("BENCH tsne_digits {:.6}", t.elapsed().as_secs_f64());
        println!("info tsne KL {:.4}", e.kl);

        let t = Instant::now();
        let ns: Vec<usize> = (50..=200).step_by(10).collect();
        let fits = aic_sweep(&z, &ns, r as u64)?;
        let best = fits
            .iter()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(0, |f| f.0);
        println!("BENCH aic_sweep {:.6}", t.elapsed().as_secs_f64());
        println!("info AIC minimum at n = {best}");

        let t = Instant::now();
        let mut found = Vec::new();
        for _ in 0..20 {
            found = scaled
                .iter()
                .map(|x| {
                    dbscan(x, 0.3, 10).map(|(l, _)| l.iter().flatten().max().map_or(0, |m| m + 1))
                })
                .collect::<Result<Vec<_>>>()?;
        }
        println!("BENCH dbscan_20 {:.6}", t.elapsed().as_secs_f64());
        println!("info dbscan clusters {found:?}");

        let t = Instant::now();
        for k in 0..20 {
            for (_, x, c, _) in &sets {
                kmeans(x, *c, 10, (r * 20 + k) as u64)?;
            }
        }
        println!("BENCH kmeans_20 {:.6}", t.elapsed().as_secs_f64());
    }
    Ok(())
}
