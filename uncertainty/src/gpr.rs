//! Lecture 9.1, Gaussian-process regression (notebook `gpr.ipynb`): the notebook's 1-D and 2-D
//! problems and the answers of its exercises, as the lecturer's edition gives them.

use crate::gp::{self, column, grid, linspace, Gp, Kernel, Optimise};
use anyhow::Result;
use common::cli::{positive, positive_f64, Preset};
use common::plot::{self, ColorMapKind, Contour, Series, XyPlot};
use common::report::Report;
use common::seed::stream;
use common::task::{Context, Task};
use ndarray::Array2;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// The notebook's 1-D function, sin(2πx)·e^{3x}.
pub fn f1(x: f64) -> f64 {
    (2.0 * PI * x).sin() * (3.0 * x).exp()
}

/// The notebook's 2-D function with the frequency of x1 multiplied by `k`: sin(2πk·x1)·sin(2πx2).
pub fn f2(x1: f64, x2: f64, k: f64) -> f64 {
    (2.0 * PI * k * x1).sin() * (2.0 * PI * x2).sin()
}

/// Exercise 9.1.3: of the sizes tried (`found`: a size and the length scales fitted there), the
/// smallest from which on every size finds `target` within the relative `tolerance` in every
/// length scale; None when even the largest does not.
pub fn fewest_points(found: &[(usize, Vec<f64>)], target: &[f64], tolerance: f64) -> Option<usize> {
    // BEGIN SOLUTION 9.1.3
    let close = |ls: &[f64]| {
        ls.iter()
            .zip(target)
            .all(|(l, t)| ((l - t) / t).abs() <= tolerance)
    };
    let mut sizes: Vec<&(usize, Vec<f64>)> = found.iter().collect();
    sizes.sort_by_key(|(n, _)| *n);
    let mut fewest = None;
    for (n, ls) in sizes.iter().rev() {
        if close(ls) {
            fewest = Some(*n);
        } else {
            break;
        }
    }
    fewest
    // END SOLUTION
}

/// Settings of `gp1d` (the notebook's).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config1d {
    /// Training points on linspace(0, 1, points).
    pub points: usize,
    /// The initial RBF length scale.
    pub length_scale: f64,
    /// Added to the kernel's diagonal.
    pub alpha: f64,
    /// Random starts of the optimiser besides the initial length scale.
    pub restarts: usize,
    /// Exercise 4: standard deviation of the noise added to the targets (also passed as alpha,
    /// as the original did).
    pub noise: f64,
    /// Functions drawn from the prior and the posteriors.
    pub samples: usize,
    /// Points where the GP is evaluated.
    pub grid: usize,
    /// Exercise 3 tries every number of points from this one up to `points`.
    pub fewest_from: usize,
}

impl Config1d {
    pub fn preset(preset: Preset) -> Self {
        Self {
            points: 7,
            length_scale: 0.05,
            alpha: 1e-4,
            restarts: if preset == Preset::Smoke { 5 } else { 30 },
            noise: 0.3,
            samples: 10,
            grid: 100,
            fewest_from: 3,
        }
    }
}

/// Command-line overrides of [`Config1d`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags1d {
    /// Training points on linspace(0, 1, N) [default: 7].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub points: Option<usize>,
    /// The initial RBF length scale [default: 0.05].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub length_scale: Option<f64>,
    /// Added to the kernel's diagonal [default: 1e-4].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub alpha: Option<f64>,
    /// Random starts of the optimiser (n_restarts_optimizer) [default: 30; smoke 5].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub restarts: Option<usize>,
    /// Exercise 4's noise, a standard deviation, also passed as alpha as the original [default: 0.3].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub noise: Option<f64>,
    /// Functions drawn from the prior and each posterior [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub samples: Option<usize>,
    /// Points where the GP is evaluated [default: 100].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub grid: Option<usize>,
    /// Exercise 3 tries every number of points from this one up to --points [default: 3].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub fewest_from: Option<usize>,
}

/// One fitted GP on the grid, for a figure.
#[derive(Clone, Debug, Serialize)]
pub struct Fit1d {
    pub kernel: String,
    pub length_scale: f64,
    pub log_marginal_likelihood: f64,
    #[serde(skip)]
    pub x: Vec<f64>,
    #[serde(skip)]
    pub y: Vec<f64>,
    #[serde(skip)]
    pub mean: Vec<f64>,
    #[serde(skip)]
    pub std: Vec<f64>,
    #[serde(skip)]
    pub samples: Vec<Vec<f64>>,
}

