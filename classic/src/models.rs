//! The lecture's models and its two log-likelihood formulas.

use std::f64::consts::PI;

/// y = A / (πγ [1 + ((x − x0)/γ)²]) + b with `p = [A, γ, x0, b]` (a Lorentzian peak of area A,
/// half width γ, centre x0, on a flat background b).
pub fn lorentzian(p: &[f64], x: f64) -> f64 {
    let (a, gamma, x0, b) = (p[0], p[1], p[2], p[3]);
    let z = (x - x0) / gamma;
    a / (PI * gamma * (1.0 + z * z)) + b
}

/// y = m x + c with `p = [m, c]`.
pub fn line(p: &[f64], x: f64) -> f64 {
    p[0] * x + p[1]
}

/// y = a x² + b x + c with `p = [a, b, c]`.
pub fn quadratic(p: &[f64], x: f64) -> f64 {
    (p[0] * x + p[1]) * x + p[2]
}

/// The normalisation term of a Gaussian log-likelihood. The notebooks use both: the likelihood
/// and nested-sampling notebooks write ln(2πσ) (a slip that only shifts lnL by a constant for
/// fixed errors), the model-selection notebook and refnx ln(2πσ²).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Norm {
    /// −½ Σ [((y − M)/σ)² + ln(2πσ)]
    TwoPiSigma,
    /// −½ Σ [((y − M)/σ)² + ln(2πσ²)]
    TwoPiSigmaSquared,
}

/// The Gaussian log-likelihood of data `y ± sigma` under model values `model`.
pub fn ln_likelihood(
    y: &[f64],
    model: impl Iterator<Item = f64>,
    sigma: &[f64],
    norm: Norm,
) -> f64 {
    -0.5 * y
        .iter()
        .zip(model)
        .zip(sigma)
        .map(|((y, m), s)| {
            let z = (y - m) / s;
            let ln = match norm {
                Norm::TwoPiSigma => (2.0 * PI * s).ln(),
                Norm::TwoPiSigmaSquared => (2.0 * PI * s * s).ln(),
            };
            z * z + ln
        })
        .sum::<f64>()
}
