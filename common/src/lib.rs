//! What two or more lectures of the LENS ML School workspace share, and only that: the device,
//! seeding and data-location helpers, the IDX format and Fashion-MNIST, splits and batches,
//! metrics, training history with a progress bar, a Keras-style model summary, figures, the run
//! report, numpy's seeded generator and scikit-learn's toy data, PCA, k-means and Gaussian
//! mixtures, and a little linear algebra.
//!
//! The parts that need libtorch (tensors, devices, layers, batches, the training loop, the model
//! summary) are behind the `torch` feature and the INS HDF5 reader behind `hdf5`, so that the
//! lectures without networks build and run with neither installed. Errors a user can cause are
//! [`Error`]s, never panics.

#[cfg(feature = "torch")]
pub mod batch;
pub mod cli;
pub mod cluster;
pub mod data;
#[cfg(feature = "torch")]
pub mod device;
pub mod error;
pub mod exercise;
pub mod fashion_mnist;
pub mod history;
pub mod idx;
pub mod image_folder;
pub mod ins;
#[cfg(feature = "hdf5")]
pub mod ins_h5;
#[cfg(feature = "torch")]
pub mod layers;
pub mod linalg;
pub mod metrics;
pub mod mixture;
pub mod numpy_rng;
pub mod paths;
pub mod pca;
pub mod plot;
pub mod report;
pub mod seed;
#[cfg(feature = "torch")]
pub mod summary;
pub mod task;
pub mod testing;
#[cfg(feature = "torch")]
pub mod train;

pub use error::{Error, Result};
