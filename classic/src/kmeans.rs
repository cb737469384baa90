//! Lecture 4, k-means (notebook "Clustering"): the notebook's `find_clusters` — start at 4 rows
//! picked by `RandomState(1).permutation`, then assign and update until the centres stop moving
//! — on blobs of standard deviation 0.6, beside linfa's `KMeans` (k-means++, 10 starts), which
//! finds the same centres.

use crate::data::blobs;
use crate::figures::class_points;
use crate::ml;
use anyhow::Result;
use common::cli::{positive, Preset};
use common::plot::{self, Series};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Settings of `kmeans` (the notebook's).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Clusters.
    pub k: usize,
    /// k-means++ starts of linfa's KMeans.
    pub kmeans_runs: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            k: 4,
            kmeans_runs: 10,
        }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Clusters [default: 4].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub k: Option<usize>,
    /// k-means++ starts of linfa's KMeans, the best kept [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub kmeans_runs: Option<usize>,
}

/// What `kmeans` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub steps: usize,
    pub inertia_by_hand: f64,
    pub inertia_linfa: f64,
    pub largest_centre_gap: f64,
    #[serde(skip)]
    pub points: Array2<f64>,
    #[serde(skip)]
    pub labels: Vec<usize>,
    #[serde(skip)]
    pub by_hand: Array2<f64>,
    #[serde(skip)]
    pub linfa: Array2<f64>,
}

/// The task.
#[derive(Debug)]
pub struct Kmeans;

impl Task for Kmeans {
    const NAME: &'static str = "kmeans";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (x, _) = blobs(0.6);
        let (steps, labels) = ml::kmeans_by_hand(&x, c.k, 1);
        let (centres, _) = ml::kmeans(&x, c.k, c.kmeans_runs, ctx.seed)?;
        let hand = steps.last().cloned().unwrap_or_else(|| centres.clone());
        let gap = hand
            .rows()
            .into_iter()
            .map(|h| {
                centres
                    .rows()
                    .into_iter()
                    .map(|c| (&h - &c).mapv(|v| v * v).sum().sqrt())
                    .fold(f64::INFINITY, f64::min)
            })
            .fold(0.0, f64::max);
        let (ih, il) = (
            common::cluster::inertia(&x, &hand),
            common::cluster::inertia(&x, &centres),
        );
        println!(
            "kmeans: by hand {} steps, inertia {ih:.2}; linfa inertia {il:.2}; centres at most {gap:.2e} apart",
            steps.len() - 1
        );
        Ok(Outcome {
            steps: steps.len() - 1,
            inertia_by_hand: ih,
            inertia_linfa: il,
            largest_centre_gap: gap,
            points: x,
            labels,
            by_hand: hand,
            linfa: centres,
        })
    }

    fn present(_: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let pts = |a: &Array2<f64>| -> Vec<(f64, f64)> {
            a.rows().into_iter().map(|r| (r[0], r[1])).collect()
        };
        let mut series = class_points(&o.points, &o.labels, None);
        series.push(
            Series::sized_points(
                "centres by hand",
                pts(&o.by_hand),
                vec![9.0; o.by_hand.nrows()],
            )
            .color(plot::BLACK),
        );
        series.push(
            Series::sized_points("linfa KMeans", pts(&o.linfa), vec![4.0; o.linfa.nrows()])
                .color(plot::RED),
        );
        let figure = plot::plane("k-means by hand, linfa's centres overlaid", series);
        let fig = report.save("kmeans.png", |p| plot::xy(p, &figure))?;
        report.section("Lecture 4 — k-means");
        report.text(&format!(
            "The notebook's `find_clusters` (start at 4 rows picked by `RandomState(1).permutation`, then assign and \
             update until the centres stop moving) stops after {} updates; linfa's `KMeans` (k-means++, 10 starts) \
             finds the same centres (at most {:.1e} apart; inertia {:.2} and {:.2}).",
            o.steps, o.largest_centre_gap, o.inertia_by_hand, o.inertia_linfa
        ));
        report.figure(&fig, "Clusters by hand; black: our centres, red: linfa's");
        Ok(())
    }
}
