//! t-distributed stochastic neighbour embedding (van der Maaten & Hinton 2008) with
//! scikit-learn's schedule: perplexity-calibrated affinities, PCA initialisation scaled to
//! standard deviation 1e-4, 250 iterations of early exaggeration 12 at momentum 0.5, then
//! momentum 0.8, learning rate max(N / 12 / 4, 50), per-coordinate gains.
//!
//! The gradient is exact, O(N²) per iteration over all pairs (in parallel over points, in a
//! branch-free loop the compiler vectorises), so the reported KL divergence is exact too;
//! scikit-learn's default approximates the repulsion by Barnes–Hut in O(N log N).

use anyhow::{bail, Result};
use common::pca::{Keep, Pca};
use ndarray::Array2;
use rayon::prelude::*;

/// Settings of a run (scikit-learn's defaults).
#[derive(Clone, Debug, serde::Serialize)]
pub struct TsneConfig {
    pub perplexity: f64,
    pub iterations: usize,
    pub exaggeration: f64,
    pub exaggeration_iterations: usize,
}

impl Default for TsneConfig {
    fn default() -> Self {
        Self {
            perplexity: 30.0,
            iterations: 1000,
            exaggeration: 12.0,
            exaggeration_iterations: 250,
        }
    }
}

/// A 2-D embedding and the KL divergence it reached.
#[derive(Clone, Debug)]
pub struct Embedding {
    pub points: Array2<f64>,
    pub kl: f64,
}

fn squared_distances(x: &Array2<f64>) -> Vec<f64> {
    let n = x.nrows();
    let rows: Vec<Vec<f64>> = x.rows().into_iter().map(|r| r.to_vec()).collect();
    let mut d = vec![0.0; n * n];
    d.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
        for (j, v) in row.iter_mut().enumerate() {
            *v = rows[i]
                .iter()
                .zip(&rows[j])
                .map(|(a, b)| (a - b) * (a - b))
                .sum();
        }
    });
    d
}

/// Symmetric joint probabilities P (row-major N × N) whose conditional rows have the given
/// perplexity (binary search on the precision of each point's Gaussian).
pub fn affinities(x: &Array2<f64>, perplexity: f64) -> Vec<f64> {
    let n = x.nrows();
    let d = squared_distances(x);
    let target = perplexity.ln();
    let mut p = vec![0.0; n * n];
    p.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
        let dist = &d[i * n..(i + 1) * n];
        let (mut beta, mut lo, mut hi) = (1.0, f64::NEG_INFINITY, f64::INFINITY);
        for _ in 0..100 {
            let mut sum = 0.0;
            for (j, v) in row.iter_mut().enumerate() {
                *v = if j == i { 0.0 } else { (-dist[j] * beta).exp() };
                sum += *v;
            }
            let sum = sum.max(1e-300);
            let mut h = 0.0;
            for (j, v) in row.iter_mut().enumerate() {
                *v /= sum;
                if j != i {
                    h += dist[j] * *v;
                }
            }
            let entropy = sum.ln() + beta * h;
            let diff = entropy - target;
            if diff.abs() < 1e-5 {
                break;
            }
            if diff > 0.0 {
                lo = beta;
                beta = if hi.is_finite() {
                    (beta + hi) / 2.0
                } else {
                    beta * 2.0
                };
            } else {
                hi = beta;
                beta = if lo.is_finite() {
                    (beta + lo) / 2.0
                } else {
                    beta / 2.0
                };
            }
        }
    });
    let total: f64 = (0..n * n)
        .map(|k| p[k] + p[(k % n) * n + k / n])
        .sum::<f64>()
        .max(1e-300);
    (0..n * n)
        .map(|k| ((p[k] + p[(k % n) * n + k / n]) / total).max(f64::EPSILON))
        .collect()
}

/// The embedding as two coordinate arrays (structure of arrays, so the pair loops vectorise).
struct Coords {
    x: Vec<f64>,
    y: Vec<f64>,
}

