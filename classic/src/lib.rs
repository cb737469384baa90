//! Lecture 4 of the LENS ML School 2021 (A. McCluskey), traditional ML methods, part A:
//! model-dependent analysis and Bayesian inference.
//!
//! - `curve-fit`: a Lorentzian on a background by Levenberg–Marquardt ([`lm`]), parameters ±
//!   standard errors as `scipy.optimize.curve_fit` gives them;
//! - `likelihood`: the Gaussian log-likelihood and exp(lnL) on a grid around the optimum;
//! - `model-selection`: a line against a quadratic, and why the better fit does not decide;
//! - `nested-sampling`: the Bayesian evidence of both by nested sampling ([`nested`]) and the
//!   Bayes factor with and without model priors;
//! - `reflectometry`: neutron reflectivity ([`reflect`]) of one- and two-layer lipid models, their
//!   evidence on four data sets of falling background, and the Bayes factor against background.
//!
//! Every task reads the original's whitespace-column files ([`table`]) or writes a seeded
//! stand-in in that format first ([`standin`]).

pub mod lm;
pub mod ml;
pub mod ml_tasks;
pub mod models;
pub mod nested;
pub mod reflect;
pub mod standin;
pub mod table;
pub mod tasks;
pub mod tiff;
