//! Lecture 10.1, DBSCAN (notebook "Clustering"): density, not distance to a centre, defines a
//! cluster. DBSCAN(eps 0.3, min_samples 10) on the standardised circles, moons and dense blobs
//! finds the rings and arcs whole (2 clusters and no noise on the circles, as recorded), and the
//! touching blobs as one cluster (the notebook's answer).

use crate::data::shapes;
use crate::figures::{chart, colour};
use anyhow::{Context, Result};
use common::cli::{positive, positive_f64, Preset};
use common::pca::standardise;
use common::plot::{self, Series, XyPlot};
use common::report::Report;
use common::task::{self, Task};
use linfa::prelude::*;
use linfa_clustering::Dbscan;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Settings of `dbscan` (the notebook's).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub eps: f64,
    pub min_samples: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            eps: 0.3,
            min_samples: 10,
        }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Neighbourhood radius in standardised units [default: 0.3].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub eps: Option<f64>,
    /// Points within eps (itself included) that make a core point [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub min_samples: Option<usize>,
}

/// DBSCAN (linfa): the cluster of each point (None for noise) and whether it is a core point
/// (at least `min_samples` points, itself included, within `eps`).
pub fn dbscan(
    x: &Array2<f64>,
    eps: f64,
    min_samples: usize,
) -> Result<(Vec<Option<usize>>, Vec<bool>)> {
    // BEGIN SOLUTION 10.1.2
    let labels = Dbscan::params(min_samples)
        .tolerance(eps)
        .check()
        .context("DBSCAN parameters")?
        .transform(x)
        .to_vec();
    let rows: Vec<[f64; 2]> = x.rows().into_iter().map(|r| [r[0], r[1]]).collect();
    let core = rows
        .iter()
        .map(|p| {
            rows.iter()
                .filter(|q| (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) <= eps * eps)
                .count()
                >= min_samples
        })
        .collect();
    Ok((labels, core))
    // END SOLUTION
}

/// One data set's DBSCAN result.
#[derive(Clone, Debug, Serialize)]
pub struct DbscanResult {
    pub name: String,
    pub clusters: usize,
    pub noise: usize,
    pub core: usize,
    #[serde(skip)]
    pub points: Array2<f64>,
    #[serde(skip)]
    pub labels: Vec<Option<usize>>,
    #[serde(skip)]
    pub is_core: Vec<bool>,
}

/// The task.
#[derive(Debug)]
pub struct DbscanTask;

impl Task for DbscanTask {
    const NAME: &'static str = "dbscan";
    type Config = Config;
    type Outcome = Vec<DbscanResult>;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &task::Context) -> Result<Vec<DbscanResult>> {
        let seed = ctx.seed;
        let mut results = Vec::new();
        for (name, x, _, _) in shapes(seed) {
            let x = standardise(&x);
            let (labels, is_core) = dbscan(&x, c.eps, c.min_samples)?;
            let clusters = labels.iter().flatten().max().map_or(0, |m| m + 1);
            let noise = labels.iter().filter(|l| l.is_none()).count();
            let core = is_core.iter().filter(|&&c| c).count();
            println!(
                "dbscan {name}: {clusters} clusters, {noise} noise points, {core} core points"
            );
            results.push(DbscanResult {
                name: name.into(),
                clusters,
                noise,
                core,
                points: x,
                labels,
                is_core,
            });
        }
        Ok(results)
    }

    fn present(c: &Config, results: &Vec<DbscanResult>, report: &mut Report) -> Result<()> {
        let panels: Vec<XyPlot> = results.iter().map(panel).collect();
        let file = report.save("dbscan.png", |p| plot::panels(p, &panels, 3))?;
        report.section("Lecture 10.1 — DBSCAN");
        if let Some(circles) = results.first() {
            report.compare(
                "DBSCAN on the circles: clusters / noise",
                "2 / 0",
                format!("{} / {}", circles.clusters, circles.noise),
            );
        }
        report.text(&format!(
            "Standardised data, DBSCAN(eps = {}, min_samples = {}) (linfa): {}. Density, not distance to a centre, \
             defines a cluster, so the rings and arcs come out whole. Large markers: core points ({} neighbours within \
             {}); small: border points; black: noise.",
            c.eps,
            c.min_samples,
            results
                .iter()
                .map(|r| format!("{} {} clusters and {} noise points", r.name, r.clusters, r.noise))
                .collect::<Vec<_>>()
                .join("; "),
            c.min_samples,
            c.eps
        ));
        if let Some(blobs) = results.iter().find(|r| r.name == "blobs") {
            report.text(&format!(
                "**The exercise's answer:** DBSCAN follows the rings and the arcs, which k-means cut; but the three \
                 dense blobs come out as {} cluster{}: their points touch, and density alone connects what no sparse \
                 region separates. k-means, told k = 3, splits them.",
                blobs.clusters,
                if blobs.clusters == 1 { "" } else { "s" }
            ));
        }
        report.figure(&file, "DBSCAN on circles, moons and blobs");
        Ok(())
    }
}

/// One data set: core points large, border points small, noise black.
fn panel(r: &DbscanResult) -> XyPlot {
    let x = &r.points;
    let at = |keep: &dyn Fn(usize) -> bool| -> Vec<(f64, f64)> {
        (0..x.nrows())
            .filter(|&i| keep(i))
            .map(|i| (x[[i, 0]], x[[i, 1]]))
            .collect()
    };
    let mut series = Vec::new();
    for c in 0..r.clusters {
        for core in [true, false] {
            let pts = at(&|i| r.labels[i] == Some(c) && r.is_core[i] == core);
            let radius = if core { 5.0 } else { 2.0 };
            let n = pts.len();
            series.push(Series::sized_points("", pts, vec![radius; n]).color(colour(c)));
        }
    }
    let noise = at(&|i| r.labels[i].is_none());
    let n = noise.len();
    series.push(Series::sized_points("noise", noise, vec![3.0; n]).color(plot::BLACK));
    chart(
        &format!("{}: {} clusters, {} noise", r.name, r.clusters, r.noise),
        series,
    )
}
