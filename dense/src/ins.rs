//! Lecture 2.2 — Hamiltonian classification from inelastic neutron scattering (J. Cooper; code
//! by K. Butler, STFC), `lecture_2_task_2` student and lecturer editions.
//!
//! Which magnetic Hamiltonian explains a measured spectrum of Pr(Ca,Sr)₂Mn₂O₇: Dimer (label 0)
//! or Goodenough (label 1)? Each sample is a 20×200 image of ten constant-energy slices. The
//! original data (20 000 + 6 676 simulated spectra, 854 MB of HDF5) cannot be had offline; the
//! default is the seeded stand-in of [`common::ins`] with the same shapes and sizes, and
//! `--train/--test` read the original files. Model (the lecturer's answer): Flatten(4000) →
//! Dense(16, ReLU) → Dense(8, ReLU) → Dense(2, sigmoid), 64 170 parameters, Adam, binary
//! cross-entropy on the one-hot labels, 10 epochs, batch 32, validated on the test set.
//! Recorded on the original data: validation accuracy 0.911 → 0.980 → 0.965 (last epoch).
//! Task 4 ("improve the model") has no answer in the original; ours is the small CNN
//! [`crate::model::InsCnn`], compared with the dense net and a linear baseline.

use crate::model::{InsCnn, Mlp};
use anyhow::Result;
use common::batch::TensorData;
use common::cli::Preset;
use common::history::History;
use common::ins::{self, InsSet, CLASSES};
use common::plot::{self, ColorMapKind, GridImage, Series, XyPlot};
use common::report::Report;
use common::train::{self, Fit, Objective};
use serde::Serialize;
use std::path::PathBuf;
use tch::nn::{self, ModuleT, OptimizerConfig};
use tch::{Device, Kind, Tensor};

/// Settings of the INS task; `Default` is the notebook's.
#[derive(Clone, Debug, Serialize)]
pub struct InsConfig {
    /// Stand-in sizes (ignored when reading the original files).
    pub train: usize,
    pub test: usize,
    pub epochs: usize,
    pub batch_size: usize,
    pub lr: f64,
    /// The original HDF5 files, if at hand.
    pub train_h5: Option<PathBuf>,
    pub test_h5: Option<PathBuf>,
}

impl Default for InsConfig {
    fn default() -> Self {
        Self {
            train: 20_000,
            test: 6_676,
            epochs: 10,
            batch_size: 32,
            lr: 1e-3,
            train_h5: None,
            test_h5: None,
        }
    }
}

impl InsConfig {
    /// smoke: 600 + 200 samples, 2 epochs; quick and school: the original 20 000 + 6 676 and 10
    /// epochs (under a minute on a laptop CPU).
    pub fn for_preset(preset: Preset) -> Self {
        match preset {
            Preset::Smoke => Self {
                train: 600,
                test: 200,
                epochs: 2,
                ..Self::default()
            },
            Preset::Quick | Preset::School => Self::default(),
        }
    }
}

/// Keras' TP/FP/TN/FN over both sigmoid outputs (threshold 0.5), as the notebook counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: i64,
    pub fp: i64,
    pub tn: i64,
    pub fn_: i64,
}

/// Task 2, the metrics `model.compile` was given: per-output counts of `logits` against one-hot
/// `targets`, an output positive where its sigmoid exceeds 0.5 (its logit exceeds 0).
pub fn keras_counts(logits: &Tensor, targets: &Tensor) -> Counts {
    // BEGIN SOLUTION 2.2.2
    let pred = logits.gt(0.0);
    let truth = targets.gt(0.5);
    let count = |t: Tensor| t.sum(Kind::Int64).int64_value(&[]);
    Counts {
        tp: count(pred.logical_and(&truth)),
        fp: count(pred.logical_and(&truth.logical_not())),
        tn: count(pred.logical_not().logical_and(&truth.logical_not())),
        fn_: count(pred.logical_not().logical_and(&truth)),
    }
    // END SOLUTION
}

