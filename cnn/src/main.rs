//! `cargo run -p cnn [-- TASK] [OPTIONS]`: lecture 3. Parses arguments and calls the library.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use cnn::lecture::{self, Config, FineTune, Outcome, PretrainSet, Split, Task};
use cnn::model::{Baseline, Transfer};
use common::cli::{self, positive, positive_f64, RunArgs};
use common::report::Report;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Lecture 3 of the LENS ML School: classifying natural images with a CNN, and what dropout,
/// augmentation and transfer learning do to its overfitting.
///
/// With no task, the four models are trained and compared, then a test image is classified and
/// the feature maps of a dog are drawn. Without --data the images are a procedural stand-in
/// (8 classes drawn by shape, written once as JPEGs under the data folder). Presets: smoke = 40
/// images per class, 1 epoch; quick = 350 per class, 8 epochs (about 11 minutes on 2 cores, and
/// once per machine about 22 more to pre-train the VGG16 base); school = all images, 30 epochs
/// (the notebook).
#[derive(Debug, Parser)]
#[command(name = "cnn", version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    train: TrainArgs,
    #[command(subcommand)]
    task: Option<Command>,
}

/// Training options (any task; explicit values override the preset).
#[derive(Debug, Default, clap::Args)]
struct TrainArgs {
    /// Epochs of each model [default: quick 8, school 30, smoke 1].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    epochs: Option<usize>,
    /// Mini-batch size [default: 64].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    batch_size: Option<usize>,
    /// Adam learning rate [default: 1e-3].
    #[arg(long, global = true, value_parser = positive_f64, allow_hyphen_values = true)]
    lr: Option<f64>,
    /// Images per class used before the 70/15/15 split [default: quick 350, school all, smoke 40].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    per_class: Option<usize>,
    /// Mini-batches (of 32 images) that pre-train the VGG16 base, which is then kept for later
    /// runs with the same settings [default: quick 400, school 4000, smoke 4].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    pretrain_steps: Option<usize>,
    /// What the VGG16 base is pre-trained on: 25 other procedural objects made of the same kinds
    /// of parts as the targets, or plain geometric figures: the source data decide how much
    /// transfer helps.
    #[arg(long, global = true, value_enum, default_value_t = SourceSet::Objects)]
    pretrain_set: SourceSet,
    /// Epochs of task 4's head on the frozen features [default: quick 60, school 30, smoke 1].
    #[arg(long, global = true, value_parser = positive, allow_hyphen_values = true)]
    head_epochs: Option<usize>,
    /// VGG16 base weights to load instead of pre-training (safetensors with torchvision's names
    /// features.<i>.weight/bias, such as torchvision's ImageNet VGG16 converted, or ours).
    #[arg(long, global = true, value_name = "FILE")]
    base: Option<PathBuf>,
    /// Bonus of task 4: afterwards unfreeze the layers after #10 (blocks 4–5) and fine-tune them
    /// with the head (Adam 1e-5).
    #[arg(long, global = true)]
    unfreeze: bool,
    /// Epochs of that fine-tuning.
    #[arg(long, global = true, default_value_t = 3, value_parser = positive, allow_hyphen_values = true)]
    fine_tune_epochs: usize,
}

/// The pre-training data sets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
enum SourceSet {
    #[default]
    Objects,
    Shapes,
}

impl SourceSet {
    fn set(self) -> PretrainSet {
        match self {
            SourceSet::Objects => PretrainSet::Objects,
            SourceSet::Shapes => PretrainSet::Shapes,
        }
    }
}

