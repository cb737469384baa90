//! Clustering as two lectures use it: k-means as scikit-learn runs it (its greedy k-means++ starts,
//! linfa's Lloyd iterations) behind one call, Gaussian mixtures fitted by scikit-learn's EM from a
//! k-means start, and the pieces of k-means written by hand —
//! nearest centres, inertia, and Lloyd's assignment–update steps from given centres.

use crate::mixture::Mixture;
use anyhow::{Context, Result};
use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{Array2, Axis};
use rand::rngs::StdRng;
use rand::SeedableRng;

/// Squared distances of a row to every centre.
fn squared_distances<'a>(
    row: ndarray::ArrayView1<'a, f64>,
    centres: &'a Array2<f64>,
) -> impl Iterator<Item = f64> + 'a {
    centres
        .rows()
        .into_iter()
        .map(move |c| (&row - &c).mapv(|v| v * v).sum())
}

/// The index of the nearest centre of each row (the first on a tie).
pub fn nearest(x: &Array2<f64>, centres: &Array2<f64>) -> Vec<usize> {
    x.rows()
        .into_iter()
        .map(|r| {
            squared_distances(r, centres)
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
        .map(|r| squared_distances(r, centres).fold(f64::INFINITY, f64::min))
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

/// Starting centres as scikit-learn's `_kmeans_plusplus` picks them ("greedy k-means++"): the
/// first a uniformly drawn row; each next one the best of `2 + ⌊ln k⌋` candidates drawn with
/// probability proportional to the squared distance to the nearest centre so far, "best" being
/// the one that lowers the sum of those distances most. Plain k-means++ (one candidate, as
/// linfa's) lands in worse optima on data with many equal clusters.
pub fn greedy_kmeans_plus_plus<R: rand::Rng>(
    x: &Array2<f64>,
    k: usize,
    rng: &mut R,
) -> Array2<f64> {
    let n = x.nrows();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let distance = |i: usize, j: usize| -> f64 { (&x.row(i) - &x.row(j)).mapv(|v| v * v).sum() };
    let mut chosen = vec![rng.gen_range(0..n)];
    let mut closest: Vec<f64> = (0..n).map(|i| distance(i, chosen[0])).collect();
    let mut potential: f64 = closest.iter().sum();
    while chosen.len() < k.min(n) {
        let mut cumulative = Vec::with_capacity(n);
        let mut sum = 0.0;
        for d in &closest {
            sum += d;
            cumulative.push(sum);
        }
        let mut best: Option<(f64, usize, Vec<f64>)> = None;
        for _ in 0..trials {
            let r = rng.gen::<f64>() * potential;
            let candidate = cumulative.partition_point(|&c| c < r).min(n - 1);
            let updated: Vec<f64> = (0..n)
                .map(|i| closest[i].min(distance(i, candidate)))
                .collect();
            let pot: f64 = updated.iter().sum();
            if best.as_ref().is_none_or(|b| pot < b.0) {
                best = Some((pot, candidate, updated));
            }
        }
        let Some((pot, candidate, updated)) = best else {
            break;
        };
        chosen.push(candidate);
        closest = updated;
        potential = pot;
    }
    x.select(Axis(0), &chosen)
}

/// k-means as scikit-learn's `KMeans(n_init=runs)` runs it: greedy k-means++ starts
/// ([`greedy_kmeans_plus_plus`]), Lloyd's iterations by linfa (tolerance 1e-4), the run of the
/// lowest inertia kept: centres and labels.
pub fn kmeans(
    x: &Array2<f64>,
    k: usize,
    runs: usize,
    seed: u64,
) -> Result<(Array2<f64>, Vec<usize>)> {
    if k == 0 || k > x.nrows() {
        anyhow::bail!("cannot make {k} clusters of {} samples", x.nrows());
    }
    let data = DatasetBase::from(x.clone());
    let mut rng = StdRng::seed_from_u64(seed);
    let mut best: Option<(f64, Array2<f64>)> = None;
    for _ in 0..runs.max(1) {
        let start = greedy_kmeans_plus_plus(x, k, &mut rng);
        let model = KMeans::params_with_rng(k, StdRng::seed_from_u64(seed))
            .init_method(KMeansInit::Precomputed(start))
            .n_runs(1)
            .tolerance(1e-4)
            .fit(&data)
            .context("fitting k-means")?;
        let centres = model.centroids().clone();
        let score = inertia(x, &centres);
        if best.as_ref().is_none_or(|b| score < b.0) {
            best = Some((score, centres));
        }
    }
    let centres = best.map(|b| b.1).context("no k-means run")?;
    let labels = nearest(x, &centres);
    Ok((centres, labels))
}

/// A Gaussian mixture of `k` full-covariance components fitted by EM as scikit-learn's
/// `GaussianMixture` does: responsibilities started from one k-means run ([`kmeans`]),
/// regularisation 1e-6 on the diagonal, stop when the mean log-likelihood changes by less than
/// 1e-3, at most 100 iterations; the best of `runs` starts (`n_init`).
///
/// The EM is ours because linfa 0.7's `GaussianMixtureModel` starts from a k-means of 10 runs of
/// up to 300 iterations each (not configurable), which on the digits costs nine tenths of a fit.
pub fn gmm(x: &Array2<f64>, k: usize, runs: u64, seed: u64) -> Result<Mixture> {
    let n = x.nrows();
    if k == 0 || k > n {
        anyhow::bail!("cannot fit {k} components to {n} samples");
    }
    let mut best: Option<(f64, Mixture)> = None;
    for run in 0..runs.max(1) {
        let (_, labels) = kmeans(x, k, 1, seed.wrapping_add(run))?;
        let mut resp = Array2::zeros((n, k));
        for (i, &l) in labels.iter().enumerate() {
            resp[[i, l]] = 1.0;
        }
        let mut m = m_step(x, &resp)?;
        let mut lower = f64::NEG_INFINITY;
        for _ in 0..100 {
            let log_resp = m.weighted_log_densities(x)?;
            let mut mean_ll = 0.0;
            for (mut row, r) in resp.rows_mut().into_iter().zip(log_resp.rows()) {
                let max = r.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let total = max + r.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
                mean_ll += total;
                for (o, v) in row.iter_mut().zip(r.iter()) {
                    *o = (v - total).exp();
                }
            }
            mean_ll /= n as f64;
            m = m_step(x, &resp)?;
            let change = mean_ll - lower;
            lower = mean_ll;
            if change.abs() < 1e-3 {
                break;
            }
        }
        if best.as_ref().is_none_or(|b| lower > b.0) {
            best = Some((lower, m));
        }
    }
    best.map(|b| b.1).context("no mixture was fitted")
}

/// The M-step: weights, means and regularised full covariances from responsibilities.
fn m_step(x: &Array2<f64>, resp: &Array2<f64>) -> Result<Mixture> {
    let (n, d) = x.dim();
    let k = resp.ncols();
    let nk = resp.sum_axis(Axis(0)).mapv(|v| v + 10.0 * f64::EPSILON);
    let means = resp.t().dot(x) / nk.view().insert_axis(Axis(1));
    let mut covariances = ndarray::Array3::zeros((k, d, d));
    for j in 0..k {
        let diff = x - &means.row(j);
        let weighted = &diff * &resp.column(j).insert_axis(Axis(1));
        let mut cov = weighted.t().dot(&diff) / nk[j];
        for i in 0..d {
            cov[[i, i]] += 1e-6;
        }
        covariances.index_axis_mut(Axis(0), j).assign(&cov);
    }
    Ok(Mixture {
        weights: nk / n as f64,
        means,
        covariances,
    })
}
