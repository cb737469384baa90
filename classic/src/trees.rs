//! Lecture 4, decision trees (notebook "Trees and forests"): CART trees (linfa, Gini) of depth
//! 1–5 on the notebook's blobs, `make_blobs(300, centers=4, random_state=0, cluster_std=1.0)`,
//! reproduced bit for bit; training accuracy grows with depth, and depth-5 trees grown on the
//! two halves of the data disagree over much of the plane: the variance overfitting means.

use crate::data::blobs;
use crate::figures::{mesh, regions};
use crate::ml::Tree;
use anyhow::Result;
use common::cli::{positive, Preset};
use common::plot;
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Settings of `trees`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Cells a side of the decision-region mesh.
    pub mesh: usize,
    /// Standard deviation of the blobs (the notebook's 1.0).
    pub cluster_std: f64,
}

/// The region mesh of a preset: the notebook's 200 cells a side; 40 for smoke runs.
pub fn preset_mesh(preset: Preset) -> usize {
    if preset == Preset::Smoke {
        40
    } else {
        200
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Cells a side of the decision-region mesh [default: 200; smoke 40].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub mesh: Option<usize>,
    /// Standard deviation of the blobs [default: 1.0].
    #[arg(long, value_parser = common::cli::positive_f64, allow_hyphen_values = true)]
    pub cluster_std: Option<f64>,
}

/// What `trees` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// Training accuracy at depths 1 … 5.
    pub accuracy: Vec<f64>,
    /// The share of the mesh where the depth-5 trees of the two halves disagree.
    pub halves_disagree: f64,
    #[serde(skip)]
    pub points: Array2<f64>,
    #[serde(skip)]
    pub labels: Vec<usize>,
    /// The class each tree of depth 1 … 5 predicts on the mesh.
    #[serde(skip)]
    pub by_depth: Vec<Vec<usize>>,
    /// The same for the depth-5 trees of the two halves.
    #[serde(skip)]
    pub by_half: Vec<Vec<usize>>,
}

/// The notebook's two halves of the data.
pub const HALVES: [std::ops::Range<usize>; 2] = [0..150, 150..300];

/// The task.
#[derive(Debug)]
pub struct Trees;

impl Task for Trees {
    const NAME: &'static str = "trees";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config {
            mesh: preset_mesh(preset),
            cluster_std: 1.0,
        }
    }

    fn compute(c: &Config, _: &Context) -> Result<Outcome> {
        let (x, y) = blobs(c.cluster_std);
        let (_, _, grid) = mesh(&x, c.mesh);
        let mut accuracy = Vec::new();
        let mut by_depth = Vec::new();
        for depth in 1..=5 {
            let tree = Tree::fit(&x, &y, Some(depth))?;
            let acc = common::metrics::accuracy(&tree.predict(&x), &y)?;
            println!("trees: depth {depth}: training accuracy {acc:.3}");
            accuracy.push(acc);
            by_depth.push(tree.predict(&grid));
        }
        let mut by_half = Vec::new();
        for r in HALVES {
            let hx = x.slice(ndarray::s![r.clone(), ..]).to_owned();
            by_half.push(Tree::fit(&hx, &y[r], Some(5))?.predict(&grid));
        }
        let halves_disagree = by_half[0]
            .iter()
            .zip(&by_half[1])
            .filter(|(a, b)| a != b)
            .count() as f64
            / by_half[0].len() as f64;
        println!(
            "trees: depth-5 trees of the two halves disagree on {:.0} % of the plane",
            100.0 * halves_disagree
        );
        Ok(Outcome {
            accuracy,
            halves_disagree,
            points: x,
            labels: y,
            by_depth,
            by_half,
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let (x, y) = (&o.points, &o.labels);
        let mut panels: Vec<_> = o
            .by_depth
            .iter()
            .zip(&o.accuracy)
            .enumerate()
            .map(|(d, (classes, acc))| {
                regions(
                    &format!("depth {}: training accuracy {acc:.2}", d + 1),
                    x,
                    y,
                    c.mesh,
                    classes,
                    None,
                )
            })
            .collect();
        let deepest = panels.pop();
        let shallow = report.save("trees_depth_1_4.png", |p| {
            plot::contour_panels(p, &panels, 2)
        })?;
        let deep = report.save("tree_depth_5.png", |p| match &deepest {
            Some(d) => plot::contour(p, d),
            None => Ok(()),
        })?;
        let (xr, yr, _) = mesh(x, c.mesh);
        let halves: Vec<_> = HALVES
            .iter()
            .zip(&o.by_half)
            .zip(["0–149", "150–299"])
            .map(|((r, classes), name)| {
                let hx = x.slice(ndarray::s![r.clone(), ..]).to_owned();
                let mut c = regions(
                    &format!("depth 5, points {name}"),
                    &hx,
                    &y[r.clone()],
                    c.mesh,
                    classes,
                    None,
                );
                (c.x_range, c.y_range) = (xr, yr);
                c
            })
            .collect();
        let halves = report.save("tree_halves.png", |p| plot::contour_panels(p, &halves, 2))?;
        report.section("Lecture 4 — decision trees");
        report.text(&format!(
            "`make_blobs(300, centers=4, random_state=0, cluster_std={})` — scikit-learn's own points, reproduced bit for bit. \
             CART trees (linfa, Gini) of growing depth reach training accuracy {}. The deepest tree carves thin \
             regions around single points; grown on either half of the data, the depth-5 trees disagree on {:.0} % \
             of the plane — the variance that overfitting means.",
            c.cluster_std,
            o.accuracy.iter().enumerate().map(|(d, a)| format!("{a:.3} (depth {})", d + 1)).collect::<Vec<_>>().join(", "),
            100.0 * o.halves_disagree
        ));
        report.figure(&shallow, "Decision regions at depths 1–4");
        report.figure(&deep, "Depth 5");
        report.figure(&halves, "Depth 5 grown on each half of the data");
        Ok(())
    }
}
