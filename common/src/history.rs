//! Training history and progress: an indicatif bar per epoch on a terminal, and one summary line
//! per epoch either way (the only output when not on a terminal, e.g. in CI logs).

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::collections::BTreeMap;

/// The metrics recorded at the end of one epoch.
#[derive(Clone, Debug, Serialize)]
pub struct EpochRecord {
    pub epoch: usize,
    pub values: BTreeMap<String, f64>,
}

/// Per-epoch metrics of a training run, in order.
#[derive(Clone, Debug, Default, Serialize)]
pub struct History {
    pub records: Vec<EpochRecord>,
}

impl History {
    /// Record `values` for `epoch` (1-based) and return the summary line.
    pub fn push(&mut self, epoch: usize, epochs: usize, values: &[(&str, f64)]) -> String {
        let mut line = format!("epoch {epoch:>3}/{epochs}");
        for (k, v) in values {
            line.push_str(&format!("  {k} {v:.4}"));
        }
        self.records.push(EpochRecord {
            epoch,
            values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        });
        line
    }

    /// `(epoch, value)` pairs of one metric, for plotting.
    pub fn series(&self, name: &str) -> Vec<(f64, f64)> {
        self.records
            .iter()
            .filter_map(|r| r.values.get(name).map(|v| (r.epoch as f64, *v)))
            .collect()
    }

    /// The last recorded value of a metric.
    pub fn last(&self, name: &str) -> Option<f64> {
        self.records
            .iter()
            .rev()
            .find_map(|r| r.values.get(name).copied())
    }
}

/// A progress bar over the steps of an epoch, drawn only on a terminal.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    epochs: usize,
}

impl Progress {
    pub fn new(epochs: usize, steps_per_epoch: usize) -> Self {
        let bar = ProgressBar::new(steps_per_epoch as u64);
        let style = ProgressStyle::with_template(
            "{prefix} [{bar:30}] {pos}/{len} {msg} ({elapsed}, eta {eta})",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Self { bar, epochs }
    }

    pub fn start_epoch(&self, epoch: usize) {
        self.bar.reset();
        self.bar
            .set_prefix(format!("epoch {epoch}/{}", self.epochs));
    }

    /// One step done; `loss` is shown beside the bar.
    pub fn step(&self, loss: f64) {
        self.bar.inc(1);
        self.bar.set_message(format!("loss {loss:.4}"));
    }

    /// Print a line without breaking the bar.
    pub fn println(&self, line: &str) {
        if self.bar.is_hidden() {
            println!("{line}");
        } else {
            self.bar.println(line);
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
