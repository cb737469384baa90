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
use common::task::Session;
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
    cli::main(run_all)
}

fn run_all(cli: Cli) -> Result<()> {
    let mut s = Session::basic(
        "classic",
        "classic — lecture 4: traditional ML methods",
        &cli.run,
    )?;
    for task in cli.task.map_or_else(Task::all, |t| vec![t]) {
        match task {
            Task::CurveFit(f) => {
                s.run::<CurveFitTask>(&f)?;
            }
            Task::Likelihood(f) => {
                let file = FileFlags {
                    data: f.data.clone(),
                };
                s.run::<CurveFitTask>(&file)?;
                s.run::<likelihood::Likelihood>(&f)?;
            }
            Task::ModelSelection(f) => {
                s.run::<model_selection::ModelSelection>(&f)?;
            }
            Task::NestedSampling(f) => {
                s.run::<nested_sampling::NestedSampling>(&f)?;
            }
            Task::Reflectometry(f) => {
                s.run::<reflectometry::Reflectometry>(&f)?;
            }
            Task::Trees(f) => {
                s.run::<trees::Trees>(&f)?;
            }
            Task::Forest(f) => {
                s.run::<forest::ForestTask>(&f)?;
            }
            Task::Materials(f) => {
                s.run::<materials::MaterialsTask>(&f)?;
            }
            Task::Kmeans(f) => {
                s.run::<kmeans::Kmeans>(&f)?;
            }
            Task::Gmm(f) => {
                s.run::<gmm::GmmTask>(&f)?;
            }
            Task::Tof(f) => {
                s.run::<tof::Tof>(&f)?;
            }
            Task::Pca(f) => {
                s.run::<pca::PcaToy>(&f)?;
            }
            Task::Wine(f) => {
                s.run::<wine::Wine>(&f)?;
            }
            Task::ImagePca(f) => {
                s.run::<image_pca::ImagePca>(&f)?;
            }
        }
    }
    s.finish();
    Ok(())
}
