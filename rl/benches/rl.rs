//! Benchmarks of lecture 10, timed in our code; `rl.py` beside this file is the Python
//! equivalent (gymnasium's CliffWalking and numpy; PyTorch for the network), and
//! `cargo xtask bench` runs both and prints the ratios:
//!
//! - `cem_cliff_3_iterations`: the first three iterations of tabular CEM on CliffWalking from the
//!   uniform policy (250 sessions of at most 10 000 steps, 50th-percentile elite, smoothing 0.5);
//! - `dqn_200_updates`: 200 DQN updates of the notebook's network (batch 64 of 4×64×64 states:
//!   forward, TD target from the target network, MSE, backward, gradient-norm clip 50, Adam 1e-4).
//!
//! Prints `BENCH <name> <seconds>` once per repetition.

use anyhow::Result;
use rl::cem::{self, CemConfig};
use rl::model::QNet;
use std::time::Instant;
use tch::nn::{self, Module, OptimizerConfig};
use tch::{Kind, Tensor};

fn main() -> Result<()> {
    let repeat = common::cli::bench_repeat()?;
    println!("info threads {}", tch::get_num_threads());
    for r in 0..repeat {
        let mut rng = common::seed::stream(r as u64, "bench/cem");
        let cfg = CemConfig {
            iterations: 3,
            ..CemConfig::default()
        };
        let t = Instant::now();
        let run = cem::train(&cfg, &mut rng);
        println!(
            "info cem last mean {:.1}",
            run.history.last().map_or(f64::NAN, |h| h.mean_reward)
        );
        println!(
            "BENCH cem_cliff_3_iterations {:.6}",
            t.elapsed().as_secs_f64()
        );
    }
    for r in 0..repeat {
        tch::manual_seed(r as i64);
        let vs = nn::VarStore::new(tch::Device::Cpu);
        let net = QNet::new(&vs.root(), 64, 9);
        let mut target_vs = nn::VarStore::new(tch::Device::Cpu);
        let target = QNet::new(&target_vs.root(), 64, 9);
        target_vs.copy(&vs)?;
        let mut opt = nn::Adam::default().build(&vs, 1e-4)?;
        let states = Tensor::rand([64, 4, 64, 64], (Kind::Float, tch::Device::Cpu));
        let next = Tensor::rand([64, 4, 64, 64], (Kind::Float, tch::Device::Cpu));
        let actions = Tensor::randint(9, [64], (Kind::Int64, tch::Device::Cpu));
        let rewards = Tensor::rand([64], (Kind::Float, tch::Device::Cpu));
        let t = Instant::now();
        for _ in 0..200 {
            let q = net
                .forward(&states)
                .gather(1, &actions.unsqueeze(1), false)
                .squeeze_dim(1);
            let y = tch::no_grad(|| &rewards + 0.99 * target.forward(&next).max_dim(1, false).0);
            let loss = q.mse_loss(&y, tch::Reduction::Mean);
            opt.zero_grad();
            loss.backward();
            opt.clip_grad_norm(50.0);
            opt.step();
        }
        println!("BENCH dqn_200_updates {:.6}", t.elapsed().as_secs_f64());
    }
    Ok(())
}
