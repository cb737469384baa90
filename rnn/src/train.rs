//! Keras' `fit` for the networks of [`crate::net`]: the last `validation_split` of the windows
//! held out unshuffled, the rest shuffled every epoch into batches, Adam on the mean squared
//! error, the mean training loss and the validation loss recorded per epoch.

use crate::data::split_rows;
use crate::net::{mse, Adam, Net, NetSpec};
use common::history::{History, Progress};
use ndarray::{Array2, Axis};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

/// Training settings; `Default` is the notebook's (Adam 1e-3, 20 epochs, batch 32, 0.2 held out).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Training {
    pub epochs: usize,
    pub batch_size: usize,
    pub lr: f64,
    pub validation_split: f64,
}

impl Default for Training {
    fn default() -> Self {
        Self {
            epochs: 20,
            batch_size: 32,
            lr: 1e-3,
            validation_split: 0.2,
        }
    }
}

/// Train `net` on windows `x` → targets `y`; `show` prints a line per epoch (and a progress bar
/// on a terminal).
pub fn fit(
    net: &mut Net,
    x: &Array2<f64>,
    y: &Array2<f64>,
    t: &Training,
    rng: &mut StdRng,
    show: bool,
) -> History {
    let n_fit = split_rows(x.nrows(), t.validation_split);
    let (fx, fy) = (
        x.slice(ndarray::s![..n_fit, ..]),
        y.slice(ndarray::s![..n_fit, ..]),
    );
    let (vx, vy) = (
        x.slice(ndarray::s![n_fit.., ..]).to_owned(),
        y.slice(ndarray::s![n_fit.., ..]).to_owned(),
    );
    let batch = t.batch_size.max(1);
    let progress = show.then(|| Progress::new(t.epochs, n_fit.div_ceil(batch)));
    let mut history = History::default();
    let adam = Adam { lr: t.lr };
    let mut order: Vec<usize> = (0..n_fit).collect();
    for epoch in 1..=t.epochs {
        if let Some(p) = &progress {
            p.start_epoch(epoch);
        }
        order.shuffle(rng);
        let mut total = 0.0;
        for chunk in order.chunks(batch) {
            let bx = fx.select(Axis(0), chunk);
            let by = fy.select(Axis(0), chunk);
            let pred = net.forward(&bx, Some(&mut *rng));
            let (loss, grad) = mse(&pred, &by);
            net.backward(&grad);
            net.step(adam);
            total += loss * chunk.len() as f64;
            if let Some(p) = &progress {
                p.step(loss);
            }
        }
        let mut values = vec![("loss", total / n_fit.max(1) as f64)];
        if vx.nrows() > 0 {
            let (val, _) = mse(&net.predict(&vx), &vy);
            values.push(("val_loss", val));
        }
        let line = history.push(epoch, t.epochs, &values);
        if let Some(p) = &progress {
            p.println(&line);
        }
    }
    if let Some(p) = &progress {
        p.finish();
    }
    history
}

/// A network of `spec`, initialised from `rng` and trained: the notebook's one call.
pub fn train(
    spec: &NetSpec,
    x: &Array2<f64>,
    y: &Array2<f64>,
    t: &Training,
    rng: &mut StdRng,
    show: bool,
) -> (Net, History) {
    let mut net = Net::new(spec, rng);
    let history = fit(&mut net, x, y, t, rng, show);
    (net, history)
}
