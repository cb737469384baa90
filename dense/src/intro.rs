//! Lecture 1 — Intro to deep learning (J. Cooper), `lecture_1_lecturer_edition`.
//!
//! One "neuron" with four weights: the cubic y = a + b·x + c·x² + d·x³ fitted to sin(x) on 2 000
//! points of [−π, π] by full-batch gradient descent written by hand (the notebook's NumPy loop:
//! gradients of the summed squared error, lr 1e-6, 2 000 epochs, MSE printed every 100 epochs,
//! weights started at U[0, 1)); then the same fit with tch's autograd and SGD optimiser from the
//! same start, which must follow the hand-written run step for step; then the perceptron, the
//! lecture's first model, learning a seeded linearly separable 2-D set with Rosenblatt's rule.
//!
//! Expected: MSE ≈ 140 at epoch 0 falling to ≈ 0.0045 after 2 000 epochs (the least-squares cubic
//! has MSE 0.004409; the notebook recorded 0.004775 at epoch 1900 from an unseeded start), and a
//! perceptron that separates the training set within a few epochs.

use anyhow::{Context, Result};
use rand::seq::SliceRandom;
use rand::Rng;
use tch::nn::{self, OptimizerConfig};
use tch::{Device, Kind, Tensor};

/// Settings of the lecture-1 run; `Default` is the notebook's.
#[derive(Clone, Debug, serde::Serialize)]
pub struct IntroConfig {
    /// Points of sin(x) on [−π, π].
    pub points: usize,
    /// Full-batch gradient-descent epochs.
    pub epochs: usize,
    /// Learning rate (applied to gradients of the summed squared error).
    pub lr: f64,
    /// Print and record the MSE every this many epochs.
    pub report_every: usize,
    /// Points of the perceptron's 2-D data set.
    pub perceptron_points: usize,
    /// Perceptron epochs at most (it stops at the first epoch without a mistake).
    pub perceptron_epochs: usize,
}

impl Default for IntroConfig {
    fn default() -> Self {
        Self {
            points: 2000,
            epochs: 2000,
            lr: 1e-6,
            report_every: 100,
            perceptron_points: 200,
            perceptron_epochs: 100,
        }
    }
}

/// The cubic's coefficients `[a, b, c, d]`.
pub type Coeffs = [f64; 4];

/// y = a + b·x + c·x² + d·x³.
pub fn cubic(k: &Coeffs, x: f64) -> f64 {
    k[0] + x * (k[1] + x * (k[2] + x * k[3]))
}

/// `n` evenly spaced points of [−π, π] (like `np.linspace`, both ends included) and sin there.
pub fn sine_data(n: usize) -> (Vec<f64>, Vec<f64>) {
    let pi = std::f64::consts::PI;
    let x: Vec<f64> = (0..n)
        .map(|i| {
            if n == 1 {
                -pi
            } else {
                -pi + 2.0 * pi * i as f64 / (n - 1) as f64
            }
        })
        .collect();
    let y = x.iter().map(|v| v.sin()).collect();
    (x, y)
}

/// The notebook's start: each coefficient drawn from U[0, 1), in the order a, b, c, d.
pub fn random_start<R: Rng>(rng: &mut R) -> Coeffs {
    [rng.gen(), rng.gen(), rng.gen(), rng.gen()]
}

/// The result of a cubic fit.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CubicFit {
    pub coeffs: Coeffs,
    /// `(epoch, MSE before that epoch's update)` every `report_every` epochs.
    pub trace: Vec<(usize, f64)>,
    /// MSE after the last update.
    pub final_mse: f64,
}

fn mse(k: &Coeffs, x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .zip(y)
        .map(|(&x, &y)| (cubic(k, x) - y).powi(2))
        .sum::<f64>()
        / x.len() as f64
}

/// Gradient descent written out by hand, as in the notebook: g = 2(ŷ − y), then
/// a −= lr·Σg, b −= lr·Σg·x, c −= lr·Σg·x², d −= lr·Σg·x³.
pub fn fit_by_hand(x: &[f64], y: &[f64], start: Coeffs, cfg: &IntroConfig) -> CubicFit {
    let mut k = start;
    let mut trace = Vec::new();
    for epoch in 0..cfg.epochs {
        // BEGIN SOLUTION 1.1
        let mut grad = [0.0; 4];
        let mut sse = 0.0;
        for (&xi, &yi) in x.iter().zip(y) {
            let err = cubic(&k, xi) - yi;
            sse += err * err;
            let g = 2.0 * err;
            grad[0] += g;
            grad[1] += g * xi;
            grad[2] += g * xi * xi;
            grad[3] += g * xi * xi * xi;
        }
        if epoch % cfg.report_every.max(1) == 0 {
            trace.push((epoch, sse / x.len() as f64));
        }
        for (kj, gj) in k.iter_mut().zip(grad) {
            *kj -= cfg.lr * gj;
        }
        // END SOLUTION
    }
    CubicFit {
        coeffs: k,
        trace,
        final_mse: mse(&k, x, y),
    }
}

