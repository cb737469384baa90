//! Networks of the dense lectures, in tch's idiom. No I/O here.

use common::summary::Layer;
use tch::{nn, Tensor};

pub const IMAGE_SIDE: i64 = 28;
pub const IMAGE_PIXELS: i64 = IMAGE_SIDE * IMAGE_SIDE;
pub const HIDDEN: i64 = 128;
pub const CLASSES: i64 = 10;

/// Keras' Dense initialisation: Glorot-uniform weights, zero bias.
pub fn keras_dense(fan_in: i64, fan_out: i64) -> nn::LinearConfig {
    let limit = (6.0 / (fan_in + fan_out) as f64).sqrt();
    nn::LinearConfig {
        ws_init: nn::Init::Uniform {
            lo: -limit,
            up: limit,
        },
        bs_init: Some(nn::Init::Const(0.0)),
        bias: true,
    }
}

/// Lecture 2.1's classifier: Flatten(784) → Dense(128, ReLU) → Dense(10); 101 770 parameters.
#[derive(Debug)]
pub struct Mlp {
    fc1: nn::Linear,
    fc2: nn::Linear,
}

impl Mlp {
    pub fn new(p: &nn::Path) -> Self {
        Self {
            fc1: nn::linear(
                p / "fc1",
                IMAGE_PIXELS,
                HIDDEN,
                keras_dense(IMAGE_PIXELS, HIDDEN),
            ),
            fc2: nn::linear(p / "fc2", HIDDEN, CLASSES, keras_dense(HIDDEN, CLASSES)),
        }
    }

    /// The layers for the model summary.
    pub fn layers() -> Vec<Layer> {
        vec![
            Layer::new("flatten", "Flatten", &[IMAGE_PIXELS]),
            Layer::new("fc1", "Dense", &[HIDDEN]),
            Layer::new("fc2", "Dense", &[CLASSES]),
        ]
    }
}

impl nn::Module for Mlp {
    /// (N, 28, 28) images in [0, 1] → (N, 10) logits (the softmax is in the loss).
    fn forward(&self, xs: &Tensor) -> Tensor {
        xs.flatten(1, -1).apply(&self.fc1).relu().apply(&self.fc2)
    }
}