impl TrainArgs {
    fn config(&self, preset: cli::Preset) -> Config {
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

#[derive(Debug, Subcommand)]
enum Command {
    /// Train and compare all four models (the default).
    Compare,
    /// Task 1: the baseline CNN (6 651 464 parameters), which overfits.
    Baseline,
    /// Task 2: the baseline with Dropout(0.6) after Dense(512).
    Dropout,
    /// Task 3: the baseline trained on augmented images (flip, zoom, rotation, shifts).
    Augmentation,
    /// Task 4: transfer learning: a frozen VGG16 base that we pre-train (or --base) under Dense(8).
    Transfer,
    /// Pre-train the VGG16 base anew and keep it in the data folder (task 4 does this once, when
    /// none is kept for its settings); an interrupted pre-training goes on where it stopped.
    Pretrain,
    /// Classify one image file with a trained CNN ("I am 79.00% certain that this is a airplane").
    Predict {
        /// The image (JPEG or PNG of any size; resized to 100×100).
        #[arg(long, value_name = "FILE")]
        image: PathBuf,
        /// Whose weights (saved in the output folder by that task).
        #[arg(long, value_enum, default_value_t = Trained::Baseline)]
        model: Trained,
    },
    /// Draw the feature maps of the first six layers of a trained CNN for one image.
    FeatureMaps {
        /// The image (JPEG or PNG of any size; resized to 100×100).
        #[arg(long, value_name = "FILE")]
        image: PathBuf,
        /// Whose weights (saved in the output folder by that task).
        #[arg(long, value_enum, default_value_t = Trained::Baseline)]
        model: Trained,
    },
    /// Print the summaries of the four networks.
    Summary,
    /// Draw two scenes of each class of the natural-images stand-in (cnn_sample.png).
    Sample,
}

/// The trained CNNs a prediction can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Trained {
    Baseline,
    Dropout,
    Augmentation,
}

impl Trained {
    fn task(self) -> Task {
        match self {
            Trained::Baseline => Task::Baseline,
            Trained::Dropout => Task::Dropout,
            Trained::Augmentation => Task::Augmentation,
        }
    }
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(|| run(&cli))
}

/// Everything a task needs from the command line.
struct Run<'a> {
    cli: &'a Cli,
    cfg: Config,
    device: tch::Device,
    out: PathBuf,
}

fn run(cli: &Cli) -> Result<()> {
    let _rng = common::seed::seed_all(cli.run.seed);
    let r = Run {
        cli,
        cfg: cli.train.config(cli.run.preset),
        device: common::device::select(cli.run.device)?,
        out: common::data::output_dir(cli.run.out.as_deref(), "cnn")?,
    };
    let mut report = Report::new(
        "cnn — lecture 3: CNNs, dropout, augmentation, transfer learning",
        &r.out,
    );
    match &cli.task {
        None | Some(Command::Compare) => compare(&r, &mut report)?,
        Some(Command::Baseline) => single(&r, Task::Baseline, &mut report)?,
        Some(Command::Dropout) => single(&r, Task::Dropout, &mut report)?,
        Some(Command::Augmentation) => single(&r, Task::Augmentation, &mut report)?,
        Some(Command::Transfer) => single(&r, Task::Transfer, &mut report)?,
        Some(Command::Pretrain) => {
            pretrain(&r, &mut report, true)?;
        }
        Some(Command::Predict { image, model }) => {
            let m = load_cnn(&r, model.task())?;
            let (_, sentence) = lecture::predict_file(&m, &classes(&r)?, image, r.device)?;
            println!("{sentence}");
            return Ok(());
        }
        Some(Command::FeatureMaps { image, model }) => {
            let m = load_cnn(&r, model.task())?;
            for f in lecture::feature_maps(&m, image, r.device, &r.out)? {
                println!("wrote {}", f.display());
            }
            return Ok(());
        }
        Some(Command::Summary) => {
            println!("{}", summaries());
            return Ok(());
        }
        Some(Command::Sample) => {
            let path = sample(&r)?;
            println!("wrote {}", path.display());
            return Ok(());
        }
    }
    report.write()?;
    println!("wrote {}", r.out.join("report.md").display());
    Ok(())
}

/// The image tree: `--data`, else the stand-in (written on first use).
fn tree(r: &Run) -> Result<PathBuf> {
    Ok(match &r.cli.run.data {
        Some(dir) => dir.clone(),
        None => cnn::data::ensure_stand_in(r.cli.run.seed)?,
    })
}

