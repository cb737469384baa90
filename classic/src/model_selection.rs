//! Lecture 4, Bayesian model selection, part 1 (notebook "Model selection"): a line and a
//! quadratic fitted by least squares to `nested.txt` (x y yerr), and their lnL with ln(2πσ²).
//! The quadratic always fits better, since it contains the line; that alone does not decide.
//! Recorded: lnL −21.4 (line), −18.6 (quadratic).

use crate::curve_fit::FileFlags;
use crate::data::{given_or_stand_in, linspace, points, read_xy};
use crate::lm::{self, CurveFit};
use crate::models::{self, Norm};
use crate::standin;
use crate::table::Table;
use anyhow::{Context as _, Result};
use common::cli::Preset;
use common::plot::{self, Series, XyPlot};
use common::report::Report;
use common::task::{Context, Task};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of `model-selection`: the data file only.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The original's nested.txt; `None` writes and reads a seeded stand-in.
    pub data: Option<PathBuf>,
}

/// Command-line overrides of [`Config`].
pub type Flags = FileFlags;

/// nested.txt as the config names it, or its seeded stand-in, read.
pub fn nested_data(
    data: Option<&std::path::Path>,
    ctx: &Context,
) -> Result<(PathBuf, bool, Table)> {
    let (file, stand_in) = given_or_stand_in(data, ctx, "nested.txt", |p| {
        Ok(standin::nested(p, ctx.seed)?)
    })?;
    let table = read_xy(&file)?;
    Ok((file, stand_in, table))
}

/// Least-squares line and quadratic (unweighted, as the notebook calls `curve_fit` without
/// sigma) and their lnL with the data's errors.
pub fn fit_both(data: &Table) -> Result<(CurveFit, CurveFit, f64, f64)> {
    let (x, y, s) = (data.column(0), data.column(1), data.column(2));
    let line = lm::curve_fit(models::line, x, y, None, &[1.0, 1.0], false)?;
    let quad = lm::curve_fit(models::quadratic, x, y, None, &[1.0, 1.0, 1.0], false)?;
    let ln = |f: &dyn Fn(f64) -> f64| {
        models::ln_likelihood(y, x.iter().map(|&x| f(x)), s, Norm::TwoPiSigmaSquared)
    };
    let l1 = ln(&|x| models::line(&line.params, x));
    let l2 = ln(&|x| models::quadratic(&quad.params, x));
    Ok((line, quad, l1, l2))
}

/// The two fits of `model-selection`.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub file: PathBuf,
    pub stand_in: bool,
    pub line: Vec<f64>,
    pub quadratic: Vec<f64>,
    /// lnL with ln(2πσ²), as the model-selection notebook writes it.
    pub ln_l_line: f64,
    pub ln_l_quadratic: f64,
    #[serde(skip)]
    pub data: Table,
}

/// The task.
#[derive(Debug)]
pub struct ModelSelection;

impl Task for ModelSelection {
    const NAME: &'static str = "model_selection";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (file, stand_in, data) = nested_data(c.data.as_deref(), ctx)?;
        let (line, quad, l1, l2) =
            fit_both(&data).with_context(|| format!("fitting {}", file.display()))?;
        println!(
            "model-selection: line m = {:.3}, c = {:.3}: lnL = {l1:.3}; quadratic a = {:.4}, b = {:.3}, c = {:.3}: lnL = {l2:.3}",
            line.params[0], line.params[1], quad.params[0], quad.params[1], quad.params[2]
        );
        Ok(Outcome {
            file,
            stand_in,
            line: line.params,
            quadratic: quad.params,
            ln_l_line: l1,
            ln_l_quadratic: l2,
            data,
        })
    }

    fn present(_: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let x = o.data.column(0);
        let grid = linspace(x[0], x[x.len() - 1], 200);
        let curve = |f: &dyn Fn(f64) -> f64| grid.iter().map(|&x| (x, f(x))).collect();
        let figure = XyPlot {
            title: "Line or quadratic?".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            series: vec![
                Series::error_bars(
                    "data",
                    points(x, o.data.column(1)),
                    o.data.column(2).to_vec(),
                ),
                Series::line("line", curve(&|x| models::line(&o.line, x))),
                Series::line("quadratic", curve(&|x| models::quadratic(&o.quadratic, x))),
            ],
            ..Default::default()
        };
        let fig = report.save("model_selection.png", |p| plot::xy(p, &figure))?;
        let (l1, l2) = (o.ln_l_line, o.ln_l_quadratic);
        report.section("Lecture 4 — Bayesian model selection: the better fit");
        report.compare("lnL line (ln 2πσ²)", "−21.4 (−21.427)", format!("{l1:.3}"));
        report.compare("lnL quadratic", "−18.6 (−18.648)", format!("{l2:.3}"));
        report.text(&format!(
            "{} Line: m = {:.3}, c = {:.3} (original 7.008, −1.360); quadratic: a = {:.4}, b = {:.3}, c = {:.3} \
             (original 0.2077, 4.931, 1.717). The quadratic fits better (lnL {l2:.2} > {l1:.2}), but it always will: \
             it contains the line (a = 0), so its best fit can never be worse. A higher maximum likelihood alone \
             rewards every extra parameter; the evidence, which averages the likelihood over each model's prior, \
             also charges for the prior volume an extra parameter spreads over (Occam's razor). That is the next task.",
            if o.stand_in {
                "Stand-in data (10 points, σ = 2.5, the original's best quadratic plus noise), so the numbers differ from the recorded ones."
            } else {
                "The user's data."
            },
            o.line[0], o.line[1], o.quadratic[0], o.quadratic[1], o.quadratic[2]
        ));
        report.figure(&fig, "Both least-squares fits");
        Ok(())
    }
}
