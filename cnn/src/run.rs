//! Lecture 3 as the binary runs it, computing only: the image tree, the split, each task's
//! training, the pre-trained base, the saved CNNs loaded back. [`crate::present`] turns what
//! these return into figures and the report.

use crate::lecture::{self, Config, FineTune, Outcome, PretrainSet, Pretraining, Split, Task};
use crate::model::Baseline;
use anyhow::{bail, Context, Result};
use common::cli::{positive, positive_f64, Preset, RunArgs};
use std::path::{Path, PathBuf};
use tch::Device;

/// The settings of a run, from the command line.
#[derive(Clone, Debug)]
pub struct Run {
    pub cfg: Config,
    pub seed: u64,
    pub device: Device,
    /// The output folder (figures, report, weights).
    pub out: PathBuf,
    /// `--data`: the user's image tree; `None` is the stand-in.
    pub data: Option<PathBuf>,
    /// `--base`: VGG16 base weights to load instead of pre-training.
    pub base: Option<PathBuf>,
    pub pretrain_set: PretrainSet,
    /// The bonus of task 4, when asked for.
    pub fine_tune: Option<FineTune>,
}

/// The training options of the command line (any task; explicit values override the preset).
#[derive(Debug, Default, clap::Args)]
pub struct TrainFlags {
    /// Epochs of each model [default: quick 8, school 30, smoke 1].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    pub epochs: Option<usize>,
    /// Mini-batch size [default: 64].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    pub batch_size: Option<usize>,
    /// Adam learning rate [default: 1e-3].
    #[arg(long, global = true, value_parser = positive_f64, allow_hyphen_values = true)]
    pub lr: Option<f64>,
    /// Images per class used before the 70/15/15 split [default: quick 350, school all, smoke 40].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    pub per_class: Option<usize>,
    /// Mini-batches (of 32 images) that pre-train the VGG16 base, which is then kept for later
    /// runs with the same settings [default: quick 400, school 4000, smoke 4].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    pub pretrain_steps: Option<usize>,
    /// What the VGG16 base is pre-trained on: 25 other procedural objects made of the same kinds
    /// of parts as the targets, or plain geometric figures: the source data decide how much
    /// transfer helps.
    #[arg(long, global = true, value_enum, default_value_t = PretrainSet::Objects)]
    pub pretrain_set: PretrainSet,
    /// Epochs of task 4's head on the frozen features [default: quick 60, school 30, smoke 1].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    pub head_epochs: Option<usize>,
    /// VGG16 base weights to load instead of pre-training (safetensors with torchvision's names
    /// features.<i>.weight/bias, such as torchvision's ImageNet VGG16 converted, or ours).
    #[arg(long, global = true, value_name = "FILE")]
    pub base: Option<PathBuf>,
    /// Bonus of task 4: afterwards unfreeze the layers after #10 (blocks 4–5) and fine-tune them
    /// with the head.
    #[arg(long, global = true)]
    pub unfreeze: bool,
    /// Epochs of that fine-tuning.
    #[arg(long, global = true, default_value_t = 3, value_parser = positive, allow_hyphen_values = true)]
    pub fine_tune_epochs: usize,
    /// Adam learning rate of that fine-tuning.
    #[arg(long, global = true, default_value_t = 1e-5, value_parser = positive_f64, allow_hyphen_values = true)]
    pub fine_tune_lr: f64,
}

impl TrainFlags {
    /// The run these options and the common ones describe.
    pub fn run(&self, common: &RunArgs, device: Device, out: PathBuf) -> Run {
        Run {
            cfg: self.config(common.preset),
            seed: common.seed,
            device,
            out,
            data: common.data.clone(),
            base: self.base.clone(),
            pretrain_set: self.pretrain_set,
            fine_tune: self.unfreeze.then_some(FineTune {
                epochs: self.fine_tune_epochs,
                lr: self.fine_tune_lr,
            }),
        }
    }

    /// The preset's config with the explicit values.
    pub fn config(&self, preset: Preset) -> Config {
        let d = Config::for_preset(preset);
        Config {
            per_class: self.per_class.or(d.per_class),
            epochs: self.epochs.unwrap_or(d.epochs),
            batch_size: self.batch_size.unwrap_or(d.batch_size),
            lr: self.lr.unwrap_or(d.lr),
            dropout: d.dropout,
            pretrain_steps: self.pretrain_steps.unwrap_or(d.pretrain_steps),
            head_epochs: self.head_epochs.unwrap_or(d.head_epochs),
        }
    }
}

/// The image tree: `--data`, else the stand-in (written on first use).
pub fn tree(r: &Run) -> Result<PathBuf> {
    Ok(match &r.data {
        Some(dir) => dir.clone(),
        None => crate::data::ensure_stand_in(r.seed)?,
    })
}

/// The split of the tree, its class names saved for later predictions.
pub fn load(r: &Run) -> Result<(PathBuf, Split)> {
    let root = tree(r)?;
    let split = lecture::load_split(&root, r.cfg.per_class, r.seed, r.device)?;
    println!(
        "{}: {} training / {} validation / {} test images of {} classes",
        root.display(),
        split.train.len(),
        split.val.len(),
        split.test.len(),
        split.classes.len()
    );
    let classes_file = r.out.join("cnn_classes.json");
    std::fs::write(&classes_file, serde_json::to_string(&split.classes)?)
        .with_context(|| format!("writing {}", classes_file.display()))?;
    Ok((root, split))
}

