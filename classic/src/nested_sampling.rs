//! Lecture 4, Bayesian model selection, part 2 (notebook "Nested sampling"): the evidence
//! ln Z of the line and of the quadratic by nested sampling ([`crate::nested`], Skilling's
//! algorithm with dynesty's stopping rule), and the Bayes factor of the quadratic over the line
//! with and without the model priors 2/3 : 1/3. Recorded: 2 ln B = 0.7489 with the priors
//! (exact 1.0084), 2.1352 without (exact 2.3947). "Exact" integrates the likelihood on a grid.

use crate::model_selection::nested_data;
use crate::models::{self, Norm};
use crate::nested::{self, NestedConfig, NestedResult, Sampler};
use crate::table::Table;
use anyhow::Result;
use common::cli::{positive, positive_f64, Preset};
use common::plot::{self, Series, XyPlot, PALETTE};
use common::report::Report;
use common::seed::stream;
use common::task::{Context, Task};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Command-line overrides of the nested sampler's settings (this task and reflectometry).
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct SamplerFlags {
    /// Live points [default: 500 as dynesty; smoke 60].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub live: Option<usize>,
    /// Constrained sampler: auto is the ellipsoid up to 8 dimensions, the random walk above
    /// [default: auto].
    #[arg(long, value_enum)]
    pub sampler: Option<Sampler>,
    /// Stop when the live points could add at most this to ln Z [default: 0.001 (live − 1) + 0.01, dynesty's].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub dlogz: Option<f64>,
}

/// Live points of a preset: dynesty's 500; 60 for smoke runs.
pub fn preset_live(preset: Preset) -> usize {
    if preset == Preset::Smoke {
        60
    } else {
        500
    }
}

/// The sampler's settings: `dlogz` `None` is dynesty's rule for that many live points.
pub fn nested_config(live: usize, sampler: Sampler, dlogz: Option<f64>) -> NestedConfig {
    let mut c = NestedConfig::with_live(live);
    c.sampler = sampler;
    if let Some(d) = dlogz {
        c.dlogz = d;
    }
    c
}

/// Settings of `nested-sampling`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The original's nested.txt; `None` writes and reads a seeded stand-in.
    pub data: Option<PathBuf>,
    pub live: usize,
    pub sampler: Sampler,
    pub dlogz: Option<f64>,
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// The data file in the original's format [default: a seeded stand-in].
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    #[command(flatten)]
    #[serde(flatten)]
    pub sampler: SamplerFlags,
}

/// A uniform prior on `[lo, hi)` for each parameter, as `scipy.stats.uniform.ppf(u, lo, hi − lo)`.
pub fn uniform_prior(bounds: &[(f64, f64)]) -> impl Fn(&[f64]) -> Vec<f64> + '_ {
    move |u| {
        u.iter()
            .zip(bounds)
            .map(|(u, (lo, hi))| lo + u * (hi - lo))
            .collect()
    }
}

/// The notebook's priors: line m ∈ [0, 10), c ∈ [−5, 0); quadratic a ∈ [0, 1), b ∈ [0, 10),
/// c ∈ [0, 5).
pub const LINE_PRIOR: [(f64, f64); 2] = [(0.0, 10.0), (-5.0, 0.0)];
pub const QUADRATIC_PRIOR: [(f64, f64); 3] = [(0.0, 1.0), (0.0, 10.0), (0.0, 5.0)];
/// The notebook's model priors P(line) = 2/3, P(quadratic) = 1/3.
pub const MODEL_PRIORS: (f64, f64) = (2.0 / 3.0, 1.0 / 3.0);

/// ln L of `x y σ` data under the line (2 parameters) or the quadratic (3), with the
/// nested-sampling notebook's ln(2πσ).
pub fn polynomial_ln_l(data: &Table) -> impl Fn(&[f64]) -> f64 + '_ {
    move |p| {
        let f = |x: f64| {
            if p.len() == 2 {
                models::line(p, x)
            } else {
                models::quadratic(p, x)
            }
        };
        models::ln_likelihood(
            data.column(1),
            data.column(0).iter().map(|&x| f(x)),
            data.column(2),
            Norm::TwoPiSigma,
        )
    }
}

