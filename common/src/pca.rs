//! Principal component analysis as scikit-learn defines it: centred data, components sorted by
//! explained variance (eigenvalues of the covariance, divided by n − 1), the ratio taken over the
//! total variance, a fraction choosing the smallest number of components whose cumulative ratio
//! exceeds it, optional whitening, and each component's largest entry made positive (scikit-learn's
//! sign convention since 1.5).
//!
//! Written here because linfa 0.7's `Pca` divides the explained variance by the number of kept
//! components instead of n − 1, normalises the ratio over the kept components only, and cannot
//! keep every component. Up to 300 features the covariance is diagonalised fully (cyclic Jacobi,
//! accurate to rounding); above, the leading components are found by block subspace iteration.

use crate::error::{Error, Result};
use ndarray::{Array1, Array2, Axis};

/// How many components to keep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Keep {
    Count(usize),
    /// The fewest components whose cumulative explained-variance ratio exceeds this (0 < f < 1).
    Fraction(f64),
}

/// A fitted PCA.
#[derive(Clone, Debug)]
pub struct Pca {
    pub mean: Array1<f64>,
    /// One component per row (k × d), unit length.
    pub components: Array2<f64>,
    pub explained_variance: Array1<f64>,
    pub explained_variance_ratio: Array1<f64>,
    /// The sum of all features' variances.
    pub total_variance: f64,
    pub whiten: bool,
}

const FULL_LIMIT: usize = 300;

impl Pca {
    /// Fit to `x` (samples × features).
    pub fn fit(x: &Array2<f64>, keep: Keep, whiten: bool) -> Result<Self> {
        let (n, d) = x.dim();
        if n < 2 || d == 0 {
            return Err(Error::InvalidArgument(format!(
                "PCA needs at least 2 samples and 1 feature, got {n} × {d}"
            )));
        }
        match keep {
            Keep::Count(k) if k == 0 || k > d.min(n) => {
                return Err(Error::InvalidArgument(format!(
                    "cannot keep {k} components of {n} samples × {d} features"
                )))
            }
            Keep::Fraction(f) if !(f > 0.0 && f < 1.0) => {
                return Err(Error::InvalidArgument(format!(
                    "the variance fraction must lie in (0, 1), got {f}"
                )))
            }
            _ => {}
        }
        let mean = x.mean_axis(Axis(0)).unwrap_or_else(|| Array1::zeros(d));
        let xc = x - &mean;
        let cov = xc.t().dot(&xc) / (n as f64 - 1.0);
        let total_variance = cov.diag().sum();
        let (values, vectors) = if d <= FULL_LIMIT {
            jacobi_eigen(&cov)
        } else {
            // top_eigen converges the leading half of its block; the rest only helps.
            let mut block = match keep {
                Keep::Count(k) => (2 * k).max(k + 8),
                Keep::Fraction(_) => 16,
            };
            loop {
                let (mut values, vectors) = top_eigen(&cov, block.min(d));
                let lead = if block >= d { d } else { block.div_ceil(2) };
                values.truncate(lead);
                let enough = match keep {
                    Keep::Count(k) => lead >= k,
                    Keep::Fraction(f) => values.iter().sum::<f64>() / total_variance > f,
                };
                if enough || block >= d {
                    let vectors = vectors.slice(ndarray::s![.., ..lead]).to_owned();
                    break (values, vectors);
                }
                block *= 2;
            }
        };
        let k = match keep {
            Keep::Count(k) => k,
            Keep::Fraction(f) => {
                let mut cum = 0.0;
                let below = values
                    .iter()
                    .take_while(|&&v| {
                        cum += v / total_variance;
                        cum <= f
                    })
                    .count();
                (below + 1).min(values.len())
            }
        };
        let mut components = Array2::zeros((k, d));
        for c in 0..k {
            let mut v = vectors.column(c).to_owned();
            let big = v
                .iter()
                .copied()
                .max_by(|a, b| a.abs().total_cmp(&b.abs()))
                .unwrap_or(1.0);
            if big < 0.0 {
                v.mapv_inplace(|e| -e);
            }
            components.row_mut(c).assign(&v);
        }
        let explained_variance = Array1::from_iter(values.iter().take(k).map(|v| v.max(0.0)));
        let explained_variance_ratio = &explained_variance / total_variance;
        Ok(Self {
            mean,
            components,
            explained_variance,
            explained_variance_ratio,
            total_variance,
            whiten,
        })
    }

    /// The same fit keeping only the first `k` components (components are nested: the first k of
    /// a larger fit are the fit with k).
    pub fn truncated(&self, k: usize) -> Self {
        let k = k.clamp(1, self.components.nrows());
        Self {
            mean: self.mean.clone(),
            components: self.components.slice(ndarray::s![..k, ..]).to_owned(),
            explained_variance: self.explained_variance.slice(ndarray::s![..k]).to_owned(),
            explained_variance_ratio: self
                .explained_variance_ratio
                .slice(ndarray::s![..k])
                .to_owned(),
            total_variance: self.total_variance,
            whiten: self.whiten,
        }
    }

    /// How many components [`Keep::Fraction`]`(f)` keeps, if this fit has enough of them.
    pub fn count_for(&self, f: f64) -> Option<usize> {
        let mut cum = 0.0;
        for (i, r) in self.explained_variance_ratio.iter().enumerate() {
            cum += r;
            if cum > f {
                return Some(i + 1);
            }
        }
        None
    }

