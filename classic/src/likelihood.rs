//! Lecture 4, the likelihood (notebook "Curve fitting", second half): the Gaussian
//! log-likelihood lnL = −½ Σ [((y − M)/σ)² + ln(2πσ)] at the least-squares optimum of
//! [`crate::curve_fit`], and exp(lnL) on the notebook's 100 × 100 grid over (A, γ) with x0 and b
//! fixed.

use crate::curve_fit::{self, fit_file};
use crate::data::linspace;
use crate::models::{self, Norm};
use crate::table::Table;
use anyhow::Result;
use common::cli::{positive, Preset};
use common::plot::{self, ColorMapKind, Contour, Series};
use common::report::Report;
use common::task::{Context, Task};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of `likelihood`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The original's lorentzian.txt; `None` writes and reads a seeded stand-in.
    pub data: Option<PathBuf>,
    /// Grid points along A and along γ.
    pub grid: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data: None,
            grid: 100,
        }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// The data file in the original's format [default: a seeded stand-in].
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Grid points along A and along γ [default: 100].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub grid: Option<usize>,
}

/// The notebook's grid, `n` × `n`: A over a width of 0.028 and γ over 0.025 (the original's
/// [0.932, 0.96] × [0.525, 0.55]), here centred on the optimum.
pub fn likelihood_grid(data: &Table, best: &[f64], n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let a = linspace(best[0] - 0.014, best[0] + 0.014, n);
    let g = linspace(best[1] - 0.0125, best[1] + 0.0125, n);
    let mut ln_l = Vec::with_capacity(n * n);
    for &gamma in &g {
        for &amp in &a {
            let p = [amp, gamma, best[2], best[3]];
            ln_l.push(models::ln_likelihood(
                data.column(1),
                data.column(0).iter().map(|&x| models::lorentzian(&p, x)),
                data.column(2),
                Norm::TwoPiSigma,
            ));
        }
    }
    (a, g, ln_l)
}

/// What `likelihood` computed.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// lnL at the least-squares optimum, with the notebook's ln(2πσ).
    pub ln_l: f64,
    pub a_range: (f64, f64),
    pub gamma_range: (f64, f64),
    /// The grid point of highest likelihood.
    pub grid_best: (f64, f64),
    /// The optimum (A, γ).
    #[serde(skip)]
    pub optimum: (f64, f64),
    /// lnL over the grid, A fastest.
    #[serde(skip)]
    pub grid: Vec<f64>,
}

/// The task.
#[derive(Debug)]
pub struct Likelihood;

impl Task for Likelihood {
    const NAME: &'static str = "likelihood";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let fit = fit_file(
            &curve_fit::Config {
                data: c.data.clone(),
            },
            ctx,
        )?;
        let data = Table {
            columns: fit.columns.to_vec(),
        };
        let p = &fit.fit.params;
        let ln_l = models::ln_likelihood(
            data.column(1),
            data.column(0).iter().map(|&x| models::lorentzian(p, x)),
            data.column(2),
            Norm::TwoPiSigma,
        );
        let n = c.grid;
        let (a, g, grid) = likelihood_grid(&data, p, n);
        let best = (0..grid.len())
            .max_by(|&i, &j| grid[i].total_cmp(&grid[j]))
            .unwrap_or(0);
        let grid_best = (a[best % n], g[best / n]);
        println!(
            "likelihood: lnL = {ln_l:.3} at the optimum; grid maximum at A = {:.4}, γ = {:.4}",
            grid_best.0, grid_best.1
        );
        Ok(Outcome {
            ln_l,
            a_range: (a[0], a[n - 1]),
            gamma_range: (g[0], g[n - 1]),
            grid_best,
            optimum: (p[0], p[1]),
            grid,
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let n = c.grid;
        // Relative to the maximum, so that the colour scale reads 0 … 1 instead of e^100-sized
        // numbers (exp(lnL) itself overflows any colour bar's labels).
        let top = o.grid.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let contour = Contour {
            title: "Relative likelihood exp(lnL − lnL max), x0 and b fixed".into(),
            x_label: "A".into(),
            y_label: "γ".into(),
            x_range: o.a_range,
            y_range: o.gamma_range,
            nx: n,
            ny: n,
            values: o.grid.iter().map(|v| (v - top).exp()).collect(),
            levels: 10,
            overlay: vec![Series::points("optimum", vec![o.optimum]).color(plot::RED)],
            cmap: ColorMapKind::Viridis,
            colors: None,
        };
        let fig = report.save("likelihood_plot.png", |p| plot::contour(p, &contour))?;
        report.section("Lecture 4 — the likelihood");
        report.text(&format!(
            "lnL = −½ Σ [((y − M)/σ)² + ln(2πσ)] (the notebook's formula) = **{:.3}** at the optimum. \
             The {n} × {n} grid spans A ∈ [{:.3}, {:.3}] and γ ∈ [{:.4}, {:.4}] (the original's widths, centred \
             on our optimum); its maximum lies at A = {:.4}, γ = {:.4}.",
            o.ln_l, o.a_range.0, o.a_range.1, o.gamma_range.0, o.gamma_range.1, o.grid_best.0, o.grid_best.1
        ));
        report.figure(&fig, "exp(lnL) over A and γ, relative to its maximum");
        Ok(())
    }
}
