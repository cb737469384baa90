//! The notebook's baseline spot detector (`spotCleaner`): a spot is a pixel more than 1 000
//! counts away from the 3×3 median of its neighbourhood. Scored against the annotation: the
//! confusion matrix normalised over all pixels (as the original's figures), precision, recall and
//! F1, beside the accuracy of calling nothing a spot; the bivariate histogram of (f, |f − med|)
//! that the k-NN classifier of the next section learns from; a hit map.

use crate::filters::median3;
use crate::spots::{self, Spots};
use anyhow::Result;
use common::cli::{positive, positive_f64, Preset};
use common::plot::{self, ColorMapKind, Contour, GridImage, RGBColor, Series};
use common::report::Report;
use common::task::{Context, Task};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of `spots-baseline`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Side of the stand-in radiograph (the original's: 2048).
    pub side: usize,
    /// A pixel further than this from its 3×3 median is a spot.
    pub threshold: f64,
    /// Bins per axis of the bivariate histogram.
    pub bins: usize,
    /// The original radiograph (FITS) and its annotation (PNG, spots where green is 0).
    pub data: Option<PathBuf>,
    pub mask: Option<PathBuf>,
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Side of the stand-in radiograph [default: 2048; smoke 256].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub side: Option<usize>,
    /// A pixel further than this from its 3×3 median is a spot [default: 1000].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub threshold: Option<f64>,
    /// Bins per axis of the bivariate histogram [default: 100].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub bins: Option<usize>,
    /// The original radiograph, mixture12_00001.fits (give --mask too).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// The original annotation, mixture12_00001.png (spots where green is 0).
    #[arg(long)]
    pub mask: Option<PathBuf>,
}

/// Counts of a detector against the annotation, and their shares of all pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Confusion {
    pub tn: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tp: usize,
}

impl Confusion {
    pub fn of(predicted: &[bool], truth: &[bool]) -> Confusion {
        let mut c = Confusion::default();
        for (&p, &t) in predicted.iter().zip(truth) {
            match (p, t) {
                (false, false) => c.tn += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (true, true) => c.tp += 1,
            }
        }
        c
    }

    fn total(&self) -> f64 {
        (self.tn + self.fp + self.fn_ + self.tp).max(1) as f64
    }

    /// TN, FP, FN, TP as shares of all pixels (the original's normalisation).
    pub fn shares(&self) -> [f64; 4] {
        let t = self.total();
        [self.tn, self.fp, self.fn_, self.tp].map(|v| v as f64 / t)
    }

    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    pub fn accuracy(&self) -> f64 {
        (self.tn + self.tp) as f64 / self.total()
    }

    /// The accuracy of calling every pixel "no spot".
    pub fn all_negative_accuracy(&self) -> f64 {
        (self.tn + self.fp) as f64 / self.total()
    }
}

/// What `spots-baseline` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub source: String,
    pub side: (usize, usize),
    pub spot_share: f64,
    pub confusion: Confusion,
    pub shares: [f64; 4],
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub all_negative_accuracy: f64,
    #[serde(skip)]
    pub spots: Spots,
    #[serde(skip)]
    pub distance: Vec<f64>,
    #[serde(skip)]
    pub predicted: Vec<bool>,
}

/// The task.
#[derive(Debug)]
pub struct SpotsBaseline;

