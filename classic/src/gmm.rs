//! Lecture 4, Gaussian mixtures (notebook "Clustering"): GaussianMixture(4) on the blobs of
//! standard deviation 0.6 gives each point membership probabilities (marker size 50·max(p)²),
//! and on the notebook's stretched data (X · RandomState(13).randn(2, 2)) full covariances follow
//! the elongated clusters where k-means' circles cannot.

use crate::data::blobs;
use crate::figures::class_points;
use crate::ml::{self, argmax_rows};
use anyhow::Result;
use common::cli::{positive, Preset};
use common::numpy_rng::RandomState;
use common::plot::{self, Series, PALETTE};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::{array, Array2, Axis};
use serde::{Deserialize, Serialize};

/// Settings of `gmm` (the notebook's).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Mixture components.
    pub components: usize,
    /// EM starts, the best kept (`n_init`).
    pub starts: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            components: 4,
            starts: 10,
        }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Mixture components [default: 4].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub components: Option<usize>,
    /// EM starts, the best kept [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub starts: Option<usize>,
}

/// Points of the n-σ ellipse of a 2-D Gaussian.
fn ellipse(mean: &[f64], cov: &Array2<f64>, nsig: f64) -> Vec<(f64, f64)> {
    let (a, b, c) = (cov[[0, 0]], cov[[0, 1]], cov[[1, 1]]);
    let tr = (a + c) / 2.0;
    let det = (((a - c) / 2.0).powi(2) + b * b).sqrt();
    let (l1, l2) = (tr + det, (tr - det).max(0.0));
    let angle = if b.abs() > 1e-300 {
        (l1 - a).atan2(b)
    } else if a >= c {
        0.0
    } else {
        std::f64::consts::FRAC_PI_2
    };
    (0..=72)
        .map(|i| {
            let t = i as f64 / 72.0 * std::f64::consts::TAU;
            let (u, v) = (nsig * l1.sqrt() * t.cos(), nsig * l2.sqrt() * t.sin());
            (
                mean[0] + u * angle.cos() - v * angle.sin(),
                mean[1] + u * angle.sin() + v * angle.cos(),
            )
        })
        .collect()
}

/// What `gmm` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub score: f64,
    pub stretched_score: f64,
    /// Rows of points whose largest membership probability is below 0.9.
    pub uncertain: usize,
    #[serde(skip)]
    pub points: Array2<f64>,
    #[serde(skip)]
    pub labels: Vec<usize>,
    /// max(p) of each point.
    #[serde(skip)]
    pub top: Vec<f64>,
    #[serde(skip)]
    pub stretched: Array2<f64>,
    #[serde(skip)]
    pub stretched_labels: Vec<usize>,
    /// The stretched mixture's 1, 2 and 3 σ ellipses, per component.
    #[serde(skip)]
    pub ellipses: Vec<Vec<Vec<(f64, f64)>>>,
}

/// The task.
#[derive(Debug)]
pub struct GmmTask;

impl Task for GmmTask {
    const NAME: &'static str = "gmm";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (x, _) = blobs(0.6);
        let m = ml::gmm(&x, c.components, c.starts, ctx.seed)?;
        let p = m.probabilities(&x)?;
        let labels = argmax_rows(&p);
        let top: Vec<f64> = p
            .rows()
            .into_iter()
            .map(|r| r.iter().copied().fold(0.0, f64::max))
            .collect();
        let uncertain = top.iter().filter(|&&t| t < 0.9).count();
        // The notebook's stretch: X @ RandomState(13).randn(2, 2).
        let mut r = RandomState::new(13);
        let t = array![[r.gauss(), r.gauss()], [r.gauss(), r.gauss()]];
        let s = x.dot(&t);
        let ms = ml::gmm(&s, c.components, c.starts, ctx.seed)?;
        let stretched_labels = argmax_rows(&ms.probabilities(&s)?);
        let ellipses = (0..c.components)
            .map(|j| {
                let cov = ms.covariances.index_axis(Axis(0), j).to_owned();
                let mean = ms.means.row(j).to_vec();
                [1.0, 2.0, 3.0]
                    .iter()
                    .map(|&n| ellipse(&mean, &cov, n))
                    .collect()
            })
            .collect();
        let (score, stretched_score) = (m.score(&x)?, ms.score(&s)?);
        println!("gmm: mean log-likelihood {score:.4} (blobs), {stretched_score:.4} (stretched); max(p) < 0.9 for {uncertain} of {} points", x.nrows());
        Ok(Outcome {
            score,
            stretched_score,
            uncertain,
            points: x,
            labels,
            top,
            stretched: s,
            stretched_labels,
            ellipses,
        })
    }

    fn present(_: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let radii: Vec<f64> = o.top.iter().map(|t| (50.0 * t * t).sqrt() * 0.8).collect();
        let memberships = plot::plane(
            "Gaussian mixture: marker size 50·max(p)²",
            class_points(&o.points, &o.labels, Some(&radii)),
        );
        let probabilities = report.save("gmm_probabilities.png", |p| plot::xy(p, &memberships))?;
        let mut series = class_points(&o.stretched, &o.stretched_labels, None);
        for (rings, colour) in o.ellipses.iter().zip(PALETTE.iter().cycle()) {
            for ring in rings {
                series.push(Series::line("", ring.clone()).color(*colour));
            }
        }
        let full = plot::plane(
            "Full-covariance mixture on stretched data (1, 2, 3 σ)",
            series,
        );
        let stretched = report.save("gmm_stretched.png", |p| plot::xy(p, &full))?;
        report.section("Lecture 4 — Gaussian mixtures");
        report.text(&format!(
            "GaussianMixture(4) (EM with full covariances from a linfa k-means start, best of 10 starts): mean log-likelihood {:.4}. Unlike \
             k-means it gives each point membership probabilities; {} of {} points, between blobs, have \
             max(p) < 0.9 (small markers). On the stretched data (the notebook's X · RandomState(13).randn(2, 2)) full \
             covariances follow the elongated clusters, where k-means' circles cannot (mean log-likelihood {:.4}).",
            o.score, o.uncertain, o.points.nrows(), o.stretched_score
        ));
        report.figure(
            &probabilities,
            "Mixture memberships, marker size 50·max(p)²",
        );
        report.figure(&stretched, "Full-covariance components on stretched blobs");
        Ok(())
    }
}
