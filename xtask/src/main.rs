//! Project automation, run as `cargo xtask <command>`:
//!
//! - `setup`: install what the lectures need, once per machine (PyTorch 2.4.0 as libtorch,
//!   Fashion-MNIST), idempotent and safe to interrupt;
//! - `doctor`: what is installed and what is missing, with the command that fixes it;
//! - `test-all`: setup, fmt, clippy, the workspace tests, both editions, and every lecture once with
//!   `--preset smoke` (what CI runs);
//! - `run <crate> [-- args]`: setup if needed, then that lecture;
//! - `bench`: our code and the PyTorch equivalent side by side, with their time ratio;
//! - `results <crate>`: the README's numbers rendered from the crate's recorded run;
//! - `student`, `check <crate>`, `hint <crate> <id>`: the student edition and its exercises.

mod bench;
mod editions;
#[path = "../../common/src/paths.rs"]
mod paths;
mod results;
mod setup;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Setup, checks, tests, runs and benchmarks of the LENS ML School workspace"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Install what the lectures need: PyTorch 2.4.0 (used as libtorch) into the shared cache,
    /// linked at .lens/libtorch; the HDF5 library; Fashion-MNIST. With crate names, only what
    /// those need (classic and clustering need nothing). Cache: $LENS_CACHE, else
    /// ~/.cache/lens-ml. An existing $LIBTORCH is used as it is.
    Setup {
        /// Lecture crates to set up for [default: all].
        crates: Vec<String>,
    },
    /// Show the libtorch in use, whether CUDA is visible, and which data sets are found.
    Doctor,
    /// Setup, `cargo fmt --check`, clippy -D warnings, `cargo test --workspace`, both editions
    /// (every exercise test passes here and fails with its own todo! in the student edition),
    /// every lecture with --preset smoke.
    TestAll,
    /// Setup what the lecture needs if missing, then run it: `cargo xtask run dense -- intro`.
    Run {
        /// The lecture crate (dense, cnn, …).
        krate: String,
        /// Arguments for the lecture binary (a task and its flags), after `--` or directly.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Time our code against the PyTorch equivalent in one call and print the ratios.
    Bench(bench::BenchArgs),
    /// Render a lecture README's results block from its recorded run (<crate>/results/quick.json);
    /// with --from, record a run's output folder first.
    Results(results::ResultsArgs),
    /// Write the student edition: this workspace with every exercise's answer replaced by a
    /// `todo!` that names the exercise.
    Student {
        /// The folder to write it to (must not exist or be empty).
        #[arg(long, default_value = "student-edition")]
        out: PathBuf,
    },
    /// Run a lecture's exercise tests and list its exercises, done or not yet, with the next hint.
    Check {
        /// The lecture crate (rl, …).
        krate: String,
    },
    /// For lecturers, test-all's check of both editions alone: every exercise test passes here;
    /// the student edition (written to target/student-edition) builds without warnings, and
    /// each exercise test fails there with its own todo!.
    Editions,
    /// Print the hint of one exercise: `cargo xtask hint rl 10.3.1`.
    Hint {
        /// The lecture crate.
        krate: String,
        /// The exercise's id, as `check` lists it.
        id: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Cmd::Setup { crates } => setup::Needs::of_all(&crates).and_then(setup::setup),
        Cmd::Doctor => setup::doctor(),
        Cmd::TestAll => test_all(),
        Cmd::Run { krate, args } => run_lecture(&krate, &args),
        Cmd::Bench(args) => bench::bench(&args),
        Cmd::Results(args) => results::results(&args),
        Cmd::Student { out } => editions::student(&out),
        Cmd::Check { krate } => editions::check(&krate),
        Cmd::Hint { krate, id } => editions::hint(&krate, &id),
        Cmd::Editions => editions::verify(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the folder above xtask/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The lecture crates: the workspace members other than common and xtask.
pub fn lectures() -> Result<Vec<String>> {
    let manifest = root().join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let start = text
        .find("members")
        .context("no `members` in the workspace manifest")?;
    let list = &text[start..];
    let (open, close) = (
        list.find('[').context("bad members list")?,
        list.find(']').context("bad members list")?,
    );
    Ok(list[open + 1..close]
        .split(',')
        .map(|m| m.trim().trim_matches('"').to_string())
        .filter(|m| !m.is_empty() && m != "common" && m != "xtask")
        .collect())
}

/// Run a command in the workspace root, echoing it; an error if it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}").replace('"', "");
    println!("$ {shown}");
    let status = cmd
        .current_dir(root())
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn test_all() -> Result<()> {
    let total = Instant::now();
    let mut steps: Vec<(String, f64)> = Vec::new();
    let mut step = |name: &str, f: &mut dyn FnMut() -> Result<()>| -> Result<()> {
        println!("\n=== {name}");
        let t = Instant::now();
        f().with_context(|| format!("test-all step `{name}`"))?;
        steps.push((name.to_string(), t.elapsed().as_secs_f64()));
        Ok(())
    };
    step("setup", &mut || setup::setup(setup::Needs::ALL))?;
    step(
        "fmt",
        &mut || run(cargo().args(["fmt", "--all", "--check"])),
    )?;
    step("clippy", &mut || {
        run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("test", &mut || run(cargo().args(["test", "--workspace"])))?;
    step("editions", &mut editions::verify)?;
    for lecture in lectures()? {
        let out = root().join("target").join("smoke").join(&lecture);
        step(&format!("smoke {lecture}"), &mut || {
            run(cargo()
                .args([
                    "run", "-q", "-p", &lecture, "--", "--preset", "smoke", "--out",
                ])
                .arg(&out))
        })?;
    }
    println!("\n=== test-all summary");
    for (name, secs) in &steps {
        println!("{name:<20} {secs:>8.1} s");
    }
    println!("{:<20} {:>8.1} s", "total", total.elapsed().as_secs_f64());
    println!("test-all: {} passed, 0 failed", steps.len());
    Ok(())
}

fn run_lecture(krate: &str, args: &[String]) -> Result<()> {
    let known = lectures()?;
    if !known.iter().any(|k| k == krate) {
        bail!(
            "unknown lecture crate `{krate}`; the lecture crates are: {}",
            known.join(", ")
        );
    }
    setup::setup_if_needed(setup::Needs::of(krate)?)?;
    run(cargo().args(["run", "-q", "-p", krate, "--"]).args(args))
}
