//! Lecture 10, parts 1–2 of the LENS ML School 2021 (M. Ganeva): clustering (k-means by hand and
//! where it fails, DBSCAN, Gaussian mixtures, a generative mixture of digits) and manifold
//! learning (t-SNE, k-NN on the map).

pub mod digits;
pub mod knn;
pub mod tasks;
pub mod tsne;
