//! Train/validation splits and mini-batches over tensors, driven by the run's seeded generator.

use crate::error::{Error, Result};
use rand::seq::SliceRandom;
use rand::Rng;
use tch::Tensor;

/// Indices of a train/validation split. Like Keras' `validation_split`, the validation part is
/// the last `fraction` of the samples when `rng` is `None`; with a generator the samples are
/// shuffled first.
pub fn train_val_split<R: Rng>(
    n: usize,
    fraction: f64,
    rng: Option<&mut R>,
) -> Result<(Vec<usize>, Vec<usize>)> {
    if !(0.0..1.0).contains(&fraction) {
        return Err(Error::InvalidArgument(format!(
            "validation fraction {fraction} is not in [0, 1)"
        )));
    }
    let mut idx: Vec<usize> = (0..n).collect();
    if let Some(rng) = rng {
        idx.shuffle(rng);
    }
    let n_val = (n as f64 * fraction).round() as usize;
    let val = idx.split_off(n - n_val);
    Ok((idx, val))
}

/// Inputs and targets with the same first dimension.
#[derive(Debug)]
pub struct TensorData {
    pub x: Tensor,
    pub y: Tensor,
}

impl TensorData {
    pub fn new(x: Tensor, y: Tensor) -> Result<Self> {
        let (nx, ny) = (x.size().first().copied(), y.size().first().copied());
        if nx != ny || nx.is_none() {
            return Err(Error::InvalidArgument(format!(
                "inputs {:?} and targets {:?} differ in their first dimension",
                x.size(),
                y.size()
            )));
        }
        Ok(Self { x, y })
    }

    pub fn len(&self) -> usize {
        self.x.size()[0] as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The samples at `idx`, in that order.
    pub fn select(&self, idx: &[usize]) -> TensorData {
        let idx: Vec<i64> = idx.iter().map(|&i| i as i64).collect();
        let t = Tensor::from_slice(&idx).to_device(self.x.device());
        TensorData {
            x: self.x.index_select(0, &t),
            y: self.y.index_select(0, &t.to_device(self.y.device())),
        }
    }

    /// Number of batches of `batch_size` (the last one may be smaller).
    pub fn n_batches(&self, batch_size: usize) -> usize {
        self.len().div_ceil(batch_size.max(1))
    }

    /// Mini-batches in order, or in a fresh random order when `rng` is given (one per epoch).
    pub fn batches<R: Rng>(&self, batch_size: usize, rng: Option<&mut R>) -> Batches<'_> {
        let mut order: Vec<i64> = (0..self.len() as i64).collect();
        if let Some(rng) = rng {
            order.shuffle(rng);
        }
        Batches {
            data: self,
            order,
            batch_size: batch_size.max(1),
            pos: 0,
        }
    }
}

/// Iterator over `(inputs, targets)` batches of a [`TensorData`].
#[derive(Debug)]
pub struct Batches<'a> {
    data: &'a TensorData,
    order: Vec<i64>,
    batch_size: usize,
    pos: usize,
}

impl Iterator for Batches<'_> {
    type Item = (Tensor, Tensor);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.order.len() {
            return None;
        }
        let end = (self.pos + self.batch_size).min(self.order.len());
        let idx = Tensor::from_slice(&self.order[self.pos..end]);
        self.pos = end;
        let x = self
            .data
            .x
            .index_select(0, &idx.to_device(self.data.x.device()));
        let y = self
            .data
            .y
            .index_select(0, &idx.to_device(self.data.y.device()));
        Some((x, y))
    }
}
