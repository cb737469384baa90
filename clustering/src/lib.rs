//! Lecture 10, parts 1–2 of the LENS ML School 2021 (M. Ganeva): clustering and manifold
//! learning. One module per notebook section, in the notebook's order; each is a
//! [`common::task::Task`] (a `Config`, a computation returning an `Outcome`, its presentation):
//!
//! - [`manual_kmeans`]: k-means one assignment and one update at a time, then linfa's;
//! - [`kmeans_fails`]: circles, moons and blobs — where k-means fails;
//! - [`dbscan`]: DBSCAN on the same sets (recorded: 2 clusters and no noise on the circles);
//! - [`gmm`]: a Gaussian mixture's membership probabilities;
//! - [`digits_gmm`]: a generative mixture of the 8×8 digits (recorded: 41 PCA dimensions, AIC
//!   minimum at n = 140);
//! - [`manifold`]: an S-curve, t-SNE of the digits, k-NN on the map (recorded: 0.99), and the
//!   third exercise's other manifold method, [`isomap`].
//!
//! Data: scikit-learn's generators reproduced bit for bit ([`data`]) and its digits, built in
//! ([`digits`]). Methods of our own: [`tsne`] (exact), [`isomap`] and [`knn`].

pub mod data;
pub mod dbscan;
pub mod digits;
pub mod digits_gmm;
pub mod figures;
pub mod gmm;
pub mod isomap;
pub mod kmeans_fails;
pub mod knn;
pub mod manifold;
pub mod manual_kmeans;
pub mod tsne;
