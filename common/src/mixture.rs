//! What a fitted Gaussian mixture says about data: each component's weighted log density, the
//! membership probabilities (scikit-learn's `predict_proba`), the mean log-likelihood (`score`),
//! AIC / BIC and new samples — from the weights, means and full covariances of a fitted mixture
//! (`crate::cluster::gmm` fits them).

use crate::error::{Error, Result};
use crate::linalg;
use ndarray::{Array1, Array2, Array3, Axis};

/// A mixture's parameters: `weights` (k), `means` (k × d), `covariances` (k × d × d).
#[derive(Clone, Debug)]
pub struct Mixture {
    pub weights: Array1<f64>,
    pub means: Array2<f64>,
    pub covariances: Array3<f64>,
}

impl Mixture {
    /// ln(wⱼ 𝒩(xᵢ | μⱼ, Σⱼ)) for every sample i and component j (n × k).
    pub fn weighted_log_densities(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        let (k, d) = self.means.dim();
        if x.ncols() != d {
            return Err(Error::InvalidArgument(format!(
                "data have {} features, the mixture {d}",
                x.ncols()
            )));
        }
        let mut out = Array2::zeros((x.nrows(), k));
        for j in 0..k {
            let cov = self.covariances.index_axis(Axis(0), j);
            let flat: Vec<f64> = cov.iter().copied().collect();
            let l = linalg::cholesky(&flat, d)
                .and_then(|l| Array2::from_shape_vec((d, d), l).ok())
                .ok_or_else(|| {
                    Error::InvalidArgument(format!("covariance {j} is not positive definite"))
                })?;
            let log_det: f64 = 2.0 * (0..d).map(|i| l[[i, i]].ln()).sum::<f64>();
            let norm = self.weights[j].ln()
                - 0.5 * (d as f64 * (2.0 * std::f64::consts::PI).ln() + log_det);
            let mean = self.means.row(j);
            for (i, row) in x.rows().into_iter().enumerate() {
                // Solve L z = x − μ by forward substitution; the Mahalanobis distance is |z|².
                let mut z = vec![0.0; d];
                for r in 0..d {
                    let s: f64 = (0..r).map(|c| l[[r, c]] * z[c]).sum();
                    z[r] = (row[r] - mean[r] - s) / l[[r, r]];
                }
                out[[i, j]] = norm - 0.5 * z.iter().map(|v| v * v).sum::<f64>();
            }
        }
        Ok(out)
    }

    /// ln p(xᵢ) for every sample.
    pub fn log_likelihoods(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        let w = self.weighted_log_densities(x)?;
        Ok(w.rows()
            .into_iter()
            .map(|r| log_sum_exp(r.iter().copied()))
            .collect())
    }

    /// The membership probabilities (n × k); each row sums to one.
    pub fn probabilities(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        let mut w = self.weighted_log_densities(x)?;
        for mut row in w.rows_mut() {
            let total = log_sum_exp(row.iter().copied());
            row.mapv_inplace(|v| (v - total).exp());
        }
        Ok(w)
    }

    /// The mean log-likelihood per sample (scikit-learn's `score`).
    pub fn score(&self, x: &Array2<f64>) -> Result<f64> {
        Ok(self.log_likelihoods(x)?.mean().unwrap_or(f64::NAN))
    }

    /// Free parameters of a full-covariance mixture: k − 1 weights, k d means, k d(d+1)/2
    /// covariances.
    pub fn parameters(&self) -> usize {
        let (k, d) = self.means.dim();
        k - 1 + k * d + k * d * (d + 1) / 2
    }

    /// Draw `n` samples: a component by its weight, then its Gaussian (mean + L z).
    pub fn sample(&self, n: usize, rng: &mut impl rand::Rng) -> Result<Array2<f64>> {
        use rand_distr::{Distribution, StandardNormal, WeightedIndex};
        let (k, d) = self.means.dim();
        let pick = WeightedIndex::new(self.weights.iter().map(|w| w.max(0.0)))
            .map_err(|e| Error::InvalidArgument(format!("mixture weights: {e}")))?;
        let mut factors = Vec::with_capacity(k);
        for j in 0..k {
            let flat: Vec<f64> = self
                .covariances
                .index_axis(Axis(0), j)
                .iter()
                .copied()
                .collect();
            factors.push(linalg::cholesky(&flat, d).ok_or_else(|| {
                Error::InvalidArgument(format!("covariance {j} is not positive definite"))
            })?);
        }
        let mut out = Array2::zeros((n, d));
        for mut row in out.rows_mut() {
            let j = pick.sample(rng);
            let z: Vec<f64> = (0..d).map(|_| StandardNormal.sample(rng)).collect();
            for r in 0..d {
                let lz: f64 = (0..=r).map(|c| factors[j][r * d + c] * z[c]).sum();
                row[r] = self.means[[j, r]] + lz;
            }
        }
        Ok(out)
    }

    /// Akaike's criterion, −2 ln L + 2 p (scikit-learn's `aic`).
    pub fn aic(&self, x: &Array2<f64>) -> Result<f64> {
        Ok(-2.0 * self.score(x)? * x.nrows() as f64 + 2.0 * self.parameters() as f64)
    }

    /// The Bayesian criterion, −2 ln L + p ln n.
    pub fn bic(&self, x: &Array2<f64>) -> Result<f64> {
        let n = x.nrows() as f64;
        Ok(-2.0 * self.score(x)? * n + self.parameters() as f64 * n.ln())
    }
}

fn log_sum_exp(v: impl Iterator<Item = f64> + Clone) -> f64 {
    let max = v.clone().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + v.map(|x| (x - max).exp()).sum::<f64>().ln()
}
