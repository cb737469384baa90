//! `cargo run -p segmentation [-- TASK] [OPTIONS]`: lecture 5. Parses arguments and runs the
//! library's tasks.

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::cli::{self, BasicArgs};
use common::task::Session;
use segmentation::{kmeans_demo, spatial, spots_baseline, threshold, tof};
use std::process::ExitCode;

/// Lecture 5 of the LENS ML School: image segmentation of neutron images.
///
/// With no task, every task runs in order with the preset's settings. The spot radiograph and its
/// annotation are missing from every copy of the course: a seeded stand-in in the original formats
/// (FITS and PNG) is written to the data folder of the run (out/segmentation/data) and read back;
/// `spots-baseline --data FILE.fits --mask FILE.png` reads the originals. Figures, metrics.json,
/// config.json and report.md go to out/segmentation/ (or --out). `TASK --help` lists the task's
/// settings.
///
/// Presets: smoke (a 256×256 radiograph); quick and school (the original's 2048×2048).
#[derive(Debug, Parser)]
#[command(name = "segmentation", version)]
struct Cli {
    #[command(flatten)]
    run: BasicArgs,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Clone, Subcommand)]
enum Task {
    /// The generated 11×11 image, its 10-bin histogram and the mask at 0.4.
    Threshold(threshold::Flags),
    /// make_blobs(200, random_state=2018) clustered with k = 2, 3, 4.
    KmeansDemo(kmeans_demo::Flags),
    /// Spatial feature maps of the radiograph; exercise 1: k-means with and without them.
    SpatialFeatures(spatial::Flags),
    /// k-means (k = 4, 10) on the time-of-flight spectra of six steel blocks.
    Tof(tof::Flags),
    /// The 3×3-median spot detector scored against the annotation.
    SpotsBaseline(spots_baseline::Flags),
}

impl Task {
    /// Every task, in the notebook's order, with the preset's settings.
    fn all() -> Vec<Task> {
        vec![
            Task::Threshold(Default::default()),
            Task::KmeansDemo(Default::default()),
            Task::SpatialFeatures(Default::default()),
            Task::Tof(Default::default()),
            Task::SpotsBaseline(Default::default()),
        ]
    }
}

fn main() -> ExitCode {
    cli::main(run_all)
}

fn run_all(cli: Cli) -> Result<()> {
    let mut s = Session::basic("segmentation", "segmentation — lecture 5", &cli.run)?;
    for task in cli.task.map_or_else(Task::all, |t| vec![t]) {
        match task {
            Task::Threshold(f) => {
                s.run::<threshold::Threshold>(&f)?;
            }
            Task::KmeansDemo(f) => {
                s.run::<kmeans_demo::KmeansDemo>(&f)?;
            }
            Task::SpatialFeatures(f) => {
                s.run::<spatial::SpatialFeatures>(&f)?;
            }
            Task::Tof(f) => {
                s.run::<tof::Tof>(&f)?;
            }
            Task::SpotsBaseline(f) => {
                s.run::<spots_baseline::SpotsBaseline>(&f)?;
            }
        }
    }
    s.finish();
    Ok(())
}
