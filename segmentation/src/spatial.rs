//! The notebook's spatial features: the spot radiograph at a quarter of its size (`[::4, ::4]`),
//! the x and y coordinate of every pixel, a Gaussian blur (σ = 5) and the two Sobel derivatives;
//! and its first exercise answered: k-means on the intensity alone against intensity plus these
//! features. The spatial features make the segments coherent regions instead of speckle.

use crate::filters::{gaussian, sobel};
use crate::fits::Image;
use crate::spots;
use anyhow::Result;
use common::cli::{positive, positive_f64, Preset};
use common::plot::{self, ColorMapKind, GridImage, PALETTE};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of `spatial-features`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Side of the stand-in radiograph (the original's: 2048).
    pub side: usize,
    /// Every `step`-th pixel of every `step`-th row is kept (the notebook's 4).
    pub step: usize,
    /// Width of the Gaussian blur, in pixels of the reduced image.
    pub sigma: f64,
    /// Clusters of the exercise's k-means.
    pub clusters: usize,
    /// The original radiograph (FITS).
    pub data: Option<PathBuf>,
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Side of the stand-in radiograph [default: 2048; smoke 256].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub side: Option<usize>,
    /// Keep every N-th pixel of every N-th row [default: 4].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub step: Option<usize>,
    /// Width σ of the Gaussian blur [default: 5].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub sigma: Option<f64>,
    /// Clusters of the exercise's k-means [default: 3].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub clusters: Option<usize>,
    /// The original radiograph, mixture12_00001.fits.
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// The feature maps of an image: intensity, x, y, Gaussian blur, Sobel along rows and columns.
#[derive(Clone, Debug)]
pub struct Maps {
    pub names: [&'static str; 6],
    pub maps: Vec<Image>,
}

/// The notebook's six feature maps of `image`.
pub fn feature_maps(image: &Image, sigma: f64) -> Maps {
    let (w, h) = (image.width, image.height);
    let coord = |f: &dyn Fn(usize, usize) -> f64| Image {
        width: w,
        height: h,
        values: (0..w * h).map(|i| f(i / w, i % w)).collect(),
    };
    Maps {
        names: [
            "intensity",
            "x",
            "y",
            "Gaussian σ",
            "Sobel, rows",
            "Sobel, columns",
        ],
        maps: vec![
            image.clone(),
            coord(&|_, x| x as f64),
            coord(&|y, _| y as f64),
            gaussian(image, sigma),
            sobel(image, 0),
            sobel(image, 1),
        ],
    }
}

/// Exercise 5.1: the k-means input, one row per pixel: the intensity alone, or with `spatial`
/// every feature map; each column standardised (mean 0, standard deviation 1), so that
/// coordinates in pixels and counts in thousands weigh alike.
pub fn features(maps: &Maps, spatial: bool) -> Array2<f64> {
    let n = maps.maps[0].values.len();
    // BEGIN SOLUTION 5.1
    let used: Vec<&Image> = if spatial {
        maps.maps.iter().collect()
    } else {
        vec![&maps.maps[0]]
    };
    let mut x = Array2::zeros((n, used.len()));
    for (j, m) in used.iter().enumerate() {
        let mean = m.values.iter().sum::<f64>() / n as f64;
        let sd = (m.values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        let sd = if sd > 0.0 { sd } else { 1.0 };
        for (i, v) in m.values.iter().enumerate() {
            x[[i, j]] = (v - mean) / sd;
        }
    }
    x
    // END SOLUTION
}

/// The share of horizontally or vertically neighbouring pixel pairs with the same label: 1 for
/// solid regions, about 1/k for speckle.
pub fn coherence(labels: &[usize], width: usize) -> f64 {
    let height = labels.len() / width.max(1);
    let (mut same, mut pairs) = (0usize, 0usize);
    for y in 0..height {
        for x in 0..width {
            let l = labels[y * width + x];
            if x + 1 < width {
                pairs += 1;
                same += usize::from(labels[y * width + x + 1] == l);
            }
            if y + 1 < height {
                pairs += 1;
                same += usize::from(labels[(y + 1) * width + x] == l);
            }
        }
    }
    same as f64 / pairs.max(1) as f64
}

/// Every `step`-th pixel of every `step`-th row (numpy's `image[::step, ::step]`).
pub fn reduce(image: &Image, step: usize) -> Image {
    let (w, h) = (image.width.div_ceil(step), image.height.div_ceil(step));
    Image {
        width: w,
        height: h,
        values: (0..w * h)
            .map(|i| image.at((i / w) * step, (i % w) * step))
            .collect(),
    }
}

/// What `spatial-features` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub source: String,
    pub size: (usize, usize),
    /// Neighbouring pixels in the same cluster: intensity alone, with spatial features.
    pub coherence: (f64, f64),
    #[serde(skip)]
    pub maps: Maps,
    #[serde(skip)]
    pub labels: (Vec<usize>, Vec<usize>),
}

/// The task.
#[derive(Debug)]
pub struct SpatialFeatures;

impl Task for SpatialFeatures {
    const NAME: &'static str = "spatial_features";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config {
            side: if preset == Preset::Smoke { 256 } else { 2048 },
            step: 4,
            sigma: 5.0,
            clusters: 3,
            data: None,
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        if c.side < 16 {
            anyhow::bail!("--side must be at least 16, got {}", c.side);
        }
        let (image, source) = match &c.data {
            Some(f) => (
                crate::fits::read(f)?,
                format!("original file {}", f.display()),
            ),
            None => {
                let (f, _, source) = spots::files(None, &ctx.data_dir, c.side, ctx.seed)?;
                (crate::fits::read(&f)?, source)
            }
        };
        let small = reduce(&image, c.step);
        let maps = feature_maps(&small, c.sigma);
        let cluster = |spatial: bool| -> Result<Vec<usize>> {
            Ok(common::cluster::kmeans(&features(&maps, spatial), c.clusters, 3, ctx.seed)?.1)
        };
        let (alone, with) = (cluster(false)?, cluster(true)?);
        let coherence = (
            coherence(&alone, small.width),
            coherence(&with, small.width),
        );
        println!(
            "spatial-features: k-means ({} clusters) on {}×{} pixels: neighbours in the same cluster {:.3} with the intensity alone, {:.3} with the spatial features",
            c.clusters, small.width, small.height, coherence.0, coherence.1
        );
        Ok(Outcome {
            source,
            size: (small.width, small.height),
            coherence,
            maps,
            labels: (alone, with),
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let maps: Vec<GridImage> = o
            .maps
            .maps
            .iter()
            .zip(o.maps.names)
            .map(|(m, n)| GridImage::scaled(m.width, m.height, &m.values, n))
            .collect();
        let maps = report.save("spatial_features.png", |p| {
            plot::image_grid(p, "Feature maps", &maps, 3, ColorMapKind::Gray)
        })?;
        let segments = |labels: &[usize], title: String| GridImage {
            width: o.size.0,
            height: o.size.1,
            pixels: vec![0.0; labels.len()],
            title,
            title_color: plot::BLACK,
            colors: Some(labels.iter().map(|&l| PALETTE[l % PALETTE.len()]).collect()),
        };
        let pictures = [
            segments(&o.labels.0, format!("intensity: {:.3}", o.coherence.0)),
            segments(&o.labels.1, format!("+ spatial: {:.3}", o.coherence.1)),
        ];
        let seg = report.save("spatial_kmeans.png", |p| {
            plot::image_grid(p, "k-means segments", &pictures, 2, ColorMapKind::Gray)
        })?;
        report.section("Lecture 5 — spatial features (exercise 1)");
        report.text(&format!(
            "Data: {}, every {}th pixel ({}×{}). Features per pixel: intensity, x, y, Gaussian blur (σ = {}) and the \
             two Sobel derivatives, each standardised. Exercise 1: k-means with {} clusters on the intensity alone \
             puts neighbouring pixels in the same cluster {:.1} % of the time (noise scatters them), with the \
             spatial features {:.1} %: the clusters become regions. The price shows in the figure: with x and y \
             among the features, k-means may also cut a uniform region by position (here the open beam into a \
             left and a right half), because it spends a cluster where the spread of the coordinates is largest.",
            o.source,
            c.step,
            o.size.0,
            o.size.1,
            c.sigma,
            c.clusters,
            100.0 * o.coherence.0,
            100.0 * o.coherence.1
        ));
        report.figure(&maps, "The six feature maps");
        report.figure(
            &seg,
            "k-means on the intensity alone and with the spatial features",
        );
        Ok(())
    }
}
