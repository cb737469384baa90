//! The binary: tasks and flags in --help, bad input rejected in one line, a smoke run writes its
//! figures, and the numbers it computed (metrics.json) and the settings it used (config.json)
//! are what the lesson says.

#![allow(clippy::unwrap_used)]

use common::testing::{
    assert_files, assert_help_names, assert_one_line_error, assert_success, json, number, run,
};

const EXE: &str = env!("CARGO_BIN_EXE_clustering");

#[test]
fn help_lists_tasks_and_settings_and_bad_input_is_one_line() {
    assert_help_names(
        EXE,
        &[],
        &[
            "manual-kmeans",
            "kmeans-fails",
            "dbscan",
            "gmm",
            "digits-gmm",
            "manifold",
            "--preset",
            "--seed",
            "--out",
        ],
    );
    assert_help_names(EXE, &["dbscan"], &["--eps", "--min-samples"]);
    assert_help_names(
        EXE,
        &["manifold"],
        &[
            "--tsne-points",
            "--tsne-iterations",
            "--perplexity",
            "--neighbours",
            "--held-out",
            "--isomap-neighbours",
        ],
    );
    assert_help_names(EXE, &["digits-gmm"], &["--components", "--samples"]);
    for (args, needle) in [
        (vec!["--seed", "x"], "invalid value"),
        (vec!["spectral"], "unrecognized subcommand"),
        (vec!["dbscan", "--eps", "-1"], "positive"),
        (vec!["manifold", "--held-out", "1.5"], "between 0 and 1"),
        (vec!["digits-gmm", "--components", "10,0"], "at least 1"),
    ] {
        assert_one_line_error(&run(EXE, &args), 2, needle);
    }
}

#[test]
fn smoke_run_computes_the_lessons_numbers() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let o = run(EXE, &["--preset", "smoke", "--out", dir.to_str().unwrap()]);
    assert_success(&o);
    assert_files(
        dir,
        &[
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
            "isomap.png",
            "metrics.json",
            "config.json",
            "report.md",
        ],
    );
    let m = json(dir, "metrics.json");
    // k-means by hand ends where linfa's k-means does (either labelling of the two centres).
    let by_hand = m["manual_kmeans"]["centres"].as_array().unwrap();
    let linfa = m["manual_kmeans"]["linfa_centres"].as_array().unwrap();
    let gap = |a: &serde_json::Value, b: &serde_json::Value| {
        (0..2)
            .map(|j| (a[j].as_f64().unwrap() - b[j].as_f64().unwrap()).abs())
            .fold(0.0, f64::max)
    };
    let same = gap(&by_hand[0], &linfa[0]).max(gap(&by_hand[1], &linfa[1]));
    let swapped = gap(&by_hand[0], &linfa[1]).max(gap(&by_hand[1], &linfa[0]));
    assert!(same.min(swapped) < 1e-3, "{by_hand:?} vs {linfa:?}");
    // Recorded: DBSCAN finds 2 clusters and no noise on the circles; 41 PCA dimensions.
    assert_eq!(number(&m, "/dbscan/0/clusters"), 2.0);
    assert_eq!(number(&m, "/dbscan/0/noise"), 0.0);
    assert_eq!(number(&m, "/digits_gmm/dimensions"), 41.0);
    // Every membership row sums to one.
    for row in m["gmm"]["rows_60_70"].as_array().unwrap() {
        let s: f64 = row
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert!((s - 1.0).abs() < 1e-9, "{row}");
    }
    // k-NN on 200 digits: far above the 0.1 of guessing, in 64-D and on the t-SNE map.
    assert!(
        number(&m, "/manifold/held_out/0") > 0.85,
        "{}",
        m["manifold"]
    );
    assert!(
        number(&m, "/manifold/held_out/1") > 0.75,
        "{}",
        m["manifold"]
    );
    // Isomap unrolls the S-curve: its first coordinate follows the position along the sheet.
    assert!(
        number(&m, "/manifold/isomap_unrolled/0").abs() > 0.999,
        "{}",
        m["manifold"]
    );
    let c = json(dir, "config.json");
    assert_eq!(number(&c, "/manifold/tsne_points"), 200.0);
    assert_eq!(number(&c, "/dbscan/eps"), 0.3);
}

#[test]
fn a_flag_changes_the_setting_and_the_result() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let o = run(
        EXE,
        &["dbscan", "--eps", "0.05", "--out", dir.to_str().unwrap()],
    );
    assert_success(&o);
    assert_eq!(number(&json(dir, "config.json"), "/dbscan/eps"), 0.05);
    assert!(number(&json(dir, "metrics.json"), "/dbscan/0/noise") > 100.0);
}
