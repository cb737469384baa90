//! Non-linear least squares by Levenberg–Marquardt, with the parameter covariance computed the
//! way `scipy.optimize.curve_fit` does: `(JᵀJ)⁻¹` of the weighted residuals at the optimum,
//! scaled by χ²/(m − n) unless the errors are absolute.

use anyhow::{bail, Result};
use common::linalg;

/// A model `f(parameters, x)`.
pub trait Model: Fn(&[f64], f64) -> f64 {}
impl<F: Fn(&[f64], f64) -> f64> Model for F {}

/// The result of [`curve_fit`].
#[derive(Clone, Debug, serde::Serialize)]
pub struct CurveFit {
    pub params: Vec<f64>,
    /// One standard deviation of each parameter: √diag(covariance).
    pub errors: Vec<f64>,
    /// Row-major `n × n`.
    pub covariance: Vec<f64>,
    /// Σ ((y − f) / σ)² at the optimum.
    pub chi2: f64,
    pub iterations: usize,
    /// Model evaluations, each over all points.
    pub evaluations: usize,
}

/// Fit `model` to `(x, y)` from `p0`. `sigma` are the errors of `y` (all 1 when `None`); with
/// `absolute_sigma` the covariance is taken as is, otherwise scaled by the reduced χ² (scipy's
/// convention for both).
pub fn curve_fit(
    model: impl Model,
    x: &[f64],
    y: &[f64],
    sigma: Option<&[f64]>,
    p0: &[f64],
    absolute_sigma: bool,
) -> Result<CurveFit> {
    let (m, n) = (x.len(), p0.len());
    if y.len() != m || sigma.is_some_and(|s| s.len() != m) {
        bail!("x, y and sigma must have the same length");
    }
    if m < n {
        bail!("{m} points cannot fix {n} parameters");
    }
    if let Some(s) = sigma {
        if s.iter().any(|&v| v <= 0.0 || !v.is_finite()) {
            bail!("every error must be a positive number");
        }
    }
    let weight = |i: usize| sigma.map_or(1.0, |s| 1.0 / s[i]);
    let mut evaluations = 0;
    let mut residuals = |p: &[f64]| -> Vec<f64> {
        evaluations += 1;
        (0..m)
            .map(|i| (y[i] - model(p, x[i])) * weight(i))
            .collect()
    };
    let chi2 = |r: &[f64]| r.iter().map(|v| v * v).sum::<f64>();

    let mut p = p0.to_vec();
    let mut r = residuals(&p);
    let mut cost = chi2(&r);
    if !cost.is_finite() {
        bail!("the model is not finite at the starting parameters");
    }
    let mut lambda = 1e-3;
    let mut iterations = 0;
    let mut jac = jacobian(&mut residuals, &p, m);
    loop {
        iterations += 1;
        let (a, g) = normal_equations(&jac, &r, m, n);
        let mut damped = a.clone();
        for j in 0..n {
            damped[j * n + j] += lambda * a[j * n + j].max(1e-300);
        }
        let step = linalg::solve(&damped, &g);
        let mut accepted = false;
        if let Some(step) = step {
            let trial: Vec<f64> = p.iter().zip(&step).map(|(p, s)| p + s).collect();
            let tr = residuals(&trial);
            let tc = chi2(&tr);
            if tc.is_finite() && tc <= cost {
                let small_step = step
                    .iter()
                    .zip(&trial)
                    .all(|(s, p)| s.abs() <= 1e-12 * (p.abs() + 1e-12));
                let small_gain = cost - tc <= 1e-15 * cost;
                p = trial;
                r = tr;
                cost = tc;
                lambda = (lambda / 10.0).max(1e-15);
                accepted = true;
                jac = jacobian(&mut residuals, &p, m);
                if small_step || small_gain {
                    break;
                }
            }
        }
        if !accepted {
            lambda *= 10.0;
            if lambda > 1e15 {
                break; // no step lowers χ² any more: at the optimum to machine precision
            }
        }
        if iterations >= 1000 {
            bail!("Levenberg–Marquardt did not converge in 1000 iterations");
        }
    }
    let (a, _) = normal_equations(&jac, &r, m, n);
    let Some(mut covariance) = linalg::inverse(&a, n) else {
        bail!("the parameters are not determined by the data (singular JᵀJ)");
    };
    if !absolute_sigma {
        let s = if m > n {
            cost / (m - n) as f64
        } else {
            f64::INFINITY
        };
        covariance.iter_mut().for_each(|c| *c *= s);
    }
    let errors = (0..n).map(|j| covariance[j * n + j].sqrt()).collect();
    Ok(CurveFit {
        params: p,
        errors,
        covariance,
        chi2: cost,
        iterations,
        evaluations,
    })
}

/// ∂f/∂p of the weighted model (= −∂r/∂p), `m × n` row-major, by central differences.
fn jacobian(residuals: &mut impl FnMut(&[f64]) -> Vec<f64>, p: &[f64], m: usize) -> Vec<f64> {
    let n = p.len();
    let mut jac = vec![0.0; m * n];
    for j in 0..n {
        let h = 1e-6 * p[j].abs().max(1e-3);
        let mut q = p.to_vec();
        q[j] = p[j] + h;
        let up = residuals(&q);
        q[j] = p[j] - h;
        let down = residuals(&q);
        for i in 0..m {
            jac[i * n + j] = (down[i] - up[i]) / (2.0 * h);
        }
    }
    jac
}

/// `JᵀJ` and `Jᵀr`.
fn normal_equations(jac: &[f64], r: &[f64], m: usize, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = vec![0.0; n * n];
    let mut g = vec![0.0; n];
    for i in 0..m {
        let row = &jac[i * n..(i + 1) * n];
        for j in 0..n {
            g[j] += row[j] * r[i];
            for k in 0..n {
                a[j * n + k] += row[j] * row[k];
            }
        }
    }
    (a, g)
}