/// Task 3, `model.fit`: `cfg.epochs` epochs of batches of `cfg.batch_size` on the binary
/// cross-entropy of the two sigmoid outputs, with the test set as validation data (as the
/// original, which had no other held-out set).
pub fn fit_settings<'a>(cfg: &InsConfig, test: &'a TensorData) -> Fit<'a> {
    // BEGIN SOLUTION 2.2.3
    Fit {
        epochs: cfg.epochs,
        batch_size: cfg.batch_size,
        objective: Objective::BinaryCrossEntropy,
        validation: Some(test),
        checkpoint: None,
        transform: None,
    }
    // END SOLUTION
}

/// One trained classifier's results.
#[derive(Clone, Debug, Serialize)]
pub struct ModelResult {
    pub name: String,
    pub parameters: i64,
    pub history: History,
    /// Per-sample accuracy (argmax against the label).
    pub test_accuracy: f64,
    /// Per-sample confusion: rows true Dimer/Goodenough, columns predicted.
    pub confusion: Vec<Vec<usize>>,
    pub keras_counts: Counts,
}

/// The numbers of an INS run.
#[derive(Clone, Debug, Serialize)]
pub struct InsOutcome {
    pub source: String,
    pub train: usize,
    pub test: usize,
    pub dense: ModelResult,
    pub linear: ModelResult,
    pub cnn: ModelResult,
    /// The first ten training spectra with their labels, for the figure.
    #[serde(skip)]
    pub examples: Vec<(Vec<f32>, u8)>,
}

/// Tasks 1–3, the lecturer's answer: Flatten(4000) → Dense(16, ReLU) → Dense(8, ReLU) →
/// Dense(2), 64 170 parameters; the sigmoid of the two outputs is in the binary cross-entropy.
pub fn dense_model(p: &nn::Path) -> Mlp {
    // BEGIN SOLUTION 2.2.1
    Mlp::new(p, ins::PIXELS as i64, &[16, 8], 2)
    // END SOLUTION
}

fn train_model<M: ModuleT>(
    name: &str,
    model: &M,
    vs: &nn::VarStore,
    layers: &[common::summary::Layer],
    cfg: &InsConfig,
    seed: u64,
    (train, test): (&TensorData, &TensorData),
) -> Result<ModelResult> {
    println!("{}", common::summary::render(name, vs, layers));
    let parameters = common::summary::count(vs, layers).total;
    let mut opt = nn::Adam::default().build(vs, cfg.lr)?;
    let mut rng = common::seed::stream(seed, &format!("ins/{name}"));
    let history = train::fit(
        model,
        vs,
        &mut opt,
        train,
        &fit_settings(cfg, test),
        &mut rng,
    )?;
    let logits = train::predict(model, &test.x, 1000);
    let keras_counts = keras_counts(&logits, &test.y);
    let pred: Vec<i64> = Vec::try_from(logits.argmax(-1, false).to_device(Device::Cpu))?;
    let truth: Vec<i64> = Vec::try_from(test.y.argmax(-1, false).to_device(Device::Cpu))?;
    let (pred, truth): (Vec<usize>, Vec<usize>) = (
        pred.iter().map(|&p| p as usize).collect(),
        truth.iter().map(|&t| t as usize).collect(),
    );
    let test_accuracy = common::metrics::accuracy(&pred, &truth)?;
    let confusion = common::metrics::confusion_matrix(&pred, &truth, 2)?;
    println!(
        "{name}: test accuracy {test_accuracy:.4}; right for Dimer {}, wrong for Dimer {}, right for Goodenough {}, wrong for Goodenough {}",
        confusion[0][0], confusion[0][1], confusion[1][1], confusion[1][0]
    );
    println!(
        "{name}: Keras counts over both outputs: TP {} FP {} TN {} FN {}",
        keras_counts.tp, keras_counts.fp, keras_counts.tn, keras_counts.fn_
    );
    Ok(ModelResult {
        name: name.into(),
        parameters,
        history,
        test_accuracy,
        confusion,
        keras_counts,
    })
}

