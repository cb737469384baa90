//! The notebook's generated data: scikit-learn's generators reproduced bit for bit
//! (`common::numpy_rng`), with `random_state` taken from the run's seed.

use common::numpy_rng::{make_blobs, make_circles, make_moons, to_array};
use ndarray::Array2;

/// The seed of numpy's generator for the data sets (`random_state`).
pub fn numpy_seed(seed: u64) -> u32 {
    (seed & 0xffff_ffff) as u32
}

/// One generated data set: its name, points, cluster count and true labels.
pub type Shape = (&'static str, Array2<f64>, usize, Vec<usize>);

/// The three data sets of `kmeans-fails` and `dbscan`: circles, moons, three dense blobs (1 000
/// points each).
pub fn shapes(seed: u64) -> Vec<Shape> {
    let s = numpy_seed(seed);
    let set = |name, (x, y): (Vec<[f64; 2]>, Vec<usize>), k| (name, to_array(&x), k, y);
    vec![
        set("circles", make_circles(1000, 0.5, 0.05, s), 2),
        set("moons", make_moons(1000, 0.05, s), 2),
        set("blobs", make_blobs(1000, 3, 0.6, s), 3),
    ]
}