fn load(r: &Run, report: &mut Report) -> Result<Split> {
    let root = tree(r)?;
    let split = lecture::load_split(&root, r.cfg.per_class, r.cli.run.seed, r.device)?;
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
    report.section("Data");
    report.text(&format!(
        "{}; split 70/15/15 per class (seed {}): **{} / {} / {}** images (the original: 3 921 / 840 / 840), \
         100×100×3, nearest resize, /255. Preset: {} images per class, {} epochs, batch {}, Adam {}.",
        if r.cli.run.data.is_some() {
            format!("Image tree `{}`", root.display())
        } else {
            "Procedural stand-in for the natural-images set (8 classes drawn by shape with random colours, pose, \
             textured background, occlusion and noise), written as JPEGs and read back like the real tree"
                .to_string()
        },
        r.cli.run.seed,
        split.train.len(),
        split.val.len(),
        split.test.len(),
        r.cfg.per_class.map_or("all".to_string(), |n| n.to_string()),
        r.cfg.epochs,
        r.cfg.batch_size,
        r.cfg.lr
    ));
    report.metric(
        "split",
        serde_json::json!({"train": split.train.len(), "val": split.val.len(), "test": split.test.len()}),
    )?;
    Ok(split)
}

/// The class names of the last training run (or the stand-in's).
fn classes(r: &Run) -> Result<Vec<String>> {
    let file = r.out.join("cnn_classes.json");
    if file.is_file() {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        return serde_json::from_str(&text)
            .with_context(|| format!("{} is not a list of class names", file.display()));
    }
    Ok(cnn::data::CLASSES.iter().map(|s| s.to_string()).collect())
}