/// The same fit with autograd: the four weights live in a `VarStore` (f64), the loss is the
/// summed squared error, and `nn::Sgd` takes the step.
pub fn fit_autograd(x: &[f64], y: &[f64], start: Coeffs, cfg: &IntroConfig) -> Result<CubicFit> {
    let mut vs = nn::VarStore::new(Device::Cpu);
    let root = vs.root();
    let names = ["a", "b", "c", "d"];
    let mut w: Vec<Tensor> = names
        .iter()
        .map(|n| root.var(n, &[1], nn::Init::Const(0.0)))
        .collect();
    // Variables are created as f32; switch to f64 before setting the start, so that it is exact.
    vs.double();
    tch::no_grad(|| {
        for (t, v) in w.iter_mut().zip(start) {
            let _ = t.fill_(v);
        }
    });
    let mut opt = nn::Sgd::default()
        .build(&vs, cfg.lr)
        .context("building the SGD optimiser")?;
    let xt = Tensor::from_slice(x).to_kind(Kind::Double);
    let yt = Tensor::from_slice(y).to_kind(Kind::Double);
    let mut trace = Vec::new();
    let n = x.len() as f64;
    for epoch in 0..cfg.epochs {
        // BEGIN SOLUTION 1.2
        let pred = &w[0] + &xt * (&w[1] + &xt * (&w[2] + &xt * &w[3]));
        let sse = (pred - &yt).square().sum(Kind::Double);
        if epoch % cfg.report_every.max(1) == 0 {
            trace.push((epoch, sse.double_value(&[]) / n));
        }
        opt.backward_step(&sse);
        // END SOLUTION
    }
    let mut coeffs = [0.0; 4];
    for (c, t) in coeffs.iter_mut().zip(&w) {
        *c = t.double_value(&[0]);
    }
    Ok(CubicFit {
        coeffs,
        trace,
        final_mse: mse(&coeffs, x, y),
    })
}

/// The exact least-squares cubic (normal equations), the best any descent can reach.
pub fn least_squares(x: &[f64], y: &[f64]) -> Coeffs {
    // Solve the 4×4 normal equations by Gaussian elimination with partial pivoting.
    let mut m = [[0.0f64; 5]; 4];
    for (&xi, &yi) in x.iter().zip(y) {
        let p = [1.0, xi, xi * xi, xi * xi * xi];
        for r in 0..4 {
            for c in 0..4 {
                m[r][c] += p[r] * p[c];
            }
            m[r][4] += p[r] * yi;
        }
    }
    for col in 0..4 {
        let pivot = (col..4)
            .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            .unwrap_or(col);
        m.swap(col, pivot);
        let p = m[col];
        if p[col] == 0.0 {
            continue;
        }
        for (r, row) in m.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / p[col];
                for (v, pv) in row[col..].iter_mut().zip(&p[col..]) {
                    *v -= f * pv;
                }
            }
        }
    }
    let mut k = [0.0; 4];
    for (i, ki) in k.iter_mut().enumerate() {
        *ki = if m[i][i] != 0.0 {
            m[i][4] / m[i][i]
        } else {
            0.0
        };
    }
    k
}

/// A 2-D point with its class, +1 or −1.
pub type Labelled = ([f64; 2], f64);

/// `n` points of [−1, 1]², labelled by a random line and kept only at least `margin` away from
/// it, so the set is linearly separable with that margin. Returns the points and the true line
/// `(w, b)` (unit `w`).
pub fn separable_points<R: Rng>(n: usize, margin: f64, rng: &mut R) -> (Vec<Labelled>, [f64; 3]) {
    let theta: f64 = rng.gen_range(0.0..std::f64::consts::TAU);
    let (w0, w1) = (theta.cos(), theta.sin());
    let b: f64 = rng.gen_range(-0.3..0.3);
    let mut points = Vec::with_capacity(n);
    while points.len() < n {
        let p = [rng.gen_range(-1.0..1.0), rng.gen_range(-1.0..1.0)];
        let s = w0 * p[0] + w1 * p[1] + b;
        if s.abs() >= margin {
            points.push((p, s.signum()));
        }
    }
    (points, [w0, w1, b])
}

