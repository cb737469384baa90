//! Benchmarks of lecture 3 on the CPU:
//!
//! - `baseline_steps`: 20 Adam training steps of the task-1 CNN (6 651 464 parameters) on
//!   mini-batches of 64 images of 100×100×3, after 2 untimed warm-up steps;
//! - `augmented_steps`: the same with task 3's batched augmentation applied to every batch;
//! - `vgg16_features`: the VGG16 base with global max pooling on 64 images (no gradients), as
//!   task 4 computes its frozen features;
//! - `pretrain_steps`: 10 Adam steps of the VGG16 with batch normalisation that pre-trains the
//!   base, with its 25-class head on the global max and our Adam ([`cnn::lecture::Adam`]), on mini-batches of 32 images of 64×64×3,
//!   after one untimed warm-up step.
//!
//! The PyTorch equivalents are in `steps.py` beside this file; `cargo xtask bench` runs both and
//! prints the ratios. Prints `BENCH <name> <seconds>` once per repetition.

use anyhow::Result;
use cnn::augment::Augment;
use cnn::lecture::Adam;
use cnn::model::{Baseline, Vgg16Base, Vgg16Bn};
use rand::SeedableRng;
use std::time::Instant;
use tch::nn::{self, ModuleT, OptimizerConfig};
use tch::{Device, Kind, Tensor};

const BATCH: i64 = 64;
const STEPS: usize = 20;

fn steps(name: &str, augment: bool, repeat: usize) -> Result<()> {
    for r in 0..repeat {
        tch::manual_seed(r as i64);
        let vs = nn::VarStore::new(Device::Cpu);
        let model = Baseline::new(&vs.root(), 0.0);
        let mut opt = nn::Adam::default().build(&vs, 1e-3)?;
        let x = Tensor::rand([BATCH, 3, 100, 100], (Kind::Float, Device::Cpu));
        let y = Tensor::randint(8, [BATCH], (Kind::Int64, Device::Cpu));
        let mut rng = rand::rngs::StdRng::seed_from_u64(r as u64);
        let mut step = |opt: &mut nn::Optimizer| {
            let xb = if augment {
                Augment::notebook().apply(&x, &mut rng)
            } else {
                x.shallow_clone()
            };
            let loss = model.forward_t(&xb, true).cross_entropy_for_logits(&y);
            opt.backward_step(&loss);
            loss.double_value(&[])
        };
        for _ in 0..2 {
            step(&mut opt);
        }
        let t = Instant::now();
        let mut loss = 0.0;
        for _ in 0..STEPS {
            loss = step(&mut opt);
        }
        let secs = t.elapsed().as_secs_f64();
        println!("info {name} last loss {loss:.4}");
        println!("BENCH {name} {secs:.6}");
    }
    Ok(())
}

fn features(repeat: usize) {
    for r in 0..repeat {
        tch::manual_seed(r as i64);
        let vs = nn::VarStore::new(Device::Cpu);
        let base = Vgg16Base::new(&vs.root());
        let x = Tensor::rand([BATCH, 3, 100, 100], (Kind::Float, Device::Cpu));
        let _guard = tch::no_grad_guard();
        let _ = nn::Module::forward(&base, &x.narrow(0, 0, 4));
        let t = Instant::now();
        let f = nn::Module::forward(&base, &x);
        let secs = t.elapsed().as_secs_f64();
        println!("info vgg16_features {:?}", f.size());
        println!("BENCH vgg16_features {secs:.6}");
    }
}

fn pretrain_steps(repeat: usize) {
    for r in 0..repeat {
        tch::manual_seed(r as i64);
        let vs = nn::VarStore::new(Device::Cpu);
        let net = Vgg16Bn::new(&vs.root());
        let head = nn::linear(vs.root() / "head", 512, 25, Default::default());
        let mut adam = Adam::new(&vs);
        let x = Tensor::rand([32, 3, 64, 64], (Kind::Float, Device::Cpu));
        let y = Tensor::randint(25, [32], (Kind::Int64, Device::Cpu));
        let mut step = || {
            let loss = net
                .forward_bn(&x, true, 0.1)
                .apply(&head)
                .cross_entropy_for_logits(&y);
            adam.backward_step(&loss, 5e-4);
            loss.double_value(&[])
        };
        step();
        let t = Instant::now();
        let mut loss = 0.0;
        for _ in 0..10 {
            loss = step();
        }
        let secs = t.elapsed().as_secs_f64();
        println!("info pretrain_steps last loss {loss:.4}");
        println!("BENCH pretrain_steps {secs:.6}");
    }
}

fn main() -> Result<()> {
    let repeat = common::cli::bench_repeat()?;
    println!("info threads {}", tch::get_num_threads());
    // Features first, on both sides: timed after the training runs in the same process, our
    // side measured about 15 % slower than alone (3.0 s against 2.6 s), the Python side not.
    features(repeat);
    steps("baseline_steps", false, repeat)?;
    steps("augmented_steps", true, repeat)?;
    pretrain_steps(repeat);
    Ok(())
}
