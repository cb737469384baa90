//! Nested sampling (Skilling 2004, 2006): the evidence Z = ∫ L(θ) π(θ) dθ as a sum over shells of
//! shrinking prior volume, with the posterior as a by-product.
//!
//! The prior is given as a transform of the unit cube (as dynesty and UltraNest take it), so the
//! sampler works in `[0, 1)^d`. A new point must beat the worst live point's likelihood; it is
//! drawn by one of two constrained samplers:
//! - [`Sampler::Ellipsoid`]: uniform in the ellipsoid bounding the live points (their covariance,
//!   scaled to hold them all, enlarged by 25 % in volume as dynesty does), intersected with the
//!   cube — exact and efficient in a few dimensions (Mukherjee, Parkinson & Liddle 2006);
//! - [`Sampler::RandomWalk`]: a walk of 25 steps from a live point, proposals shaped by the live
//!   points' covariance with a scale tuned to accept half of them (dynesty's `rwalk`) — its cost
//!   grows only polynomially with the dimension.
//!
//! The run stops when the live points could add at most `dlogz` to ln Z (dynesty's default
//! 0.509 for 500 live points); the live points are then added. The error of ln Z is √(H/n),
//! H being the information (Skilling).

use common::linalg;
use rand::rngs::StdRng;
use rand::Rng;
use rand_distr::StandardNormal;

/// How a point above the likelihood threshold is found.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Sampler {
    /// The ellipsoid for up to 8 dimensions, the random walk above.
    #[default]
    Auto,
    /// Uniform inside the enlarged bounding ellipsoid.
    Ellipsoid,
    /// A random walk inside the likelihood contour.
    RandomWalk,
}

/// Settings of a run.
#[derive(Clone, Debug, serde::Serialize)]
pub struct NestedConfig {
    /// Live points (dynesty's default 500).
    pub live: usize,
    /// Stop when the live points could add no more than this to ln Z.
    pub dlogz: f64,
    pub sampler: Sampler,
    /// Steps of each random walk.
    pub walks: usize,
    /// A limit on iterations, as a guard.
    pub max_iterations: usize,
}

impl Default for NestedConfig {
    fn default() -> Self {
        Self::with_live(500)
    }
}

impl NestedConfig {
    /// dynesty's defaults for `live` points: dlogz = 0.001 (n − 1) + 0.01.
    pub fn with_live(live: usize) -> Self {
        Self {
            live,
            dlogz: 1e-3 * (live.max(1) - 1) as f64 + 0.01,
            sampler: Sampler::Auto,
            walks: 25,
            max_iterations: 1_000_000,
        }
    }
}

/// One dead point: parameters (prior space), ln L, and its ln posterior weight (unnormalised).
#[derive(Clone, Debug)]
pub struct Sample {
    pub params: Vec<f64>,
    pub log_l: f64,
    pub log_weight: f64,
}

/// The outcome of a run.
#[derive(Clone, Debug)]
pub struct NestedResult {
    pub log_z: f64,
    pub log_z_err: f64,
    /// The information H (nats) of the posterior relative to the prior.
    pub information: f64,
    pub iterations: usize,
    /// Likelihood evaluations.
    pub calls: usize,
    /// ln Z after each iteration (the dead points only), for the convergence figure.
    pub trace: Vec<f64>,
    /// Dead points then the final live points, by increasing ln L.
    pub samples: Vec<Sample>,
}

impl NestedResult {
    /// The sample of highest likelihood.
    pub fn best(&self) -> &Sample {
        // samples are sorted by ln L; a run always has live points
        &self.samples[self.samples.len() - 1]
    }

    /// Posterior mean and standard deviation of parameter `k`.
    pub fn posterior(&self, k: usize) -> (f64, f64) {
        let w: Vec<f64> = self
            .samples
            .iter()
            .map(|s| (s.log_weight - self.log_z).exp())
            .collect();
        let total: f64 = w.iter().sum();
        let mean = self
            .samples
            .iter()
            .zip(&w)
            .map(|(s, w)| w * s.params[k])
            .sum::<f64>()
            / total;
        let var = self
            .samples
            .iter()
            .zip(&w)
            .map(|(s, w)| w * (s.params[k] - mean).powi(2))
            .sum::<f64>()
            / total;
        (mean, var.sqrt())
    }
}

fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// ln of the volume of the unit ball in `d` dimensions.
fn ln_unit_ball(d: usize) -> f64 {
    let d = d as f64;
    0.5 * d * std::f64::consts::PI.ln() - ln_gamma(0.5 * d + 1.0)
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7), enough for ball volumes.
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let s = C[0] + (1..9).map(|i| C[i] / (x + i as f64)).sum::<f64>();
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + s.ln()
}