impl Task for SpotsBaseline {
    const NAME: &'static str = "spots_baseline";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config {
            side: if preset == Preset::Smoke { 256 } else { 2048 },
            threshold: 1000.0,
            bins: 100,
            data: None,
            mask: None,
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let given = match (&c.data, &c.mask) {
            (Some(d), Some(m)) => Some((d.as_path(), m.as_path())),
            (None, None) => None,
            _ => anyhow::bail!("give both --data (the FITS radiograph) and --mask (its PNG annotation), or neither"),
        };
        if c.side < 16 {
            anyhow::bail!("--side must be at least 16, got {}", c.side);
        }
        let (image_file, mask_file, source) = spots::files(given, &ctx.data_dir, c.side, ctx.seed)?;
        let spots = spots::load(&image_file, &mask_file)?;
        let med = median3(&spots.image);
        let distance: Vec<f64> = spots
            .image
            .values
            .iter()
            .zip(&med)
            .map(|(f, m)| (f - m).abs())
            .collect();
        let predicted: Vec<bool> = distance.iter().map(|&d| d > c.threshold).collect();
        let confusion = Confusion::of(&predicted, &spots.mask);
        let spot_share =
            spots.mask.iter().filter(|&&m| m).count() as f64 / spots.mask.len().max(1) as f64;
        println!(
            "spots-baseline: {source}; spots {:.2} % of the pixels; precision {:.3}, recall {:.3}, F1 {:.3}; accuracy {:.4} against {:.4} for calling nothing a spot",
            100.0 * spot_share,
            confusion.precision(),
            confusion.recall(),
            confusion.f1(),
            confusion.accuracy(),
            confusion.all_negative_accuracy()
        );
        Ok(Outcome {
            source,
            side: (spots.image.width, spots.image.height),
            spot_share,
            shares: confusion.shares(),
            precision: confusion.precision(),
            recall: confusion.recall(),
            f1: confusion.f1(),
            accuracy: confusion.accuracy(),
            all_negative_accuracy: confusion.all_negative_accuracy(),
            confusion,
            spots,
            distance,
            predicted,
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let f = &o.spots.image.values;
        // The axes end at the 99.99th percentile: a few spots on bright pixels would squeeze the rest.
        let top = |v: &[f64]| {
            let mut s = v.to_vec();
            s.sort_unstable_by(f64::total_cmp);
            s.get((s.len() as f64 * 0.9999) as usize)
                .copied()
                .unwrap_or(1.0)
                .max(1.0)
        };
        let (max_f, max_d) = (top(f), top(&o.distance).max(1.5 * c.threshold));
        let b = c.bins.max(2);
        let mut counts = vec![0.0; b * b];
        for (v, d) in f.iter().zip(&o.distance) {
            let i = ((v / max_f * b as f64) as usize).min(b - 1);
            let j = ((d / max_d * b as f64) as usize).min(b - 1);
            counts[j * b + i] += 1.0;
        }
        let log_counts: Vec<f64> = counts.iter().map(|n: &f64| (1.0 + n).log10()).collect();
        let histogram = Contour {
            title: "log₁₀(1 + pixels) over (f, |f − median|)".into(),
            x_label: "f".into(),
            y_label: "|f − median₃ₓ₃(f)|".into(),
            x_range: (0.0, max_f),
            y_range: (0.0, max_d),
            nx: b,
            ny: b,
            values: log_counts,
            levels: 10,
            overlay: vec![Series::dashed(
                &format!("threshold {}", c.threshold),
                vec![(0.0, c.threshold), (max_f, c.threshold)],
            )
            .color(RGBColor(214, 39, 40))],
            cmap: ColorMapKind::Viridis,
            colors: None,
        };
        let hist = report.save("spots_histogram.png", |p| plot::contour(p, &histogram))?;
        let hits = report.save("spots_baseline_hits.png", |p| {
            plot::image_grid(
                p,
                "Baseline: hits on a 256×256 crop",
                &[hit_map(o, "TN grey, FN red, FP blue, TP green")],
                1,
                ColorMapKind::Gray,
            )
        })?;
        let s = o.shares;
        report.section("Lecture 5 — spot detection: the median baseline");
        report.compare(
            "L5 baseline confusion (shares of all pixels)",
            "TN .99 / FP 1.9e-6 / FN .0085 / TP .00084",
            format!(
                "TN {:.4} / FP {:.2e} / FN {:.4} / TP {:.5}",
                s[0], s[1], s[2], s[3]
            ),
        );
        report.text(&format!(
            "Data: {}. Spots are {:.2} % of the {}×{} pixels. The baseline (|f − median| > {}) finds few false \
             spots and misses most true ones: precision {:.3}, recall {:.3}, F1 {:.3}. Its accuracy, {:.4}, is \
             hardly above calling nothing a spot ({:.4}): with spots this rare, accuracy says nothing, and \
             precision, recall and F1 decide.",
            o.source,
            100.0 * o.spot_share,
            o.side.0,
            o.side.1,
            c.threshold,
            o.precision,
            o.recall,
            o.f1,
            o.accuracy,
            o.all_negative_accuracy
        ));
        report.figure(
            &hist,
            "Pixels over intensity and distance from the 3×3 median, with the threshold",
        );
        report.figure(&hits, "Hit map of the baseline");
        Ok(())
    }
}

/// The hit map of a 256×256 crop at the middle of the image: the radiograph in grey where both
/// say "no spot", red a missed spot, blue a false one, green a found one.
fn hit_map(o: &Outcome, title: &str) -> GridImage {
    let (w, h) = o.side;
    let size = 256.min(w).min(h);
    let (y0, x0) = ((h - size) / 2, (w - size) / 2);
    let max = o.spots.image.display_max();
    let mut colors = Vec::with_capacity(size * size);
    for y in y0..y0 + size {
        for x in x0..x0 + size {
            let i = y * w + x;
            colors.push(match (o.predicted[i], o.spots.mask[i]) {
                (false, false) => {
                    let g = (o.spots.image.values[i] / max * 200.0).clamp(0.0, 200.0) as u8;
                    RGBColor(g, g, g)
                }
                (false, true) => RGBColor(230, 30, 30),
                (true, false) => RGBColor(40, 80, 240),
                (true, true) => RGBColor(30, 200, 60),
            });
        }
    }
    GridImage {
        width: size,
        height: size,
        pixels: vec![0.0; size * size],
        title: title.into(),
        title_color: plot::BLACK,
        colors: Some(colors),
    }
}
