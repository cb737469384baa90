//! Gaussian-process regression as scikit-learn's `GaussianProcessRegressor` fits it: a kernel
//! without a signal variance (the notebook's bare `RBF`, `RBF([ℓ1, ℓ2])` or `Matern`), `alpha`
//! added to the diagonal, targets used as they are (`normalize_y=False`), the kernel's length
//! scales chosen by maximising the log-marginal likelihood in log space within (1e-5, 1e5) from
//! the initial value and `restarts` log-uniform starts.

use crate::lbfgsb;
use anyhow::{bail, Result};
use ndarray::Array2;
use rand::Rng;
use rand_distr::StandardNormal;
use rayon::prelude::*;

/// The bounds of every length scale, scikit-learn's default.
pub const BOUNDS: (f64, f64) = (1e-5, 1e5);

/// A stationary kernel with unit variance.
#[derive(Clone, Debug, PartialEq)]
pub enum Kernel {
    /// exp(−r² / 2ℓ²).
    Rbf(f64),
    /// exp(−½ Σ_d (Δ_d / ℓ_d)²): one length scale per input dimension.
    Ard(Vec<f64>),
    /// Matérn ν = 1.5: (1 + √3 r/ℓ) exp(−√3 r/ℓ).
    Matern15(f64),
}

impl std::fmt::Display for Kernel {
    /// As scikit-learn prints it (`RBF(length_scale=0.109)`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Kernel::Rbf(l) => write!(f, "RBF(length_scale={})", short(*l)),
            Kernel::Ard(ls) => {
                let v: Vec<String> = ls.iter().map(|&l| short(l)).collect();
                write!(f, "RBF(length_scale=[{}])", v.join(", "))
            }
            Kernel::Matern15(l) => write!(f, "Matern(length_scale={}, nu=1.5)", short(*l)),
        }
    }
}

/// Three significant digits, as scikit-learn's kernel printout.
fn short(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = (2 - v.abs().log10().floor() as i32).max(0) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Exercise 9.1.4: the Matérn ν = 1.5 kernel of two points at distance `r`, length scale `l`.
pub fn matern15(r: f64, l: f64) -> f64 {
    // BEGIN SOLUTION 9.1.4
    let u = 3f64.sqrt() * r / l;
    (1.0 + u) * (-u).exp()
    // END SOLUTION
}

/// Exercise 9.1.5: the anisotropic RBF of two points `a`, `b` with one length scale per
/// dimension.
pub fn ard_rbf(a: &[f64], b: &[f64], lengths: &[f64]) -> f64 {
    // BEGIN SOLUTION 9.1.5
    let d2: f64 = a
        .iter()
        .zip(b)
        .zip(lengths)
        .map(|((x, y), l)| ((x - y) / l).powi(2))
        .sum();
    (-0.5 * d2).exp()
    // END SOLUTION
}

impl Kernel {
    /// The length scales.
    pub fn lengths(&self) -> Vec<f64> {
        match self {
            Kernel::Rbf(l) | Kernel::Matern15(l) => vec![*l],
            Kernel::Ard(ls) => ls.clone(),
        }
    }

    /// The same kind of kernel with other length scales.
    pub fn with_lengths(&self, ls: &[f64]) -> Kernel {
        match self {
            Kernel::Rbf(_) => Kernel::Rbf(ls[0]),
            Kernel::Matern15(_) => Kernel::Matern15(ls[0]),
            Kernel::Ard(_) => Kernel::Ard(ls.to_vec()),
        }
    }

    /// An error unless every length scale is positive and finite and (for the ARD kernel) there
    /// is one per input dimension.
    pub fn check(&self, dims: usize) -> Result<()> {
        let ls = self.lengths();
        if ls.iter().any(|l| !(l.is_finite() && *l > 0.0)) {
            bail!("{self}: every length scale must be positive and finite");
        }
        if let Kernel::Ard(ls) = self {
            if ls.len() != dims {
                bail!(
                    "{self}: {} length scales for {dims}-dimensional inputs",
                    ls.len()
                );
            }
        }
        Ok(())
    }

    /// k(a_i, b_j) for the rows of `a` and `b`.
    pub fn matrix(&self, a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
        Array2::from_shape_fn((a.nrows(), b.nrows()), |(i, j)| {
            let (p, q) = (a.row(i).to_vec(), b.row(j).to_vec());
            match self {
                Kernel::Ard(ls) => ard_rbf(&p, &q, ls),
                Kernel::Rbf(l) => (-0.5 * squared_distance(&p, &q) / (l * l)).exp(),
                Kernel::Matern15(l) => matern15(squared_distance(&p, &q).sqrt(), *l),
            }
        })
    }
}

fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The lower Cholesky factor of a symmetric positive-definite matrix (`common::linalg`'s), or
/// None where it is not.
fn cholesky(a: &Array2<f64>) -> Option<Array2<f64>> {
    let n = a.nrows();
    let flat: Vec<f64> = a.iter().copied().collect();
    let l = common::linalg::cholesky(&flat, n)?;
    Array2::from_shape_vec((n, n), l).ok()
}

/// Solve L z = b for lower-triangular L.
fn forward(l: &Array2<f64>, b: &[f64]) -> Vec<f64> {
    let n = b.len();
    let mut z = vec![0.0; n];
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[[i, k]] * z[k];
        }
        z[i] = s / l[[i, i]];
    }
    z
}

