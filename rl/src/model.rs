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

/// The notebook's DQN (lecture 10.4): Conv(4→16) → Conv(16→32) → Conv(32→64), each 3×3 with
/// stride 2 and ReLU (64 → 31 → 15 → 7), Linear(3136 → 256), ReLU, Linear(256 → 9):
/// 829 113 parameters.
#[derive(Debug)]
pub struct QNet {
    conv1: nn::Conv2D,
    conv2: nn::Conv2D,
    conv3: nn::Conv2D,
    fc: nn::Linear,
    out: nn::Linear,
}

impl QNet {
    pub fn new(p: &nn::Path, actions: i64) -> Self {
        let s2 = nn::ConvConfig {
            stride: 2,
            ..Default::default()
        };
        Self {
            conv1: nn::conv2d(p / "conv1", 4, 16, 3, s2),
            conv2: nn::conv2d(p / "conv2", 16, 32, 3, s2),
            conv3: nn::conv2d(p / "conv3", 32, 64, 3, s2),
            fc: nn::linear(p / "fc", 64 * 7 * 7, 256, Default::default()),
            out: nn::linear(p / "out", 256, actions, Default::default()),
        }
    }

    pub fn layers(actions: i64) -> Vec<common::summary::Layer> {
        use common::summary::Layer;
        vec![
            Layer::new("conv1", "Conv2D", &[16, 31, 31]),
            Layer::new("conv2", "Conv2D", &[32, 15, 15]),
            Layer::new("conv3", "Conv2D", &[64, 7, 7]),
            Layer::new("fc", "Dense", &[256]),
            Layer::new("out", "Dense", &[actions]),
        ]
    }
}

impl nn::Module for QNet {
    /// (N, 4, 64, 64) stacked frames in [0, 1] → (N, actions) Q-values.
    fn forward(&self, xs: &Tensor) -> Tensor {
        xs.apply(&self.conv1)
            .relu()
            .apply(&self.conv2)
            .relu()
            .apply(&self.conv3)
            .relu()
            .flatten(1, -1)
            .apply(&self.fc)
            .relu()
            .apply(&self.out)
    }
}
