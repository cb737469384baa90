//! The machine-learning half's tasks as runs: data, printing, figures and the report. The
//! methods live in [`crate::ml`] and `common::pca`.

use crate::ml::{self, argmax_rows, Forest, Tree};
use crate::standin::{self, MATERIALS_HEADER, WINE_FEATURES};
use crate::table::{self, Csv};
use crate::tasks::data_file;
use crate::tiff;
use anyhow::{bail, Context, Result};
use common::metrics::accuracy;
use common::numpy_rng::{make_blobs, to_array, RandomState};
use common::pca::{standardise, Keep, Pca};
use common::plot::{
    self, ColorMapKind, Contour, GridImage, Heatmap, RGBColor, Series, XyPlot, PALETTE,
};
use common::report::Report;
use common::seed::stream;
use ndarray::{array, Array2, Axis};
use rand::seq::SliceRandom;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Sizes that the presets change.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Sizes {
    /// Trees of each random forest.
    pub trees: usize,
    /// Seeded train/test splits averaged in the materials exercise.
    pub splits: usize,
    /// Cells a side of the decision-region meshes.
    pub mesh: usize,
    /// Pixels a side of the stand-in radiograph.
    pub image: usize,
}

impl Sizes {
    /// The notebook's sizes.
    pub fn full() -> Self {
        Self {
            trees: 100,
            splits: 5,
            mesh: 200,
            image: 1400,
        }
    }

    /// Seconds, for tests.
    pub fn smoke() -> Self {
        Self {
            trees: 10,
            splits: 1,
            mesh: 40,
            image: 160,
        }
    }
}

/// Points of a samples × 2 array coloured by label (`plot::labelled_points`).
fn class_points(x: &Array2<f64>, labels: &[usize], sizes: Option<&[f64]>) -> Vec<Series> {
    let pts: Vec<(f64, f64)> = x.rows().into_iter().map(|r| (r[0], r[1])).collect();
    plot::labelled_points(&pts, labels, sizes)
}

