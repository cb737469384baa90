//! Clustering as two lectures use it: linfa's k-means and Gaussian mixtures behind one call each,
//! and the pieces of k-means written by hand — nearest centres, inertia, and Lloyd's
//! assignment–update steps from given centres.

use crate::mixture::Mixture;
use anyhow::{Context, Result};
use linfa::prelude::*;
use linfa_clustering::{GaussianMixtureModel, KMeans};
use ndarray::{Array2, Axis};
use rand::rngs::StdRng;
use rand::SeedableRng;

/// The index of the nearest centre of each row (the first on a tie).
pub fn nearest(x: &Array2<f64>, centres: &Array2<f64>) -> Vec<usize> {
    x.rows()
        .into_iter()
        .map(|r| {
            centres
                .rows()
                .into_iter()
                .map(|c| (&r - &c).mapv(|v| v * v).sum())
                .enumerate()
                .fold(
                    (0, f64::INFINITY),
                    |best, (i, d)| if d < best.1 { (i, d) } else { best },
                )
                .0
        })
        .collect()
}

/// The sum of squared distances of the rows to their nearest centre (scikit-learn's inertia).
pub fn inertia(x: &Array2<f64>, centres: &Array2<f64>) -> f64 {
    x.rows()
        .into_iter()
        .map(|r| {
            centres
                .rows()
                .into_iter()
                .map(|c| (&r - &c).mapv(|v| v * v).sum())
                .fold(f64::INFINITY, f64::min)
        })
        .sum()
}

/// One step of Lloyd's algorithm.
#[derive(Clone, Debug)]
pub struct LloydStep {
    /// The centres the points were assigned to.
    pub centres: Array2<f64>,
    pub labels: Vec<usize>,
    /// The centres after the update (the means of the assigned points).
    pub updated: Array2<f64>,
}

/// Alternate assignment and update from `start` until the centres stop moving (at most `max`
/// steps). A centre that loses all its points stays where it is.
pub fn lloyd(x: &Array2<f64>, start: &Array2<f64>, max: usize) -> Vec<LloydStep> {
    let mut centres = start.clone();
    let mut steps = Vec::new();
    for _ in 0..max.max(1) {
        let labels = nearest(x, &centres);
        let mut updated = centres.clone();
        for c in 0..centres.nrows() {
            let members: Vec<usize> = (0..x.nrows()).filter(|&i| labels[i] == c).collect();
            if let Some(mean) = x.select(Axis(0), &members).mean_axis(Axis(0)) {
                updated.row_mut(c).assign(&mean);
            }
        }
        let done = updated == centres;
        steps.push(LloydStep {
            centres: centres.clone(),
            labels,
            updated: updated.clone(),
        });
        if done {
            break;
        }
        centres = updated;
    }
    steps
}

/// linfa's k-means (k-means++ starts, the best of `runs`): centres and labels.
pub fn kmeans(
    x: &Array2<f64>,
    k: usize,
    runs: usize,
    seed: u64,
) -> Result<(Array2<f64>, Vec<usize>)> {
    let data = DatasetBase::from(x.clone());
    let model = KMeans::params_with_rng(k, StdRng::seed_from_u64(seed))
        .n_runs(runs)
        .tolerance(1e-4)
        .fit(&data)
        .context("fitting k-means")?;
    let centres = model.centroids().clone();
    let labels = nearest(x, &centres);
    Ok((centres, labels))
}

/// linfa's Gaussian mixture of `k` full-covariance components (k-means start, scikit-learn's
/// tolerance 1e-3 and regularisation 1e-6; the best of `runs` starts), as its parameters.
pub fn gmm(x: &Array2<f64>, k: usize, runs: u64, seed: u64) -> Result<Mixture> {
    let data = DatasetBase::from(x.clone());
    let model = GaussianMixtureModel::params_with_rng(k, StdRng::seed_from_u64(seed))
        .tolerance(1e-3)
        .reg_covariance(1e-6)
        .max_n_iterations(100)
        .n_runs(runs.max(1))
        .fit(&data)
        .context("fitting a Gaussian mixture")?;
    Ok(Mixture {
        weights: model.weights().clone(),
        means: model.means().clone(),
        covariances: model.covariances().clone(),
    })
}
