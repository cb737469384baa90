//! Where a task's data file comes from, and the column schemas of the part-A files. Every task
//! reads the original's format: the user's file (`--data FILE`), or a seeded stand-in
//! ([`crate::standin`]) written in that format into the run's data folder first and read back
//! through the same reader.

use crate::table::{self, Table};
use anyhow::Result;
use common::task::Context;
use std::path::{Path, PathBuf};

/// The file a task reads: the user's, or the stand-in `write` puts at `<data folder>/<name>`.
/// The flag says whether it is a stand-in.
pub fn given_or_stand_in(
    given: Option<&Path>,
    ctx: &Context,
    name: &str,
    write: impl FnOnce(&Path) -> Result<()>,
) -> Result<(PathBuf, bool)> {
    if let Some(path) = given {
        return Ok((path.to_path_buf(), false));
    }
    let path = ctx.data_dir.join(name);
    write(&path)?;
    println!("stand-in data written to {}", path.display());
    Ok((path, true))
}

/// `x y yerr` columns (lorentzian.txt, nested.txt).
pub fn read_xy(path: &Path) -> Result<Table> {
    let t = table::read(path, &["x", "y", "yerr"])?;
    if t.column(2).iter().any(|&e| e <= 0.0) {
        anyhow::bail!("{}: every yerr must be positive", path.display());
    }
    Ok(t)
}

/// `q R dR` columns (data_0..3.dat), or `q R dR dQ` with the resolution (FWHM) of each point.
/// dR is signed in the originals (and R negative where the noise exceeds the signal): as refnx
/// squares it, its magnitude is kept.
pub fn read_reflectivity(path: &Path) -> Result<Table> {
    let text = std::fs::read_to_string(path).map_err(common::Error::io(path))?;
    let four = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.split_whitespace().count() == 4);
    let names: &[&str] = if four {
        &["q", "R", "dR", "dQ"]
    } else {
        &["q", "R", "dR"]
    };
    let mut t = table::read(path, names)?;
    for e in t.columns[2].iter_mut() {
        *e = e.abs();
    }
    if t.column(2).contains(&0.0) {
        anyhow::bail!("{}: an error dR of 0 cannot weight a point", path.display());
    }
    if t.column(0).iter().any(|&q| q <= 0.0) {
        anyhow::bail!("{}: every q must be positive", path.display());
    }
    if four && t.column(3).iter().any(|&dq| dq <= 0.0) {
        anyhow::bail!("{}: every resolution dQ must be positive", path.display());
    }
    Ok(t)
}

/// `n` evenly spaced values from `a` to `b`, both included.
pub fn linspace(a: f64, b: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| a + (b - a) * i as f64 / (n.max(2) - 1) as f64)
        .collect()
}

/// The (x, y) points of two columns.
pub fn points(x: &[f64], y: &[f64]) -> Vec<(f64, f64)> {
    x.iter().copied().zip(y.iter().copied()).collect()
}

/// A file's name for tables and titles.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// The notebook's blobs: `make_blobs(300, centers=4, random_state=0, cluster_std=std)`, the same
/// points as scikit-learn's.
pub fn blobs(std: f64) -> (ndarray::Array2<f64>, Vec<usize>) {
    let (x, y) = common::numpy_rng::make_blobs(300, 4, std, 0);
    (common::numpy_rng::to_array(&x), y)
}
