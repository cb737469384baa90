//! Lecture 10.2, manifold learning (notebook "Manifold learning"): an S-curve, a 2-D sheet
//! rolled in 3-D; t-SNE of the 8×8 digits, which fall into ten islands; k-NN (k = 5) in 64-D and
//! on the map. The original scored k-NN on the data it was fitted to (0.99); we print that and
//! the held-out score beside it. The notebook's third exercise, other manifold methods, is
//! answered with Isomap ([`crate::isomap`]): it unrolls the S-curve, and its map of the digits
//! keeps distances along the data rather than islands of classes.

use crate::figures::{colour, digit_image};
use crate::{digits, isomap, knn, tsne};
use anyhow::Result;
use common::cli::{positive, positive_f64, Preset};
use common::numpy_rng::make_s_curve;
use common::plot::{self, ColorMapKind, Scatter3d, Series, Sprite, XyPlot};
use common::report::Report;
use common::seed::stream;
use common::task::{Context, Task};
use ndarray::{Array2, Axis};
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

/// Settings of `manifold`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Points of the S-curve.
    pub s_curve_samples: usize,
    /// numpy's `random_state` of the S-curve: the notebook's 0.
    pub s_curve_random_state: u32,
    /// Digits embedded by t-SNE (the first ones; all 1 797 by default).
    pub tsne_points: usize,
    pub tsne_iterations: usize,
    pub perplexity: f64,
    /// Neighbours that vote in k-NN.
    pub neighbours: usize,
    /// Share of the digits held out from k-NN's fit.
    pub held_out: f64,
    /// Neighbours of each point in Isomap's graph (scikit-learn's S-curve example: 12).
    pub isomap_neighbours: usize,
}

impl Config {
    /// The notebook's: every digit, 1 000 iterations; smoke: 200 digits, 300 iterations.
    pub fn preset(preset: Preset) -> Self {
        let (tsne_points, tsne_iterations) = match preset {
            Preset::Smoke => (200, 300),
            Preset::Quick | Preset::School => (1797, 1000),
        };
        Self {
            s_curve_samples: 1000,
            s_curve_random_state: 0,
            tsne_points,
            tsne_iterations,
            perplexity: tsne::TsneConfig::default().perplexity,
            neighbours: 5,
            held_out: 0.25,
            isomap_neighbours: 12,
        }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Points of the S-curve [default: 1000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub s_curve_samples: Option<usize>,
    /// numpy's random_state of the S-curve [default: 0, the notebook's].
    #[arg(long)]
    pub s_curve_random_state: Option<u32>,
    /// Digits embedded by t-SNE [default: 1797; smoke 200].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub tsne_points: Option<usize>,
    /// t-SNE iterations (the first 250 with early exaggeration) [default: 1000; smoke 300].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub tsne_iterations: Option<usize>,
    /// t-SNE perplexity, about the number of neighbours each point attends to [default: 30].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub perplexity: Option<f64>,
    /// Neighbours that vote in k-NN [default: 5].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub neighbours: Option<usize>,
    /// Share of the digits held out from k-NN's fit, between 0 and 1 [default: 0.25].
    #[arg(long, value_parser = share, allow_hyphen_values = true)]
    pub held_out: Option<f64>,
    /// Neighbours of each point in Isomap's graph [default: 12].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub isomap_neighbours: Option<usize>,
}

fn share(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x > 0.0 && x < 1.0 => Ok(x),
        Ok(x) => Err(format!("must be between 0 and 1, got {x}")),
        Err(_) => Err(format!("'{s}' is not a number")),
    }
}

/// A k-NN score: accuracy and per-class (precision, recall, F1, support).
#[derive(Clone, Debug, Serialize)]
pub struct KnnScore {
    pub accuracy: f64,
    pub classes: Vec<(f64, f64, f64, usize)>,
}

fn score(pred: &[usize], truth: &[usize]) -> Result<KnnScore> {
    let cm = common::metrics::confusion_matrix(pred, truth, 10)?;
    let classes = common::metrics::precision_recall_f1(&cm)
        .into_iter()
        .map(|c| (c.precision, c.recall, c.f1, c.support))
        .collect();
    Ok(KnnScore {
        accuracy: common::metrics::accuracy(pred, truth)?,
        classes,
    })
}

/// What `manifold` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub points: usize,
    pub kl: f64,
    /// k-NN scored on the data it was fitted to, as the original did: 64-D and map.
    pub on_training: (f64, f64),
    /// k-NN fitted to the rest and scored on the held-out share (seeded): 64-D and map.
    pub held_out: (f64, f64),
    pub report_64d: KnnScore,
    pub report_map: KnnScore,
    #[serde(skip)]
    pub s_curve: Vec<[f64; 3]>,
    /// The S-curve's position along the sheet (its colour).
    #[serde(skip)]
    pub s_curve_t: Vec<f64>,
    #[serde(skip)]
    pub digits: Array2<f64>,
    #[serde(skip)]
    pub labels: Vec<usize>,
    #[serde(skip)]
    pub map: Array2<f64>,
    /// Isomap's 2-D map of the S-curve and of the digits.
    #[serde(skip)]
    pub isomap_s_curve: Array2<f64>,
    #[serde(skip)]
    pub isomap_digits: Array2<f64>,
    /// Spearman correlation of Isomap's first coordinate with the position along the sheet, and
    /// of its second with the sheet's height.
    pub isomap_unrolled: (f64, f64),
    /// k-NN on Isomap's map of the digits: on its training data and held out.
    pub isomap_knn: (f64, f64),
}

