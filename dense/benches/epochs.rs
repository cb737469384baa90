//! Benchmarks of lecture 2, each one training epoch on the CPU, timed around the epoch alone:
//!
//! - `fashion_epoch`: the 2.1 MLP (784→128→10, Adam lr 1e-3, batch 32, shuffled) on the 60 000
//!   Fashion-MNIST training images;
//! - `ins_epoch`: the 2.2 dense net (4000→16→8→2, Adam, binary cross-entropy, batch 32) on 20 000
//!   stand-in spectra, which it also writes to `target/bench/` for the PyTorch side.
//!
//! The PyTorch equivalents are in `epochs.py` beside this file; `cargo xtask bench` runs both
//! and prints the ratios. Prints `BENCH <name> <seconds>` once per repetition.

use anyhow::{Context, Result};
use common::batch::TensorData;
use common::fashion_mnist::{self, Split};
use common::train::{train_epoch, Objective};
use dense::model::Mlp;
use std::io::Write;
use std::path::Path;
use std::time::Instant;
use tch::nn::{self, OptimizerConfig};

/// Spectra in the INS benchmark (the original training set's size).
const INS_SAMPLES: usize = 20_000;

fn time_epochs(
    name: &str,
    data: &TensorData,
    hidden: &[i64],
    outputs: i64,
    objective: Objective,
    repeat: usize,
) -> Result<()> {
    let inputs = data.x.size()[1..].iter().product();
    for r in 0..repeat {
        let mut rng = common::seed::stream(r as u64, name);
        tch::manual_seed(r as i64);
        let vs = nn::VarStore::new(tch::Device::Cpu);
        let model = Mlp::new(&vs.root(), inputs, hidden, outputs);
        let mut opt = nn::Adam::default().build(&vs, 1e-3)?;
        let t = Instant::now();
        let s = train_epoch(&model, &mut opt, data, 32, objective, &mut rng, None, None);
        let secs = t.elapsed().as_secs_f64();
        println!("info {name} loss {:.4} accuracy {:.4}", s.loss, s.accuracy);
        println!("BENCH {name} {secs:.6}");
    }
    Ok(())
}

fn write_ins(dir: &Path, set: &common::ins::InsSet) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("ins_images.f32"))?);
    for v in &set.images {
        f.write_all(&v.to_le_bytes())?;
    }
    f.flush()?;
    std::fs::write(dir.join("ins_labels.u8"), &set.labels)?;
    Ok(())
}

fn main() -> Result<()> {
    let repeat = common::cli::bench_repeat()?;
    println!("info threads {}", tch::get_num_threads());

    let set = fashion_mnist::load(None, Split::Train)?;
    let (x, y) = set.to_tensors();
    let data = TensorData::new(x, y)?;
    time_epochs(
        "fashion_epoch",
        &data,
        &[128],
        10,
        Objective::CrossEntropy,
        repeat,
    )?;

    let ins = common::ins::generate(INS_SAMPLES, 2021, "bench");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    write_ins(&dir, &ins)?;
    let (x, y) = ins.to_tensors();
    let data = TensorData::new(x, y)?;
    time_epochs(
        "ins_epoch",
        &data,
        &[16, 8],
        2,
        Objective::BinaryCrossEntropy,
        repeat,
    )?;
    Ok(())
}