/// 2 ln B of the quadratic over the line from two ln Z, with or without the model priors.
pub fn two_ln_b(log_z_line: f64, log_z_quadratic: f64, with_model_priors: bool) -> f64 {
    let prior = if with_model_priors {
        (MODEL_PRIORS.1 / MODEL_PRIORS.0).ln()
    } else {
        0.0
    };
    2.0 * (log_z_quadratic - log_z_line + prior)
}

/// ln Z by the midpoint rule on a grid of `steps` cells a side over a box prior (normalised
/// by its volume): the exact value the sampler is checked against in 2 or 3 dimensions.
pub fn grid_log_evidence(
    bounds: &[(f64, f64)],
    steps: usize,
    log_l: impl Fn(&[f64]) -> f64,
) -> f64 {
    let d = bounds.len();
    let total = steps.pow(d as u32);
    let mut values = Vec::with_capacity(total);
    let mut p = vec![0.0; d];
    for cell in 0..total {
        let mut c = cell;
        for (k, (lo, hi)) in bounds.iter().enumerate() {
            p[k] = lo + (hi - lo) * ((c % steps) as f64 + 0.5) / steps as f64;
            c /= steps;
        }
        values.push(log_l(&p));
    }
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    max + (values.iter().map(|v| (v - max).exp()).sum::<f64>() / total as f64).ln()
}

/// Kass & Raftery's (1995) reading of 2 ln B for the first model over the second.
pub fn kass_raftery(two_ln_b: f64) -> &'static str {
    match two_ln_b {
        b if b < -10.0 => "very strong evidence for the line",
        b if b < -6.0 => "strong evidence for the line",
        b if b < -2.0 => "positive evidence for the line",
        b if b < 2.0 => "not worth more than a bare mention: the data do not decide",
        b if b < 6.0 => "positive evidence for the quadratic",
        b if b < 10.0 => "strong evidence for the quadratic",
        _ => "very strong evidence for the quadratic",
    }
}

/// What `nested-sampling` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub log_z_line: (f64, f64),
    pub log_z_quadratic: (f64, f64),
    pub two_ln_b_with_priors: f64,
    pub two_ln_b: f64,
    /// The same by grid integration.
    pub exact_with_priors: f64,
    pub exact: f64,
    pub iterations: (usize, usize),
    pub calls: (usize, usize),
    #[serde(skip)]
    pub stand_in: bool,
    /// ln Z after each iteration, line then quadratic.
    #[serde(skip)]
    pub traces: [Vec<f64>; 2],
    /// The sampler's settings as used.
    #[serde(skip)]
    pub sampler: NestedConfig,
}

/// The task.
#[derive(Debug)]
pub struct NestedSampling;

