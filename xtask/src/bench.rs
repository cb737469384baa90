//! `cargo xtask bench`: each entry runs our code and the PyTorch equivalent in the same call, on
//! the same machine, and prints both times and their ratio. Each side prints one line
//! `BENCH <name> <seconds>`.

use crate::{cargo, root, run, setup};
use anyhow::{bail, Context, Result};
use std::process::Command;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Timed repetitions of each side (the median is compared).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    repeat: u32,
}

/// Run `cmd` and return the seconds of its `BENCH <name>` line.
fn timed(cmd: &mut Command, name: &str) -> Result<Vec<f64>> {
    let shown = format!("{cmd:?}").replace('"', "");
    println!("$ {shown}");
    let out = cmd
        .current_dir(root())
        .output()
        .with_context(|| format!("could not start {shown}"))?;
    if !out.status.success() {
        bail!(
            "`{shown}` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let times: Vec<f64> = text
        .lines()
        .filter_map(|l| l.strip_prefix("BENCH "))
        .filter_map(|l| l.strip_prefix(name))
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    for l in text.lines().filter(|l| l.starts_with("info ")) {
        println!("  {l}");
    }
    if times.is_empty() {
        bail!("`{shown}` printed no `BENCH {name} <seconds>` line");
    }
    Ok(times)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn bench(args: &BenchArgs) -> Result<()> {
    let installed = setup::setup()?;
    let python = setup::bench_python()?;
    run(cargo().args(["build", "--release", "-p", "dense", "--bench", "mlp_epoch"]))?;
    let repeat = args.repeat.to_string();
    let ours = timed(
        cargo().args([
            "bench",
            "-q",
            "-p",
            "dense",
            "--bench",
            "mlp_epoch",
            "--",
            "--repeat",
            &repeat,
        ]),
        "mlp_epoch",
    )?;
    let torch = timed(
        Command::new(&python)
            .arg(root().join("dense/benches/mlp_epoch.py"))
            .args(["--repeat", &repeat]),
        "mlp_epoch",
    )?;
    let (o, t) = (median(ours.clone()), median(torch.clone()));
    println!("\nlibtorch: {}", installed.libtorch.display());
    println!(
        "{:<44} {:>10} {:>10} {:>8}",
        "benchmark (median of runs)", "ours [s]", "torch [s]", "ratio"
    );
    println!(
        "{:<44} {:>10.3} {:>10.3} {:>8.2}",
        "dense: one MLP epoch, Fashion-MNIST, batch 32",
        o,
        t,
        o / t
    );
    println!("(ratio = ours / PyTorch eager; below 1 is faster. runs: ours {ours:.3?}, torch {torch:.3?})");
    Ok(())
}
