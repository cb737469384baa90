//! Splits, batches, model summary, history, report, argument parsers.

#![allow(clippy::unwrap_used)]

use common::batch::{train_val_split, TensorData};
use common::history::History;
use common::report::Report;
use common::summary;
use rand::rngs::StdRng;
use rand::SeedableRng;
use tch::{nn, Tensor};

#[test]
fn keras_style_split_takes_the_last_fraction() {
    let (train, val) = train_val_split::<StdRng>(20, 0.15, None).unwrap();
    assert_eq!(train, (0..17).collect::<Vec<_>>());
    assert_eq!(val, vec![17, 18, 19]);
    let mut rng = StdRng::seed_from_u64(1);
    let (mut a, b) = train_val_split(20, 0.25, Some(&mut rng)).unwrap();
    assert_eq!((a.len(), b.len()), (15, 5));
    a.extend(b);
    a.sort();
    assert_eq!(a, (0..20).collect::<Vec<_>>());
    assert!(train_val_split::<StdRng>(10, 1.0, None).is_err());
}

#[test]
fn batches_cover_every_sample_once() {
    let x = Tensor::arange(10, (tch::Kind::Float, tch::Device::Cpu)).view([10, 1]);
    let y = Tensor::arange(10, (tch::Kind::Int64, tch::Device::Cpu));
    let data = TensorData::new(x, y).unwrap();
    assert_eq!(data.n_batches(4), 3);
    let mut rng = StdRng::seed_from_u64(7);
    let mut seen: Vec<i64> = Vec::new();
    let mut sizes = Vec::new();
    for (xb, yb) in data.batches(4, Some(&mut rng)) {
        sizes.push(yb.size()[0]);
        let xs: Vec<f32> = Vec::try_from(xb.flatten(0, -1)).unwrap();
        let ys: Vec<i64> = Vec::try_from(yb).unwrap();
        // inputs and targets stay paired
        assert!(xs.iter().zip(&ys).all(|(a, b)| *a as i64 == *b));
        seen.extend(ys);
    }
    assert_eq!(sizes, vec![4, 4, 2]);
    assert_ne!(seen, (0..10).collect::<Vec<_>>(), "shuffled");
    seen.sort();
    assert_eq!(seen, (0..10).collect::<Vec<_>>());
    assert!(TensorData::new(
        Tensor::zeros([3, 1], tch::kind::FLOAT_CPU),
        Tensor::zeros([2], tch::kind::INT64_CPU)
    )
    .is_err());
}

#[test]
fn summary_counts_parameters_from_the_var_store() {
    let vs = nn::VarStore::new(tch::Device::Cpu);
    let _a = nn::linear(vs.root() / "fc1", 784, 128, Default::default());
    let _b = nn::linear(vs.root() / "fc2", 128, 10, Default::default());
    let layers = [
        summary::Layer::new("flatten", "Flatten", &[784]),
        summary::Layer::new("fc1", "Dense", &[128]),
        summary::Layer::new("fc2", "Dense", &[10]),
    ];
    let c = summary::count(&vs, &layers);
    assert_eq!(c.per_layer, vec![0, 100_480, 1_290]);
    assert_eq!((c.total, c.trainable), (101_770, 101_770));
    let text = summary::render("mlp", &vs, &layers);
    assert!(
        text.contains("fc1 (Dense)") && text.contains("(None, 128)") && text.contains("100,480")
    );
    assert!(text.contains("Total params: 101,770") && text.contains("Non-trainable params: 0"));
}

#[test]
fn frozen_parameters_are_not_trainable() {
    let mut vs = nn::VarStore::new(tch::Device::Cpu);
    let _a = nn::linear(vs.root() / "fc1", 4, 2, Default::default());
    vs.freeze();
    let c = summary::count(&vs, &[summary::Layer::new("fc1", "Dense", &[2])]);
    assert_eq!((c.total, c.trainable), (10, 0));
}

#[test]
fn history_and_report_are_written() {
    let mut h = History::default();
    let line = h.push(1, 2, &[("loss", 0.5), ("accuracy", 0.8)]);
    assert_eq!(line, "epoch   1/2  loss 0.5000  accuracy 0.8000");
    h.push(2, 2, &[("loss", 0.25)]);
    assert_eq!(h.series("loss"), vec![(1.0, 0.5), (2.0, 0.25)]);
    assert_eq!(h.last("accuracy"), Some(0.8));

    let dir = tempfile::tempdir().unwrap();
    let mut r = Report::new("test report", dir.path());
    r.metric("history", &h).unwrap();
    r.compare("test accuracy", "0.8828", "0.8800");
    r.section("Part");
    r.figure("f.png", "a figure");
    r.write().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("metrics.json")).unwrap())
            .unwrap();
    assert_eq!(json["history"]["records"][1]["values"]["loss"], 0.25);
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(md.contains("| test accuracy | 0.8828 | 0.8800 |"));
    assert!(md.contains("![a figure](f.png)"));
}

#[test]
fn argument_parsers_reject_bad_values() {
    use common::cli::{positive, positive_f64};
    assert_eq!(positive("3"), Ok(3));
    assert!(positive("0").unwrap_err().contains("at least 1"));
    assert!(positive("-2").unwrap_err().contains("at least 1"));
    assert!(positive("x").is_err());
    assert_eq!(positive_f64("1e-3"), Ok(1e-3));
    assert!(
        positive_f64("0").is_err() && positive_f64("nan").is_err() && positive_f64("-1").is_err()
    );
}

#[test]
fn seeded_streams_repeat_and_differ() {
    use rand::Rng;
    let a: f64 = common::seed::stream(5, "x").gen();
    let b: f64 = common::seed::stream(5, "x").gen();
    let c: f64 = common::seed::stream(5, "y").gen();
    assert_eq!(a, b);
    assert_ne!(a, c);
}