/// A trained perceptron: predicts sign(w·x + b).
#[derive(Clone, Debug, serde::Serialize)]
pub struct PerceptronRun {
    pub w: [f64; 2],
    pub b: f64,
    /// Mistakes (updates) made in each epoch.
    pub mistakes: Vec<usize>,
    /// The first epoch (1-based) with no mistake, if any.
    pub converged_at: Option<usize>,
}

impl PerceptronRun {
    pub fn predict(&self, p: &[f64; 2]) -> f64 {
        let s = self.w[0] * p[0] + self.w[1] * p[1] + self.b;
        if s > 0.0 {
            1.0
        } else {
            -1.0
        }
    }
}

/// Rosenblatt's rule: visit the points in a fresh random order each epoch; on a mistake
/// (y·(w·x + b) ≤ 0) set w += y·x and b += y. Stops after the first epoch without a mistake.
pub fn train_perceptron<R: Rng>(
    data: &[Labelled],
    max_epochs: usize,
    rng: &mut R,
) -> PerceptronRun {
    let mut run = PerceptronRun {
        w: [0.0; 2],
        b: 0.0,
        mistakes: Vec::new(),
        converged_at: None,
    };
    let mut order: Vec<usize> = (0..data.len()).collect();
    for epoch in 1..=max_epochs {
        order.shuffle(rng);
        let mut mistakes = 0;
        for &i in &order {
            let (p, y) = data[i];
            if y * (run.w[0] * p[0] + run.w[1] * p[1] + run.b) <= 0.0 {
                run.w[0] += y * p[0];
                run.w[1] += y * p[1];
                run.b += y;
                mistakes += 1;
            }
        }
        run.mistakes.push(mistakes);
        if mistakes == 0 {
            run.converged_at = Some(epoch);
            break;
        }
    }
    run
}

/// What a lecture-1 run found, for the summary and tests.
#[derive(Clone, Debug, serde::Serialize)]
pub struct IntroOutcome {
    pub start: Coeffs,
    pub by_hand: CubicFit,
    pub autograd: CubicFit,
    pub least_squares: Coeffs,
    pub least_squares_mse: f64,
    pub perceptron: PerceptronRun,
    pub perceptron_accuracy: f64,
    /// The largest difference between the hand-written and the autograd coefficients.
    pub max_coefficient_difference: f64,
    /// The perceptron's points and the boundary (w₀, w₁, b) that separates them.
    pub perceptron_points: Vec<Labelled>,
    pub true_boundary: [f64; 3],
}

fn poly_string(k: &Coeffs) -> String {
    format!(
        "y = {:.5} {:+.5}x {:+.6}x² {:+.6}x³",
        k[0], k[1], k[2], k[3]
    )
}

/// Lecture 1's computation: the cubic fitted by hand, by autograd and exactly, and the perceptron;
/// prints the MSE trace, writes nothing.
pub fn compute(cfg: &IntroConfig, seed: u64) -> Result<IntroOutcome> {
    let (x, y) = sine_data(cfg.points);
    let start = random_start(&mut common::seed::stream(seed, "intro/cubic"));
    println!(
        "Lecture 1: fitting y = a + bx + cx² + dx³ to sin(x) on {} points, lr {:e}, {} epochs",
        cfg.points, cfg.lr, cfg.epochs
    );
    println!(
        "start (U[0,1), seed {seed}): a={:.4} b={:.4} c={:.4} d={:.4}",
        start[0], start[1], start[2], start[3]
    );
    let by_hand = fit_by_hand(&x, &y, start, cfg);
    for (epoch, mse) in &by_hand.trace {
        println!("epoch {epoch:>5}  MSE {mse:.6}");
    }
    println!(
        "after {} epochs: MSE {:.6}, {}",
        cfg.epochs,
        by_hand.final_mse,
        poly_string(&by_hand.coeffs)
    );
    let autograd = fit_autograd(&x, &y, start, cfg)?;
    let max_diff = by_hand
        .coeffs
        .iter()
        .zip(&autograd.coeffs)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    println!("autograd + SGD from the same start: MSE {:.6}, largest coefficient difference {max_diff:.2e}", autograd.final_mse);
    let lsq = least_squares(&x, &y);
    let lsq_mse = mse(&lsq, &x, &y);
    println!(
        "exact least squares: MSE {lsq_mse:.6}, {}",
        poly_string(&lsq)
    );

    let mut rng = common::seed::stream(seed, "intro/perceptron");
    let (data, truth) = separable_points(cfg.perceptron_points, 0.1, &mut rng);
    let perceptron = train_perceptron(&data, cfg.perceptron_epochs, &mut rng);
    let correct = data
        .iter()
        .filter(|(p, y)| perceptron.predict(p) == *y)
        .count();
    let accuracy = correct as f64 / data.len().max(1) as f64;
    match perceptron.converged_at {
        Some(e) => println!(
            "perceptron: separated all {} points after {e} epochs ({} updates)",
            data.len(),
            perceptron.mistakes.iter().sum::<usize>()
        ),
        None => println!(
            "perceptron: not separated after {} epochs (training accuracy {accuracy:.3})",
            cfg.perceptron_epochs
        ),
    }
    Ok(IntroOutcome {
        start,
        by_hand,
        autograd,
        max_coefficient_difference: max_diff,
        least_squares: lsq,
        least_squares_mse: lsq_mse,
        perceptron,
        perceptron_accuracy: accuracy,
        perceptron_points: data,
        true_boundary: truth,
    })
}