fn load_cnn(r: &Run, task: Task) -> Result<Baseline> {
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

/// The pre-trained base: `--base`, else the one pre-trained on this machine with the same
/// settings, else pre-trained now (and kept in the data folder for later runs).
fn base_file(r: &Run, report: &mut Report) -> Result<PathBuf> {
    if let Some(file) = &r.cli.train.base {
        report.text(&format!("VGG16 base loaded from `{}`.", file.display()));
        return Ok(file.clone());
    }
    pretrain(r, report, false)
}

/// Pre-train the base (anew if `fresh`, else only if none is kept for these settings) and
/// report how.
fn pretrain(r: &Run, report: &mut Report, fresh: bool) -> Result<PathBuf> {
    let set = r.cli.train.pretrain_set.set();
    let (steps, seed) = (r.cfg.pretrain_steps, r.cli.run.seed);
    let file = lecture::base_cache_file(set, steps, seed);
    if fresh {
        let _ = std::fs::remove_file(&file);
    }
    let (p, reused) = lecture::pretrained_base(set, steps, seed, r.device, &file)?;
    let when = if reused {
        format!(
            "pre-trained earlier on this machine in {:.0} s, reused",
            p.seconds
        )
    } else {
        format!("pre-trained in {:.0} s", p.seconds)
    };
    println!(
        "VGG16 base {when}: {} scenes of {}; accuracy {:.3} over the last tenth of the steps, {:.3} on held-out \
         100×100 scenes; {}",
        p.images_seen,
        set.name(),
        p.final_train_accuracy,
        p.test_accuracy,
        file.display()
    );
    report.section("Pre-training the VGG16 base");
    let source = match set {
        PretrainSet::Objects => format!(
            "**objects**: {} other procedural objects ({}) made of the same kinds of parts as the target classes \
             (wheels, wings, bodies, heads, ears, petals, limbs) and drawn in the same clutter, none of them one of \
             the eight targets, fresh for every step",
            cnn::data::OBJECTS.len(),
            cnn::data::OBJECTS.join(", ")
        ),
        PretrainSet::Shapes => format!(
            "**shapes**: procedural geometric figures of {} classes ({}), none of them one of the eight target \
             classes, drawn in random colours on the same kind of textured background with occlusion and noise as \
             the target scenes, fresh for every step",
            cnn::data::SHAPES.len(),
            cnn::data::SHAPES.join(", ")
        ),
    };
    report.text(&format!(
        "ImageNet weights cannot be had offline, so the base is pre-trained here on {source}. VGG16 is trained with \
         batch normalisation after every convolution (the plain network stalls for hundreds of steps from scratch) \
         and a linear head on the global max, as task 4 uses the base: {} steps of {} windows of {side}×{side} (the \
         objects at the target scenes' size in pixels), Adam {} after a {}-step warm-up. The normalisation statistics are then re-estimated on \
         100×100 scenes and folded into the convolutions, which leaves the plain VGG16 base (14 714 688 parameters, \
         torchvision's names). Accuracy {:.3} over the last tenth of the steps, {:.3} on held-out 100×100 scenes; \
         {when}. Kept at `{}` for later runs; task 4 loads it frozen.",
        p.steps,
        lecture::PRETRAIN_BATCH,
        lecture::PRETRAIN_LR,
        lecture::PRETRAIN_WARMUP,
        p.final_train_accuracy,
        p.test_accuracy,
        file.display(),
        side = lecture::PRETRAIN_SIDE,
    ));
    report.metric("pretraining", &p)?;
    Ok(file)
}

fn train(r: &Run, task: Task, split: &Split, report: &mut Report) -> Result<Outcome> {
    let outcome = if task == Task::Transfer {
        let base = base_file(r, report)?;
        let fine_tune = r.cli.train.unfreeze.then_some(FineTune {
            epochs: r.cli.train.fine_tune_epochs,
            lr: 1e-5,
        });
        let run = lecture::train_transfer(&r.cfg, split, r.cli.run.seed, &base, fine_tune)?;
        if let Some(ft) = &run.fine_tuned {
            fine_tuned(ft, report)?;
        }
        run.head
    } else {
        lecture::train_cnn(task, &r.cfg, split, r.cli.run.seed, &r.out)?.2
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
    let figure = format!("cnn_curves_{}.png", task.name());
    lecture::curves(&report.path(&figure), task.title(), &outcome.history)?;
    report.section(task.title());
    report.figure(
        &figure,
        &format!(
            "{}: training and validation accuracy and loss",
            task.title()
        ),
    );
    let last = |k: &str| outcome.history.last(k).unwrap_or(f64::NAN);
    report.text(&format!(
        "{} trainable parameters; last epoch: training accuracy {:.4}, validation accuracy {:.4} (best {:.4}); \
         test accuracy **{:.4}**, loss {:.3}; {:.0} s.",
        outcome.trainable_parameters,
        last("accuracy"),
        last("val_accuracy"),
        outcome.best_val_accuracy(),
        outcome.test.accuracy,
        outcome.test.loss,
        outcome.seconds
    ));
    report.metric(task.name(), &outcome)?;
    Ok(outcome)
}

fn fine_tuned(o: &Outcome, report: &mut Report) -> Result<()> {
    println!(
        "bonus, blocks 4–5 fine-tuned: test accuracy {:.4}, loss {:.3}; best validation accuracy {:.4}; {:.0} s",
        o.test.accuracy,
        o.test.loss,
        o.best_val_accuracy(),
        o.seconds
    );
    lecture::curves(
        &report.path("cnn_curves_fine_tuned.png"),
        "bonus: blocks 4–5 fine-tuned",
        &o.history,
    )?;
    report.section("Bonus: the layers after #10 unfrozen");
    report.figure(
        "cnn_curves_fine_tuned.png",
        "fine-tuning blocks 4–5 with the head",
    );
    report.text(&format!(
        "{} trainable parameters (blocks 4–5 and the head), Adam 1e-5: test accuracy **{:.4}** (the notebook left \
         this task without an answer).",
        o.trainable_parameters, o.test.accuracy
    ));
    report.metric("fine_tuned", o)?;
    Ok(())
}

fn single(r: &Run, task: Task, report: &mut Report) -> Result<()> {
    let split = load(r, report)?;
    train(r, task, &split, report)?;
    Ok(())
}

fn compare(r: &Run, report: &mut Report) -> Result<()> {
    let start = std::time::Instant::now();
    let split = load(r, report)?;
    let sample = sample(r)?;
    report.figure(
        sample
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("cnn_sample.png"),
        "Two scenes of each class of the stand-in",
    );
    let summary = summaries();
    println!("{summary}");
    report.section("The networks");
    report.text(&format!("```text\n{summary}\n```"));
    let mut outcomes = Vec::new();
    for task in Task::ALL {
        outcomes.push(train(r, task, &split, report)?);
    }
    report.section("The four models");
    println!("\n| model | train acc | best val acc | test acc | original test acc |");
    for (task, o) in Task::ALL.iter().zip(&outcomes) {
        let ours = format!(
            "{:.4} (training {:.4}, best validation {:.4})",
            o.test.accuracy,
            o.history.last("accuracy").unwrap_or(f64::NAN),
            o.best_val_accuracy()
        );
        println!(
            "| {} | {:.4} | {:.4} | {:.4} | {:.4} |",
            task.name(),
            o.history.last("accuracy").unwrap_or(f64::NAN),
            o.best_val_accuracy(),
            o.test.accuracy,
            task.original_test_accuracy()
        );
        report.compare(
            &format!("{}: test accuracy", task.title()),
            &format!("{:.4}", task.original_test_accuracy()),
            ours,
        );
    }
    let val_plot = common::plot::XyPlot {
        title: "Validation accuracy of the four models".into(),
        x_label: "epoch".into(),
        y_label: "validation accuracy".into(),
        series: Task::ALL
            .iter()
            .zip(&outcomes)
            .map(|(t, o)| common::plot::Series::line(t.name(), o.history.series("val_accuracy")))
            .collect(),
        ..Default::default()
    };
    common::plot::xy(&report.path("cnn_val_accuracy.png"), &val_plot)?;
    report.figure(
        "cnn_val_accuracy.png",
        "Validation accuracy of the four models",
    );
    // The extras: one test image classified, and a dog's feature maps.
    let model = load_cnn(r, Task::Baseline)?;
    let pick = |class: &str, prefer: &str| {
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
    };
    report.section("Single image and feature maps (task 1's model)");
    if let Some(image) = pick("airplane", "airplane_0007.jpg") {
        let (_, sentence) = lecture::predict_file(&model, &split.classes, &image, r.device)?;
        println!("{}: {sentence}", image.display());
        report.compare(
            "single-image prediction",
            "I am 79.00% certain that this is a airplane",
            format!("{sentence} (a test airplane)"),
        );
    }
    let dog = tree(r)?.join("dog").join("dog_0007.jpg");
    let dog = if dog.is_file() {
        Some(dog)
    } else {
        pick("dog", "")
    };
    if let Some(image) = dog {
        for f in lecture::feature_maps(&model, &image, r.device, &r.out)? {
            let name = f
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            report.figure(&name, &format!("feature maps for {}", image.display()));
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!("all four models in {:.1} min", seconds / 60.0);
    report.metric("seconds", seconds)?;
    Ok(())
}

fn sample(r: &Run) -> Result<PathBuf> {
    use common::plot::{self, ColorMapKind, GridImage, RGBColor};
    let mut images = Vec::new();
    for (class, name) in cnn::data::CLASSES.iter().enumerate() {
        for i in 0..2 {
            let mut rng = common::seed::stream(r.cli.run.seed + i, &format!("cnn/sample/{name}"));
            let rgb = cnn::data::render(class, &mut rng);
            let side = cnn::data::SIDE;
            images.push(GridImage {
                width: side,
                height: side,
                pixels: vec![0.0; side * side],
                title: name.to_string(),
                title_color: plot::BLACK,
                colors: Some(
                    rgb.chunks_exact(3)
                        .map(|p| RGBColor(p[0], p[1], p[2]))
                        .collect(),
                ),
            });
        }
    }
    let path = r.out.join("cnn_sample.png");
    plot::image_grid(
        &path,
        "Natural-images stand-in: two scenes of each class",
        &images,
        4,
        ColorMapKind::Gray,
    )?;
    Ok(path)
}

/// The Keras-style summaries of the four networks.
fn summaries() -> String {
    let device = tch::Device::Cpu;
    let mut text = Vec::new();
    for (name, dropout) in [("task 1: baseline", 0.0), ("task 2: dropout", 0.6)] {
        let vs = tch::nn::VarStore::new(device);
        let m = Baseline::new(&vs.root(), dropout);
        text.push(common::summary::render(name, &vs, &m.layers()));
    }
    let mut base_vs = tch::nn::VarStore::new(device);
    let head_vs = tch::nn::VarStore::new(device);
    let t = Transfer::new(&base_vs.root(), &head_vs.root());
    base_vs.freeze();
    text.push(common::summary::render(
        "task 4: VGG16 base (frozen)",
        &base_vs,
        &t.base.layers(),
    ));
    let head = [common::summary::Layer::new(
        "fc",
        "Dense",
        &[cnn::model::CLASSES],
    )];
    text.push(common::summary::render("task 4: head", &head_vs, &head));
    text.join("\n")
}
