//! Lecture 4, model-dependent analysis (notebook "Curve fitting"): a Lorentzian on a flat
//! background fitted to quasi-elastic scattering data (`lorentzian.txt`: x y yerr) by
//! Levenberg–Marquardt ([`crate::lm`]), the errors as absolute weights, as
//! `scipy.optimize.curve_fit(..., sigma=yerr, absolute_sigma=True)`. Recorded: A, γ, x0, b =
//! 0.946 ± 0.011, 0.538 ± 0.008, −0.038 ± 0.007, 0.496 ± 0.001.

use crate::data::{given_or_stand_in, linspace, points, read_xy};
use crate::lm::{self, CurveFit};
use crate::{models, standin};
use anyhow::{Context as _, Result};
use common::cli::Preset;
use common::plot::{self, Series, XyPlot, PALETTE};
use common::report::Report;
use common::task::{Context, Task};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of `curve-fit`: the data file only.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The original's file; `None` writes and reads a seeded stand-in.
    pub data: Option<PathBuf>,
}

/// Command-line overrides of a task whose only setting is its data file.
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct FileFlags {
    /// The data file in the original's format [default: a seeded stand-in].
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
}

/// The notebook's starting point: scipy's default, every parameter 1.
pub const LORENTZIAN_START: [f64; 4] = [1.0, 1.0, 1.0, 1.0];

/// The parameters' names.
pub const NAMES: [&str; 4] = ["A", "γ", "x0", "b"];

/// Fit the Lorentzian with background to `x y yerr` data by Levenberg–Marquardt.
pub fn fit_lorentzian(data: &crate::table::Table) -> Result<CurveFit> {
    lm::curve_fit(
        models::lorentzian,
        data.column(0),
        data.column(1),
        Some(data.column(2)),
        &LORENTZIAN_START,
        true,
    )
}

/// What `curve-fit` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub file: PathBuf,
    pub stand_in: bool,
    pub fit: CurveFit,
    /// The data's columns x, y, yerr.
    #[serde(skip)]
    pub columns: [Vec<f64>; 3],
}

/// The lorentzian.txt the config names, or the stand-in, and the fit to it.
pub fn fit_file(c: &Config, ctx: &Context) -> Result<Outcome> {
    let (file, stand_in) = given_or_stand_in(c.data.as_deref(), ctx, "lorentzian.txt", |p| {
        Ok(standin::lorentzian(p, ctx.seed)?)
    })?;
    let data = read_xy(&file)?;
    let fit = fit_lorentzian(&data).with_context(|| format!("fitting {}", file.display()))?;
    let columns = [0, 1, 2].map(|k| data.column(k).to_vec());
    Ok(Outcome {
        file,
        stand_in,
        fit,
        columns,
    })
}

/// The task.
#[derive(Debug)]
pub struct CurveFitTask;

impl Task for CurveFitTask {
    const NAME: &'static str = "curve_fit";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let o = fit_file(c, ctx)?;
        println!(
            "curve-fit ({} points, {} iterations):",
            o.columns[0].len(),
            o.fit.iterations
        );
        for (i, n) in NAMES.iter().enumerate() {
            println!("  {n:>2} = {:.4} ± {:.4}", o.fit.params[i], o.fit.errors[i]);
        }
        Ok(o)
    }

    fn present(_: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let [x, y, yerr] = &o.columns;
        let fit = &o.fit;
        let bars = Series::error_bars("data", points(x, y), yerr.clone());
        let base = XyPlot {
            title: "Quasi-elastic scattering data".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            series: vec![bars.clone()],
            ..Default::default()
        };
        let data_fig = report.save("lorentzian_data.png", |p| plot::xy(p, &base))?;
        let curve: Vec<(f64, f64)> = linspace(x[0], x[x.len() - 1], 400)
            .into_iter()
            .map(|x| (x, models::lorentzian(&fit.params, x)))
            .collect();
        let fitted = XyPlot {
            title: "Lorentzian + background, least-squares fit".into(),
            series: vec![bars, Series::line("fit", curve).color(PALETTE[1])],
            ..base
        };
        let fit_fig = report.save("lorentzian_fit.png", |p| plot::xy(p, &fitted))?;

        report.section("Lecture 4 — model-dependent analysis: a Lorentzian by least squares");
        let recorded = [
            "0.946 ± 0.011",
            "0.538 ± 0.008",
            "−0.038 ± 0.007",
            "0.496 ± 0.001",
        ];
        for (i, n) in NAMES.iter().enumerate() {
            report.compare(
                &format!("curve fit {n}"),
                recorded[i],
                format!("{:.3} ± {:.3}", fit.params[i], fit.errors[i]),
            );
        }
        let truth = if o.stand_in {
            let z: Vec<String> = (0..4)
                .map(|k| {
                    format!(
                        "{:.1}",
                        (fit.params[k] - standin::LORENTZIAN_TRUTH[k]) / fit.errors[k]
                    )
                })
                .collect();
            format!(
                " The stand-in was generated from the original's recovered values (0.946, 0.538, −0.038, 0.496) \
                 with errors 0.01·√y, so ours should agree with them within a few errors, not exactly: here \
                 (ours − truth)/error = {}.",
                z.join(", ")
            )
        } else {
            String::new()
        };
        report.text(&format!(
            "{} ({} points). Levenberg–Marquardt with the errors as absolute weights, as \
             `curve_fit(..., sigma=yerr, absolute_sigma=True)`; errors are √diag of (JᵀJ)⁻¹. χ² = {:.1}.{truth}",
            if o.stand_in { "Stand-in data" } else { "Data" },
            x.len(),
            fit.chi2,
        ));
        report.figure(&data_fig, "The data with their error bars");
        report.figure(&fit_fig, "The data and the fitted model");
        Ok(())
    }
}
