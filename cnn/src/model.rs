//! Lecture 3's networks, in tch's idiom. No I/O here. Inputs are (N, 3, 100, 100) in [0, 1].

use common::layers::{glorot, glorot_conv};
use common::summary::Layer;
use tch::{nn, Tensor};

pub const IMAGE_SIDE: i64 = 100;
pub const CLASSES: i64 = 8;

/// Tasks 1 and 2: Conv2D(32) → MaxPool → Conv2D(64) → MaxPool → Conv2D(128) → MaxPool →
/// Flatten(12 800) → Dense(512, ReLU) [→ Dropout] → Dense(8); 3×3 "valid" convolutions with
/// ReLU; 6 651 464 parameters, initialised as Keras does (Glorot-uniform, zero biases).
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
        let conv =
            |name: &str, i: i64, o: i64| nn::conv2d(p / name, i, o, 3, glorot_conv(i, o, 3, 0));
        let dense = |name: &str, i: i64, o: i64| nn::linear(p / name, i, o, glorot(i, o));
        Self {
            conv1: conv("conv1", 3, 32),
            conv2: conv("conv2", 32, 64),
            conv3: conv("conv3", 64, 128),
            fc1: dense("fc1", 128 * 10 * 10, 512),
            fc2: dense("fc2", 512, CLASSES),
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

    /// Task 2: dropout on the hidden layer at the model's rate while training (each unit zeroed
    /// with that probability, the survivors scaled by 1/(1 − rate), as Keras' `Dropout`); the
    /// identity when not training or at rate 0 (task 1).
    pub fn regularise(&self, hidden: Tensor, train: bool) -> Tensor {
        if self.dropout == 0.0 {
            return hidden;
        }
        // BEGIN SOLUTION 3.2
        hidden.dropout(self.dropout, train)
        // END SOLUTION
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
        let hidden = xs
            .apply(&self.conv1)
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
            .relu();
        self.regularise(hidden, train).apply(&self.fc2)
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
    /// (torchvision index, weight, bias) of each 3×3 convolution with padding 1.
    convs: Vec<(usize, Tensor, Option<Tensor>)>,
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
                let conv = nn::conv2d(&features / index.to_string(), channels, c, 3, same);
                convs.push((index, conv.ws, conv.bs));
                channels = c;
                index += 2; // the convolution and its ReLU
            }
        }
        Self { convs }
    }

    /// The torchvision indices of the convolutions (0, 2, 5, 7, 10, …, 28).
    pub fn conv_indices(&self) -> Vec<usize> {
        self.convs.iter().map(|(i, _, _)| *i).collect()
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

/// ImageNet's channel means and standard deviations: torchvision's VGG16 weights expect inputs
/// in [0, 1] normalised with them, and our pre-training uses the same convention.
const MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const STD: [f32; 3] = [0.229, 0.224, 0.225];

impl Vgg16Base {
    /// Blocks `from..to` of the five (each: its convolutions with ReLU, then max pooling) on
    /// `xs`; from block 0 the input in [0, 1] is first normalised with ImageNet's channel
    /// statistics. `blocks(x, 0, 5)` is the whole base before the global pooling.
    pub fn blocks(&self, xs: &Tensor, from: usize, to: usize) -> Tensor {
        self.blocks_with(xs, from, to, &|_, x| x)
    }

    /// [`Self::blocks`] with `norm(k, y)` applied to the output `y` of the k-th convolution
    /// before its ReLU.
    fn blocks_with(
        &self,
        xs: &Tensor,
        from: usize,
        to: usize,
        norm: &dyn Fn(usize, Tensor) -> Tensor,
    ) -> Tensor {
        let mut x = if from == 0 {
            let (kind, device) = (xs.kind(), xs.device());
            let stat = |v: [f32; 3]| {
                Tensor::from_slice(&v)
                    .view([1, 3, 1, 1])
                    .to_kind(kind)
                    .to_device(device)
            };
            (xs - stat(MEAN)) / stat(STD)
        } else {
            xs.shallow_clone()
        };
        let (mut block, mut k) = (0, 0);
        for &c in &VGG16 {
            if c == 0 {
                if (from..to).contains(&block) {
                    x = x.max_pool2d_default(2);
                }
                block += 1;
            } else {
                if (from..to).contains(&block) {
                    let (_, w, b) = &self.convs[k];
                    x = norm(k, x.conv2d(w, b.as_ref(), [1, 1], [1, 1], [1, 1], 1)).relu();
                }
                k += 1;
            }
        }
        x
    }

    /// The same layers sharing the same weights (for a module that owns them).
    fn share(&self) -> Self {
        Self {
            convs: self
                .convs
                .iter()
                .map(|(i, w, b)| (*i, w.shallow_clone(), b.as_ref().map(Tensor::shallow_clone)))
                .collect(),
        }
    }

    /// The torchvision names of the weights and biases of blocks `from..5`.
    pub fn variable_names_from(&self, from: usize) -> Vec<String> {
        let first_conv = [0, 2, 4, 7, 10][from.min(4)];
        self.convs[first_conv..]
            .iter()
            .flat_map(|(i, _, _)| [format!("features.{i}.weight"), format!("features.{i}.bias")])
            .collect()
    }
}

impl nn::Module for Vgg16Base {
    /// (N, 3, H, W) in [0, 1] → (N, 512): channel normalisation, the base, and a global max over
    /// the last feature map.
    fn forward(&self, xs: &Tensor) -> Tensor {
        self.blocks(xs, 0, 5).amax([2, 3], false)
    }
}

/// VGG16's base with batch normalisation after every convolution: the network we pre-train.
/// Batch normalisation lets it learn from scratch at once, where the plain network sits at
/// chance for hundreds of steps; [`Vgg16Bn::fold_into`] then turns it into the plain base —
/// each normalisation folded into the convolution before it, the same function with VGG16's
/// 14 714 688 parameters (Ioffe & Szegedy 2015; folding as in Jacob et al. 2018).
#[derive(Debug)]
pub struct Vgg16Bn {
    pub base: Vgg16Base,
    norms: Vec<nn::BatchNorm>,
}

/// Batch normalisation's ε, as PyTorch's and Keras' default.
const BN_EPS: f64 = 1e-5;

impl Vgg16Bn {
    /// Convolutions at `p / "features" / i` as [`Vgg16Base`], normalisations at `p / "norm" / i`
    /// (scale 1, shift 0, as PyTorch initialises them).
    pub fn new(p: &nn::Path) -> Self {
        let base = Vgg16Base::new(p);
        let config = nn::BatchNormConfig {
            ws_init: nn::Init::Const(1.0),
            ..Default::default()
        };
        let norms = base
            .convs
            .iter()
            .map(|(i, w, _)| nn::batch_norm2d(p / "norm" / i.to_string(), w.size()[0], config))
            .collect();
        Self { base, norms }
    }

    /// (N, 3, H, W) in [0, 1] → (N, 512), the global max of the last map. In training mode each
    /// normalisation uses the batch's statistics and moves its running ones by `momentum`; in
    /// evaluation mode it uses the running ones.
    pub fn forward_bn(&self, xs: &Tensor, train: bool, momentum: f64) -> Tensor {
        let norm = |k: usize, y: Tensor| {
            let n = &self.norms[k];
            Tensor::batch_norm(
                &y,
                n.ws.as_ref(),
                n.bs.as_ref(),
                Some(&n.running_mean),
                Some(&n.running_var),
                train,
                momentum,
                BN_EPS,
                false,
            )
        };
        self.base.blocks_with(xs, 0, 5, &norm).amax([2, 3], false)
    }

    /// Estimate the running statistics afresh as the plain average over `batches` (PyTorch's
    /// `momentum=None`), e.g. on images of another size than those it was trained on: the
    /// statistics of the deepest maps depend on the image size.
    pub fn recalibrate(&self, batches: impl IntoIterator<Item = Tensor>) {
        let _guard = tch::no_grad_guard();
        for n in &self.norms {
            let (mut mean, mut var) = (
                n.running_mean.shallow_clone(),
                n.running_var.shallow_clone(),
            );
            let _ = mean.zero_();
            let _ = var.fill_(1.0);
        }
        for (k, x) in batches.into_iter().enumerate() {
            let _ = self.forward_bn(&x, true, 1.0 / (k + 1) as f64);
        }
    }

    /// Write the plain base that computes what this network computes in evaluation mode into
    /// `plain`: weights w·γ/√(σ² + ε) and biases (b − μ)·γ/√(σ² + ε) + β.
    pub fn fold_into(&self, plain: &Vgg16Base) {
        let _guard = tch::no_grad_guard();
        for ((_, w, b), ((_, pw, pb), n)) in self
            .base
            .convs
            .iter()
            .zip(plain.convs.iter().zip(&self.norms))
        {
            let gamma =
                n.ws.as_ref()
                    .map_or_else(|| n.running_var.ones_like(), Tensor::shallow_clone);
            let beta =
                n.bs.as_ref()
                    .map_or_else(|| n.running_mean.zeros_like(), Tensor::shallow_clone);
            let scale = gamma / (&n.running_var + BN_EPS).sqrt();
            let bias = b
                .as_ref()
                .map_or_else(|| n.running_mean.zeros_like(), Tensor::shallow_clone);
            pw.shallow_clone().copy_(&(w * scale.view([-1, 1, 1, 1])));
            if let Some(pb) = pb {
                pb.shallow_clone()
                    .copy_(&((bias - &n.running_mean) * &scale + beta));
            }
        }
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
            head: nn::linear(head_path / "fc", 512, CLASSES, glorot(512, CLASSES)),
        }
    }
}

