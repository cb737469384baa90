//! The lecture's tasks as runs: data, printing, figures and the report.

use crate::{digits, knn, tsne};
use anyhow::{Context, Result};
use common::cluster::{self, gmm, kmeans};
use common::mixture::Mixture;
use common::numpy_rng::{make_blobs, make_circles, make_moons, make_s_curve, to_array};
pub use common::pca::standardise;
use common::pca::{Keep, Pca};
use common::plot::{
    self, ColorMapKind, GridImage, RGBColor, Scatter3d, Series, Sprite, XyPlot, PALETTE,
};
use common::report::Report;
use common::seed::stream;
use linfa::prelude::*;
use linfa_clustering::Dbscan;
use ndarray::{Array2, Axis};
use rand::seq::SliceRandom;
use rayon::prelude::*;
use serde::Serialize;

fn colour(c: usize) -> RGBColor {
    PALETTE[c % PALETTE.len()]
}

/// Points of a samples × 2 array coloured by label (`plot::labelled_points`).
fn by_label(x: &Array2<f64>, labels: &[usize], radii: Option<&[f64]>) -> Vec<Series> {
    plot::labelled_points(&points_of(x), labels, radii)
}

fn points_of(a: &Array2<f64>) -> Vec<(f64, f64)> {
    a.rows().into_iter().map(|r| (r[0], r[1])).collect()
}

fn chart(title: &str, series: Vec<Series>) -> XyPlot {
    XyPlot {
        title: title.into(),
        x_label: "x₁".into(),
        y_label: "x₂".into(),
        series,
        ..Default::default()
    }
}

/// The seed of numpy's generator for the data sets (`random_state`).
fn numpy_seed(seed: u64) -> u32 {
    (seed & 0xffff_ffff) as u32
}

// ---------------------------------------------------------------- 10.1 k-means by hand

/// What `manual-kmeans` found.
#[derive(Clone, Debug, Serialize)]
pub struct ManualOutcome {
    pub steps: usize,
    pub centres: Vec<[f64; 2]>,
    pub linfa_centres: Vec<[f64; 2]>,
}

/// The notebook's start: centres at (−6, 2) and (−2, 5).
pub const MANUAL_START: [[f64; 2]; 2] = [[-6.0, 2.0], [-2.0, 5.0]];

/// Task: k-means one assignment and one update at a time, a figure per step, then linfa's.
pub fn manual_kmeans(seed: u64, report: &mut Report) -> Result<ManualOutcome> {
    let (x, _) = make_blobs(100, 2, 0.6, numpy_seed(seed));
    let x = to_array(&x);
    let start = to_array(&MANUAL_START);
    let steps = cluster::lloyd(&x, &start, 50);
    let mut panels = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let mut series = by_label(&x, &s.labels, None);
        series.push(
            Series::sized_points("centres", points_of(&s.centres), vec![9.0; 2]).color(plot::BLACK),
        );
        panels.push(chart(
            &format!("step {}: assign to the nearest centre", i + 1),
            series.clone(),
        ));
        series.pop();
        series.push(
            Series::sized_points("new centres", points_of(&s.updated), vec![9.0; 2])
                .color(plot::RED),
        );
        panels.push(chart(
            &format!("step {}: move each centre to its points' mean", i + 1),
            series,
        ));
    }
    // A figure per half-step, and all of them side by side.
    for (i, panel) in panels.iter().enumerate() {
        plot::xy(
            &report.path(&format!("manual_kmeans_step_{:02}.png", i + 1)),
            panel,
        )?;
    }
    plot::panels(&report.path("manual_kmeans_steps.png"), &panels, 2)?;
    let (centres, labels) = kmeans(&x, 2, 10, seed)?;
    let mut series = by_label(&x, &labels, None);
    series.push(
        Series::sized_points("linfa KMeans(2)", points_of(&centres), vec![9.0; 2])
            .color(plot::BLACK),
    );
    plot::xy(
        &report.path("manual_kmeans_linfa.png"),
        &chart("linfa's KMeans(2)", series),
    )?;
    let last = &steps[steps.len() - 1].updated;
    let to_vec = |a: &Array2<f64>| {
        a.rows()
            .into_iter()
            .map(|r| [r[0], r[1]])
            .collect::<Vec<_>>()
    };
    println!(
        "manual-kmeans: converged after {} assignment/update steps at {:?}; linfa: {:?}",
        steps.len(),
        to_vec(last),
        to_vec(&centres)
    );
    report.section("Lecture 10.1 — k-means by hand");
    report.text(&format!(
        "100 points in 2 blobs (`make_blobs(100, 2, cluster_std=0.6, random_state={})`), centres starting at \
         (−6, 2) and (−2, 5). Each step assigns every point to its nearest centre, then moves each centre to the \
         mean of its points; after {} steps nothing changes. linfa's KMeans(2) finds the same centres.",
        numpy_seed(seed),
        steps.len()
    ));
    report.figure(
        "manual_kmeans_steps.png",
        "Assignment and update, step by step",
    );
    report.figure("manual_kmeans_linfa.png", "linfa's KMeans(2)");
    let outcome = ManualOutcome {
        steps: steps.len(),
        centres: to_vec(last),
        linfa_centres: to_vec(&centres),
    };
    report.metric("manual_kmeans", &outcome)?;
    report.write()?;
    Ok(outcome)
}

