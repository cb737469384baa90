//! The policy network of the approximate cross-entropy method: scikit-learn's
//! `MLPClassifier(hidden_layer_sizes=(30, 30), activation="tanh")` in tch. No I/O here.

use common::layers::glorot;
use tch::{nn, Tensor};

pub const HIDDEN: i64 = 30;

#[derive(Debug)]
pub struct PolicyNet {
    fc1: nn::Linear,
    fc2: nn::Linear,
    out: nn::Linear,
}

impl PolicyNet {
    pub fn new(p: &nn::Path, inputs: i64, actions: i64) -> Self {
        Self {
            fc1: nn::linear(p / "fc1", inputs, HIDDEN, glorot(inputs, HIDDEN)),
            fc2: nn::linear(p / "fc2", HIDDEN, HIDDEN, glorot(HIDDEN, HIDDEN)),
            out: nn::linear(p / "out", HIDDEN, actions, glorot(HIDDEN, actions)),
        }
    }
}

impl nn::Module for PolicyNet {
    /// (N, inputs) observations → (N, actions) logits.
    fn forward(&self, xs: &Tensor) -> Tensor {
        xs.apply(&self.fc1)
            .tanh()
            .apply(&self.fc2)
            .tanh()
            .apply(&self.out)
    }
}
