//! Lecture 9 of the LENS ML School 2021 (M. Teixeira Parente): uncertainty and attention. This
//! crate holds its first half, Gaussian-process regression (notebook `gpr.ipynb`, scikit-learn in
//! the original), without libtorch:
//!
//! - [`gp`]: the regressor — RBF, anisotropic RBF and Matérn ν = 1.5 kernels, `alpha` on the
//!   diagonal, the log-marginal likelihood and its gradient, length scales optimised with random
//!   restarts, posterior mean, standard deviation and samples, prior samples;
//! - [`lbfgsb`]: the bounded quasi-Newton optimiser of the log length scales;
//! - [`gpr`]: the notebook's tasks, in 1-D and 2-D, each a [`common::task::Task`].

pub mod gp;
pub mod gpr;
pub mod lbfgsb;
