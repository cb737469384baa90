//! One test per exercise of lecture 6 (see exercises.toml): each checks what the answer does,
//! never its text, on a small synthetic wave. `cargo xtask check rnn` runs them.

#![allow(clippy::unwrap_used)]

use ndarray::{s, Array2};
use rand::rngs::StdRng;
use rand::SeedableRng;
use rnn::data::{Pipeline, Prepared};
use rnn::net::{Cell, Net, NetSpec};
use rnn::train::{fit, Training};
use std::path::PathBuf;

/// A noiseless wave on a trend, cut as the notebook cuts its prices, at a small size.
fn wave() -> (Pipeline, Prepared) {
    let p = Pipeline {
        drop: 0,
        window: 12,
        train_windows: 160,
        test_start: 180,
        test_windows: 40,
        ..Pipeline::default()
    };
    let values: Vec<f64> = (0..240)
        .map(|i| 10.0 + 0.01 * i as f64 + (i as f64 / 4.0).sin())
        .collect();
    let dates = (0..240)
        .map(|i| format!("2000-01-{:02}", 1 + i % 28))
        .collect();
    let d = p
        .prepare_values(PathBuf::from("wave"), dates, values, 1)
        .unwrap();
    (p, d)
}

fn training(epochs: usize) -> Training {
    Training {
        epochs,
        batch_size: 16,
        lr: 1e-2,
        validation_split: 0.2,
    }
}

#[test]
fn exercise_6_1_every_setting_is_trained_and_scored() {
    use rnn::sweep::{sweep, Setting};
    let (_, data) = wave();
    let settings = [
        Setting {
            units: 4,
            epochs: 1,
            dropout: 0.0,
        },
        Setting {
            units: 4,
            epochs: 12,
            dropout: 0.0,
        },
        Setting {
            units: 8,
            epochs: 12,
            dropout: 0.0,
        },
    ];
    let runs = sweep(&settings, &data, &training(1), 5);
    assert_eq!(runs.len(), 3);
    for ((s, r), want) in runs.iter().zip(&settings) {
        assert_eq!(s, want);
        assert_eq!(
            r.history.series("loss").len(),
            want.epochs,
            "trained for the setting's epochs"
        );
        assert!(r.test_rmse.is_finite() && r.naive_rmse > 0.0);
    }
    // SimpleRNN(u) → Dense(1): u (1 + u) + u + u + 1 parameters.
    assert_eq!((runs[0].1.parameters, runs[2].1.parameters), (29, 89));
    let last = |i: usize| runs[i].1.history.last("loss").unwrap();
    assert!(
        last(1) < last(0),
        "12 epochs {} against 1 {}",
        last(1),
        last(0)
    );
}

#[test]
fn exercise_6_2_the_lstm_gates_write_keep_and_forget() {
    use rnn::net::lstm_step;
    let u = 2;
    let c_prev = Array2::from_shape_vec((1, u), vec![0.8, -0.4]).unwrap();
    // All gates half open, no candidate: c = ½ c₋₁, h = ½ tanh(c).
    let (act, c, h) = lstm_step(Array2::zeros((1, 4 * u)), &c_prev);
    assert_eq!(act.dim(), (1, 4 * u));
    assert!((c[[0, 0]] - 0.4).abs() < 1e-12 && (c[[0, 1]] + 0.2).abs() < 1e-12);
    assert!((h[[0, 0]] - 0.5 * 0.4f64.tanh()).abs() < 1e-12);
    // Input open, forget shut, output open: the cell holds the candidate tanh(a_g) alone.
    let big = 40.0;
    let a = Array2::from_shape_vec((1, 4 * u), vec![big, big, -big, -big, 0.3, -1.0, big, big])
        .unwrap();
    let (_, c, h) = lstm_step(a, &c_prev);
    assert!(
        (c[[0, 0]] - 0.3f64.tanh()).abs() < 1e-9 && (c[[0, 1]] - (-1.0f64).tanh()).abs() < 1e-9
    );
    assert!((h[[0, 0]] - 0.3f64.tanh().tanh()).abs() < 1e-9);
    // Input shut, forget open, output shut: the cell keeps c₋₁ and shows nothing.
    let a = Array2::from_shape_vec(
        (1, 4 * u),
        vec![-big, -big, big, big, 0.3, -1.0, -big, -big],
    )
    .unwrap();
    let (act, c, h) = lstm_step(a, &c_prev);
    assert!((&c - &c_prev).iter().all(|d| d.abs() < 1e-9));
    assert!(h.iter().all(|v| v.abs() < 1e-9));
    assert!(
        (act[[0, u]] - 1.0).abs() < 1e-9,
        "the activations are stored, forget gate second"
    );
}

/// Train `spec` on the wave; training loss of the first and last epoch, and the test error over
/// the naive forecast's.
fn learn(spec: &NetSpec, epochs: usize) -> (f64, f64, f64) {
    let (_, data) = wave();
    let mut rng = StdRng::seed_from_u64(11);
    let mut net = Net::new(spec, &mut rng);
    let h = fit(
        &mut net,
        &data.train_x,
        &data.train_y,
        &training(epochs),
        &mut rng,
        false,
    );
    let run = rnn::lecture::score("t", spec, &mut net, h.clone(), &data);
    let loss = h.series("loss");
    (loss[0].1, loss[loss.len() - 1].1, run.ratio())
}

#[test]
fn exercise_6_2_an_lstm_learns_a_wave() {
    let (first, last, ratio) = learn(&NetSpec::single(Cell::Lstm, 8, 0.0), 40);
    assert!(last < 0.1 * first, "loss {first} → {last}");
    // A wave is predictable: the LSTM beats "tomorrow = today" on it.
    assert!(ratio < 1.0, "test error / naive {ratio}");
}

#[test]
fn exercise_6_3_two_lstms_stacked_learn_a_wave() {
    let spec = rnn::models::stacked_lstm(6, 0.0);
    assert_eq!(spec.units.len(), 2);
    assert_eq!(spec.cell, Cell::Lstm);
    // 4·6·(1+6) + 24 + 4·6·(6+6) + 24 + 7.
    assert_eq!(spec.parameters(), 192 + 312 + 7);
    let (first, last, ratio) = learn(&spec, 40);
    assert!(last < 0.1 * first, "loss {first} → {last}");
    assert!(ratio < 1.0, "test error / naive {ratio}");
}

#[test]
fn exercise_6_4_the_recursive_forecast_feeds_each_prediction_back() {
    let (_, data) = wave();
    let spec = NetSpec::single(Cell::SimpleRnn, 5, 0.0);
    let mut net = Net::new(&spec, &mut StdRng::seed_from_u64(3));
    let x = data.test_x.slice(s![..4, ..]).to_owned();
    let out = rnn::forecast::recursive_forecast(&mut net, &x, 3);
    assert_eq!(out.dim(), (4, 3));
    // Day 1 is the one-day prediction; day 2 that of the window moved on by day 1's prediction.
    let one = net.predict(&x);
    assert!((out.column(0).to_owned() - one.column(0))
        .iter()
        .all(|d| d.abs() < 1e-12));
    let w = x.ncols();
    let mut moved = Array2::zeros(x.raw_dim());
    moved
        .slice_mut(s![.., ..w - 1])
        .assign(&x.slice(s![.., 1..]));
    moved.column_mut(w - 1).assign(&one.column(0));
    let two = net.predict(&moved);
    assert!((out.column(1).to_owned() - two.column(0))
        .iter()
        .all(|d| d.abs() < 1e-12));
}
