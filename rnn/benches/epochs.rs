//! Benchmarks of lecture 6, timed in our code; `epochs.py` beside this file is the PyTorch
//! equivalent (eager `nn.RNN` / `nn.LSTM`, Dropout, Linear, Adam), and `cargo xtask bench` runs
//! both and prints the ratios. Same data on both sides: the notebook's 950 training windows of
//! 50 days from the S&P 500 file of `cargo xtask setup rnn`, 20 % held out, batch 32.
//!
//! - `simple_rnn_epoch`: one epoch of SimpleRNN(10) → Dropout(0.2) → Dense(1) (the mean of 5);
//! - `lstm_epoch`: the same with LSTM(10).
//!
//! Prints `BENCH <name> <seconds>` once per repetition.

use anyhow::Result;
use rnn::data::{default_file, Pipeline};
use rnn::net::{Cell, Net, NetSpec};
use rnn::train::{fit, Training};
use std::time::Instant;

fn main() -> Result<()> {
    let repeat = common::cli::bench_repeat()?;
    let data = Pipeline::default().prepare(&default_file(), 1)?;
    let t = Training {
        epochs: 5,
        ..Training::default()
    };
    for r in 0..repeat {
        for (name, cell) in [
            ("simple_rnn_epoch", Cell::SimpleRnn),
            ("lstm_epoch", Cell::Lstm),
        ] {
            let mut rng = common::seed::stream(r as u64, "bench");
            let mut net = Net::new(&NetSpec::single(cell, 10, 0.2), &mut rng);
            let start = Instant::now();
            let h = fit(&mut net, &data.train_x, &data.train_y, &t, &mut rng, false);
            println!(
                "BENCH {name} {:.6}",
                start.elapsed().as_secs_f64() / t.epochs as f64
            );
            println!(
                "info {name} loss after 5 epochs {:.2e}",
                h.last("loss").unwrap_or(f64::NAN)
            );
        }
    }
    Ok(())
}
