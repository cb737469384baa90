//! MountainCar-v0 (Moore 1990; Gym's dynamics exactly): an under-powered car in a valley must
//! rock back and forth to reach the flag at position 0.5. Observation (position, velocity) as
//! f32, as Gym returns it; actions 0 = push left, 1 = no push, 2 = push right; reward −1 a step.
//! Lecture 10.3, exercise 1: a hand-written policy that reaches the flag within 251 steps.

use crate::env::{Env, Step};
use rand::Rng;

pub const MIN_POSITION: f64 = -1.2;
pub const MAX_POSITION: f64 = 0.6;
pub const MAX_SPEED: f64 = 0.07;
pub const GOAL_POSITION: f64 = 0.5;
pub const GOAL_VELOCITY: f64 = 0.0;
pub const FORCE: f64 = 0.001;
pub const GRAVITY: f64 = 0.0025;

/// The car's state, kept in f64 as Gym keeps it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MountainCar {
    pub position: f64,
    pub velocity: f64,
}

impl MountainCar {
    pub fn at(position: f64, velocity: f64) -> Self {
        Self { position, velocity }
    }

    pub fn obs(&self) -> [f32; 2] {
        [self.position as f32, self.velocity as f32]
    }

    /// Height of the track at `x` (for drawing): sin(3x)·0.45 + 0.55.
    pub fn height(x: f64) -> f64 {
        (3.0 * x).sin() * 0.45 + 0.55
    }
}

impl Env for MountainCar {
    type Obs = [f32; 2];

    fn n_actions(&self) -> usize {
        3
    }

    /// Position uniform in [−0.6, −0.4), velocity 0.
    fn reset<R: Rng>(&mut self, rng: &mut R) -> [f32; 2] {
        *self = Self::at(rng.gen_range(-0.6..-0.4), 0.0);
        self.obs()
    }

    fn step(&mut self, action: usize) -> Step<[f32; 2]> {
        let push = action.min(2) as f64 - 1.0;
        let mut v = self.velocity + push * FORCE + (3.0 * self.position).cos() * (-GRAVITY);
        v = v.clamp(-MAX_SPEED, MAX_SPEED);
        let x = (self.position + v).clamp(MIN_POSITION, MAX_POSITION);
        if x == MIN_POSITION && v < 0.0 {
            v = 0.0;
        }
        *self = Self::at(x, v);
        Step {
            obs: self.obs(),
            reward: -1.0,
            done: x >= GOAL_POSITION && v >= GOAL_VELOCITY,
            truncated: false,
        }
    }
}

/// Exercise 1's policy (the lecturer's answer): standing still, push right; moving slowly, push
/// against the motion (to swing back); otherwise push along it (to build up speed).
pub fn hand_policy(obs: &[f32; 2]) -> usize {
    // BEGIN SOLUTION 10.3.1
    let v = obs[1];
    if v == 0.0 {
        2
    } else if v.abs() < 1e-3 {
        if v > 0.0 {
            0
        } else {
            2
        }
    } else if v > 0.0 {
        2
    } else {
        0
    }
    // END SOLUTION
}
