//! Lecture 3, task 4 (notebook "CNN", transfer learning): a frozen VGG16 base (from
//! [`crate::pretrain`] or `--base`) under Dense(8), trained on the base's features computed once;
//! the bonus unfreezes blocks 4–5 and fine-tunes them with the head. Recorded: test accuracy 0.9429.

use crate::model::Transfer;
use crate::split::Split;
use crate::training::{seed_weights, trainable, Config, Outcome, Task};
use anyhow::{Context, Result};
use common::batch::TensorData;
use common::history::Progress;
use common::train::{self, Fit, Objective};
use std::path::Path;
use tch::nn::{self, OptimizerConfig};
use tch::Tensor;

/// `f` (a frozen part of the base) applied to every image of `data`, in batches of 32 without
/// gradients: computed once, since it does not change while the layers above it train and no
/// augmentation is applied in task 4.
fn base_features(
    data: &TensorData,
    what: &str,
    f: impl Fn(&Tensor) -> Tensor,
) -> Result<TensorData> {
    let _guard = tch::no_grad_guard();
    let n = data.len();
    let batch = 32;
    let progress = Progress::counting("VGG16 feature batches", n.div_ceil(batch), "");
    let mut parts = Vec::new();
    for i in (0..n).step_by(batch) {
        parts.push(f(&data.x.narrow(0, i as i64, batch.min(n - i) as i64)));
        progress.step(0.0);
    }
    progress.finish();
    println!("  VGG16 features of the {n} {what} images computed");
    Ok(TensorData::new(
        Tensor::cat(&parts, 0),
        data.y.shallow_clone(),
    )?)
}

/// The bonus task: how many epochs to fine-tune, and from which block on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FineTune {
    pub epochs: usize,
    pub lr: f64,
}

/// Blocks 4 and 5 — the notebook's "layers after #10" of Keras' VGG16 (#10 is `block3_pool`).
pub const UNFROZEN_FROM_BLOCK: usize = 3;

/// What task 4 gave: the head on the frozen base, and the bonus fine-tuning if asked for.
#[derive(Debug)]
pub struct TransferRun {
    pub head: Outcome,
    pub fine_tuned: Option<Outcome>,
    pub model: Transfer,
}

fn fit_settings<'a>(cfg: &Config, epochs: usize, val: &'a TensorData) -> Fit<'a> {
    Fit {
        epochs,
        batch_size: cfg.batch_size,
        objective: Objective::CrossEntropy,
        validation: Some(val),
        checkpoint: None,
        transform: None,
    }
}

/// Task 4: the VGG16 base, loaded from `base_file` and frozen, under a Dense(8) head trained
/// with Adam at the run's learning rate on the base's features (computed once). With
/// `fine_tune`, the bonus task follows: blocks 4–5 unfrozen and trained on with the head.
pub fn train_transfer(
    cfg: &Config,
    split: &Split,
    seed: u64,
    base_file: &Path,
    fine_tune: Option<FineTune>,
) -> Result<TransferRun> {
    let device = split.train.x.device();
    if !base_file.is_file() {
        anyhow::bail!(
            "{}: no such file (the VGG16 base to load)",
            base_file.display()
        );
    }
    if base_file.extension().and_then(|e| e.to_str()) != Some("safetensors") {
        anyhow::bail!(
            "{}: the VGG16 base must be a .safetensors file (torchvision's names, features.<i>.weight/bias)",
            base_file.display()
        );
    }
    seed_weights(seed, "cnn/transfer/init");
    let mut base_vs = nn::VarStore::new(device);
    let head_vs = nn::VarStore::new(device);
    let model = Transfer::new(&base_vs.root(), &head_vs.root());
    base_vs
        .load(base_file)
        .with_context(|| format!("loading the VGG16 base from {}", base_file.display()))?;
    println!(
        "{}: base loaded from {}",
        Task::Transfer.title(),
        base_file.display()
    );
    let outcome = train_head(cfg, split, seed, &model, &mut base_vs, &head_vs)?;
    let fine_tuned = match fine_tune {
        Some(ft) => Some(fine_tune_upper(
            cfg,
            split,
            seed,
            &model,
            [&base_vs, &head_vs],
            ft,
        )?),
        None => None,
    };
    Ok(TransferRun {
        head: outcome,
        fine_tuned,
        model,
    })
}