/// Solve Lᵀ z = b for lower-triangular L.
fn backward(l: &Array2<f64>, b: &[f64]) -> Vec<f64> {
    let n = b.len();
    let mut z = vec![0.0; n];
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= l[[k, i]] * z[k];
        }
        z[i] = s / l[[i, i]];
    }
    z
}

/// Exercise 9.1.2: the log-marginal likelihood log p(y | X, θ) of targets `y` whose covariance
/// K + αI has the Cholesky factor L with diagonal `l_diagonal`, given `weights` = (K + αI)⁻¹ y.
pub fn log_marginal_likelihood_value(y: &[f64], l_diagonal: &[f64], weights: &[f64]) -> f64 {
    let n = y.len();
    // BEGIN SOLUTION 9.1.2
    let fit: f64 = y.iter().zip(weights).map(|(a, b)| a * b).sum();
    let log_det: f64 = l_diagonal.iter().map(|d| d.ln()).sum();
    -0.5 * fit - log_det - 0.5 * n as f64 * (2.0 * std::f64::consts::PI).ln()
    // END SOLUTION
}

/// The log-marginal likelihood of `kernel` on (`x`, `y`) with `alpha` on the diagonal, and its
/// gradient with respect to the log length scales; −∞ (and a zero gradient) where K + αI is not
/// positive definite, as scikit-learn.
pub fn log_marginal_likelihood(
    kernel: &Kernel,
    x: &Array2<f64>,
    y: &[f64],
    alpha: f64,
) -> Result<(f64, Vec<f64>)> {
    use faer::linalg::solvers::{DenseSolveCore, Solve};
    check_data(x, y, alpha)?;
    kernel.check(x.ncols())?;
    let n = y.len();
    let (k, grads) = kernel_and_gradient(kernel, x, alpha);
    let Ok(llt) = k.llt(faer::Side::Lower) else {
        return Ok((f64::NEG_INFINITY, vec![0.0; grads.len()]));
    };
    let w = llt.solve(faer::Mat::<f64>::from_fn(n, 1, |i, _| y[i]));
    let weights: Vec<f64> = (0..n).map(|i| w[(i, 0)]).collect();
    let diagonal: Vec<f64> = (0..n).map(|i| llt.L()[(i, i)]).collect();
    let value = log_marginal_likelihood_value(y, &diagonal, &weights);
    // ½ tr((wwᵀ − (K + αI)⁻¹) ∂K/∂θ); both matrices symmetric.
    let inv = llt.inverse();
    let gradient = grads
        .iter()
        .map(|g| {
            let mut s = 0.0;
            for j in 0..n {
                let (gj, inv_j) = (g.col_as_slice(j), inv.col_as_slice(j));
                let wj = weights[j];
                for ((gij, inv_ij), wi) in gj.iter().zip(inv_j).zip(&weights) {
                    s += (wi * wj - inv_ij) * gij;
                }
            }
            0.5 * s
        })
        .collect();
    Ok((value, gradient))
}