/// A class colour mixed with white, for regions.
fn pale(c: RGBColor) -> RGBColor {
    let mix = |v: u8| (f64::from(v) * 0.45 + 255.0 * 0.55).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The mesh of the notebook's region plots: the data's box widened by 1 each side.
fn mesh(x: &Array2<f64>, n: usize) -> ((f64, f64), (f64, f64), Array2<f64>) {
    let range = |c: usize| {
        let col = x.column(c);
        let lo = col.iter().copied().fold(f64::INFINITY, f64::min) - 1.0;
        let hi = col.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 1.0;
        (lo, hi)
    };
    let (xr, yr) = (range(0), range(1));
    let grid = Array2::from_shape_fn((n * n, 2), |(k, j)| {
        let (i, r) = (k % n, k / n);
        if j == 0 {
            xr.0 + (xr.1 - xr.0) * (i as f64 + 0.5) / n as f64
        } else {
            yr.0 + (yr.1 - yr.0) * (r as f64 + 0.5) / n as f64
        }
    });
    (xr, yr, grid)
}

/// Decision regions (the class predicted on the mesh) with the points on top.
fn regions(
    title: &str,
    x: &Array2<f64>,
    y: &[usize],
    n: usize,
    classes: &[usize],
    sizes: Option<&[f64]>,
) -> Contour {
    let (xr, yr, _) = mesh(x, n);
    Contour {
        title: title.into(),
        x_label: "x₁".into(),
        y_label: "x₂".into(),
        x_range: xr,
        y_range: yr,
        nx: n,
        ny: n,
        values: classes.iter().map(|&c| c as f64).collect(),
        levels: 4,
        overlay: class_points(x, y, sizes),
        cmap: ColorMapKind::Viridis,
        colors: Some(
            classes
                .iter()
                .map(|&c| pale(PALETTE[c % PALETTE.len()]))
                .collect(),
        ),
    }
}

/// The notebook's blobs: `make_blobs(300, centers=4, random_state=0, cluster_std=std)`, the same
/// points as scikit-learn's.
pub fn blobs(std: f64) -> (Array2<f64>, Vec<usize>) {
    let (x, y) = make_blobs(300, 4, std, 0);
    (to_array(&x), y)
}

// ---------------------------------------------------------------- trees and forests

/// What `trees` found.
#[derive(Clone, Debug, Serialize)]
pub struct TreesOutcome {
    /// Training accuracy at depths 1 … 5.
    pub accuracy: Vec<f64>,
    /// The share of the mesh where the depth-5 trees of the two halves disagree.
    pub halves_disagree: f64,
}

/// Task: decision trees of depth 1–4, 5, and 5 on two halves (the overfitting lesson).
pub fn trees(sizes: &Sizes, report: &mut Report) -> Result<TreesOutcome> {
    let (x, y) = blobs(1.0);
    let (_, _, grid) = mesh(&x, sizes.mesh);
    let mut accuracy = Vec::new();
    let mut panels = Vec::new();
    for depth in 1..=5 {
        let tree = Tree::fit(&x, &y, Some(depth))?;
        let acc = common::metrics::accuracy(&tree.predict(&x), &y)?;
        println!("trees: depth {depth}: training accuracy {acc:.3}");
        accuracy.push(acc);
        let c = regions(
            &format!("depth {depth}: training accuracy {acc:.2}"),
            &x,
            &y,
            sizes.mesh,
            &tree.predict(&grid),
            None,
        );
        if depth <= 4 {
            panels.push(c);
        } else {
            plot::contour(&report.path("tree_depth_5.png"), &c)?;
        }
    }
    plot::contour_panels(&report.path("trees_depth_1_4.png"), &panels, 2)?;
    let halves: Vec<(Array2<f64>, Vec<usize>)> = [0..150, 150..300]
        .into_iter()
        .map(|r| {
            (
                x.slice(ndarray::s![r.clone(), ..]).to_owned(),
                y[r].to_vec(),
            )
        })
        .collect();
    let mut maps = Vec::new();
    let mut panels = Vec::new();
    for (i, (hx, hy)) in halves.iter().enumerate() {
        let tree = Tree::fit(hx, hy, Some(5))?;
        let classes = tree.predict(&grid);
        let (xr, yr, _) = mesh(&x, sizes.mesh);
        let mut c = regions(
            &format!("depth 5, points {}", ["0–149", "150–299"][i]),
            hx,
            hy,
            sizes.mesh,
            &classes,
            None,
        );
        (c.x_range, c.y_range) = (xr, yr);
        panels.push(c);
        maps.push(classes);
    }
    let halves_disagree =
        maps[0].iter().zip(&maps[1]).filter(|(a, b)| a != b).count() as f64 / maps[0].len() as f64;
    plot::contour_panels(&report.path("tree_halves.png"), &panels, 2)?;
    println!(
        "trees: depth-5 trees of the two halves disagree on {:.0} % of the plane",
        100.0 * halves_disagree
    );
    report.section("Lecture 4 — decision trees");
    report.text(&format!(
        "`make_blobs(300, centers=4, random_state=0, cluster_std=1.0)` — scikit-learn's own points, reproduced bit for bit. \
         CART trees (linfa, Gini) of growing depth reach training accuracy {}. The deepest tree carves thin \
         regions around single points; grown on either half of the data, the depth-5 trees disagree on {:.0} % \
         of the plane — the variance that overfitting means.",
        accuracy.iter().enumerate().map(|(d, a)| format!("{a:.3} (depth {})", d + 1)).collect::<Vec<_>>().join(", "),
        100.0 * halves_disagree
    ));
    report.figure("trees_depth_1_4.png", "Decision regions at depths 1–4");
    report.figure("tree_depth_5.png", "Depth 5");
    report.figure("tree_halves.png", "Depth 5 grown on each half of the data");
    let outcome = TreesOutcome {
        accuracy,
        halves_disagree,
    };
    report.metric("trees", &outcome)?;
    report.write()?;
    Ok(outcome)
}

/// What `forest` found.
#[derive(Clone, Debug, Serialize)]
pub struct ForestOutcome {
    pub trees: usize,
    pub training_accuracy: f64,
    /// The mean of max(p) over the training points.
    pub mean_confidence: f64,
}

/// Task: a random forest's regions and its confidence (marker size 50·max(p)² as in the notebook).
pub fn forest(sizes: &Sizes, seed: u64, report: &mut Report) -> Result<ForestOutcome> {
    let (x, y) = blobs(1.0);
    let (_, _, grid) = mesh(&x, sizes.mesh);
    let f = Forest::fit(&x, &y, sizes.trees, seed)?;
    let p = f.probabilities(&x)?;
    let top: Vec<f64> = p
        .rows()
        .into_iter()
        .map(|r| r.iter().copied().fold(0.0, f64::max))
        .collect();
    let training_accuracy = accuracy(&argmax_rows(&p), &y)?;
    let classes = f.predict(&grid)?;
    plot::contour(
        &report.path("forest_regions.png"),
        &regions(
            &format!("random forest, {} trees", sizes.trees),
            &x,
            &y,
            sizes.mesh,
            &classes,
            None,
        ),
    )?;
    // matplotlib's marker area s = 50·max(p)² (pt²) as a radius in pixels.
    let radii: Vec<f64> = top.iter().map(|m| (50.0 * m * m).sqrt() * 0.8).collect();
    plot::contour(
        &report.path("forest_probabilities.png"),
        &regions(
            "forest: marker size 50·max(p)²",
            &x,
            &y,
            sizes.mesh,
            &classes,
            Some(&radii),
        ),
    )?;
    let mean_confidence = top.iter().sum::<f64>() / top.len() as f64;
    println!("forest: {} trees, training accuracy {training_accuracy:.3}, mean max(p) {mean_confidence:.3}", sizes.trees);
    report.section("Lecture 4 — random forests");
    report.text(&format!(
        "{} trees (smartcore; bootstrap samples, one of the two features — ⌊√2⌋ — tried at each split), training accuracy {training_accuracy:.3}. \
         The forest's probabilities are its trees' votes; points between the blobs get split votes and small \
         markers (mean max(p) {mean_confidence:.2}).",
        sizes.trees
    ));
    report.figure("forest_regions.png", "Random-forest decision regions");
    report.figure("forest_probabilities.png", "Marker size 50·max(p)²");
    let outcome = ForestOutcome {
        trees: sizes.trees,
        training_accuracy,
        mean_confidence,
    };
    report.metric("forest", &outcome)?;
    report.write()?;
    Ok(outcome)
}

// ---------------------------------------------------------------- materials

/// The five numeric features of the materials table.
pub const MATERIAL_FEATURES: [&str; 5] = [
    "band_gap",
    "density",
    "volume",
    "formation_energy_per_atom",
    "nsites",
];

/// The table of `materials_data.csv` as the tasks use it.
#[derive(Clone, Debug)]
pub struct Materials {
    /// One column per entry of [`MATERIAL_FEATURES`].
    pub features: Vec<Vec<f64>>,
    /// Indices into `groups`.
    pub labels: Vec<usize>,
    /// The space groups, from the most common down.
    pub groups: Vec<u32>,
}

/// Features and labels of `materials_data.csv`.
pub fn read_materials(path: &Path) -> Result<Materials> {
    let csv: Csv = table::read_csv(path, &MATERIALS_HEADER[1..])?;
    let bad = |e: String| anyhow::anyhow!("{}: {e}", path.display());
    let groups: Vec<u32> = csv
        .numbers("spacegroup.number")
        .map_err(bad)?
        .iter()
        .map(|&g| g as u32)
        .collect();
    let features = MATERIAL_FEATURES
        .iter()
        .map(|f| csv.numbers(f).map_err(bad))
        .collect::<Result<Vec<_>>>()?;
    let mut names: Vec<u32> = groups.clone();
    names.sort_unstable();
    names.dedup();
    names.sort_by_key(|g| std::cmp::Reverse(groups.iter().filter(|&x| x == g).count()));
    let labels = groups
        .iter()
        .map(|g| names.iter().position(|n| n == g).unwrap_or(0))
        .collect();
    Ok(Materials {
        features,
        labels,
        groups: names,
    })
}

/// A feature pair's name short enough for an axis tick.
fn short_pair(pair: &str) -> String {
    pair.replace("formation_energy_per_atom", "E_f")
        .replace("band_gap", "gap")
        .replace("density", "ρ")
        .replace("volume", "V")
        .replace("nsites", "sites")
        .replace(" + ", "+")
}

/// A seeded 80/20 split of `n` rows: (train, test) indices.
fn split(n: usize, seed: u64, k: usize) -> (Vec<usize>, Vec<usize>) {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.shuffle(&mut stream(seed, &format!("materials-split-{k}")));
    let test = n - (n as f64 * 0.8).round() as usize;
    let (te, tr) = idx.split_at(test);
    (tr.to_vec(), te.to_vec())
}

fn columns(features: &[Vec<f64>], cols: &[usize], rows: &[usize]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), cols.len()), |(i, j)| {
        features[cols[j]][rows[i]]
    })
}