/// Task 4's training: the base frozen, its features of every image computed once, the head
/// alone trained on them with Adam at the run's learning rate, then tested.
fn train_head(
    cfg: &Config,
    split: &Split,
    seed: u64,
    model: &Transfer,
    base_vs: &mut nn::VarStore,
    head_vs: &nn::VarStore,
) -> Result<Outcome> {
    // BEGIN SOLUTION 3.4
    base_vs.freeze();
    println!("{}: base frozen", Task::Transfer.title());
    let start = std::time::Instant::now();
    let features = |data: &TensorData, what: &str| -> Result<TensorData> {
        base_features(data, what, |x| nn::Module::forward(&model.base, x))
    };
    let (train_f, val_f, test_f) = (
        features(&split.train, "training")?,
        features(&split.val, "validation")?,
        features(&split.test, "test")?,
    );
    let head = model.head_layer();
    let mut opt = nn::Adam::default().build(head_vs, cfg.lr)?;
    let mut rng = common::seed::stream(seed, "cnn/transfer/batches");
    let settings = fit_settings(cfg, cfg.head_epochs, &val_f);
    let history = train::fit(&head, head_vs, &mut opt, &train_f, &settings, &mut rng)?;
    let test = train::evaluate(&head, &test_f, 256, Objective::CrossEntropy);
    Ok(Outcome {
        task: Task::Transfer.name(),
        trainable_parameters: trainable(head_vs),
        history,
        test,
        seconds: start.elapsed().as_secs_f64(),
    })
    // END SOLUTION
}

/// The bonus task's unfreezing: every variable of `vs` gets its trained value from `trained`,
/// and only the head (`fc.*`) and the variables named in `unfrozen` stay trainable. Returns the
/// number of trainable parameters.
pub fn copy_and_unfreeze(
    vs: &nn::VarStore,
    trained: &[&nn::VarStore],
    unfrozen: &[String],
) -> Result<i64> {
    // BEGIN SOLUTION 3.5
    let sources: Vec<_> = trained.iter().map(|v| v.variables()).collect();
    let mut parameters = 0;
    for (name, mut t) in vs.variables() {
        let src = sources
            .iter()
            .find_map(|m| m.get(&name))
            .with_context(|| format!("no trained value for {name}"))?;
        tch::no_grad(|| t.copy_(src));
        let train = name.starts_with("fc.") || unfrozen.contains(&name);
        let _ = t.set_requires_grad(train);
        if train {
            parameters += t.numel() as i64;
        }
    }
    Ok(parameters)
    // END SOLUTION
}

/// The bonus task: a copy of the transfer model with blocks 4–5 and the head trainable, trained
/// on the block-3 maps of the images (the frozen blocks 1–3 computed once) at `ft.lr`.
fn fine_tune_upper(
    cfg: &Config,
    split: &Split,
    seed: u64,
    model: &Transfer,
    trained: [&nn::VarStore; 2],
    ft: FineTune,
) -> Result<Outcome> {
    let device = split.train.x.device();
    println!(
        "bonus: unfreezing the layers after #10 (blocks 4–5) and fine-tuning {} epochs at lr {}",
        ft.epochs, ft.lr
    );
    let start = std::time::Instant::now();
    let vs = nn::VarStore::new(device);
    let copy = Transfer::new(&vs.root(), &vs.root());
    let unfrozen = copy.base.variable_names_from(UNFROZEN_FROM_BLOCK);
    let parameters = copy_and_unfreeze(&vs, &trained, &unfrozen)?;
    let maps = |data: &TensorData, what: &str| -> Result<TensorData> {
        base_features(data, what, |x| model.base.blocks(x, 0, UNFROZEN_FROM_BLOCK))
    };
    let (train_m, val_m, test_m) = (
        maps(&split.train, "training")?,
        maps(&split.val, "validation")?,
        maps(&split.test, "test")?,
    );
    let upper = copy.upper(UNFROZEN_FROM_BLOCK);
    let mut opt = nn::Adam::default().build(&vs, ft.lr)?;
    let mut rng = common::seed::stream(seed, "cnn/transfer/fine-tune");
    let settings = fit_settings(cfg, ft.epochs, &val_m);
    let history = train::fit(&upper, &vs, &mut opt, &train_m, &settings, &mut rng)?;
    let test = train::evaluate(&upper, &test_m, 64, Objective::CrossEntropy);
    Ok(Outcome {
        task: "transfer, fine-tuned",
        trainable_parameters: parameters,
        history,
        test,
        seconds: start.elapsed().as_secs_f64(),
    })
}
