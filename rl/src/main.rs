//! `cargo run -p rl [-- TASK] [OPTIONS]`: lecture 10, part 3. Parses arguments and calls the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::cli::{self, positive, BasicArgs, Preset};
use common::report::Report;
use rl::approx_cem::ApproxCemConfig;
use rl::cem::CemConfig;
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
    MountainCar(MountainCarArgs),
    /// Exercise 2: the tabular cross-entropy method on CliffWalking.
    CemCliff(CemArgs),
    /// The approximate cross-entropy method with an MLP policy on MountainCar.
    CemMountain(CemArgs),
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

#[derive(Debug, Default, clap::Args)]
struct MountainCarArgs {
    /// Starts of the sweep over [−0.6, −0.4] that the hand policy is tried from.
    #[arg(long, default_value_t = 21, value_parser = positive, allow_hyphen_values = true)]
    sweep: usize,
}

/// Presets: smoke = a few short iterations; quick and school = the notebook's sizes.
#[derive(Debug, Default, clap::Args)]
struct CemArgs {
    /// Iterations [default: 50; smoke 3].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    iterations: Option<usize>,
    /// Sessions an iteration [default: 250 on CliffWalking, 100 on MountainCar; smoke 20].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    sessions: Option<usize>,
    /// Elite percentile [default: 50 on CliffWalking, 70 on MountainCar].
    #[arg(long, value_parser = percent, allow_hyphen_values = true)]
    percentile: Option<f64>,
    /// Steps at most in a session [default: 10 000 on CliffWalking, 5 000 on MountainCar; smoke 1 000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    t_max: Option<usize>,
}

fn percent(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=100.0).contains(&x) => Ok(x),
        Ok(x) => Err(format!("must be between 0 and 100, got {x}")),
        Err(_) => Err(format!("'{s}' is not a number")),
    }
}

impl CemArgs {
    /// (iterations, sessions, t_max): the flags, else the smoke sizes, else the notebook's.
    fn sizes(&self, preset: Preset, notebook: (usize, usize, usize)) -> (usize, usize, usize) {
        let d = if preset == Preset::Smoke {
            (3, 20, 1000)
        } else {
            notebook
        };
        (
            self.iterations.unwrap_or(d.0),
            self.sessions.unwrap_or(d.1),
            self.t_max.unwrap_or(d.2),
        )
    }

    fn cliff(&self, preset: Preset) -> CemConfig {
        let d = CemConfig::default();
        let (iterations, sessions, t_max) = self.sizes(preset, (d.iterations, d.sessions, d.t_max));
        CemConfig {
            iterations,
            sessions,
            t_max,
            percentile: self.percentile.unwrap_or(d.percentile),
            ..d
        }
    }

    fn mountain(&self, preset: Preset) -> ApproxCemConfig {
        let d = ApproxCemConfig::default();
        let (iterations, sessions, t_max) = self.sizes(preset, (d.iterations, d.sessions, d.t_max));
        ApproxCemConfig {
            iterations,
            sessions,
            t_max,
            percentile: self.percentile.unwrap_or(d.percentile),
            ..d
        }
    }
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(|| run(cli))
}

fn run(cli: Cli) -> Result<()> {
    let out = common::data::output_dir(cli.run.out.as_deref(), "rl")?;
    common::seed::seed_all(cli.run.seed);
    println!("device: cpu (small networks; the environment loop dominates)");
    common::device::threads(cli.threads);
    let mut report = Report::new("rl — lecture 10, part 3", &out);
    let tasks = match cli.task {
        Some(t) => vec![t],
        None => vec![
            Task::MountainCar(MountainCarArgs { sweep: 21 }),
            Task::CemCliff(CemArgs::default()),
            Task::CemMountain(CemArgs::default()),
            Task::Dqn(Box::default()),
        ],
    };
    let (seed, preset) = (cli.run.seed, cli.run.preset);
    for task in tasks {
        match task {
            Task::MountainCar(a) => {
                rl::tasks::mountain_car(seed, a.sweep, &mut report)?;
            }
            Task::CemCliff(a) => {
                rl::tasks::cem_cliff(&a.cliff(preset), seed, &mut report)?;
            }
            Task::CemMountain(a) => {
                rl::tasks::cem_mountain(&a.mountain(preset), seed, &mut report)?;
            }
            Task::Dqn(a) => {
                let config = common::task::merge(rl::dqn::DqnConfig::preset(preset), &a.settings)?;
                report.config("dqn", &config)?;
                rl::tasks::dqn(&config, seed, a.resume, &mut report)?;
            }
        }
    }
    println!("wrote {}", out.join("report.md").display());
    Ok(())
}
