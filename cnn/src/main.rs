//! `cargo run -p cnn [-- TASK] [OPTIONS]`: lecture 3. Parses arguments and runs the library:
//! [`cnn::run`] computes, [`cnn::present`] reports.

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use cnn::lecture::{self, Task};
use cnn::present;
use cnn::run::{self, Run, TrainFlags};
use common::cli::{self, RunArgs};
use common::report::Report;
use std::path::PathBuf;
use std::process::ExitCode;

/// Lecture 3 of the LENS ML School: classifying natural images with a CNN, and what dropout,
/// augmentation and transfer learning do to its overfitting.
///
/// With no task, the four models are trained and compared, then a test image is classified and
/// the feature maps of a dog are drawn. Without --data the images are a procedural stand-in
/// (8 classes drawn by shape, written once as JPEGs under the data folder). Presets: smoke = 40
/// images per class, 1 epoch; quick = 350 per class, 8 epochs (11 minutes on 2 quiet cores, 28 with
/// one thread beside other work, and once per machine 22–30 more to pre-train the VGG16 base);
/// school = all images, 30 epochs (the notebook).
#[derive(Debug, Parser)]
#[command(name = "cnn", version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    train: TrainFlags,
    #[command(subcommand)]
    task: Option<Command>,
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
    Predict(ImageArgs),
    /// Draw the feature maps of the first six layers of a trained CNN for one image.
    FeatureMaps(ImageArgs),
    /// Print the summaries of the four networks.
    Summary,
    /// Draw two scenes of each class of the natural-images stand-in (cnn_sample.png).
    Sample,
}

#[derive(Debug, clap::Args)]
struct ImageArgs {
    /// The image (JPEG or PNG of any size; resized to 100×100).
    #[arg(long, value_name = "FILE")]
    image: PathBuf,
    /// Whose weights (saved in the output folder by that task).
    #[arg(long, value_enum, default_value_t = Trained::Baseline)]
    model: Trained,
}

/// The trained CNNs a prediction can use (task 4's head is not saved).
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
    cli::main(|cli: Cli| dispatch(&cli))
}

fn dispatch(cli: &Cli) -> Result<()> {
    common::seed::seed_all(cli.run.seed);
    let threads = common::device::threads(cli.run.threads);
    let r = cli.train.run(
        &cli.run,
        common::device::select(cli.run.device)?,
        common::data::output_dir(cli.run.out.as_deref(), "cnn")?,
    );
    let title = "cnn — lecture 3: CNNs, dropout, augmentation, transfer learning";
    let mut report = Report::new(title, &r.out);
    report.config("cnn", &r.cfg)?;
    report.run_setting("preset", cli.run.preset)?;
    report.run_setting("seed", r.seed)?;
    report.run_setting("threads", threads)?;
    report.run_setting("device", format!("{:?}", r.device))?;
    report.run_setting("data", &r.data)?;
    report.run_setting("base", &r.base)?;
    let single = |task: Task, report: &mut Report| -> Result<()> {
        let (root, split) = run::load(&r)?;
        present::data(&r, &root, &split, report)?;
        match train_task(&r, task, &split)? {
            Some(t) => present::task(&r, &t, report),
            None => Ok(()),
        }
    };
    match &cli.task {
        None | Some(Command::Compare) => compare(&r, &mut report)?,
        Some(Command::Baseline) => single(Task::Baseline, &mut report)?,
        Some(Command::Dropout) => single(Task::Dropout, &mut report)?,
        Some(Command::Augmentation) => single(Task::Augmentation, &mut report)?,
        Some(Command::Transfer) => single(Task::Transfer, &mut report)?,
        Some(Command::Pretrain) => {
            present::pretraining(&r, &run::pretrain(&r, true)?, &mut report)?
        }
        Some(Command::Predict(a)) => {
            let m = run::load_cnn(&r, a.model.task())?;
            let (_, sentence) = lecture::predict_file(&m, &run::classes(&r)?, &a.image, r.device)?;
            println!("{sentence}");
            return Ok(());
        }
        Some(Command::FeatureMaps(a)) => {
            let m = run::load_cnn(&r, a.model.task())?;
            for f in lecture::feature_maps(&m, &a.image, r.device, &r.out)? {
                println!("wrote {}", f.display());
            }
            return Ok(());
        }
        Some(Command::Summary) => {
            println!("{}", present::summaries());
            return Ok(());
        }
        Some(Command::Sample) => {
            let file = present::sample(r.seed, &report)?;
            println!("wrote {}", r.out.join(file).display());
            return Ok(());
        }
    }
    report.write()?;
    println!("wrote {}", r.out.join("report.md").display());
    Ok(())
}

/// One task's model trained; `None` (said in one line) where it needs an open exercise of the
/// student edition.
fn train_task(r: &Run, task: Task, split: &lecture::Split) -> Result<Option<run::Trained>> {
    common::exercise::guard("cnn", task.name(), || run::train(r, task, split))
}

/// Every task: the four models trained and compared, then task 1's model inspected.
fn compare(r: &Run, report: &mut Report) -> Result<()> {
    let start = std::time::Instant::now();
    let (root, split) = run::load(r)?;
    present::data(r, &root, &split, report)?;
    let sample = present::sample(r.seed, report)?;
    report.figure(&sample, "Two scenes of each class of the stand-in");
    present::networks(report);
    let mut runs = Vec::new();
    for task in Task::ALL {
        if let Some(t) = train_task(r, task, &split)? {
            present::task(r, &t, report)?;
            runs.push(t);
        }
    }
    present::comparison(&runs, report)?;
    let model = run::load_cnn(r, Task::Baseline)?;
    let dog = root.join("dog").join("dog_0007.jpg");
    let dog = if dog.is_file() {
        Some(dog)
    } else {
        run::pick(&split, "dog", "")
    };
    present::inspection(r, &model, &split, dog.as_deref(), report)?;
    let seconds = start.elapsed().as_secs_f64();
    println!("all four models in {:.1} min", seconds / 60.0);
    report.metric("seconds", seconds)?;
    Ok(())
}