/// The gradient of KL(P‖Q) with P scaled by `exaggeration`: one pass over all pairs, in
/// parallel over rows, without branches (the diagonal's own term is taken out afterwards).
fn gradient(p: &[f64], c: &Coords, exaggeration: f64) -> Vec<[f64; 2]> {
    let n = c.x.len();
    // w = (1 + |yi − yj|²)⁻¹; Z = Σ w; per row: Σ p w (yi − yj), Σ w² (yi − yj), Σ w.
    let rows: Vec<([f64; 2], [f64; 2], f64)> = (0..n)
        .into_par_iter()
        .map(|i| {
            let (xi, yi) = (c.x[i], c.y[i]);
            let prow = &p[i * n..(i + 1) * n];
            let (mut ax, mut ay, mut rx, mut ry, mut z) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for ((&xj, &yj), &pij) in c.x.iter().zip(&c.y).zip(prow) {
                let dx = xi - xj;
                let dy = yi - yj;
                let w = 1.0 / (1.0 + dx * dx + dy * dy);
                let pw = pij * w;
                ax += pw * dx;
                ay += pw * dy;
                let w2 = w * w;
                rx += w2 * dx;
                ry += w2 * dy;
                z += w;
            }
            // j = i contributed w = 1 to z and nothing else (dx = dy = 0).
            ([exaggeration * ax, exaggeration * ay], [rx, ry], z - 1.0)
        })
        .collect();
    let z: f64 = rows.iter().map(|r| r.2).sum();
    rows.iter()
        .map(|(a, r, _)| [4.0 * (a[0] - r[0] / z), 4.0 * (a[1] - r[1] / z)])
        .collect()
}

/// KL(P‖Q) of the embedding, P scaled by `exaggeration` (as reported during that phase).
/// Rows are summed in parallel but added up in a fixed order, so that the same run gives the
/// same digits (a parallel `sum` groups its terms by how the threads happened to split).
fn kl_divergence(p: &[f64], c: &Coords, exaggeration: f64) -> f64 {
    let n = c.x.len();
    let w = |i: usize, j: usize| {
        let dx = c.x[i] - c.x[j];
        let dy = c.y[i] - c.y[j];
        1.0 / (1.0 + dx * dx + dy * dy)
    };
    let row_z: Vec<f64> = (0..n)
        .into_par_iter()
        .map(|i| (0..n).filter(|&j| j != i).map(|j| w(i, j)).sum::<f64>())
        .collect();
    let z: f64 = row_z.iter().sum();
    let row_kl: Vec<f64> = (0..n)
        .into_par_iter()
        .map(|i| {
            (0..n)
                .filter(|&j| j != i)
                .map(|j| {
                    let q = (w(i, j) / z).max(f64::EPSILON);
                    let pij = exaggeration * p[i * n + j];
                    pij * (pij / q).ln()
                })
                .sum::<f64>()
        })
        .collect();
    row_kl.iter().sum()
}

/// Embed the rows of `x` in 2-D.
pub fn embed(
    x: &Array2<f64>,
    config: &TsneConfig,
    mut progress: impl FnMut(usize, f64),
) -> Result<Embedding> {
    let n = x.nrows();
    if (n as f64) <= 3.0 * config.perplexity {
        bail!(
            "t-SNE with perplexity {} needs more than {} points, got {n}",
            config.perplexity,
            3.0 * config.perplexity
        );
    }
    let p = affinities(x, config.perplexity);
    let pca = Pca::fit(x, Keep::Count(2), false)?;
    let init = pca.transform(x);
    let sd = init.column(0).std(0.0).max(1e-300);
    let mut c = Coords {
        x: init.column(0).iter().map(|v| v / sd * 1e-4).collect(),
        y: init.column(1).iter().map(|v| v / sd * 1e-4).collect(),
    };
    let rate = (n as f64 / config.exaggeration / 4.0).max(50.0);
    let mut update = vec![[0.0; 2]; n];
    let mut gains = vec![[1.0f64; 2]; n];
    for it in 0..config.iterations {
        let early = it < config.exaggeration_iterations;
        let (ex, momentum) = if early {
            (config.exaggeration, 0.5)
        } else {
            (1.0, 0.8)
        };
        let grad = gradient(&p, &c, ex);
        for i in 0..n {
            for d in 0..2 {
                let g = grad[i][d];
                if update[i][d] * g < 0.0 {
                    gains[i][d] += 0.2;
                } else {
                    gains[i][d] = (gains[i][d] * 0.8).max(0.01);
                }
                update[i][d] = momentum * update[i][d] - rate * gains[i][d] * g;
            }
            c.x[i] += update[i][0];
            c.y[i] += update[i][1];
        }
        if (it + 1) % 50 == 0 {
            progress(it + 1, kl_divergence(&p, &c, ex));
        }
    }
    let kl = kl_divergence(&p, &c, 1.0);
    Ok(Embedding {
        points: Array2::from_shape_fn((n, 2), |(i, d)| if d == 0 { c.x[i] } else { c.y[i] }),
        kl,
    })
}
