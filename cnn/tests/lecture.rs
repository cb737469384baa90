//! The lecture's pipeline at small sizes: the 70/15/15 split, a short training that learns,
//! determinism, transfer from a saved base (ours or torchvision-named), prediction and feature
//! maps; and the binary's errors.

#![allow(clippy::unwrap_used)]

use cnn::data::write_tree;
use cnn::lecture::{self, load_split, Config, Task};
use cnn::model::Vgg16Base;
use common::cli::Preset;
use std::path::Path;
use tch::nn::{self, ModuleT};
use tch::{Device, Tensor};

/// Torch's random generator is one per process: tests that draw from it (weight
/// initialisation, dropout) take turns, so that a seeded run is not disturbed by another test's
/// draws between its seeding and its use.
fn torch_rng() -> std::sync::MutexGuard<'static, ()> {
    static TORCH_RNG: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TORCH_RNG.lock().unwrap_or_else(|e| e.into_inner())
}

fn tree(per_class: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), per_class, 11).unwrap();
    dir
}

fn small(epochs: usize) -> Config {
    Config {
        per_class: None,
        epochs,
        head_epochs: epochs,
        ..Config::for_preset(Preset::Smoke)
    }
}

#[test]
fn the_split_is_70_15_15_per_class_and_disjoint() {
    let dir = tree(20); // 20 per class, 21 cats
    let s = load_split(dir.path(), None, 5, Device::Cpu).unwrap();
    // ⌊0.15 · 20⌋ = 3 for validation and for test in every class; the rest trains.
    assert_eq!(
        (s.train.len(), s.val.len(), s.test.len()),
        (8 * 14 + 1, 24, 24)
    );
    for class in 0..8i64 {
        assert_eq!(s.val.y.eq(class).sum(tch::Kind::Int64).int64_value(&[]), 3);
        assert_eq!(s.test.y.eq(class).sum(tch::Kind::Int64).int64_value(&[]), 3);
    }
    assert_eq!(s.test_paths.len(), 24);
    // A different seed draws a different split; the same seed the same one.
    let again = load_split(dir.path(), None, 5, Device::Cpu).unwrap();
    assert_eq!(again.test_paths, s.test_paths);
    let other = load_split(dir.path(), None, 6, Device::Cpu).unwrap();
    assert_ne!(other.test_paths, s.test_paths);
    // Limiting the images per class limits every part.
    let few = load_split(dir.path(), Some(10), 5, Device::Cpu).unwrap();
    assert_eq!((few.train.len(), few.val.len(), few.test.len()), (64, 8, 8));
}

#[test]
fn a_tree_with_the_wrong_classes_is_a_clear_error() {
    let dir = tree(7);
    std::fs::remove_dir_all(dir.path().join("person")).unwrap();
    let e = load_split(dir.path(), None, 1, Device::Cpu)
        .unwrap_err()
        .to_string();
    assert!(e.contains("7 class folders"), "{e}");
}

#[test]
fn the_baseline_learns_and_reruns_identically() {
    let _rng = torch_rng();
    let dir = tree(40);
    let split = load_split(dir.path(), None, 3, Device::Cpu).unwrap();
    let out = tempfile::tempdir().unwrap();
    let cfg = small(4);
    let (_, _, a) = lecture::train_cnn(Task::Baseline, &cfg, &split, 3, out.path()).unwrap();
    let (_, _, b) = lecture::train_cnn(Task::Baseline, &cfg, &split, 3, out.path()).unwrap();
    assert_eq!(a.history.series("loss"), b.history.series("loss"));
    assert_eq!(a.test.accuracy, b.test.accuracy);
    let loss = a.history.series("loss");
    // 225 images, 4 epochs (measured: loss 2.28 → 1.97, accuracy 0.23; chance is 0.125).
    assert!(loss[3].1 < 0.92 * loss[0].1, "training loss {loss:?}");
    assert!(
        a.history.last("accuracy").unwrap() > 0.18,
        "{:?}",
        a.history
    );
    assert_eq!(a.trainable_parameters, 6_651_464);
    assert!(out.path().join("cnn_baseline.safetensors").is_file());
}

#[test]
fn augmentation_and_dropout_train_too() {
    let _rng = torch_rng();
    let dir = tree(10);
    let split = load_split(dir.path(), None, 3, Device::Cpu).unwrap();
    let out = tempfile::tempdir().unwrap();
    for task in [Task::Dropout, Task::Augmentation] {
        let (_, _, o) = lecture::train_cnn(task, &small(1), &split, 3, out.path()).unwrap();
        assert!(o.history.last("loss").unwrap().is_finite());
        assert!(out.path().join(task.weights_file()).is_file());
    }
}

