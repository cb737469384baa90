//! The machine-learning half against scikit-learn 1.9.1 on the same data: the constants are the
//! output of `learn_reference.py` beside this file (run it to regenerate them). The blobs are
//! scikit-learn's `make_blobs`, reproduced bit for bit and passed through a file.

#![allow(clippy::unwrap_used)]

use classic::ml::{self, Forest, Tree};
use classic::table;
use common::metrics::accuracy;
use common::numpy_rng::make_blobs;
use ndarray::{array, Array2};

const TREE_ACCURACY: [f64; 4] = [0.4766666666666667, 0.71, 0.94, 0.9566666666666667];
const KMEANS_INERTIA: f64 = 212.00599621083484;
const GMM_SCORE: f64 = -3.1753758517533983;
const GMM_STRETCHED_SCORE: f64 = -1.8049547747906574;

/// `make_blobs(300, centers=4, random_state=0, cluster_std=std)` through a file.
fn blobs(std: f64) -> (Array2<f64>, Vec<usize>) {
    let (x, y) = make_blobs(300, 4, std, 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blobs.txt");
    let cols: Vec<Vec<f64>> = vec![
        x.iter().map(|p| p[0]).collect(),
        x.iter().map(|p| p[1]).collect(),
        y.iter().map(|&c| c as f64).collect(),
    ];
    table::write(&path, &["x", "y", "label"], &[&cols[0], &cols[1], &cols[2]]).unwrap();
    let t = table::read(&path, &["x", "y", "label"]).unwrap();
    let x = Array2::from_shape_fn((t.rows(), 2), |(i, j)| t.column(j)[i]);
    (x, t.column(2).iter().map(|&c| c as usize).collect())
}

#[test]
fn tree_training_accuracy_matches_scikit_learn_within_one_point() {
    let (x, y) = blobs(1.0);
    for (d, want) in (1..=4).zip(TREE_ACCURACY) {
        let acc = accuracy(&Tree::fit(&x, &y, Some(d)).unwrap().predict(&x), &y).unwrap();
        assert!(
            (acc - want).abs() <= 0.01 + 1e-12,
            "depth {d}: {acc} vs {want}"
        );
    }
}

#[test]
fn kmeans_inertia_matches_scikit_learn_within_1_percent() {
    let (x, _) = blobs(0.6);
    let (centres, _) = ml::kmeans(&x, 4, 10, 0).unwrap();
    let ours = common::cluster::inertia(&x, &centres);
    assert!(
        (ours - KMEANS_INERTIA).abs() <= 0.01 * KMEANS_INERTIA,
        "{ours} vs {KMEANS_INERTIA}"
    );
    // The hand-written k-means ends where linfa's does on these well-separated blobs.
    let (steps, _) = ml::kmeans_by_hand(&x, 4, 1);
    let by_hand = common::cluster::inertia(&x, steps.last().unwrap());
    assert!((by_hand - ours).abs() <= 0.01 * ours, "{by_hand} vs {ours}");
}

#[test]
fn gmm_mean_log_likelihood_matches_scikit_learn_within_1_percent() {
    let (x, _) = blobs(0.6);
    let m = ml::gmm(&x, 4, 10, 0).unwrap();
    let score = m.score(&x).unwrap();
    assert!(
        (score - GMM_SCORE).abs() <= 0.01 * GMM_SCORE.abs(),
        "{score} vs {GMM_SCORE}"
    );
    let p = m.probabilities(&x).unwrap();
    assert!(p.rows().into_iter().all(|r| (r.sum() - 1.0).abs() < 1e-9));
    let s = x.dot(&array![[0.6, -0.64], [-0.4, 0.85]]);
    let score = ml::gmm(&s, 4, 10, 0).unwrap().score(&s).unwrap();
    assert!(
        (score - GMM_STRETCHED_SCORE).abs() <= 0.01 * GMM_STRETCHED_SCORE.abs(),
        "{score} vs {GMM_STRETCHED_SCORE}"
    );
}

#[test]
fn forest_votes_are_probabilities_and_fit_the_training_set() {
    let (x, y) = blobs(1.0);
    let f = Forest::fit(&x, &y, 30, 0).unwrap();
    let p = f.probabilities(&x).unwrap();
    assert!(p.rows().into_iter().all(|r| (r.sum() - 1.0).abs() < 1e-12));
    let acc = accuracy(&f.predict(&x).unwrap(), &y).unwrap();
    assert!(acc > 0.97, "training accuracy {acc}");
    let again = Forest::fit(&x, &y, 30, 0)
        .unwrap()
        .probabilities(&x)
        .unwrap();
    assert_eq!(p, again, "the same seed grows the same forest");
}
