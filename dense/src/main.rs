//! `cargo run -p dense [-- TASK] [OPTIONS]`: lectures 1 and 2. Parses arguments and calls the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use common::cli::{self, positive, positive_f64, Preset, RunArgs};
use common::report::Report;
use dense::fashion::{self, FashionConfig, OptimizerKind};
use dense::ins::{self, InsConfig};
use dense::intro::{self, IntroConfig};
use std::path::PathBuf;
use std::process::ExitCode;

/// Lectures 1–2 of the LENS ML School: deep-learning basics and dense networks.
///
/// With no task, every task runs in order. Figures, metrics.json and report.md go to out/dense/
/// (or --out).
#[derive(Debug, Parser)]
#[command(name = "dense", version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Lecture 1: a cubic fitted to sin(x) by hand-written gradient descent and by autograd; the perceptron.
    Intro(IntroArgs),
    /// Lecture 2.1: Fashion-MNIST with a dense network, and the notebook's four exercises.
    Fashion(FashionArgs),
    /// Classify an image file with the model saved by `fashion`.
    Predict(PredictArgs),
    /// Lecture 2.2: which Hamiltonian, Dimer or Goodenough, made this INS spectrum? Dense net, linear baseline, CNN.
    Ins(InsArgs),
}

/// Presets: smoke = 600 + 200 spectra, 2 epochs; quick and school = the original 20 000 + 6 676, 10 epochs.
#[derive(Debug, Default, clap::Args)]
struct InsArgs {
    /// Simulated training spectra [default: by preset].
    #[arg(long = "train-size", value_parser = positive, allow_hyphen_values = true)]
    train_size: Option<usize>,
    /// Simulated test spectra [default: by preset].
    #[arg(long = "test-size", value_parser = positive, allow_hyphen_values = true)]
    test_size: Option<usize>,
    /// Epochs [default: 10; smoke 2].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    epochs: Option<usize>,
    /// Mini-batch size [default: 32].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    batch_size: Option<usize>,
    /// Adam learning rate [default: 1e-3].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    lr: Option<f64>,
    /// The original train.h5 (datasets images (N,20,200,1) and labels (N,2)); needs --test.
    #[arg(long, value_name = "FILE", requires = "test")]
    train: Option<PathBuf>,
    /// The original test.h5; needs --train.
    #[arg(long, value_name = "FILE", requires = "train")]
    test: Option<PathBuf>,
}

impl InsArgs {
    fn config(&self, preset: Preset) -> InsConfig {
        let d = InsConfig::for_preset(preset);
        InsConfig {
            train: self.train_size.unwrap_or(d.train),
            test: self.test_size.unwrap_or(d.test),
            epochs: self.epochs.unwrap_or(d.epochs),
            batch_size: self.batch_size.unwrap_or(d.batch_size),
            lr: self.lr.unwrap_or(d.lr),
            train_h5: self.train.clone(),
            test_h5: self.test.clone(),
        }
    }
}

/// Lecture 1 is tiny, so every preset runs it at the notebook's full size.
#[derive(Debug, Default, clap::Args)]
struct IntroArgs {
    /// Gradient-descent epochs [default: 2000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    epochs: Option<usize>,
    /// Learning rate on the summed squared error [default: 1e-6].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    lr: Option<f64>,
    /// Points of sin(x) on [−π, π] [default: 2000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    points: Option<usize>,
    /// Points of the perceptron's data set [default: 200].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    perceptron_points: Option<usize>,
}

impl IntroArgs {
    fn config(&self) -> IntroConfig {
        let d = IntroConfig::default();
        IntroConfig {
            epochs: self.epochs.unwrap_or(d.epochs),
            lr: self.lr.unwrap_or(d.lr),
            points: self.points.unwrap_or(d.points),
            perceptron_points: self.perceptron_points.unwrap_or(d.perceptron_points),
            ..d
        }
    }
}

