//! `cargo run -p classic [-- TASK] [OPTIONS]`: lecture 4, part A. Parses arguments and calls the
//! library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use classic::ml_tasks::{self, Sizes};
use classic::nested::{NestedConfig, Sampler};
use classic::tasks;
use common::cli::{self, positive, positive_f64, BasicArgs, Preset};
use common::report::Report;
use std::path::PathBuf;
use std::process::ExitCode;

/// Lecture 4 of the LENS ML School: least squares, likelihood, Bayesian model selection, nested
/// sampling and neutron reflectometry; decision trees, random forests, k-means, Gaussian mixtures
/// and PCA.
///
/// With no task, every task runs in order on seeded stand-in data. Each task reads the original's
/// file format with --data FILE; without it, a stand-in is written to <out>/data/ first and read
/// back. Figures, metrics.json and report.md go to out/classic/ (or --out).
///
/// Presets: smoke (seconds: 60 live points, 10 trees, a 160-pixel radiograph); quick and school
/// (the notebook's sizes: 500 live points, 100 trees, 1 400 pixels, 5 splits).
#[derive(Debug, Parser)]
#[command(name = "classic", version)]
struct Cli {
    #[command(flatten)]
    run: BasicArgs,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// A Lorentzian on a flat background fitted by Levenberg–Marquardt (lorentzian.txt: x y yerr).
    CurveFit(FileArg),
    /// The fit, then lnL and exp(lnL) on a 100×100 (A, γ) grid (lorentzian.txt).
    Likelihood(FileArg),
    /// Least-squares line and quadratic and their lnL (nested.txt: x y yerr).
    ModelSelection(FileArg),
    /// The evidence of both models by nested sampling and the Bayes factor (nested.txt).
    NestedSampling(NestedArgs),
    /// One- and two-layer lipid models on reflectivity data (data_0..3.dat: q R dR), and the
    /// Bayes factor against background.
    Reflectometry(ReflectArgs),
    /// Decision regions of trees of depth 1–5 on the notebook's blobs, and depth 5 on each half.
    Trees,
    /// A random forest's regions and vote shares (marker size 50·max(p)²).
    Forest,
    /// Space groups from band gap and formation energy, then every feature pair
    /// (materials_data.csv).
    Materials(FileArg),
    /// The notebook's k-means by hand beside linfa's KMeans.
    Kmeans,
    /// Gaussian mixtures: membership probabilities, and full covariances on stretched data.
    Gmm,
    /// KMeans(19) finds the neutron pulses and folds them onto one (tof.txt: two rows).
    Tof(FileArg),
    /// PCA of the notebook's 2-D toy: components, explained variance, PC coordinates.
    Pca,
    /// PCA of standardised wine chemistry (wine_data.csv): cumulative variance, scores, loadings.
    Wine(FileArg),
    /// Denoise a 16-bit radiograph with PCA over its rows, keeping 50–90 % of the variance
    /// (fossil.tiff).
    ImagePca(FileArg),
}

#[derive(Debug, Default, clap::Args)]
struct FileArg {
    /// The data file in the original's format [default: a seeded stand-in].
    #[arg(long, value_name = "FILE")]
    data: Option<PathBuf>,
}

#[derive(Debug, Default, clap::Args)]
struct SamplerArgs {
    /// Live points [default: 500 as dynesty; smoke 60].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    live: Option<usize>,
    /// Constrained sampler: auto is the ellipsoid up to 8 dimensions, the random walk above.
    #[arg(long, value_enum, default_value_t = Sampler::Auto)]
    sampler: Sampler,
    /// Stop when the live points could add at most this to ln Z [default: 0.001 (live − 1) + 0.01, dynesty's].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    dlogz: Option<f64>,
}

impl SamplerArgs {
    fn config(&self, preset: Preset) -> NestedConfig {
        let live = self
            .live
            .unwrap_or(if preset == Preset::Smoke { 60 } else { 500 });
        let mut c = NestedConfig::with_live(live);
        c.sampler = self.sampler;
        if let Some(d) = self.dlogz {
            c.dlogz = d;
        }
        c
    }
}

#[derive(Debug, Default, clap::Args)]
struct NestedArgs {
    #[command(flatten)]
    file: FileArg,
    #[command(flatten)]
    sampler: SamplerArgs,
}

#[derive(Debug, Default, clap::Args)]
struct ReflectArgs {
    /// Reflectivity files (q R dR), e.g. data_0.dat … data_3.dat in order of falling background
    /// [default: four seeded stand-ins].
    #[arg(long, value_name = "FILE", num_args = 1..)]
    data: Vec<PathBuf>,
    #[command(flatten)]
    sampler: SamplerArgs,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(|| run(cli))
}

fn run(cli: Cli) -> Result<()> {
    let out = common::data::output_dir(cli.run.out.as_deref(), "classic")?;
    common::seed::seed_all(cli.run.seed);
    let mut report = Report::new("classic — lecture 4: traditional ML methods", &out);
    let tasks = match cli.task {
        Some(t) => vec![t],
        None => vec![
            Task::Likelihood(FileArg::default()),
            Task::ModelSelection(FileArg::default()),
            Task::NestedSampling(NestedArgs::default()),
            Task::Reflectometry(ReflectArgs::default()),
            Task::Trees,
            Task::Forest,
            Task::Materials(FileArg::default()),
            Task::Kmeans,
            Task::Gmm,
            Task::Tof(FileArg::default()),
            Task::Pca,
            Task::Wine(FileArg::default()),
            Task::ImagePca(FileArg::default()),
        ],
    };
    let (seed, preset) = (cli.run.seed, cli.run.preset);
    let sizes = if preset == Preset::Smoke {
        Sizes::smoke()
    } else {
        Sizes::full()
    };
    for task in tasks {
        match task {
            Task::CurveFit(a) => {
                tasks::curve_fit(a.data.as_deref(), seed, &mut report)?;
            }
            Task::Likelihood(a) => {
                let fit = tasks::curve_fit(a.data.as_deref(), seed, &mut report)?;
                tasks::likelihood(&fit, &mut report)?;
            }
            Task::ModelSelection(a) => {
                tasks::model_selection(a.data.as_deref(), seed, &mut report)?;
            }
            Task::NestedSampling(a) => {
                tasks::nested_sampling(
                    a.file.data.as_deref(),
                    &a.sampler.config(preset),
                    seed,
                    &mut report,
                )?;
            }
            Task::Reflectometry(a) => {
                tasks::reflectometry(&a.data, &a.sampler.config(preset), seed, &mut report)?;
            }
            Task::Trees => {
                ml_tasks::trees(&sizes, &mut report)?;
            }
            Task::Forest => {
                ml_tasks::forest(&sizes, seed, &mut report)?;
            }
            Task::Materials(a) => {
                ml_tasks::materials(a.data.as_deref(), &sizes, seed, &mut report)?;
            }
            Task::Kmeans => {
                ml_tasks::kmeans(seed, &mut report)?;
            }
            Task::Gmm => {
                ml_tasks::gmm(seed, &mut report)?;
            }
            Task::Tof(a) => {
                ml_tasks::tof(a.data.as_deref(), seed, &mut report)?;
            }
            Task::Pca => {
                ml_tasks::pca(&mut report)?;
            }
            Task::Wine(a) => {
                ml_tasks::wine(a.data.as_deref(), seed, &mut report)?;
            }
            Task::ImagePca(a) => {
                ml_tasks::image_pca(a.data.as_deref(), &sizes, seed, &mut report)?;
            }
        }
    }
    println!("wrote {}", out.join("report.md").display());
    Ok(())
}