/// K(x, x) + αI and ∂K/∂ log ℓ_d, filled by symmetry from the rows of `x` (the optimiser's inner
/// loop).
fn kernel_and_gradient(
    kernel: &Kernel,
    x: &Array2<f64>,
    alpha: f64,
) -> (faer::Mat<f64>, Vec<faer::Mat<f64>>) {
    let (n, dims) = x.dim();
    let ls = kernel.lengths();
    let grads_count = ls.len();
    let mut k = faer::Mat::<f64>::zeros(n, n);
    let mut grads = vec![faer::Mat::<f64>::zeros(n, n); grads_count];
    let standard = x.as_standard_layout();
    let flat = standard.as_slice().unwrap_or(&[]);
    let mut scaled = vec![0.0; dims];
    for i in 0..n {
        k[(i, i)] = 1.0 + alpha;
        for j in 0..i {
            let (a, b) = (
                &flat[i * dims..(i + 1) * dims],
                &flat[j * dims..(j + 1) * dims],
            );
            let (value, parts): (f64, &[f64]) = match kernel {
                Kernel::Ard(ls) => {
                    for d in 0..dims {
                        scaled[d] = ((a[d] - b[d]) / ls[d]).powi(2);
                    }
                    let v = (-0.5 * scaled.iter().sum::<f64>()).exp();
                    (v, &scaled)
                }
                Kernel::Rbf(l) => {
                    scaled[0] = squared_distance(a, b) / (l * l);
                    ((-0.5 * scaled[0]).exp(), &scaled[..1])
                }
                Kernel::Matern15(l) => {
                    let u2 = 3.0 * squared_distance(a, b) / (l * l);
                    let u = u2.sqrt();
                    scaled[0] = u2 * (-u).exp();
                    (matern15(squared_distance(a, b).sqrt(), *l), &scaled[..1])
                }
            };
            k[(i, j)] = value;
            k[(j, i)] = value;
            for (g, part) in grads.iter_mut().zip(parts) {
                // RBF kinds: ∂k/∂ log ℓ_d = k · (Δ_d/ℓ_d)²; Matérn: u² e^(−u), already in `part`.
                let d = if matches!(kernel, Kernel::Matern15(_)) {
                    *part
                } else {
                    value * part
                };
                g[(i, j)] = d;
                g[(j, i)] = d;
            }
        }
    }
    (k, grads)
}

fn check_data(x: &Array2<f64>, y: &[f64], alpha: f64) -> Result<()> {
    if x.nrows() != y.len() {
        bail!("{} input rows but {} targets", x.nrows(), y.len());
    }
    if y.is_empty() {
        bail!("no training points");
    }
    if x.iter().chain(y).any(|v| !v.is_finite()) {
        bail!("the training data hold a NaN or infinite value");
    }
    if !(alpha.is_finite() && alpha >= 0.0) {
        bail!("alpha must be a non-negative number, got {alpha}");
    }
    Ok(())
}

/// A fitted Gaussian process.
#[derive(Clone, Debug)]
pub struct Gp {
    pub kernel: Kernel,
    pub alpha: f64,
    x: Array2<f64>,
    y: Vec<f64>,
    l: Array2<f64>,
    weights: Vec<f64>,
}

/// How a fit chooses the length scales.
#[derive(Clone, Copy, Debug)]
pub enum Optimise {
    /// Keep the kernel's (scikit-learn's `optimizer=None`).
    No,
    /// Maximise the log-marginal likelihood from the kernel's values and this many random
    /// starts (`n_restarts_optimizer`).
    Restarts(usize),
}