/// Blocks `from..5` of a VGG16 base, global max pooling and a head, sharing the weights of a
/// [`Transfer`] model: what the bonus task fine-tunes on precomputed block-`from` maps.
#[derive(Debug)]
pub struct Upper {
    base: Vgg16Base,
    head: nn::Linear,
    from: usize,
}

impl nn::ModuleT for Upper {
    fn forward_t(&self, maps: &Tensor, _train: bool) -> Tensor {
        self.base
            .blocks(maps, self.from, 5)
            .amax([2, 3], false)
            .apply(&self.head)
    }
}

impl Transfer {
    /// Blocks `from..5` and the head, sharing this model's weights.
    pub fn upper(&self, from: usize) -> Upper {
        Upper {
            base: self.base.share(),
            head: self.head_layer(),
            from,
        }
    }

    /// The head alone, for training on precomputed (N, 512) base features; it shares its
    /// weights with the model's head.
    pub fn head_layer(&self) -> nn::Linear {
        nn::Linear {
            ws: self.head.ws.shallow_clone(),
            bs: self.head.bs.as_ref().map(Tensor::shallow_clone),
        }
    }
}

impl nn::ModuleT for Transfer {
    /// (N, 3, 100, 100) → (N, 8) logits.
    fn forward_t(&self, xs: &Tensor, _train: bool) -> Tensor {
        nn::Module::forward(&self.base, xs).apply(&self.head)
    }
}
