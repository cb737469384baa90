//! `cargo run -p clustering [-- TASK] [OPTIONS]`: lecture 10, parts 1–2. Parses arguments and
//! calls the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use clustering::tasks::{self, Sizes};
use common::cli::{self, BasicArgs, Preset};
use common::report::Report;
use std::process::ExitCode;

/// Lecture 10 of the LENS ML School, parts 1–2: clustering (k-means, DBSCAN, Gaussian mixtures)
/// and manifold learning (t-SNE, k-NN).
///
/// With no task, every task runs in order. The data are scikit-learn's generators, reproduced
/// bit for bit with `random_state` = --seed, and its 8×8 digits (built in). Figures,
/// metrics.json and report.md go to out/clustering/ (or --out).
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

#[derive(Debug, Clone, Copy, Subcommand)]
enum Task {
    /// 100 points in 2 blobs: one assignment and one update at a time, then linfa's KMeans(2).
    ManualKmeans,
    /// Circles, moons and blobs: where and why k-means fails.
    KmeansFails,
    /// DBSCAN(eps 0.3, min_samples 10) on the same three sets, standardised.
    Dbscan,
    /// GMM(3) on blobs: membership probabilities of rows 60–70, marker size 100·max(p)³.
    Gmm,
    /// The digits: PCA(0.99, whitened), the AIC of GMM(n), 100 new digits drawn.
    DigitsGmm,
    /// An S-curve; t-SNE of the digits; k-NN scored on its training data and held out.
    Manifold,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(|| run(cli))
}

fn run(cli: Cli) -> Result<()> {
    let out = common::data::output_dir(cli.run.out.as_deref(), "clustering")?;
    println!("seed: {}", cli.run.seed);
    let mut report = Report::new("clustering — lecture 10, parts 1–2", &out);
    let sizes = if cli.run.preset == Preset::Smoke {
        Sizes::smoke()
    } else {
        Sizes::full()
    };
    let tasks = match cli.task {
        Some(t) => vec![t],
        None => vec![
            Task::ManualKmeans,
            Task::KmeansFails,
            Task::Dbscan,
            Task::Gmm,
            Task::DigitsGmm,
            Task::Manifold,
        ],
    };
    let seed = cli.run.seed;
    for task in tasks {
        match task {
            Task::ManualKmeans => {
                tasks::manual_kmeans(seed, &mut report)?;
            }
            Task::KmeansFails => tasks::kmeans_fails(seed, &mut report)?,
            Task::Dbscan => {
                tasks::dbscan_task(seed, &mut report)?;
            }
            Task::Gmm => {
                tasks::gmm_task(seed, &mut report)?;
            }
            Task::DigitsGmm => {
                tasks::digits_gmm(&sizes, seed, &mut report)?;
            }
            Task::Manifold => {
                tasks::manifold(&sizes, seed, &mut report)?;
            }
        }
    }
    println!("wrote {}", out.join("report.md").display());
    Ok(())
}
