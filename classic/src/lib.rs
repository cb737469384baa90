//! Lecture 4 of the LENS ML School 2021 (A. McCluskey), traditional ML methods. One module per
//! notebook section, in the notebooks' order; each is a [`common::task::Task`] (a `Config`, a
//! computation returning an `Outcome`, its presentation).
//!
//! Part A, model-dependent analysis and Bayesian inference:
//! - [`curve_fit`]: a Lorentzian on a background by Levenberg–Marquardt ([`lm`]), parameters ±
//!   standard errors as `scipy.optimize.curve_fit` gives them;
//! - [`likelihood`]: the Gaussian log-likelihood and exp(lnL) on a grid around the optimum;
//! - [`model_selection`]: a line against a quadratic, and why the better fit does not decide;
//! - [`nested_sampling`]: the Bayesian evidence of both by nested sampling ([`nested`]) and the
//!   Bayes factor with and without model priors;
//! - [`reflectometry`]: neutron reflectivity ([`reflect`]) of one- and two-layer lipid models,
//!   their evidence on four data sets of falling background, and the Bayes factor against
//!   background.
//!
//! Part B, machine learning:
//! - [`trees`], [`forest`]: decision trees and a random forest on the notebook's blobs ([`ml`]);
//! - [`materials`]: space groups of materials by a forest, and every feature pair;
//! - [`kmeans`], [`gmm`]: k-means by hand beside linfa's, Gaussian mixtures;
//! - [`tof`]: neutron pulses found by k-means and folded onto one;
//! - [`pca`], [`wine`], [`image_pca`]: PCA of a toy, of wines, and of a radiograph (denoising).
//!
//! Every task that reads a file reads the original's format ([`table`], [`tiff`]) or writes a
//! seeded stand-in in that format first ([`standin`], [`data`]).

pub mod curve_fit;
pub mod data;
pub mod figures;
pub mod forest;
pub mod gmm;
pub mod image_pca;
pub mod kmeans;
pub mod likelihood;
pub mod lm;
pub mod materials;
pub mod ml;
pub mod model_selection;
pub mod models;
pub mod nested;
pub mod nested_sampling;
pub mod pca;
pub mod reflect;
pub mod reflectometry;
pub mod standin;
pub mod table;
pub mod tiff;
pub mod tof;
pub mod trees;
pub mod wine;
