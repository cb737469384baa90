//! Lecture 10.1, where k-means fails (notebook "Clustering"): circles, moons and three blobs.
//! k-means assigns each point to its nearest centre, so its clusters are convex cells: it cuts
//! the rings and arcs in halves by straight lines, and only the compact blobs come out right.

use crate::data::shapes;
use crate::figures::{by_label, chart, points_of};
use anyhow::Result;
use common::cli::{positive, Preset};
use common::cluster::kmeans;
use common::plot::{self, Series};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Settings of `kmeans-fails`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub kmeans_runs: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self { kmeans_runs: 10 }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// k-means++ starts of each KMeans, the best kept [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub kmeans_runs: Option<usize>,
}

/// One data set clustered by k-means.
#[derive(Clone, Debug, Serialize)]
pub struct Clustered {
    pub name: String,
    pub k: usize,
    /// Points per cluster.
    pub sizes: Vec<usize>,
    /// Share of point pairs of one true cluster that k-means puts together (1 = every true
    /// cluster kept whole).
    pub pairs_kept: f64,
    #[serde(skip)]
    pub points: Array2<f64>,
    #[serde(skip)]
    pub centres: Array2<f64>,
    #[serde(skip)]
    pub labels: Vec<usize>,
}

/// Of the point pairs that share a true label, the share that also share a found label.
pub fn pairs_kept(truth: &[usize], found: &[usize]) -> f64 {
    let (mut same, mut kept) = (0u64, 0u64);
    for i in 0..truth.len() {
        for j in i + 1..truth.len() {
            if truth[i] == truth[j] {
                same += 1;
                kept += u64::from(found[i] == found[j]);
            }
        }
    }
    kept as f64 / same.max(1) as f64
}

/// Exercise 1: the points `x` clustered by KMeans(`k`) (`runs` k-means++ starts, the best
/// kept), with the cluster sizes and the share of the true clusters' pairs kept together.
pub fn cluster_shape(
    name: &str,
    x: Array2<f64>,
    k: usize,
    truth: &[usize],
    runs: usize,
    seed: u64,
) -> Result<Clustered> {
    // BEGIN SOLUTION 10.1.1
    let (centres, labels) = kmeans(&x, k, runs, seed)?;
    let sizes = (0..k)
        .map(|j| labels.iter().filter(|&&l| l == j).count())
        .collect();
    Ok(Clustered {
        name: name.into(),
        k,
        sizes,
        pairs_kept: pairs_kept(truth, &labels),
        points: x,
        centres,
        labels,
    })
    // END SOLUTION
}

/// The task.
#[derive(Debug)]
pub struct KmeansFails;

impl Task for KmeansFails {
    const NAME: &'static str = "kmeans_fails";
    type Config = Config;
    type Outcome = Vec<Clustered>;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Vec<Clustered>> {
        let seed = ctx.seed;
        let mut out = Vec::new();
        for (name, x, k, truth) in shapes(seed) {
            let set = cluster_shape(name, x, k, &truth, c.kmeans_runs, seed)?;
            println!(
                "kmeans-fails {name}: KMeans({k}) keeps {:.3} of the same-cluster pairs together",
                set.pairs_kept
            );
            out.push(set);
        }
        Ok(out)
    }

    fn present(_: &Config, sets: &Vec<Clustered>, report: &mut Report) -> Result<()> {
        let panels: Vec<_> = sets
            .iter()
            .map(|s| {
                let mut series = by_label(&s.points, &s.labels, None);
                series.push(
                    Series::sized_points("", points_of(&s.centres), vec![8.0; s.k])
                        .color(plot::BLACK),
                );
                chart(&format!("{}: KMeans({})", s.name, s.k), series)
            })
            .collect();
        let file = report.save("kmeans_fails.png", |p| plot::panels(p, &panels, 3))?;
        report.section("Lecture 10.1 — where k-means fails");
        report.text(&format!(
            "k-means assigns each point to the nearest centre, so its clusters are convex cells of equal standing: it \
             cuts the circles and the moons in halves by straight lines instead of following the rings and arcs, and \
             only on the compact blobs does it find what the eye sees. Share of the point pairs of one true cluster \
             that k-means keeps together: {}.",
            sets.iter()
                .map(|s| format!("{} {:.3}", s.name, s.pairs_kept))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        report.figure(&file, "KMeans(2) on circles and moons, KMeans(3) on blobs");
        Ok(())
    }
}
