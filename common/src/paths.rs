//! Where the project keeps what `cargo xtask setup` installs. Standard library only: `xtask`
//! includes this file too, because it must build before libtorch exists.

use std::env;
use std::path::PathBuf;

/// The PyTorch release whose libtorch tch 0.17 is built against.
pub const TORCH_VERSION: &str = "2.4.0";

/// The machine-wide cache shared by every checkout: `$LENS_CACHE`, else
/// `$XDG_CACHE_HOME/lens-ml`, else `~/.cache/lens-ml`, else `.lens-cache` in the current folder.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = env::var_os("LENS_CACHE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(dir) = env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("lens-ml");
    }
    match env::var_os("HOME").filter(|d| !d.is_empty()) {
        Some(home) => PathBuf::from(home).join(".cache").join("lens-ml"),
        None => PathBuf::from(".lens-cache"),
    }
}

/// The data folder: `$LENS_DATA`, else `data/` in the cache (filled by `cargo xtask setup`).
pub fn data_root() -> PathBuf {
    match env::var_os("LENS_DATA").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => cache_dir().join("data"),
    }
}

/// The Python environment holding PyTorch (used as libtorch, and by the benchmarks).
pub fn torch_venv() -> PathBuf {
    cache_dir()
        .join(format!("torch-{TORCH_VERSION}"))
        .join("venv")
}
