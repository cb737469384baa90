//! Student and lecturer editions from one source. The repository is the lecturer edition: each
//! exercise's answer sits inside a function body between `// BEGIN SOLUTION <id>` and
//! `// END SOLUTION`, and each lecture crate lists its exercises in `exercises.toml` (id, the
//! notebook's task as title, the tests in `tests/exercises.rs` that check it, a hint).
//!
//! - `student --out DIR` writes the student edition: every answer replaced by
//!   `todo!("Exercise <id>: <title>. Hint: cargo xtask hint <crate> <id>")`;
//! - `check CRATE` runs the crate's exercise tests and prints one line per exercise;
//! - `hint CRATE ID` prints an exercise's hint;
//! - [`verify`] (part of `test-all`): the lecturer edition passes every exercise test; the student
//!   edition builds without warnings and each exercise test fails with its own `todo!`.

use crate::{cargo, lectures, root};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const BEGIN: &str = "// BEGIN SOLUTION ";
const END: &str = "// END SOLUTION";

/// One exercise of `exercises.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    pub tests: Vec<String>,
    pub hint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExerciseFile {
    exercise: Vec<Exercise>,
}

/// The exercises of a lecture crate (none without an `exercises.toml`).
pub fn exercises(dir: &Path, krate: &str) -> Result<Vec<Exercise>> {
    let path = dir.join(krate).join("exercises.toml");
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let file: ExerciseFile = toml::from_str(&text)
        .with_context(|| format!("{}: not an exercise list", path.display()))?;
    let mut seen = BTreeSet::new();
    for e in &file.exercise {
        if !seen.insert(e.id.clone()) {
            bail!("{}: exercise {} is listed twice", path.display(), e.id);
        }
        if e.tests.is_empty() {
            bail!("{}: exercise {} names no test", path.display(), e.id);
        }
    }
    Ok(file.exercise)
}

/// A marked answer: the lines `begin..=end` (0-based) of a file.
#[derive(Clone, Debug)]
struct Region {
    id: String,
    begin: usize,
    end: usize,
}

/// The marked regions of one source text; unbalanced or nested markers are errors.
fn regions(text: &str, file: &Path) -> Result<Vec<Region>> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(id) = t.strip_prefix(BEGIN) {
            if let Some((other, at)) = &open {
                bail!(
                    "{}:{}: BEGIN SOLUTION {id} inside {other} (opened at line {})",
                    file.display(),
                    n + 1,
                    at + 1
                );
            }
            open = Some((id.trim().to_string(), n));
        } else if t == END {
            let Some((id, begin)) = open.take() else {
                bail!("{}:{}: END SOLUTION without a BEGIN", file.display(), n + 1);
            };
            out.push(Region { id, begin, end: n });
        } else if t.contains("BEGIN SOLUTION") || t.contains("END SOLUTION") {
            bail!(
                "{}:{}: a solution marker must be a line of its own: `{BEGIN}<id>` or `{END}`",
                file.display(),
                n + 1
            );
        }
    }
    if let Some((id, at)) = open {
        bail!(
            "{}:{}: BEGIN SOLUTION {id} is never closed",
            file.display(),
            at + 1
        );
    }
    Ok(out)
}

/// The files of the working tree that git tracks or would track, relative to `dir`.
fn source_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let out = Command::new("git")
        .args([
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ])
        .current_dir(dir)
        .output()
        .context("listing the sources with git")?;
    if !out.status.success() {
        bail!(
            "git ls-files failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(out
        .stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
        .filter(|p| dir.join(p).is_file())
        .collect())
}

/// The lecture crate a source file belongs to, if any.
fn crate_of(file: &Path, crates: &[String]) -> Option<String> {
    let first = file.components().next()?.as_os_str().to_str()?;
    crates.iter().find(|c| c.as_str() == first).cloned()
}