/// A uniform point in the unit ball.
fn in_ball(d: usize, rng: &mut StdRng) -> Vec<f64> {
    let v: Vec<f64> = (0..d).map(|_| rng.sample(StandardNormal)).collect();
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-300);
    let r = rng.gen::<f64>().powf(1.0 / d as f64);
    v.into_iter().map(|x| x * r / norm).collect()
}

/// Mean and Cholesky factor of the live points' covariance, and the inverse covariance.
struct Shape {
    mean: Vec<f64>,
    chol: Vec<f64>,
    inv: Vec<f64>,
    ln_det: f64,
}

fn shape(points: &[Vec<f64>], d: usize) -> Shape {
    let n = points.len() as f64;
    let mean: Vec<f64> = (0..d)
        .map(|k| points.iter().map(|p| p[k]).sum::<f64>() / n)
        .collect();
    let mut cov = vec![0.0; d * d];
    for p in points {
        for i in 0..d {
            for j in 0..d {
                cov[i * d + j] += (p[i] - mean[i]) * (p[j] - mean[j]);
            }
        }
    }
    cov.iter_mut().for_each(|c| *c /= (n - 1.0).max(1.0));
    // Live points on a lower-dimensional set would give a singular matrix: add a floor.
    let mut jitter = 1e-12;
    loop {
        if let (Some(chol), Some(inv)) = (linalg::cholesky(&cov, d), linalg::inverse(&cov, d)) {
            let ln_det = 2.0 * (0..d).map(|i| chol[i * d + i].ln()).sum::<f64>();
            return Shape {
                mean,
                chol,
                inv,
                ln_det,
            };
        }
        for i in 0..d {
            cov[i * d + i] += jitter;
        }
        jitter *= 10.0;
    }
}

fn mahalanobis2(x: &[f64], s: &Shape, d: usize) -> f64 {
    let z: Vec<f64> = (0..d).map(|i| x[i] - s.mean[i]).collect();
    (0..d)
        .map(|i| z[i] * (0..d).map(|j| s.inv[i * d + j] * z[j]).sum::<f64>())
        .sum()
}

fn transform(chol: &[f64], u: &[f64], d: usize) -> Vec<f64> {
    (0..d)
        .map(|i| (0..=i).map(|j| chol[i * d + j] * u[j]).sum())
        .collect()
}

fn in_cube(x: &[f64]) -> bool {
    x.iter().all(|v| (0.0..1.0).contains(v))
}

/// Run nested sampling in `d` dimensions: `prior` maps a point of the unit cube to parameters,
/// `log_l` gives ln L of parameters.
pub fn run(
    d: usize,
    prior: impl Fn(&[f64]) -> Vec<f64>,
    log_l: impl Fn(&[f64]) -> f64,
    config: &NestedConfig,
    rng: &mut StdRng,
) -> NestedResult {
    let n = config.live.max(d + 1);
    let sampler = match config.sampler {
        Sampler::Auto if d <= 8 => Sampler::Ellipsoid,
        Sampler::Auto => Sampler::RandomWalk,
        s => s,
    };
    let mut calls = 0usize;
    let mut eval = |u: &[f64]| {
        calls += 1;
        let v = log_l(&prior(u));
        if v.is_nan() {
            f64::NEG_INFINITY
        } else {
            v
        }
    };
    let mut live_u: Vec<Vec<f64>> = (0..n)
        .map(|_| (0..d).map(|_| rng.gen()).collect())
        .collect();
    let mut live_l: Vec<f64> = live_u.iter().map(|u| eval(u)).collect();

    let mut log_z = f64::NEG_INFINITY;
    let mut h = 0.0;
    let mut log_x = 0.0; // ln of the prior volume inside the current contour
    let mut prev_l = f64::NEG_INFINITY;
    let mut samples = Vec::new();
    let mut trace = Vec::new();
    let mut scale = 1.0; // random-walk step scale, tuned as it goes
    let ln_shrink = -1.0 / n as f64;
    let mut iterations = 0;
    while iterations < config.max_iterations {
        iterations += 1;
        let worst = (0..n)
            .min_by(|&a, &b| live_l[a].total_cmp(&live_l[b]))
            .unwrap_or(0);
        let l_star = live_l[worst];
        // Trapezoid rule over the shell between X_{i−1} and X_i = X_{i−1} e^{−1/n}.
        let log_x_new = log_x + ln_shrink;
        let ln_dvol = log_x + (-(ln_shrink.exp_m1())).ln(); // ln(X_{i−1} − X_i)
        let log_weight = log_add(prev_l, l_star) - std::f64::consts::LN_2 + ln_dvol;
        let log_z_new = log_add(log_z, log_weight);
        h = update_information(h, log_z, log_z_new, log_weight, l_star);
        log_z = log_z_new;
        log_x = log_x_new;
        prev_l = l_star;
        samples.push(Sample {
            params: prior(&live_u[worst]),
            log_l: l_star,
            log_weight,
        });
        trace.push(log_z);

        // Stop when the live points could add at most dlogz.
        let max_l = live_l.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if log_add(log_z, max_l + log_x) - log_z < config.dlogz {
            break;
        }

        // Replace the worst point by a new one with ln L > l_star.
        let (u, l) = match sampler {
            Sampler::RandomWalk => random_walk(
                d,
                &live_u,
                worst,
                l_star,
                config.walks,
                &mut scale,
                &mut eval,
                rng,
            ),
            _ => ellipsoid_draw(d, &live_u, l_star, &mut eval, rng),
        };
        live_u[worst] = u;
        live_l[worst] = l;
    }

    // The live points share the remaining volume equally.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| live_l[a].total_cmp(&live_l[b]));
    let ln_share = log_x - (n as f64).ln();
    for i in order {
        let log_weight = live_l[i] + ln_share;
        let log_z_new = log_add(log_z, log_weight);
        h = update_information(h, log_z, log_z_new, log_weight, live_l[i]);
        log_z = log_z_new;
        samples.push(Sample {
            params: prior(&live_u[i]),
            log_l: live_l[i],
            log_weight,
        });
    }
    let h = h.max(0.0);
    NestedResult {
        log_z,
        log_z_err: (h / n as f64).sqrt(),
        information: h,
        iterations,
        calls,
        trace,
        samples,
    }
}