/// The three data sets of `kmeans-fails` and `dbscan`: circles, moons, three dense blobs.
pub fn shapes(seed: u64) -> Vec<(&'static str, Array2<f64>, usize)> {
    let s = numpy_seed(seed);
    vec![
        ("circles", to_array(&make_circles(1000, 0.5, 0.05, s).0), 2),
        ("moons", to_array(&make_moons(1000, 0.05, s).0), 2),
        ("blobs", to_array(&make_blobs(1000, 3, 0.6, s).0), 3),
    ]
}

/// Task: where k-means fails — clusters that are not round, compact and alike.
pub fn kmeans_fails(seed: u64, report: &mut Report) -> Result<()> {
    let mut panels = Vec::new();
    for (name, x, k) in shapes(seed) {
        let (centres, labels) = kmeans(&x, k, 10, seed)?;
        let mut series = by_label(&x, &labels, None);
        series.push(Series::sized_points("", points_of(&centres), vec![8.0; k]).color(plot::BLACK));
        panels.push(chart(&format!("{name}: KMeans({k})"), series));
    }
    plot::panels(&report.path("kmeans_fails.png"), &panels, 3)?;
    println!("kmeans-fails: circles, moons and blobs clustered (figure)");
    report.section("Lecture 10.1 — where k-means fails");
    report.text(
        "k-means assigns each point to the nearest centre, so its clusters are convex cells of equal standing: it \
         cuts the circles and the moons in halves by straight lines instead of following the rings and arcs, and \
         only on the compact blobs does it find what the eye sees.",
    );
    report.figure(
        "kmeans_fails.png",
        "KMeans(2) on circles and moons, KMeans(3) on blobs",
    );
    report.write()?;
    Ok(())
}

// ---------------------------------------------------------------- DBSCAN

/// One data set's DBSCAN result.
#[derive(Clone, Debug, Serialize)]
pub struct DbscanResult {
    pub name: String,
    pub clusters: usize,
    pub noise: usize,
    pub core: usize,
}

/// DBSCAN (linfa): the cluster of each point (None for noise) and whether it is a core point
/// (at least `min_samples` points, itself included, within `eps`).
pub fn dbscan(
    x: &Array2<f64>,
    eps: f64,
    min_samples: usize,
) -> Result<(Vec<Option<usize>>, Vec<bool>)> {
    let labels = Dbscan::params(min_samples)
        .tolerance(eps)
        .check()
        .context("DBSCAN parameters")?
        .transform(x)
        .to_vec();
    let rows: Vec<[f64; 2]> = x.rows().into_iter().map(|r| [r[0], r[1]]).collect();
    let core = rows
        .iter()
        .map(|p| {
            rows.iter()
                .filter(|q| (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) <= eps * eps)
                .count()
                >= min_samples
        })
        .collect();
    Ok((labels, core))
}

