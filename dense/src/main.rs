//! `cargo run -p dense [-- TASK] [OPTIONS]`: lectures 1 and 2. Parses arguments and calls the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::cli::{self, positive, positive_f64, RunArgs};
use common::report::Report;
use dense::intro::{self, IntroConfig};
use std::process::ExitCode;

/// Lectures 1–2 of the LENS ML School: deep-learning basics and dense networks.
///
/// With no task, every task runs in order. Figures, metrics.json and report.md go to out/dense/
/// (or --out).
#[derive(Debug, Parser)]
#[command(name = "dense", version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Lecture 1: a cubic fitted to sin(x) by hand-written gradient descent and by autograd; the perceptron.
    Intro(IntroArgs),
    /// Lecture 2.1, first cells: the Fashion-MNIST data set (sizes, first image, 5×5 labelled grid).
    FashionData,
}

/// Lecture 1 is tiny, so every preset runs it at the notebook's full size.
#[derive(Debug, Default, clap::Args)]
struct IntroArgs {
    /// Gradient-descent epochs [default: 2000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    epochs: Option<usize>,
    /// Learning rate on the summed squared error [default: 1e-6].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    lr: Option<f64>,
    /// Points of sin(x) on [−π, π] [default: 2000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    points: Option<usize>,
    /// Points of the perceptron's data set [default: 200].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    perceptron_points: Option<usize>,
}

impl IntroArgs {
    fn config(&self) -> IntroConfig {
        let d = IntroConfig::default();
        IntroConfig {
            epochs: self.epochs.unwrap_or(d.epochs),
            lr: self.lr.unwrap_or(d.lr),
            points: self.points.unwrap_or(d.points),
            perceptron_points: self.perceptron_points.unwrap_or(d.perceptron_points),
            ..d
        }
    }
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(|| run(cli))
}

fn run(cli: Cli) -> Result<()> {
    let out = common::data::output_dir(cli.run.out.as_deref(), "dense")?;
    let _device = common::device::select(cli.run.device)?;
    let _rng = common::seed::seed_all(cli.run.seed);
    let mut report = Report::new("dense — lectures 1 and 2", &out);
    let tasks = match cli.task {
        Some(t) => vec![t],
        None => vec![Task::Intro(IntroArgs::default()), Task::FashionData],
    };
    for task in tasks {
        match task {
            Task::Intro(args) => {
                intro::run(&args.config(), cli.run.seed, &mut report)?;
            }
            Task::FashionData => {
                dense::fashion::look_at_data(cli.run.data.as_deref(), &mut report)?;
            }
        }
    }
    println!("wrote {}", out.join("report.md").display());
    Ok(())
}
