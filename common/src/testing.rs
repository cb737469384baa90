//! What the lectures' tests share: running a lecture binary and reading what it wrote. Test code
//! only (it panics on failure, as assertions do).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// Run a lecture binary (`env!("CARGO_BIN_EXE_<crate>")`) with `args`.
pub fn run(exe: &str, args: &[&str]) -> Output {
    Command::new(exe)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not start {exe}: {e}"))
}

/// Standard output (`stdout`) of a run as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Assert that a run succeeded, showing its standard error if not.
pub fn assert_success(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Assert that a run failed with exit `code` and exactly one line of error containing `needle`,
/// and no panic.
pub fn assert_one_line_error(o: &Output, code: i32, needle: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "not one line: {err}");
    assert!(err.contains(needle), "{err:?} lacks {needle:?}");
}

/// Assert that `--help` (of the binary or of a task) names every word.
pub fn assert_help_names(exe: &str, args: &[&str], words: &[&str]) {
    let text = stdout(&run(exe, &[args, &["--help"]].concat()));
    for w in words {
        assert!(text.contains(w), "{args:?} --help lacks {w}");
    }
}

/// Assert that every file exists in `dir`.
pub fn assert_files(dir: &Path, files: &[&str]) {
    for f in files {
        assert!(dir.join(f).is_file(), "{f} missing in {}", dir.display());
    }
}

/// A JSON file the run wrote (`metrics.json`, `config.json`) in `dir`.
pub fn json(dir: &Path, file: &str) -> Value {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// A number at a JSON pointer (`/dbscan/0/clusters`) of a JSON value.
pub fn number(v: &Value, pointer: &str) -> f64 {
    v.pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no number at {pointer} in {v}"))
}
