//! The spot radiograph: the 3×3 median against scipy.ndimage's `median_filter(size=3)` (modes
//! "nearest" and "reflect" agree at this size); the stand-in as hard as the original (spots 1 %
//! of the pixels, the baseline's precision high and recall about a tenth, as the original's
//! TN .99 / FP 1.9e-6 / FN .0085 / TP .00084); its files read back as written; mismatched files
//! are errors.

#![allow(clippy::unwrap_used)]

use segmentation::filters::median3;
use segmentation::fits::Image;
use segmentation::spots;
use segmentation::spots_baseline::Confusion;

#[test]
fn the_median_is_scipys() {
    let a: Vec<f64> = (0..30).map(|i| f64::from(i * 37 % 23)).collect();
    let want = [
        [6.0, 6.0, 14.0, 10.0, 10.0, 2.0],
        [7.0, 12.0, 12.0, 11.0, 10.0, 8.0],
        [15.0, 13.0, 12.0, 11.0, 9.0, 8.0],
        [14.0, 13.0, 12.0, 10.0, 9.0, 8.0],
        [14.0, 14.0, 10.0, 10.0, 10.0, 9.0],
    ];
    let got = median3(&Image {
        width: 6,
        height: 5,
        values: a,
    });
    assert_eq!(got, want.concat());
}

#[test]
fn the_stand_in_is_as_hard_as_the_original() {
    let s = spots::generate(512, 1);
    let share = s.mask.iter().filter(|&&m| m).count() as f64 / s.mask.len() as f64;
    assert!((0.009..0.011).contains(&share), "spots {share}");
    let (lo, hi) = s
        .image
        .values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    assert!(lo < 50.0 && hi > 4000.0, "counts {lo} … {hi}");
    let med = median3(&s.image);
    let found: Vec<bool> = s
        .image
        .values
        .iter()
        .zip(&med)
        .map(|(f, m)| (f - m).abs() > 1000.0)
        .collect();
    let c = Confusion::of(&found, &s.mask);
    assert!(c.precision() > 0.95, "precision {}", c.precision());
    assert!((0.05..0.2).contains(&c.recall()), "recall {}", c.recall());
    assert!(
        c.accuracy() - c.all_negative_accuracy() < 0.002,
        "accuracy says little"
    );
}

#[test]
fn the_files_read_back_and_mismatches_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let s = spots::generate(64, 2);
    let (f, m) = (
        dir.path().join(spots::IMAGE_FILE),
        dir.path().join(spots::MASK_FILE),
    );
    spots::write(&s, &f, &m).unwrap();
    let back = spots::load(&f, &m).unwrap();
    assert_eq!(back.mask, s.mask, "spots where green is 0");
    for (a, b) in back.image.values.iter().zip(&s.image.values) {
        assert_eq!(*a, b.round(), "counts rounded");
    }
    let other = dir.path().join("small.png");
    spots::write(
        &spots::generate(32, 2),
        &dir.path().join("small.fits"),
        &other,
    )
    .unwrap();
    let e = spots::load(&f, &other).unwrap_err().to_string();
    assert!(e.contains("32 × 32") && e.contains("64 × 64"), "{e}");
    assert!(spots::load(&f, &dir.path().join("none.png")).is_err());
}
