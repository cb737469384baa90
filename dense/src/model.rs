//! Networks of the dense lectures, in tch's idiom. No I/O here.

use common::layers::glorot;
use common::summary::Layer;
use tch::{nn, Tensor};

pub const IMAGE_SIDE: i64 = 28;
pub const IMAGE_PIXELS: i64 = IMAGE_SIDE * IMAGE_SIDE;
pub const HIDDEN: i64 = 128;
pub const CLASSES: i64 = 10;

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
            .map(|(i, w)| nn::linear(p / format!("fc{}", i + 1), w[0], w[1], glorot(w[0], w[1])))
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

/// The answer this workspace gives to lecture 2.2's open task 4 ("improve the model"): a small
/// CNN that reads the ten constant-energy slices as ten channels of a 20×20 image, so that a
/// dispersion line is recognised wherever it lies. 31 794 parameters (the dense net has 64 170).
#[derive(Debug)]
pub struct InsCnn {
    conv1: nn::Conv2D,
    conv2: nn::Conv2D,
    fc1: nn::Linear,
    fc2: nn::Linear,
}

/// Slices and their side in the INS images.
const INS_SLICES: i64 = common::ins::SLICES as i64;
const INS_SIDE: i64 = common::ins::SIDE as i64;

impl InsCnn {
    pub fn new(p: &nn::Path) -> Self {
        let same = nn::ConvConfig {
            padding: 1,
            ..Default::default()
        };
        Self {
            conv1: nn::conv2d(p / "conv1", INS_SLICES, 16, 3, same),
            conv2: nn::conv2d(p / "conv2", 16, 32, 3, same),
            fc1: nn::linear(p / "fc1", 32 * 5 * 5, 32, glorot(800, 32)),
            fc2: nn::linear(p / "fc2", 32, 2, glorot(32, 2)),
        }
    }

    pub fn layers() -> Vec<Layer> {
        vec![
            Layer::new("slices", "Reshape", &[INS_SLICES, INS_SIDE, INS_SIDE]),
            Layer::new("conv1", "Conv2D+MaxPool", &[16, 10, 10]),
            Layer::new("conv2", "Conv2D+MaxPool", &[32, 5, 5]),
            Layer::new("fc1", "Dense", &[32]),
            Layer::new("fc2", "Dense", &[2]),
        ]
    }
}

impl nn::ModuleT for InsCnn {
    /// (N, 20, 200) images of ten side-by-side 20×20 slices → (N, 2) logits.
    fn forward_t(&self, xs: &Tensor, _train: bool) -> Tensor {
        // BEGIN SOLUTION 2.2.4
        let n = xs.size()[0];
        xs.view([n, INS_SIDE, INS_SLICES, INS_SIDE])
            .permute([0, 2, 1, 3])
            .apply(&self.conv1)
            .relu()
            .max_pool2d_default(2)
            .apply(&self.conv2)
            .relu()
            .max_pool2d_default(2)
            .flatten(1, -1)
            .apply(&self.fc1)
            .relu()
            .apply(&self.fc2)
        // END SOLUTION
    }
}
