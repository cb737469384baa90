//! The run report: `metrics.json` (every number, machine-readable) and `report.md` (figures,
//! numbers, and the originally recorded numbers beside ours). Written again after every task, so
//! an interrupted run keeps what it finished.

use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// One row of the table "recorded in the original | ours".
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub what: String,
    pub original: String,
    pub ours: String,
}

/// A report being assembled for `out/<crate>/`.
#[derive(Debug)]
pub struct Report {
    title: String,
    dir: PathBuf,
    metrics: Map<String, Value>,
    comparisons: Vec<Comparison>,
    body: Vec<String>,
}

impl Report {
    pub fn new(title: &str, dir: &Path) -> Self {
        Self {
            title: title.to_string(),
            dir: dir.to_path_buf(),
            metrics: Map::new(),
            comparisons: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The folder figures and files of this run go to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path for an output file of this run.
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Record a number (or any serialisable value) under `key` in `metrics.json`.
    pub fn metric(&mut self, key: &str, value: impl Serialize) -> Result<()> {
        self.metrics
            .insert(key.to_string(), serde_json::to_value(value)?);
        Ok(())
    }

    /// A row of the comparison table.
    pub fn compare(&mut self, what: &str, original: &str, ours: impl Into<String>) {
        self.comparisons.push(Comparison {
            what: what.to_string(),
            original: original.to_string(),
            ours: ours.into(),
        });
    }

    /// A heading for the next task's part of the report.
    pub fn section(&mut self, heading: &str) {
        self.body.push(format!("## {heading}\n"));
    }

    /// A paragraph of Markdown.
    pub fn text(&mut self, markdown: &str) {
        self.body.push(format!("{markdown}\n"));
    }

    /// A figure already written into the report folder.
    pub fn figure(&mut self, file: &str, caption: &str) {
        self.body
            .push(format!("![{caption}]({file})\n\n*{caption}*\n"));
    }

    /// Write `metrics.json` and `report.md`.
    pub fn write(&self) -> Result<()> {
        let json = self.dir.join("metrics.json");
        let text = serde_json::to_string_pretty(&Value::Object(self.metrics.clone()))?;
        std::fs::write(&json, text + "\n").map_err(Error::io(&json))?;
        let mut md = format!("# {}\n\n", self.title);
        if !self.comparisons.is_empty() {
            md.push_str("| | recorded in the original | ours |\n|---|---|---|\n");
            for c in &self.comparisons {
                md.push_str(&format!("| {} | {} | {} |\n", c.what, c.original, c.ours));
            }
            md.push('\n');
        }
        for part in &self.body {
            md.push_str(part);
            md.push('\n');
        }
        let report = self.dir.join("report.md");
        std::fs::write(&report, md).map_err(Error::io(&report))
    }
}