/// `text` with each region replaced by the exercise's `todo!`.
fn blank(text: &str, regions: &[Region], krate: &str, titles: &BTreeMap<String, String>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut next = 0;
    for r in regions {
        for line in &lines[next..r.begin] {
            out.push_str(line);
            out.push('\n');
        }
        let indent: String = lines[r.begin]
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let title = titles.get(&r.id).map_or("", String::as_str);
        let message = format!(
            "Exercise {}: {title}. Hint: cargo xtask hint {krate} {}",
            r.id, r.id
        );
        out.push_str(&format!("{indent}todo!(\"{{}}\", {message:?})\n"));
        next = r.end + 1;
    }
    for line in &lines[next..] {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Lints the student edition relaxes: a blanked answer leaves its inputs unused and the code after
/// it unreachable.
const STUDENT_LINTS: &str = "unused_variables = \"allow\"\nunused_mut = \"allow\"\nunused_assignments = \"allow\"\nunused_imports = \"allow\"\nunreachable_code = \"allow\"\ndead_code = \"allow\"\n";

/// Write the student edition of the working tree at `src` into `out` (which must not exist or be
/// empty); returns the number of exercises blanked per crate.
pub fn write_student(src: &Path, out: &Path) -> Result<BTreeMap<String, usize>> {
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        bail!("{} is not empty; choose a new folder", out.display());
    }
    let crates = lectures()?;
    let mut listed: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for c in &crates {
        let list = exercises(src, c)?;
        listed.insert(
            c.clone(),
            list.into_iter().map(|e| (e.id, e.title)).collect(),
        );
    }
    let mut marked: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in source_files(src)? {
        let from = src.join(&file);
        let to = out.join(&file);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // Answers are marked in the Rust sources of lecture crates only.
        let krate = crate_of(&file, &crates);
        let is_rust = file.extension().is_some_and(|e| e == "rs") && krate.is_some();
        if !is_rust && file != Path::new("Cargo.toml") {
            std::fs::copy(&from, &to).with_context(|| format!("copying {}", file.display()))?;
            continue;
        }
        let text = std::fs::read_to_string(&from)
            .with_context(|| format!("reading {}", file.display()))?;
        let text = if file == Path::new("Cargo.toml") {
            let anchor = "[workspace.lints.rust]\n";
            if !text.contains(anchor) {
                bail!("Cargo.toml has no [workspace.lints.rust] table");
            }
            text.replacen(anchor, &format!("{anchor}{STUDENT_LINTS}"), 1)
        } else {
            let found = regions(&text, &file)?;
            if found.is_empty() {
                text
            } else {
                let krate = krate.unwrap_or_default();
                let titles = &listed[&krate];
                for r in &found {
                    if !titles.contains_key(&r.id) {
                        bail!(
                            "{}:{}: exercise {} is not in {krate}/exercises.toml",
                            file.display(),
                            r.begin + 1,
                            r.id
                        );
                    }
                    marked
                        .entry(krate.clone())
                        .or_default()
                        .insert(r.id.clone());
                }
                blank(&text, &found, &krate, titles)
            }
        };
        if text.contains("BEGIN SOLUTION") || text.contains(END) {
            bail!("{}: a solution marker is left", file.display());
        }
        std::fs::write(&to, text).with_context(|| format!("writing {}", to.display()))?;
    }
    for (krate, titles) in &listed {
        for id in titles.keys() {
            if !marked.get(krate).is_some_and(|m| m.contains(id)) {
                bail!("{krate}/exercises.toml: exercise {id} has no marked answer in the source");
            }
        }
    }
    // The same libtorch as the lecturer edition's, if it is set up.
    let libtorch = src.join(".lens").join("libtorch");
    if libtorch.exists() {
        std::fs::create_dir_all(out.join(".lens"))?;
        let target = std::fs::canonicalize(&libtorch)?;
        std::os::unix::fs::symlink(target, out.join(".lens").join("libtorch"))?;
    }
    Ok(marked.into_iter().map(|(k, v)| (k, v.len())).collect())
}

/// `cargo xtask student`.
pub fn student(out: &Path) -> Result<()> {
    let counts = write_student(&root(), out)?;
    let total: usize = counts.values().sum();
    println!(
        "student edition written to {} ({total} exercises blanked: {})",
        out.display(),
        counts
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "next: cd {} && cargo xtask run <crate>, and cargo xtask check <crate> as you solve them",
        out.display()
    );
    Ok(())
}

/// The outcome of each test of a `cargo test` run, and the panic message of each failed one.
#[derive(Debug, Default)]
struct TestRun {
    passed: BTreeSet<String>,
    failed: BTreeMap<String, String>,
}

/// Run the exercise tests of `krate` in the workspace at `dir` and collect their outcomes.
fn run_exercise_tests(dir: &Path, krate: &str, target: Option<&Path>) -> Result<TestRun> {
    // `cargo test -p <krate> --test exercises <extra>` in `dir`, with the target folder if given.
    let tests = |extra: &[&str]| {
        let mut cmd = cargo();
        cmd.args(["test", "-q", "-p", krate, "--test", "exercises"])
            .args(extra)
            .current_dir(dir);
        if let Some(t) = target {
            cmd.env("CARGO_TARGET_DIR", t);
        }
        cmd
    };
    let mut cmd = tests(&["--no-fail-fast"]);
    let out = cmd
        .output()
        .with_context(|| format!("running the exercise tests of {krate}"))?;
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut run = TestRun::default();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            current = Some(name.to_string());
            run.failed.insert(name.to_string(), String::new());
        } else if let Some(name) = &current {
            if let Some(message) = run.failed.get_mut(name) {
                message.push_str(line);
                message.push('\n');
            }
        }
        if let Some(rest) = line.strip_prefix("test ") {
            if let Some(name) = rest.strip_suffix(" ... ok") {
                run.passed.insert(name.to_string());
            }
        }
    }
    // The quiet format prints no names for passing tests: list them.
    let listed = tests(&["--", "--list"]).output()?;
    if !listed.status.success() {
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        bail!(
            "the exercise tests of {krate} do not build:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    for line in String::from_utf8_lossy(&listed.stdout).lines() {
        if let Some(name) = line.strip_suffix(": test") {
            if !run.failed.contains_key(name) {
                run.passed.insert(name.to_string());
            }
        }
    }
    Ok(run)
}

