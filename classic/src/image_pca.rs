//! Lecture 4, PCA exercise (notebook "PCA", radiograph): denoise a 16-bit neutron radiograph
//! (`fossil.tiff`) by PCA over its rows, each row a sample; the reconstruction from the
//! components that keep 60 % of the variance is the denoised image (recorded: 3 components),
//! and the exercise varies the fraction kept from 50 to 90 %.

use crate::data::given_or_stand_in;
use crate::{standin, tiff};
use anyhow::{Context as _, Result};
use common::cli::{positive, Preset};
use common::pca::{Keep, Pca};
use common::plot::{self, ColorMapKind, GridImage};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of `image-pca`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The original's fossil.tiff; `None` writes and reads a seeded stand-in.
    pub data: Option<PathBuf>,
    /// Pixels a side of the stand-in radiograph.
    pub image: usize,
    /// Fractions of the variance kept, one reconstruction each.
    pub fractions: Vec<f64>,
    /// The fraction whose reconstruction is shown as the denoised image.
    pub denoise: f64,
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// The data file in the original's format [default: a seeded stand-in].
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Pixels a side of the stand-in radiograph [default: 1400, the original's; smoke 160].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub image: Option<usize>,
}

/// Block means to at most `max` pixels a side, scaled by `lo`/`hi` into [0, 1].
fn thumbnail(img: &Array2<f64>, max: usize, lo: f64, hi: f64, title: &str) -> GridImage {
    let f = img.nrows().max(img.ncols()).div_ceil(max).max(1);
    let (h, w) = (img.nrows() / f, img.ncols() / f);
    let pixels = (0..h * w)
        .map(|k| {
            let (r, c) = (k / w, k % w);
            let block = img.slice(ndarray::s![r * f..(r + 1) * f, c * f..(c + 1) * f]);
            ((block.mean().unwrap_or(0.0) - lo) / (hi - lo)) as f32
        })
        .collect();
    GridImage {
        width: w,
        height: h,
        pixels,
        title: title.into(),
        title_color: plot::BLACK,
        colors: None,
    }
}

/// What `image-pca` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub file: PathBuf,
    pub stand_in: bool,
    pub size: (usize, usize),
    /// (variance fraction, components kept).
    pub components: Vec<(f64, usize)>,
    #[serde(skip)]
    pub image: Array2<f64>,
    /// The reconstruction for each fraction.
    #[serde(skip)]
    pub reconstructions: Vec<Array2<f64>>,
}

/// PCA over the rows of `img` and its reconstruction for each variance fraction: one fit to the
/// largest fraction, whose first components are the fits to the smaller ones. Returns the
/// (fraction, components kept) pairs and the reconstructions.
pub fn reconstruct(img: &Array2<f64>, fractions: &[f64]) -> Result<Reconstructions> {
    // BEGIN SOLUTION 4.3
    let largest = fractions.iter().copied().fold(0.0, f64::max);
    let full = Pca::fit(img, Keep::Fraction(largest), false)?;
    let mut components = Vec::new();
    let mut reconstructions = Vec::new();
    for &f in fractions {
        let k = full.count_for(f).unwrap_or(full.components.nrows());
        let p = full.truncated(k);
        reconstructions.push(p.inverse_transform(&p.transform(img)));
        components.push((f, k));
    }
    Ok(Reconstructions {
        components,
        images: reconstructions,
    })
    // END SOLUTION
}

/// What [`reconstruct`] returns.
#[derive(Clone, Debug)]
pub struct Reconstructions {
    /// (variance fraction, components kept).
    pub components: Vec<(f64, usize)>,
    /// The reconstruction for each fraction.
    pub images: Vec<Array2<f64>>,
}

/// The task.
#[derive(Debug)]
pub struct ImagePca;

impl Task for ImagePca {
    const NAME: &'static str = "image_pca";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config {
            data: None,
            image: if preset == Preset::Smoke { 160 } else { 1400 },
            fractions: vec![0.5, 0.6, 0.7, 0.8, 0.9],
            denoise: 0.6,
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (file, stand_in) = given_or_stand_in(c.data.as_deref(), ctx, "fossil.tiff", |p| {
            standin::fossil(p, c.image, ctx.seed)
        })?;
        let img = tiff::read(&file)?;
        let Reconstructions {
            components,
            images: reconstructions,
        } = reconstruct(&img, &c.fractions)
            .with_context(|| format!("PCA of {}", file.display()))?;
        for (f, k) in &components {
            println!(
                "image-pca: {:.0} % of the variance → {k} components",
                100.0 * f
            );
        }
        Ok(Outcome {
            file,
            stand_in,
            size: img.dim(),
            components,
            image: img,
            reconstructions,
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let img = &o.image;
        let (lo, hi) = (
            img.iter().copied().fold(f64::INFINITY, f64::min),
            img.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        let mut thumbs = vec![thumbnail(img, 300, lo, hi, "original")];
        for ((f, k), back) in o.components.iter().zip(&o.reconstructions) {
            let title = format!("{:.0} %: {k} components", 100.0 * f);
            thumbs.push(thumbnail(back, 300, lo, hi, &title));
        }
        let fractions = report.save("fossil_fractions.png", |p| {
            plot::image_grid(
                p,
                "Reconstructions keeping a fraction of the variance",
                &thumbs,
                3,
                ColorMapKind::Gray,
            )
        })?;
        let shown = o.components.iter().position(|(f, _)| *f == c.denoise);
        let k = shown.map_or(0, |i| o.components[i].1);
        let denoised = match shown {
            Some(i) => {
                let pair = [
                    thumbnail(img, 600, lo, hi, "radiograph"),
                    thumbnail(
                        &o.reconstructions[i],
                        600,
                        lo,
                        hi,
                        "PCA(0.6) reconstruction",
                    ),
                ];
                Some(report.save("fossil_denoised.png", |p| {
                    plot::image_grid(
                        p,
                        "Denoising by PCA over the image rows",
                        &pair,
                        2,
                        ColorMapKind::Gray,
                    )
                })?)
            }
            None => None,
        };
        report.section("Lecture 4 — PCA exercise: denoising a neutron radiograph");
        report.compare(
            "fossil: components for 60 % of the variance",
            "3",
            format!("{k}"),
        );
        report.text(&format!(
            "{}A {} × {} 16-bit radiograph; each image row is a sample. PCA(0.6) keeps {k} components; their \
             reconstruction is the denoised image (the noise spreads over the many dropped components). The exercise, \
             varying the fraction: {}.",
            if o.stand_in { "Stand-in image: an ammonite-like spiral shell in a rock slab, Beer–Lambert attenuation, 30 000 open-beam counts, Poisson noise. " } else { "" },
            img.nrows(), img.ncols(),
            o.components.iter().map(|(f, k)| format!("{:.0} % → {k}", 100.0 * f)).collect::<Vec<_>>().join(", ")
        ));
        if let Some(d) = denoised {
            report.figure(&d, "The radiograph and its PCA(0.6) reconstruction");
        }
        report.figure(&fractions, "Reconstructions for 50–90 % of the variance");
        Ok(())
    }
}
