//! `cargo run -p uncertainty [-- TASK] [OPTIONS]`: lecture 9. Parses arguments and runs the
//! library's tasks.

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::cli::{self, BasicArgs};
use common::task::Session;
use std::process::ExitCode;
use uncertainty::gpr;

/// Lecture 9 of the LENS ML School, part 1: Gaussian-process regression as scikit-learn fits it.
///
/// With no task, every task runs in order with the preset's settings. The data are the
/// notebook's functions on its grids; --seed drives what the notebook leaves random (the
/// optimiser's restarts, the noise of exercise 4, the drawn samples). Figures, metrics.json,
/// config.json and report.md go to out/uncertainty/ (or --out). `TASK --help` lists the task's
/// settings.
///
/// Presets: smoke (seconds: few restarts); quick and school (the notebook's: 30 restarts in 1-D,
/// 100 in 2-D).
#[derive(Debug, Parser)]
#[command(name = "uncertainty", version)]
struct Cli {
    #[command(flatten)]
    run: BasicArgs,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Clone, Subcommand)]
enum Task {
    /// sin(2πx)·e^{3x} from 7 points: prior, fixed and optimised RBF, fewest points, noise, Matérn.
    Gp1d(gpr::Flags1d),
    /// sin(2πx1)·sin(2πx2) on a 10×10 grid: anisotropic RBF, doubled frequency, fewest grid.
    Gp2d(gpr::Flags2d),
}

impl Task {
    /// Every task, in the notebook's order, with the preset's settings.
    fn all() -> Vec<Task> {
        vec![
            Task::Gp1d(Default::default()),
            Task::Gp2d(Default::default()),
        ]
    }
}

fn main() -> ExitCode {
    cli::main(run_all)
}

fn run_all(cli: Cli) -> Result<()> {
    let mut s = Session::basic("uncertainty", "uncertainty — lecture 9", &cli.run)?;
    for task in cli.task.map_or_else(Task::all, |t| vec![t]) {
        match task {
            Task::Gp1d(f) => {
                s.run::<gpr::Gp1d>(&f)?;
            }
            Task::Gp2d(f) => {
                s.run::<gpr::Gp2d>(&f)?;
            }
        }
    }
    s.finish();
    Ok(())
}