impl Gp {
    /// Fit to (`x`, `y`): optimise the length scales if asked, then factor K + αI.
    pub fn fit<R: Rng>(
        kernel: &Kernel,
        x: &Array2<f64>,
        y: &[f64],
        alpha: f64,
        optimise: Optimise,
        rng: &mut R,
    ) -> Result<Gp> {
        check_data(x, y, alpha)?;
        kernel.check(x.ncols())?;
        let kernel = match optimise {
            Optimise::No => kernel.clone(),
            Optimise::Restarts(restarts) => best_kernel(kernel, x, y, alpha, restarts, rng)?,
        };
        let mut k = kernel.matrix(x, x);
        for i in 0..y.len() {
            k[[i, i]] += alpha;
        }
        let Some(l) = cholesky(&k) else {
            bail!(
                "{kernel}: the kernel matrix plus alpha = {alpha} is not positive definite; raise alpha"
            );
        };
        let weights = backward(&l, &forward(&l, y));
        Ok(Gp {
            kernel,
            alpha,
            x: x.clone(),
            y: y.to_vec(),
            l,
            weights,
        })
    }

    /// The log-marginal likelihood of the fitted kernel on the training data.
    pub fn log_marginal_likelihood(&self) -> f64 {
        let diagonal: Vec<f64> = (0..self.y.len()).map(|i| self.l[[i, i]]).collect();
        log_marginal_likelihood_value(&self.y, &diagonal, &self.weights)
    }

    /// Exercise 9.1.1: the posterior mean and standard deviation at the rows of `at`.
    pub fn predict(&self, at: &Array2<f64>) -> (Vec<f64>, Vec<f64>) {
        let ks = self.kernel.matrix(&self.x, at);
        // BEGIN SOLUTION 9.1.1
        let mut mean = Vec::with_capacity(at.nrows());
        let mut std = Vec::with_capacity(at.nrows());
        for j in 0..at.nrows() {
            let col: Vec<f64> = ks.column(j).to_vec();
            mean.push(col.iter().zip(&self.weights).map(|(a, b)| a * b).sum());
            let v = forward(&self.l, &col);
            let var = 1.0 - v.iter().map(|a| a * a).sum::<f64>();
            std.push(var.max(0.0).sqrt());
        }
        (mean, std)
        // END SOLUTION
    }

    /// The posterior covariance at the rows of `at`.
    pub fn covariance(&self, at: &Array2<f64>) -> Array2<f64> {
        let ks = self.kernel.matrix(&self.x, at);
        let v: Vec<Vec<f64>> = (0..at.nrows())
            .map(|j| forward(&self.l, &ks.column(j).to_vec()))
            .collect();
        let prior = self.kernel.matrix(at, at);
        Array2::from_shape_fn((at.nrows(), at.nrows()), |(i, j)| {
            prior[[i, j]] - v[i].iter().zip(&v[j]).map(|(a, b)| a * b).sum::<f64>()
        })
    }

    /// `count` functions drawn from the posterior at the rows of `at`.
    pub fn sample<R: Rng>(&self, at: &Array2<f64>, count: usize, rng: &mut R) -> Vec<Vec<f64>> {
        let (mean, _) = self.predict(at);
        draw(&mean, &self.covariance(at), count, rng)
    }
}

/// `count` functions drawn from the prior of `kernel` at the rows of `at` (before any fit).
pub fn sample_prior<R: Rng>(
    kernel: &Kernel,
    at: &Array2<f64>,
    count: usize,
    rng: &mut R,
) -> Vec<Vec<f64>> {
    draw(&vec![0.0; at.nrows()], &kernel.matrix(at, at), count, rng)
}

