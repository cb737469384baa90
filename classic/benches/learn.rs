//! Benchmarks of lecture 4's machine-learning half, timed in our code; `learn.py` beside this file
//! is the scikit-learn equivalent, and `cargo xtask bench` runs both and prints the ratios. The
//! data are the same on both sides: scikit-learn's `make_blobs(300, centers=4, random_state=0)`
//! (reproduced bit for bit) and the stand-in radiograph, handed over as a `.npy` file.
//!
//! - `kmeans_20`: 20 fits of k-means (4 clusters, 10 starts) to the blobs with std 0.6;
//! - `gmm_20`: 20 fits of a 4-component full-covariance Gaussian mixture (10 starts) to them;
//! - `forest_mesh`: a 100-tree random forest fitted to the blobs with std 1.0 and its prediction
//!   on the 200 × 200 mesh of the region figures;
//! - `pca_image`: PCA(0.9) of the 1 400 × 1 400 radiograph (rows as samples);
//! - `pca_fractions`: the exercise on it: the reconstructions keeping 50, 60, 70, 80 and 90 % of
//!   the variance (`image-pca`'s own code: one fit, truncated; scikit-learn fits each fraction,
//!   as the notebook's exercise does).
//!
//! Prints `BENCH <name> <seconds>` once per repetition.

use anyhow::Result;
use classic::data::blobs;
use classic::ml::{self, Forest};
use common::pca::{Keep, Pca};
use std::io::Write;
use std::time::Instant;

/// The file both sides read the radiograph from.
fn image_file() -> std::path::PathBuf {
    std::env::temp_dir().join("lens-bench-fossil.npy")
}

/// Write a C-order float64 `.npy` (format 1.0).
fn write_npy(path: &std::path::Path, a: &ndarray::Array2<f64>) -> Result<()> {
    let mut header = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': ({}, {}), }}",
        a.nrows(),
        a.ncols()
    );
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    f.write_all(b"\x93NUMPY\x01\x00")?;
    f.write_all(&(header.len() as u16).to_le_bytes())?;
    f.write_all(header.as_bytes())?;
    for v in a.iter() {
        f.write_all(&v.to_le_bytes())?;
    }
    Ok(())
}

/// The exercise's variance fractions.
const FRACTIONS: [f64; 5] = [0.5, 0.6, 0.7, 0.8, 0.9];

fn main() -> Result<()> {
    let repeat = common::cli::bench_repeat()?;
    let (x6, _) = blobs(0.6);
    let (x1, y1) = blobs(1.0);
    let dir = tempfile::tempdir()?;
    let tiff = dir.path().join("fossil.tiff");
    classic::standin::fossil(&tiff, 1400, 2021)?;
    let img = classic::tiff::read(&tiff)?;
    write_npy(&image_file(), &img)?;
    for r in 0..repeat {
        let t = Instant::now();
        let mut inertia = 0.0;
        for k in 0..20 {
            let (c, _) = ml::kmeans(&x6, 4, 10, (r * 20 + k) as u64)?;
            inertia = common::cluster::inertia(&x6, &c);
        }
        println!("BENCH kmeans_20 {:.6}", t.elapsed().as_secs_f64());
        println!("info kmeans inertia {inertia:.3}");

        let t = Instant::now();
        let mut score = 0.0;
        for k in 0..20 {
            score = ml::gmm(&x6, 4, 10, (r * 20 + k) as u64)?.score(&x6)?;
        }
        println!("BENCH gmm_20 {:.6}", t.elapsed().as_secs_f64());
        println!("info gmm mean log-likelihood {score:.4}");

        let t = Instant::now();
        let f = Forest::fit(&x1, &y1, 100, r as u64)?;
        let n = 200;
        let grid = ndarray::Array2::from_shape_fn((n * n, 2), |(k, j)| {
            let v = (if j == 0 { k % n } else { k / n }) as f64 / (n - 1) as f64;
            if j == 0 {
                -5.0 + 10.0 * v
            } else {
                -3.0 + 14.0 * v
            }
        });
        let classes = f.predict(&grid)?;
        println!("BENCH forest_mesh {:.6}", t.elapsed().as_secs_f64());
        println!(
            "info forest class counts on the mesh {:?}",
            (0..4)
                .map(|c| classes.iter().filter(|&&k| k == c).count())
                .collect::<Vec<_>>()
        );

        let t = Instant::now();
        let p = Pca::fit(&img, Keep::Fraction(0.9), false)?;
        println!("BENCH pca_image {:.6}", t.elapsed().as_secs_f64());
        println!(
            "info pca components {} first ratios {:.4?}",
            p.components.nrows(),
            &p.explained_variance_ratio.to_vec()[..3]
        );

        let t = Instant::now();
        let r = classic::image_pca::reconstruct(&img, &FRACTIONS)?;
        println!("BENCH pca_fractions {:.6}", t.elapsed().as_secs_f64());
        let last = &r.images[r.images.len() - 1];
        println!(
            "info pca fractions {:?} components; 90 % reconstruction's mean {:.4}",
            r.components.iter().map(|c| c.1).collect::<Vec<_>>(),
            last.mean().unwrap_or(0.0)
        );
    }
    Ok(())
}
