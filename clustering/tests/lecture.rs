//! The lecture's checks: PCA keeps 41 dimensions; DBSCAN finds 2 clusters and no noise on the
//! circles; mixture probabilities sum to one; the AIC minimum lies in [130, 180]; t-SNE's KL
//! divergence is within 10 % of scikit-learn's (`reference.py` beside this file); k-NN on the
//! t-SNE map scores at least 0.95 held out; Isomap's map of the S-curve is scikit-learn's.

#![allow(clippy::unwrap_used)]

use clustering::data::shapes;
use clustering::dbscan::{dbscan, DbscanTask};
use clustering::digits_gmm::{aic_sweep, digits_pca};
use clustering::gmm::Gmm;
use clustering::kmeans_fails::{pairs_kept, KmeansFails};
use clustering::{digits, isomap, knn, tsne};
use common::cli::Preset;
use common::cluster::gmm;
use common::numpy_rng::{make_blobs, make_circles, make_s_curve};
use common::pca::standardise;
use common::task::{Context, Task};
use ndarray::{Array2, Axis};

/// scikit-learn 1.9.1, `TSNE(2, init="pca", method="exact").fit(digits[:500]).kl_divergence_`.
const TSNE_500_EXACT_KL: f64 = 0.3374314927236425;

#[test]
fn digits_load_and_pca_keeps_41_dimensions() {
    let (x, y) = digits::load().unwrap();
    assert_eq!(x.dim(), (1797, 64));
    assert_eq!(
        (0..10)
            .map(|c| y.iter().filter(|&&l| l == c).count())
            .sum::<usize>(),
        1797
    );
    assert!(x.iter().all(|&v| (0.0..=16.0).contains(&v)));
    let d = digits_pca().unwrap();
    let (pca, z) = (d.pca, d.scores);
    assert_eq!(z.ncols(), 41);
    let var = z.column(0).mapv(|v| v * v).sum() / (z.nrows() as f64 - 1.0);
    assert!((var - 1.0).abs() < 1e-9, "whitened: {var}");
    assert!(pca.explained_variance_ratio.sum() > 0.99);
    assert!(digits::parse("1,2,3\n").is_err());
}

#[test]
fn dbscan_finds_two_clusters_and_no_noise_on_the_circles() {
    let (x, _) = make_circles(1000, 0.5, 0.05, 2021);
    let x = standardise(&Array2::from_shape_fn((1000, 2), |(i, j)| x[i][j]));
    let (labels, core) = dbscan(&x, 0.3, 10).unwrap();
    assert_eq!(labels.iter().flatten().max(), Some(&1), "two clusters");
    assert!(labels.iter().all(Option::is_some), "no noise");
    // Every border point lies within eps of a core point of its cluster.
    for i in (0..1000).filter(|&i| !core[i]) {
        assert!((0..1000).any(|j| core[j]
            && labels[j] == labels[i]
            && (x[[i, 0]] - x[[j, 0]]).powi(2) + (x[[i, 1]] - x[[j, 1]]).powi(2) <= 0.09));
    }
    // The task's three sets: circles and moons in two clusters; the dense blobs touch and merge
    // into one (the notebook's answer).
    let found: Vec<usize> = shapes(2021)
        .iter()
        .map(|(_, x, _, _)| {
            dbscan(&standardise(x), 0.3, 10)
                .unwrap()
                .0
                .iter()
                .flatten()
                .max()
                .map_or(0, |m| m + 1)
        })
        .collect();
    assert_eq!(found, [2, 2, 1]);
}

#[test]
fn mixture_probabilities_sum_to_one_and_samples_follow_the_mixture() {
    let (x, _) = make_blobs(1000, 3, 0.7, 2021);
    let x = Array2::from_shape_fn((1000, 2), |(i, j)| x[i][j]);
    let m = gmm(&x, 3, 1, 2021).unwrap();
    let p = m.probabilities(&x).unwrap();
    assert!(p
        .rows()
        .into_iter()
        .all(|r| (r.sum() - 1.0).abs() < 1e-9 && r.iter().all(|&v| (0.0..=1.0).contains(&v))));
    let s = m.sample(20_000, &mut common::seed::stream(1, "t")).unwrap();
    let (ms, mx) = (s.mean_axis(Axis(0)).unwrap(), x.mean_axis(Axis(0)).unwrap());
    assert!((&ms - &mx).iter().all(|d| d.abs() < 0.1), "{ms} vs {mx}");
}

