//! 16-bit greyscale TIFF images (the neutron radiographs of the PCA exercise) as arrays.

use anyhow::{bail, Context, Result};
use image::{ImageBuffer, ImageFormat, Luma};
use ndarray::Array2;
use std::path::Path;

/// Read a greyscale TIFF (8 or 16 bit) as rows × columns of counts.
pub fn read(path: &Path) -> Result<Array2<f64>> {
    let img =
        image::open(path).with_context(|| format!("{}: not a readable image", path.display()))?;
    if img.color().has_color() {
        bail!(
            "{}: a colour image; a greyscale radiograph is expected",
            path.display()
        );
    }
    let g = img.into_luma16();
    let (w, h) = g.dimensions();
    if w < 2 || h < 2 {
        bail!("{}: {w} × {h} pixels is too small", path.display());
    }
    Ok(Array2::from_shape_fn((h as usize, w as usize), |(r, c)| {
        f64::from(g.get_pixel(c as u32, r as u32)[0])
    }))
}

/// Write counts (clamped to 0…65 535) as a 16-bit greyscale TIFF.
pub fn write(path: &Path, counts: &Array2<f64>) -> Result<()> {
    let (h, w) = counts.dim();
    let pixels: Vec<u16> = counts
        .iter()
        .map(|v| v.round().clamp(0.0, 65_535.0) as u16)
        .collect();
    let buf: ImageBuffer<Luma<u16>, Vec<u16>> =
        ImageBuffer::from_raw(w as u32, h as u32, pixels).context("image size")?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    buf.save_with_format(path, ImageFormat::Tiff)
        .with_context(|| format!("writing {}", path.display()))
}