/// What `materials` found.
#[derive(Clone, Debug, Serialize)]
pub struct MaterialsOutcome {
    pub file: PathBuf,
    pub stand_in: bool,
    pub train: usize,
    pub test: usize,
    /// Band gap + formation energy, the first split.
    pub accuracy: f64,
    pub confusion: Vec<Vec<f64>>,
    pub majority: f64,
    /// Every feature pair with its mean test accuracy over the splits, best first.
    pub pairs: Vec<(String, f64)>,
}

/// Task: classify space groups with a forest; the exercise — every feature pair.
pub fn materials(
    given: Option<&Path>,
    sizes: &Sizes,
    seed: u64,
    report: &mut Report,
) -> Result<MaterialsOutcome> {
    let (file, stand_in) = data_file(given, report, "materials_data.csv", |p| {
        Ok(standin::materials(p, seed)?)
    })?;
    let Materials {
        features,
        labels,
        groups,
    } = read_materials(&file)?;
    let n = labels.len();
    let k = groups.len();
    let majority = labels.iter().filter(|&&l| l == 0).count() as f64 / n as f64;
    let evaluate = |cols: &[usize], s: usize| -> Result<(f64, Vec<usize>, Vec<usize>)> {
        let (tr, te) = split(n, seed, s);
        let ytr: Vec<usize> = tr.iter().map(|&i| labels[i]).collect();
        let yte: Vec<usize> = te.iter().map(|&i| labels[i]).collect();
        let f = Forest::fit(
            &columns(&features, cols, &tr),
            &ytr,
            sizes.trees,
            seed + s as u64,
        )?;
        let pred = f.predict(&columns(&features, cols, &te))?;
        Ok((accuracy(&pred, &yte)?, pred, yte))
    };
    let (acc, pred, truth) = evaluate(&[0, 3], 0)?;
    let mut confusion = vec![vec![0.0; k]; k];
    for (p, t) in pred.iter().zip(&truth) {
        confusion[*t][*p] += 1.0;
    }
    for row in confusion.iter_mut() {
        let s: f64 = row.iter().sum();
        if s > 0.0 {
            row.iter_mut().for_each(|v| *v /= s);
        }
    }
    let test = pred.len();
    let train = n - test;
    println!("materials: {n} compounds, {train}/{test} split; band gap + formation energy: accuracy {acc:.3} (majority class {majority:.3})");
    let names: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
    plot::heatmap(
        &report.path("materials_confusion.png"),
        &Heatmap {
            title: "Space group from band gap + formation energy".into(),
            x_label: "predicted space group".into(),
            y_label: "true space group".into(),
            values: confusion.clone(),
            x_ticks: names.clone(),
            y_ticks: names,
            annotate: true,
            cmap: ColorMapKind::Viridis,
        },
    )?;
    let mut pairs = Vec::new();
    for (a, fa) in MATERIAL_FEATURES.iter().enumerate() {
        for (b, fb) in MATERIAL_FEATURES.iter().enumerate().skip(a + 1) {
            let mut total = 0.0;
            for s in 0..sizes.splits {
                total += evaluate(&[a, b], s)?.0;
            }
            pairs.push((format!("{fa} + {fb}"), total / sizes.splits as f64));
        }
    }
    pairs.sort_by(|p, q| q.1.total_cmp(&p.1));
    for (name, a) in &pairs {
        println!("  {name:<45} {a:.3}");
    }
    let bars: Vec<(f64, f64)> = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| (i as f64, p.1))
        .collect();
    plot::xy(
        &report.path("materials_pairs.png"),
        &XyPlot {
            title: format!(
                "Forest test accuracy by feature pair (mean of {} splits)",
                sizes.splits
            ),
            x_label: "feature pair".into(),
            y_label: "accuracy".into(),
            series: vec![
                Series::bars("pair", bars, 0.7),
                Series::dashed(
                    "majority class",
                    vec![(-0.5, majority), (pairs.len() as f64 - 0.5, majority)],
                )
                .color(plot::RED),
            ],
            y_range: Some((0.0, 1.0)),
            x_range: Some((-0.6, pairs.len() as f64 - 0.4)),
            x_names: pairs.iter().map(|p| short_pair(&p.0)).collect(),
            ..Default::default()
        },
    )?;
    report.section("Lecture 4 — classification exercise: space groups of materials");
    report.compare(
        "forest on band gap + formation energy vs majority class",
        "≈ 0.50 over splits vs 0.53 (checked, not recorded)",
        format!("{acc:.3} vs {majority:.3}"),
    );
    report.text(&format!(
        "{}{n} compounds, {k} space groups, seeded 80/20 split ({train}/{test}), a {}-tree forest. On band gap and \
         formation energy alone the forest scores {acc:.3}, against {majority:.3} for always answering the commonest \
         group: these two features do not determine the structure.\n\n**The exercise, answered** (mean test accuracy \
         over {} seeded splits): {}. The best pair is **{}** ({:.3}).",
        if stand_in { "Stand-in data (the original's class counts; band gap and formation energy nearly alike across groups, density and cell size not). " } else { "" },
        sizes.trees,
        sizes.splits,
        pairs.iter().map(|(p, a)| format!("{p} {a:.3}")).collect::<Vec<_>>().join("; "),
        pairs[0].0,
        pairs[0].1
    ));
    report.figure(
        "materials_confusion.png",
        "Row-normalised confusion matrix (band gap + formation energy)",
    );
    report.figure(
        "materials_pairs.png",
        "Every feature pair against the majority-class rate",
    );
    let outcome = MaterialsOutcome {
        file,
        stand_in,
        train,
        test,
        accuracy: acc,
        confusion,
        majority,
        pairs,
    };
    report.metric("materials", &outcome)?;
    report.write()?;
    Ok(outcome)
}

