//! The one data-location helper. A data set is found at `--data PATH` where a task takes one,
//! else under `$LENS_DATA`, else in the folder that `cargo xtask setup` fills.

use crate::error::{Error, Result};
use crate::paths;
use std::path::{Path, PathBuf};

/// The folder that holds data set `name`: `explicit` if given, else `<data root>/<name>`.
pub fn dataset_dir(explicit: Option<&Path>, name: &str) -> PathBuf {
    match explicit {
        Some(dir) => dir.to_path_buf(),
        None => paths::data_root().join(name),
    }
}

/// Find `stem` in `dir`, plain or gzip-compressed (`stem.gz`). A missing file is an error that
/// names the file and says how to get it.
pub fn find_file(dir: &Path, name: &str, stem: &str, hint: &str) -> Result<PathBuf> {
    let plain = dir.join(stem);
    if plain.is_file() {
        return Ok(plain);
    }
    let gz = dir.join(format!("{stem}.gz"));
    if gz.is_file() {
        return Ok(gz);
    }
    Err(Error::MissingData {
        name: name.to_string(),
        missing: gz,
        hint: hint.to_string(),
    })
}

/// Where the run's figures, metrics and report go: `--out`, else `out/<crate>`.
pub fn output_dir(explicit: Option<&Path>, crate_name: &str) -> Result<PathBuf> {
    let dir = match explicit {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("out").join(crate_name),
    };
    std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    Ok(dir)
}
