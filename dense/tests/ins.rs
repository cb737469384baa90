//! Lecture 2.2 on the stand-in: the lesson holds at a size that fits in CI, and the original
//! files are read when given.

#![allow(clippy::unwrap_used)]

use common::report::Report;
use dense::ins::*;
use tch::Device;

#[test]
fn a_small_dense_net_separates_the_hamiltonians_better_than_a_linear_model() {
    // 2 000 + 500 spectra, 5 epochs (the notebook: 20 000 + 6 676, 10 epochs). Bounds for this
    // size (measured: 0.962, 0.854, 0.982): dense ≥ 0.90, linear at least 0.05 below it,
    // the CNN ≥ 0.95.
    let dir = tempfile::tempdir().unwrap();
    let mut report = Report::new("t", dir.path());
    let cfg = InsConfig {
        train: 2000,
        test: 500,
        epochs: 5,
        ..Default::default()
    };
    let out = run(&cfg, 2021, Device::Cpu, &mut report).unwrap();
    assert_eq!(out.dense.parameters, 64_170);
    assert_eq!(out.cnn.parameters, 31_794);
    assert!(
        out.dense.test_accuracy >= 0.90,
        "dense {}",
        out.dense.test_accuracy
    );
    assert!(
        out.linear.test_accuracy <= out.dense.test_accuracy - 0.05,
        "linear {} dense {}",
        out.linear.test_accuracy,
        out.dense.test_accuracy
    );
    assert!(
        out.cnn.test_accuracy >= 0.95,
        "cnn {}",
        out.cnn.test_accuracy
    );
    let k = out.dense.keras_counts;
    assert_eq!(k.tp + k.fp + k.tn + k.fn_, 2 * 500);
    let c = &out.dense.confusion;
    assert_eq!(c[0][0] + c[0][1] + c[1][0] + c[1][1], 500);
    for f in [
        "ins_examples.png",
        "ins_accuracy.png",
        "ins_loss.png",
        "report.md",
    ] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
}

#[test]
fn original_files_are_read_and_must_come_in_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let train = dir.path().join("train.h5");
    let test = dir.path().join("test.h5");
    common::ins_h5::write(&train, &common::ins::generate(64, 1, "a")).unwrap();
    common::ins_h5::write(&test, &common::ins::generate(32, 1, "b")).unwrap();
    let cfg = InsConfig {
        train_h5: Some(train.clone()),
        test_h5: Some(test),
        ..Default::default()
    };
    let (tr, te, source) = load_data(&cfg, 0).unwrap();
    assert_eq!((tr.len(), te.len()), (64, 32));
    assert!(source.contains("train.h5"));
    let half = InsConfig {
        train_h5: Some(train),
        ..Default::default()
    };
    assert!(load_data(&half, 0).is_err());
}