// ---------------------------------------------------------------- k-means and mixtures

/// What `kmeans` found.
#[derive(Clone, Debug, Serialize)]
pub struct KMeansOutcome {
    pub steps: usize,
    pub inertia_by_hand: f64,
    pub inertia_linfa: f64,
    pub largest_centre_gap: f64,
}

/// Task: the hand-written k-means beside linfa's on blobs with std 0.6.
pub fn kmeans(seed: u64, report: &mut Report) -> Result<KMeansOutcome> {
    let (x, _) = blobs(0.6);
    let (steps, labels) = ml::kmeans_by_hand(&x, 4, 1);
    let (centres, _) = ml::kmeans(&x, 4, 10, seed)?;
    let hand = steps.last().cloned().unwrap_or_else(|| centres.clone());
    let gap = hand
        .rows()
        .into_iter()
        .map(|h| {
            centres
                .rows()
                .into_iter()
                .map(|c| (&h - &c).mapv(|v| v * v).sum().sqrt())
                .fold(f64::INFINITY, f64::min)
        })
        .fold(0.0, f64::max);
    let (ih, il) = (
        common::cluster::inertia(&x, &hand),
        common::cluster::inertia(&x, &centres),
    );
    println!("kmeans: by hand {} steps, inertia {ih:.2}; linfa inertia {il:.2}; centres at most {gap:.2e} apart", steps.len() - 1);
    let mut series = class_points(&x, &labels, None);
    let pts = |a: &Array2<f64>| {
        a.rows()
            .into_iter()
            .map(|r| (r[0], r[1]))
            .collect::<Vec<_>>()
    };
    series.push(
        Series::sized_points("centres by hand", pts(&hand), vec![9.0; hand.nrows()])
            .color(plot::BLACK),
    );
    series.push(
        Series::sized_points("linfa KMeans", pts(&centres), vec![4.0; centres.nrows()])
            .color(plot::RED),
    );
    plot::xy(
        &report.path("kmeans.png"),
        &XyPlot {
            title: "k-means by hand, linfa's centres overlaid".into(),
            x_label: "x₁".into(),
            y_label: "x₂".into(),
            series,
            ..Default::default()
        },
    )?;
    report.section("Lecture 4 — k-means");
    report.text(&format!(
        "The notebook's `find_clusters` (start at 4 rows picked by `RandomState(1).permutation`, then assign and \
         update until the centres stop moving) stops after {} updates; linfa's `KMeans` (k-means++, 10 starts) \
         finds the same centres (at most {gap:.1e} apart; inertia {ih:.2} and {il:.2}).",
        steps.len() - 1
    ));
    report.figure(
        "kmeans.png",
        "Clusters by hand; black: our centres, red: linfa's",
    );
    let outcome = KMeansOutcome {
        steps: steps.len() - 1,
        inertia_by_hand: ih,
        inertia_linfa: il,
        largest_centre_gap: gap,
    };
    report.metric("kmeans", &outcome)?;
    report.write()?;
    Ok(outcome)
}

/// Points of the n-σ ellipses of a 2-D Gaussian.
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
pub struct GmmOutcome {
    pub score: f64,
    pub stretched_score: f64,
    /// Rows of points whose largest membership probability is below 0.9.
    pub uncertain: usize,
}

