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

/// A progress bar, drawn only on a terminal: over the mini-batches of an epoch ([`Progress::new`]),
/// or over one long loop that names what it counts ([`Progress::counting`]).
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    epochs: usize,
    /// What [`Progress::step`] shows beside the bar ("loss", "KL", …); empty for nothing.
    measure: String,
}

impl Progress {
    /// Epochs of `steps_per_epoch` mini-batches each, the loss shown beside the bar.
    pub fn new(epochs: usize, steps_per_epoch: usize) -> Self {
        Self::make(steps_per_epoch, epochs, "loss")
    }

    /// One loop of `total` `unit` ("t-SNE iterations", "training steps"), with `measure`
    /// ("KL", "TD loss"; empty for none) shown beside the bar.
    pub fn counting(unit: &str, total: usize, measure: &str) -> Self {
        let p = Self::make(total, 0, measure);
        p.bar.set_prefix(unit.to_string());
        p
    }

    fn make(len: usize, epochs: usize, measure: &str) -> Self {
        let bar = ProgressBar::new(len as u64);
        let style = ProgressStyle::with_template(
            "{prefix} [{bar:30}] {pos}/{len} {msg} ({elapsed}, eta {eta})",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Self {
            bar,
            epochs,
            measure: measure.to_string(),
        }
    }

    /// Move to `position` of the loop, showing `value` of the measure.
    pub fn at(&self, position: usize, value: f64) {
        self.bar.set_position(position as u64);
        self.show(value);
    }

    fn show(&self, value: f64) {
        if !self.measure.is_empty() {
            self.bar.set_message(format!("{} {value:.4}", self.measure));
        }
    }

    pub fn start_epoch(&self, epoch: usize) {
        self.bar.reset();
        self.bar
            .set_prefix(format!("epoch {epoch}/{}", self.epochs));
    }

    /// One step done; `value` of the measure (the loss) is shown beside the bar.
    pub fn step(&self, value: f64) {
        self.bar.inc(1);
        self.show(value);
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
