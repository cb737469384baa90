//! The binary: bad input gets a one-line error and a non-zero exit, never a panic.

#![allow(clippy::unwrap_used)]

use common::testing::{assert_one_line_error, run};
use std::path::Path;
use std::process::Output;

fn dense(args: &[&str], out: &Path) -> Output {
    let out = out.to_str().unwrap();
    run(
        env!("CARGO_BIN_EXE_dense"),
        &[args, &["--out", out]].concat(),
    )
}

#[test]
fn zero_or_negative_epochs_are_rejected() {
    let out = tempfile::tempdir().unwrap();
    assert_one_line_error(
        &dense(&["intro", "--epochs", "0"], out.path()),
        2,
        "at least 1",
    );
    assert_one_line_error(
        &dense(&["intro", "--epochs", "-5"], out.path()),
        2,
        "at least 1",
    );
    assert_one_line_error(
        &dense(&["intro", "--lr", "-1e-6"], out.path()),
        2,
        "positive",
    );
}

#[test]
fn unknown_task_is_rejected() {
    let out = tempfile::tempdir().unwrap();
    assert_one_line_error(
        &dense(&["cubic-spline"], out.path()),
        2,
        "unrecognized subcommand",
    );
}

#[test]
fn missing_data_set_is_reported() {
    let out = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let o = dense(
        &[
            "fashion",
            "--preset",
            "smoke",
            "--data",
            empty.path().to_str().unwrap(),
        ],
        out.path(),
    );
    assert_one_line_error(&o, 1, "cargo xtask setup");
}

#[test]
fn truncated_idx_file_is_reported() {
    let out = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let images: Vec<u8> = vec![7; 3 * 28 * 28];
    common::idx::write(&d.join("train-images-idx3-ubyte"), &[3, 28, 28], &images).unwrap();
    common::idx::write(&d.join("train-labels-idx1-ubyte"), &[3], &[1, 2, 3]).unwrap();
    common::idx::write(&d.join("t10k-images-idx3-ubyte"), &[3, 28, 28], &images).unwrap();
    common::idx::write(&d.join("t10k-labels-idx1-ubyte"), &[3], &[1, 2, 3]).unwrap();
    // Works when whole…
    let o = dense(
        &[
            "fashion",
            "--preset",
            "smoke",
            "--data",
            d.to_str().unwrap(),
        ],
        out.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // …and a clear error when cut short.
    let bytes = std::fs::read(d.join("train-images-idx3-ubyte")).unwrap();
    std::fs::write(d.join("train-images-idx3-ubyte"), &bytes[..1000]).unwrap();
    let o = dense(
        &[
            "fashion",
            "--preset",
            "smoke",
            "--data",
            d.to_str().unwrap(),
        ],
        out.path(),
    );
    assert_one_line_error(&o, 1, "truncated");
}

#[test]
fn intro_prints_the_mse_trace_and_writes_its_outputs() {
    let out = tempfile::tempdir().unwrap();
    let o = dense(&["intro", "--preset", "smoke"], out.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("epoch  1900  MSE"), "{text}");
    for f in ["intro_fit.png", "metrics.json", "report.md"] {
        assert!(out.path().join(f).is_file(), "{f}");
    }
}

#[test]
fn help_lists_tasks_and_flags() {
    let o = run(env!("CARGO_BIN_EXE_dense"), &["--help"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    for word in [
        "intro", "fashion", "predict", "--preset", "--device", "--seed", "--data", "--out",
    ] {
        assert!(text.contains(word), "--help lacks {word}");
    }
}

#[test]
fn fashion_help_explains_the_exercise_flags() {
    let o = run(env!("CARGO_BIN_EXE_dense"), &["fashion", "--help"]);
    let text = String::from_utf8_lossy(&o.stdout);
    for word in [
        "--epochs",
        "--refit-epochs",
        "--optimizer",
        "--hidden",
        "--val-fraction",
        "--threshold",
        "--image",
        "rmsprop",
    ] {
        assert!(text.contains(word), "fashion --help lacks {word}");
    }
}

#[test]
fn bad_fashion_arguments_are_rejected() {
    let out = tempfile::tempdir().unwrap();
    assert_one_line_error(
        &dense(&["fashion", "--hidden", "128,0"], out.path()),
        2,
        "at least 1",
    );
    assert_one_line_error(
        &dense(&["fashion", "--threshold", "1.5"], out.path()),
        2,
        "between 0 and 1",
    );
    assert_one_line_error(
        &dense(&["fashion", "--optimizer", "lbfgs"], out.path()),
        2,
        "invalid value",
    );
    let missing = out.path().join("no_model");
    let o = dense(
        &[
            "predict",
            "--image",
            "x.png",
            "--model",
            missing.to_str().unwrap(),
        ],
        out.path(),
    );
    assert_one_line_error(&o, 1, "no saved model");
}

#[test]
fn bad_ins_files_are_reported() {
    let out = tempfile::tempdir().unwrap();
    let bad = out.path().join("bad.h5");
    std::fs::write(&bad, b"junk").unwrap();
    let b = bad.to_str().unwrap();
    assert_one_line_error(&dense(&["ins", "--train", b], out.path()), 2, "--test");
    assert_one_line_error(
        &dense(&["ins", "--train", b, "--test", b], out.path()),
        1,
        "not an HDF5 file",
    );
}
