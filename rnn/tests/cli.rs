//! The binary: tasks and flags in --help, bad input rejected in one line, a run on a given file
//! writes its report.

#![allow(clippy::unwrap_used)]

use common::testing::{assert_one_line_error, run};

fn rnn(args: &[&str]) -> std::process::Output {
    run(env!("CARGO_BIN_EXE_rnn"), args)
}

#[test]
fn help_lists_tasks_and_flags() {
    let text = String::from_utf8_lossy(&rnn(&["--help"]).stdout).to_string();
    for word in [
        "series",
        "simple-rnn",
        "sweep",
        "models",
        "five-day",
        "returns",
        "other-series",
        "--preset",
        "--seed",
    ] {
        assert!(text.contains(word), "{word} missing from --help:\n{text}");
    }
    let text = String::from_utf8_lossy(&rnn(&["models", "--help"]).stdout).to_string();
    for word in [
        "--data",
        "--rows",
        "--column",
        "--drop",
        "--window",
        "--scale-on",
        "--epochs",
        "--units",
        "--dropout",
        "--lr",
    ] {
        assert!(
            text.contains(word),
            "{word} missing from models --help:\n{text}"
        );
    }
}

#[test]
fn bad_input_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,1,x,1,1,1\n",
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    for (args, code, says) in [
        (
            vec!["series", "--data", "/nonexistent.csv"],
            1,
            "no such file",
        ),
        (
            vec!["series", "--data", bad],
            1,
            "bad.csv:2: Low `x` is not a number",
        ),
        (vec!["models", "--dropout", "1.5"], 2, "dropout rate"),
        (vec!["models", "--epochs", "0"], 2, "--epochs"),
        (vec!["series", "--column", "Price"], 1, "no column `Price`"),
        (vec!["forecast"], 2, "unrecognized subcommand"),
    ] {
        let mut a = args.clone();
        a.extend(["--out", out]);
        assert_one_line_error(&rnn(&a), code, says);
    }
}

#[test]
fn a_task_on_a_given_file_writes_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    let mut text = String::from("Date,Open,High,Low,Close,Adj Close,Volume\n");
    for i in 0..1700 {
        let v = 50.0 + (i as f64 / 30.0).sin() * 5.0 + i as f64 * 0.01;
        text.push_str(&format!(
            "{:04}-{:02}-{:02},{v},{v},{v},{v},{v},100\n",
            2001 + i / 300,
            1 + (i / 25) % 12,
            1 + i % 25
        ));
    }
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let o = rnn(&[
        "simple-rnn",
        "--data",
        file.to_str().unwrap(),
        "--drop",
        "0",
        "--epochs",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("naive"), "{report}");
    for f in [
        "simple_rnn_loss.png",
        "simple_rnn_test.png",
        "metrics.json",
        "config.json",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
}
