//! The lecture's tasks on a data split: the three trainings of the baseline CNN (plain, with
//! dropout, with augmentation), transfer learning on a frozen VGG16 base that we pre-train
//! ourselves, single-image prediction and feature maps.

use crate::augment::Augment;
use crate::model::{Baseline, Transfer, CLASSES, IMAGE_SIDE};
use anyhow::{bail, Context, Result};
use common::batch::TensorData;
use common::cli::Preset;
use common::history::{History, Progress};
use common::image_folder::{read_image, rgb_tensor, ImageFolder};
use common::plot::{self, ColorMapKind, GridImage, Series, XyPlot};
use common::train::{self, Fit, Objective, Stats};
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tch::nn::{self, ModuleT, OptimizerConfig};
use tch::{Device, Kind, Tensor};

/// Sizes and hyper-parameters of a run.
#[derive(Clone, Debug, PartialEq)]
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

/// Images split 70/15/15 per class, as tensors on the run's device.
#[derive(Debug)]
pub struct Split {
    pub classes: Vec<String>,
    pub train: TensorData,
    pub val: TensorData,
    pub test: TensorData,
    /// The files of the test images, in the order of `test`.
    pub test_paths: Vec<PathBuf>,
}

/// The class-per-folder tree at `root`: `per_class` images of each class (all if `None`),
/// shuffled per class by `seed` and split into 70/15/15 % (validation and test each
/// ⌊0.15 n⌋, training the rest: 491/105/105 for 701 images).
pub fn load_split(
    root: &Path,
    per_class: Option<usize>,
    seed: u64,
    device: Device,
) -> Result<Split> {
    let set = ImageFolder::load(root, IMAGE_SIDE as usize)?;
    if set.classes.len() != CLASSES as usize {
        bail!(
            "{} has {} class folders ({}); the networks of this lecture have {CLASSES} outputs",
            root.display(),
            set.classes.len(),
            set.classes.join(", ")
        );
    }
    let mut rng = common::seed::stream(seed, "cnn/split");
    let (mut train, mut val, mut test) = (Vec::new(), Vec::new(), Vec::new());
    for class in 0..set.classes.len() {
        let mut idx: Vec<usize> = (0..set.len()).filter(|&i| set.labels[i] == class).collect();
        idx.shuffle(&mut rng);
        idx.truncate(per_class.unwrap_or(usize::MAX));
        let k = idx.len() * 15 / 100;
        if k == 0 {
            bail!(
                "class '{}' has {} images; at least 7 are needed for a 70/15/15 split",
                set.classes[class],
                idx.len()
            );
        }
        val.extend_from_slice(&idx[..k]);
        test.extend_from_slice(&idx[k..2 * k]);
        train.extend_from_slice(&idx[2 * k..]);
    }
    let (x, y) = set.to_tensors();
    let all = TensorData::new(x.to_device(device), y.to_device(device))?;
    Ok(Split {
        classes: set.classes.clone(),
        train: all.select(&train),
        val: all.select(&val),
        test: all.select(&test),
        test_paths: test.iter().map(|&i| set.paths[i].clone()).collect(),
    })
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

fn trainable(vs: &nn::VarStore) -> i64 {
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
fn seed_weights(seed: u64, name: &str) {
    let mut rng = common::seed::stream(seed, name);
    tch::manual_seed((rand::RngCore::next_u64(&mut rng) >> 1) as i64);
}

/// What the VGG16 base is pre-trained on (ImageNet cannot be had offline).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PretrainSet {
    /// Twenty-five other procedural objects (truck, bicycle, …, dragonfly, fox, owl, windmill,
    /// robot, …) made of the same kinds of parts as the target classes, in the same clutter
    /// ([`crate::data::render_object`]); none of them is a target class.
    Objects,
    /// Ten procedural geometric figures in the clutter of the target scenes
    /// ([`crate::data::render_shape`]).
    Shapes,
}

impl PretrainSet {
    pub fn name(self) -> &'static str {
        match self {
            PretrainSet::Objects => "objects",
            PretrainSet::Shapes => "shapes",
        }
    }

    /// Number of classes.
    pub fn classes(self) -> usize {
        match self {
            PretrainSet::Objects => crate::data::OBJECTS.len(),
            PretrainSet::Shapes => crate::data::SHAPES.len(),
        }
    }

    /// One fresh `side`×`side` scene of class `class`, at the target scenes' size in pixels.
    fn render(self, class: usize, side: usize, rng: &mut rand::rngs::StdRng) -> Vec<u8> {
        match self {
            PretrainSet::Objects => crate::data::render_object(class, side, rng),
            PretrainSet::Shapes => crate::data::render_shape(class, side, rng),
        }
    }
}

