//! Lecture 10.1, k-means by hand (notebook "Clustering", first section): 100 points in two blobs
//! (`make_blobs(100, 2, cluster_std=0.6, random_state=85747)`, the notebook's own points), centres started at (−6, 2) and (−2, 5); each step
//! assigns every point to its nearest centre and moves each centre to its points' mean, until
//! nothing changes. linfa's `KMeans(2)` then finds the same centres.

use crate::figures::{by_label, chart, points_of};
use anyhow::Result;
use common::cli::{positive, positive_f64, Preset};
use common::cluster::{self, kmeans, LloydStep};
use common::numpy_rng::{make_blobs, to_array};
use common::plot::{self, Series};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// The notebook's start: centres at (−6, 2) and (−2, 5).
pub const MANUAL_START: [[f64; 2]; 2] = [[-6.0, 2.0], [-2.0, 5.0]];

/// Settings of `manual-kmeans` (the notebook's; no preset changes them).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub samples: usize,
    pub cluster_std: f64,
    pub max_steps: usize,
    pub kmeans_runs: usize,
    /// numpy's `random_state` of the blobs: the notebook's 85747.
    pub random_state: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            samples: 100,
            cluster_std: 0.6,
            max_steps: 50,
            kmeans_runs: 10,
            random_state: 85747,
        }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Points in the two blobs [default: 100].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub samples: Option<usize>,
    /// Standard deviation of each blob [default: 0.6].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub cluster_std: Option<f64>,
    /// Most assignment/update steps by hand [default: 50].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub max_steps: Option<usize>,
    /// k-means++ starts of linfa's KMeans, the best kept [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub kmeans_runs: Option<usize>,
    /// numpy's random_state of the blobs [default: 85747, the notebook's].
    #[arg(long)]
    pub random_state: Option<u32>,
}

/// What `manual-kmeans` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub steps: usize,
    pub centres: Vec<[f64; 2]>,
    pub linfa_centres: Vec<[f64; 2]>,
    #[serde(skip)]
    pub points: Array2<f64>,
    #[serde(skip)]
    pub history: Vec<LloydStep>,
    #[serde(skip)]
    pub linfa_labels: Vec<usize>,
}

fn rows(a: &Array2<f64>) -> Vec<[f64; 2]> {
    a.rows().into_iter().map(|r| [r[0], r[1]]).collect()
}

/// The task.
#[derive(Debug)]
pub struct ManualKmeans;

impl Task for ManualKmeans {
    const NAME: &'static str = "manual_kmeans";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let seed = ctx.seed;
        let x = to_array(&make_blobs(c.samples, 2, c.cluster_std, c.random_state).0);
        let history = cluster::lloyd(&x, &to_array(&MANUAL_START), c.max_steps);
        let (centres, linfa_labels) = kmeans(&x, 2, c.kmeans_runs, seed)?;
        let last = &history[history.len() - 1].updated;
        println!(
            "manual-kmeans: converged after {} assignment/update steps at {}; linfa: {}",
            history.len(),
            fmt_centres(&rows(last)),
            fmt_centres(&rows(&centres))
        );
        Ok(Outcome {
            steps: history.len(),
            centres: rows(last),
            linfa_centres: rows(&centres),
            points: x,
            history,
            linfa_labels,
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let x = &o.points;
        let mut panels = Vec::new();
        for (i, s) in o.history.iter().enumerate() {
            let mut series = by_label(x, &s.labels, None);
            series.push(
                Series::sized_points("centres", points_of(&s.centres), vec![9.0; 2])
                    .color(plot::BLACK),
            );
            panels.push(chart(
                &format!("step {}: assign to the nearest centre", i + 1),
                series.clone(),
            ));
            series.pop();
            series.push(
                Series::sized_points("new centres", points_of(&s.updated), vec![9.0; 2])
                    .color(plot::RED),
            );
            panels.push(chart(
                &format!("step {}: move each centre to its points' mean", i + 1),
                series,
            ));
        }
        // A figure per half-step, and all of them side by side.
        for (i, panel) in panels.iter().enumerate() {
            report.save(&format!("manual_kmeans_step_{:02}.png", i + 1), |p| {
                plot::xy(p, panel)
            })?;
        }
        let steps = report.save("manual_kmeans_steps.png", |p| plot::panels(p, &panels, 2))?;
        let mut series = by_label(x, &o.linfa_labels, None);
        let linfa = to_array(&o.linfa_centres);
        series.push(
            Series::sized_points("linfa KMeans(2)", points_of(&linfa), vec![9.0; 2])
                .color(plot::BLACK),
        );
        let linfa = report.save("manual_kmeans_linfa.png", |p| {
            plot::xy(p, &chart("linfa's KMeans(2)", series))
        })?;
        report.section("Lecture 10.1 — k-means by hand");
        report.text(&format!(
            "{} points in 2 blobs (`make_blobs({}, 2, cluster_std={}, random_state={})`), centres starting at \
             (−6, 2) and (−2, 5). Each step assigns every point to its nearest centre, then moves each centre to the \
             mean of its points; after {} steps nothing changes. linfa's KMeans(2) finds the same centres.",
            c.samples, c.samples, c.cluster_std, c.random_state, o.steps
        ));
        report.figure(&steps, "Assignment and update, step by step");
        report.figure(&linfa, "linfa's KMeans(2)");
        Ok(())
    }
}

/// Centres to three decimals, as a student reads them.
fn fmt_centres(c: &[[f64; 2]]) -> String {
    let parts: Vec<String> = c
        .iter()
        .map(|p| format!("({:.3}, {:.3})", p[0], p[1]))
        .collect();
    parts.join(", ")
}
