//! Lecture 5 of the LENS ML School 2021 (A. Kaestner): image segmentation of neutron images
//! (notebook `ML4NeutronImageSegmentation.ipynb`: Keras, scikit-learn, scikit-image, astropy).
//! One module per notebook section, each a [`common::task::Task`]; built so far:
//!
//! - [`threshold`]: the generated 11×11 image, its histogram and a threshold;
//! - [`kmeans_demo`]: k-means with k = 2, 3, 4 on the notebook's blobs;
//! - [`tof`]: k-means on the time-of-flight spectra of six steel blocks;
//! - [`spatial`]: spatial feature maps of the radiograph and exercise 1, k-means with them;
//! - [`spots_baseline`]: the median spot detector on the spot radiograph, scored against its
//!   annotation.
//!
//! Filters: [`filters`] (Gaussian, Sobel, as scipy.ndimage). Data: [`fits`] reads and writes FITS images, [`npy`] numpy arrays; [`spots`] the radiograph and its annotation (the
//! originals are missing from every copy of the course: a seeded stand-in in their formats).

pub mod filters;
pub mod fits;
pub mod kmeans_demo;
pub mod npy;
pub mod spatial;
pub mod spots;
pub mod spots_baseline;
pub mod threshold;
pub mod tof;
