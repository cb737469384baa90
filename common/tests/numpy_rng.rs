//! numpy's legacy generator, bit for bit: values printed by numpy 2.4.6 (`np.random.seed(1);
//! rand(4); randn(5)`, `RandomState(5).shuffle(arange(10))`) and scikit-learn 1.9.1
//! (`make_blobs(300, centers=4, random_state=0, cluster_std=1.0)` and the others named below).

#![allow(clippy::unwrap_used)]

use common::numpy_rng::{make_blobs, make_blobs_at, RandomState};

#[test]
fn doubles_and_gaussians_match_numpy() {
    let mut r = RandomState::new(1);
    let a: Vec<f64> = (0..4).map(|_| r.random_sample()).collect();
    let b: Vec<f64> = (0..5).map(|_| r.gauss()).collect();
    assert_eq!(
        a,
        [
            0.417022004702574,
            0.7203244934421581,
            0.00011437481734488664,
            0.30233257263183977
        ]
    );
    assert_eq!(
        b,
        [
            -0.5281717522634557,
            -1.0729686221561705,
            0.8654076293246785,
            -2.3015386968802827,
            1.74481176421648
        ]
    );
}

#[test]
fn shuffle_matches_numpy() {
    let mut r = RandomState::new(5);
    let mut v: Vec<usize> = (0..10).collect();
    r.shuffle(&mut v);
    assert_eq!(v, [9, 5, 2, 4, 7, 1, 0, 8, 6, 3]);
}

#[test]
fn make_blobs_matches_scikit_learn() {
    let (x, y) = make_blobs(300, 4, 1.0, 0);
    assert_eq!(x[0], [0.02458305365138358, 2.9621565212972563]);
    assert_eq!(x[299], [-1.9678266455144968, 2.6375267661486137]);
    assert_eq!(y[..10], [1, 3, 0, 3, 1, 1, 2, 0, 3, 3]);
    assert_eq!(
        (0..4)
            .map(|c| y.iter().filter(|&&l| l == c).count())
            .collect::<Vec<_>>(),
        [75; 4]
    );
}

#[test]
fn make_blobs_at_given_centres_matches_scikit_learn() {
    // make_blobs(1000, centers=[[1, 1], [-1, -1], [1, -1]], cluster_std=0.6, random_state=2021)
    let (x, y) = make_blobs_at(1000, &[[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]], 0.6, 2021);
    assert_eq!(x[0], [1.9483767334034021, 0.20102764562946596]);
    assert_eq!(x[999], [1.3882677755784554, 0.3553095513578156]);
    assert_eq!(y[..10], [2, 1, 2, 2, 2, 2, 1, 0, 0, 0]);
    let counts: Vec<usize> = (0..3)
        .map(|c| y.iter().filter(|&&l| l == c).count())
        .collect();
    assert_eq!(counts, [334, 333, 333]);
    // make_blobs(100, centers=2, cluster_std=0.6, random_state=85747), the manual k-means data.
    let (x, y) = make_blobs(100, 2, 0.6, 85747);
    assert_eq!(x[0], [-0.8080658400379171, 0.797115773345592]);
    assert_eq!(y[..10], [0, 1, 1, 0, 0, 1, 1, 1, 0, 1]);
}

#[test]
fn circles_moons_and_s_curve_match_scikit_learn() {
    // make_circles(1000, factor=0.5, noise=0.05), make_moons(1000, noise=0.05), make_s_curve(1000),
    // all random_state=0.
    use common::numpy_rng::{make_circles, make_moons, make_s_curve};
    let (x, y) = make_circles(1000, 0.5, 0.05, 0);
    assert_eq!(
        (x[0], y[0]),
        ([0.5197811476134894, -0.015980676850204267], 1)
    );
    let (x, y) = make_moons(1000, 0.05, 0);
    assert_eq!((x[0], y[0]), ([2.0210009653629135, 0.4901792432203963], 1));
    let (x, t) = make_s_curve(1000, 0);
    assert_eq!(
        (x[0], t[0]),
        (
            [0.4439986758792042, 1.1857605415623151, -0.10397255855776755],
            0.4600564360021799
        )
    );
}