#[test]
fn aic_minimum_lies_between_130_and_180() {
    let z = digits_pca().unwrap().scores;
    // A coarse sweep: the minimum must be inside the range and below both ends.
    let aic: Vec<(usize, f64)> = aic_sweep(&z, &[50, 100, 140, 160, 200], 2021)
        .unwrap()
        .into_iter()
        .map(|(n, a, _)| (n, a))
        .collect();
    let best = aic.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap().0;
    assert!((130..=180).contains(&best), "{aic:?}");
}

#[test]
fn tsne_kl_is_within_10_percent_of_scikit_learn_and_knn_on_the_map_holds_out() {
    let (x, y) = digits::load().unwrap();
    let x = x.slice(ndarray::s![..500, ..]).to_owned();
    let e = tsne::embed(&x, &tsne::TsneConfig::default(), |_, _| {}).unwrap();
    assert!(
        (e.kl - TSNE_500_EXACT_KL).abs() <= 0.1 * TSNE_500_EXACT_KL,
        "KL {} vs {TSNE_500_EXACT_KL}",
        e.kl
    );
    // Held-out k-NN on the map: every fourth digit is scored by the other three quarters.
    let (test, train): (Vec<usize>, Vec<usize>) = (0..500).partition(|i| i % 4 == 0);
    let labels: Vec<usize> = train.iter().map(|&i| y[i]).collect();
    let pred = knn::predict(
        &e.points.select(Axis(0), &train),
        &labels,
        &e.points.select(Axis(0), &test),
        5,
    );
    let acc =
        pred.iter().zip(&test).filter(|(p, &i)| **p == y[i]).count() as f64 / test.len() as f64;
    assert!(acc >= 0.95, "held-out k-NN accuracy on the map {acc}");
}

#[test]
fn knn_votes_like_scikit_learn() {
    let train = ndarray::array![[0.0], [1.0], [2.0], [10.0], [11.0]];
    let labels = [0, 0, 1, 1, 1];
    let q = ndarray::array![[0.5], [10.5], [1.6]];
    assert_eq!(knn::predict(&train, &labels, &q, 3), [0, 1, 0]);
    // A tie between two labels goes to the smaller.
    assert_eq!(
        knn::predict(&train, &labels, &ndarray::array![[1.5]], 2),
        [0]
    );
}

