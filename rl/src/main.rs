//! `cargo run -p rl [-- TASK] [OPTIONS]`: lecture 10, part 3. Parses arguments and calls the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::cli::{self, positive, BasicArgs};
use common::task::{self, Session};
use rl::tasks::cem_cliff::CemCliff;
use rl::tasks::cem_mountain::CemMountain;
use rl::tasks::hand::{self, HandPolicy};
use rl::tasks::CemFlags;
use std::process::ExitCode;

/// Lecture 10.3 of the LENS ML School: reinforcement learning on MountainCar and CliffWalking.
///
/// With no task, every task runs in order. Figures, metrics.json and report.md go to out/rl/ (or --out).
/// Everything runs on the CPU: the networks are small and the environments dominate.
#[derive(Debug, Parser)]
#[command(name = "rl", version)]
struct Cli {
    #[command(flatten)]
    run: BasicArgs,
    /// libtorch's CPU threads [default: one per core that other programs leave free at start].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    threads: Option<usize>,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// MountainCar-v0 and the hand-written policy of exercise 1 (an animated GIF of an episode).
    MountainCar(hand::Flags),
    /// Exercise 2: the tabular cross-entropy method on CliffWalking. Presets: smoke = a few
    /// short iterations; quick and school = the notebook's sizes.
    CemCliff(CemFlags),
    /// The approximate cross-entropy method with an MLP policy on MountainCar. Presets: smoke =
    /// a few short iterations; quick and school = the notebook's sizes.
    CemMountain(CemFlags),
    /// Lecture 10.4: a DQN learns the maze game (the stand-in for MsPacman) from pixels.
    Dqn(Box<DqnArgs>),
}

/// Presets: smoke = 300 steps; quick = 16 000 steps (about 5 minutes on 2 cores); school = the
/// notebook's 400 000. Every setting is a flag.
#[derive(Debug, Default, clap::Args)]
struct DqnArgs {
    #[command(flatten)]
    settings: rl::dqn::DqnFlags,
    /// Go on from the checkpoint in <out>/dqn (weights and state.json); the replay buffer is refilled.
    #[arg(long)]
    resume: bool,
}

fn main() -> ExitCode {
    cli::main(run)
}

fn run(cli: Cli) -> Result<()> {
    let mut s = Session::basic("rl", "rl — lecture 10, part 3", &cli.run)?;
    println!("device: cpu (small networks; the environment loop dominates)");
    let threads = common::device::threads(cli.threads);
    s.report.run_setting("threads", threads)?;
    let tasks = match cli.task {
        Some(t) => vec![t],
        None => vec![
            Task::MountainCar(hand::Flags::default()),
            Task::CemCliff(CemFlags::default()),
            Task::CemMountain(CemFlags::default()),
            Task::Dqn(Box::default()),
        ],
    };
    for task in tasks {
        match task {
            Task::MountainCar(flags) => {
                s.run::<HandPolicy>(&flags)?;
            }
            Task::CemCliff(flags) => {
                s.run::<CemCliff>(&flags)?;
            }
            Task::CemMountain(flags) => {
                s.run::<CemMountain>(&flags)?;
            }
            Task::Dqn(a) => {
                let config = task::merge(rl::dqn::DqnConfig::preset(s.preset), &a.settings)?;
                s.report.config("dqn", &config)?;
                let (seed, report) = (s.ctx.seed, &mut s.report);
                common::exercise::guard("rl", "dqn", || {
                    rl::tasks::dqn(&config, seed, a.resume, report)
                })?;
            }
        }
    }
    s.finish();
    Ok(())
}