/// Side of the pre-training images: 64×64 windows of 100×100 scenes, so that objects have the
/// target scenes' size in pixels with 41 % of the pixels of whole scenes.
pub const PRETRAIN_SIDE: usize = 64;
/// Images per pre-training step.
pub const PRETRAIN_BATCH: usize = 32;
/// Adam's learning rate in pre-training, reached after a linear warm-up of this many steps.
pub const PRETRAIN_LR: f64 = 5e-4;
pub const PRETRAIN_WARMUP: usize = 30;
/// At most this many batches of 32 whole 100×100 scenes re-estimate the normalisation
/// statistics before folding (task 4 feeds the base 100×100 images), and as many measure the
/// held-out accuracy; one per 20 steps, so that a short test run stays short.
const CALIBRATION_BATCHES: usize = 10;

/// `n` fresh scenes of a procedural set with their classes, (n, 3, side, side) in [0, 1].
fn procedural_batch(
    set: PretrainSet,
    n: usize,
    side: usize,
    rng: &mut rand::rngs::StdRng,
    device: Device,
) -> (Tensor, Tensor) {
    use rand::Rng;
    let (mut pixels, mut labels) = (
        Vec::with_capacity(n * side * side * 3),
        Vec::with_capacity(n),
    );
    for _ in 0..n {
        let class = rng.gen_range(0..set.classes());
        labels.push(class as i64);
        pixels.extend(set.render(class, side, rng));
    }
    (
        rgb_tensor(&pixels, side).to_device(device),
        Tensor::from_slice(&labels).to_device(device),
    )
}

/// What pre-training gave.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pretraining {
    pub data_set: PretrainSet,
    pub steps: usize,
    pub images_seen: usize,
    /// Accuracy over the last tenth of the steps (64×64 windows, training mode), and on up to
    /// 320 held-out whole 100×100 scenes after the recalibration, as task 4 will see them.
    pub final_train_accuracy: f64,
    pub test_accuracy: f64,
    pub seconds: f64,
}

/// Pre-training steps between two saves of its state (the network in training, Adam's moments
/// and the counts: 177 MB, written every 80 s or so of pre-training on 2 cores).
const PRETRAIN_SAVE_EVERY: usize = 25;

/// Pre-train VGG16 with batch normalisation ([`crate::model::Vgg16Bn`]) and a linear head on the
/// global max, as task 4 uses the base, for `steps` batches of 32 fresh 64×64 scenes of `set`
/// (Adam 5e-4 after a 30-step warm-up); re-estimate the normalisation statistics on 100×100
/// scenes, fold the normalisations into the convolutions, and save the plain base alone
/// (torchvision's names) to `file`. The state of the pre-training is saved beside `file` every
/// 25 steps: a pre-training that was interrupted goes on from there, to the same end.
pub fn pretrain_base(
    set: PretrainSet,
    steps: usize,
    seed: u64,
    device: Device,
    file: &Path,
) -> Result<Pretraining> {
    pretrain_base_until(set, steps, seed, device, file, steps)?
        .context("pre-training stopped before its last step")
}

