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

/// The benchmarks: name (as both sides print it) and what it measures.
const ENTRIES: [(&str, &str); 2] = [
    (
        "fashion_epoch",
        "dense: one Fashion-MNIST MLP epoch (60 000 images, batch 32)",
    ),
    (
        "ins_epoch",
        "dense: one INS dense-net epoch (20 000 spectra, batch 32)",
    ),
];

/// Run `cmd` and return the seconds of each `BENCH <name> <seconds>` line, by name.
fn timed(cmd: &mut Command) -> Result<Vec<(String, f64)>> {
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
    for l in text.lines().filter(|l| l.starts_with("info ")) {
        println!("  {l}");
    }
    Ok(text
        .lines()
        .filter_map(|l| l.strip_prefix("BENCH "))
        .filter_map(|l| {
            let (name, secs) = l.split_once(' ')?;
            Some((name.to_string(), secs.trim().parse().ok()?))
        })
        .collect())
}

fn median(all: &[(String, f64)], name: &str) -> Result<(f64, Vec<f64>)> {
    let mut v: Vec<f64> = all
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, s)| *s)
        .collect();
    if v.is_empty() {
        bail!("no `BENCH {name}` line was printed");
    }
    let runs = v.clone();
    v.sort_by(f64::total_cmp);
    Ok((v[v.len() / 2], runs))
}

pub fn bench(args: &BenchArgs) -> Result<()> {
    let installed = setup::setup()?;
    let python = setup::bench_python()?;
    run(cargo().args(["build", "--release", "-p", "dense", "--bench", "epochs"]))?;
    let repeat = args.repeat.to_string();
    let ours = timed(cargo().args([
        "bench", "-q", "-p", "dense", "--bench", "epochs", "--", "--repeat", &repeat,
    ]))?;
    let torch = timed(
        Command::new(&python)
            .arg(root().join("dense/benches/epochs.py"))
            .args(["--repeat", &repeat]),
    )?;
    println!("\nlibtorch: {}", installed.libtorch.display());
    println!(
        "{:<64} {:>9} {:>9} {:>7}",
        "benchmark (median of runs)", "ours [s]", "torch [s]", "ratio"
    );
    for (name, what) in ENTRIES {
        let (o, o_runs) = median(&ours, name)?;
        let (t, t_runs) = median(&torch, name)?;
        println!("{what:<64} {o:>9.3} {t:>9.3} {:>7.2}", o / t);
        println!("  runs: ours {o_runs:.3?}, torch {t_runs:.3?}");
    }
    println!("(ratio = ours / PyTorch eager, same machine, same call; below 1 is faster)");
    Ok(())
}
