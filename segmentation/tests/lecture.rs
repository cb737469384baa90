//! The tasks at small size: the threshold demo's mask, the notebook's blobs reproduced and
//! clustered, and the baseline's lesson (high precision, low recall, accuracy no better than
//! calling nothing a spot).

#![allow(clippy::unwrap_used)]

use common::cli::Preset;
use common::task::{Context, Task};
use segmentation::kmeans_demo::KmeansDemo;
use segmentation::spots_baseline::SpotsBaseline;
use segmentation::threshold::Threshold;

#[test]
fn the_threshold_and_kmeans_demos() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Context::new(3, dir.path());
    let t = Threshold::compute(&Threshold::config(Preset::Quick), &ctx).unwrap();
    assert_eq!(t.image.len(), 121);
    // The peak 1.5/(3π/5) ≈ 0.80 on the axes stands out above the threshold; the corners do not.
    assert!(t.foreground > 10 && t.foreground < 60, "{}", t.foreground);
    let k = KmeansDemo::compute(&KmeansDemo::config(Preset::Quick), &ctx).unwrap();
    // More clusters never fit worse; three blobs: the big drop is from 2 to 3.
    let s: Vec<f64> = k.inertia.iter().map(|x| x.1).collect();
    assert!(s[0] > s[1] && s[1] > s[2], "{s:?}");
    assert!(s[0] - s[1] > 3.0 * (s[1] - s[2]), "{s:?}");
}

#[test]
fn the_baseline_finds_few_false_spots_and_misses_most() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Context::new(2021, dir.path());
    let o = SpotsBaseline::compute(&SpotsBaseline::config(Preset::Smoke), &ctx).unwrap();
    // At 256² the four inner corners of the dark detector frame (where the median is dark) are a
    // larger share of the detections: precision 0.94 at seed 2021, against 0.999 at 2048².
    assert!(
        o.precision > 0.9 && o.recall < 0.25,
        "{} {}",
        o.precision,
        o.recall
    );
    assert!((o.accuracy - o.all_negative_accuracy).abs() < 0.003);
    // A second run reads the stand-in written by the first.
    let again = SpotsBaseline::compute(&SpotsBaseline::config(Preset::Smoke), &ctx).unwrap();
    assert_eq!(again.confusion, o.confusion);
}
