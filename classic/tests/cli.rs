//! The binary: tasks and flags in --help, bad input rejected in one line, a smoke run writes its
//! outputs, the user's files are read.

#![allow(clippy::unwrap_used)]

use common::testing::{assert_one_line_error, run};

fn classic(args: &[&str]) -> std::process::Output {
    run(env!("CARGO_BIN_EXE_classic"), args)
}

#[test]
fn help_lists_tasks_and_bad_input_is_one_line() {
    let text = String::from_utf8_lossy(&classic(&["--help"]).stdout).to_string();
    for word in [
        "curve-fit",
        "likelihood",
        "model-selection",
        "nested-sampling",
        "reflectometry",
        "--preset",
        "--seed",
        "--out",
    ] {
        assert!(text.contains(word), "--help lacks {word}");
    }
    let text = String::from_utf8_lossy(&classic(&["nested-sampling", "--help"]).stdout).to_string();
    for word in ["--data", "--live", "--sampler", "--dlogz"] {
        assert!(text.contains(word), "nested-sampling --help lacks {word}");
    }
    for (args, needle) in [
        (vec!["nested-sampling", "--live", "0"], "at least 1"),
        (vec!["nested-sampling", "--sampler", "slice"], "slice"),
        (vec!["fit-everything"], "unrecognized subcommand"),
    ] {
        assert_one_line_error(&classic(&args), 2, needle);
    }
}

#[test]
fn a_bad_data_file_is_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("lorentzian.txt");
    std::fs::write(&bad, "# x y yerr\n1 2\n").unwrap();
    for args in [
        vec!["curve-fit", "--data", bad.to_str().unwrap()],
        vec!["reflectometry", "--data", bad.to_str().unwrap()],
        vec!["model-selection", "--data", "no/such/file.txt"],
    ] {
        let o = classic(&[&args[..], &["--out", dir.path().to_str().unwrap()]].concat());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains("lorentzian.txt") || err.contains("file.txt"),
            "{err}"
        );
    }
}

#[test]
fn smoke_run_writes_figures_and_report_and_reads_given_files() {
    let out = tempfile::tempdir().unwrap();
    let o = classic(&["--preset", "smoke", "--out", out.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "lorentzian_data.png",
        "lorentzian_fit.png",
        "likelihood_plot.png",
        "model_selection.png",
        "nested_logz.png",
        "reflectivity.png",
        "sld_profiles.png",
        "bayes_factor_background.png",
        "trees_depth_1_4.png",
        "tree_depth_5.png",
        "tree_halves.png",
        "forest_regions.png",
        "forest_probabilities.png",
        "materials_confusion.png",
        "materials_pairs.png",
        "kmeans.png",
        "gmm_probabilities.png",
        "gmm_stretched.png",
        "normalised_data.png",
        "pca_toy.png",
        "wine_univariate.png",
        "wine_ethanol_glycerol.png",
        "wine_cumulative.png",
        "wine_scores.png",
        "wine_loadings.png",
        "fossil_denoised.png",
        "fossil_fractions.png",
        "metrics.json",
        "report.md",
        "data/lorentzian.txt",
        "data/data_3.dat",
        "data/materials_data.csv",
        "data/tof.txt",
        "data/wine_data.csv",
        "data/fossil.tiff",
    ] {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }
    // The computed numbers (metrics.json), where the lesson fixes them.
    let m = common::testing::json(out.path(), "metrics.json");
    let n = |p: &str| common::testing::number(&m, p);
    // The notebook's own seeded PCA toy: explained variance as recorded, [0.76253, 0.01848].
    assert!((n("/pca/explained_variance/0") - 0.76253).abs() < 1e-5);
    assert!((n("/pca/explained_variance/1") - 0.01848).abs() < 1e-5);
    // The notebook's blobs: tree training accuracy at depths 1–4 as scikit-learn's.
    for (depth, sklearn) in [0.477, 0.710, 0.940, 0.957].iter().enumerate() {
        let ours = n(&format!("/trees/accuracy/{depth}"));
        assert!(
            (ours - sklearn).abs() < 0.005,
            "depth {}: {ours}",
            depth + 1
        );
    }
    // k-means by hand ends where linfa's does.
    assert!((n("/kmeans/inertia_by_hand") / n("/kmeans/inertia_linfa") - 1.0).abs() < 1e-9);
    // Nested sampling's Bayes factor within three of its errors of the grid integral.
    let err =
        2.0 * n("/nested_sampling/log_z_line/1").hypot(n("/nested_sampling/log_z_quadratic/1"));
    let gap = (n("/nested_sampling/two_ln_b") - n("/nested_sampling/exact")).abs();
    assert!(gap < 3.0 * err, "2 ln B off by {gap} (error {err})");
    // The likelihood grid peaks within one grid step of the least-squares optimum.
    let step = (n("/likelihood/a_range/1") - n("/likelihood/a_range/0")) / 99.0;
    assert!((n("/likelihood/grid_best/0") - n("/curve_fit/fit/params/0")).abs() <= step);
    // The stand-in it wrote, given back as a user's file, gives the same fit.
    let again = tempfile::tempdir().unwrap();
    let file = out.path().join("data/lorentzian.txt");
    let o = classic(&[
        "curve-fit",
        "--data",
        file.to_str().unwrap(),
        "--out",
        again.path().to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let m = |d: &std::path::Path| {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("metrics.json")).unwrap())
                .unwrap();
        v["curve_fit"]["fit"]["params"].clone()
    };
    assert_eq!(m(out.path()), m(again.path()));
}
