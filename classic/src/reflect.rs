//! Specular neutron reflectivity of a stack of layers: the Abelès characteristic-matrix method
//! with Nevot–Croce interfacial roughness, and Gaussian resolution smearing as refnx does it:
//! for a constant dq/q its fast kernel (a convolution on a log-spaced grid and a cubic spline),
//! for a dq per point Gauss–Legendre quadrature over ±3.5 σ.
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

/// How the instrument's resolution (a Gaussian, given by its FWHM) smears the reflectivity.
#[derive(Clone, Copy, Debug)]
pub enum Smearing<'a> {
    /// None: the reflectivity at each q.
    None,
    /// A constant dq/q (FWHM as a fraction of q), as refnx's `ReflectModel(dq=5.)` smears data
    /// without a resolution column: [`constant_smeared`].
    Constant(f64),
    /// The FWHM `dq[i]` of each point, by Gauss–Legendre quadrature over ±3.5 σ (refnx's
    /// point-wise smearing, 17 points by default; `quad` from [`gauss_legendre`]).
    PointWise {
        dq: &'a [f64],
        quad: &'a (Vec<f64>, Vec<f64>),
    },
}

/// Reflectivity at `q` smeared by `smearing`, scaled by `scale` and on a flat background `bkg`.
pub fn reflectivity(
    q: &[f64],
    stack: &[Layer],
    smearing: Smearing,
    scale: f64,
    bkg: f64,
) -> Vec<f64> {
    let r = match smearing {
        Smearing::None => q.iter().map(|&q| abeles(q, stack)).collect(),
        Smearing::Constant(dq_over_q) => constant_smeared(q, stack, dq_over_q),
        Smearing::PointWise { dq, quad } => {
            let (xs, ws) = quad;
            let g = |x: f64| (-0.5 * x * x).exp() / (2.0 * PI).sqrt();
            q.iter()
                .zip(dq)
                .map(|(&q, &dq)| {
                    if dq <= 0.0 {
                        return abeles(q, stack);
                    }
                    let sigma = dq / FWHM;
                    // Over q ± 3.5σ: q' = q + 3.5σ x, dq' = 3.5σ dx; the kernel is g(3.5x)/σ.
                    LIMIT
                        * xs.iter()
                            .zip(ws)
                            .map(|(&x, &w)| w * g(LIMIT * x) * abeles(q + LIMIT * sigma * x, stack))
                            .sum::<f64>()
                })
                .collect()
        }
    };
    r.into_iter().map(|r: f64| scale * r + bkg).collect()
}

/// `n` values from `start` to `stop` as numpy's `linspace` computes them (i · step + start, the
/// last one `stop` exactly), so that the grids below are refnx's to the last bit.
fn np_linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    let step = (stop - start) / (n.max(2) - 1) as f64;
    let mut v: Vec<f64> = (0..n).map(|i| i as f64 * step + start).collect();
    if let Some(last) = v.last_mut() {
        *last = stop;
    }
    v
}

/// refnx 0.1.67's fast smearing for a constant dq/q (`_smeared_kernel_constant`): the unsmeared
/// reflectivity on a grid uniform in log₁₀ q from six σ below the lowest q to six σ above the
/// highest, spaced at 1/25 of 1.7 σ; a discrete convolution with 51 samples of the Gaussian over
/// ±1.7 dq/q (`numpy.convolve(…, mode="same")`, zero beyond the grid) times their spacing; then
/// the interpolating cubic spline through the grid points (scipy's `splrep`, whose knots make it
/// the not-a-knot spline) evaluated at `q`. Below 0.5 % it does not smear.
pub fn constant_smeared(q: &[f64], stack: &[Layer], dq_over_q: f64) -> Vec<f64> {
    if dq_over_q < 0.005 || q.is_empty() {
        return q.iter().map(|&q| abeles(q, stack)).collect();
    }
    let res = dq_over_q;
    let fwhm = 2.0 * (2.0 * 2f64.ln()).sqrt();
    let (gaussnum, gausspoint) = (51usize, 25.0);
    let low = q.iter().copied().fold(f64::INFINITY, f64::min);
    let low = if low <= 0.0 { 1e-6 } else { low };
    let high = q.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let start = low.log10() - 6.0 * res / fwhm;
    let finish = (high * (1.0 + 6.0 * res / fwhm)).log10();
    let n = ((start - finish).abs() / (1.7 * res / fwhm / gausspoint))
        .abs()
        .round_ties_even() as usize;
    let x: Vec<f64> = np_linspace(start, finish, n)
        .into_iter()
        .map(|e| 10f64.powf(e))
        .collect();
    let gx = np_linspace(-1.7 * res, 1.7 * res, gaussnum);
    let s = res / fwhm;
    let gy: Vec<f64> = gx
        .iter()
        .map(|&x| 1.0 / s / (2.0 * PI).sqrt() * (-0.5 * x.powi(2) / s / s).exp())
        .collect();
    let r: Vec<f64> = x.iter().map(|&q| abeles(q, stack)).collect();
    let dx = gx[1] - gx[0];
    let half = (gaussnum - 1) / 2;
    let smeared: Vec<f64> = (0..n)
        .map(|i| {
            // numpy's "same" convolution: out[i] = Σ_j r[j] · g[i + half − j].
            let lo = (i + half).saturating_sub(gaussnum - 1);
            let hi = (i + half).min(n - 1);
            (lo..=hi).map(|j| r[j] * gy[i + half - j]).sum::<f64>() * dx
        })
        .collect();
    NotAKnot::new(&x, &smeared).map_or(smeared.clone(), |spline| {
        q.iter().map(|&q| spline.eval(q)).collect()
    })
}

