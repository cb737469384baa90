//! Lecture 3, tasks 1–3 (notebook "CNN"): the baseline CNN (6 651 464 parameters) trained plain,
//! with Dropout(0.6) and on augmented images; the run's sizes and hyper-parameters ([`Config`]).
//! Recorded test accuracies: 0.8976, 0.9000, 0.9357 (and 0.9429 for task 4, [`crate::transfer`]).

use crate::augment::Augment;
use crate::model::Baseline;
use crate::split::Split;
use anyhow::{Context, Result};
use common::cli::Preset;
use common::history::History;
use common::train::{self, Fit, Objective, Stats};
use serde::{Deserialize, Serialize};
use std::path::Path;
use tch::nn::{self, OptimizerConfig};
use tch::Tensor;

/// Sizes and hyper-parameters of a run (saved as JSON beside every checkpoint).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Images per class taken from the tree before the 70/15/15 split; `None` takes all.
    pub per_class: Option<usize>,
    pub epochs: usize,
    pub batch_size: usize,
    pub lr: f64,
    /// Dropout rate of task 2.
    pub dropout: f64,
    /// Mini-batches of 32 scenes that pre-train the VGG16 base.
    pub pretrain_steps: usize,
    /// Epochs of task 4's head on the precomputed features (cheap: a linear layer).
    pub head_epochs: usize,
}

impl Config {
    /// smoke: 40 images per class, 1 epoch, 4 pre-training steps; quick: 350 per class, 8
    /// epochs, 400 steps, 60 head epochs (about the notebook's 1 860 head updates); school: all
    /// images, 30 epochs (the notebook), 4 000 steps.
    pub fn for_preset(preset: Preset) -> Self {
        let school = Self {
            per_class: None,
            epochs: 30,
            batch_size: 64,
            lr: 1e-3,
            dropout: 0.6,
            pretrain_steps: 4000,
            head_epochs: 30,
        };
        match preset {
            Preset::Smoke => Self {
                per_class: Some(40),
                epochs: 1,
                pretrain_steps: 4,
                head_epochs: 1,
                ..school
            },
            Preset::Quick => Self {
                per_class: Some(350),
                epochs: 8,
                pretrain_steps: 400,
                head_epochs: 60,
                ..school
            },
            Preset::School => school,
        }
    }
}

/// The four models the lecture compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    Baseline,
    Dropout,
    Augmentation,
    Transfer,
}

impl Task {
    pub const ALL: [Task; 4] = [
        Task::Baseline,
        Task::Dropout,
        Task::Augmentation,
        Task::Transfer,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Task::Baseline => "baseline",
            Task::Dropout => "dropout",
            Task::Augmentation => "augmentation",
            Task::Transfer => "transfer",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Task::Baseline => "task 1: baseline CNN",
            Task::Dropout => "task 2: CNN with dropout 0.6",
            Task::Augmentation => "task 3: CNN with augmentation",
            Task::Transfer => "task 4: frozen VGG16 base + Dense(8)",
        }
    }

    /// The test accuracy recorded in the original notebook.
    pub fn original_test_accuracy(self) -> f64 {
        match self {
            Task::Baseline => 0.8976,
            Task::Dropout => 0.9000,
            Task::Augmentation => 0.9357,
            Task::Transfer => 0.9429,
        }
    }

    /// Where the trained weights are saved (after every epoch).
    pub fn weights_file(self) -> String {
        format!("cnn_{}.safetensors", self.name())
    }
}

/// What one of the four trainings gave.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub task: &'static str,
    pub trainable_parameters: i64,
    pub history: History,
    pub test: Stats,
    pub seconds: f64,
}

impl Outcome {
    /// Highest validation accuracy over the epochs.
    pub fn best_val_accuracy(&self) -> f64 {
        self.history
            .series("val_accuracy")
            .iter()
            .map(|p| p.1)
            .fold(0.0, f64::max)
    }
}

pub(crate) fn trainable(vs: &nn::VarStore) -> i64 {
    vs.trainable_variables()
        .iter()
        .map(Tensor::numel)
        .sum::<usize>() as i64
}

/// Tasks 1–3: the baseline CNN trained on the split's training part, validated after every
/// epoch, tested once; weights saved to `out/cnn_<task>.safetensors` after every epoch.
pub fn train_cnn(
    task: Task,
    cfg: &Config,
    split: &Split,
    seed: u64,
    out: &Path,
) -> Result<(nn::VarStore, Baseline, Outcome)> {
    let device = split.train.x.device();
    seed_weights(seed, &format!("cnn/{}/init", task.name()));
    let vs = nn::VarStore::new(device);
    let dropout = if task == Task::Dropout {
        cfg.dropout
    } else {
        0.0
    };
    let model = Baseline::new(&vs.root(), dropout);
    let mut opt = nn::Adam::default().build(&vs, cfg.lr)?;
    let augment = |x: &Tensor, rng: &mut rand::rngs::StdRng| Augment::notebook().apply(x, rng);
    let checkpoint = out.join(task.weights_file());
    let settings_file = checkpoint.with_extension("json");
    std::fs::write(&settings_file, serde_json::to_string_pretty(cfg)?)
        .with_context(|| format!("writing {}", settings_file.display()))?;
    let settings = Fit {
        epochs: cfg.epochs,
        batch_size: cfg.batch_size,
        objective: Objective::CrossEntropy,
        validation: Some(&split.val),
        checkpoint: Some(&checkpoint),
        transform: (task == Task::Augmentation).then_some(&augment as train::Transform<'_>),
    };
    println!(
        "{}: {} training / {} validation images",
        task.title(),
        split.train.len(),
        split.val.len()
    );
    let start = std::time::Instant::now();
    let mut rng = common::seed::stream(seed, &format!("cnn/{}/batches", task.name()));
    let history = train::fit(&model, &vs, &mut opt, &split.train, &settings, &mut rng)?;
    let seconds = start.elapsed().as_secs_f64();
    let test = train::evaluate(&model, &split.test, 256, Objective::CrossEntropy);
    let outcome = Outcome {
        task: task.name(),
        trainable_parameters: trainable(&vs),
        history,
        test,
        seconds,
    };
    Ok((vs, model, outcome))
}

/// Seed libtorch from a named stream, so each model starts from its own fixed weights.
pub(crate) fn seed_weights(seed: u64, name: &str) {
    let mut rng = common::seed::stream(seed, name);
    tch::manual_seed((rand::RngCore::next_u64(&mut rng) >> 1) as i64);
}
