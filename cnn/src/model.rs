//! Lecture 3's networks, in tch's idiom. No I/O here. Inputs are (N, 3, 100, 100) in [0, 1].

use common::summary::Layer;
use tch::{nn, Tensor};

pub const IMAGE_SIDE: i64 = 100;
pub const CLASSES: i64 = 8;

/// Tasks 1 and 2: Conv2D(32) → MaxPool → Conv2D(64) → MaxPool → Conv2D(128) → MaxPool →
/// Flatten(12 800) → Dense(512, ReLU) [→ Dropout] → Dense(8); 3×3 "valid" convolutions with
/// ReLU; 6 651 464 parameters.
#[derive(Debug)]
pub struct Baseline {
    conv1: nn::Conv2D,
    conv2: nn::Conv2D,
    conv3: nn::Conv2D,
    fc1: nn::Linear,
    fc2: nn::Linear,
    dropout: f64,
}

impl Baseline {
    /// `dropout` is the rate after Dense(512): 0 for task 1, 0.6 for task 2.
    pub fn new(p: &nn::Path, dropout: f64) -> Self {
        let c = nn::ConvConfig::default();
        Self {
            conv1: nn::conv2d(p / "conv1", 3, 32, 3, c),
            conv2: nn::conv2d(p / "conv2", 32, 64, 3, c),
            conv3: nn::conv2d(p / "conv3", 64, 128, 3, c),
            fc1: nn::linear(p / "fc1", 128 * 10 * 10, 512, Default::default()),
            fc2: nn::linear(p / "fc2", 512, CLASSES, Default::default()),
            dropout,
        }
    }

    pub fn layers(&self) -> Vec<Layer> {
        let mut l = vec![
            Layer::new("conv1", "Conv2D", &[32, 98, 98]),
            Layer::new("pool1", "MaxPooling2D", &[32, 49, 49]),
            Layer::new("conv2", "Conv2D", &[64, 47, 47]),
            Layer::new("pool2", "MaxPooling2D", &[64, 23, 23]),
            Layer::new("conv3", "Conv2D", &[128, 21, 21]),
            Layer::new("pool3", "MaxPooling2D", &[128, 10, 10]),
            Layer::new("flatten", "Flatten", &[12_800]),
            Layer::new("fc1", "Dense", &[512]),
        ];
        if self.dropout > 0.0 {
            l.push(Layer::new("dropout", "Dropout", &[512]));
        }
        l.push(Layer::new("fc2", "Dense", &[CLASSES]));
        l
    }

    /// The activations after each of the first six layers (conv, pool, conv, pool, conv, pool),
    /// for the feature-map figures.
    pub fn feature_maps(&self, xs: &Tensor) -> Vec<Tensor> {
        let a1 = xs.apply(&self.conv1).relu();
        let p1 = a1.max_pool2d_default(2);
        let a2 = p1.apply(&self.conv2).relu();
        let p2 = a2.max_pool2d_default(2);
        let a3 = p2.apply(&self.conv3).relu();
        let p3 = a3.max_pool2d_default(2);
        vec![a1, p1, a2, p2, a3, p3]
    }
}

impl nn::ModuleT for Baseline {
    /// (N, 3, 100, 100) → (N, 8) logits.
    fn forward_t(&self, xs: &Tensor, train: bool) -> Tensor {
        xs.apply(&self.conv1)
            .relu()
            .max_pool2d_default(2)
            .apply(&self.conv2)
            .relu()
            .max_pool2d_default(2)
            .apply(&self.conv3)
            .relu()
            .max_pool2d_default(2)
            .flatten(1, -1)
            .apply(&self.fc1)
            .relu()
            .dropout(self.dropout, train)
            .apply(&self.fc2)
    }
}

/// VGG16's channels per convolution, `0` for a max-pooling layer (Simonyan & Zisserman 2015).
const VGG16: [i64; 18] = [
    64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0,
];

/// VGG16's convolutional base (`include_top=False`) with global max pooling: 13 convolutions of
/// 3×3 with padding 1 and ReLU, five max-poolings; 14 714 688 parameters. Layers are named as
/// torchvision's `features.<index>`, so torchvision-named weights load into it.
#[derive(Debug)]
pub struct Vgg16Base {
    convs: Vec<(usize, nn::Conv2D)>,
}

impl Vgg16Base {
    pub fn new(p: &nn::Path) -> Self {
        let features = p / "features";
        let (mut convs, mut index, mut channels) = (Vec::new(), 0usize, 3i64);
        let same = nn::ConvConfig {
            padding: 1,
            ..Default::default()
        };
        for &c in &VGG16 {
            if c == 0 {
                index += 1; // a pooling layer
            } else {
                convs.push((
                    index,
                    nn::conv2d(&features / index.to_string(), channels, c, 3, same),
                ));
                channels = c;
                index += 2; // the convolution and its ReLU
            }
        }
        Self { convs }
    }

    /// The torchvision indices of the convolutions (0, 2, 5, 7, 10, …, 28).
    pub fn conv_indices(&self) -> Vec<usize> {
        self.convs.iter().map(|(i, _)| *i).collect()
    }

    pub fn layers(&self) -> Vec<Layer> {
        let mut side = IMAGE_SIDE;
        let mut out = Vec::new();
        let mut k = 0;
        for &c in &VGG16 {
            if c == 0 {
                side /= 2;
                out.push(Layer::new(
                    &format!("pool{}", out.len()),
                    "MaxPooling2D",
                    &[out.last().map_or(3, |l: &Layer| l.output[0]), side, side],
                ));
            } else {
                out.push(Layer::new(
                    &format!("features.{}", self.convs[k].0),
                    "Conv2D",
                    &[c, side, side],
                ));
                k += 1;
            }
        }
        out.push(Layer::new("global_max", "GlobalMaxPooling2D", &[512]));
        out
    }
}

impl nn::Module for Vgg16Base {
    /// (N, 3, H, W) → (N, 512): the base and a global max over the last feature map.
    fn forward(&self, xs: &Tensor) -> Tensor {
        let mut x = xs.shallow_clone();
        let mut k = 0;
        for &c in &VGG16 {
            if c == 0 {
                x = x.max_pool2d_default(2);
            } else {
                x = x.apply(&self.convs[k].1).relu();
                k += 1;
            }
        }
        x.amax([2, 3], false)
    }
}

/// Task 4: the VGG16 base (frozen by the caller through its `VarStore`) under Dense(8):
/// 4 104 trainable parameters.
#[derive(Debug)]
pub struct Transfer {
    pub base: Vgg16Base,
    head: nn::Linear,
}

impl Transfer {
    pub fn new(base_path: &nn::Path, head_path: &nn::Path) -> Self {
        Self {
            base: Vgg16Base::new(base_path),
            head: nn::linear(head_path / "fc", 512, CLASSES, Default::default()),
        }
    }
}

impl nn::ModuleT for Transfer {
    /// (N, 3, 100, 100) → (N, 8) logits.
    fn forward_t(&self, xs: &Tensor, _train: bool) -> Tensor {
        nn::Module::forward(&self.base, xs).apply(&self.head)
    }
}