/// Task: a four-component mixture with its probabilities, and one on stretched data.
pub fn gmm(seed: u64, report: &mut Report) -> Result<GmmOutcome> {
    let (x, _) = blobs(0.6);
    let m = ml::gmm(&x, 4, 10, seed)?;
    let p = m.probabilities(&x)?;
    let labels = argmax_rows(&p);
    let top: Vec<f64> = p
        .rows()
        .into_iter()
        .map(|r| r.iter().copied().fold(0.0, f64::max))
        .collect();
    let uncertain = top.iter().filter(|&&t| t < 0.9).count();
    let radii: Vec<f64> = top.iter().map(|t| (50.0 * t * t).sqrt() * 0.8).collect();
    plot::xy(
        &report.path("gmm_probabilities.png"),
        &XyPlot {
            title: "Gaussian mixture: marker size 50·max(p)²".into(),
            x_label: "x₁".into(),
            y_label: "x₂".into(),
            series: class_points(&x, &labels, Some(&radii)),
            ..Default::default()
        },
    )?;
    // The notebook's stretch: X @ RandomState(13).randn(2, 2).
    let mut r = RandomState::new(13);
    let t = array![[r.gauss(), r.gauss()], [r.gauss(), r.gauss()]];
    let s = x.dot(&t);
    let ms = ml::gmm(&s, 4, 10, seed)?;
    let ls = argmax_rows(&ms.probabilities(&s)?);
    let mut series = class_points(&s, &ls, None);
    for (j, colour) in PALETTE.iter().take(4).enumerate() {
        let cov = ms.covariances.index_axis(Axis(0), j).to_owned();
        let mean = ms.means.row(j).to_vec();
        for nsig in [1.0, 2.0, 3.0] {
            series.push(Series::line("", ellipse(&mean, &cov, nsig)).color(*colour));
        }
    }
    plot::xy(
        &report.path("gmm_stretched.png"),
        &XyPlot {
            title: "Full-covariance mixture on stretched data (1, 2, 3 σ)".into(),
            x_label: "x₁".into(),
            y_label: "x₂".into(),
            series,
            ..Default::default()
        },
    )?;
    let (score, stretched_score) = (m.score(&x)?, ms.score(&s)?);
    println!("gmm: mean log-likelihood {score:.4} (blobs), {stretched_score:.4} (stretched); max(p) < 0.9 for {uncertain} of 300 points");
    report.section("Lecture 4 — Gaussian mixtures");
    report.text(&format!(
        "GaussianMixture(4) (EM with full covariances from a linfa k-means start, best of 10 starts): mean log-likelihood {score:.4}. Unlike \
         k-means it gives each point membership probabilities; {uncertain} of 300 points, between blobs, have \
         max(p) < 0.9 (small markers). On the stretched data (the notebook's X · RandomState(13).randn(2, 2)) full \
         covariances follow the elongated clusters, where k-means' circles cannot (mean log-likelihood {stretched_score:.4})."
    ));
    report.figure(
        "gmm_probabilities.png",
        "Mixture memberships, marker size 50·max(p)²",
    );
    report.figure(
        "gmm_stretched.png",
        "Full-covariance components on stretched blobs",
    );
    let outcome = GmmOutcome {
        score,
        stretched_score,
        uncertain,
    };
    report.metric("gmm", &outcome)?;
    report.write()?;
    Ok(outcome)
}

// ---------------------------------------------------------------- time of flight

/// What `tof` found.
#[derive(Clone, Debug, Serialize)]
pub struct TofOutcome {
    pub file: PathBuf,
    pub stand_in: bool,
    pub points: usize,
    pub cluster_sizes: (usize, usize),
    /// The spread (standard deviation) of time of flight before and after folding.
    pub spread: (f64, f64),
}

/// Task (clustering exercise): 19 pulses found by k-means and folded onto the first.
pub fn tof(given: Option<&Path>, seed: u64, report: &mut Report) -> Result<TofOutcome> {
    let (file, stand_in) = data_file(given, report, "tof.txt", |p| Ok(standin::tof(p, seed)?))?;
    let rows = table::read_rows(&file, &["time of flight", "angle"])?;
    let n = rows[0].len();
    if n < 19 {
        bail!("{}: {n} events cannot make 19 clusters", file.display());
    }
    let x = Array2::from_shape_fn((n, 2), |(i, j)| rows[j][i]);
    let (centres, labels) = ml::kmeans(&x, 19, 10, seed)?;
    let first = centres
        .column(0)
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let rel: Vec<f64> = (0..n)
        .map(|i| x[[i, 0]] - centres[[labels[i], 0]] + first)
        .collect();
    let counts: Vec<usize> = (0..19)
        .map(|c| labels.iter().filter(|&&l| l == c).count())
        .collect();
    let sizes = (
        *counts.iter().min().unwrap_or(&0),
        *counts.iter().max().unwrap_or(&0),
    );
    let sd = |v: &[f64]| {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
    };
    let spread = (sd(&rows[0]), sd(&rel));
    println!(
        "tof: {n} events, 19 clusters of {}–{} events; folded time of flight spans {:.2}–{:.2} µs",
        sizes.0,
        sizes.1,
        rel.iter().copied().fold(f64::INFINITY, f64::min),
        rel.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    );
    let before = XyPlot {
        title: "Absolute time of flight, coloured by k-means cluster".into(),
        x_label: "time of flight / µs".into(),
        y_label: "θ / rad".into(),
        series: class_points(&x, &labels, None),
        ..Default::default()
    };
    let folded = Array2::from_shape_fn((n, 2), |(i, j)| if j == 0 { rel[i] } else { x[[i, 1]] });
    let after = XyPlot {
        title: "Relative time of flight (pulses folded)".into(),
        x_label: "relative time of flight / µs".into(),
        series: class_points(&folded, &labels, None),
        ..before.clone()
    };
    plot::panels(&report.path("normalised_data.png"), &[before, after], 2)?;
    report.section("Lecture 4 — clustering exercise: neutron pulses");
    report.text(&format!(
        "{}KMeans(19) on (time of flight, θ) (linfa, 10 starts) assigns every event to its pulse (clusters of \
         {}–{} events); relative ToF = ToF − centre(label) + min(centres) folds all pulses onto the first and shows \
         how the time of flight within a pulse depends on the angle.",
        if stand_in { "Stand-in data: 1 000 events from 19 pulses 4.95 µs apart, a time of flight 0.5 + 0.8 (1 + cos θ) µs within a pulse. " } else { "" },
        sizes.0, sizes.1
    ));
    report.figure("normalised_data.png", "Before and after folding");
    let outcome = TofOutcome {
        file,
        stand_in,
        points: n,
        cluster_sizes: sizes,
        spread,
    };
    report.metric("tof", &outcome)?;
    report.write()?;
    Ok(outcome)
}