/// Draws from N(mean, cov); a little jitter on the diagonal keeps the factorisation possible
/// where the covariance is singular to rounding (a posterior at its training points).
fn draw<R: Rng>(mean: &[f64], cov: &Array2<f64>, count: usize, rng: &mut R) -> Vec<Vec<f64>> {
    let n = mean.len();
    let mut jitter = 1e-10;
    let l = loop {
        let mut c = cov.clone();
        for i in 0..n {
            c[[i, i]] += jitter;
        }
        if let Some(l) = cholesky(&c) {
            break l;
        }
        jitter *= 10.0;
    };
    (0..count)
        .map(|_| {
            let z: Vec<f64> = (0..n).map(|_| rng.sample(StandardNormal)).collect();
            (0..n)
                .map(|i| mean[i] + (0..=i).map(|k| l[[i, k]] * z[k]).sum::<f64>())
                .collect()
        })
        .collect()
}

/// The length scales of the largest log-marginal likelihood over runs of the bounded
/// quasi-Newton optimiser from the kernel's values and `restarts` log-uniform starts.
fn best_kernel<R: Rng>(
    kernel: &Kernel,
    x: &Array2<f64>,
    y: &[f64],
    alpha: f64,
    restarts: usize,
    rng: &mut R,
) -> Result<Kernel> {
    let dims = kernel.lengths().len();
    let (lo, hi) = (BOUNDS.0.ln(), BOUNDS.1.ln());
    let bounds = vec![(lo, hi); dims];
    let objective = |theta: &[f64]| -> (f64, Vec<f64>) {
        let ls: Vec<f64> = theta.iter().map(|t| t.exp()).collect();
        match log_marginal_likelihood(&kernel.with_lengths(&ls), x, y, alpha) {
            Ok((v, g)) if v.is_finite() => (-v, g.iter().map(|g| -g).collect()),
            _ => (f64::INFINITY, vec![0.0; theta.len()]),
        }
    };
    let mut starts = vec![kernel
        .lengths()
        .iter()
        .map(|l| l.ln())
        .collect::<Vec<f64>>()];
    for _ in 0..restarts {
        starts.push((0..dims).map(|_| rng.gen_range(lo..hi)).collect());
    }
    // The runs are independent: in parallel, then the best in the starts' order. On matrices of
    // a hundred rows faer's own threads cost more than they save (measured on the 2-D fit: 0.28
    // s with them, 0.23 s without), so they are off while the runs use the cores.
    let threads = faer::get_global_parallelism();
    faer::set_global_parallelism(faer::Par::Seq);
    let runs: Vec<lbfgsb::Minimum> = starts
        .par_iter()
        .map(|s| lbfgsb::minimise(&objective, s, &bounds))
        .collect();
    faer::set_global_parallelism(threads);
    let mut best: Option<(f64, Vec<f64>)> = None;
    for r in runs {
        if r.value.is_finite() && best.as_ref().is_none_or(|b| r.value < b.0) {
            best = Some((r.value, r.x));
        }
    }
    let Some((_, theta)) = best else {
        bail!("{kernel}: the log-marginal likelihood is not finite anywhere the optimiser looked; raise alpha");
    };
    let ls: Vec<f64> = theta.iter().map(|t| t.exp()).collect();
    Ok(kernel.with_lengths(&ls))
}

/// Points as rows of a one-column matrix.
pub fn column(xs: &[f64]) -> Array2<f64> {
    Array2::from_shape_fn((xs.len(), 1), |(i, _)| xs[i])
}

/// `n` evenly spaced values from `a` to `b` inclusive (numpy's `linspace`).
pub fn linspace(a: f64, b: f64, n: usize) -> Vec<f64> {
    if n == 1 {
        return vec![a];
    }
    (0..n)
        .map(|i| a + (b - a) * i as f64 / (n - 1) as f64)
        .collect()
}

/// Every pair of `xs` × `ys`, the first varying slowest (the notebook's `cartesian_product`).
pub fn grid(xs: &[f64], ys: &[f64]) -> Array2<f64> {
    let mut out = Array2::zeros((xs.len() * ys.len(), 2));
    for (i, &a) in xs.iter().enumerate() {
        for (j, &b) in ys.iter().enumerate() {
            out[[i * ys.len() + j, 0]] = a;
            out[[i * ys.len() + j, 1]] = b;
        }
    }
    out
}