/// [`pretrain_base`], stopped after step `until` with its state saved, as an interruption
/// leaves it (`None` if that is before the end): for testing the resumption.
#[doc(hidden)]
pub fn pretrain_base_until(
    set: PretrainSet,
    steps: usize,
    seed: u64,
    device: Device,
    file: &Path,
    until: usize,
) -> Result<Option<Pretraining>> {
    seed_weights(seed, "cnn/pretrain/init");
    let vs = nn::VarStore::new(device);
    let net = crate::model::Vgg16Bn::new(&vs.root());
    let head = nn::linear(
        vs.root() / "head",
        512,
        set.classes() as i64,
        Default::default(),
    );
    let mut adam = Adam::new(&vs);
    let state_file = file.with_extension("state.safetensors");
    let (start, mut hits, mut seen, earlier) =
        match load_pretraining_state(&state_file, &vs, &mut adam) {
            Some(s) => {
                println!(
                    "resuming the pre-training saved at step {} ({})",
                    s.0,
                    state_file.display()
                );
                s
            }
            None => (0, 0, 0, 0.0),
        };
    println!(
        "pre-training VGG16 (with batch normalisation) on {}: {steps} steps of {PRETRAIN_BATCH} \
         scenes of {PRETRAIN_SIDE}×{PRETRAIN_SIDE}",
        set.name()
    );
    let timer = std::time::Instant::now();
    let seconds = || earlier + timer.elapsed().as_secs_f64();
    let until = until.min(steps);
    let progress = Progress::new(1, until.saturating_sub(start));
    progress.start_epoch(1);
    let tail = steps - (steps / 10).max(1);
    for step in start..until {
        // Each step's scenes come from a stream of their own, so that a resumed run draws the
        // same ones.
        let mut rng = common::seed::stream(seed, &format!("cnn/pretrain/{}/{step}", set.name()));
        let (x, y) = procedural_batch(set, PRETRAIN_BATCH, PRETRAIN_SIDE, &mut rng, device);
        let logits = net.forward_bn(&x, true, 0.1).apply(&head);
        let loss = logits.cross_entropy_for_logits(&y);
        let lr = PRETRAIN_LR * ((step + 1) as f64 / PRETRAIN_WARMUP as f64).min(1.0);
        adam.backward_step(&loss, lr);
        if step >= tail {
            let (h, s) = Objective::CrossEntropy.correct(&logits, &y);
            hits += h;
            seen += s;
        }
        progress.step(loss.double_value(&[]));
        let done = step + 1;
        if done < steps && (done % PRETRAIN_SAVE_EVERY == 0 || done == until) {
            save_pretraining_state(
                &state_file,
                &vs,
                &adam,
                [done as i64, hits, seen],
                seconds(),
            )?;
        }
    }
    progress.finish();
    if until < steps {
        return Ok(None);
    }
    let side = IMAGE_SIDE as usize;
    let batches = (steps / 20).clamp(1, CALIBRATION_BATCHES);
    let mut rng = common::seed::stream(seed, "cnn/pretrain/calibration");
    net.recalibrate(
        (0..batches).map(|_| procedural_batch(set, PRETRAIN_BATCH, side, &mut rng, device).0),
    );
    let test_accuracy = {
        let _guard = tch::no_grad_guard();
        let mut rng = common::seed::stream(seed, "cnn/pretrain/held-out");
        let (mut h, mut s) = (0, 0);
        for _ in 0..batches {
            let (x, y) = procedural_batch(set, PRETRAIN_BATCH, side, &mut rng, device);
            let (a, b) =
                Objective::CrossEntropy.correct(&net.forward_bn(&x, false, 0.0).apply(&head), &y);
            h += a;
            s += b;
        }
        h as f64 / s.max(1) as f64
    };
    let plain_vs = nn::VarStore::new(device);
    net.fold_into(&crate::model::Vgg16Base::new(&plain_vs.root()));
    // Written beside and renamed, so that an interrupted save never leaves a base to reuse.
    let partial = file.with_extension("partial.safetensors");
    plain_vs.save(&partial)?;
    std::fs::rename(&partial, file).with_context(|| format!("saving {}", file.display()))?;
    let _ = std::fs::remove_file(&state_file);
    Ok(Some(Pretraining {
        data_set: set,
        steps,
        images_seen: PRETRAIN_BATCH * steps,
        final_train_accuracy: hits as f64 / seen.max(1) as f64,
        test_accuracy,
        seconds: seconds(),
    }))
}

