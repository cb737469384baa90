//! One test per exercise of lecture 5 (`exercises.toml`), checking what the answer does.

#![allow(clippy::unwrap_used)]

use rand::{Rng, SeedableRng};
use segmentation::fits::Image;
use segmentation::spatial::{coherence, feature_maps, features};

#[test]
fn exercise_5_1_spatial_features_make_the_clusters_regions() {
    // Two halves of different brightness under noise as strong as their difference.
    let mut rng = rand::rngs::StdRng::seed_from_u64(4);
    let (w, h) = (40, 30);
    let values = (0..w * h)
        .map(|i| if i % w < w / 2 { 100.0 } else { 200.0 } + rng.gen_range(-120.0..120.0))
        .collect();
    let maps = feature_maps(
        &Image {
            width: w,
            height: h,
            values,
        },
        3.0,
    );
    let alone = features(&maps, false);
    let with = features(&maps, true);
    assert_eq!(alone.dim(), (w * h, 1));
    assert_eq!(with.dim(), (w * h, 6));
    for j in 0..6 {
        let col = with.column(j);
        let mean = col.mean().unwrap();
        let sd = col.std(0.0);
        assert!(
            mean.abs() < 1e-9 && (sd - 1.0).abs() < 1e-9,
            "column {j}: mean {mean}, sd {sd}"
        );
    }
    // The x column is the standardised column index.
    assert!(with[[1, 1]] > with[[0, 1]] && with[[w, 1]] == with[[0, 1]]);
    let k = |x| common::cluster::kmeans(&x, 2, 3, 1).unwrap().1;
    let (a, b) = (coherence(&k(alone), w), coherence(&k(with), w));
    assert!(
        b > a + 0.15,
        "neighbours in the same cluster: {a:.3} alone, {b:.3} with spatial features"
    );
}
