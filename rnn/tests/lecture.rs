//! The lecture's tasks on a synthetic series in the original's format and size: a seeded model
//! beats predicting the training mean, reruns give identical numbers; and the real S&P 500 file
//! that `cargo xtask setup rnn` writes.

#![allow(clippy::unwrap_used)]

use common::cli::Preset;
use common::task::{Context, Task};
use rnn::data::Pipeline;
use rnn::prices::{self, Prices};
use std::path::Path;

/// 2 700 days of a noisy random walk with drift, written as a Yahoo CSV.
fn walk(path: &Path) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    let mut p = Prices::default();
    let mut v = 100.0;
    for i in 0..2700 {
        v *= 1.0 + 0.0004 + 0.01 * (rng.gen::<f64>() - 0.5);
        p.dates.push(format!(
            "{:04}-{:02}-{:02}",
            2000 + i / 300,
            1 + (i / 25) % 12,
            1 + i % 25
        ));
        for (k, c) in p.columns.iter_mut().enumerate() {
            c.push(if k == 5 { 1e6 } else { v });
        }
    }
    prices::write(path, &p).unwrap();
}

#[test]
fn a_seeded_model_beats_the_training_mean_and_reruns_identically() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("walk.csv");
    walk(&file);
    let mut c = rnn::notebook::SimpleRnnTask::config(Preset::Quick);
    c.pipeline = Pipeline {
        data: Some(file),
        ..Pipeline::default()
    };
    c.training.epochs = 20;
    let ctx = Context::new(4, dir.path());
    let o = rnn::notebook::SimpleRnnTask::compute(&c, &ctx).unwrap();
    // Predicting the mean of the training targets for every test day (measured: the model 60.4,
    // the mean 93.6; the walk climbs out of the training range, as prices do):
    let data = c.pipeline.prepare(Path::new(""), 1).unwrap();
    let mean = data.train_y.mean().unwrap();
    let mean_pred = ndarray::Array2::from_elem(data.test_y.raw_dim(), mean);
    let mean_rmse = data.price_rmse(&mean_pred, &data.test_y);
    assert!(
        o.leaky.test_rmse < 0.8 * mean_rmse,
        "model {} against the training mean {mean_rmse}",
        o.leaky.test_rmse
    );
    assert_eq!(o.leaky.parameters, 131);
    let again = rnn::notebook::SimpleRnnTask::compute(&c, &ctx).unwrap();
    assert_eq!(again.leaky.test_rmse, o.leaky.test_rmse);
    assert_eq!(again.honest.predicted, o.honest.predicted);
}

#[test]
fn the_sp500_of_the_setup_is_read_as_the_notebook_cuts_tsla() {
    let file = rnn::data::default_file();
    assert!(
        file.is_file(),
        "{} is missing: run `cargo xtask setup rnn`",
        file.display()
    );
    let p = prices::read(&file).unwrap();
    assert_eq!(p.len(), 16_607);
    assert_eq!(
        (p.dates[0].as_str(), p.dates[p.len() - 1].as_str()),
        ("1950-01-03", "2015-12-31")
    );
    let d = Pipeline::default().prepare(&file, 1).unwrap();
    assert_eq!(d.values.len(), 1677);
    assert_eq!(d.dates[0], "2009-05-06");
    let other = prices::read(&rnn::data::other_file()).unwrap();
    assert_eq!(other.len(), 1867);
}