// ---------------------------------------------------------------- PCA

/// What `pca` found.
#[derive(Clone, Debug, Serialize)]
pub struct PcaOutcome {
    pub components: Vec<Vec<f64>>,
    pub explained_variance: Vec<f64>,
}

/// The notebook's toy data: `np.random.seed(1); (rand(2, 2) @ randn(2, 200)).T`, bit for bit.
pub fn pca_toy_data() -> Array2<f64> {
    let mut r = RandomState::new(1);
    let a: Vec<f64> = (0..4).map(|_| r.random_sample()).collect();
    let g: Vec<f64> = (0..400).map(|_| r.gauss()).collect();
    Array2::from_shape_fn((200, 2), |(s, f)| {
        a[f * 2] * g[s] + a[f * 2 + 1] * g[200 + s]
    })
}

/// Task: PCA of the 2-D toy: components, explained variance, arrows of 3√λ, PC coordinates.
pub fn pca(report: &mut Report) -> Result<PcaOutcome> {
    let x = pca_toy_data();
    let p = Pca::fit(&x, Keep::Count(2), false)?;
    let comps: Vec<Vec<f64>> = p
        .components
        .rows()
        .into_iter()
        .map(|r| r.to_vec())
        .collect();
    let ev = p.explained_variance.to_vec();
    println!("pca: components {comps:.4?}, explained variance {ev:.5?}");
    let pts = x.rows().into_iter().map(|r| (r[0], r[1])).collect();
    let mut series = vec![Series::points("data", pts).color(RGBColor(120, 160, 210))];
    for k in 0..2 {
        let len = 3.0 * ev[k].sqrt();
        let (mx, my) = (p.mean[0], p.mean[1]);
        series.push(
            Series::line(
                &format!("PC{} (3√λ)", k + 1),
                vec![(mx, my), (mx + len * comps[k][0], my + len * comps[k][1])],
            )
            .color(plot::BLACK),
        );
    }
    let data = XyPlot {
        title: "Principal axes, 3√λ long".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        series,
        ..Default::default()
    };
    let z = p.transform(&x);
    let projected = XyPlot {
        title: "The data in principal-component coordinates".into(),
        x_label: "PC1".into(),
        y_label: "PC2".into(),
        series: vec![
            Series::points("", z.rows().into_iter().map(|r| (r[0], r[1])).collect())
                .color(RGBColor(120, 160, 210)),
        ],
        x_range: Some((-3.0, 3.0)),
        y_range: Some((-3.0, 3.0)),
        ..Default::default()
    };
    plot::panels(&report.path("pca_toy.png"), &[data, projected], 2)?;
    report.section("Lecture 4 — principal component analysis");
    report.compare(
        "toy PCA explained variance",
        "[0.76253, 0.01848]",
        format!("[{:.5}, {:.5}]", ev[0], ev[1]),
    );
    report.compare(
        "toy PCA components",
        "[[−0.9445, −0.3286], [−0.3286, 0.9445]]",
        format!(
            "[[{:.4}, {:.4}], [{:.4}, {:.4}]]",
            comps[0][0], comps[0][1], comps[1][0], comps[1][1]
        ),
    );
    report.text(
        "The toy data are the notebook's own (`np.random.seed(1)`, reproduced bit for bit), so the numbers agree. \
         The first component's sign differs: scikit-learn ≥ 1.5 makes each component's largest entry positive, \
         which we follow; the recording predates that (a component's sign carries no meaning).",
    );
    report.figure(
        "pca_toy.png",
        "The toy data with its principal axes, and in PC coordinates",
    );
    let outcome = PcaOutcome {
        components: comps,
        explained_variance: ev,
    };
    report.metric("pca", &outcome)?;
    report.write()?;
    Ok(outcome)
}

/// The recorded cumulative explained-variance ratio of the standardised wine data.
pub const WINE_RECORDED: [f64; 14] = [
    0.2444, 0.4571, 0.6318, 0.7317, 0.8057, 0.8643, 0.9119, 0.9370, 0.9604, 0.9723, 0.9825, 0.9914,
    0.9992, 1.0,
];

/// What `wine` found.
#[derive(Clone, Debug, Serialize)]
pub struct WineOutcome {
    pub file: PathBuf,
    pub stand_in: bool,
    pub cumulative: Vec<f64>,
    pub ethanol_glycerol_ratio: f64,
}