/// What `gp1d` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome1d {
    #[serde(skip)]
    pub grid: Vec<f64>,
    #[serde(skip)]
    pub prior: Vec<Vec<f64>>,
    /// Exercise 1: the fixed length scale.
    pub fixed: Fit1d,
    /// Exercise 2: the length scale optimised.
    pub optimised: Fit1d,
    /// Exercise 3: the length scale found with each number of points.
    pub by_points: Vec<(usize, f64)>,
    /// Exercise 3's answer: the fewest points that find the length scale within 10 %.
    pub fewest_points: Option<usize>,
    /// Exercise 4: noisy targets.
    pub noisy: Fit1d,
    /// Exercise 4: the largest distance of the mean from a noisy target at the training points.
    pub noisy_largest_residual: f64,
    /// Exercise 5: Matérn ν = 1.5.
    pub matern: Fit1d,
}

/// Fit `kernel` to the points (`x`, `y`) with `alpha`, and evaluate it on `at` for a figure.
fn fit_1d(
    kernel: &Kernel,
    (x, y, alpha): (&[f64], &[f64], f64),
    optimise: Optimise,
    c: &Config1d,
    at: &Array2<f64>,
    rng: &mut rand::rngs::StdRng,
) -> Result<(Gp, Fit1d)> {
    let gp = Gp::fit(kernel, &column(x), y, alpha, optimise, rng)?;
    let (mean, std) = gp.predict(at);
    let samples = gp.sample(at, c.samples, rng);
    let fit = Fit1d {
        kernel: gp.kernel.to_string(),
        length_scale: gp.kernel.lengths()[0],
        log_marginal_likelihood: gp.log_marginal_likelihood(),
        x: x.to_vec(),
        y: y.to_vec(),
        mean,
        std,
        samples,
    };
    Ok((gp, fit))
}

/// The task.
#[derive(Debug)]
pub struct Gp1d;

impl Task for Gp1d {
    const NAME: &'static str = "gp1d";
    type Config = Config1d;
    type Outcome = Outcome1d;

    fn config(preset: Preset) -> Config1d {
        Config1d::preset(preset)
    }

    fn compute(c: &Config1d, ctx: &Context) -> Result<Outcome1d> {
        if c.points < 2 {
            anyhow::bail!("--points must be at least 2, got {}", c.points);
        }
        let mut rng = stream(ctx.seed, "gp1d");
        let grid_x = linspace(0.0, 1.0, c.grid.max(2));
        let at = column(&grid_x);
        let xs = linspace(0.0, 1.0, c.points);
        let fs: Vec<f64> = xs.iter().map(|&x| f1(x)).collect();
        let rbf = Kernel::Rbf(c.length_scale);
        rbf.check(1)?;
        let prior = gp::sample_prior(&rbf, &at, c.samples, &mut rng);
        let (_, fixed) = fit_1d(&rbf, (&xs, &fs, c.alpha), Optimise::No, c, &at, &mut rng)?;
        let restarts = Optimise::Restarts(c.restarts);
        let (_, optimised) = fit_1d(&rbf, (&xs, &fs, c.alpha), restarts, c, &at, &mut rng)?;
        println!(
            "gp1d: {} fixed, log-marginal likelihood {:.3}; optimised {} ({:.3})",
            fixed.kernel,
            fixed.log_marginal_likelihood,
            optimised.kernel,
            optimised.log_marginal_likelihood
        );
        let mut by_points = Vec::new();
        for n in c.fewest_from.max(2)..=c.points {
            let x = linspace(0.0, 1.0, n);
            let y: Vec<f64> = x.iter().map(|&v| f1(v)).collect();
            let gp = Gp::fit(&rbf, &column(&x), &y, c.alpha, restarts, &mut rng)?;
            by_points.push((n, gp.kernel.lengths()[0]));
        }
        let found: Vec<(usize, Vec<f64>)> = by_points.iter().map(|&(n, l)| (n, vec![l])).collect();
        let fewest = fewest_points(&found, &[optimised.length_scale], 0.1);
        println!(
            "gp1d: length scale by number of points {}; fewest that find it within 10 %: {}",
            by_points
                .iter()
                .map(|(n, l)| format!("{n}: {l:.4}"))
                .collect::<Vec<_>>()
                .join(", "),
            fewest.map_or("none".into(), |n| n.to_string())
        );
        let normal = Normal::new(0.0, c.noise)?;
        let ys: Vec<f64> = fs.iter().map(|f| f + normal.sample(&mut rng)).collect();
        let (noisy_gp, noisy) = fit_1d(&rbf, (&xs, &ys, c.noise), restarts, c, &at, &mut rng)?;
        let (at_data, _) = noisy_gp.predict(&column(&xs));
        let residual = at_data
            .iter()
            .zip(&ys)
            .map(|(m, y)| (m - y).abs())
            .fold(0.0, f64::max);
        let matern = Kernel::Matern15(c.length_scale);
        let (_, matern) = fit_1d(&matern, (&xs, &fs, c.alpha), restarts, c, &at, &mut rng)?;
        println!(
            "gp1d: noisy targets (alpha {}): {}, largest residual at the data {residual:.3}; {} ({:.3})",
            c.noise, noisy.kernel, matern.kernel, matern.log_marginal_likelihood
        );
        Ok(Outcome1d {
            grid: grid_x,
            prior,
            fixed,
            optimised,
            by_points,
            fewest_points: fewest,
            noisy,
            noisy_largest_residual: residual,
            matern,
        })
    }

