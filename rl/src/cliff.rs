//! CliffWalking-v0 (Sutton & Barto, example 6.6; Gym's rules): a 4×12 grid, start at the bottom
//! left (state 36), goal at the bottom right (47), the cells between them are a cliff. Actions
//! 0 = up, 1 = right, 2 = down, 3 = left; −1 a step; stepping into the cliff costs −100 and puts
//! the walker back at the start (the episode goes on). The best path takes 13 steps: −13.

use crate::env::{Env, Step};
use rand::Rng;

pub const ROWS: usize = 4;
pub const COLS: usize = 12;
pub const STATES: usize = ROWS * COLS;
pub const ACTIONS: usize = 4;
pub const START: usize = 36;
pub const GOAL: usize = 47;

/// The walker's cell, `row * 12 + col`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CliffWalking {
    pub state: usize,
}

impl Default for CliffWalking {
    fn default() -> Self {
        Self { state: START }
    }
}

/// Whether cell `s` is part of the cliff (bottom row, between start and goal).
pub fn is_cliff(s: usize) -> bool {
    s / COLS == ROWS - 1 && (1..COLS - 1).contains(&(s % COLS))
}

impl Env for CliffWalking {
    type Obs = usize;

    fn n_actions(&self) -> usize {
        ACTIONS
    }

    fn reset<R: Rng>(&mut self, _rng: &mut R) -> usize {
        self.state = START;
        START
    }

    fn step(&mut self, action: usize) -> Step<usize> {
        let (r, c) = ((self.state / COLS) as i64, (self.state % COLS) as i64);
        let (dr, dc) = match action {
            0 => (-1, 0),
            1 => (0, 1),
            2 => (1, 0),
            _ => (0, -1),
        };
        let next = ((r + dr).clamp(0, ROWS as i64 - 1) * COLS as i64
            + (c + dc).clamp(0, COLS as i64 - 1)) as usize;
        if is_cliff(next) {
            self.state = START;
            return Step {
                obs: START,
                reward: -100.0,
                done: false,
                truncated: false,
            };
        }
        self.state = next;
        Step {
            obs: next,
            reward: -1.0,
            done: next == GOAL,
            truncated: false,
        }
    }
}
