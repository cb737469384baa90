//! Lecture 10.1, a generative model of digits (notebook "Clustering", last section):
//! scikit-learn's 8×8 digits whitened by PCA(0.99) to 41 dimensions, GMM(n) with full
//! covariances for n = 50 … 200, Akaike's criterion lowest near n = 140 (recorded), and 100 new
//! digits drawn from that mixture and mapped back by the inverse PCA.

use crate::digits;
use crate::figures::digit_image;
use anyhow::{Context, Result};
use common::cli::{positive, Preset};
use common::cluster::gmm;
use common::mixture::Mixture;
use common::pca::{Keep, Pca};
use common::plot::{self, ColorMapKind, GridImage, Series, XyPlot};
use common::report::Report;
use common::seed::stream;
use common::task::{self, Task};
use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Settings of `digits-gmm`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Component counts of the AIC sweep.
    pub components: Vec<usize>,
    /// New digits drawn from the best mixture.
    pub samples: usize,
}

impl Config {
    /// The notebook's sweep n = 50 … 200 step 10; smoke: n = 10, 20.
    pub fn preset(preset: Preset) -> Self {
        let components = match preset {
            Preset::Smoke => vec![10, 20],
            Preset::Quick | Preset::School => (50..=200).step_by(10).collect(),
        };
        Self {
            components,
            samples: 100,
        }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Mixture sizes to fit, comma-separated [default: 50,60,…,200; smoke 10,20].
    #[arg(long, value_delimiter = ',', value_parser = positive, allow_hyphen_values = true)]
    pub components: Option<Vec<usize>>,
    /// New digits drawn from the best mixture [default: 100].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub samples: Option<usize>,
}

/// The digits in the PCA(0.99, whitened) space the notebook models.
#[derive(Clone, Debug)]
pub struct DigitsPca {
    pub pca: Pca,
    /// The whitened scores (1 797 × the kept dimensions).
    pub scores: Array2<f64>,
}

/// Fit the notebook's PCA(0.99, whitened) to the digits.
pub fn digits_pca() -> Result<DigitsPca> {
    let (x, _) = digits::load()?;
    // BEGIN SOLUTION 10.1.4
    let pca = Pca::fit(&x, Keep::Fraction(0.99), true)?;
    let scores = pca.transform(&x);
    Ok(DigitsPca { pca, scores })
    // END SOLUTION
}

/// GMM(n) (full covariances, one k-means start) for every n, fitted in parallel, with its AIC.
pub fn aic_sweep(z: &Array2<f64>, ns: &[usize], seed: u64) -> Result<Vec<(usize, f64, Mixture)>> {
    ns.par_iter()
        .map(|&n| {
            let m = gmm(z, n, 1, seed)?;
            Ok((n, m.aic(z)?, m))
        })
        .collect()
}

/// What `digits-gmm` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub dimensions: usize,
    pub aic: Vec<(usize, f64)>,
    pub best: usize,
    /// The new digits' pixels (samples × 64).
    #[serde(skip)]
    pub generated: Array2<f64>,
}

/// The task.
#[derive(Debug)]
pub struct DigitsGmm;

impl Task for DigitsGmm {
    const NAME: &'static str = "digits_gmm";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config::preset(preset)
    }

    fn compute(c: &Config, ctx: &task::Context) -> Result<Outcome> {
        let seed = ctx.seed;
        let DigitsPca { pca, scores: z } = digits_pca()?;
        println!(
            "digits-gmm: PCA(0.99, whitened) keeps {} of 64 dimensions",
            z.ncols()
        );
        let fits = aic_sweep(&z, &c.components, seed)?;
        for (n, a, _) in &fits {
            println!("  GMM({n:>3}): AIC {a:.0}");
        }
        let aic: Vec<(usize, f64)> = fits.iter().map(|(n, a, _)| (*n, *a)).collect();
        let best = fits.into_iter().min_by(|a, b| a.1.total_cmp(&b.1));
        let (n_best, _, model) = best.context("no mixture size to try")?;
        let new = model.sample(c.samples, &mut stream(seed, "digits-sample"))?;
        println!(
            "digits-gmm: AIC minimum at n = {n_best}; {} new digits drawn",
            c.samples
        );
        Ok(Outcome {
            dimensions: z.ncols(),
            aic,
            best: n_best,
            generated: pca.inverse_transform(&new),
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let n_best = o.best;
        let aic_plot = XyPlot {
            title: format!("AIC of GMM(n) on the digits (minimum at n = {n_best})"),
            x_label: "components n".into(),
            y_label: "AIC".into(),
            series: vec![Series::line(
                "AIC",
                o.aic.iter().map(|(n, a)| (*n as f64, *a)).collect(),
            )],
            ..Default::default()
        };
        let aic = report.save("digits_aic.png", |p| plot::xy(p, &aic_plot))?;
        let images: Vec<GridImage> = o
            .generated
            .rows()
            .into_iter()
            .map(|r| digit_image(&r.to_vec(), String::new()))
            .collect();
        let title = format!("{} digits drawn from GMM({n_best})", c.samples);
        let generated = report.save("digits_generated.png", |p| {
            plot::image_grid(p, &title, &images, 10, ColorMapKind::Binary)
        })?;
        report.section("Lecture 10.1 — a generative mixture of digits");
        report.compare(
            "PCA(0.99, whitened) dimensions",
            "41",
            format!("{}", o.dimensions),
        );
        report.compare(
            "AIC minimum",
            "n = 140 (scikit-learn 1.9: 150)",
            format!("n = {n_best}"),
        );
        report.text(&format!(
            "scikit-learn's 8×8 digits (1 797 × 64) whitened by PCA(0.99) to {} dimensions; GMM(n) with full \
             covariances (EM from one linfa k-means start, as scikit-learn's default; the sizes fitted in parallel) for n = {}; Akaike's criterion \
             −2 ln L + 2p is lowest at n = {n_best}. {} samples of that mixture, mapped back by the inverse PCA, are \
             new digits.",
            o.dimensions,
            c.components.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", "),
            c.samples
        ));
        report.figure(&aic, "AIC against the number of components");
        report.figure(&generated, "New digits drawn from the mixture");
        Ok(())
    }
}
