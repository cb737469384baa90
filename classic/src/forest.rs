//! Lecture 4, random forests (notebook "Trees and forests"): a forest (smartcore; bootstrap
//! samples, ⌊√2⌋ = 1 feature tried at each split) on the notebook's blobs; its regions, and its
//! probabilities as its trees' votes, shown as marker size 50·max(p)²: points between the blobs
//! get split votes.

use crate::data::blobs;
use crate::figures::{mesh, regions};
use crate::ml::{argmax_rows, Forest};
use crate::trees::preset_mesh;
use anyhow::Result;
use common::cli::{positive, Preset};
use common::metrics::accuracy;
use common::plot;
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Settings of `forest`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Trees of the forest.
    pub trees: usize,
    /// Cells a side of the decision-region mesh.
    pub mesh: usize,
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Trees of the forest [default: 100; smoke 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub trees: Option<usize>,
    /// Cells a side of the decision-region mesh [default: 200; smoke 40].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub mesh: Option<usize>,
}

/// Trees of a preset's forests: the notebook's 100; 10 for smoke runs.
pub fn preset_trees(preset: Preset) -> usize {
    if preset == Preset::Smoke {
        10
    } else {
        100
    }
}

/// What `forest` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub trees: usize,
    pub training_accuracy: f64,
    /// The mean of max(p) over the training points.
    pub mean_confidence: f64,
    #[serde(skip)]
    pub points: Array2<f64>,
    #[serde(skip)]
    pub labels: Vec<usize>,
    /// max(p) of each training point.
    #[serde(skip)]
    pub top: Vec<f64>,
    /// The class predicted on the mesh.
    #[serde(skip)]
    pub regions: Vec<usize>,
}

/// The task.
#[derive(Debug)]
pub struct ForestTask;

impl Task for ForestTask {
    const NAME: &'static str = "forest";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config {
            trees: preset_trees(preset),
            mesh: preset_mesh(preset),
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (x, y) = blobs(1.0);
        let (_, _, grid) = mesh(&x, c.mesh);
        let f = Forest::fit(&x, &y, c.trees, ctx.seed)?;
        let p = f.probabilities(&x)?;
        let top: Vec<f64> = p
            .rows()
            .into_iter()
            .map(|r| r.iter().copied().fold(0.0, f64::max))
            .collect();
        let training_accuracy = accuracy(&argmax_rows(&p), &y)?;
        let regions = f.predict(&grid)?;
        let mean_confidence = top.iter().sum::<f64>() / top.len() as f64;
        println!(
            "forest: {} trees, training accuracy {training_accuracy:.3}, mean max(p) {mean_confidence:.3}",
            c.trees
        );
        Ok(Outcome {
            trees: c.trees,
            training_accuracy,
            mean_confidence,
            points: x,
            labels: y,
            top,
            regions,
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let (x, y) = (&o.points, &o.labels);
        let title = format!("random forest, {} trees", o.trees);
        let plain = regions(&title, x, y, c.mesh, &o.regions, None);
        let regions_fig = report.save("forest_regions.png", |p| plot::contour(p, &plain))?;
        // matplotlib's marker area s = 50·max(p)² (pt²) as a radius in pixels.
        let radii: Vec<f64> = o.top.iter().map(|m| (50.0 * m * m).sqrt() * 0.8).collect();
        let sized = regions(
            "forest: marker size 50·max(p)²",
            x,
            y,
            c.mesh,
            &o.regions,
            Some(&radii),
        );
        let sized = report.save("forest_probabilities.png", |p| plot::contour(p, &sized))?;
        report.section("Lecture 4 — random forests");
        report.text(&format!(
            "{} trees (smartcore; bootstrap samples, one of the two features — ⌊√2⌋ — tried at each split), training accuracy {:.3}. \
             The forest's probabilities are its trees' votes; points between the blobs get split votes and small \
             markers (mean max(p) {:.2}).",
            o.trees, o.training_accuracy, o.mean_confidence
        ));
        report.figure(&regions_fig, "Random-forest decision regions");
        report.figure(&sized, "Marker size 50·max(p)²");
        Ok(())
    }
}
