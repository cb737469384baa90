//! Specular neutron reflectivity of a stack of layers: the Abelès characteristic-matrix method
//! with Nevot–Croce interfacial roughness, and Gaussian resolution smearing by Gauss–Legendre
//! quadrature over ±3.5 σ (the formalism and quadrature of refnx's point-wise smearing).
//!
//! Units as in refnx: q in Å⁻¹, thickness and roughness in Å, scattering length density (SLD)
//! in 10⁻⁶ Å⁻².

use crate::models::{self, Norm};
use num_complex::Complex64;
use std::f64::consts::PI;

/// One medium. For the fronting (first) medium only `sld` is used; `rough` is the roughness of
/// the interface above this medium; `thick` is ignored for the fronting and backing media.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Layer {
    pub thick: f64,
    pub sld: f64,
    pub rough: f64,
}

impl Layer {
    pub fn new(thick: f64, sld: f64, rough: f64) -> Self {
        Self { thick, sld, rough }
    }
}

/// refnx adds this imaginary SLD so that the complex square root takes the right branch.
const TINY: f64 = 1e-30;

/// The unsmeared reflectivity |r|² at one q of `stack` (fronting, layers…, backing).
pub fn abeles(q: f64, stack: &[Layer]) -> f64 {
    let n = stack.len();
    if n < 2 {
        return 0.0;
    }
    let k = |layer: &Layer| {
        let sld = Complex64::new((layer.sld - stack[0].sld) * 1e-6, TINY * 1e-6);
        (Complex64::new(q * q / 4.0, 0.0) - 4.0 * PI * sld).sqrt()
    };
    let i = Complex64::new(0.0, 1.0);
    let mut k_prev = Complex64::new(q / 2.0, 0.0); // fronting medium, SLD difference 0
                                                   // Running product of the characteristic matrices [[m00, m01], [m10, m11]].
    let (mut m00, mut m01, mut m10, mut m11) = (
        Complex64::new(1.0, 0.0),
        Complex64::new(0.0, 0.0),
        Complex64::new(0.0, 0.0),
        Complex64::new(1.0, 0.0),
    );
    for (j, layer) in stack.iter().enumerate().skip(1) {
        let k_j = k(layer);
        let r = (k_prev - k_j) / (k_prev + k_j)
            * (-2.0 * k_prev * k_j * layer.rough * layer.rough).exp();
        // The phase belongs to the medium above the interface (none for the fronting medium).
        let beta = if j == 1 {
            Complex64::new(1.0, 0.0)
        } else {
            (k_prev * i * stack[j - 1].thick.abs()).exp()
        };
        let (c00, c11) = (beta, 1.0 / beta);
        let (c10, c01) = (r * beta, r / beta);
        let p00 = m00 * c00 + m10 * c01;
        let p10 = m00 * c10 + m10 * c11;
        let p01 = m01 * c00 + m11 * c01;
        let p11 = m01 * c10 + m11 * c11;
        (m00, m01, m10, m11) = (p00, p01, p10, p11);
        k_prev = k_j;
    }
    let r = m01 / m00;
    r.norm_sqr()
}

/// Abscissae and weights of `n`-point Gauss–Legendre quadrature on [−1, 1].
pub fn gauss_legendre(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut x = vec![0.0; n];
    let mut w = vec![0.0; n];
    for i in 0..n.div_ceil(2) {
        // Newton's method from the Chebyshev-like first guess.
        let mut z = (PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
        let mut dp = 1.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, 0.0);
            for j in 1..=n {
                let p2 = p1;
                p1 = p0;
                p0 = ((2 * j - 1) as f64 * z * p1 - (j - 1) as f64 * p2) / j as f64;
            }
            dp = n as f64 * (z * p0 - p1) / (z * z - 1.0);
            let dz = p0 / dp;
            z -= dz;
            if dz.abs() < 1e-15 {
                break;
            }
        }
        x[i] = -z;
        x[n - 1 - i] = z;
        w[i] = 2.0 / ((1.0 - z * z) * dp * dp);
        w[n - 1 - i] = w[i];
    }
    (x, w)
}