/// The task.
#[derive(Debug)]
pub struct Manifold;

impl Task for Manifold {
    const NAME: &'static str = "manifold";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config::preset(preset)
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let seed = ctx.seed;
        let (s, t) = make_s_curve(c.s_curve_samples, c.s_curve_random_state);
        let (x, y) = digits::load()?;
        let n = c.tsne_points.min(x.nrows());
        let x = x.slice(ndarray::s![..n, ..]).to_owned();
        let y = y[..n].to_vec();
        let config = tsne::TsneConfig {
            iterations: c.tsne_iterations,
            perplexity: c.perplexity,
            ..Default::default()
        };
        let bar = common::history::Progress::counting("t-SNE iterations", config.iterations, "KL");
        let e = tsne::embed(&x, &config, |it, kl| bar.at(it, kl))?;
        bar.finish();
        println!("manifold: t-SNE of {n} digits, KL divergence {:.4}", e.kl);

        // k-NN: scored on its own training data, as the original, and held out.
        let all: Vec<usize> = (0..n).collect();
        let mut shuffled = all.clone();
        shuffled.shuffle(&mut stream(seed, "knn-split"));
        let cut = ((n as f64) * (1.0 - c.held_out)).floor() as usize;
        let (train, test) = shuffled.split_at(cut.clamp(1, n.saturating_sub(1).max(1)));
        let fit_score = |data: &Array2<f64>, fit: &[usize], on: &[usize]| -> Result<KnnScore> {
            let labels: Vec<usize> = fit.iter().map(|&i| y[i]).collect();
            let pred = knn::predict(
                &data.select(Axis(0), fit),
                &labels,
                &data.select(Axis(0), on),
                c.neighbours,
            );
            score(&pred, &on.iter().map(|&i| y[i]).collect::<Vec<_>>())
        };
        let map = e.points;
        let train64 = fit_score(&x, &all, &all)?;
        let trainmap = fit_score(&map, &all, &all)?;
        let held64 = fit_score(&x, train, test)?;
        let heldmap = fit_score(&map, train, test)?;
        println!(
            "manifold: k-NN (k = {}) accuracy scored on its training data {:.3} (64-D) / {:.3} (map); held out {:.3} / {:.3}",
            c.neighbours, train64.accuracy, trainmap.accuracy, held64.accuracy, heldmap.accuracy
        );

