//! The binary: tasks and flags in --help, bad input rejected in one line, a smoke run writes its
//! outputs and the recorded numbers beside ours.

#![allow(clippy::unwrap_used)]

use std::process::Command;

fn clustering(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_clustering"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn help_lists_tasks_and_bad_input_is_one_line() {
    let text = String::from_utf8_lossy(&clustering(&["--help"]).stdout).to_string();
    for word in [
        "manual-kmeans",
        "kmeans-fails",
        "dbscan",
        "gmm",
        "digits-gmm",
        "manifold",
        "--preset",
        "--seed",
        "--out",
    ] {
        assert!(text.contains(word), "--help lacks {word}");
    }
    for (args, needle) in [
        (vec!["--seed", "x"], "invalid value"),
        (vec!["spectral"], "unrecognized subcommand"),
    ] {
        let o = clustering(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{err}");
    }
}

#[test]
fn smoke_run_writes_figures_and_report() {
    let out = tempfile::tempdir().unwrap();
    let o = clustering(&["--preset", "smoke", "--out", out.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "manual_kmeans_steps.png",
        "manual_kmeans_step_01.png",
        "manual_kmeans_linfa.png",
        "kmeans_fails.png",
        "dbscan.png",
        "gmm.png",
        "digits_aic.png",
        "digits_generated.png",
        "s_curve.png",
        "tsne_digits.png",
        "tsne_thumbnails.png",
        "metrics.json",
        "report.md",
    ] {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }
    let report = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    for recorded in [
        "2 / 0",
        "| 41 |",
        "n = 140",
        "0.99 (scored on its training data)",
    ] {
        assert!(
            report.contains(recorded),
            "report lacks the recorded {recorded}"
        );
    }
}
