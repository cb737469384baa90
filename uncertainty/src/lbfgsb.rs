//! A bounded limited-memory quasi-Newton minimiser for the few log length scales of a Gaussian
//! process: the L-BFGS two-loop direction on the variables not held at a bound, a backtracking
//! (Armijo) search along the path projected onto the box, and scipy's L-BFGS-B stopping rules
//! (projected gradient below 1e-5, or a relative decrease below 2.2e-9).

/// Where a run ended.
#[derive(Clone, Debug)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub iterations: usize,
}

/// scipy's defaults: `maxcor` 10, `pgtol` 1e-5, `factr` 1e7 (relative decrease 1e7 · ε),
/// 15 000 iterations at most.
const MEMORY: usize = 10;
const PG_TOL: f64 = 1e-5;
const F_TOL: f64 = 1e7 * f64::EPSILON;
const MAX_ITERATIONS: usize = 15_000;

fn project(x: &[f64], bounds: &[(f64, f64)]) -> Vec<f64> {
    x.iter()
        .zip(bounds)
        .map(|(v, (lo, hi))| v.clamp(*lo, *hi))
        .collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A function to minimise: its value and gradient at a point.
pub type Objective<'a> = &'a dyn Fn(&[f64]) -> (f64, Vec<f64>);

/// Minimise `f` (value and gradient) from `start` within `bounds` (one (low, high) per variable).
/// A start outside the box is moved onto it; an infinite value is a point to step back from.
pub fn minimise(f: Objective<'_>, start: &[f64], bounds: &[(f64, f64)]) -> Minimum {
    let n = start.len();
    let mut x = project(start, bounds);
    let (mut fx, mut g) = f(&x);
    let mut memory: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut iterations = 0;
    while iterations < MAX_ITERATIONS && fx.is_finite() {
        // Variables at a bound whose gradient pushes outwards stay there this step.
        let free: Vec<bool> = (0..n)
            .map(|i| {
                let (lo, hi) = bounds[i];
                !((x[i] <= lo && g[i] > 0.0) || (x[i] >= hi && g[i] < 0.0))
            })
            .collect();
        let projected_gradient = (0..n)
            .map(|i| (x[i] - (x[i] - g[i]).clamp(bounds[i].0, bounds[i].1)).abs())
            .fold(0.0, f64::max);
        if projected_gradient <= PG_TOL {
            break;
        }
        iterations += 1;
        // Two-loop recursion on the free variables.
        let mut q: Vec<f64> = (0..n).map(|i| if free[i] { g[i] } else { 0.0 }).collect();
        let mut alphas = Vec::with_capacity(memory.len());
        for (s, y, rho) in memory.iter().rev() {
            let a = rho * dot(s, &q);
            for i in 0..n {
                q[i] -= a * y[i];
            }
            alphas.push(a);
        }
        if let Some((s, y, _)) = memory.last() {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|v| *v *= gamma);
        } else {
            // First step: a unit-length move, as L-BFGS-B's first Cauchy step.
            let norm = dot(&q, &q).sqrt().max(1e-300);
            q.iter_mut().for_each(|v| *v /= norm);
        }
        for ((s, y, rho), a) in memory.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &q);
            for i in 0..n {
                q[i] += s[i] * (a - b);
            }
        }
        let mut d: Vec<f64> = (0..n).map(|i| if free[i] { -q[i] } else { 0.0 }).collect();
        if dot(&d, &g) >= 0.0 {
            // Not a descent direction: steepest descent on the free variables.
            memory.clear();
            d = (0..n).map(|i| if free[i] { -g[i] } else { 0.0 }).collect();
        }
        // Backtracking along the projected path.
        let mut t = 1.0;
        let mut accepted = None;
        for _ in 0..60 {
            let trial: Vec<f64> = project(
                &x.iter()
                    .zip(&d)
                    .map(|(a, b)| a + t * b)
                    .collect::<Vec<f64>>(),
                bounds,
            );
            let step: Vec<f64> = trial.iter().zip(&x).map(|(a, b)| a - b).collect();
            if step.iter().all(|v| *v == 0.0) {
                break;
            }
            let (ft, gt) = f(&trial);
            if ft.is_finite() && ft <= fx + 1e-4 * dot(&g, &step) {
                accepted = Some((trial, ft, gt, step));
                break;
            }
            t *= 0.5;
        }
        let Some((trial, ft, gt, step)) = accepted else {
            break;
        };
        let y: Vec<f64> = gt.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&step, &y);
        if sy > 1e-10 * dot(&y, &y).max(1e-300) {
            memory.push((step, y, 1.0 / sy));
            if memory.len() > MEMORY {
                memory.remove(0);
            }
        }
        let decrease = (fx - ft) / fx.abs().max(ft.abs()).max(1.0);
        x = trial;
        fx = ft;
        g = gt;
        if decrease <= F_TOL {
            break;
        }
    }
    Minimum {
        x,
        value: fx,
        iterations,
    }
}
