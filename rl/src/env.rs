//! The environment loop: one small trait, as Gym's `reset`/`step`, and its time limit.

use rand::Rng;

/// What a step returns.
#[derive(Clone, Debug, PartialEq)]
pub struct Step<O> {
    pub obs: O,
    pub reward: f64,
    /// The episode ended in a terminal state (Gym's `terminated`).
    pub done: bool,
    /// The episode was cut by a time limit (Gym's `truncated`).
    pub truncated: bool,
}

/// An episodic environment with a finite set of actions `0..n_actions()`.
pub trait Env {
    type Obs: Clone;
    fn n_actions(&self) -> usize;
    /// Start an episode; the start is drawn from `rng`.
    fn reset<R: Rng>(&mut self, rng: &mut R) -> Self::Obs;
    /// Take `action` (which must be below `n_actions()`).
    fn step(&mut self, action: usize) -> Step<Self::Obs>;
}

/// Gym's `TimeLimit`: truncates an episode after `limit` steps.
#[derive(Clone, Debug)]
pub struct TimeLimit<E> {
    pub env: E,
    pub limit: usize,
    steps: usize,
}

impl<E> TimeLimit<E> {
    pub fn new(env: E, limit: usize) -> Self {
        Self {
            env,
            limit,
            steps: 0,
        }
    }

    /// Steps taken in the current episode.
    pub fn steps(&self) -> usize {
        self.steps
    }
}

impl<E: Env> Env for TimeLimit<E> {
    type Obs = E::Obs;

    fn n_actions(&self) -> usize {
        self.env.n_actions()
    }

    fn reset<R: Rng>(&mut self, rng: &mut R) -> Self::Obs {
        self.steps = 0;
        self.env.reset(rng)
    }

    fn step(&mut self, action: usize) -> Step<Self::Obs> {
        let mut s = self.env.step(action);
        self.steps += 1;
        if self.steps >= self.limit && !s.done {
            s.truncated = true;
        }
        s
    }
}
