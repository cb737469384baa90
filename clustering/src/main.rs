//! `cargo run -p clustering [-- TASK] [OPTIONS]`: lecture 10, parts 1–2. Parses arguments and
//! runs the library's tasks.

use anyhow::Result;
use clap::{Parser, Subcommand};
use clustering::{dbscan, digits_gmm, gmm, kmeans_fails, manifold, manual_kmeans};
use common::cli::{self, BasicArgs};
use common::task::Session;
use std::process::ExitCode;

/// Lecture 10 of the LENS ML School, parts 1–2: clustering (k-means, DBSCAN, Gaussian mixtures)
/// and manifold learning (t-SNE, k-NN).
///
/// With no task, every task runs in order with the preset's settings. The data are
/// scikit-learn's generators, reproduced bit for bit with the notebook's `random_state` where it
/// sets one and --seed where it does not, and its 8×8 digits (built in). Figures, metrics.json, config.json and report.md go to out/clustering/
/// (or --out). `TASK --help` lists the task's settings.
///
/// Presets: smoke (seconds: mixtures of 10 and 20, t-SNE of 200 digits, 300 iterations); quick
/// and school (the notebook's: n = 50 … 200 step 10, all 1 797 digits, 1 000 iterations).
#[derive(Debug, Parser)]
#[command(name = "clustering", version)]
struct Cli {
    #[command(flatten)]
    run: BasicArgs,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Clone, Subcommand)]
enum Task {
    /// 100 points in 2 blobs: one assignment and one update at a time, then linfa's KMeans(2).
    ManualKmeans(manual_kmeans::Flags),
    /// Circles, moons and blobs: where and why k-means fails.
    KmeansFails(kmeans_fails::Flags),
    /// DBSCAN(eps 0.3, min_samples 10) on the same three sets, standardised.
    Dbscan(dbscan::Flags),
    /// GMM(3) on blobs: membership probabilities of rows 60–70, marker size 100·max(p)³.
    Gmm(gmm::Flags),
    /// The digits: PCA(0.99, whitened), the AIC of GMM(n), 100 new digits drawn.
    DigitsGmm(digits_gmm::Flags),
    /// An S-curve; t-SNE of the digits; k-NN scored on its training data and held out.
    Manifold(manifold::Flags),
}

impl Task {
    /// Every task, in the notebooks' order, with the preset's settings.
    fn all() -> Vec<Task> {
        vec![
            Task::ManualKmeans(Default::default()),
            Task::KmeansFails(Default::default()),
            Task::Dbscan(Default::default()),
            Task::Gmm(Default::default()),
            Task::DigitsGmm(Default::default()),
            Task::Manifold(Default::default()),
        ]
    }
}

fn main() -> ExitCode {
    cli::main(run_all)
}

fn run_all(cli: Cli) -> Result<()> {
    let mut s = Session::basic("clustering", "clustering — lecture 10, parts 1–2", &cli.run)?;
    for task in cli.task.map_or_else(Task::all, |t| vec![t]) {
        match task {
            Task::ManualKmeans(f) => {
                s.run::<manual_kmeans::ManualKmeans>(&f)?;
            }
            Task::KmeansFails(f) => {
                s.run::<kmeans_fails::KmeansFails>(&f)?;
            }
            Task::Dbscan(f) => {
                s.run::<dbscan::DbscanTask>(&f)?;
            }
            Task::Gmm(f) => {
                s.run::<gmm::Gmm>(&f)?;
            }
            Task::DigitsGmm(f) => {
                s.run::<digits_gmm::DigitsGmm>(&f)?;
            }
            Task::Manifold(f) => {
                s.run::<manifold::Manifold>(&f)?;
            }
        }
    }
    s.finish();
    Ok(())
}
