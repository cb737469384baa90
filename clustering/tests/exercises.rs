//! One test per exercise of lecture 10's clustering and manifold-learning notebooks (see
//! exercises.toml): each checks what the answer does, never its text. `cargo xtask check
//! clustering` runs them.

#![allow(clippy::unwrap_used)]

use ndarray::{array, Array2, Axis};

#[test]
fn exercise_10_1_2_dbscan_finds_dense_groups_and_noise() {
    // Two tight groups of five points and one far outlier.
    let mut rows = Vec::new();
    for (cx, cy) in [(0.0, 0.0), (5.0, 5.0)] {
        for k in 0..5 {
            let a = f64::from(k) * 1.2566;
            rows.extend([cx + 0.1 * a.cos(), cy + 0.1 * a.sin()]);
        }
    }
    rows.extend([20.0, -20.0]);
    let x = Array2::from_shape_vec((11, 2), rows).unwrap();
    let (labels, core) = clustering::dbscan::dbscan(&x, 0.3, 5).unwrap();
    assert!(labels[..5].iter().all(|l| l.is_some() && *l == labels[0]));
    assert!(labels[5..10].iter().all(|l| l.is_some() && *l == labels[5]));
    assert_ne!(labels[0], labels[5]);
    assert_eq!(labels[10], None, "the outlier is noise");
    assert_eq!(core[..10], [true; 10]);
    assert!(!core[10]);
}

#[test]
fn exercise_10_1_4_the_digits_keep_41_whitened_dimensions() {
    let d = clustering::digits_gmm::digits_pca().unwrap();
    assert_eq!(d.scores.dim(), (1797, 41), "the notebook's 41 dimensions");
    // Whitened: every score has unit variance (n − 1 in the denominator, as scikit-learn).
    for v in d.scores.var_axis(Axis(0), 1.0) {
        assert!((v - 1.0).abs() < 1e-9, "{v}");
    }
}

#[test]
fn exercise_10_2_2_k_nearest_neighbours_vote() {
    let train = array![
        [0.0, 0.0],
        [0.0, 1.0],
        [1.0, 0.0],
        [5.0, 5.0],
        [5.0, 6.0],
        [6.0, 5.0]
    ];
    let labels = [0, 0, 0, 1, 1, 1];
    let query = array![[0.2, 0.2], [5.5, 5.5], [2.4, 2.4]];
    let pred = clustering::knn::predict(&train, &labels, &query, 3);
    assert_eq!(pred, [0, 1, 0]);
    // With k = 6 every point votes: a 3–3 tie goes to the smallest label.
    assert_eq!(
        clustering::knn::predict(&train, &labels, &query, 6),
        [0, 0, 0]
    );
    // k = 1 on the training points returns their own labels.
    assert_eq!(clustering::knn::predict(&train, &labels, &train, 1), labels);
}

#[test]
fn exercise_10_1_1_kmeans_cuts_rings_and_moons_but_keeps_blobs() {
    let mut kept = Vec::new();
    for (name, x, k, truth) in clustering::data::shapes(2021) {
        let n = x.nrows();
        let s = clustering::kmeans_fails::cluster_shape(name, x, k, &truth, 3, 2021).unwrap();
        assert_eq!(
            (s.k, s.labels.len(), s.centres.nrows()),
            (k, n, k),
            "{name}"
        );
        assert_eq!(s.sizes.iter().sum::<usize>(), n, "{name}");
        kept.push((name, s.pairs_kept));
    }
    // Straight cuts through the circles and the moons split their true clusters; the blobs,
    // compact and convex, come out nearly whole.
    for (name, share) in &kept {
        match *name {
            "circles" | "moons" => assert!(*share < 0.8, "{name}: {share}"),
            _ => assert!(*share > 0.85, "{name}: {share}"),
        }
    }
}

#[test]
fn exercise_10_1_3_mixture_memberships_are_probabilities_shared_between_blobs() {
    // The notebook's blobs: make_blobs(1000, 3, cluster_std=0.7, random_state=0).
    let (x, _) = common::numpy_rng::make_blobs(1000, 3, 0.7, 0);
    let x = common::numpy_rng::to_array(&x);
    let p = clustering::gmm::memberships(&x, 3, 2021).unwrap();
    assert_eq!(p.dim(), (1000, 3));
    for r in p.rows() {
        assert!(r.iter().all(|&v| (0.0..=1.0).contains(&v)));
        assert!((r.sum() - 1.0).abs() < 1e-9);
    }
    // The notebook's printed rows 60, 64 and 69: [0, .002, .998], [0, .962, .038], [0, .065, .935],
    // up to the order of the components.
    for (row, recorded) in [
        (60, [0.0, 0.002, 0.998]),
        (64, [0.0, 0.038, 0.962]),
        (69, [0.0, 0.065, 0.935]),
    ] {
        let mut ours = p.row(row).to_vec();
        ours.sort_by(f64::total_cmp);
        for (a, b) in ours.iter().zip(recorded) {
            assert!(
                (a - b).abs() < 0.005,
                "row {row}: {ours:?} against {recorded:?}"
            );
        }
    }
}

#[test]
fn exercise_10_2_3_classical_scaling_places_points_at_their_distances() {
    use clustering::isomap::classical_mds;
    // Six points of a plane, away from the origin and turned: scaling sees only their distances.
    let p = array![
        [3.0, 1.0],
        [4.0, 2.5],
        [2.0, 4.0],
        [6.0, 1.5],
        [5.0, 5.0],
        [3.5, 3.0]
    ];
    let dist = |a: &Array2<f64>, i: usize, j: usize| {
        ((a[[i, 0]] - a[[j, 0]]).powi(2) + (a[[i, 1]] - a[[j, 1]]).powi(2)).sqrt()
    };
    let d = Array2::from_shape_fn((6, 6), |(i, j)| dist(&p, i, j));
    let y = classical_mds(&d, 2).unwrap();
    assert_eq!(y.dim(), (6, 2));
    for i in 0..6 {
        for j in 0..6 {
            assert!(
                (dist(&y, i, j) - d[[i, j]]).abs() < 1e-9,
                "distance {i}–{j}"
            );
        }
    }
    let mean = y.mean_axis(Axis(0)).unwrap();
    assert!(mean.iter().all(|m| m.abs() < 1e-9), "centred: {mean}");
    // The first coordinate carries the most spread.
    let var = y.var_axis(Axis(0), 0.0);
    assert!(var[0] >= var[1], "{var}");
    // Points on a line: one coordinate holds their positions, up to sign and shift.
    let line = [0.0f64, 1.0, 3.0, 7.0];
    let d = Array2::from_shape_fn((4, 4), |(i, j)| (line[i] - line[j]).abs());
    let y = classical_mds(&d, 1).unwrap();
    let centred: Vec<f64> = line.iter().map(|v| v - 2.75).collect();
    let sign = y[[0, 0]].signum() * centred[0].signum();
    for i in 0..4 {
        assert!((sign * y[[i, 0]] - centred[i]).abs() < 1e-9, "point {i}");
    }
}