/// Load the original files or generate the stand-in.
pub fn load_data(cfg: &InsConfig, seed: u64) -> Result<(InsSet, InsSet, String)> {
    match (&cfg.train_h5, &cfg.test_h5) {
        (Some(tr), Some(te)) => {
            let train = common::ins_h5::read(tr)?;
            let test = common::ins_h5::read(te)?;
            Ok((
                train,
                test,
                format!("original files {} and {}", tr.display(), te.display()),
            ))
        }
        (None, None) => {
            println!(
                "generating the INS stand-in: {} training and {} test spectra (seed {seed})",
                cfg.train, cfg.test
            );
            let train = ins::generate(cfg.train, seed, "train");
            let test = ins::generate(cfg.test, seed, "test");
            Ok((
                train,
                test,
                format!("simulated stand-in (common::ins), seed {seed}"),
            ))
        }
        _ => anyhow::bail!(
            "give both --train and --test (the original train.h5 and test.h5), or neither"
        ),
    }
}

/// Lecture 2.2's computation: the data (the original files or the stand-in), the dense network,
/// the linear baseline and the CNN trained and tested. Writes no figure.
pub fn compute(cfg: &InsConfig, seed: u64, device: Device) -> Result<InsOutcome> {
    let (train_set, test_set, source) = load_data(cfg, seed)?;
    if train_set.is_empty() || test_set.is_empty() {
        anyhow::bail!("the INS data hold no samples");
    }
    let to_data = |s: &InsSet| -> Result<TensorData> {
        let (x, y) = s.to_tensors();
        Ok(TensorData::new(x.to_device(device), y.to_device(device))?)
    };
    let (train_data, test_data) = (to_data(&train_set)?, to_data(&test_set)?);

    tch::manual_seed(seed as i64);
    let vs = nn::VarStore::new(device);
    let mlp = dense_model(&vs.root());
    let dense = train_model(
        "ins_dense",
        &mlp,
        &vs,
        &mlp.layers(),
        cfg,
        seed,
        (&train_data, &test_data),
    )?;

    let vs = nn::VarStore::new(device);
    let lin = Mlp::new(&vs.root(), ins::PIXELS as i64, &[], 2);
    let linear = train_model(
        "ins_linear",
        &lin,
        &vs,
        &lin.layers(),
        cfg,
        seed,
        (&train_data, &test_data),
    )?;

    let vs = nn::VarStore::new(device);
    let cnn_model = InsCnn::new(&vs.root());
    let cnn = train_model(
        "ins_cnn",
        &cnn_model,
        &vs,
        &InsCnn::layers(),
        cfg,
        seed,
        (&train_data, &test_data),
    )?;

    let examples = (0..10.min(train_set.len()))
        .map(|i| (train_set.image(i).to_vec(), train_set.labels[i]))
        .collect();
    Ok(InsOutcome {
        source,
        train: train_set.len(),
        test: test_set.len(),
        dense,
        linear,
        cnn,
        examples,
    })
}

