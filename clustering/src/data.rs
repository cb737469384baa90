//! The notebook's generated data: scikit-learn's generators reproduced bit for bit
//! (`common::numpy_rng`). What the notebook fixes (its `random_state`s, the dense blobs' centres)
//! is fixed here too; the run's seed is the `random_state` only of what the notebook leaves
//! unseeded.

use common::numpy_rng::{make_blobs_at, make_circles, make_moons, to_array};
use ndarray::Array2;

/// The seed of numpy's generator for the data sets (`random_state`).
pub fn numpy_seed(seed: u64) -> u32 {
    (seed & 0xffff_ffff) as u32
}

/// One generated data set: its name, points, cluster count and true labels.
pub type Shape = (&'static str, Array2<f64>, usize, Vec<usize>);

/// The notebook's dense blobs: three centres close enough that their points touch.
pub const DENSE_CENTRES: [[f64; 2]; 3] = [[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]];

/// The three data sets of `kmeans-fails` and `dbscan` (1 000 points each, unseeded in the
/// notebook, so `random_state` = the seed): `make_circles(factor=.5, noise=.05)`,
/// `make_moons(noise=.05)` and `make_blobs(centers=DENSE_CENTRES, cluster_std=0.6)`.
pub fn shapes(seed: u64) -> Vec<Shape> {
    let s = numpy_seed(seed);
    let set = |name, (x, y): (Vec<[f64; 2]>, Vec<usize>), k| (name, to_array(&x), k, y);
    vec![
        set("circles", make_circles(1000, 0.5, 0.05, s), 2),
        set("moons", make_moons(1000, 0.05, s), 2),
        set("blobs", make_blobs_at(1000, &DENSE_CENTRES, 0.6, s), 3),
    ]
}
