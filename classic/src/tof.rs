//! Lecture 4, clustering exercise (notebook "Clustering", neutron pulses): events of 19 neutron
//! pulses (`tof.txt`: a row of times of flight, a row of angles) clustered by KMeans(19), then
//! folded onto the first pulse: relative ToF = ToF − centre(label) + min(centres) shows how the
//! time of flight within a pulse depends on the angle.

use crate::data::given_or_stand_in;
use crate::figures::class_points;
use crate::{ml, standin, table};
use anyhow::{bail, Result};
use common::cli::{positive, Preset};
use common::plot::{self, XyPlot};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of `tof`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The original's tof.txt; `None` writes and reads a seeded stand-in.
    pub data: Option<PathBuf>,
    /// Pulses, the clusters k-means looks for.
    pub pulses: usize,
    /// k-means++ starts, the best kept.
    pub kmeans_runs: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data: None,
            pulses: 19,
            kmeans_runs: 10,
        }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// The data file in the original's format [default: a seeded stand-in].
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Pulses, the clusters k-means looks for [default: 19].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub pulses: Option<usize>,
    /// k-means++ starts, the best kept [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub kmeans_runs: Option<usize>,
}

/// What `tof` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub file: PathBuf,
    pub stand_in: bool,
    pub points: usize,
    pub cluster_sizes: (usize, usize),
    /// Sum of squared distances to the nearest centre (scikit-learn's `inertia_`).
    pub inertia: f64,
    /// The spread (standard deviation) of time of flight before and after folding.
    pub spread: (f64, f64),
    /// (time of flight, angle) of each event.
    #[serde(skip)]
    pub events: Array2<f64>,
    #[serde(skip)]
    pub labels: Vec<usize>,
    /// The folded (relative) time of flight of each event.
    #[serde(skip)]
    pub relative: Vec<f64>,
}

fn sd(v: &[f64]) -> f64 {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
}

/// The exercise: cluster the events `x` (time of flight, angle) into `k` pulses with k-means
/// (`runs` k-means++ starts, the best kept) and fold every pulse onto the earliest one: relative
/// ToF = ToF − centre(label) + the smallest centre ToF. Returns (centres, labels, relative ToF).
pub fn fold_pulses(
    x: &Array2<f64>,
    k: usize,
    runs: usize,
    seed: u64,
) -> Result<(Array2<f64>, Vec<usize>, Vec<f64>)> {
    // BEGIN SOLUTION 4.2
    let (centres, labels) = ml::kmeans(x, k, runs, seed)?;
    let first = centres
        .column(0)
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let relative: Vec<f64> = (0..x.nrows())
        .map(|i| x[[i, 0]] - centres[[labels[i], 0]] + first)
        .collect();
    Ok((centres, labels, relative))
    // END SOLUTION
}

/// The task.
#[derive(Debug)]
pub struct Tof;

impl Task for Tof {
    const NAME: &'static str = "tof";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (file, stand_in) = given_or_stand_in(c.data.as_deref(), ctx, "tof.txt", |p| {
            Ok(standin::tof(p, ctx.seed)?)
        })?;
        let rows = table::read_rows(&file, &["time of flight", "angle"])?;
        let n = rows[0].len();
        let k = c.pulses;
        if n < k {
            bail!("{}: {n} events cannot make {k} clusters", file.display());
        }
        let x = Array2::from_shape_fn((n, 2), |(i, j)| rows[j][i]);
        let (centres, labels, relative) = fold_pulses(&x, k, c.kmeans_runs, ctx.seed)?;
        let counts: Vec<usize> = (0..k)
            .map(|c| labels.iter().filter(|&&l| l == c).count())
            .collect();
        let sizes = (
            *counts.iter().min().unwrap_or(&0),
            *counts.iter().max().unwrap_or(&0),
        );
        let inertia = common::cluster::inertia(&x, &centres);
        println!(
            "tof: {n} events, {k} clusters of {}–{} events (inertia {inertia:.3}); folded time of flight spans {:.2}–{:.2} µs",
            sizes.0,
            sizes.1,
            relative.iter().copied().fold(f64::INFINITY, f64::min),
            relative.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        );
        Ok(Outcome {
            file,
            stand_in,
            points: n,
            cluster_sizes: sizes,
            inertia,
            spread: (sd(&rows[0]), sd(&relative)),
            events: x,
            labels,
            relative,
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let x = &o.events;
        let before = XyPlot {
            title: "Absolute time of flight, coloured by k-means cluster".into(),
            x_label: "time of flight / µs".into(),
            y_label: "θ / rad".into(),
            series: class_points(x, &o.labels, None),
            ..Default::default()
        };
        let folded = Array2::from_shape_fn((o.points, 2), |(i, j)| {
            if j == 0 {
                o.relative[i]
            } else {
                x[[i, 1]]
            }
        });
        let after = XyPlot {
            title: "Relative time of flight (pulses folded)".into(),
            x_label: "relative time of flight / µs".into(),
            series: class_points(&folded, &o.labels, None),
            ..before.clone()
        };
        let fig = report.save("normalised_data.png", |p| {
            plot::panels(p, &[before, after], 2)
        })?;
        report.section("Lecture 4 — clustering exercise: neutron pulses");
        report.text(&format!(
            "{}KMeans({}) on (time of flight, θ) (linfa, {} starts) assigns every event to its pulse (clusters of \
             {}–{} events); relative ToF = ToF − centre(label) + min(centres) folds all pulses onto the first and shows \
             how the time of flight within a pulse depends on the angle.",
            if o.stand_in { "Stand-in data: 1 000 events from 19 pulses 4.95 µs apart, a time of flight 0.5 + 0.8 (1 + cos θ) µs within a pulse. " } else { "" },
            c.pulses, c.kmeans_runs, o.cluster_sizes.0, o.cluster_sizes.1
        ));
        report.figure(&fig, "Before and after folding");
        Ok(())
    }
}
