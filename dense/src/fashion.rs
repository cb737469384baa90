//! Lecture 2.1's training step: the Fashion-MNIST MLP trained with Adam on sparse categorical
//! cross-entropy in mini-batches (Keras defaults: lr 1e-3, batch 32, reshuffled every epoch).

use crate::model::Mlp;
use common::batch::TensorData;
use common::history::Progress;
use rand::Rng;
use tch::nn::{self, ModuleT};
use tch::{Kind, Tensor};

/// One pass over `data`; returns the mean training loss and accuracy.
pub fn train_epoch<R: Rng>(
    model: &Mlp,
    opt: &mut nn::Optimizer,
    data: &TensorData,
    batch_size: usize,
    rng: &mut R,
    progress: Option<&Progress>,
) -> (f64, f64) {
    let (mut loss_sum, mut hits, mut seen) = (0.0, 0i64, 0i64);
    for (x, y) in data.batches(batch_size, Some(rng)) {
        let logits = model.forward_t(&x, true);
        let loss = logits.cross_entropy_for_logits(&y);
        opt.backward_step(&loss);
        let n = y.size()[0];
        let batch_loss = loss.double_value(&[]);
        loss_sum += batch_loss * n as f64;
        hits += logits.argmax(-1, false).eq_tensor(&y).sum(Kind::Int64).int64_value(&[]);
        seen += n;
        if let Some(p) = progress {
            p.step(batch_loss);
        }
    }
    let seen = seen.max(1) as f64;
    (loss_sum / seen, hits as f64 / seen)
}

/// Mean loss and accuracy on `data`, without gradients.
pub fn evaluate(model: &Mlp, data: &TensorData, batch_size: usize) -> (f64, f64) {
    let _guard = tch::no_grad_guard();
    let (mut loss_sum, mut hits) = (0.0, 0i64);
    for (x, y) in data.batches::<rand::rngs::StdRng>(batch_size, None) {
        let logits = model.forward_t(&x, false);
        loss_sum += logits.cross_entropy_for_logits(&y).double_value(&[]) * y.size()[0] as f64;
        hits += logits.argmax(-1, false).eq_tensor(&y).sum(Kind::Int64).int64_value(&[]);
    }
    let n = data.len().max(1) as f64;
    (loss_sum / n, hits as f64 / n)
}

/// Class probabilities for a batch of images.
pub fn predict(model: &Mlp, images: &Tensor) -> Tensor {
    let _guard = tch::no_grad_guard();
    model.forward_t(images, false).softmax(-1, Kind::Float)
}