/// Read `wine_data.csv`: the 14 features (samples × 14) and the country of each wine.
pub fn read_wine(path: &Path) -> Result<(Array2<f64>, Vec<String>)> {
    let mut required: Vec<&str> = WINE_FEATURES.to_vec();
    required.push("Country");
    let csv = table::read_csv(path, &required)?;
    let bad = |e: String| anyhow::anyhow!("{}: {e}", path.display());
    let cols = WINE_FEATURES
        .iter()
        .map(|f| csv.numbers(f).map_err(bad))
        .collect::<Result<Vec<_>>>()?;
    let n = cols[0].len();
    if n < 3 {
        bail!("{}: {n} wines are too few for a PCA", path.display());
    }
    Ok((
        Array2::from_shape_fn((n, 14), |(i, j)| cols[j][i]),
        csv.text("Country").map_err(bad)?,
    ))
}

/// Task: standardised wine data; a 1-component PCA of ethanol–glycerol; all components.
pub fn wine(given: Option<&Path>, seed: u64, report: &mut Report) -> Result<WineOutcome> {
    let (file, stand_in) = data_file(given, report, "wine_data.csv", |p| {
        Ok(standin::wine(p, seed)?)
    })?;
    let (raw, country) = read_wine(&file)?;
    let x = standardise(&raw);
    let countries: Vec<String> = {
        let mut c = country.clone();
        c.sort();
        c.dedup();
        c
    };
    let code: Vec<usize> = country
        .iter()
        .map(|c| countries.iter().position(|k| k == c).unwrap_or(0))
        .collect();
    // Three univariate panels: each wine's value by country.
    let strip = |f: usize| XyPlot {
        title: WINE_FEATURES[f].into(),
        x_label: "country".into(),
        y_label: "standardised value".into(),
        series: (0..countries.len())
            .map(|c| {
                let pts = (0..x.nrows())
                    .filter(|&i| code[i] == c)
                    .enumerate()
                    .map(|(k, i)| (c as f64 + 0.04 * (k as f64 - 5.0), x[[i, f]]))
                    .collect();
                Series::points("", pts).color(PALETTE[c % PALETTE.len()])
            })
            .collect(),
        x_range: Some((-0.5, countries.len() as f64 - 0.5)),
        x_names: countries.clone(),
        ..Default::default()
    };
    plot::panels(
        &report.path("wine_univariate.png"),
        &[strip(0), strip(1), strip(2)],
        3,
    )?;
    let eg = x.select(Axis(1), &[0, 1]);
    let p1 = Pca::fit(&eg, Keep::Count(1), false)?;
    let back = p1.inverse_transform(&p1.transform(&eg));
    plot::xy(
        &report.path("wine_ethanol_glycerol.png"),
        &XyPlot {
            title: "Ethanol and glycerol, and their one-component PCA".into(),
            x_label: "Ethanol (standardised)".into(),
            y_label: "Glycerol (standardised)".into(),
            series: vec![
                Series::points(
                    "data",
                    eg.rows().into_iter().map(|r| (r[0], r[1])).collect(),
                )
                .color(PALETTE[0]),
                Series::points(
                    "projected onto PC1",
                    back.rows().into_iter().map(|r| (r[0], r[1])).collect(),
                )
                .color(PALETTE[1]),
            ],
            ..Default::default()
        },
    )?;
    let full = Pca::fit(&x, Keep::Count(x.ncols().min(x.nrows())), false)?;
    let cumulative: Vec<f64> = full
        .explained_variance_ratio
        .iter()
        .scan(0.0, |s, r| {
            *s += r;
            Some(*s)
        })
        .collect();
    let cum_plot = XyPlot {
        title: "Cumulative explained variance".into(),
        x_label: "components".into(),
        y_label: "cumulative ratio".into(),
        series: vec![
            Series::line(
                "ours",
                cumulative
                    .iter()
                    .enumerate()
                    .map(|(i, c)| ((i + 1) as f64, *c))
                    .collect(),
            ),
            Series::dashed(
                "recorded",
                WINE_RECORDED
                    .iter()
                    .enumerate()
                    .map(|(i, c)| ((i + 1) as f64, *c))
                    .collect(),
            ),
        ],
        y_range: Some((0.0, 1.05)),
        ..Default::default()
    };
    plot::xy(&report.path("wine_cumulative.png"), &cum_plot)?;
    let z = full.transform(&x);
    let scores = XyPlot {
        title: "Scores on PC1 and PC2 by country".into(),
        x_label: "PC1".into(),
        y_label: "PC2".into(),
        series: (0..countries.len())
            .map(|c| {
                let pts = (0..z.nrows())
                    .filter(|&i| code[i] == c)
                    .map(|i| (z[[i, 0]], z[[i, 1]]))
                    .collect();
                Series::points(&countries[c], pts).color(PALETTE[c % PALETTE.len()])
            })
            .collect(),
        ..Default::default()
    };
    plot::xy(&report.path("wine_scores.png"), &scores)?;
    let loading = |k: usize, shift: f64| -> Vec<(f64, f64)> {
        (0..14)
            .map(|f| {
                (
                    f as f64 + shift,
                    full.components[[k, f]] * full.explained_variance[k].sqrt(),
                )
            })
            .collect()
    };
    plot::xy(
        &report.path("wine_loadings.png"),
        &XyPlot {
            title: "Loadings (component · √λ)".into(),
            x_label: "feature".into(),
            y_label: "loading".into(),
            series: vec![
                Series::bars("PC1", loading(0, -0.18), 0.36),
                Series::bars("PC2", loading(1, 0.18), 0.36).color(PALETTE[1]),
            ],
            x_range: Some((-0.6, 13.6)),
            x_names: WINE_FEATURES.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        },
    )?;
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|c| format!("{c:.4}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "wine: {} wines; cumulative explained variance {}",
        x.nrows(),
        fmt(&cumulative)
    );
    report.section("Lecture 4 — PCA of wines");
    report.compare(
        "wine cumulative explained variance",
        &fmt(&WINE_RECORDED),
        fmt(&cumulative),
    );
    report.text(&format!(
        "{}{} wines, {} features standardised (`scale`). The one-component PCA of ethanol and glycerol keeps {:.0} % of \
         their variance; the inverse transform puts every wine on that line. Over all features the first two \
         components explain {:.0} %.",
        if stand_in { "Stand-in data: 14 features mixing latent factors whose variances follow the recorded spectrum, four countries apart on the first two — so the cumulative ratios resemble the recording without reproducing it. " } else { "" },
        x.nrows(), x.ncols(),
        100.0 * p1.explained_variance_ratio[0],
        100.0 * cumulative.get(1).copied().unwrap_or(1.0)
    ));
    for (f, c) in [
        (
            "wine_univariate.png",
            "Ethanol, glycerol and fructose by country",
        ),
        (
            "wine_ethanol_glycerol.png",
            "One-component PCA and its inverse",
        ),
        (
            "wine_cumulative.png",
            "Cumulative explained variance, ours and recorded",
        ),
        ("wine_scores.png", "Scores by country"),
        ("wine_loadings.png", "Loadings of PC1 and PC2"),
    ] {
        report.figure(f, c);
    }
    let outcome = WineOutcome {
        file,
        stand_in,
        cumulative,
        ethanol_glycerol_ratio: p1.explained_variance_ratio[0],
    };
    report.metric("wine", &outcome)?;
    report.write()?;
    Ok(outcome)
}

