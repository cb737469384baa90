//! Lecture 3's presentation: the report's sections, tables and figures from what
//! [`crate::run`] computed.

use crate::lecture::{self, Outcome, PretrainSet, Split};
use crate::model::{Baseline, Transfer};
use crate::run::{Base, BaseUsed, Run, Trained};
use anyhow::Result;
use common::plot::{self, ColorMapKind, GridImage, RGBColor, Series, XyPlot};
use common::report::Report;
use std::path::{Path, PathBuf};

/// The data section: where the images come from and the split.
pub fn data(r: &Run, root: &Path, split: &Split, report: &mut Report) -> Result<()> {
    report.section("Data");
    report.text(&format!(
        "{}; split 70/15/15 per class (seed {}): **{} / {} / {}** images (the original: 3 921 / 840 / 840), \
         100×100×3, nearest resize, /255. Preset: {} images per class, {} epochs, batch {}, Adam {}.",
        if r.data.is_some() {
            format!("Image tree `{}`", root.display())
        } else {
            "Procedural stand-in for the natural-images set (8 classes drawn by shape with random colours, pose, \
             textured background, occlusion and noise), written as JPEGs and read back like the real tree"
                .to_string()
        },
        r.seed,
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
    Ok(())
}

/// The pre-training section: the source data, the recipe, and what it reached.
pub fn pretraining(r: &Run, b: &Base, report: &mut Report) -> Result<()> {
    let p = &b.pretraining;
    let when = if b.reused {
        format!(
            "pre-trained earlier on this machine in {:.0} s, reused",
            p.seconds
        )
    } else {
        format!("pre-trained in {:.0} s", p.seconds)
    };
    report.section("Pre-training the VGG16 base");
    let source = match r.pretrain_set {
        PretrainSet::Objects => format!(
            "**objects**: {} other procedural objects ({}) made of the same kinds of parts as the target classes \
             (wheels, wings, bodies, heads, ears, petals, limbs) and drawn in the same clutter, none of them one of \
             the eight targets, fresh for every step",
            crate::data::OBJECTS.len(),
            crate::data::OBJECTS.join(", ")
        ),
        PretrainSet::Shapes => format!(
            "**shapes**: procedural geometric figures of {} classes ({}), none of them one of the eight target \
             classes, drawn in random colours on the same kind of textured background with occlusion and noise as \
             the target scenes, fresh for every step",
            crate::data::SHAPES.len(),
            crate::data::SHAPES.join(", ")
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
        b.file.display(),
        side = lecture::PRETRAIN_SIDE,
    ));
    report.metric("pretraining", p)?;
    report.metric("pretraining_reused", b.reused)?;
    Ok(())
}

/// A task's section: its curves and numbers (and, for task 4, its base and the bonus).
pub fn task(r: &Run, t: &Trained, report: &mut Report) -> Result<()> {
    match &t.base {
        Some(BaseUsed::Given(file)) => {
            report.text(&format!("VGG16 base loaded from `{}`.", file.display()));
        }
        Some(BaseUsed::Pretrained(b)) => pretraining(r, b, report)?,
        None => {}
    }
    if let Some(ft) = &t.fine_tuned {
        fine_tuned(ft, report)?;
    }
    let (task, outcome) = (t.task, &t.outcome);
    let figure = report.save(&format!("cnn_curves_{}.png", task.name()), |p| {
        lecture::curves(p, task.title(), &outcome.history)
    })?;
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
    report.metric(task.name(), outcome)?;
    Ok(())
}

fn fine_tuned(o: &Outcome, report: &mut Report) -> Result<()> {
    let figure = report.save("cnn_curves_fine_tuned.png", |p| {
        lecture::curves(p, "bonus: blocks 4–5 fine-tuned", &o.history)
    })?;
    report.section("Bonus: the layers after #10 unfrozen");
    report.figure(&figure, "fine-tuning blocks 4–5 with the head");
    report.text(&format!(
        "{} trainable parameters (blocks 4–5 and the head), Adam 1e-5: test accuracy **{:.4}** (the notebook left \
         this task without an answer).",
        o.trainable_parameters, o.test.accuracy
    ));
    report.metric("fine_tuned", o)?;
    Ok(())
}

/// The comparison of the four models: a table beside the recorded accuracies, and their
/// validation curves in one figure.
pub fn comparison(runs: &[Trained], report: &mut Report) -> Result<()> {
    report.section("The four models");
    println!("\n| model | train acc | best val acc | test acc | original test acc |");
    for t in runs {
        let (task, o) = (t.task, &t.outcome);
        let train = o.history.last("accuracy").unwrap_or(f64::NAN);
        println!(
            "| {} | {train:.4} | {:.4} | {:.4} | {:.4} |",
            task.name(),
            o.best_val_accuracy(),
            o.test.accuracy,
            task.original_test_accuracy()
        );
        report.compare(
            &format!("{}: test accuracy", task.title()),
            &format!("{:.4}", task.original_test_accuracy()),
            format!(
                "{:.4} (training {train:.4}, best validation {:.4})",
                o.test.accuracy,
                o.best_val_accuracy()
            ),
        );
    }
    // Task 4's head trains for many more (cheap) epochs than the CNNs: a panel of its own, so
    // that its axis does not squeeze the other three curves.
    let panel = |title: &str, transfer: bool| XyPlot {
        title: title.into(),
        x_label: "epoch".into(),
        y_label: "validation accuracy".into(),
        series: runs
            .iter()
            .enumerate()
            .filter(|(_, t)| (t.task == crate::lecture::Task::Transfer) == transfer)
            .map(|(i, t)| {
                Series::line(t.task.name(), t.outcome.history.series("val_accuracy"))
                    .color(plot::PALETTE[i % plot::PALETTE.len()])
            })
            .collect(),
        y_range: Some((0.0, 1.0)),
        ..Default::default()
    };
    let panels = [
        panel("Tasks 1–3: the CNN trained from scratch", false),
        panel("Task 4: the head on the frozen base", true),
    ];
    let file = report.save("cnn_val_accuracy.png", |p| plot::panels(p, &panels, 2))?;
    report.figure(&file, "Validation accuracy of the four models");
    Ok(())
}

/// Two scenes of each class of the stand-in, drawn with the run's seed; the file name.
pub fn sample(seed: u64, report: &Report) -> Result<String> {
    let mut images = Vec::new();
    for (class, name) in crate::data::CLASSES.iter().enumerate() {
        for i in 0..2 {
            let mut rng = common::seed::stream(seed + i, &format!("cnn/sample/{name}"));
            let rgb = crate::data::render(class, &mut rng);
            let side = crate::data::SIDE;
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
    Ok(report.save("cnn_sample.png", |p| {
        plot::image_grid(
            p,
            "Natural-images stand-in: two scenes of each class",
            &images,
            4,
            ColorMapKind::Gray,
        )
    })?)
}

/// The networks section: their Keras-style summaries.
pub fn networks(report: &mut Report) {
    let summary = summaries();
    println!("{summary}");
    report.section("The networks");
    report.text(&format!("```text\n{summary}\n```"));
}

/// The Keras-style summaries of the four networks.
pub fn summaries() -> String {
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
        &[crate::model::CLASSES],
    )];
    text.push(common::summary::render("task 4: head", &head_vs, &head));
    text.join("\n")
}

/// Task 1's model on the test airplanes: the notebook's sentence for one it gets right (the
/// first in file order; `airplane_0007.jpg` first where it is a test image), with how many of
/// them it gets right at all, beside the recorded sentence; then the feature maps of a dog.
pub fn inspection(
    r: &Run,
    model: &Baseline,
    split: &Split,
    dog: Option<&Path>,
    report: &mut Report,
) -> Result<()> {
    report.section("Single image and feature maps (task 1's model)");
    let mut airplanes: Vec<&PathBuf> = split
        .test_paths
        .iter()
        .filter(|p| {
            p.parent()
                .and_then(Path::file_name)
                .is_some_and(|n| n == "airplane")
        })
        .collect();
    airplanes.sort_by_key(|p| p.file_name() != Some("airplane_0007.jpg".as_ref()));
    let airplane = split.classes.iter().position(|c| c == "airplane");
    let mut right = Vec::new();
    for image in &airplanes {
        let (probs, sentence) = lecture::predict_file(model, &split.classes, image, r.device)?;
        if Some(common::metrics::argmax(&probs)) == airplane {
            right.push((image, sentence));
        }
    }
    if let Some((image, sentence)) = right.first() {
        let name = image.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        println!("{}: {sentence}", image.display());
        report.compare(
            "single-image prediction",
            "I am 79.00% certain that this is a airplane",
            format!(
                "{sentence} ({name}, the first test airplane it gets right; it gets {} of the {} test airplanes right)",
                right.len(),
                airplanes.len()
            ),
        );
    } else if !airplanes.is_empty() {
        report.text(&format!(
            "Task 1's model gets none of the {} test airplanes right, so no sentence is shown for one.",
            airplanes.len()
        ));
    }
    let first = right.first();
    report.metric(
        "single_image",
        serde_json::json!({
            "image": first.and_then(|(p, _)| p.file_name()).and_then(|n| n.to_str()),
            "sentence": first.map(|(_, s)| s),
            "airplanes_right": right.len(),
            "airplanes": airplanes.len(),
        }),
    )?;
    if let Some(image) = dog {
        for f in lecture::feature_maps(model, image, r.device, &r.out)? {
            let name = f
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            report.figure(&name, &format!("feature maps for {}", image.display()));
        }
    }
    Ok(())
}