    fn present(c: &Config1d, o: &Outcome1d, report: &mut Report) -> Result<()> {
        let truth: Vec<(f64, f64)> = o.grid.iter().map(|&x| (x, f1(x))).collect();
        let prior_plot = XyPlot {
            title: format!("Prior of RBF({}): {} draws", c.length_scale, o.prior.len()),
            x_label: "x".into(),
            y_label: "f(x)".into(),
            series: o
                .prior
                .iter()
                .map(|s| Series::line("", o.grid.iter().copied().zip(s.iter().copied()).collect()))
                .chain([Series::line("sin(2πx)·e^{3x}", truth.clone()).color(plot::BLACK)])
                .collect(),
            ..Default::default()
        };
        let prior = report.save("gp1d_prior.png", |p| plot::xy(p, &prior_plot))?;
        // Room above the curves for the legend.
        let (lo, hi) = plot::value_range(truth.iter().map(|p| p.1));
        let y_range = Some((lo - 0.15 * (hi - lo), hi + 0.6 * (hi - lo)));
        let panel = |title: &str, fit: &Fit1d| XyPlot {
            title: format!(
                "{title}, ℓ = {:.3}, log-lik. {:.2}",
                fit.length_scale, fit.log_marginal_likelihood
            ),
            y_range,
            x_label: "x".into(),
            y_label: "f(x)".into(),
            series: std::iter::once(
                Series::band(
                    "mean ± 1.96σ",
                    o.grid
                        .iter()
                        .copied()
                        .zip(fit.mean.iter().copied())
                        .collect(),
                    fit.std.iter().map(|s| 1.96 * s).collect(),
                )
                .color(plot::RGBColor(31, 119, 180)),
            )
            .chain(fit.samples.iter().map(|s| {
                Series::line("", o.grid.iter().copied().zip(s.iter().copied()).collect())
                    .color(plot::RGBColor(190, 190, 190))
            }))
            .chain([
                Series::line("truth", truth.clone()).color(plot::BLACK),
                Series::line(
                    "mean",
                    o.grid
                        .iter()
                        .copied()
                        .zip(fit.mean.iter().copied())
                        .collect(),
                )
                .color(plot::RGBColor(31, 119, 180)),
                Series::points(
                    "data",
                    fit.x.iter().copied().zip(fit.y.iter().copied()).collect(),
                )
                .color(plot::RGBColor(214, 39, 40)),
            ])
            .collect(),
            legend_upper_right: true,
            ..Default::default()
        };
        let panels = vec![
            panel("1 RBF, fixed", &o.fixed),
            panel("2 RBF, optimised", &o.optimised),
            panel("4 RBF, noisy data", &o.noisy),
            panel("5 Matérn ν = 1.5", &o.matern),
        ];
        let fits = report.save("gp1d_fits.png", |p| plot::panels(p, &panels, 2))?;
        report.section("Lecture 9.1 — Gaussian processes in 1-D");
        report.compare(
            "L9.1 optimised length scale, 7 points",
            "≈ 0.109",
            format!("{:.4}", o.optimised.length_scale),
        );
        report.compare(
            "L9.1 fewest points",
            "6 (5 fail)",
            o.fewest_points.map_or("none".into(), |n| n.to_string()),
        );
        let by_points = o
            .by_points
            .iter()
            .map(|(n, l)| format!("{n} points: ℓ = {l:.4}"))
            .collect::<Vec<_>>()
            .join("; ");
        report.text(&format!(
            "f(x) = sin(2πx)·e^{{3x}} from {} noise-free points, RBF kernel, alpha {}. Exercise 1, the length scale \
             fixed at {}: between the points the band is wide and the draws wander. Exercise 2, ℓ chosen by the \
             log-marginal likelihood (30 restarts in the notebook): {}. Exercise 3, fewer points: {by_points}; the \
             fewest that find ℓ within 10 %: {}. With too few points the likelihood is flat and the optimiser lands \
             on a tiny length scale that only interpolates. Exercise 4, targets with N(0, {}) noise and alpha = {} \
             (the original passes the standard deviation where scikit-learn expects a variance; kept): {}; the mean no \
             longer interpolates (largest residual at the data {:.3}). Exercise 5, Matérn ν = 1.5: {}.",
            c.points,
            c.alpha,
            c.length_scale,
            o.optimised.kernel,
            o.fewest_points.map_or("none".into(), |n| n.to_string()),
            c.noise,
            c.noise,
            o.noisy.kernel,
            o.noisy_largest_residual,
            o.matern.kernel
        ));
        report.figure(&prior, "Draws from the prior before fitting");
        report.figure(
            &fits,
            "Posterior mean, ±1.96σ, data and 10 posterior draws (grey) of exercises 1, 2, 4 and 5",
        );
        Ok(())
    }
}