impl Task for NestedSampling {
    const NAME: &'static str = "nested_sampling";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config {
            data: None,
            live: preset_live(preset),
            sampler: Sampler::Auto,
            dlogz: None,
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (_, stand_in, data) = nested_data(c.data.as_deref(), ctx)?;
        let sampler = nested_config(c.live, c.sampler, c.dlogz);
        let ln_l = polynomial_ln_l(&data);
        let mut runs: Vec<NestedResult> = Vec::new();
        for (name, bounds) in [
            ("line", &LINE_PRIOR[..]),
            ("quadratic", &QUADRATIC_PRIOR[..]),
        ] {
            let mut rng = stream(ctx.seed, &format!("nested-{name}"));
            let r = nested::run(
                bounds.len(),
                uniform_prior(bounds),
                &ln_l,
                &sampler,
                &mut rng,
            );
            println!(
                "nested-sampling {name}: ln Z = {:.3} ± {:.3} ({} iterations, {} likelihood calls)",
                r.log_z, r.log_z_err, r.iterations, r.calls
            );
            runs.push(r);
        }
        let (z1, z2) = (runs[0].log_z, runs[1].log_z);
        let exact1 = grid_log_evidence(&LINE_PRIOR, 400, &ln_l);
        let exact2 = grid_log_evidence(&QUADRATIC_PRIOR, 120, &ln_l);
        let o = Outcome {
            log_z_line: (z1, runs[0].log_z_err),
            log_z_quadratic: (z2, runs[1].log_z_err),
            two_ln_b_with_priors: two_ln_b(z1, z2, true),
            two_ln_b: two_ln_b(z1, z2, false),
            exact_with_priors: two_ln_b(exact1, exact2, true),
            exact: two_ln_b(exact1, exact2, false),
            iterations: (runs[0].iterations, runs[1].iterations),
            calls: (runs[0].calls, runs[1].calls),
            stand_in,
            traces: [runs[0].trace.clone(), runs[1].trace.clone()],
            sampler,
        };
        println!(
            "2 ln B (quadratic over line) = {:.3} with model priors 2/3 : 1/3, {:.3} without (grid integration: {:.3} / {:.3})",
            o.two_ln_b_with_priors, o.two_ln_b, o.exact_with_priors, o.exact
        );
        Ok(o)
    }

    fn present(_: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let (z1, z2) = (o.log_z_line.0, o.log_z_quadratic.0);
        let floor = z1.min(z2) - 15.0;
        let trace = |t: &[f64], name: &str, i: usize| {
            Series::line(
                name,
                t.iter()
                    .enumerate()
                    .map(|(k, z)| ((k + 1) as f64, *z))
                    .filter(|p| p.1 > floor)
                    .collect(),
            )
            .color(PALETTE[i])
        };
        let figure = XyPlot {
            title: "ln Z as the sampler goes".into(),
            x_label: "iteration".into(),
            y_label: "ln Z".into(),
            series: vec![
                trace(&o.traces[0], "line", 0),
                trace(&o.traces[1], "quadratic", 1),
            ],
            log_x: true,
            y_range: Some((floor, z1.max(z2) + 3.0)),
            ..Default::default()
        };
        let fig = report.save("nested_logz.png", |p| plot::xy(p, &figure))?;
        report.section("Lecture 4 — nested sampling: the evidence");
        report.compare(
            "2 ln B with model priors",
            "0.7489 (one dynesty run; exact 1.0084)",
            format!(
                "{:.3} (exact {:.3})",
                o.two_ln_b_with_priors, o.exact_with_priors
            ),
        );
        report.compare(
            "2 ln B without",
            "2.1352 (exact 2.3947)",
            format!("{:.3} (exact {:.3})", o.two_ln_b, o.exact),
        );
        let s = &o.sampler;
        report.text(&format!(
            "{}Nested sampling with {} live points ({:?} sampler, stop at Δln Z < {:.3}): ln Z(line) = {:.3} ± {:.3}, \
             ln Z(quadratic) = {:.3} ± {:.3}. B = P(D|quadratic) P(quadratic) / (P(D|line) P(line)); the prior \
             odds 1/3 : 2/3 lower 2 ln B by 2 ln 2 = 1.386. \"Exact\" is the same ratio by integrating the likelihood \
             over each prior box on a grid. On Kass & Raftery's scale, 2 ln B = {:.1} with the model priors is {}.",
            if o.stand_in { "Stand-in data; the original's recorded values are for its own file. " } else { "" },
            s.live, s.sampler, s.dlogz,
            z1, o.log_z_line.1, z2, o.log_z_quadratic.1,
            o.two_ln_b_with_priors,
            kass_raftery(o.two_ln_b_with_priors)
        ));
        report.figure(&fig, "ln Z against iteration (log x)");
        Ok(())
    }
}
