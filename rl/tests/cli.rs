//! The binary: tasks and flags in --help, bad input rejected in one line, smoke run writes its outputs.

#![allow(clippy::unwrap_used)]

use common::testing::{assert_one_line_error, run};

fn rl(args: &[&str]) -> std::process::Output {
    run(env!("CARGO_BIN_EXE_rl"), args)
}

#[test]
fn help_lists_tasks_and_bad_input_is_one_line() {
    let text = String::from_utf8_lossy(&rl(&["--help"]).stdout).to_string();
    for word in [
        "mountain-car",
        "cem-cliff",
        "cem-mountain",
        "--preset",
        "--seed",
    ] {
        assert!(text.contains(word), "--help lacks {word}");
    }
    for (args, needle) in [
        (vec!["cem-cliff", "--iterations", "0"], "at least 1"),
        (
            vec!["cem-mountain", "--percentile", "120"],
            "between 0 and 100",
        ),
        (vec!["dqn-atari"], "unrecognized subcommand"),
        (vec!["--threads", "0", "dqn"], "at least 1"),
        (vec!["dqn", "--n-step", "0"], "at least 1"),
        (vec!["--device", "cuda"], "unexpected argument"),
    ] {
        assert_one_line_error(&rl(&args), 2, needle);
    }
}

#[test]
fn smoke_run_writes_figures_gif_and_report() {
    let out = tempfile::tempdir().unwrap();
    let o = rl(&["--preset", "smoke", "--out", out.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "mountain_car_hand.gif",
        "mountain_car_hand.png",
        "cem_cliff_progress.png",
        "cem_mountain_policy.png",
        "metrics.json",
        "report.md",
    ] {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }
}