fn save_base(path: &Path, torchvision_extras: bool) {
    tch::manual_seed(4);
    let vs = nn::VarStore::new(Device::Cpu);
    let _base = Vgg16Base::new(&vs.root());
    if torchvision_extras {
        // torchvision's full VGG16 also holds the classifier: it must be ignored.
        let _ = nn::linear(vs.root() / "classifier" / "0", 4, 3, Default::default());
    }
    vs.save(path).unwrap();
}

#[test]
fn transfer_loads_a_saved_base_frozen_and_trains_only_the_head() {
    let _rng = torch_rng();
    let dir = tree(10);
    let split = load_split(dir.path(), None, 3, Device::Cpu).unwrap();
    let out = tempfile::tempdir().unwrap();
    for extras in [false, true] {
        let file = out.path().join(format!("base_{extras}.safetensors"));
        save_base(&file, extras);
        let run = lecture::train_transfer(&small(2), &split, 3, &file, None).unwrap();
        let (o, model) = (run.head, run.model);
        assert_eq!(o.trainable_parameters, 4_104);
        assert_eq!(o.history.series("val_accuracy").len(), 2);
        // The base holds exactly the saved weights after the head's training.
        let saved = Tensor::read_safetensors(&file).unwrap();
        let first = saved
            .iter()
            .find(|(n, _)| n == "features.0.weight")
            .unwrap();
        let x = cnn::augment::random_batch(1, 100);
        let fresh = {
            let vs2 = nn::VarStore::new(Device::Cpu);
            let mut vs2 = vs2;
            let b = Vgg16Base::new(&vs2.root());
            vs2.load(&file).unwrap();
            nn::Module::forward(&b, &x)
        };
        assert!(nn::Module::forward(&model.base, &x).allclose(&fresh, 1e-6, 1e-6, false));
        assert_eq!(first.1.size(), vec![64, 3, 3, 3]);
        assert_eq!(model.forward_t(&x, false).size(), vec![1, 8]);
    }
}

#[test]
fn the_bonus_fine_tunes_blocks_4_and_5_with_the_head() {
    let _rng = torch_rng();
    let dir = tree(7);
    let split = load_split(dir.path(), None, 3, Device::Cpu).unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("base.safetensors");
    save_base(&file, false);
    let ft = lecture::FineTune {
        epochs: 1,
        lr: 1e-5,
    };
    let run = lecture::train_transfer(&small(1), &split, 3, &file, Some(ft)).unwrap();
    let o = run.fine_tuned.unwrap();
    // Keras' VGG16 layers after #10 (block3_pool): block4 (1 180 160 + 2 · 2 359 808) and
    // block5 (3 · 2 359 808), and the head.
    assert_eq!(o.trainable_parameters, 5_899_776 + 7_079_424 + 4_104);
    assert!(o.history.last("loss").unwrap().is_finite());
    assert_eq!(run.head.trainable_parameters, 4_104);
}

#[test]
fn pretraining_keeps_a_plain_base_that_task_4_loads_and_later_runs_reuse() {
    let _rng = torch_rng();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("base.safetensors");
    let set = lecture::PretrainSet::Shapes;
    let (p, reused) = lecture::pretrained_base(set, 2, 1, Device::Cpu, &file).unwrap();
    assert!(!reused);
    assert_eq!((p.steps, p.images_seen), (2, 64));
    assert!((0.0..=1.0).contains(&p.test_accuracy));
    let mut vs = nn::VarStore::new(Device::Cpu);
    let _ = Vgg16Base::new(&vs.root());
    vs.load(&file).unwrap();
    // Only the plain base is saved: 26 tensors, no normalisation and no pre-training head.
    assert_eq!(Tensor::read_safetensors(&file).unwrap().len(), 26);
    let (again, reused) = lecture::pretrained_base(set, 2, 1, Device::Cpu, &file).unwrap();
    assert!(reused);
    // The record's time, read back from JSON (serde_json's parser may differ in the last bit),
    // not a new run's.
    assert!(
        (again.seconds - p.seconds).abs() <= 1e-9 * p.seconds.max(1.0),
        "{} against {}",
        again.seconds,
        p.seconds
    );
    // No record beside it (an interrupted run): pre-trained anew.
    std::fs::remove_file(file.with_extension("json")).unwrap();
    assert!(
        !lecture::pretrained_base(set, 2, 1, Device::Cpu, &file)
            .unwrap()
            .1
    );
}

