//! The image filters of the lecture, as scipy.ndimage computes them (the notebook used
//! scikit-image's, which wrap them): the 3×3 median of the spot baseline, a Gaussian blur and the
//! Sobel derivatives of the spatial features.

use crate::fits::Image;

/// Correlate every row (`along_rows` false) or column (true) with `weights` centred on the
/// pixel, the border repeated (scipy's mode "nearest").
fn correlate1d(image: &Image, weights: &[f64], along_columns: bool) -> Image {
    let (w, h) = (image.width, image.height);
    let r = (weights.len() / 2) as i64;
    let mut out = vec![0.0; w * h];
    for y in 0..h {
        for x in 0..w {
            let mut s = 0.0;
            for (k, wk) in weights.iter().enumerate() {
                let d = k as i64 - r;
                let (yy, xx) = if along_columns {
                    ((y as i64 + d).clamp(0, h as i64 - 1) as usize, x)
                } else {
                    (y, (x as i64 + d).clamp(0, w as i64 - 1) as usize)
                };
                s += wk * image.values[yy * w + xx];
            }
            out[y * w + x] = s;
        }
    }
    Image {
        width: w,
        height: h,
        values: out,
    }
}

/// scipy.ndimage's `gaussian_filter(image, sigma, mode="nearest", truncate=4.0)` (what
/// scikit-image's `filters.gaussian` computes for a float image).
pub fn gaussian(image: &Image, sigma: f64) -> Image {
    let radius = (4.0 * sigma + 0.5) as i64;
    let mut weights: Vec<f64> = (-radius..=radius)
        .map(|x| (-0.5 * (x as f64 / sigma).powi(2)).exp())
        .collect();
    let total: f64 = weights.iter().sum();
    weights.iter_mut().for_each(|v| *v /= total);
    correlate1d(&correlate1d(image, &weights, true), &weights, false)
}

/// scipy.ndimage's `sobel(image, axis)`: the derivative [−1, 0, 1] along `axis` (0: down the
/// rows, responding to horizontal edges; 1: along a row) smoothed by [1, 2, 1] across it.
pub fn sobel(image: &Image, axis: usize) -> Image {
    let (derive, smooth) = ([-1.0, 0.0, 1.0], [1.0, 2.0, 1.0]);
    let along_columns = axis == 0;
    correlate1d(
        &correlate1d(image, &derive, along_columns),
        &smooth,
        !along_columns,
    )
}

/// The 3×3 median of every pixel, the border repeated (scipy.ndimage's `median_filter(size=3)`,
/// mode "nearest").
pub fn median3(image: &Image) -> Vec<f64> {
    let (w, h) = (image.width, image.height);
    let mut out = vec![0.0; w * h];
    let mut window = [0.0f64; 9];
    for y in 0..h {
        for x in 0..w {
            let mut k = 0;
            for dy in [-1i64, 0, 1] {
                for dx in [-1i64, 0, 1] {
                    let yy = (y as i64 + dy).clamp(0, h as i64 - 1) as usize;
                    let xx = (x as i64 + dx).clamp(0, w as i64 - 1) as usize;
                    window[k] = image.values[yy * w + xx];
                    k += 1;
                }
            }
            window.sort_unstable_by(f64::total_cmp);
            out[y * w + x] = window[4];
        }
    }
    out
}
