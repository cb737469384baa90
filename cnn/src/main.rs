//! `cargo run -p cnn [-- TASK]`: lecture 3. Parses arguments and calls the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use cnn::model::{Baseline, Transfer};
use common::cli::{self, RunArgs};
use std::process::ExitCode;

/// Lecture 3 of the LENS ML School: CNNs, dropout, augmentation, transfer learning.
///
/// Work in progress: the networks exist; the natural-images stand-in and the training tasks
/// come next. With no task, every available task runs.
#[derive(Debug, Parser)]
#[command(name = "cnn", version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Print the summaries of the four networks (baseline, dropout, VGG16 base, transfer head).
    Summary,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(|| run(&cli))
}

fn run(cli: &Cli) -> Result<()> {
    let _rng = common::seed::seed_all(cli.run.seed);
    match cli.task {
        Some(Task::Summary) | None => summaries(),
    }
}

fn summaries() -> Result<()> {
    let device = tch::Device::Cpu;
    for (name, dropout) in [("task 1: baseline", 0.0), ("task 2: dropout", 0.6)] {
        let vs = tch::nn::VarStore::new(device);
        let m = Baseline::new(&vs.root(), dropout);
        println!("{}", common::summary::render(name, &vs, &m.layers()));
    }
    let mut base_vs = tch::nn::VarStore::new(device);
    let head_vs = tch::nn::VarStore::new(device);
    let t = Transfer::new(&base_vs.root(), &head_vs.root());
    base_vs.freeze();
    println!(
        "{}",
        common::summary::render("task 4: VGG16 base (frozen)", &base_vs, &t.base.layers())
    );
    let head = [common::summary::Layer::new(
        "fc",
        "Dense",
        &[cnn::model::CLASSES],
    )];
    println!(
        "{}",
        common::summary::render("task 4: head", &head_vs, &head)
    );
    Ok(())
}