/// Save the state of a pre-training: every variable of `vs` (network and head, running
/// statistics included), Adam's moments, the steps done and the accuracy counts, and the
/// seconds spent; written beside and renamed, so that the last complete state survives an
/// interruption.
fn save_pretraining_state(
    file: &Path,
    vs: &nn::VarStore,
    adam: &Adam,
    counts: [i64; 3],
    seconds: f64,
) -> Result<()> {
    let mut state: Vec<(String, Tensor)> = vs
        .variables()
        .into_iter()
        .map(|(name, t)| (format!("net.{name}"), t))
        .collect();
    state.extend(adam.state());
    state.push(("counts".to_string(), Tensor::from_slice(&counts)));
    state.push(("seconds".to_string(), Tensor::from_slice(&[seconds])));
    let partial = file.with_extension("partial");
    Tensor::write_safetensors(&state, &partial)
        .with_context(|| format!("saving {}", partial.display()))?;
    std::fs::rename(&partial, file).with_context(|| format!("saving {}", file.display()))
}

/// The state [`save_pretraining_state`] saved, put back into `vs` and `adam`: (steps done, hits,
/// seen, seconds), or `None` (nothing changed) if there is none or it does not fit.
fn load_pretraining_state(
    file: &Path,
    vs: &nn::VarStore,
    adam: &mut Adam,
) -> Option<(usize, i64, i64, f64)> {
    let state: std::collections::HashMap<String, Tensor> =
        Tensor::read_safetensors(file).ok()?.into_iter().collect();
    let counts = state.get("counts")?;
    let seconds = state.get("seconds")?.double_value(&[0]);
    let variables = vs.variables();
    let fits = variables.iter().all(|(name, t)| {
        state
            .get(&format!("net.{name}"))
            .is_some_and(|s| s.size() == t.size())
    });
    if !fits || !adam.restore(&state) {
        return None;
    }
    let _guard = tch::no_grad_guard();
    for (name, mut t) in variables {
        if let Some(s) = state.get(&format!("net.{name}")) {
            t.copy_(s);
        }
    }
    let count = |i: i64| counts.int64_value(&[i]);
    Some((count(0) as usize, count(1), count(2), seconds))
}

/// Adam as PyTorch formulates it (β = 0.9, 0.999, ε = 1e-8, no weight decay), with its moments
/// in plain tensors so that they can be saved with the weights: an interrupted pre-training
/// then goes on exactly where it stopped.
#[derive(Debug)]
pub struct Adam {
    /// The trainable variables of a store, sorted by name, with their two moments.
    params: Vec<(String, Tensor, Tensor, Tensor)>,
    /// Steps taken.
    steps: i64,
}

impl Adam {
    const BETAS: (f64, f64) = (0.9, 0.999);
    const EPS: f64 = 1e-8;

    /// Over every trainable variable of `vs`.
    pub fn new(vs: &nn::VarStore) -> Self {
        let mut named: Vec<(String, Tensor)> = vs
            .variables()
            .into_iter()
            .filter(|(_, t)| t.requires_grad())
            .collect();
        named.sort_by(|a, b| a.0.cmp(&b.0));
        let params = named
            .into_iter()
            .map(|(name, p)| {
                let (m, v) = (p.zeros_like(), p.zeros_like());
                (name, p, m, v)
            })
            .collect();
        Self { params, steps: 0 }
    }

    /// One step down the gradient of `loss` at learning rate `lr`.
    pub fn backward_step(&mut self, loss: &Tensor, lr: f64) {
        for (_, p, _, _) in &mut self.params {
            p.zero_grad();
        }
        loss.backward();
        let _guard = tch::no_grad_guard();
        self.steps += 1;
        let (b1, b2) = Self::BETAS;
        let correction1 = 1.0 - b1.powi(self.steps as i32);
        let correction2 = (1.0 - b2.powi(self.steps as i32)).sqrt();
        for (_, p, m, v) in &mut self.params {
            let g = p.grad();
            if !g.defined() {
                continue;
            }
            let _ = m.g_mul_scalar_(b1).g_add_(&(&g * (1.0 - b1)));
            let _ = v.g_mul_scalar_(b2).g_add_(&(&g * &g * (1.0 - b2)));
            let denominator = v.sqrt() / correction2 + Self::EPS;
            let _ = p.g_sub_(&(&*m / denominator * (lr / correction1)));
        }
    }