/// Task: DBSCAN(eps 0.3, min_samples 10) on the standardised circles, moons and blobs.
pub fn dbscan_task(seed: u64, report: &mut Report) -> Result<Vec<DbscanResult>> {
    let mut panels = Vec::new();
    let mut results = Vec::new();
    for (name, x, _) in shapes(seed) {
        let x = standardise(&x);
        let (labels, core) = dbscan(&x, 0.3, 10)?;
        let clusters = labels.iter().flatten().max().map_or(0, |m| m + 1);
        let noise = labels.iter().filter(|l| l.is_none()).count();
        let mut series = Vec::new();
        for c in 0..clusters {
            for is_core in [true, false] {
                let pts: Vec<(f64, f64)> = (0..x.nrows())
                    .filter(|&i| labels[i] == Some(c) && core[i] == is_core)
                    .map(|i| (x[[i, 0]], x[[i, 1]]))
                    .collect();
                let r = if is_core { 5.0 } else { 2.0 };
                series.push(
                    Series::sized_points("", pts.clone(), vec![r; pts.len()]).color(colour(c)),
                );
            }
        }
        let noise_pts: Vec<(f64, f64)> = (0..x.nrows())
            .filter(|&i| labels[i].is_none())
            .map(|i| (x[[i, 0]], x[[i, 1]]))
            .collect();
        series.push(
            Series::sized_points("noise", noise_pts.clone(), vec![3.0; noise_pts.len()])
                .color(plot::BLACK),
        );
        panels.push(chart(
            &format!("{name}: {clusters} clusters, {noise} noise"),
            series,
        ));
        println!(
            "dbscan {name}: {clusters} clusters, {noise} noise points, {} core points",
            core.iter().filter(|&&c| c).count()
        );
        results.push(DbscanResult {
            name: name.into(),
            clusters,
            noise,
            core: core.iter().filter(|&&c| c).count(),
        });
    }
    plot::panels(&report.path("dbscan.png"), &panels, 3)?;
    report.section("Lecture 10.1 — DBSCAN");
    let circles = &results[0];
    report.compare(
        "DBSCAN on the circles: clusters / noise",
        "2 / 0",
        format!("{} / {}", circles.clusters, circles.noise),
    );
    report.text(&format!(
        "Standardised data, DBSCAN(eps = 0.3, min_samples = 10) (linfa): {}. Density, not distance to a centre, \
         defines a cluster, so the rings and arcs come out whole. Large markers: core points (10 neighbours within \
         0.3); small: border points; black: noise.",
        results.iter().map(|r| format!("{} {} clusters and {} noise points", r.name, r.clusters, r.noise)).collect::<Vec<_>>().join("; ")
    ));
    report.figure("dbscan.png", "DBSCAN on circles, moons and blobs");
    report.metric("dbscan", &results)?;
    report.write()?;
    Ok(results)
}

// ---------------------------------------------------------------- mixtures

/// Task: GMM(3) on blobs with std 0.7; probabilities of rows 60–70; marker size 100·max(p)³.
pub fn gmm_task(seed: u64, report: &mut Report) -> Result<Vec<Vec<f64>>> {
    let (x, _) = make_blobs(1000, 3, 0.7, numpy_seed(seed));
    let x = to_array(&x);
    let m = gmm(&x, 3, 1, seed)?;
    let p = m.probabilities(&x)?;
    let rows: Vec<Vec<f64>> = (60..=70).map(|i| p.row(i).to_vec()).collect();
    println!("gmm: membership probabilities of rows 60–70:");
    for (i, r) in rows.iter().enumerate() {
        println!("  {:>2}: {:.3?}", 60 + i, r);
    }
    let labels: Vec<usize> = p
        .rows()
        .into_iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .fold((0, -1.0), |b, (i, &v)| if v > b.1 { (i, v) } else { b })
                .0
        })
        .collect();
    // matplotlib's marker area s = 100·max(p)³ (pt²) as a radius in pixels.
    let radii: Vec<f64> = p
        .rows()
        .into_iter()
        .map(|r| (100.0 * r.iter().copied().fold(0.0, f64::max).powi(3)).sqrt() * 0.6)
        .collect();
    plot::xy(
        &report.path("gmm.png"),
        &chart(
            "GMM(3): marker size 100·max(p)³",
            by_label(&x, &labels, Some(&radii)),
        ),
    )?;
    report.section("Lecture 10.1 — Gaussian mixtures");
    let mut table = String::from("| row | p₁ | p₂ | p₃ |\n|---|---|---|---|\n");
    for (i, r) in rows.iter().enumerate() {
        table.push_str(&format!(
            "| {} | {:.3} | {:.3} | {:.3} |\n",
            60 + i,
            r[0],
            r[1],
            r[2]
        ));
    }
    report.text(&format!(
        "GMM(3) (EM with full covariances from a linfa k-means start) on `make_blobs(1000, 3, cluster_std=0.7)`. Each row's probabilities \
         sum to one; points between blobs are shared (small markers).\n\n{table}"
    ));
    report.figure("gmm.png", "Mixture memberships, marker size 100·max(p)³");
    report.metric("gmm_rows_60_70", &rows)?;
    report.write()?;
    Ok(rows)
}

