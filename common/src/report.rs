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
    configs: Map<String, Value>,
    comparisons: Vec<Comparison>,
    body: Vec<String>,
}

impl Report {
    pub fn new(title: &str, dir: &Path) -> Self {
        Self {
            title: title.to_string(),
            dir: dir.to_path_buf(),
            metrics: Map::new(),
            configs: Map::new(),
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

    /// Record a setting of the whole run (preset, seed, threads, device, ...) under `"run"` in
    /// `config.json`, so that the numbers of a run can be traced to what produced them.
    pub fn run_setting(&mut self, key: &str, value: impl Serialize) -> Result<()> {
        let value = serde_json::to_value(value)?;
        match self
            .configs
            .entry("run")
            .or_insert_with(|| Value::Object(Map::new()))
        {
            Value::Object(run) => {
                run.insert(key.to_string(), value);
            }
            other => *other = serde_json::json!({ key: value }),
        }
        Ok(())
    }

    /// Record the settings a task ran with under `task` in `config.json`.
    pub fn config(&mut self, task: &str, config: impl Serialize) -> Result<()> {
        self.configs
            .insert(task.to_string(), serde_json::to_value(config)?);
        Ok(())
    }

    /// Draw a figure into the report folder with `draw` (given the full path) and return its file
    /// name, so that the name is written once and then embedded with [`Report::figure`].
    pub fn save<E>(
        &self,
        file: &str,
        draw: impl FnOnce(&Path) -> std::result::Result<(), E>,
    ) -> std::result::Result<String, E> {
        draw(&self.dir.join(file))?;
        Ok(file.to_string())
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

    /// Write `metrics.json`, `config.json` (when a task recorded its settings) and `report.md`.
    pub fn write(&self) -> Result<()> {
        write_json(&self.dir.join("metrics.json"), &self.metrics)?;
        if !self.configs.is_empty() {
            write_json(&self.dir.join("config.json"), &self.configs)?;
        }
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

fn write_json(path: &Path, map: &Map<String, Value>) -> Result<()> {
    let text = serde_json::to_string_pretty(&Value::Object(map.clone()))?;
    std::fs::write(path, text + "\n").map_err(Error::io(path))
}