#[test]
fn an_interrupted_pretraining_goes_on_where_it_stopped_to_the_same_base() {
    let _rng = torch_rng();
    let out = tempfile::tempdir().unwrap();
    let (whole, parts) = (
        out.path().join("a.safetensors"),
        out.path().join("b.safetensors"),
    );
    let set = lecture::PretrainSet::Shapes;
    let p = lecture::pretrain_base(set, 3, 5, Device::Cpu, &whole).unwrap();
    let stopped = lecture::pretrain_base_until(set, 3, 5, Device::Cpu, &parts, 1).unwrap();
    assert!(stopped.is_none());
    let state = parts.with_extension("state.safetensors");
    assert!(state.is_file() && !parts.exists());
    let q = lecture::pretrain_base(set, 3, 5, Device::Cpu, &parts).unwrap();
    assert!(
        !state.exists(),
        "the state is removed once the base is saved"
    );
    assert_eq!(
        (q.final_train_accuracy, q.test_accuracy),
        (p.final_train_accuracy, p.test_accuracy)
    );
    let (a, b) = (
        Tensor::read_safetensors(&whole).unwrap(),
        Tensor::read_safetensors(&parts).unwrap(),
    );
    let b: std::collections::HashMap<_, _> = b.into_iter().collect();
    assert_eq!((a.len(), b.len()), (26, 26));
    for (name, t) in &a {
        assert!(t.equal(&b[name]), "{name} differs after resuming");
    }
}

#[test]
fn a_base_file_that_is_no_vgg16_is_a_clear_error() {
    let _rng = torch_rng();
    let dir = tree(10);
    let split = load_split(dir.path(), None, 3, Device::Cpu).unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("other.safetensors");
    let vs = nn::VarStore::new(Device::Cpu);
    let _ = nn::linear(vs.root() / "fc", 2, 2, Default::default());
    vs.save(&file).unwrap();
    let e = format!(
        "{:#}",
        lecture::train_transfer(&small(1), &split, 3, &file, None).unwrap_err()
    );
    assert!(e.contains("loading the VGG16 base"), "{e}");
}

#[test]
fn prediction_sentence_and_feature_maps() {
    let _rng = torch_rng();
    let dir = tree(7);
    let out = tempfile::tempdir().unwrap();
    let vs = nn::VarStore::new(Device::Cpu);
    let model = cnn::model::Baseline::new(&vs.root(), 0.0);
    let classes: Vec<String> = cnn::data::CLASSES.iter().map(|s| s.to_string()).collect();
    let image = dir.path().join("dog").join("dog_0003.jpg");
    let (p, sentence) = lecture::predict_file(&model, &classes, &image, Device::Cpu).unwrap();
    assert_eq!(p.len(), 8);
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-5);
    assert!(
        sentence.starts_with("I am ") && sentence.contains("% certain that this is a "),
        "{sentence}"
    );
    let files = lecture::feature_maps(&model, &image, Device::Cpu, out.path()).unwrap();
    assert_eq!(files.len(), 6);
    assert!(files.iter().all(|f| f.is_file()));
    let missing =
        lecture::predict_file(&model, &classes, &out.path().join("nope.jpg"), Device::Cpu);
    assert!(missing.is_err());
}

fn cnn(args: &[&str]) -> (i32, String) {
    let out = common::testing::run(env!("CARGO_BIN_EXE_cnn"), args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn the_binary_rejects_bad_input_with_one_line() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let (code, text) = cnn(&["baseline", "--epochs", "0", "--out", o]);
    assert_eq!(code, 2, "{text}");
    let (code, text) = cnn(&[
        "baseline",
        "--data",
        "/nonexistent/natural_images",
        "--out",
        o,
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("/nonexistent/natural_images"), "{text}");
    let (code, text) = cnn(&["predict", "--image", "x.jpg", "--out", o]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("no trained baseline model"), "{text}");
    let (code, text) = cnn(&[
        "transfer",
        "--base",
        "/nonexistent/vgg16.safetensors",
        "--preset",
        "smoke",
        "--out",
        o,
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("vgg16.safetensors"), "{text}");
}

#[test]
fn a_bad_base_file_is_one_line_naming_it() {
    use common::testing::{assert_one_line_error, run};
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let csv = out.path().join("not-safetensors.csv");
    std::fs::write(&csv, "a,b\n1,2\n").unwrap();
    let missing = out.path().join("none.safetensors");
    for (base, needle) in [
        (
            csv.to_str().unwrap(),
            "not-safetensors.csv: the VGG16 base must be a .safetensors",
        ),
        (missing.to_str().unwrap(), "none.safetensors: no such file"),
    ] {
        let args = [
            "transfer",
            "--base",
            base,
            "--preset",
            "smoke",
            "--per-class",
            "7",
            "--out",
            o,
        ];
        assert_one_line_error(&run(env!("CARGO_BIN_EXE_cnn"), &args), 1, needle);
    }
}