/// Sizes the presets change.
#[derive(Clone, Debug, Serialize)]
pub struct Sizes {
    /// Component counts of the AIC sweep.
    pub components: Vec<usize>,
    /// Digits embedded by t-SNE (all 1 797 by default).
    pub tsne_points: usize,
    pub tsne_iterations: usize,
}

impl Sizes {
    /// The notebook's: n = 50 … 200 step 10, every digit, 1 000 iterations.
    pub fn full() -> Self {
        Self {
            components: (50..=200).step_by(10).collect(),
            tsne_points: 1797,
            tsne_iterations: 1000,
        }
    }

    /// Seconds, for tests.
    pub fn smoke() -> Self {
        Self {
            components: vec![10, 20],
            tsne_points: 200,
            tsne_iterations: 300,
        }
    }
}

/// What `digits-gmm` found.
#[derive(Clone, Debug, Serialize)]
pub struct DigitsGmmOutcome {
    pub dimensions: usize,
    pub aic: Vec<(usize, f64)>,
    pub best: usize,
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
    let pca = Pca::fit(&x, Keep::Fraction(0.99), true)?;
    let scores = pca.transform(&x);
    Ok(DigitsPca { pca, scores })
}

fn digit_image(pixels: &[f64], title: String) -> GridImage {
    GridImage {
        width: 8,
        height: 8,
        pixels: pixels
            .iter()
            .map(|v| (v / 16.0).clamp(0.0, 1.0) as f32)
            .collect(),
        title,
        title_color: plot::BLACK,
        colors: None,
    }
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

/// Task: a generative model of digits — PCA, the AIC over mixture sizes, 100 new digits.
pub fn digits_gmm(sizes: &Sizes, seed: u64, report: &mut Report) -> Result<DigitsGmmOutcome> {
    let DigitsPca { pca, scores: z } = digits_pca()?;
    println!(
        "digits-gmm: PCA(0.99, whitened) keeps {} of 64 dimensions",
        z.ncols()
    );
    let fits = aic_sweep(&z, &sizes.components, seed)?;
    for (n, a, _) in &fits {
        println!("  GMM({n:>3}): AIC {a:.0}");
    }
    let aic: Vec<(usize, f64)> = fits.iter().map(|(n, a, _)| (*n, *a)).collect();
    let best = fits.into_iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let (n_best, _, model) = best.context("no mixture size to try")?;
    plot::xy(
        &report.path("digits_aic.png"),
        &XyPlot {
            title: format!("AIC of GMM(n) on the digits (minimum at n = {n_best})"),
            x_label: "components n".into(),
            y_label: "AIC".into(),
            series: vec![Series::line(
                "AIC",
                aic.iter().map(|(n, a)| (*n as f64, *a)).collect(),
            )],
            ..Default::default()
        },
    )?;
    let new = model.sample(100, &mut stream(seed, "digits-sample"))?;
    let pixels = pca.inverse_transform(&new);
    let images: Vec<GridImage> = pixels
        .rows()
        .into_iter()
        .map(|r| digit_image(&r.to_vec(), String::new()))
        .collect();
    plot::image_grid(
        &report.path("digits_generated.png"),
        &format!("100 digits drawn from GMM({n_best})"),
        &images,
        10,
        ColorMapKind::Binary,
    )?;
    println!("digits-gmm: AIC minimum at n = {n_best}; 100 new digits drawn");
    report.section("Lecture 10.1 — a generative mixture of digits");
    report.compare(
        "PCA(0.99, whitened) dimensions",
        "41",
        format!("{}", z.ncols()),
    );
    report.compare(
        "AIC minimum",
        "n = 140 (scikit-learn 1.9: 150)",
        format!("n = {n_best}"),
    );
    report.text(&format!(
        "scikit-learn's 8×8 digits (1 797 × 64) whitened by PCA(0.99) to {} dimensions; GMM(n) with full \
         covariances (EM from one linfa k-means start, as scikit-learn's default; the sizes fitted in parallel) for n = {}; Akaike's criterion \
         −2 ln L + 2p is lowest at n = {n_best}. 100 samples of that mixture, mapped back by the inverse PCA, are \
         new digits.",
        z.ncols(),
        sizes.components.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")
    ));
    report.figure("digits_aic.png", "AIC against the number of components");
    report.figure("digits_generated.png", "New digits drawn from the mixture");
    let outcome = DigitsGmmOutcome {
        dimensions: z.ncols(),
        aic,
        best: n_best,
    };
    report.metric("digits_gmm", &outcome)?;
    report.write()?;
    Ok(outcome)
}

// ---------------------------------------------------------------- manifold learning

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
pub struct ManifoldOutcome {
    pub points: usize,
    pub kl: f64,
    /// k-NN (k = 5) scored on the data it was fitted to, as the original did: 64-D and map.
    pub on_training: (f64, f64),
    /// k-NN fitted to 75 % and scored on the other 25 % (seeded): 64-D and map.
    pub held_out: (f64, f64),
    pub report_64d: KnnScore,
    pub report_map: KnnScore,
}

/// Task: the S-curve, t-SNE of the digits, k-NN in 64-D and on the map.
pub fn manifold(sizes: &Sizes, seed: u64, report: &mut Report) -> Result<ManifoldOutcome> {
    let (s, t) = make_s_curve(1000, numpy_seed(seed));
    let (lo, hi) = t
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    plot::scatter3d(
        &report.path("s_curve.png"),
        &Scatter3d {
            title: "An S-curve: a 2-D sheet in 3-D".into(),
            colors: t
                .iter()
                .map(|v| ColorMapKind::Viridis.color((v - lo) / (hi - lo)))
                .collect(),
            points: s.to_vec(),
            yaw: -0.9,
            pitch: 0.35,
        },
    )?;
    let (x, y) = digits::load()?;
    let n = sizes.tsne_points.min(x.nrows());
    let x = x.slice(ndarray::s![..n, ..]).to_owned();
    let y = y[..n].to_vec();
    let config = tsne::TsneConfig {
        iterations: sizes.tsne_iterations,
        ..Default::default()
    };
    let bar = common::history::Progress::new(1, config.iterations / 50);
    bar.start_epoch(0);
    let e = tsne::embed(&x, &config, |_, kl| bar.step(kl))?;
    bar.finish();
    println!("manifold: t-SNE of {n} digits, KL divergence {:.4}", e.kl);
    let map = &e.points;
    let mut series = Vec::new();
    for c in 0..10 {
        let pts = (0..n)
            .filter(|&i| y[i] == c)
            .map(|i| (map[[i, 0]], map[[i, 1]]))
            .collect();
        series.push(Series::points(&c.to_string(), pts).color(colour(c)));
    }
    let tsne_plot = XyPlot {
        title: format!("t-SNE of {n} digits (KL {:.3})", e.kl),
        x_label: "t-SNE 1".into(),
        y_label: "t-SNE 2".into(),
        series,
        ..Default::default()
    };
    plot::xy(&report.path("tsne_digits.png"), &tsne_plot)?;
    // Thumbnails of some digits at their places, not overlapping much: every 12th.
    let sprites: Vec<Sprite> = (0..n)
        .step_by(12)
        .map(|i| Sprite {
            x: map[[i, 0]],
            y: map[[i, 1]],
            image: digit_image(&x.row(i).to_vec(), String::new()),
            scale: 3,
        })
        .collect();
    plot::xy_with_sprites(
        &report.path("tsne_thumbnails.png"),
        &tsne_plot,
        &sprites,
        ColorMapKind::Binary,
    )?;

    // k-NN (k = 5): scored on its own training data, as the original, and held out.
    let all: Vec<usize> = (0..n).collect();
    let mut shuffled = all.clone();
    shuffled.shuffle(&mut stream(seed, "knn-split"));
    let cut = n * 3 / 4;
    let (train, test) = shuffled.split_at(cut);
    let fit_score = |data: &Array2<f64>, fit: &[usize], on: &[usize]| -> Result<KnnScore> {
        let labels: Vec<usize> = fit.iter().map(|&i| y[i]).collect();
        let pred = knn::predict(
            &data.select(Axis(0), fit),
            &labels,
            &data.select(Axis(0), on),
            5,
        );
        score(&pred, &on.iter().map(|&i| y[i]).collect::<Vec<_>>())
    };
    let train64 = fit_score(&x, &all, &all)?;
    let trainmap = fit_score(map, &all, &all)?;
    let held64 = fit_score(&x, train, test)?;
    let heldmap = fit_score(map, train, test)?;
    println!(
        "manifold: k-NN (k = 5) accuracy scored on its training data {:.3} (64-D) / {:.3} (map); held out {:.3} / {:.3}",
        train64.accuracy, trainmap.accuracy, held64.accuracy, heldmap.accuracy
    );
    report.section("Lecture 10.2 — manifold learning: t-SNE and k-NN");
    report.compare(
        "k-NN accuracy (k = 5)",
        "0.99 (scored on its training data)",
        format!(
            "{:.3} on training data (64-D), {:.3} held out (64-D), {:.3} held out (t-SNE map)",
            train64.accuracy, held64.accuracy, heldmap.accuracy
        ),
    );
    let mut table = String::from(
        "| digit | precision 64-D | recall 64-D | F1 64-D | precision map | recall map | F1 map | support |\n|---|---|---|---|---|---|---|---|\n",
    );
    for (c, (a, b)) in held64.classes.iter().zip(&heldmap.classes).enumerate() {
        table.push_str(&format!(
            "| {c} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} |\n",
            a.0, a.1, a.2, b.0, b.1, b.2, a.3
        ));
    }
    report.text(&format!(
        "The S-curve is a 2-D sheet rolled in 3-D: manifold learning unrolls such sheets. t-SNE (our exact-gradient \
         implementation with scikit-learn's schedule and PCA initialisation) maps the {n} digits to 2-D, KL \
         divergence {:.3}; the digits fall into ten islands.\n\n\
         k-NN (k = 5): **scored on the data it was fitted to** (what the original reported) {:.3} in 64-D and {:.3} \
         on the map; **held out** (fitted to a seeded 75 %, scored on the other 25 %) {:.3} in 64-D and {:.3} on the \
         map (the map itself was computed from all digits, labels unseen). Held-out classification reports:\n\n{table}",
        e.kl, train64.accuracy, trainmap.accuracy, held64.accuracy, heldmap.accuracy
    ));
    report.figure("s_curve.png", "The S-curve");
    report.figure("tsne_digits.png", "t-SNE of the digits, coloured by label");
    report.figure(
        "tsne_thumbnails.png",
        "Every 12th digit at its place on the map",
    );
    let outcome = ManifoldOutcome {
        points: n,
        kl: e.kl,
        on_training: (train64.accuracy, trainmap.accuracy),
        held_out: (held64.accuracy, heldmap.accuracy),
        report_64d: held64,
        report_map: heldmap,
    };
    report.metric("manifold", &outcome)?;
    report.write()?;
    Ok(outcome)
}