    /// Scores of `x` on the components (whitened to unit variance if fitted so).
    pub fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        let mut z = (x - &self.mean).dot(&self.components.t());
        if self.whiten {
            z /= &self.explained_variance.mapv(f64::sqrt);
        }
        z
    }

    /// Back from scores to the data space (the reconstruction from the kept components).
    pub fn inverse_transform(&self, z: &Array2<f64>) -> Array2<f64> {
        let z = if self.whiten {
            z * &self.explained_variance.mapv(f64::sqrt)
        } else {
            z.clone()
        };
        z.dot(&self.components) + &self.mean
    }
}

/// Every column to mean 0 and (population) standard deviation 1: scikit-learn's `scale` and
/// `StandardScaler`. A constant column is only centred.
pub fn standardise(x: &Array2<f64>) -> Array2<f64> {
    let mean = x
        .mean_axis(Axis(0))
        .unwrap_or_else(|| Array1::zeros(x.ncols()));
    let sd = x
        .std_axis(Axis(0), 0.0)
        .mapv(|s| if s > 0.0 { s } else { 1.0 });
    (x - &mean) / &sd
}

/// All eigenvalues (descending) and eigenvectors (columns) of a symmetric matrix by cyclic
/// Jacobi rotations.
pub fn jacobi_eigen(a: &Array2<f64>) -> (Vec<f64>, Array2<f64>) {
    let d = a.nrows();
    let mut m = a.clone();
    let mut v = Array2::<f64>::eye(d);
    for _sweep in 0..100 {
        let off: f64 = (0..d)
            .flat_map(|i| (0..d).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[[i, j]] * m[[i, j]])
            .sum();
        let scale: f64 = m.iter().map(|x| x * x).sum::<f64>();
        if off <= 1e-30 * scale || off == 0.0 {
            break;
        }
        for p in 0..d {
            for q in p + 1..d {
                let apq = m[[p, q]];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (m[[q, q]] - m[[p, p]]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..d {
                    let (mkp, mkq) = (m[[k, p]], m[[k, q]]);
                    m[[k, p]] = c * mkp - s * mkq;
                    m[[k, q]] = s * mkp + c * mkq;
                }
                for k in 0..d {
                    let (mpk, mqk) = (m[[p, k]], m[[q, k]]);
                    m[[p, k]] = c * mpk - s * mqk;
                    m[[q, k]] = s * mpk + c * mqk;
                }
                for k in 0..d {
                    let (vkp, vkq) = (v[[k, p]], v[[k, q]]);
                    v[[k, p]] = c * vkp - s * vkq;
                    v[[k, q]] = s * vkp + c * vkq;
                }
            }
        }
    }
    sorted(m.diag().to_vec(), &v)
}

fn sorted(values: Vec<f64>, vectors: &Array2<f64>) -> (Vec<f64>, Array2<f64>) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[j].total_cmp(&values[i]));
    let mut out = Array2::zeros((vectors.nrows(), order.len()));
    for (c, &i) in order.iter().enumerate() {
        out.column_mut(c).assign(&vectors.column(i));
    }
    (order.iter().map(|&i| values[i]).collect(), out)
}

/// The `b` largest eigenpairs of a symmetric positive semi-definite matrix by block subspace
/// iteration with Rayleigh–Ritz (Jacobi on the small projected matrix), until the Ritz values
/// settle to rounding.
fn top_eigen(a: &Array2<f64>, b: usize) -> (Vec<f64>, Array2<f64>) {
    let d = a.nrows();
    // A deterministic start that is not orthogonal to any eigenvector in practice.
    let mut q = Array2::from_shape_fn((d, b), |(i, j)| {
        ((i * 7919 + j * 104_729) % 1009) as f64 / 1009.0 - 0.5 + if i == j { 1.0 } else { 0.0 }
    });
    orthonormalise(&mut q);
    let mut last: Vec<f64> = vec![0.0; b];
    let mut result = (last.clone(), q.clone());
    for _ in 0..2000 {
        let mut z = a.dot(&q);
        orthonormalise(&mut z);
        let small = z.t().dot(a).dot(&z);
        let (values, w) = jacobi_eigen(&small);
        q = z.dot(&w);
        let top = values[0].abs().max(1e-300);
        // Only the leading half of the block can be kept; the trailing vectors only speed up
        // its convergence. Ritz values settle quadratically faster than vectors, so the leading
        // half must also have small residuals ‖A q − λ q‖.
        let lead = b.div_ceil(2);
        let settled = values[..lead]
            .iter()
            .zip(&last)
            .all(|(v, l)| (v - l).abs() <= 1e-13 * top);
        let residual = settled
            && (0..lead).all(|c| {
                let r = a.dot(&q.column(c)) - &q.column(c).mapv(|x| x * values[c]);
                r.dot(&r).sqrt() <= 1e-11 * top
            });
        last = values.clone();
        result = (values, q.clone());
        if residual {
            break;
        }
    }
    result
}

/// Modified Gram–Schmidt on the columns, twice for accuracy.
fn orthonormalise(q: &mut Array2<f64>) {
    for _ in 0..2 {
        for j in 0..q.ncols() {
            for k in 0..j {
                let dot = q.column(j).dot(&q.column(k));
                let col_k = q.column(k).to_owned();
                q.column_mut(j).scaled_add(-dot, &col_k);
            }
            let norm = q.column(j).dot(&q.column(j)).sqrt().max(1e-300);
            q.column_mut(j).mapv_inplace(|x| x / norm);
        }
    }
}
