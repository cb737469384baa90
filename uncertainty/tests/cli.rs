//! The binary: tasks and flags in --help, bad input rejected in one line, a smoke run writes its
//! figures, metrics.json and config.json, and its numbers are the lesson's.

#![allow(clippy::unwrap_used)]

use common::testing::{
    assert_files, assert_help_names, assert_one_line_error, assert_success, json, number, run,
};

const EXE: &str = env!("CARGO_BIN_EXE_uncertainty");

#[test]
fn help_lists_tasks_and_settings_and_bad_input_is_one_line() {
    assert_help_names(EXE, &[], &["gp1d", "gp2d", "--preset", "--seed", "--out"]);
    assert_help_names(
        EXE,
        &["gp1d"],
        &[
            "--points",
            "--length-scale",
            "--alpha",
            "--restarts",
            "--noise",
            "--samples",
            "--grid",
            "--fewest-from",
        ],
    );
    assert_help_names(
        EXE,
        &["gp2d"],
        &[
            "--side",
            "--alpha",
            "--restarts",
            "--fewest-from",
            "--plot-side",
        ],
    );
    for (args, code, needle) in [
        (vec!["--seed", "x"], 2, "invalid value"),
        (vec!["attention"], 2, "unrecognized subcommand"),
        (vec!["gp1d", "--length-scale", "-1"], 2, "positive"),
        (vec!["gp1d", "--length-scale", "nan"], 2, ""),
        (vec!["gp2d", "--alpha", "0"], 2, "positive"),
        (vec!["gp1d", "--points", "1"], 1, "at least 2"),
    ] {
        assert_one_line_error(&run(EXE, &args), code, needle);
    }
}

#[test]
fn smoke_run_writes_figures_and_finds_the_length_scales() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let o = run(EXE, &["--preset", "smoke", "--out", dir.to_str().unwrap()]);
    assert_success(&o);
    assert_files(
        dir,
        &[
            "gp1d_prior.png",
            "gp1d_fits.png",
            "gp2d.png",
            "metrics.json",
            "config.json",
            "report.md",
        ],
    );
    let m = json(dir, "metrics.json");
    // Even with 5 restarts: ℓ ≈ 0.109 in 1-D, ≈ (0.284, 0.284) in 2-D.
    let l = number(&m, "/gp1d/optimised/length_scale");
    assert!((l - 0.109).abs() < 0.002, "{l}");
    for i in 0..2 {
        let l = number(&m, &format!("/gp2d/base/length_scales/{i}"));
        assert!((l - 0.284).abs() < 0.002, "{l}");
    }
    // The fixed length scale is the one asked for, and it fits worse than the optimised one.
    assert_eq!(number(&m, "/gp1d/fixed/length_scale"), 0.05);
    assert!(
        number(&m, "/gp1d/fixed/log_marginal_likelihood")
            < number(&m, "/gp1d/optimised/log_marginal_likelihood")
    );
    let c = json(dir, "config.json");
    assert_eq!(number(&c, "/gp1d/restarts"), 5.0);
}