/// Figures, report text and metrics of [`compute`]'s outcome.
pub fn present(
    cfg: &IntroConfig,
    seed: u64,
    o: &IntroOutcome,
    report: &mut common::report::Report,
) -> Result<()> {
    figures(cfg, o, report)?;
    report_text(cfg, seed, o, report)
}

/// Lecture 1's figures: sin(x), the fitted cubics, the MSE trace, the perceptron's boundary.
fn figures(cfg: &IntroConfig, o: &IntroOutcome, report: &common::report::Report) -> Result<()> {
    use common::plot::{self, ColorMapKind, Contour, Series, XyPlot, PALETTE};

    let (x, _) = sine_data(cfg.points);
    let (by_hand, autograd, perceptron) = (&o.by_hand, &o.autograd, &o.perceptron);
    let (data, truth) = (&o.perceptron_points, o.true_boundary);
    // Figures.
    let curve = |f: &dyn Fn(f64) -> f64| x.iter().map(|&v| (v, f(v))).collect::<Vec<_>>();
    let sine = curve(&|v| v.sin());
    plot::xy(
        &report.path("intro_sine.png"),
        &XyPlot {
            title: "y = sin(x)".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            series: vec![Series::line("sin(x)", sine.clone())],
            ..Default::default()
        },
    )?;
    plot::xy(
        &report.path("intro_fit.png"),
        &XyPlot {
            title: format!("sin(x) and the cubic after {} epochs", cfg.epochs),
            x_label: "x".into(),
            y_label: "y".into(),
            series: vec![
                Series::line("sin(x)", sine),
                Series::line("cubic, by hand", curve(&|v| cubic(&by_hand.coeffs, v))),
                Series::dashed("cubic, autograd", curve(&|v| cubic(&autograd.coeffs, v))),
            ],
            ..Default::default()
        },
    )?;
    let trace = |f: &CubicFit| {
        f.trace
            .iter()
            .map(|&(e, m)| (e as f64, m))
            .collect::<Vec<_>>()
    };
    plot::xy(
        &report.path("intro_mse.png"),
        &XyPlot {
            title: "MSE during gradient descent".into(),
            x_label: "epoch".into(),
            y_label: "MSE".into(),
            series: vec![
                Series::line("by hand", trace(by_hand)),
                Series::dashed("autograd", trace(autograd)),
            ],
            log_y: true,
            ..Default::default()
        },
    )?;
    let n = 120;
    let values: Vec<f64> = (0..n * n)
        .map(|k| {
            let (i, j) = (k % n, k / n);
            let p = [
                -1.0 + 2.0 * (i as f64 + 0.5) / n as f64,
                -1.0 + 2.0 * (j as f64 + 0.5) / n as f64,
            ];
            perceptron.w[0] * p[0] + perceptron.w[1] * p[1] + perceptron.b
        })
        .collect();
    let class = |c: f64| {
        data.iter()
            .filter(|d| d.1 == c)
            .map(|d| (d.0[0], d.0[1]))
            .collect::<Vec<_>>()
    };
    let line = |w: [f64; 2], b: f64| -> Vec<(f64, f64)> {
        // w0·x + w1·y + b = 0, drawn across the square.
        if w[1].abs() > w[0].abs() {
            vec![(-1.0, (w[0] - b) / w[1]), (1.0, (-w[0] - b) / w[1])]
        } else {
            vec![((w[1] - b) / w[0], -1.0), ((-w[1] - b) / w[0], 1.0)]
        }
    };
    plot::contour(
        &report.path("intro_perceptron.png"),
        &Contour {
            title: "Perceptron: w·x + b and its decision boundary".into(),
            x_label: "x₁".into(),
            y_label: "x₂".into(),
            x_range: (-1.0, 1.0),
            y_range: (-1.0, 1.0),
            nx: n,
            ny: n,
            values,
            levels: 10,
            overlay: vec![
                Series::points("class +1", class(1.0)).color(PALETTE[1]),
                Series::points("class −1", class(-1.0)).color(PALETTE[0]),
                Series::line("learned boundary", line(perceptron.w, perceptron.b))
                    .color(plot::BLACK),
                Series::dashed("true boundary", line([truth[0], truth[1]], truth[2]))
                    .color(PALETTE[3]),
            ],
            cmap: ColorMapKind::Gray,
            colors: None,
        },
    )?;

    Ok(())
}

