//! The binary: tasks and flags in --help, bad input rejected in one line, a smoke run writes its
//! figures, its stand-in data in the original formats, metrics.json and config.json.

#![allow(clippy::unwrap_used)]

use common::testing::{
    assert_files, assert_help_names, assert_one_line_error, assert_success, json, number, run,
};

const EXE: &str = env!("CARGO_BIN_EXE_segmentation");

#[test]
fn help_lists_tasks_and_settings_and_bad_input_is_one_line() {
    assert_help_names(
        EXE,
        &[],
        &[
            "threshold",
            "kmeans-demo",
            "spots-baseline",
            "--preset",
            "--seed",
            "--out",
        ],
    );
    assert_help_names(
        EXE,
        &["spots-baseline"],
        &["--side", "--threshold", "--bins", "--data", "--mask"],
    );
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.fits");
    std::fs::write(&junk, b"not a fits file").unwrap();
    let junk = junk.to_str().unwrap();
    for (args, code, needle) in [
        (vec!["--seed", "x"], 2, "invalid value"),
        (vec!["unet"], 2, "unrecognized subcommand"),
        (vec!["threshold", "--threshold", "-1"], 2, "positive"),
        (vec!["spots-baseline", "--side", "0"], 2, ""),
        (vec!["spots-baseline", "--side", "8"], 1, "at least 16"),
        (vec!["tof", "--data", junk], 1, "NUMPY"),
        (vec!["spots-baseline", "--data", junk], 1, "--mask"),
        (
            vec!["spots-baseline", "--data", junk, "--mask", junk],
            1,
            "SIMPLE",
        ),
        (
            vec!["spots-baseline", "--data", "/no/such.fits", "--mask", junk],
            1,
            "cannot read",
        ),
    ] {
        assert_one_line_error(&run(EXE, &args), code, needle);
    }
}

#[test]
fn smoke_run_writes_figures_data_and_numbers() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let o = run(EXE, &["--preset", "smoke", "--out", dir.to_str().unwrap()]);
    assert_success(&o);
    assert_files(
        dir,
        &[
            "threshold_images.png",
            "threshold_histogram.png",
            "kmeans_demo.png",
            "spatial_features.png",
            "spatial_kmeans.png",
            "tof_clusters.png",
            "tof_spectra.png",
            "data/tof-32-661-seed2021/tofdata.npy",
            "spots_histogram.png",
            "spots_baseline_hits.png",
            "data/spots-256-seed2021/mixture12_00001.fits",
            "data/spots-256-seed2021/mixture12_00001.png",
            "metrics.json",
            "config.json",
            "report.md",
        ],
    );
    let m = json(dir, "metrics.json");
    let shares: f64 = (0..4)
        .map(|i| number(&m, &format!("/spots_baseline/shares/{i}")))
        .sum();
    assert!(
        (shares - 1.0).abs() < 1e-9,
        "the confusion's shares add up to one"
    );
    assert!(number(&m, "/spots_baseline/recall") < 0.25);
    // Exercise 1: the spatial features make the clusters regions.
    assert!(
        number(&m, "/spatial_features/coherence/1") > number(&m, "/spatial_features/coherence/0")
    );
    let c = json(dir, "config.json");
    assert_eq!(number(&c, "/spots_baseline/side"), 256.0);
}
