//! Lectures 1 and 2 of the LENS ML School 2021 (J. Cooper): deep-learning basics and dense
//! networks.
//!
//! - `intro` (lecture 1): a cubic "neuron" fitted to sin(x) by hand-written gradient descent and
//!   by autograd, and the perceptron. Data generated; expected final MSE ≈ 0.0045.
//! - `fashion` (lecture 2.1): the 784→128→10 MLP on Fashion-MNIST (Debian's
//!   `dataset-fashion-mnist`) and the notebook's four exercises; expected test accuracy ≈ 0.88.

pub mod fashion;
pub mod ins;
pub mod intro;
pub mod model;
