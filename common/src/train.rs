//! The training loop every network lecture shares: epochs of shuffled mini-batches with a
//! progress bar, evaluation without gradients, a per-epoch history, and a checkpoint after every
//! epoch so that an interrupted run keeps its last finished epoch.

use crate::batch::TensorData;
use crate::history::{History, Progress};
use std::path::Path;
use tch::nn::{self, ModuleT};
use tch::{Kind, Tensor};

/// What is minimised and what counts as a correct prediction.
#[derive(Clone, Copy, Debug)]
pub enum Objective {
    /// Softmax cross-entropy on logits against class indices (Keras' sparse categorical CE).
    CrossEntropy,
    /// Sigmoid binary cross-entropy on logits against 0/1 targets of the same shape (Keras'
    /// binary CE on one-hot labels); a prediction counts as correct per output, like Keras'
    /// binary accuracy.
    BinaryCrossEntropy,
}

impl Objective {
    pub fn loss(self, logits: &Tensor, targets: &Tensor) -> Tensor {
        match self {
            Objective::CrossEntropy => logits.cross_entropy_for_logits(targets),
            Objective::BinaryCrossEntropy => logits.binary_cross_entropy_with_logits::<Tensor>(
                targets,
                None,
                None,
                tch::Reduction::Mean,
            ),
        }
    }

    /// (correct predictions, predictions) in a batch.
    pub fn correct(self, logits: &Tensor, targets: &Tensor) -> (i64, i64) {
        match self {
            Objective::CrossEntropy => (
                logits
                    .argmax(-1, false)
                    .eq_tensor(targets)
                    .sum(Kind::Int64)
                    .int64_value(&[]),
                targets.size()[0],
            ),
            Objective::BinaryCrossEntropy => (
                logits
                    .gt(0.0)
                    .eq_tensor(&targets.gt(0.5))
                    .sum(Kind::Int64)
                    .int64_value(&[]),
                targets.numel() as i64,
            ),
        }
    }
}

/// Mean loss and accuracy over a pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    pub loss: f64,
    pub accuracy: f64,
}

/// A change applied to every training batch's inputs before the forward pass (on-the-fly data
/// augmentation); it draws from the run's generator.
pub type Transform<'a> = &'a dyn Fn(&Tensor, &mut rand::rngs::StdRng) -> Tensor;

/// One pass over `data` in a fresh random order, one optimiser step per batch; `transform`, if
/// given, changes each batch's inputs first.
#[allow(clippy::too_many_arguments)]
pub fn train_epoch<M: ModuleT>(
    model: &M,
    opt: &mut nn::Optimizer,
    data: &TensorData,
    batch_size: usize,
    objective: Objective,
    rng: &mut rand::rngs::StdRng,
    progress: Option<&Progress>,
    transform: Option<Transform<'_>>,
) -> Stats {
    let (mut loss_sum, mut hits, mut seen, mut n) = (0.0, 0i64, 0i64, 0i64);
    for (x, y) in data.batches(batch_size, Some(&mut *rng)) {
        let x = match transform {
            Some(f) => f(&x, rng),
            None => x,
        };
        let logits = model.forward_t(&x, true);
        let loss = objective.loss(&logits, &y);
        opt.backward_step(&loss);
        let b = y.size()[0];
        let batch_loss = loss.double_value(&[]);
        loss_sum += batch_loss * b as f64;
        n += b;
        let (h, s) = objective.correct(&logits, &y);
        hits += h;
        seen += s;
        if let Some(p) = progress {
            p.step(batch_loss);
        }
    }
    Stats {
        loss: loss_sum / n.max(1) as f64,
        accuracy: hits as f64 / seen.max(1) as f64,
    }
}

/// Mean loss and accuracy on `data`, in evaluation mode and without gradients.
pub fn evaluate<M: ModuleT>(
    model: &M,
    data: &TensorData,
    batch_size: usize,
    objective: Objective,
) -> Stats {
    let _guard = tch::no_grad_guard();
    let (mut loss_sum, mut hits, mut seen) = (0.0, 0i64, 0i64);
    for (x, y) in data.batches::<rand::rngs::StdRng>(batch_size, None) {
        let logits = model.forward_t(&x, false);
        loss_sum += objective.loss(&logits, &y).double_value(&[]) * y.size()[0] as f64;
        let (h, s) = objective.correct(&logits, &y);
        hits += h;
        seen += s;
    }
    Stats {
        loss: loss_sum / data.len().max(1) as f64,
        accuracy: hits as f64 / seen.max(1) as f64,
    }
}

/// Model outputs for all of `x`, in evaluation mode, batch by batch.
pub fn predict<M: ModuleT>(model: &M, x: &Tensor, batch_size: usize) -> Tensor {
    let _guard = tch::no_grad_guard();
    let n = x.size()[0];
    let parts: Vec<Tensor> = (0..n)
        .step_by(batch_size.max(1))
        .map(|i| model.forward_t(&x.narrow(0, i, (batch_size as i64).min(n - i)), false))
        .collect();
    Tensor::cat(&parts, 0)
}

/// Settings of [`fit`].
pub struct Fit<'a> {
    pub epochs: usize,
    pub batch_size: usize,
    pub objective: Objective,
    /// Evaluated after every epoch and recorded as `val_loss` / `val_accuracy`.
    pub validation: Option<&'a TensorData>,
    /// Where to save the weights after every epoch.
    pub checkpoint: Option<&'a Path>,
    /// Applied to every training batch (augmentation); `None` trains on the data as they are.
    pub transform: Option<Transform<'a>>,
}

impl std::fmt::Debug for Fit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fit")
            .field("epochs", &self.epochs)
            .field("batch_size", &self.batch_size)
            .field("objective", &self.objective)
            .field("validation", &self.validation.map(TensorData::len))
            .field("checkpoint", &self.checkpoint)
            .field("transform", &self.transform.is_some())
            .finish()
    }
}

/// Train for `epochs`, printing one line per epoch (and a bar on a terminal). Returns the history
/// with `loss`, `accuracy` and, with validation data, `val_loss` and `val_accuracy`.
pub fn fit<M: ModuleT>(
    model: &M,
    vs: &nn::VarStore,
    opt: &mut nn::Optimizer,
    train: &TensorData,
    settings: &Fit<'_>,
    rng: &mut rand::rngs::StdRng,
) -> crate::Result<History> {
    let mut history = History::default();
    let progress = Progress::new(settings.epochs, train.n_batches(settings.batch_size));
    for epoch in 1..=settings.epochs {
        progress.start_epoch(epoch);
        let s = train_epoch(
            model,
            opt,
            train,
            settings.batch_size,
            settings.objective,
            rng,
            Some(&progress),
            settings.transform,
        );
        let mut values = vec![("loss", s.loss), ("accuracy", s.accuracy)];
        if let Some(val) = settings.validation {
            let v = evaluate(model, val, settings.batch_size.max(256), settings.objective);
            values.extend([("val_loss", v.loss), ("val_accuracy", v.accuracy)]);
        }
        let line = history.push(epoch, settings.epochs, &values);
        progress.println(&line);
        if let Some(path) = settings.checkpoint {
            vs.save(path)?;
        }
    }
    progress.finish();
    Ok(history)
}