/// What `image-pca` found.
#[derive(Clone, Debug, Serialize)]
pub struct ImagePcaOutcome {
    pub file: PathBuf,
    pub stand_in: bool,
    pub size: (usize, usize),
    /// (variance fraction, components kept).
    pub components: Vec<(f64, usize)>,
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

/// Task (PCA exercise): denoise a radiograph with PCA over its rows; vary the variance kept.
pub fn image_pca(
    given: Option<&Path>,
    sizes: &Sizes,
    seed: u64,
    report: &mut Report,
) -> Result<ImagePcaOutcome> {
    let (file, stand_in) = data_file(given, report, "fossil.tiff", |p| {
        standin::fossil(p, sizes.image, seed)
    })?;
    let img = tiff::read(&file)?;
    let (lo, hi) = (
        img.iter().copied().fold(f64::INFINITY, f64::min),
        img.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let mut components = Vec::new();
    let mut thumbs = vec![thumbnail(&img, 300, lo, hi, "original")];
    let mut denoised = None;
    let fractions = [0.5, 0.6, 0.7, 0.8, 0.9];
    // One fit to the largest fraction; the smaller ones keep its first components.
    let full = Pca::fit(&img, Keep::Fraction(0.9), false)
        .with_context(|| format!("PCA of {}", file.display()))?;
    println!(
        "image-pca: explained-variance ratios {:.3?}",
        full.explained_variance_ratio.to_vec()
    );
    for f in fractions {
        let k = full.count_for(f).unwrap_or(full.components.nrows());
        let p = full.truncated(k);
        let back = p.inverse_transform(&p.transform(&img));
        println!(
            "image-pca: {:.0} % of the variance → {k} components",
            100.0 * f
        );
        thumbs.push(thumbnail(
            &back,
            300,
            lo,
            hi,
            &format!("{:.0} %: {k} components", 100.0 * f),
        ));
        if f == 0.6 {
            denoised = Some(back);
        }
        components.push((f, k));
    }
    plot::image_grid(
        &report.path("fossil_fractions.png"),
        "Reconstructions keeping a fraction of the variance",
        &thumbs,
        3,
        ColorMapKind::Gray,
    )?;
    if let Some(d) = &denoised {
        let pair = [
            thumbnail(&img, 600, lo, hi, "radiograph"),
            thumbnail(d, 600, lo, hi, "PCA(0.6) reconstruction"),
        ];
        plot::image_grid(
            &report.path("fossil_denoised.png"),
            "Denoising by PCA over the image rows",
            &pair,
            2,
            ColorMapKind::Gray,
        )?;
    }
    let k06 = components.iter().find(|c| c.0 == 0.6).map_or(0, |c| c.1);
    report.section("Lecture 4 — PCA exercise: denoising a neutron radiograph");
    report.compare(
        "fossil: components for 60 % of the variance",
        "3",
        format!("{k06}"),
    );
    report.text(&format!(
        "{}A {} × {} 16-bit radiograph; each image row is a sample. PCA(0.6) keeps {k06} components; their \
         reconstruction is the denoised image (the noise spreads over the many dropped components). The exercise, \
         varying the fraction: {}.",
        if stand_in { "Stand-in image: an ammonite-like spiral shell in a rock slab, Beer–Lambert attenuation, 30 000 open-beam counts, Poisson noise. " } else { "" },
        img.nrows(), img.ncols(),
        components.iter().map(|(f, k)| format!("{:.0} % → {k}", 100.0 * f)).collect::<Vec<_>>().join(", ")
    ));
    report.figure(
        "fossil_denoised.png",
        "The radiograph and its PCA(0.6) reconstruction",
    );
    report.figure(
        "fossil_fractions.png",
        "Reconstructions for 50–90 % of the variance",
    );
    let outcome = ImagePcaOutcome {
        file,
        stand_in,
        size: img.dim(),
        components,
    };
    report.metric("image_pca", &outcome)?;
    report.write()?;
    Ok(outcome)
}