/// Settings of `gp2d` (the notebook's).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config2d {
    /// Grid side: side × side training points on [0, 1]².
    pub side: usize,
    /// Added to the kernel's diagonal.
    pub alpha: f64,
    /// Random starts of the optimiser.
    pub restarts: usize,
    /// Exercise 3 tries every grid side from this one up to `side`.
    pub fewest_from: usize,
    /// Points a side where the figures evaluate the GP.
    pub plot_side: usize,
}

impl Config2d {
    pub fn preset(preset: Preset) -> Self {
        Self {
            side: 10,
            alpha: 1e-2,
            restarts: if preset == Preset::Smoke { 5 } else { 100 },
            fewest_from: if preset == Preset::Smoke { 8 } else { 3 },
            plot_side: 40,
        }
    }
}

/// Command-line overrides of [`Config2d`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags2d {
    /// Grid side: N × N training points [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub side: Option<usize>,
    /// Added to the kernel's diagonal [default: 1e-2].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub alpha: Option<f64>,
    /// Random starts of the optimiser (n_restarts_optimizer) [default: 100; smoke 5].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub restarts: Option<usize>,
    /// Exercise 3 tries every grid side from this one up to --side [default: 3; smoke 8].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub fewest_from: Option<usize>,
    /// Points a side where the figures evaluate the GP [default: 40].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub plot_side: Option<usize>,
}

/// One 2-D fit, for the figure.
#[derive(Clone, Debug, Serialize)]
pub struct Fit2d {
    pub kernel: String,
    pub length_scales: Vec<f64>,
    pub log_marginal_likelihood: f64,
    #[serde(skip)]
    pub mean: Vec<f64>,
    #[serde(skip)]
    pub std: Vec<f64>,
}

/// What `gp2d` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome2d {
    pub base: Fit2d,
    /// The frequency of x1 doubled.
    pub doubled: Fit2d,
    /// Exercise 3: the length scales found on each grid side.
    pub by_side: Vec<(usize, Vec<f64>)>,
    pub fewest_side: Option<usize>,
    #[serde(skip)]
    pub train: Array2<f64>,
}

fn fit_2d(
    c: &Config2d,
    side: usize,
    k: f64,
    at: Option<&Array2<f64>>,
    rng: &mut rand::rngs::StdRng,
) -> Result<Fit2d> {
    let g = linspace(0.0, 1.0, side);
    let x = grid(&g, &g);
    let y: Vec<f64> = x.rows().into_iter().map(|r| f2(r[0], r[1], k)).collect();
    let gp = Gp::fit(
        &Kernel::Ard(vec![1.0, 1.0]),
        &x,
        &y,
        c.alpha,
        Optimise::Restarts(c.restarts),
        rng,
    )?;
    let (mean, std) = at.map_or((Vec::new(), Vec::new()), |a| gp.predict(a));
    Ok(Fit2d {
        kernel: gp.kernel.to_string(),
        length_scales: gp.kernel.lengths(),
        log_marginal_likelihood: gp.log_marginal_likelihood(),
        mean,
        std,
    })
}

/// The task.
#[derive(Debug)]
pub struct Gp2d;

impl Task for Gp2d {
    const NAME: &'static str = "gp2d";
    type Config = Config2d;
    type Outcome = Outcome2d;

    fn config(preset: Preset) -> Config2d {
        Config2d::preset(preset)
    }

