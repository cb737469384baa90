//! Benchmark: one training epoch of lecture 2.1's MLP (784→128→10, Adam lr 1e-3, batch 32,
//! shuffled) on the 60 000 Fashion-MNIST training images, on the CPU. The PyTorch equivalent is
//! `mlp_epoch.py` beside this file; `cargo xtask bench` runs both and prints the ratio.
//! Prints `BENCH mlp_epoch <seconds>` once per repetition.

use anyhow::{Context, Result};
use common::batch::TensorData;
use common::fashion_mnist::{self, Split};
use common::train::{train_epoch, Objective};
use dense::model::Mlp;
use std::time::Instant;
use tch::nn::{self, OptimizerConfig};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let repeat = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse::<usize>())
        .transpose()
        .context("--repeat takes a whole number")?
        .unwrap_or(1);
    let set = fashion_mnist::load(None, Split::Train)?;
    let (x, y) = set.to_tensors();
    let data = TensorData::new(x, y)?;
    println!(
        "info threads {} samples {}",
        tch::get_num_threads(),
        data.len()
    );
    for r in 0..repeat {
        let mut rng = common::seed::stream(r as u64, "bench");
        tch::manual_seed(r as i64);
        let vs = nn::VarStore::new(tch::Device::Cpu);
        let model = Mlp::fashion(&vs.root());
        let mut opt = nn::Adam::default().build(&vs, 1e-3)?;
        let t = Instant::now();
        let s = train_epoch(
            &model,
            &mut opt,
            &data,
            32,
            Objective::CrossEntropy,
            &mut rng,
            None,
        );
        let secs = t.elapsed().as_secs_f64();
        println!("info loss {:.4} accuracy {:.4}", s.loss, s.accuracy);
        println!("BENCH mlp_epoch {secs:.6}");
    }
    Ok(())
}