/// Presets: smoke = 1 epoch on 3 000 images; quick and school = the notebook's 10 + 10 epochs on all 60 000.
#[derive(Debug, Default, clap::Args)]
struct FashionArgs {
    /// Epochs of the first fit [default: 10; smoke 1].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    epochs: Option<usize>,
    /// Epochs of exercise 2, training on with a validation split [default: 10; smoke 1].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    refit_epochs: Option<usize>,
    /// Mini-batch size [default: 32].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    batch_size: Option<usize>,
    /// Optimiser (exercise 1) [default: adam].
    #[arg(long, value_enum)]
    optimizer: Option<OptimizerKind>,
    /// Learning rate [default: Keras' for the optimiser: adam and rmsprop 1e-3, sgd 1e-2].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    lr: Option<f64>,
    /// Hidden layer widths, comma-separated (exercise 1), e.g. 256,128 [default: 128].
    #[arg(long, value_delimiter = ',', value_parser = positive, allow_hyphen_values = true)]
    hidden: Option<Vec<usize>>,
    /// Validation fraction of exercise 2 [default: 0.15].
    #[arg(long, value_parser = fraction, allow_hyphen_values = true)]
    val_fraction: Option<f64>,
    /// Confidence below which the predictor says it is unsure (exercise 4) [default: 0.8].
    #[arg(long, value_parser = fraction, allow_hyphen_values = true)]
    threshold: Option<f64>,
    /// Also classify this image file (any size and format; converted to 28×28 grey).
    #[arg(long, value_name = "FILE")]
    image: Option<PathBuf>,
}

fn fraction(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..1.0).contains(&x) && x > 0.0 => Ok(x),
        Ok(x) => Err(format!("must be between 0 and 1, got {x}")),
        Err(_) => Err(format!("'{s}' is not a number")),
    }
}

impl FashionArgs {
    fn config(&self, preset: Preset) -> FashionConfig {
        let d = FashionConfig::for_preset(preset);
        let optimizer = self.optimizer.unwrap_or(d.optimizer);
        FashionConfig {
            epochs: self.epochs.unwrap_or(d.epochs),
            refit_epochs: self.refit_epochs.unwrap_or(d.refit_epochs),
            batch_size: self.batch_size.unwrap_or(d.batch_size),
            optimizer,
            lr: self.lr.unwrap_or(optimizer.default_lr()),
            hidden: self
                .hidden
                .as_ref()
                .map_or(d.hidden.clone(), |h| h.iter().map(|&w| w as i64).collect()),
            val_fraction: self.val_fraction.unwrap_or(d.val_fraction),
            threshold: self.threshold.unwrap_or(d.threshold),
            ..d
        }
    }
}

#[derive(Debug, clap::Args)]
struct PredictArgs {
    /// The image file to classify (any size and format; converted to 28×28 grey).
    #[arg(long, value_name = "FILE")]
    image: PathBuf,
    /// Folder of the saved model [default: <out>/fashion_model].
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
    /// Confidence below which the predictor says it is unsure.
    #[arg(long, default_value_t = 0.8, value_parser = fraction, allow_hyphen_values = true)]
    threshold: f64,
}

fn main() -> ExitCode {
    cli::main(run)
}

fn run(cli: Cli) -> Result<()> {
    let out = common::data::output_dir(cli.run.out.as_deref(), "dense")?;
    let device = common::device::select(cli.run.device)?;
    let threads = common::device::threads(cli.run.threads);
    common::seed::seed_all(cli.run.seed);
    let mut report = Report::new("dense — lectures 1 and 2", &out);
    report.run_setting("preset", cli.run.preset)?;
    report.run_setting("seed", cli.run.seed)?;
    report.run_setting("threads", threads)?;
    report.run_setting("device", format!("{device:?}"))?;
    let tasks = match cli.task {
        Some(t) => vec![t],
        None => vec![
            Task::Intro(IntroArgs::default()),
            Task::Fashion(FashionArgs::default()),
            Task::Ins(InsArgs::default()),
        ],
    };
    for task in tasks {
        match task {
            Task::Intro(args) => {
                let cfg = args.config();
                report.config("intro", &cfg)?;
                common::exercise::guard("dense", "intro", || {
                    intro::run(&cfg, cli.run.seed, &mut report)
                })?;
            }
            Task::Fashion(args) => {
                let cfg = args.config(cli.run.preset);
                report.config("fashion", &cfg)?;
                common::exercise::guard("dense", "fashion", || {
                    fashion::run(
                        &cfg,
                        cli.run.seed,
                        device,
                        cli.run.data.as_deref(),
                        args.image.as_deref(),
                        &mut report,
                    )
                })?;
            }
            Task::Ins(args) => {
                let cfg = args.config(cli.run.preset);
                report.config("ins", &cfg)?;
                common::exercise::guard("dense", "ins", || {
                    ins::run(&cfg, cli.run.seed, device, &mut report)
                })?;
            }
            Task::Predict(args) => {
                let dir = args
                    .model
                    .unwrap_or_else(|| fashion::default_model_dir(&out));
                let text = common::exercise::guard("dense", "predict", || {
                    fashion::predict_file(&dir, &args.image, args.threshold, device)
                })?;
                if let Some(text) = text {
                    println!("{text}");
                }
                return Ok(());
            }
        }
    }
    println!("wrote {}", out.join("report.md").display());
    Ok(())
}
