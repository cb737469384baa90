//! Lecture 10, part 3 of the LENS ML School 2021 (M. Ganeva), `3.1-RL_intro`: reinforcement
//! learning with environments written natively in Rust behind one small trait.
//!
//! - `mountain-car`: MountainCar-v0 and the hand-written policy of exercise 1 (an animated GIF);
//! - `cem-cliff`: the tabular cross-entropy method on CliffWalking (expected mean reward ≈ −14
//!   after 50 iterations; the optimum is −13);
//! - `cem-mountain`: the approximate cross-entropy method with an MLP policy on MountainCar
//!   (expected mean reward ≈ −180 after 50 iterations), with the learned policy map.
//!
//! Environments follow Gym's dynamics exactly; they are simulated, not loaded.

pub mod approx_cem;
pub mod cem;
pub mod cliff;
pub mod dqn;
pub mod env;
pub mod maze;
pub mod model;
pub mod mountain_car;
pub mod replay;
pub mod tasks;
