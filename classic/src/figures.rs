//! Figure helpers the lecture's machine-learning tasks share: points coloured by class, and
//! decision regions on the notebook's mesh.

use common::plot::{self, ColorMapKind, Contour, RGBColor, Series, PALETTE};
use ndarray::Array2;

/// Points of a samples × 2 array coloured by label (`plot::labelled_points`).
pub fn class_points(x: &Array2<f64>, labels: &[usize], sizes: Option<&[f64]>) -> Vec<Series> {
    let pts: Vec<(f64, f64)> = x.rows().into_iter().map(|r| (r[0], r[1])).collect();
    plot::labelled_points(&pts, labels, sizes)
}

/// A class colour mixed with white, for regions.
pub fn pale(c: RGBColor) -> RGBColor {
    let mix = |v: u8| (f64::from(v) * 0.45 + 255.0 * 0.55).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The mesh of the notebook's region plots: the data's box widened by 1 each side, `n` cells a
/// side, row by row.
pub fn mesh(x: &Array2<f64>, n: usize) -> ((f64, f64), (f64, f64), Array2<f64>) {
    let range = |c: usize| {
        let col = x.column(c);
        let lo = col.iter().copied().fold(f64::INFINITY, f64::min) - 1.0;
        let hi = col.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 1.0;
        (lo, hi)
    };
    let (xr, yr) = (range(0), range(1));
    let grid = Array2::from_shape_fn((n * n, 2), |(k, j)| {
        let (i, r) = (k % n, k / n);
        if j == 0 {
            xr.0 + (xr.1 - xr.0) * (i as f64 + 0.5) / n as f64
        } else {
            yr.0 + (yr.1 - yr.0) * (r as f64 + 0.5) / n as f64
        }
    });
    (xr, yr, grid)
}

/// Decision regions (the class predicted on the mesh of `x`) with the points on top.
pub fn regions(
    title: &str,
    x: &Array2<f64>,
    y: &[usize],
    n: usize,
    classes: &[usize],
    sizes: Option<&[f64]>,
) -> Contour {
    let (xr, yr, _) = mesh(x, n);
    Contour {
        title: title.into(),
        x_label: "x₁".into(),
        y_label: "x₂".into(),
        x_range: xr,
        y_range: yr,
        nx: n,
        ny: n,
        values: classes.iter().map(|&c| c as f64).collect(),
        levels: 4,
        overlay: class_points(x, y, sizes),
        cmap: ColorMapKind::Viridis,
        colors: Some(
            classes
                .iter()
                .map(|&c| pale(PALETTE[c % PALETTE.len()]))
                .collect(),
        ),
    }
}
