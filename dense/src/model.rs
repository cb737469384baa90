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

/// A dense classifier: Flatten → Dense(h, ReLU) for each hidden width h → Dense(classes).
/// Lecture 2.1's network is `Mlp::new(p, IMAGE_PIXELS, &[128], 10)`: 101 770 parameters.
#[derive(Debug)]
pub struct Mlp {
    layers: Vec<nn::Linear>,
    widths: Vec<i64>,
}

impl Mlp {
    pub fn new(p: &nn::Path, inputs: i64, hidden: &[i64], outputs: i64) -> Self {
        let mut widths = vec![inputs];
        widths.extend_from_slice(hidden);
        widths.push(outputs);
        let layers = widths
            .windows(2)
            .enumerate()
            .map(|(i, w)| {
                nn::linear(
                    p / format!("fc{}", i + 1),
                    w[0],
                    w[1],
                    keras_dense(w[0], w[1]),
                )
            })
            .collect();
        Self { layers, widths }
    }

    /// Lecture 2.1's network: 784 → 128 → 10.
    pub fn fashion(p: &nn::Path) -> Self {
        Self::new(p, IMAGE_PIXELS, &[HIDDEN], CLASSES)
    }

    /// The layers for the model summary.
    pub fn layers(&self) -> Vec<Layer> {
        let mut out = vec![Layer::new("flatten", "Flatten", &[self.widths[0]])];
        for (i, w) in self.widths[1..].iter().enumerate() {
            out.push(Layer::new(&format!("fc{}", i + 1), "Dense", &[*w]));
        }
        out
    }
}

impl nn::Module for Mlp {
    /// (N, …) inputs, flattened to (N, inputs) → (N, outputs) logits (the softmax or sigmoid
    /// is in the loss).
    fn forward(&self, xs: &Tensor) -> Tensor {
        let mut x = xs.flatten(1, -1);
        let last = self.layers.len().saturating_sub(1);
        for (i, layer) in self.layers.iter().enumerate() {
            x = x.apply(layer);
            if i < last {
                x = x.relu();
            }
        }
        x
    }
}
