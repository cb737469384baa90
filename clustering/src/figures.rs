//! The lecture's figure helpers: points coloured by cluster, the x₁–x₂ chart of every 2-D task,
//! and an 8×8 digit as an image.

use common::plot::{self, GridImage, RGBColor, Series, XyPlot, PALETTE};
use ndarray::Array2;

/// The colour of cluster `c`.
pub fn colour(c: usize) -> RGBColor {
    PALETTE[c % PALETTE.len()]
}

/// Points of a samples × 2 array coloured by label (`plot::labelled_points`).
pub fn by_label(x: &Array2<f64>, labels: &[usize], radii: Option<&[f64]>) -> Vec<Series> {
    plot::labelled_points(&points_of(x), labels, radii)
}

/// The rows of a samples × 2 array as points.
pub fn points_of(a: &Array2<f64>) -> Vec<(f64, f64)> {
    a.rows().into_iter().map(|r| (r[0], r[1])).collect()
}

/// An x₁–x₂ chart.
pub fn chart(title: &str, series: Vec<Series>) -> XyPlot {
    plot::plane(title, series)
}

/// An 8×8 digit (counts 0–16) as a grey image.
pub fn digit_image(pixels: &[f64], title: String) -> GridImage {
    GridImage {
        width: 8,
        height: 8,
        pixels: pixels
            .iter()
            .map(|v| (v / 16.0).clamp(0.0, 1.0) as f32)
            .collect(),
        title,
        title_color: plot::BLACK,
        colors: None,
    }
}
