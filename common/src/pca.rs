//! Principal component analysis as scikit-learn defines it: centred data, components sorted by
//! explained variance (eigenvalues of the covariance, divided by n − 1), the ratio taken over the
//! total variance, a fraction choosing the smallest number of components whose cumulative ratio
//! exceeds it, optional whitening, and each component's largest entry made positive (scikit-learn's
//! sign convention since 1.5).
//!
//! Written here because linfa 0.7's `Pca` divides the explained variance by the number of kept
//! components instead of n − 1, normalises the ratio over the kept components only, and cannot
//! keep every component. The covariance is diagonalised fully by faer (for a 1 400-column radiograph,
//! well under a second; the leading components of a slowly decaying spectrum are most of them).

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
        let (values, vectors) = symmetric_eigen(&cov)?;
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

/// All eigenvalues (descending) and eigenvectors (columns) of a symmetric matrix by faer's
/// self-adjoint eigendecomposition (tridiagonalisation, then divide and conquer).
pub fn symmetric_eigen(a: &Array2<f64>) -> Result<(Vec<f64>, Array2<f64>)> {
    let d = a.nrows();
    let m = faer::Mat::<f64>::from_fn(d, d, |i, j| a[[i, j]]);
    let evd = m
        .self_adjoint_eigen(faer::Side::Lower)
        .map_err(|e| Error::InvalidArgument(format!("eigendecomposition failed: {e:?}")))?;
    let (s, u) = (evd.S().column_vector(), evd.U());
    // faer sorts ascending; PCA wants the largest first.
    let values = (0..d).rev().map(|i| s[i]).collect();
    let vectors = Array2::from_shape_fn((d, d), |(i, c)| u[(i, d - 1 - c)]);
    Ok((values, vectors))
}