/// The interpolating cubic spline with not-a-knot ends (the spline scipy's `splrep` fits with
/// its default s = 0: knots at the data points but the second and the second-to-last), by its
/// second derivatives at the points.
#[derive(Clone, Debug)]
pub struct NotAKnot {
    x: Vec<f64>,
    y: Vec<f64>,
    m: Vec<f64>,
}

impl NotAKnot {
    /// The spline through (x, y), x increasing; `None` below four points.
    pub fn new(x: &[f64], y: &[f64]) -> Option<Self> {
        let n = x.len();
        if n < 4 || y.len() != n {
            return None;
        }
        let h: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
        // Interior rows i = 1..n−2: h[i−1] M[i−1] + 2(h[i−1] + h[i]) M[i] + h[i] M[i+1] = d[i],
        // with the not-a-knot conditions (third derivative continuous at x[1] and x[n−2])
        // eliminating M[0] and M[n−1]:
        // M[0] = ((h0 + h1) M1 − h0 M2) / h1, M[n−1] likewise from M[n−2], M[n−3].
        let d: Vec<f64> = (1..n - 1)
            .map(|i| 6.0 * ((y[i + 1] - y[i]) / h[i] - (y[i] - y[i - 1]) / h[i - 1]))
            .collect();
        let k = n - 2;
        let (mut lower, mut diag, mut upper) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
        for r in 0..k {
            let i = r + 1;
            lower[r] = h[i - 1];
            diag[r] = 2.0 * (h[i - 1] + h[i]);
            upper[r] = h[i];
        }
        // Row 1: h0 M0 + 2(h0 + h1) M1 + h1 M2 with M0 substituted.
        let (h0, h1) = (h[0], h[1]);
        diag[0] += h0 * (h0 + h1) / h1;
        upper[0] -= h0 * h0 / h1;
        lower[0] = 0.0;
        // Row n−2 likewise with M[n−1] = ((hl + hm) M[n−2] − hl M[n−3]) / hm.
        let (hl, hm) = (h[n - 2], h[n - 3]);
        diag[k - 1] += hl * (hl + hm) / hm;
        lower[k - 1] -= hl * hl / hm;
        upper[k - 1] = 0.0;
        // Thomas algorithm.
        let mut c = vec![0.0; k];
        let mut e = vec![0.0; k];
        c[0] = upper[0] / diag[0];
        e[0] = d[0] / diag[0];
        for r in 1..k {
            let den = diag[r] - lower[r] * c[r - 1];
            c[r] = upper[r] / den;
            e[r] = (d[r] - lower[r] * e[r - 1]) / den;
        }
        let mut inner = vec![0.0; k];
        inner[k - 1] = e[k - 1];
        for r in (0..k - 1).rev() {
            inner[r] = e[r] - c[r] * inner[r + 1];
        }
        let mut m = vec![0.0; n];
        m[1..n - 1].copy_from_slice(&inner);
        m[0] = ((h0 + h1) * m[1] - h0 * m[2]) / h1;
        m[n - 1] = ((hl + hm) * m[n - 2] - hl * m[n - 3]) / hm;
        Some(Self {
            x: x.to_vec(),
            y: y.to_vec(),
            m,
        })
    }

    /// The spline at `t` (the end pieces extended beyond the points).
    pub fn eval(&self, t: f64) -> f64 {
        let n = self.x.len();
        let i = self.x.partition_point(|&v| v <= t).clamp(1, n - 1) - 1;
        let (x0, x1) = (self.x[i], self.x[i + 1]);
        let h = x1 - x0;
        let (a, b) = ((x1 - t) / h, (t - x0) / h);
        a * self.y[i]
            + b * self.y[i + 1]
            + ((a * a * a - a) * self.m[i] + (b * b * b - b) * self.m[i + 1]) * h * h / 6.0
    }
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
