//! What every lecture binary shares on its command line: the run options, argument checks, and
//! one-line errors with a non-zero exit instead of panics or multi-line traces.

#[cfg(feature = "torch")]
use crate::device::DeviceChoice;
use crate::seed::DEFAULT_SEED;
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// How big a run is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// Seconds: tiny sizes, used by the tests and CI.
    Smoke,
    /// A few minutes on a laptop CPU; shows the lesson.
    #[default]
    Quick,
    /// The original notebook's hyper-parameters; meant for a GPU.
    School,
}

/// Options every network lecture takes (before or after the task name).
#[cfg(feature = "torch")]
#[derive(Clone, Debug, clap::Args)]
pub struct RunArgs {
    /// Size preset; explicit flags such as --epochs override it.
    #[arg(long, value_enum, default_value_t = Preset::Quick, global = true)]
    pub preset: Preset,
    /// Where to compute.
    #[arg(long, value_enum, default_value_t = DeviceChoice::Auto, global = true)]
    pub device: DeviceChoice,
    /// Seed of every random stream; the same seed gives the same numbers.
    #[arg(long, default_value_t = DEFAULT_SEED, global = true)]
    pub seed: u64,
    /// Data folder for tasks that read a data set [default: $LENS_DATA, else the folder `cargo xtask setup` fills].
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Folder for figures, metrics.json and report.md [default: out/<lecture crate>].
    #[arg(long, global = true, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// libtorch's CPU threads [default: one per core that other programs leave free at start].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    pub threads: Option<usize>,
}

/// The options of a lecture without networks or data folders (`classic`, `clustering`): size,
/// seed and output folder, before or after the task name. The lecture's `--help` says what each
/// preset means for it.
#[derive(Clone, Debug, clap::Args)]
pub struct BasicArgs {
    /// Size preset (see above what it sets).
    #[arg(long, value_enum, default_value_t = Preset::Quick, global = true)]
    pub preset: Preset,
    /// Seed of every random stream (generated data, starts, samplers); the same seed gives the
    /// same numbers.
    #[arg(long, default_value_t = DEFAULT_SEED, global = true)]
    pub seed: u64,
    /// Folder for figures, metrics.json and report.md [default: out/<lecture crate>].
    #[arg(long, global = true, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Parse a whole number ≥ 1 (for epochs, sizes, counts).
pub fn positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if n >= 1 => usize::try_from(n).map_err(|_| format!("{n} is too large")),
        Ok(n) => Err(format!("must be at least 1, got {n}")),
        Err(_) => Err(format!("'{s}' is not a whole number")),
    }
}

/// Parse a finite number > 0 (for learning rates, scales).
pub fn positive_f64(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        Ok(x) => Err(format!("must be a positive number, got {x}")),
        Err(_) => Err(format!("'{s}' is not a number")),
    }
}

/// Parse the command line; a usage error prints its first line only and exits with status 2.
pub fn parse<T: Parser>() -> T {
    match T::try_parse() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            // clap's message is its first paragraph (it may list arguments on indented lines).
            let text = e.render().to_string();
            let first: Vec<&str> = text
                .lines()
                .skip_while(|l| l.trim().is_empty())
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let line = if first.is_empty() {
                "error: bad arguments".to_string()
            } else {
                first.join(" ")
            };
            eprintln!("{line} (see --help)");
            std::process::exit(e.exit_code());
        }
    }
}

/// Run the program body; an error prints one line (with its causes) and exits with status 1.
pub fn run(body: impl FnOnce() -> anyhow::Result<()>) -> ExitCode {
    match body() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// A lecture binary's `main`: parse the command line ([`parse`]), then [`run`] `body` with it.
pub fn main<T: Parser>(body: impl FnOnce(T) -> anyhow::Result<()>) -> ExitCode {
    let args = parse();
    run(|| body(args))
}

/// An error and its causes on one line: the first line of each (libtorch appends its C++
/// backtrace to its messages), a cause already said by the one before it left out.
pub fn one_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        let first = text.lines().next().unwrap_or("").trim().to_string();
        if first.is_empty() || parts.last().is_some_and(|p| p.ends_with(&first)) {
            continue;
        }
        parts.push(first);
    }
    parts.join(": ")
}

/// The `--repeat N` argument of a benchmark binary (run by `cargo bench`, which passes its own
/// flags too, so clap is not used there); 1 when absent.
pub fn bench_repeat() -> anyhow::Result<usize> {
    use anyhow::Context;
    let args: Vec<String> = std::env::args().collect();
    Ok(args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse::<usize>())
        .transpose()
        .context("--repeat takes a whole number")?
        .unwrap_or(1))
}
