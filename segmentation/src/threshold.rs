//! The notebook's threshold demo: an 11×11 image f = 1.5|cos(xy)| / (|xy| + 3π/5) + U(−0.25,
//! 0.25) on x, y ∈ {−5 … 5}·2π/5, its 10-bin histogram, and the mask f > 0.4. The noise is the
//! notebook's unseeded draw, here from `--seed`.

use anyhow::Result;
use common::cli::{positive, positive_f64, Preset};
use common::plot::{self, ColorMapKind, GridImage};
use common::report::Report;
use common::seed::stream;
use common::task::{Context, Task};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// Settings of `threshold`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub threshold: f64,
    pub bins: usize,
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Pixels above this value are foreground [default: 0.4].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub threshold: Option<f64>,
    /// Histogram bins [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub bins: Option<usize>,
}

/// What `threshold` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The 11×11 image, row by row.
    pub image: Vec<f64>,
    /// Pixels above the threshold.
    pub foreground: usize,
}

/// The notebook's image: row y, column x of the 11×11 grid, noise from `rng`.
pub fn image<R: Rng>(rng: &mut R) -> Vec<f64> {
    let axis: Vec<f64> = (-5..=5).map(|i| f64::from(i) / 5.0 * 2.0 * PI).collect();
    let mut out = Vec::with_capacity(121);
    for &y in &axis {
        for &x in &axis {
            let xy = x * y;
            out.push(
                1.5 * xy.cos().abs() / (xy.abs() + 3.0 * PI / 5.0) + rng.gen_range(-0.25..0.25),
            );
        }
    }
    out
}

/// The task.
#[derive(Debug)]
pub struct Threshold;

impl Task for Threshold {
    const NAME: &'static str = "threshold";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_preset: Preset) -> Config {
        Config {
            threshold: 0.4,
            bins: 10,
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let image = image(&mut stream(ctx.seed, "threshold"));
        let foreground = image.iter().filter(|&&v| v > c.threshold).count();
        println!(
            "threshold: {foreground} of 121 pixels above {}",
            c.threshold
        );
        Ok(Outcome { image, foreground })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let mask = o
            .image
            .iter()
            .map(|&v| if v > c.threshold { 1.0 } else { 0.0 })
            .collect();
        let images = [
            GridImage::scaled(11, 11, &o.image, "image"),
            GridImage {
                width: 11,
                height: 11,
                pixels: mask,
                title: format!("f > {}", c.threshold),
                title_color: plot::BLACK,
                colors: None,
            },
        ];
        let pictures = report.save("threshold_images.png", |p| {
            plot::image_grid(p, "Thresholding", &images, 2, ColorMapKind::Gray)
        })?;
        let histogram = report.save("threshold_histogram.png", |p| {
            plot::histogram(
                p,
                "Histogram of the image",
                "f",
                &o.image,
                c.bins,
                &[("threshold", c.threshold)],
            )
        })?;
        report.section("Lecture 5 — thresholding");
        report.text(&format!(
            "A threshold splits the histogram: {} of the 121 pixels lie above {}. Where the classes' values \
             overlap (noise), no threshold separates them, which is why the lecture moves on to features and \
             learned classifiers.",
            o.foreground, c.threshold
        ));
        report.figure(&pictures, "The image and its mask");
        report.figure(&histogram, "Its histogram with the threshold");
        Ok(())
    }
}