/// Lecture 1's report text, the recorded numbers beside ours, and its metrics.
fn report_text(
    cfg: &IntroConfig,
    seed: u64,
    o: &IntroOutcome,
    report: &mut common::report::Report,
) -> Result<()> {
    let (start, by_hand, autograd, perceptron) = (o.start, &o.by_hand, &o.autograd, &o.perceptron);
    let (data, lsq, lsq_mse) = (&o.perceptron_points, o.least_squares, o.least_squares_mse);
    let (max_diff, accuracy) = (o.max_coefficient_difference, o.perceptron_accuracy);
    // Report.
    report.section("Lecture 1 — the cubic neuron and the perceptron");
    let at = |f: &CubicFit, e: usize| {
        f.trace
            .iter()
            .find(|t| t.0 == e)
            .map_or("—".to_string(), |t| format!("{:.6}", t.1))
    };
    report.compare(
        "L1 MSE at epoch 0",
        "140.17 (unseeded start)",
        at(by_hand, 0),
    );
    report.compare("L1 MSE at epoch 100", "0.2303", at(by_hand, 100));
    report.compare("L1 MSE at epoch 1900", "0.004775", at(by_hand, 1900));
    report.compare(
        "L1 fitted cubic",
        "y = 0.02299 + 0.85021x − 0.003966x² − 0.092401x³",
        poly_string(&by_hand.coeffs),
    );
    report.compare(
        "L1 least-squares MSE (the floor)",
        "0.004409 (spec check)",
        format!("{lsq_mse:.6}"),
    );
    report.text(&format!(
        "Start U[0,1) with seed {seed}: a={:.4}, b={:.4}, c={:.4}, d={:.4}. The original start was unseeded, so the \
         early MSE values differ; every start ends near the least-squares floor. Autograd with SGD from the same \
         start ends at MSE {:.6}, largest coefficient difference {max_diff:.2e} from the hand-written loop.",
        start[0], start[1], start[2], start[3], autograd.final_mse
    ));
    report.figure("intro_sine.png", "y = sin(x) on [−π, π]");
    report.figure(
        "intro_fit.png",
        "sin(x) against the fitted cubic (hand-written and autograd)",
    );
    report.figure("intro_mse.png", "MSE every 100 epochs");
    report.text(&format!(
        "Perceptron on {} seeded separable points: {} after {} epochs, training accuracy {accuracy:.3}.",
        data.len(),
        if perceptron.converged_at.is_some() { "separated" } else { "not separated" },
        perceptron.mistakes.len()
    ));
    report.figure("intro_perceptron.png", "Perceptron decision boundary");
    report.metric(
        "intro",
        serde_json::json!({
            "config": cfg,
            "seed": seed,
            "start": start,
            "mse_trace": by_hand.trace,
            "final_mse": by_hand.final_mse,
            "coefficients": by_hand.coeffs,
            "autograd_final_mse": autograd.final_mse,
            "autograd_max_coefficient_difference": max_diff,
            "least_squares": lsq,
            "least_squares_mse": lsq_mse,
            "perceptron": perceptron,
            "perceptron_accuracy": accuracy,
        }),
    )?;
    Ok(())
}

/// Lecture 1 as the binary runs it: [`compute`], then [`present`], and the report written.
pub fn run(
    cfg: &IntroConfig,
    seed: u64,
    report: &mut common::report::Report,
) -> Result<IntroOutcome> {
    let outcome = compute(cfg, seed)?;
    present(cfg, seed, &outcome, report)?;
    report.write()?;
    Ok(outcome)
}
