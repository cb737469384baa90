//! k-means seeded as scikit-learn seeds it (greedy k-means++).

#![allow(clippy::unwrap_used)]

use common::cluster::kmeans;
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;

/// 25 equal round clusters on a 5 × 5 grid, 10 apart, standard deviation 1, 40 points each.
fn grid() -> (Array2<f64>, Vec<usize>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let (mut rows, mut truth) = (Vec::new(), Vec::new());
    for c in 0..25 {
        let (cx, cy) = ((c % 5) as f64 * 10.0, (c / 5) as f64 * 10.0);
        for _ in 0..40 {
            rows.push(cx + rng.sample::<f64, _>(StandardNormal));
            rows.push(cy + rng.sample::<f64, _>(StandardNormal));
            truth.push(c);
        }
    }
    (Array2::from_shape_vec((1000, 2), rows).unwrap(), truth)
}

/// Whether two labellings make the same partition (equal up to renaming the labels).
fn same_partition(a: &[usize], b: &[usize]) -> bool {
    let mut map = std::collections::HashMap::new();
    let mut used = std::collections::HashMap::new();
    a.iter()
        .zip(b)
        .all(|(x, y)| *map.entry(x).or_insert(y) == y && *used.entry(y).or_insert(x) == x)
}

#[test]
fn greedy_starts_find_the_25_equal_clusters_from_almost_every_seed() {
    // Plain k-means++ (linfa's, one candidate a step) split or merged clusters from 9 of these 12
    // seeds; greedy k-means++ with one start misses on one of them, and the best of three starts
    // (scikit-learn's n_init=3) on none.
    let (x, truth) = grid();
    let missed = |runs: usize| -> Vec<u64> {
        (0..12)
            .filter(|&seed| !same_partition(&kmeans(&x, 25, runs, seed).unwrap().1, &truth))
            .collect()
    };
    let one = missed(1);
    assert!(one.len() <= 1, "one start missed from seeds {one:?}");
    assert_eq!(missed(3), Vec::<u64>::new(), "three starts");
}

#[test]
fn the_best_of_several_starts_is_kept_and_bad_k_is_an_error() {
    let (x, truth) = grid();
    let (centres, labels) = kmeans(&x, 25, 3, 1).unwrap();
    assert_eq!(centres.dim(), (25, 2));
    assert!(same_partition(&labels, &truth));
    assert!(kmeans(&x, 0, 1, 1).is_err());
    assert!(kmeans(&x, 1001, 1, 1).is_err());
}
