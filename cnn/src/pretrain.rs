//! Lecture 3, task 4's base: VGG16 pre-trained here, since ImageNet's weights cannot be had
//! offline — on procedural objects that are not target classes, with batch normalisation that is
//! then folded into the plain VGG16; kept in the data folder for later runs, and resumable.

use crate::model::IMAGE_SIDE;
use crate::training::seed_weights;
use anyhow::{Context, Result};
use common::history::Progress;
use common::image_folder::rgb_tensor;
use common::train::Objective;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tch::nn;
use tch::{Device, Tensor};

/// What the VGG16 base is pre-trained on (ImageNet cannot be had offline).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum PretrainSet {
    /// Twenty-five other procedural objects (truck, bicycle, …, dragonfly, fox, owl, windmill,
    /// robot, …) made of the same kinds of parts as the target classes, in the same clutter
    /// ([`crate::data::render_object`]); none of them is a target class.
    #[default]
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
    let progress = Progress::counting("pre-training steps", until.saturating_sub(start), "loss");
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
