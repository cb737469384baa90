//! The original INS files of lectures 2.2 and 7.2: HDF5 with datasets `images`, shape
//! (N, 20, 200, 1) float64, and `labels`, shape (N, 2) one-hot float64 (`train.h5`: 20 000
//! samples, 640 MB; `test.h5`: 6 676). Images are read in chunks of [`CHUNK`] samples and kept
//! as f32, so the float64 file is never loaded whole.

use crate::error::{Error, Result};
use crate::ins::{InsSet, HEIGHT, PIXELS, WIDTH};
use ndarray::{s, Array2, Array4, Ix4};
use std::path::Path;

/// Samples read at a time.
pub const CHUNK: usize = 512;

fn bad(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::BadData {
        name: format!("INS file {}", path.display()),
        reason: reason.to_string(),
    }
}

/// Read an original-layout file.
pub fn read(path: &Path) -> Result<InsSet> {
    if !path.is_file() {
        return Err(Error::MissingData {
            name: "INS (original HDF5)".into(),
            missing: path.to_path_buf(),
            hint: "give the original train.h5/test.h5, or leave out --train/--test to use the simulated stand-in".into(),
        });
    }
    let file = hdf5::File::open(path).map_err(|e| bad(path, format!("not an HDF5 file ({e})")))?;
    let images = file
        .dataset("images")
        .map_err(|e| bad(path, format!("no `images` dataset ({e})")))?;
    let labels = file
        .dataset("labels")
        .map_err(|e| bad(path, format!("no `labels` dataset ({e})")))?;
    let shape = images.shape();
    let n = match shape[..] {
        [n, h, w, 1] if h == HEIGHT && w == WIDTH => n,
        _ => {
            return Err(bad(
                path,
                format!("`images` has shape {shape:?}, expected (N, {HEIGHT}, {WIDTH}, 1)"),
            ))
        }
    };
    if labels.shape() != [n, 2] {
        return Err(bad(
            path,
            format!("`labels` has shape {:?}, expected ({n}, 2)", labels.shape()),
        ));
    }
    let one_hot: Array2<f64> = labels
        .read_2d()
        .map_err(|e| bad(path, format!("reading `labels`: {e}")))?;
    let mut set = InsSet {
        images: Vec::with_capacity(n * PIXELS),
        labels: Vec::with_capacity(n),
    };
    for (i, row) in one_hot.outer_iter().enumerate() {
        let label = match (row[0], row[1]) {
            (a, b) if a > 0.5 && b < 0.5 => 0,
            (a, b) if a < 0.5 && b > 0.5 => 1,
            (a, b) => return Err(bad(path, format!("label {i} is ({a}, {b}), not one-hot"))),
        };
        set.labels.push(label);
    }
    for start in (0..n).step_by(CHUNK) {
        let end = (start + CHUNK).min(n);
        let block: Array4<f64> = images
            .read_slice::<f64, _, Ix4>(s![start..end, .., .., ..])
            .map_err(|e| bad(path, format!("reading images {start}..{end}: {e}")))?;
        set.images.extend(block.iter().map(|&v| v as f32));
    }
    Ok(set)
}

/// Write a set in the original layout (for tests, and to hand the stand-in to other tools).
pub fn write(path: &Path, set: &InsSet) -> Result<()> {
    let n = set.len();
    let images = Array4::from_shape_vec(
        (n, HEIGHT, WIDTH, 1),
        set.images.iter().map(|&v| f64::from(v)).collect(),
    )
    .map_err(|e| {
        Error::InvalidArgument(format!(
            "INS images do not fill ({n}, {HEIGHT}, {WIDTH}, 1): {e}"
        ))
    })?;
    let labels = Array2::from_shape_fn((n, 2), |(i, j)| {
        if usize::from(set.labels[i]) == j {
            1.0
        } else {
            0.0
        }
    });
    let fail = |e: hdf5::Error| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    let file = hdf5::File::create(path).map_err(fail)?;
    file.new_dataset_builder()
        .with_data(&images)
        .create("images")
        .map_err(fail)?;
    file.new_dataset_builder()
        .with_data(&labels)
        .create("labels")
        .map_err(fail)?;
    Ok(())
}