        // Exercise 3, another manifold method: Isomap on the S-curve and on the digits.
        let k = c.isomap_neighbours;
        let sheet = Array2::from_shape_fn((s.len(), 3), |(i, j)| s[i][j]);
        let iso_s = isomap::embed(&sheet, k)?;
        let height: Vec<f64> = s.iter().map(|p| p[1]).collect();
        let along = common::metrics::spearman(&iso_s.column(0).to_vec(), &t)?;
        let across = common::metrics::spearman(&iso_s.column(1).to_vec(), &height)?;
        let iso_d = isomap::embed(&x, k)?;
        let iso_train = fit_score(&iso_d, &all, &all)?.accuracy;
        let iso_held = fit_score(&iso_d, train, test)?.accuracy;
        println!(
            "manifold: Isomap ({k} neighbours) unrolls the S-curve (|Spearman| {:.4} along, {:.4} across); k-NN on its map of the digits {iso_train:.3} on training data, {iso_held:.3} held out",
            along.abs(),
            across.abs()
        );
        Ok(Outcome {
            points: n,
            kl: e.kl,
            on_training: (train64.accuracy, trainmap.accuracy),
            held_out: (held64.accuracy, heldmap.accuracy),
            report_64d: held64,
            report_map: heldmap,
            s_curve: s,
            s_curve_t: t,
            digits: x,
            labels: y,
            map,
            isomap_s_curve: iso_s,
            isomap_digits: iso_d,
            isomap_unrolled: (along, across),
            isomap_knn: (iso_train, iso_held),
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let s_curve = report.save("s_curve.png", |p| plot::scatter3d(p, &s_curve_figure(o)))?;
        let tsne_plot = tsne_figure(o);
        let tsne = report.save("tsne_digits.png", |p| plot::xy(p, &tsne_plot))?;
        // Thumbnails of some digits at their places, not overlapping much: every 12th.
        let sprites: Vec<Sprite> = (0..o.points)
            .step_by(12)
            .map(|i| Sprite {
                x: o.map[[i, 0]],
                y: o.map[[i, 1]],
                image: digit_image(&o.digits.row(i).to_vec(), String::new()),
                scale: 3,
            })
            .collect();
        let thumbnails = report.save("tsne_thumbnails.png", |p| {
            plot::xy_with_sprites(p, &tsne_plot, &sprites, ColorMapKind::Binary)
        })?;
        let isomap_plots = isomap_figures(c, o);
        let isomap = report.save("isomap.png", |p| plot::panels(p, &isomap_plots, 2))?;
        report.section("Lecture 10.2 — manifold learning: t-SNE and k-NN");
        let k = c.neighbours;
        report.compare(
            &format!("k-NN accuracy (k = {k})"),
            "0.99 (scored on its training data)",
            format!(
                "{:.3} on training data (64-D), {:.3} held out (64-D), {:.3} held out (t-SNE map)",
                o.on_training.0, o.held_out.0, o.held_out.1
            ),
        );
        let mut table = String::from(
            "| digit | precision 64-D | recall 64-D | F1 64-D | precision map | recall map | F1 map | support |\n|---|---|---|---|---|---|---|---|\n",
        );
        for (d, (a, b)) in o
            .report_64d
            .classes
            .iter()
            .zip(&o.report_map.classes)
            .enumerate()
        {
            table.push_str(&format!(
                "| {d} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} |\n",
                a.0, a.1, a.2, b.0, b.1, b.2, a.3
            ));
        }
        let pct = |v: f64| format!("{:.0} %", v * 100.0);
        report.text(&format!(
            "The S-curve is a 2-D sheet rolled in 3-D: manifold learning unrolls such sheets. t-SNE (our exact-gradient \
             implementation with scikit-learn's schedule and PCA initialisation) maps the {} digits to 2-D, KL \
             divergence {:.3}; the digits fall into ten islands.\n\n\
             k-NN (k = {k}): **scored on the data it was fitted to** (what the original reported) {:.3} in 64-D and {:.3} \
             on the map; **held out** (fitted to a seeded {}, scored on the other {}) {:.3} in 64-D and {:.3} on the \
             map (the map itself was computed from all digits, labels unseen). Held-out classification reports:\n\n{table}",
            o.points, o.kl, o.on_training.0, o.on_training.1, pct(1.0 - c.held_out), pct(c.held_out),
            o.held_out.0, o.held_out.1
        ));
        report.figure(&s_curve, "The S-curve");
        report.figure(&tsne, "t-SNE of the digits, coloured by label");
        report.figure(&thumbnails, "Every 12th digit at its place on the map");
        report.text(&format!(
            "Exercise 3, another manifold method: **Isomap** ({} neighbours) joins each point to its nearest \
             neighbours, measures distances along that graph and places the points so that straight distances match \
             them. It unrolls the S-curve into a rectangle: its first coordinate follows the position along the sheet \
             (|Spearman| {:.4}), its second the height (|Spearman| {:.4}). On the digits it keeps large-scale \
             distances rather than pulling classes into islands: k-NN on its map scores {:.3} on the data it was fitted \
             to and {:.3} held out, against t-SNE's {:.3} and {:.3}.",
            c.isomap_neighbours,
            o.isomap_unrolled.0.abs(),
            o.isomap_unrolled.1.abs(),
            o.isomap_knn.0,
            o.isomap_knn.1,
            o.on_training.1,
            o.held_out.1
        ));
        report.figure(&isomap, "Isomap: the S-curve unrolled, and the digits");
        Ok(())
    }
}

fn s_curve_figure(o: &Outcome) -> Scatter3d {
    let (lo, hi) = plot::value_range(o.s_curve_t.iter().copied());
    Scatter3d {
        title: "An S-curve: a 2-D sheet in 3-D".into(),
        colors: o
            .s_curve_t
            .iter()
            .map(|v| ColorMapKind::Viridis.color((v - lo) / (hi - lo)))
            .collect(),
        points: o.s_curve.clone(),
        yaw: -0.9,
        pitch: 0.35,
    }
}

fn tsne_figure(o: &Outcome) -> XyPlot {
    let series = (0..10)
        .map(|d| {
            let pts = (0..o.points)
                .filter(|&i| o.labels[i] == d)
                .map(|i| (o.map[[i, 0]], o.map[[i, 1]]))
                .collect();
            Series::points(&d.to_string(), pts).color(colour(d))
        })
        .collect();
    XyPlot {
        title: format!("t-SNE of {} digits (KL {:.3})", o.points, o.kl),
        x_label: "t-SNE 1".into(),
        y_label: "t-SNE 2".into(),
        series,
        ..Default::default()
    }
}

/// Isomap's two maps: the S-curve coloured by position along the sheet (in eight bands of the 3-D
/// view's colours, so no legend), and the digits coloured by label.
fn isomap_figures(c: &Config, o: &Outcome) -> Vec<XyPlot> {
    let (lo, hi) = plot::value_range(o.s_curve_t.iter().copied());
    let bands = 8;
    let band = |v: f64| (((v - lo) / (hi - lo) * bands as f64) as usize).min(bands - 1);
    let sheet = (0..bands)
        .map(|b| {
            let pts = (0..o.s_curve_t.len())
                .filter(|&i| band(o.s_curve_t[i]) == b)
                .map(|i| (o.isomap_s_curve[[i, 0]], o.isomap_s_curve[[i, 1]]))
                .collect();
            Series::points("", pts)
                .color(ColorMapKind::Viridis.color((b as f64 + 0.5) / bands as f64))
        })
        .collect();
    let digits = (0..10)
        .map(|d| {
            let pts = (0..o.points)
                .filter(|&i| o.labels[i] == d)
                .map(|i| (o.isomap_digits[[i, 0]], o.isomap_digits[[i, 1]]))
                .collect();
            Series::points(&d.to_string(), pts).color(colour(d))
        })
        .collect();
    let (x_lo, x_hi) = plot::value_range(o.isomap_digits.column(0).iter().copied());
    vec![
        XyPlot {
            title: format!("S-curve unrolled ({} neighbours)", c.isomap_neighbours),
            x_label: "Isomap 1 (colour: position along the sheet)".into(),
            y_label: "Isomap 2".into(),
            series: sheet,
            ..Default::default()
        },
        XyPlot {
            title: format!(
                "Isomap of {} digits (k-NN held out {:.3})",
                o.points, o.isomap_knn.1
            ),
            x_label: "Isomap 1".into(),
            y_label: "Isomap 2".into(),
            series: digits,
            // Room on the right for the legend.
            x_range: Some((x_lo - 0.05 * (x_hi - x_lo), x_hi + 0.3 * (x_hi - x_lo))),
            ..Default::default()
        },
    ]
}