    /// The moments and the step count as named tensors, to save.
    fn state(&self) -> Vec<(String, Tensor)> {
        let mut state = vec![("adam.steps".to_string(), Tensor::from_slice(&[self.steps]))];
        for (name, _, m, v) in &self.params {
            state.push((format!("adam.m.{name}"), m.shallow_clone()));
            state.push((format!("adam.v.{name}"), v.shallow_clone()));
        }
        state
    }

    /// Take the moments and step count back from `state` (as [`Self::state`] made it); false if
    /// one is missing or of another shape.
    fn restore(&mut self, state: &std::collections::HashMap<String, Tensor>) -> bool {
        let Some(steps) = state.get("adam.steps") else {
            return false;
        };
        let moment = |which: &str, name: &str, like: &Tensor| {
            state
                .get(&format!("adam.{which}.{name}"))
                .filter(|t| t.size() == like.size())
        };
        let fits = self.params.iter().all(|(name, _, m, v)| {
            moment("m", name, m).is_some() && moment("v", name, v).is_some()
        });
        if !fits {
            return false;
        }
        let _guard = tch::no_grad_guard();
        for (name, _, m, v) in &mut self.params {
            if let (Some(sm), Some(sv)) = (moment("m", name, m), moment("v", name, v)) {
                m.copy_(sm);
                v.copy_(sv);
            }
        }
        self.steps = steps.int64_value(&[0]);
        true
    }
}

/// Bumped whenever pre-training changes, so that a base made by an older recipe is not reused.
const PRETRAIN_VERSION: u32 = 3;

/// Where the base pre-trained on `set` for `steps` steps with `seed` is kept: in the data folder,
/// like the stand-in images, so that every later run on this machine reuses it, as Keras keeps
/// the ImageNet weights it downloads once.
pub fn base_cache_file(set: PretrainSet, steps: usize, seed: u64) -> PathBuf {
    common::paths::data_root().join("vgg16-base").join(format!(
        "v{PRETRAIN_VERSION}-{}-{steps}-steps-seed-{seed}.safetensors",
        set.name()
    ))
}