#[test]
fn kmeans_cuts_the_rings_and_arcs_but_keeps_the_blobs() {
    let sets = KmeansFails::compute(&KmeansFails::config(Preset::Smoke), &ctx(2021)).unwrap();
    let kept: Vec<f64> = sets.iter().map(|s| s.pairs_kept).collect();
    // Circles and moons: k-means splits each true cluster, so many same-cluster pairs part.
    assert!(kept[0] < 0.7 && kept[1] < 0.8, "{kept:?}");
    // The compact blobs come out nearly whole (they touch, so not quite).
    assert!(kept[2] > 0.85 && kept[2] > kept[1] + 0.15, "{kept:?}");
    assert_eq!(pairs_kept(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
    assert_eq!(pairs_kept(&[0, 0, 0, 0], &[0, 0, 1, 1]), 1.0 / 3.0);
}

#[test]
fn the_dbscan_task_finds_the_recorded_clusters_and_obeys_its_settings() {
    let task = |eps: f64| {
        let mut c = DbscanTask::config(Preset::Smoke);
        c.eps = eps;
        DbscanTask::compute(&c, &ctx(2021)).unwrap()
    };
    let found = task(0.3);
    assert_eq!(
        (found[0].clusters, found[0].noise),
        (2, 0),
        "recorded: 2 / 0"
    );
    // A much smaller radius leaves many points without enough neighbours: noise appears.
    let tight = task(0.05);
    assert!(
        tight.iter().all(|r| r.noise > 50),
        "{:?}",
        tight.iter().map(|r| r.noise).collect::<Vec<_>>()
    );
}

#[test]
fn tsne_gives_the_same_bits_on_a_rerun() {
    // Threads split the work differently each time; the sums must not depend on it.
    let (x, _) = digits::load().unwrap();
    let x = x.slice(ndarray::s![..150, ..]).to_owned();
    let config = tsne::TsneConfig {
        iterations: 300,
        ..Default::default()
    };
    let a = tsne::embed(&x, &config, |_, _| {}).unwrap();
    let b = tsne::embed(&x, &config, |_, _| {}).unwrap();
    assert_eq!(a.kl.to_bits(), b.kl.to_bits());
    assert_eq!(a.points, b.points);
}

fn ctx(seed: u64) -> Context {
    Context::new(seed, &std::env::temp_dir())
}

#[test]
fn the_notebooks_gmm_blobs_share_points_between_components() {
    // make_blobs(1000, 3, cluster_std=0.7, random_state=0), the notebook's own data: points
    // between the blobs get split memberships (with a seeded draw instead they need not).
    let o = Gmm::compute(&Gmm::config(Preset::Quick), &ctx(2021)).unwrap();
    let shared = o
        .probabilities
        .rows()
        .into_iter()
        .filter(|r| r.iter().copied().fold(0.0, f64::max) < 0.9)
        .count();
    assert!(shared >= 10, "{shared} shared points");
    // The notebook's row 60 is [0, .002, .998] up to the order of the components.
    let mut row: Vec<f64> = o.rows_60_70[0].clone();
    row.sort_by(f64::total_cmp);
    assert!(
        (row[0] - 0.0).abs() < 0.01 && (row[1] - 0.002).abs() < 0.01,
        "{row:?}"
    );
}

/// scikit-learn 1.9.1, `Isomap(n_neighbors=12, n_components=2)` of `make_s_curve(1000,
/// random_state=0)`: rows 0, 1, 2, 500 and 999 (`reference.py`).
const ISOMAP_S_CURVE: [(usize, [f64; 2]); 5] = [
    (0, [0.5178443178158136, -0.24119134007290843]),
    (1, [2.1067131739208715, 1.0597556541687265]),
    (2, [1.031610871891698, 0.08957470776431492]),
    (500, [-1.7592718039155288, 0.11194971692175168]),
    (999, [1.7426991458625765, 0.06374300519556587]),
];

#[test]
fn isomap_unrolls_the_s_curve_as_scikit_learn_does() {
    let (s, t) = make_s_curve(1000, 0);
    let x = Array2::from_shape_fn((1000, 3), |(i, j)| s[i][j]);
    let y = isomap::embed(&x, 12).unwrap();
    // An eigenvector's sign is arbitrary: match each axis's to scikit-learn's first row.
    let signs: Vec<f64> = (0..2)
        .map(|a| (y[[0, a]] * ISOMAP_S_CURVE[0].1[a]).signum())
        .collect();
    for (row, want) in ISOMAP_S_CURVE {
        for a in 0..2 {
            let got = signs[a] * y[[row, a]];
            assert!(
                (got - want[a]).abs() < 1e-6,
                "row {row} axis {a}: {got} against {}",
                want[a]
            );
        }
    }
    let along = common::metrics::spearman(&y.column(0).to_vec(), &t).unwrap();
    assert!(along.abs() > 0.9999, "Spearman along the sheet {along}");
    // Two groups too far apart for any 2-neighbour path: a graph in pieces is an error.
    let apart = ndarray::array![
        [0.0, 0.0],
        [0.1, 0.0],
        [0.0, 0.1],
        [9.0, 9.0],
        [9.1, 9.0],
        [9.0, 9.1]
    ];
    assert!(isomap::geodesic_distances(&apart, 2).is_err());
    assert!(
        isomap::geodesic_distances(&apart, 6).is_err(),
        "more neighbours than points"
    );
}
