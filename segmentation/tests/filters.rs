//! The spatial features' filters against scipy.ndimage on a 6×7 array (the numbers were printed
//! by `gaussian_filter(a, 1.5, mode="nearest", truncate=4.0)` and `sobel(a, axis)` for
//! a = (arange(42).reshape(6, 7) * 37 % 23)).

#![allow(clippy::unwrap_used)]

use segmentation::filters::{gaussian, sobel};
use segmentation::fits::Image;

fn a() -> Image {
    Image {
        width: 7,
        height: 6,
        values: (0..42).map(|i| f64::from(i * 37 % 23)).collect(),
    }
}

#[test]
fn the_gaussian_blur_is_scipys() {
    let g = gaussian(&a(), 1.5);
    let want = [
        6.437149492549524,
        8.500564546280454,
        10.058837065665525,
        10.74560130003775,
        10.827089712280578,
        11.155713748707651,
        12.276921967754685,
        8.139297605083657,
        9.359319647079838,
        10.323026758619495,
    ];
    for (i, w) in want.iter().enumerate() {
        assert!(
            (g.values[i] - w).abs() < 1e-12,
            "[{i}]: {} against {w}",
            g.values[i]
        );
    }
    assert!((g.at(2, 3) - 10.994452268530628).abs() < 1e-12);
    assert!((g.at(5, 6) - 15.562850507450479).abs() < 1e-12);
}

#[test]
fn the_sobel_derivatives_are_scipys() {
    let rows = [
        24.0, 24.0, 1.0, -22.0, 1.0, 24.0, 24.0, 25.0, 2.0, 2.0, 2.0, 25.0, 25.0, -21.0, 25.0,
        -21.0, -21.0, 2.0, 2.0, 2.0, -21.0, -21.0, 2.0, 2.0, 2.0, -21.0, -21.0, 25.0, -21.0, 25.0,
        25.0, 2.0, 2.0, 2.0, 25.0, 24.0, 24.0, 1.0, -22.0, 1.0, 24.0, 24.0,
    ];
    let columns = [
        56.0, 20.0, -3.0, 20.0, -49.0, 20.0, 56.0, 33.0, 20.0, -26.0, 20.0, -3.0, -3.0, 33.0,
        -13.0, -3.0, -3.0, 20.0, 20.0, -26.0, -13.0, -13.0, -26.0, 20.0, 20.0, -3.0, -3.0, -13.0,
        33.0, -3.0, -3.0, 20.0, -26.0, 20.0, 33.0, 56.0, 20.0, -49.0, 20.0, -3.0, 20.0, 56.0,
    ];
    assert_eq!(sobel(&a(), 0).values, rows);
    assert_eq!(sobel(&a(), 1).values, columns);
}