/// The base pre-trained on `set` with these settings and what its pre-training gave: the one
/// kept at `file` (usually [`base_cache_file`]) if there is one, else pre-trained now and kept
/// there, with its record beside it as JSON. The flag says whether it was reused.
pub fn pretrained_base(
    set: PretrainSet,
    steps: usize,
    seed: u64,
    device: Device,
    file: &Path,
) -> Result<(Pretraining, bool)> {
    let record = file.with_extension("json");
    let kept = std::fs::read_to_string(&record)
        .ok()
        .and_then(|text| serde_json::from_str::<Pretraining>(&text).ok());
    if let Some(p) = kept.filter(|_| file.is_file()) {
        return Ok((p, true));
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let p = pretrain_base(set, steps, seed, device, file)?;
    std::fs::write(&record, serde_json::to_string_pretty(&p)?)
        .with_context(|| format!("writing {}", record.display()))?;
    Ok((p, false))
}

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
    let progress = Progress::new(1, n.div_ceil(batch));
    progress.start_epoch(1);
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
    seed_weights(seed, "cnn/transfer/init");
    let mut base_vs = nn::VarStore::new(device);
    let head_vs = nn::VarStore::new(device);
    let model = Transfer::new(&base_vs.root(), &head_vs.root());
    base_vs
        .load(base_file)
        .with_context(|| format!("loading the VGG16 base from {}", base_file.display()))?;
    base_vs.freeze();
    println!(
        "{}: base loaded from {}, frozen",
        Task::Transfer.title(),
        base_file.display()
    );
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
    let mut opt = nn::Adam::default().build(&head_vs, cfg.lr)?;
    let mut rng = common::seed::stream(seed, "cnn/transfer/batches");
    let settings = fit_settings(cfg, cfg.head_epochs, &val_f);
    let history = train::fit(&head, &head_vs, &mut opt, &train_f, &settings, &mut rng)?;
    let test = train::evaluate(&head, &test_f, 256, Objective::CrossEntropy);
    let outcome = Outcome {
        task: Task::Transfer.name(),
        trainable_parameters: trainable(&head_vs),
        history,
        test,
        seconds: start.elapsed().as_secs_f64(),
    };
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
    let sources: Vec<_> = trained.iter().map(|v| v.variables()).collect();
    let unfrozen = copy.base.variable_names_from(UNFROZEN_FROM_BLOCK);
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

/// Train and validation accuracy and loss against the epoch, side by side.
pub fn curves(path: &Path, title: &str, history: &History) -> Result<()> {
    let panel = |y: &str, train_key: &str, val_key: &str| XyPlot {
        title: format!("{title}: {y}"),
        x_label: "epoch".into(),
        y_label: y.into(),
        series: vec![
            Series::line("training", history.series(train_key)),
            Series::line("validation", history.series(val_key)),
        ],
        ..Default::default()
    };
    plot::panels(
        path,
        &[
            panel("accuracy", "accuracy", "val_accuracy"),
            panel("loss", "loss", "val_loss"),
        ],
        2,
    )?;
    Ok(())
}

/// The class probabilities of one image file under a model, and the notebook's sentence.
pub fn predict_file<M: ModuleT>(
    model: &M,
    classes: &[String],
    image: &Path,
    device: Device,
) -> Result<(Vec<f64>, String)> {
    let x = image_tensor(image, device)?;
    let p = tch::no_grad(|| model.forward_t(&x, false).softmax(-1, Kind::Float));
    let probs: Vec<f64> = Vec::<f64>::try_from(p.view([-1]).to_kind(Kind::Double))?;
    let (best, pmax) =
        probs.iter().enumerate().fold(
            (0, f64::MIN),
            |acc, (i, &v)| if v > acc.1 { (i, v) } else { acc },
        );
    let name = classes.get(best).map_or("?", String::as_str);
    Ok((
        probs.clone(),
        format!("I am {:.2}% certain that this is a {name}", 100.0 * pmax),
    ))
}

/// One image file as a (1, 3, 100, 100) tensor in [0, 1].
pub fn image_tensor(path: &Path, device: Device) -> Result<Tensor> {
    let bytes = read_image(path, IMAGE_SIDE as usize)?;
    Ok(rgb_tensor(&bytes, IMAGE_SIDE as usize).to_device(device))
}

/// The feature maps of the first six layers for one image: one PNG grid per layer, 16 channels
/// a row, each channel standardised as the notebook does ((x − μ)/σ · 64 + 128, clipped to a
/// byte). Returns the files written.
pub fn feature_maps(
    model: &Baseline,
    image: &Path,
    device: Device,
    out: &Path,
) -> Result<Vec<PathBuf>> {
    let x = image_tensor(image, device)?;
    let maps = tch::no_grad(|| model.feature_maps(&x));
    let names = ["conv1", "pool1", "conv2", "pool2", "conv3", "pool3"];
    let mut files = Vec::new();
    for (k, (m, name)) in maps.iter().zip(names).enumerate() {
        let m = m.squeeze_dim(0).to_device(Device::Cpu).to_kind(Kind::Float);
        let (c, h, w) = (m.size()[0], m.size()[1] as usize, m.size()[2] as usize);
        let mut images = Vec::new();
        for ch in 0..c {
            let v = m.get(ch);
            let mu = v.mean(Kind::Float).double_value(&[]);
            let sigma = v.std(false).double_value(&[]);
            let z = ((v - mu) / (sigma + 1e-5) * 64.0 + 128.0)
                .clamp(0.0, 255.0)
                .floor()
                / 255.0;
            images.push(GridImage {
                width: w,
                height: h,
                pixels: Vec::<f32>::try_from(z.view([-1]))?,
                title: String::new(),
                title_color: plot::BLACK,
                colors: None,
            });
        }
        let path = out.join(format!("cnn_feature_maps_{}_{name}.png", k + 1));
        plot::image_grid(
            &path,
            &format!("layer {} ({name}): {c} channels of {h}×{w}", k + 1),
            &images,
            16,
            ColorMapKind::Viridis,
        )?;
        files.push(path);
    }
    Ok(files)
}