/// Skilling's running information: H = Σ (wᵢ/Z) ln Lᵢ − ln Z.
fn update_information(h: f64, log_z: f64, log_z_new: f64, log_weight: f64, log_l: f64) -> f64 {
    let new = (log_weight - log_z_new).exp() * log_l;
    let old = if log_z == f64::NEG_INFINITY {
        0.0
    } else {
        (log_z - log_z_new).exp() * (h + log_z)
    };
    new + old - log_z_new
}

/// Uniform draws in the enlarged bounding ellipsoid of the live points (or in the cube while
/// the ellipsoid is larger than it) until one beats `l_star`.
fn ellipsoid_draw(
    d: usize,
    live: &[Vec<f64>],
    l_star: f64,
    eval: &mut impl FnMut(&[f64]) -> f64,
    rng: &mut StdRng,
) -> (Vec<f64>, f64) {
    const ENLARGE: f64 = 1.25; // volume factor, dynesty's default
    let s = shape(live, d);
    let k2 = live
        .iter()
        .map(|p| mahalanobis2(p, &s, d))
        .fold(0.0, f64::max);
    let radius = k2.sqrt() * ENLARGE.powf(1.0 / d as f64);
    let ln_volume = ln_unit_ball(d) + 0.5 * s.ln_det + d as f64 * radius.ln();
    loop {
        let u: Vec<f64> = if ln_volume >= 0.0 {
            (0..d).map(|_| rng.gen()).collect()
        } else {
            let b = in_ball(d, rng);
            let t = transform(&s.chol, &b, d);
            (0..d).map(|i| s.mean[i] + radius * t[i]).collect()
        };
        if !in_cube(&u) {
            continue;
        }
        let l = eval(&u);
        if l > l_star {
            return (u, l);
        }
    }
}

/// A random walk from a live point other than `worst`, proposals `scale · chol · ball`, kept
/// inside the cube and the contour; the scale is tuned towards half the proposals accepted.
#[allow(clippy::too_many_arguments)]
fn random_walk(
    d: usize,
    live: &[Vec<f64>],
    worst: usize,
    l_star: f64,
    walks: usize,
    scale: &mut f64,
    eval: &mut impl FnMut(&[f64]) -> f64,
    rng: &mut StdRng,
) -> (Vec<f64>, f64) {
    let s = shape(live, d);
    let n = live.len();
    loop {
        let mut start = rng.gen_range(0..n);
        if start == worst {
            start = (start + 1) % n;
        }
        let mut u = live[start].clone();
        let mut l = f64::NEG_INFINITY;
        let mut accepted = 0;
        for _ in 0..walks.max(1) {
            let b = in_ball(d, rng);
            let t = transform(&s.chol, &b, d);
            let trial: Vec<f64> = (0..d).map(|i| u[i] + *scale * t[i]).collect();
            if !in_cube(&trial) {
                continue;
            }
            let tl = eval(&trial);
            if tl > l_star {
                u = trial;
                l = tl;
                accepted += 1;
            }
        }
        let rate = accepted as f64 / walks.max(1) as f64;
        *scale *= ((rate - 0.5) * 2.0 / d as f64).exp();
        *scale = scale.clamp(1e-6, 10.0);
        if accepted > 0 {
            return (u, l);
        }
    }
}