/// Full width at half maximum over σ of a Gaussian.
const FWHM: f64 = 2.354_820_045_030_949_3;
/// Smearing integrates over ±3.5 σ.
const LIMIT: f64 = 3.5;

/// Reflectivity with a Gaussian resolution of FWHM `dq_over_q · q` (0 for none), scaled by
/// `scale` and on a flat background `bkg`. `quad` is the Gauss–Legendre rule (17 points in
/// refnx; see [`gauss_legendre`]).
pub fn reflectivity(
    q: &[f64],
    stack: &[Layer],
    dq_over_q: f64,
    scale: f64,
    bkg: f64,
    quad: &(Vec<f64>, Vec<f64>),
) -> Vec<f64> {
    let (xs, ws) = quad;
    q.iter()
        .map(|&q| {
            let r = if dq_over_q <= 0.0 {
                abeles(q, stack)
            } else {
                let sigma = dq_over_q * q / FWHM;
                let g = |x: f64| (-0.5 * x * x).exp() / (2.0 * PI).sqrt();
                // Over q ± 3.5σ: q' = q + 3.5σ x, dq' = 3.5σ dx; the kernel is g(3.5x)/σ.
                LIMIT
                    * xs.iter()
                        .zip(ws)
                        .map(|(&x, &w)| w * g(LIMIT * x) * abeles(q + LIMIT * sigma * x, stack))
                        .sum::<f64>()
            };
            scale * r + bkg
        })
        .collect()
}

/// The SLD profile across the interfaces (each an error-function step of width `rough`), at
/// depths `z` measured from the top of the first layer.
pub fn sld_profile(stack: &[Layer], z: &[f64]) -> Vec<f64> {
    let mut tops = Vec::with_capacity(stack.len());
    let mut depth = 0.0;
    for (j, layer) in stack.iter().enumerate().skip(1) {
        tops.push(depth);
        if j < stack.len() - 1 {
            depth += layer.thick;
        }
    }
    z.iter()
        .map(|&z| {
            let mut v = stack[0].sld;
            for (j, top) in tops.iter().enumerate() {
                let (above, below) = (stack[j].sld, stack[j + 1].sld);
                let w = stack[j + 1].rough;
                let step = if w > 0.0 {
                    0.5 * (1.0 + erf((z - top) / (w * std::f64::consts::SQRT_2)))
                } else if z >= *top {
                    1.0
                } else {
                    0.0
                };
                v += (below - above) * step;
            }
            v
        })
        .collect()
}

/// The error function by Numerical Recipes' Chebyshev fit of erfc (relative error < 1.2e-7),
/// ample for a profile figure.
fn erf(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let ans = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 {
        1.0 - ans
    } else {
        ans - 1.0
    }
}

// The notebook's lipid monolayer at the air–water interface.

/// SLDs of the notebook's models (10⁻⁶ Å⁻²) and the roughness of every interface (Å).
pub const LIPID_SLD: f64 = 7.2;
pub const TAILS_SLD: f64 = 7.5;
pub const HEADS_SLD: f64 = 3.6;
pub const ROUGHNESS: f64 = 3.0;

/// air | lipid (`thick`, SLD 7.2) | subphase (SLD 0; called "d2o" in the notebook).
pub fn one_layer(thick: f64) -> Vec<Layer> {
    vec![
        Layer::new(0.0, 0.0, 0.0),
        Layer::new(thick, LIPID_SLD, ROUGHNESS),
        Layer::new(0.0, 0.0, ROUGHNESS),
    ]
}

/// air | tails (SLD 7.5) | heads (SLD 3.6) | subphase (SLD 0).
pub fn two_layer(tails: f64, heads: f64) -> Vec<Layer> {
    vec![
        Layer::new(0.0, 0.0, 0.0),
        Layer::new(tails, TAILS_SLD, ROUGHNESS),
        Layer::new(heads, HEADS_SLD, ROUGHNESS),
        Layer::new(0.0, 0.0, ROUGHNESS),
    ]
}

/// ln L of reflectivity data under model values, refnx's objective (ln 2πσ²).
pub fn ln_likelihood(r: &[f64], dr: &[f64], model: &[f64]) -> f64 {
    models::ln_likelihood(r, model.iter().copied(), dr, Norm::TwoPiSigmaSquared)
}
