//! Daily prices in Yahoo Finance's CSV format, the format of the notebook's `TSLA.csv`:
//! `Date,Open,High,Low,Close,Adj Close,Volume`, one trading day per row, oldest first. Yahoo
//! writes `null` for a day it lacks; such rows are skipped and counted. Any other row that does
//! not parse is an error naming the file and the line.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// The value columns, in Yahoo's order.
pub const COLUMNS: [&str; 6] = ["Open", "High", "Low", "Close", "Adj Close", "Volume"];

/// A daily series: dates (as written, `YYYY-MM-DD`) and one vector per column of [`COLUMNS`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prices {
    pub dates: Vec<String>,
    pub columns: [Vec<f64>; 6],
    /// Rows skipped because Yahoo wrote `null` in them.
    pub skipped: usize,
}

impl Prices {
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// The index of a column by its name (case and spaces ignored: "adj-close" finds "Adj Close").
    pub fn column_index(name: &str) -> Result<usize> {
        let norm = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        };
        COLUMNS
            .iter()
            .position(|c| norm(c) == norm(name))
            .with_context(|| {
                format!(
                    "no column `{name}` in a price file; the columns are {}",
                    COLUMNS.join(", ")
                )
            })
    }

    /// The last `rows` days (all if fewer).
    pub fn last(&self, rows: usize) -> Prices {
        let start = self.len().saturating_sub(rows);
        Prices {
            dates: self.dates[start..].to_vec(),
            columns: self.columns.clone().map(|c| c[start..].to_vec()),
            skipped: self.skipped,
        }
    }
}

/// Read a Yahoo-format CSV. The header must name `Date` and the six value columns (in any order).
pub fn read(path: &Path) -> Result<Prices> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the price file", path.display()))?;
    let mut lines = text.lines().enumerate();
    let Some((_, header)) = lines.next() else {
        bail!("{}: empty file (expected a Yahoo CSV header `Date,Open,High,Low,Close,Adj Close,Volume`)", path.display());
    };
    let names: Vec<&str> = header.trim().split(',').map(str::trim).collect();
    let find = |want: &str| {
        names.iter().position(|n| *n == want).with_context(|| {
            format!(
                "{}:1: the header has no `{want}` column (expected Date,{})",
                path.display(),
                COLUMNS.join(",")
            )
        })
    };
    let date_at = find("Date")?;
    let at: Vec<usize> = COLUMNS.iter().map(|c| find(c)).collect::<Result<_>>()?;
    let mut out = Prices::default();
    for (i, line) in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if cells.len() != names.len() {
            bail!(
                "{}:{}: {} fields, the header has {}",
                path.display(),
                i + 1,
                cells.len(),
                names.len()
            );
        }
        if cells.contains(&"null") {
            out.skipped += 1;
            continue;
        }
        let date = cells[date_at];
        if !is_date(date) {
            bail!(
                "{}:{}: `{date}` is not a date (YYYY-MM-DD)",
                path.display(),
                i + 1
            );
        }
        if let Some(prev) = out.dates.last() {
            if date <= prev.as_str() {
                bail!(
                    "{}:{}: {date} does not follow {prev}: the rows must be in date order, oldest first",
                    path.display(),
                    i + 1
                );
            }
        }
        for (k, &col) in at.iter().enumerate() {
            let v: f64 = cells[col]
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .with_context(|| {
                    format!(
                        "{}:{}: {} `{}` is not a number",
                        path.display(),
                        i + 1,
                        COLUMNS[k],
                        cells[col]
                    )
                })?;
            out.columns[k].push(v);
        }
        out.dates.push(date.to_string());
    }
    if out.is_empty() {
        bail!("{}: no trading day in the file", path.display());
    }
    Ok(out)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Write a Yahoo-format CSV.
pub fn write(path: &Path, p: &Prices) -> Result<()> {
    let mut text = format!("Date,{}\n", COLUMNS.join(","));
    for i in 0..p.len() {
        text.push_str(&p.dates[i]);
        for (k, c) in p.columns.iter().enumerate() {
            if k == 5 {
                text.push_str(&format!(",{}", c[i].round() as i64));
            } else {
                text.push_str(&format!(",{}", c[i]));
            }
        }
        text.push('\n');
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