/// `cargo xtask check CRATE`: one line per exercise, done or not yet, and the next one's hint.
pub fn check(krate: &str) -> Result<()> {
    let dir = root();
    let list = known_exercises(&dir, krate)?;
    println!("checking the {} exercises of {krate} …", list.len());
    let run = run_exercise_tests(&dir, krate, None)?;
    let mut done = 0;
    let mut first_open: Option<&Exercise> = None;
    for e in &list {
        let missing: Vec<&String> = e
            .tests
            .iter()
            .filter(|t| !run.passed.contains(*t) && !run.failed.contains_key(*t))
            .collect();
        if !missing.is_empty() {
            bail!(
                "{krate}/exercises.toml: exercise {} names tests that do not exist: {missing:?}",
                e.id
            );
        }
        let ok = e.tests.iter().all(|t| run.passed.contains(t));
        if ok {
            done += 1;
        } else if first_open.is_none() {
            first_open = Some(e);
        }
        println!(
            "  {} {:<8} {}",
            if ok { "done    " } else { "not yet " },
            e.id,
            e.title
        );
    }
    println!("{done} of {} exercises of {krate} done", list.len());
    if let Some(e) = first_open {
        println!("next: {} — hint: {}", e.id, e.hint);
        let failed: Vec<&String> = e
            .tests
            .iter()
            .filter(|t| run.failed.contains_key(*t))
            .collect();
        println!(
            "  see why: cargo test -p {krate} --test exercises {}",
            failed.first().map_or("", |s| s.as_str())
        );
    }
    Ok(())
}

