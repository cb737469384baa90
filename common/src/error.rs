//! The errors a user can cause: a missing or malformed file, a bad argument.

use std::path::PathBuf;

/// Everything in `common` that can go wrong because of input from outside the program.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a valid IDX file: {reason}")]
    Idx { path: PathBuf, reason: String },
    #[error("data set {name} not found: missing {missing}; {hint}")]
    MissingData {
        name: String,
        missing: PathBuf,
        hint: String,
    },
    #[error("{path}: {reason}")]
    BadFile { path: PathBuf, reason: String },
    #[error("data set {name} is inconsistent: {reason}")]
    BadData { name: String, reason: String },
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    #[error("figure {path}: {reason}")]
    Figure { path: PathBuf, reason: String },
    #[error("no CUDA device is visible (asked for --device cuda); use --device auto or cpu")]
    NoCuda,
    #[cfg(feature = "torch")]
    #[error(transparent)]
    Torch(#[from] tch::TchError),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Attach the path to an I/O error.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}
