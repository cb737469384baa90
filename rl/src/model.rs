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
/// 829 113 parameters on the full maze's 64×64 frames (on the small maze's 32×32:
/// 32 → 15 → 7 → 3, Linear(576 → 256), 173 753).
#[derive(Debug)]
pub struct QNet {
    conv1: nn::Conv2D,
    conv2: nn::Conv2D,
    conv3: nn::Conv2D,
    fc: nn::Linear,
    out: nn::Linear,
}

/// Side after a 3×3 convolution of stride 2 without padding.
fn halved(side: i64) -> i64 {
    (side - 3) / 2 + 1
}

impl QNet {
    /// A network for `side` × `side` frames.
    pub fn new(p: &nn::Path, side: usize, actions: i64) -> Self {
        let last = halved(halved(halved(side as i64)));
        let s2 = nn::ConvConfig {
            stride: 2,
            ..Default::default()
        };
        Self {
            conv1: nn::conv2d(p / "conv1", 4, 16, 3, s2),
            conv2: nn::conv2d(p / "conv2", 16, 32, 3, s2),
            conv3: nn::conv2d(p / "conv3", 32, 64, 3, s2),
            fc: nn::linear(p / "fc", 64 * last * last, 256, Default::default()),
            out: nn::linear(p / "out", 256, actions, Default::default()),
        }
    }

    pub fn layers(side: usize, actions: i64) -> Vec<common::summary::Layer> {
        use common::summary::Layer;
        let s1 = halved(side as i64);
        let (s2, s3) = (halved(s1), halved(halved(s1)));
        vec![
            Layer::new("conv1", "Conv2D", &[16, s1, s1]),
            Layer::new("conv2", "Conv2D", &[32, s2, s2]),
            Layer::new("conv3", "Conv2D", &[64, s3, s3]),
            Layer::new("fc", "Dense", &[256]),
            Layer::new("out", "Dense", &[actions]),
        ]
    }
}

impl nn::Module for QNet {
    /// (N, 4, side, side) stacked frames in [0, 1] → (N, actions) Q-values.
    fn forward(&self, xs: &Tensor) -> Tensor {
        // BEGIN SOLUTION 10.4.5
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
        // END SOLUTION
    }
}