fn known_exercises(dir: &Path, krate: &str) -> Result<Vec<Exercise>> {
    let crates = lectures()?;
    if !crates.iter().any(|c| c == krate) {
        bail!(
            "unknown lecture crate `{krate}`; the lecture crates are: {}",
            crates.join(", ")
        );
    }
    let list = exercises(dir, krate)?;
    if list.is_empty() {
        bail!("{krate} has no exercises marked yet ({krate}/exercises.toml)");
    }
    Ok(list)
}

/// `cargo xtask hint CRATE ID`.
pub fn hint(krate: &str, id: &str) -> Result<()> {
    let list = known_exercises(&root(), krate)?;
    let Some(e) = list.iter().find(|e| e.id == id) else {
        bail!(
            "{krate} has no exercise {id}; its exercises are {}",
            list.iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    println!("Exercise {} ({krate}): {}\nHint: {}", e.id, e.title, e.hint);
    Ok(())
}

/// `test-all`'s check of both editions: every exercise test passes here; a fresh student
/// edition (in target/, sharing the target folder) builds without warnings, and each exercise
/// test fails there with its own exercise's `todo!`.
pub fn verify() -> Result<()> {
    let dir = root();
    let target = dir.join("target");
    let with: Vec<(String, Vec<Exercise>)> = lectures()?
        .into_iter()
        .map(|c| exercises(&dir, &c).map(|e| (c, e)))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, e)| !e.is_empty())
        .collect();
    for (krate, list) in &with {
        let run = run_exercise_tests(&dir, krate, None)?;
        for e in list {
            for t in &e.tests {
                if !run.passed.contains(t) {
                    bail!(
                        "lecturer edition: {krate} exercise {}: test {t} does not pass",
                        e.id
                    );
                }
            }
        }
        println!(
            "lecturer edition: {krate}: {} exercises, every test passes",
            list.len()
        );
    }
    let student = target.join("student-edition");
    if student.exists() {
        std::fs::remove_dir_all(&student)?;
    }
    let counts = write_student(&dir, &student)?;
    println!(
        "student edition written to {} ({counts:?})",
        student.display()
    );
    // The lecturer edition's libtorch path, so that the shared build of tch is reused.
    let libtorch = std::env::var_os("LIBTORCH")
        .map_or_else(|| dir.join(".lens").join("libtorch"), PathBuf::from);
    // Checked, not built: every target must compile without warnings, but only the exercise
    // tests are run, and `run_exercise_tests` builds those (linking every test binary against
    // libtorch would double the step's time).
    let out = cargo()
        .args([
            "check",
            "--workspace",
            "--all-targets",
            "--message-format",
            "short",
        ])
        .current_dir(&student)
        .env("CARGO_TARGET_DIR", &target)
        .env("LIBTORCH", &libtorch)
        .output()
        .context("checking the student edition")?;
    let log = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("the student edition does not compile:\n{log}");
    }
    let warnings: Vec<&str> = log.lines().filter(|l| l.contains("warning")).collect();
    if !warnings.is_empty() {
        bail!(
            "the student edition compiles with warnings:\n{}",
            warnings.join("\n")
        );
    }
    std::env::set_var("LIBTORCH", &libtorch);
    for (krate, list) in &with {
        let run = run_exercise_tests(&student, krate, Some(&target))?;
        for e in list {
            let own = format!("not yet implemented: Exercise {}:", e.id);
            for t in &e.tests {
                match run.failed.get(t) {
                    Some(message) if message.contains(&own) => {}
                    Some(message) => bail!(
                        "student edition: {krate} test {t} fails, but not with exercise {}'s todo!:\n{message}",
                        e.id
                    ),
                    None => bail!(
                        "student edition: {krate} test {t} passes without exercise {}'s answer",
                        e.id
                    ),
                }
            }
        }
        println!(
            "student edition: {krate}: each of {} exercise tests fails with its own todo!",
            list.iter().map(|e| e.tests.len()).sum::<usize>()
        );
    }
    Ok(())
}