/// The class names of the last training run (or the stand-in's).
pub fn classes(r: &Run) -> Result<Vec<String>> {
    let file = r.out.join("cnn_classes.json");
    if file.is_file() {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        return serde_json::from_str(&text)
            .with_context(|| format!("{} is not a list of class names", file.display()));
    }
    Ok(crate::data::CLASSES.iter().map(|s| s.to_string()).collect())
}

/// A CNN of tasks 1–3 as its training saved it.
pub fn load_cnn(r: &Run, task: Task) -> Result<Baseline> {
    let file = r.out.join(task.weights_file());
    if !file.is_file() {
        bail!(
            "no trained {} model at {}: run `cargo run -p cnn -- {}` first (or give --out)",
            task.name(),
            file.display(),
            task.name()
        );
    }
    let mut vs = tch::nn::VarStore::new(r.device);
    let dropout = if task == Task::Dropout {
        r.cfg.dropout
    } else {
        0.0
    };
    let model = Baseline::new(&vs.root(), dropout);
    vs.load(&file)
        .with_context(|| format!("loading {}", file.display()))?;
    Ok(model)
}

/// The base kept for this run's settings (pre-trained now if none is, or anew if `fresh`).
#[derive(Clone, Debug)]
pub struct Base {
    pub file: PathBuf,
    pub pretraining: Pretraining,
    /// Whether an earlier run's base was reused.
    pub reused: bool,
}

/// Pre-train the base (anew if `fresh`, else only if none is kept for these settings).
pub fn pretrain(r: &Run, fresh: bool) -> Result<Base> {
    let (set, steps, seed) = (r.pretrain_set, r.cfg.pretrain_steps, r.seed);
    let file = lecture::base_cache_file(set, steps, seed);
    if fresh {
        let _ = std::fs::remove_file(&file);
    }
    let (p, reused) = lecture::pretrained_base(set, steps, seed, r.device, &file)?;
    println!(
        "VGG16 base {}: {} scenes of {}; accuracy {:.3} over the last tenth of the steps, {:.3} on held-out \
         100×100 scenes; {}",
        if reused { "reused" } else { "pre-trained" },
        p.images_seen,
        set.name(),
        p.final_train_accuracy,
        p.test_accuracy,
        file.display()
    );
    Ok(Base {
        file,
        pretraining: p,
        reused,
    })
}

/// Task 4's base: the user's file, or the one pre-trained here.
#[derive(Clone, Debug)]
pub enum BaseUsed {
    Given(PathBuf),
    Pretrained(Base),
}

impl BaseUsed {
    pub fn file(&self) -> &Path {
        match self {
            BaseUsed::Given(f) => f,
            BaseUsed::Pretrained(b) => &b.file,
        }
    }
}

/// One task's training: its outcome, the base it used (task 4), and the bonus fine-tuning.
#[derive(Debug)]
pub struct Trained {
    pub task: Task,
    pub outcome: Outcome,
    pub base: Option<BaseUsed>,
    pub fine_tuned: Option<Outcome>,
}

/// Train one of the four models on the split.
pub fn train(r: &Run, task: Task, split: &Split) -> Result<Trained> {
    let (outcome, base, fine_tuned) = if task == Task::Transfer {
        let base = match &r.base {
            Some(file) => BaseUsed::Given(file.clone()),
            None => BaseUsed::Pretrained(pretrain(r, false)?),
        };
        let run = lecture::train_transfer(&r.cfg, split, r.seed, base.file(), r.fine_tune)?;
        (run.head, Some(base), run.fine_tuned)
    } else {
        let outcome = lecture::train_cnn(task, &r.cfg, split, r.seed, &r.out)?.2;
        (outcome, None, None)
    };
    println!(
        "{}: test accuracy {:.4}, loss {:.3} (original {:.4}); best validation accuracy {:.4}; {:.0} s",
        task.title(),
        outcome.test.accuracy,
        outcome.test.loss,
        task.original_test_accuracy(),
        outcome.best_val_accuracy(),
        outcome.seconds
    );
    if let Some(o) = &fine_tuned {
        println!(
            "bonus, blocks 4–5 fine-tuned: test accuracy {:.4}, loss {:.3}; best validation accuracy {:.4}; {:.0} s",
            o.test.accuracy,
            o.test.loss,
            o.best_val_accuracy(),
            o.seconds
        );
    }
    Ok(Trained {
        task,
        outcome,
        base,
        fine_tuned,
    })
}

/// A test image of `class`, the file named `prefer` if the split has it.
pub fn pick(split: &Split, class: &str, prefer: &str) -> Option<PathBuf> {
    split
        .test_paths
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n == prefer))
        .or_else(|| {
            split.test_paths.iter().find(|p| {
                p.parent()
                    .and_then(Path::file_name)
                    .is_some_and(|n| n == class)
            })
        })
        .cloned()
}
