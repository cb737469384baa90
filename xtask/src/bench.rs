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
    /// Only the suites of these lecture crates (e.g. --only classic); all when absent.
    #[arg(long, value_name = "CRATE", num_args = 1..)]
    only: Vec<String>,
}

/// A benchmark suite: a Rust bench target and the Python script beside it, which print the same
/// `BENCH <name> <seconds>` lines; `pip` lists what the script needs beyond torch.
struct Suite {
    krate: &'static str,
    bench: &'static str,
    script: &'static str,
    pip: &'static [&'static str],
    entries: &'static [(&'static str, &'static str)],
}

const SUITES: [Suite; 8] = [
    Suite {
        krate: "dense",
        bench: "epochs",
        script: "dense/benches/epochs.py",
        pip: &[],
        entries: &[
            (
                "fashion_epoch",
                "dense: one Fashion-MNIST MLP epoch (60 000 images, batch 32)",
            ),
            (
                "ins_epoch",
                "dense: one INS dense-net epoch (20 000 spectra, batch 32)",
            ),
        ],
    },
    Suite {
        krate: "cnn",
        bench: "steps",
        script: "cnn/benches/steps.py",
        pip: &[],
        entries: &[
            (
                "baseline_steps",
                "cnn: 20 training steps of the task-1 CNN (batch 64, 100×100×3)",
            ),
            (
                "augmented_steps",
                "cnn: the same with task 3's batched augmentation",
            ),
            (
                "vgg16_features",
                "cnn: VGG16 base features of 64 images (no gradients)",
            ),
            (
                "pretrain_steps",
                "cnn: 10 pre-training steps of VGG16 with batch norm (batch 32, 64×64×3)",
            ),
        ],
    },
    Suite {
        krate: "rl",
        bench: "rl",
        script: "rl/benches/rl.py",
        pip: &["gymnasium==1.4.0"],
        entries: &[
            (
                "cem_cliff_3_iterations",
                "rl: 3 CEM iterations on CliffWalking (250 sessions each)",
            ),
            (
                "dqn_200_updates",
                "rl: 200 DQN updates (batch 64, 4×64×64, 829 k parameters)",
            ),
        ],
    },
    Suite {
        krate: "rnn",
        bench: "epochs",
        script: "rnn/benches/epochs.py",
        pip: &[],
        entries: &[
            (
                "simple_rnn_epoch",
                "rnn: one SimpleRNN(10) epoch (950 windows of 50 days, 20 % held out, batch 32)",
            ),
            ("lstm_epoch", "rnn: one LSTM(10) epoch, the same windows"),
        ],
    },
    Suite {
        krate: "classic",
        bench: "fits",
        script: "classic/benches/fits.py",
        pip: &["scipy==1.15.3", "dynesty==3.1.0"],
        entries: &[
            (
                "curve_fit_200",
                "classic: 200 Lorentzian fits (Levenberg–Marquardt vs scipy)",
            ),
            (
                "nested_quadratic",
                "classic: ln Z of the quadratic, 500 live points (vs dynesty)",
            ),
        ],
    },
    Suite {
        krate: "classic",
        bench: "learn",
        script: "classic/benches/learn.py",
        pip: &["scikit-learn==1.9.1"],
        entries: &[
            (
                "kmeans_20",
                "classic: 20 k-means fits, 4 clusters × 10 starts",
            ),
            (
                "gmm_20",
                "classic: 20 Gaussian-mixture fits, 4 full × 10 starts",
            ),
            (
                "forest_mesh",
                "classic: 100-tree forest, fit + 200×200 mesh prediction",
            ),
            ("pca_image", "classic: PCA(0.9) of the 1400×1400 radiograph"),
            (
                "pca_fractions",
                "classic: the radiograph rebuilt from 50–90 % of its variance",
            ),
        ],
    },
    Suite {
        krate: "uncertainty",
        bench: "gp",
        script: "uncertainty/benches/gp.py",
        pip: &["scikit-learn==1.9.1"],
        entries: &[(
            "gp_2d_fit",
            "uncertainty: the 2-D GP fit, 10×10 grid, anisotropic RBF, 100 restarts",
        )],
    },
    Suite {
        krate: "clustering",
        bench: "clustering",
        script: "clustering/benches/clustering.py",
        pip: &["scikit-learn==1.9.1"],
        entries: &[
            (
                "tsne_digits",
                "clustering: t-SNE of the 1 797 digits, 1 000 iterations",
            ),
            (
                "aic_sweep",
                "clustering: AIC sweep, GMM(50…200 step 10) in 41-D",
            ),
            (
                "dbscan_20",
                "clustering: 20 × DBSCAN on circles, moons, blobs",
            ),
            (
                "kmeans_20",
                "clustering: 20 × k-means (10 starts) on the same",
            ),
        ],
    },
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
    setup::setup(setup::Needs::of_all(&args.only)?)?;
    let python = setup::bench_python()?;
    let repeat = args.repeat.to_string();
    let mut rows = Vec::new();
    if let Some(unknown) = args
        .only
        .iter()
        .find(|c| !SUITES.iter().any(|s| s.krate == c.as_str()))
    {
        let known: Vec<&str> = SUITES.iter().map(|s| s.krate).collect();
        bail!(
            "no benchmark suite for '{unknown}' (suites: {})",
            known.join(", ")
        );
    }
    for suite in SUITES
        .iter()
        .filter(|s| args.only.is_empty() || args.only.iter().any(|c| c == s.krate))
    {
        if !suite.pip.is_empty() {
            run(Command::new(&python)
                .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
                .args(suite.pip))?;
        }
        run(cargo().args([
            "build",
            "--release",
            "-p",
            suite.krate,
            "--bench",
            suite.bench,
        ]))?;
        let ours = timed(cargo().args([
            "bench",
            "-q",
            "-p",
            suite.krate,
            "--bench",
            suite.bench,
            "--",
            "--repeat",
            &repeat,
        ]))?;
        let torch = timed(
            Command::new(&python)
                .arg(root().join(suite.script))
                .args(["--repeat", &repeat])
                .env("LENS_DATA", crate::paths::data_root()),
        )?;
        for (name, what) in suite.entries {
            let (o, o_runs) = median(&ours, name)?;
            let (t, t_runs) = median(&torch, name)?;
            rows.push((*what, o, t, o_runs, t_runs));
        }
    }
    if let Some(dir) = setup::libtorch_in_use() {
        println!("\nlibtorch: {}", dir.display());
    }
    println!(
        "{:<64} {:>9} {:>9} {:>7}",
        "benchmark (median of runs)", "ours [s]", "python [s]", "ratio"
    );
    for (what, o, t, o_runs, t_runs) in rows {
        let ratio = o / t;
        let shown = if ratio < 0.1 {
            format!("{ratio:.4}")
        } else {
            format!("{ratio:.2}")
        };
        println!("{what:<64} {o:>9.3} {t:>9.3} {shown:>7}");
        println!("  runs: ours {o_runs:.3?}, python {t_runs:.3?}");
    }
    println!("(ratio = ours / Python (PyTorch eager, gymnasium, numpy, scipy, dynesty, scikit-learn), same machine, same call; below 1 is faster)");
    Ok(())
}
