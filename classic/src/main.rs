//! `cargo run -p classic [-- TASK] [OPTIONS]`: lecture 4. Parses arguments and runs the
//! library's tasks.

use anyhow::Result;
use clap::{Parser, Subcommand};
use classic::curve_fit::{CurveFitTask, FileFlags};
use classic::{
    forest, gmm, image_pca, kmeans, likelihood, materials, model_selection, nested_sampling, pca,
    reflectometry, tof, trees, wine,
};
use common::cli::{self, BasicArgs};
use common::report::Report;
use common::task::{run, Context};
use std::process::ExitCode;

/// Lecture 4 of the LENS ML School: least squares, likelihood, Bayesian model selection, nested
/// sampling and neutron reflectometry; decision trees, random forests, k-means, Gaussian mixtures
/// and PCA.
///
/// With no task, every task runs in order on seeded stand-in data with the preset's settings.
/// Each task reads the original's file format with --data FILE; without it, a stand-in is written
/// to <out>/data/ first and read back. Figures, metrics.json, config.json and report.md go to
/// out/classic/ (or --out). `TASK --help` lists the task's settings.
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
    CurveFit(FileFlags),
    /// The fit, then lnL and exp(lnL) on a 100×100 (A, γ) grid (lorentzian.txt).
    Likelihood(likelihood::Flags),
    /// Least-squares line and quadratic and their lnL (nested.txt: x y yerr).
    ModelSelection(model_selection::Flags),
    /// The evidence of both models by nested sampling and the Bayes factor (nested.txt).
    NestedSampling(nested_sampling::Flags),
    /// One- and two-layer lipid models on reflectivity data (data_0..3.dat: q R dR), and the
    /// Bayes factor against background.
    Reflectometry(reflectometry::Flags),
    /// Decision regions of trees of depth 1–5 on the notebook's blobs, and depth 5 on each half.
    Trees(trees::Flags),
    /// A random forest's regions and vote shares (marker size 50·max(p)²).
    Forest(forest::Flags),
    /// Space groups from band gap and formation energy, then every feature pair
    /// (materials_data.csv).
    Materials(materials::Flags),
    /// The notebook's k-means by hand beside linfa's KMeans.
    Kmeans(kmeans::Flags),
    /// Gaussian mixtures: membership probabilities, and full covariances on stretched data.
    Gmm(gmm::Flags),
    /// KMeans(19) finds the neutron pulses and folds them onto one (tof.txt: two rows).
    Tof(tof::Flags),
    /// PCA of the notebook's 2-D toy: components, explained variance, PC coordinates.
    Pca(pca::Flags),
    /// PCA of standardised wine chemistry (wine_data.csv): cumulative variance, scores, loadings.
    Wine(wine::Flags),
    /// Denoise a 16-bit radiograph with PCA over its rows, keeping 50–90 % of the variance
    /// (fossil.tiff).
    ImagePca(image_pca::Flags),
}

impl Task {
    /// Every task, in the notebooks' order, with the preset's settings (the likelihood task
    /// runs the curve fit first).
    fn all() -> Vec<Task> {
        vec![
            Task::Likelihood(Default::default()),
            Task::ModelSelection(Default::default()),
            Task::NestedSampling(Default::default()),
            Task::Reflectometry(Default::default()),
            Task::Trees(Default::default()),
            Task::Forest(Default::default()),
            Task::Materials(Default::default()),
            Task::Kmeans(Default::default()),
            Task::Gmm(Default::default()),
            Task::Tof(Default::default()),
            Task::Pca(Default::default()),
            Task::Wine(Default::default()),
            Task::ImagePca(Default::default()),
        ]
    }
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(|| run_all(cli))
}

fn run_all(cli: Cli) -> Result<()> {
    let out = common::data::output_dir(cli.run.out.as_deref(), "classic")?;
    common::seed::seed_all(cli.run.seed);
    let mut report = Report::new("classic — lecture 4: traditional ML methods", &out);
    let ctx = Context::new(cli.run.seed, &out);
    let (p, c, r) = (cli.run.preset, &ctx, &mut report);
    for task in cli.task.map_or_else(Task::all, |t| vec![t]) {
        match task {
            Task::CurveFit(f) => {
                run::<CurveFitTask>(p, &f, c, r)?;
            }
            Task::Likelihood(f) => {
                let file = FileFlags {
                    data: f.data.clone(),
                };
                run::<CurveFitTask>(p, &file, c, r)?;
                run::<likelihood::Likelihood>(p, &f, c, r)?;
            }
            Task::ModelSelection(f) => {
                run::<model_selection::ModelSelection>(p, &f, c, r)?;
            }
            Task::NestedSampling(f) => {
                run::<nested_sampling::NestedSampling>(p, &f, c, r)?;
            }
            Task::Reflectometry(f) => {
                run::<reflectometry::Reflectometry>(p, &f, c, r)?;
            }
            Task::Trees(f) => {
                run::<trees::Trees>(p, &f, c, r)?;
            }
            Task::Forest(f) => {
                run::<forest::ForestTask>(p, &f, c, r)?;
            }
            Task::Materials(f) => {
                run::<materials::MaterialsTask>(p, &f, c, r)?;
            }
            Task::Kmeans(f) => {
                run::<kmeans::Kmeans>(p, &f, c, r)?;
            }
            Task::Gmm(f) => {
                run::<gmm::Gmm>(p, &f, c, r)?;
            }
            Task::Tof(f) => {
                run::<tof::Tof>(p, &f, c, r)?;
            }
            Task::Pca(f) => {
                run::<pca::PcaToy>(p, &f, c, r)?;
            }
            Task::Wine(f) => {
                run::<wine::Wine>(p, &f, c, r)?;
            }
            Task::ImagePca(f) => {
                run::<image_pca::ImagePca>(p, &f, c, r)?;
            }
        }
    }
    println!("wrote {}", out.join("report.md").display());
    Ok(())
}
