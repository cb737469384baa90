//! `cargo run -p cnn [-- TASK]`: lecture 3. Parses arguments and calls the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use cnn::model::{Baseline, Transfer};
use common::cli::{self, RunArgs};
use std::process::ExitCode;

/// Lecture 3 of the LENS ML School: CNNs, dropout, augmentation, transfer learning.
///
/// Work in progress: the networks exist; the natural-images stand-in and the training tasks
/// come next. With no task, every available task runs.
#[derive(Debug, Parser)]
#[command(name = "cnn", version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs,
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Print the summaries of the four networks (baseline, dropout, VGG16 base, transfer head).
    Summary,
    /// Draw two scenes of each class of the natural-images stand-in (cnn_sample.png).
    Sample,
}

fn main() -> ExitCode {
    let cli: Cli = cli::parse();
    cli::run(|| run(&cli))
}

fn run(cli: &Cli) -> Result<()> {
    let _rng = common::seed::seed_all(cli.run.seed);
    match cli.task {
        Some(Task::Summary) => summaries(),
        Some(Task::Sample) => sample(cli),
        None => {
            summaries()?;
            sample(cli)
        }
    }
}

fn sample(cli: &Cli) -> Result<()> {
    use common::plot::{self, ColorMapKind, GridImage, RGBColor};
    let out = common::data::output_dir(cli.run.out.as_deref(), "cnn")?;
    let mut images = Vec::new();
    for (class, name) in cnn::data::CLASSES.iter().enumerate() {
        for i in 0..2 {
            let mut rng = common::seed::stream(cli.run.seed + i, &format!("cnn/sample/{name}"));
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
    let path = out.join("cnn_sample.png");
    plot::image_grid(
        &path,
        "Natural-images stand-in: two scenes of each class",
        &images,
        4,
        ColorMapKind::Gray,
    )?;
    println!("wrote {}", path.display());
    Ok(())
}

fn summaries() -> Result<()> {
    let device = tch::Device::Cpu;
    for (name, dropout) in [("task 1: baseline", 0.0), ("task 2: dropout", 0.6)] {
        let vs = tch::nn::VarStore::new(device);
        let m = Baseline::new(&vs.root(), dropout);
        println!("{}", common::summary::render(name, &vs, &m.layers()));
    }
    let mut base_vs = tch::nn::VarStore::new(device);
    let head_vs = tch::nn::VarStore::new(device);
    let t = Transfer::new(&base_vs.root(), &head_vs.root());
    base_vs.freeze();
    println!(
        "{}",
        common::summary::render("task 4: VGG16 base (frozen)", &base_vs, &t.base.layers())
    );
    let head = [common::summary::Layer::new(
        "fc",
        "Dense",
        &[cnn::model::CLASSES],
    )];
    println!(
        "{}",
        common::summary::render("task 4: head", &head_vs, &head)
    );
    Ok(())
}
