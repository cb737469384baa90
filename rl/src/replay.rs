//! The replay buffer of the DQN, storing each frame (64×64 for the full maze) once: a transition keeps its newest
//! frame, and stacks of four are rebuilt from the frames before it in the same episode
//! (repeating the episode's first frame where there are fewer than four).

use rand::Rng;
use tch::{Kind, Tensor};

/// A ring of transitions (frame, action, reward, done, first-of-episode).
#[derive(Debug)]
pub struct Replay {
    frames: Vec<u8>,
    actions: Vec<i64>,
    rewards: Vec<f32>,
    dones: Vec<bool>,
    firsts: Vec<bool>,
    capacity: usize,
    /// Pixels a side of a frame.
    side: usize,
    /// Transitions pushed so far (the ring index is `pushed % capacity`).
    pushed: usize,
}

/// A sampled batch as tensors: states (N, 4, side, side) f32 in [0, 1], actions (N), rewards (N),
/// next states, and 1 − done (N).
#[derive(Debug)]
pub struct Batch {
    pub states: Tensor,
    pub actions: Tensor,
    pub rewards: Tensor,
    pub next_states: Tensor,
    pub not_done: Tensor,
    /// What multiplies the next state's value in the target: γ^steps, 0 after the end of a life.
    pub discount: Tensor,
}

impl Replay {
    /// A buffer of `capacity` transitions whose frames are `side` × `side` pixels.
    pub fn new(capacity: usize, side: usize) -> Self {
        let capacity = capacity.max(8);
        Self {
            frames: vec![0; capacity * side * side],
            actions: vec![0; capacity],
            rewards: vec![0.0; capacity],
            dones: vec![false; capacity],
            firsts: vec![false; capacity],
            capacity,
            side,
            pushed: 0,
        }
    }

    /// Transitions held.
    pub fn len(&self) -> usize {
        self.pushed.min(self.capacity)
    }

    pub fn is_empty(&self) -> bool {
        self.pushed == 0
    }

    /// Store the newest frame of the state acted in, the action, its reward and whether the
    /// episode ended; `first` marks the first state of an episode.
    pub fn push(&mut self, frame: &[u8], action: usize, reward: f64, done: bool, first: bool) {
        // BEGIN SOLUTION 10.4.6
        let (i, size) = (self.pushed % self.capacity, self.side * self.side);
        self.frames[i * size..(i + 1) * size].copy_from_slice(&frame[frame.len() - size..]);
        self.actions[i] = action as i64;
        self.rewards[i] = reward as f32;
        self.dones[i] = done;
        self.firsts[i] = first;
        self.pushed += 1;
        // END SOLUTION
    }

    /// The four-frame stack ending at absolute transition `t`.
    fn stack(&self, t: usize, out: &mut Vec<u8>) {
        let mut idx = [t; 4];
        for k in (0..3).rev() {
            let next = idx[k + 1];
            idx[k] = if self.firsts[next % self.capacity] {
                next
            } else {
                next - 1
            };
        }
        let size = self.side * self.side;
        for t in idx {
            let i = t % self.capacity;
            out.extend_from_slice(&self.frames[i * size..(i + 1) * size]);
        }
    }

    /// `n` random transitions whose next frame is stored and whose stack is complete.
    pub fn sample<R: Rng>(&self, n: usize, rng: &mut R) -> Option<Batch> {
        self.sample_n(n, 1, 1.0, rng)
    }

    /// A batch of `steps`-step transitions: the reward is the discounted sum over up to `steps`
    /// transitions (stopping at the end of a life), the next state the stack `steps` on, and
    /// `discount` = γ^steps, or 0 where the life ended on the way. One step is the plain DQN
    /// transition (`discount` = `not_done`).
    pub fn sample_n<R: Rng>(
        &self,
        n: usize,
        steps: usize,
        gamma: f64,
        rng: &mut R,
    ) -> Option<Batch> {
        let steps = steps.max(1);
        let oldest = self.pushed.saturating_sub(self.capacity) + 3;
        // The frame `steps` on must be stored too.
        let newest = self.pushed.checked_sub(1 + steps)?;
        if newest < oldest {
            return None;
        }
        let (mut s, mut s2) = (
            Vec::with_capacity(n * 4 * self.side * self.side),
            Vec::with_capacity(n * 4 * self.side * self.side),
        );
        let (mut a, mut r, mut nd, mut disc) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for _ in 0..n {
            let t = rng.gen_range(oldest..=newest);
            let i = t % self.capacity;
            self.stack(t, &mut s);
            let (mut ret, mut scale, mut ended) = (0.0f64, 1.0f64, false);
            for k in 0..steps {
                let j = (t + k) % self.capacity;
                ret += scale * f64::from(self.rewards[j]);
                scale *= gamma;
                if self.dones[j] {
                    ended = true;
                    break;
                }
            }
            if ended {
                self.stack(t, &mut s2); // masked out by a zero discount
            } else {
                self.stack(t + steps, &mut s2);
            }
            a.push(self.actions[i]);
            r.push(ret as f32);
            nd.push(if self.dones[i] { 0.0f32 } else { 1.0 });
            disc.push(if ended { 0.0f32 } else { scale as f32 });
        }
        let side = self.side as i64;
        let to_tensor = |v: &[u8]| {
            Tensor::from_slice(v)
                .to_kind(Kind::Float)
                .view([n as i64, 4, side, side])
                / 255.0
        };
        Some(Batch {
            states: to_tensor(&s),
            actions: Tensor::from_slice(&a),
            rewards: Tensor::from_slice(&r),
            next_states: to_tensor(&s2),
            not_done: Tensor::from_slice(&nd),
            discount: Tensor::from_slice(&disc),
        })
    }
}