    fn compute(c: &Config2d, ctx: &Context) -> Result<Outcome2d> {
        if c.side < 2 {
            anyhow::bail!("--side must be at least 2, got {}", c.side);
        }
        let mut rng = stream(ctx.seed, "gp2d");
        let p = linspace(0.0, 1.0, c.plot_side.max(2));
        // Rows of the plot grid: x2 slowest, so that value j·n + i is at column i, row j.
        let at = grid(&p, &p).select(ndarray::Axis(1), &[1, 0]);
        let base = fit_2d(c, c.side, 1.0, Some(&at), &mut rng)?;
        let doubled = fit_2d(c, c.side, 2.0, Some(&at), &mut rng)?;
        println!(
            "gp2d: {} ({:.3}); x1's frequency doubled: {} ({:.3})",
            base.kernel,
            base.log_marginal_likelihood,
            doubled.kernel,
            doubled.log_marginal_likelihood
        );
        let mut by_side = Vec::new();
        for side in c.fewest_from.max(2)..=c.side {
            by_side.push((side, fit_2d(c, side, 1.0, None, &mut rng)?.length_scales));
        }
        let fewest_side = fewest_points(&by_side, &base.length_scales, 0.1);
        println!(
            "gp2d: fewest grid side that finds the length scales within 10 %: {}",
            fewest_side.map_or("none".into(), |n| n.to_string())
        );
        let g = linspace(0.0, 1.0, c.side);
        Ok(Outcome2d {
            base,
            doubled,
            by_side,
            fewest_side,
            train: grid(&g, &g),
        })
    }

    fn present(c: &Config2d, o: &Outcome2d, report: &mut Report) -> Result<()> {
        let n = c.plot_side.max(2);
        // The training points, unnamed (no legend over the map).
        let points = Series::points(
            "",
            o.train.rows().into_iter().map(|r| (r[0], r[1])).collect(),
        )
        .color(plot::BLACK);
        let panel = |title: String, values: &[f64], cmap: ColorMapKind| Contour {
            title,
            x_label: "x1".into(),
            y_label: "x2".into(),
            x_range: (0.0, 1.0),
            y_range: (0.0, 1.0),
            nx: n,
            ny: n,
            values: values.to_vec(),
            levels: 12,
            overlay: vec![points.clone()],
            cmap,
            colors: None,
        };
        let ls = |f: &Fit2d| {
            f.length_scales
                .iter()
                .map(|l| format!("{l:.3}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let panels = vec![
            panel(
                format!("mean, ℓ = ({})", ls(&o.base)),
                &o.base.mean,
                ColorMapKind::Viridis,
            ),
            panel(
                "standard deviation".into(),
                &o.base.std,
                ColorMapKind::Viridis,
            ),
            panel(
                format!("x1 frequency doubled: mean, ℓ = ({})", ls(&o.doubled)),
                &o.doubled.mean,
                ColorMapKind::Viridis,
            ),
            panel(
                "standard deviation".into(),
                &o.doubled.std,
                ColorMapKind::Viridis,
            ),
        ];
        let fig = report.save("gp2d.png", |p| plot::contour_panels(p, &panels, 2))?;
        let surface = plot::Surface3d {
            title: format!("Posterior mean over (x1, x2), ℓ = ({})", ls(&o.base)),
            x_range: (0.0, 1.0),
            y_range: (0.0, 1.0),
            nx: n,
            ny: n,
            values: o.base.mean.clone(),
            cmap: ColorMapKind::Viridis,
            yaw: 0.6,
            pitch: 0.5,
        };
        let surface = report.save("gp2d_surface.png", |p| plot::surface3d(p, &surface))?;
        report.section("Lecture 9.1 — Gaussian processes in 2-D");
        report.compare("L9.1 2-D length scales", "0.284, 0.284", ls(&o.base));
        report.compare(
            "L9.1 2-D, x1 frequency doubled",
            "0.142, 0.28",
            ls(&o.doubled),
        );
        report.compare(
            "L9.1 2-D fewest grid",
            "6×6",
            o.fewest_side.map_or("none".into(), |s| format!("{s}×{s}")),
        );
        report.text(&format!(
            "sin(2πx1)·sin(2πx2) on a {s}×{s} grid, anisotropic RBF from (1, 1), alpha {}, {} restarts: {}. Doubling \
             x1's frequency halves its length scale: {}. Grid sides tried: {}.",
            c.alpha,
            c.restarts,
            o.base.kernel,
            o.doubled.kernel,
            o.by_side
                .iter()
                .map(|(s, l)| format!(
                    "{s}×{s}: ({})",
                    l.iter().map(|v| format!("{v:.3}")).collect::<Vec<_>>().join(", ")
                ))
                .collect::<Vec<_>>()
                .join("; "),
            s = c.side
        ));
        report.figure(
            &fig,
            "Posterior mean and standard deviation with the training points",
        );
        report.figure(&surface, "The posterior mean as a surface");
        Ok(())
    }
}