/// Figures, report text and metrics of [`compute`]'s outcome.
pub fn present(cfg: &InsConfig, seed: u64, o: &InsOutcome, report: &mut Report) -> Result<()> {
    let (dense, linear, cnn, source) = (&o.dense, &o.linear, &o.cnn, &o.source);
    let examples: Vec<GridImage> = o
        .examples
        .iter()
        .map(|(pixels, label)| GridImage {
            width: ins::WIDTH,
            height: ins::HEIGHT,
            pixels: pixels.clone(),
            title: format!("{}: {}", label, CLASSES[usize::from(*label)]),
            title_color: plot::BLACK,
            colors: None,
        })
        .collect();
    plot::image_grid(
        &report.path("ins_examples.png"),
        "INS spectra: ten constant-energy slices, 5–50 meV",
        &examples,
        2,
        ColorMapKind::Viridis,
    )?;
    // Figures: accuracy and loss against epoch, training vs "test" (the validation set).
    for (key, label) in [("accuracy", "accuracy"), ("loss", "loss")] {
        let mut series = Vec::new();
        for (m, color) in [(dense, plot::PALETTE[0]), (cnn, plot::PALETTE[2])] {
            series.push(
                Series::line(
                    &format!("{} training (solid)", m.name),
                    m.history.series(key),
                )
                .color(color),
            );
            series.push(
                Series::dashed(
                    &format!("{} test (dashed)", m.name),
                    m.history.series(&format!("val_{key}")),
                )
                .color(color),
            );
        }
        plot::xy(
            &report.path(&format!("ins_{key}.png")),
            &XyPlot {
                title: format!("INS: {label} per epoch"),
                x_label: "epoch".into(),
                y_label: label.into(),
                series,
                ..Default::default()
            },
        )?;
    }

    report.section("Lecture 2.2 — INS: Dimer or Goodenough?");
    report.text(&format!(
        "Data: {source}; {} training and {} test spectra.",
        o.train, o.test
    ));
    let val = dense.history.series("val_accuracy");
    let val_text: Vec<String> = val.iter().map(|v| format!("{:.3}", v.1)).collect();
    report.compare("L2.2 parameters", "64 170", dense.parameters.to_string());
    report.compare(
        "L2.2 validation accuracy per epoch",
        "0.911, 0.961, 0.974, 0.975, 0.976, 0.977, 0.977, 0.977, 0.980, 0.965",
        val_text.join(", "),
    );
    report.compare(
        "L2.2 training accuracy, last epoch",
        "0.985",
        format!("{:.3}", dense.history.last("accuracy").unwrap_or(f64::NAN)),
    );
    let k = dense.keras_counts;
    report.compare(
        "L2.2 right/wrong counts over both outputs",
        "6446 / 231 / 6445 / 230 (of 13 352)",
        format!(
            "TN {} / FP {} / TP {} / FN {} (of {})",
            k.tn,
            k.fp,
            k.tp,
            k.fn_,
            k.tp + k.fp + k.tn + k.fn_
        ),
    );
    report.compare(
        "L2.2 upstream CNN counts (sciml-workshop)",
        "6309 / 364 / 6312 / 367",
        {
            let c = cnn.keras_counts;
            format!(
                "TN {} / FP {} / TP {} / FN {} (our CNN)",
                c.tn, c.fp, c.tp, c.fn_
            )
        },
    );
    report.text(&format!(
        "Test accuracy per sample: dense net {:.4}, linear baseline {:.4} ({} parameters), CNN (task 4) {:.4} ({} parameters). \
         The stand-in is simulated here, so these numbers are not those of the original data; the lesson is the same: \
         a small dense network separates the two Hamiltonians well, better than a linear model.",
        dense.test_accuracy, linear.test_accuracy, linear.parameters, cnn.test_accuracy, cnn.parameters
    ));
    report.figure(
        "ins_examples.png",
        "Ten training spectra, labelled 0: Dimer / 1: Goodenough (argmax of the one-hot label)",
    );
    report.figure("ins_accuracy.png", "Accuracy per epoch, training and test");
    report.figure("ins_loss.png", "Loss per epoch, training and test");
    report.metric(
        "ins",
        serde_json::json!({ "config": cfg, "seed": seed, "outcome": o }),
    )?;
    Ok(())
}

/// The whole task: data, examples, the dense net, a linear baseline, the CNN, figures, report.
pub fn run(cfg: &InsConfig, seed: u64, device: Device, report: &mut Report) -> Result<InsOutcome> {
    let outcome = compute(cfg, seed, device)?;
    present(cfg, seed, &outcome, report)?;
    report.write()?;
    Ok(outcome)
}
