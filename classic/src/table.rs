//! The original's plain data files: whitespace-separated numeric columns, one optional header
//! line starting with `#`, e.g. `x y yerr` (lorentzian.txt, nested.txt) or `q R dR` (data_0.dat).
//! One reader serves the real files and the stand-ins, which are written in the same format.

use common::{Error, Result};
use std::fmt::Write as _;
use std::path::Path;

/// Columns of numbers read from a file, each of the same length.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub columns: Vec<Vec<f64>>,
}

impl Table {
    /// Rows in the table.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    /// Column `i` (in file order).
    pub fn column(&self, i: usize) -> &[f64] {
        &self.columns[i]
    }
}

fn bad(path: &Path, reason: String) -> Error {
    Error::BadData {
        name: path.display().to_string(),
        reason,
    }
}

/// Read a table with exactly `names.len()` columns (named in errors). Blank lines and lines
/// starting with `#` are skipped; a wrong number of columns, a value that is not a finite number,
/// or a file without rows is an error naming the file and line.
pub fn read(path: &Path, names: &[&str]) -> Result<Table> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    parse(&text, names).map_err(|reason| bad(path, reason))
}

/// [`read`] on text already in memory; the error is the reason only.
pub fn parse(text: &str, names: &[&str]) -> std::result::Result<Table, String> {
    let mut columns = vec![Vec::new(); names.len()];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() != names.len() {
            return Err(format!(
                "line {}: {} columns, expected {} ({})",
                n + 1,
                fields.len(),
                names.len(),
                names.join(" ")
            ));
        }
        for ((field, name), column) in fields.iter().zip(names).zip(columns.iter_mut()) {
            let v: f64 = field
                .parse()
                .map_err(|_| format!("line {}: {name} '{field}' is not a number", n + 1))?;
            if !v.is_finite() {
                return Err(format!("line {}: {name} is {v}", n + 1));
            }
            column.push(v);
        }
    }
    if columns[0].is_empty() {
        return Err(format!("no rows of {}", names.join(" ")));
    }
    Ok(Table { columns })
}

/// Write columns with a `# name name …` header, full precision (so a file read back gives the
/// same numbers). Creates the parent folder.
pub fn write(path: &Path, names: &[&str], columns: &[&[f64]]) -> Result<()> {
    let mut text = format!("# {}\n", names.join(" "));
    let rows = columns.first().map_or(0, |c| c.len());
    for r in 0..rows {
        let line: Vec<String> = columns.iter().map(|c| format!("{:e}", c[r])).collect();
        let _ = writeln!(text, "{}", line.join(" "));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    }
    std::fs::write(path, text).map_err(Error::io(path))
}

/// A comma-separated file with a header line naming its columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// Column `name` as numbers; an empty, non-numeric or non-finite field is an error naming the
    /// line (the header is line 1).
    pub fn numbers(&self, name: &str) -> std::result::Result<Vec<f64>, String> {
        let c = self
            .header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no column {name}"))?;
        self.rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let field = &row[c];
                let v: f64 = field
                    .parse()
                    .map_err(|_| format!("line {}: {name} '{field}' is not a number", r + 2))?;
                if v.is_finite() {
                    Ok(v)
                } else {
                    Err(format!("line {}: {name} is {v}", r + 2))
                }
            })
            .collect()
    }

    /// Column `name` as text.
    pub fn text(&self, name: &str) -> std::result::Result<Vec<String>, String> {
        let c = self
            .header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no column {name}"))?;
        Ok(self.rows.iter().map(|r| r[c].clone()).collect())
    }
}

/// Read a CSV file whose first line must name at least the columns `required` (in any order;
/// others are kept); every row must have as many fields as the header.
pub fn read_csv(path: &Path, required: &[&str]) -> Result<Csv> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    parse_csv(&text, required).map_err(|reason| bad(path, reason))
}

/// [`read_csv`] on text in memory.
pub fn parse_csv(text: &str, required: &[&str]) -> std::result::Result<Csv, String> {
    let split = |l: &str| -> Vec<String> {
        l.split(',')
            .map(|f| f.trim().trim_matches('"').to_string())
            .collect()
    };
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, first) = lines.next().ok_or("the file is empty")?;
    let header = split(first);
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !header.iter().any(|h| h == r))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing header: the first line must name the columns {} (it lacks {})",
            required.join(","),
            missing.join(",")
        ));
    }
    let mut rows = Vec::new();
    for (n, line) in lines {
        let fields = split(line);
        if fields.len() != header.len() {
            return Err(format!(
                "line {}: {} fields, the header has {}",
                n + 1,
                fields.len(),
                header.len()
            ));
        }
        rows.push(fields);
    }
    if rows.is_empty() {
        return Err("no rows after the header".into());
    }
    Ok(Csv { header, rows })
}

/// Write a CSV file: a header line, then rows of already formatted fields.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut text = header.join(",") + "\n";
    for r in rows {
        text.push_str(&r.join(","));
        text.push('\n');
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    }
    std::fs::write(path, text).map_err(Error::io(path))
}

/// Read a file of one row of whitespace-separated numbers per name, all of one length (tof.txt: the
/// time of flight in one row, the angle in the next).
pub fn read_rows(path: &Path, names: &[&str]) -> Result<Vec<Vec<f64>>> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    parse_rows(&text, names).map_err(|reason| bad(path, reason))
}

/// [`read_rows`] on text in memory.
pub fn parse_rows(text: &str, names: &[&str]) -> std::result::Result<Vec<Vec<f64>>, String> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    if lines.len() != names.len() {
        return Err(format!(
            "{} rows of numbers, expected {} ({})",
            lines.len(),
            names.len(),
            names.join(", ")
        ));
    }
    let mut out = Vec::new();
    for ((n, line), name) in lines.iter().zip(names) {
        let row = line
            .split_whitespace()
            .enumerate()
            .map(|(i, f)| match f.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                Ok(v) => Err(format!("line {}: {name} value {} is {v}", n + 1, i + 1)),
                Err(_) => Err(format!(
                    "line {}: {name} value {} '{f}' is not a number",
                    n + 1,
                    i + 1
                )),
            })
            .collect::<std::result::Result<Vec<f64>, String>>()?;
        out.push(row);
    }
    if out.iter().any(|r| r.len() != out[0].len()) {
        return Err("the rows differ in length".into());
    }
    Ok(out)
}

/// Write rows of numbers, one per line, full precision.
pub fn write_rows(path: &Path, rows: &[&[f64]]) -> Result<()> {
    let mut text = String::new();
    for r in rows {
        let line: Vec<String> = r.iter().map(|v| format!("{v:e}")).collect();
        text.push_str(&line.join(" "));
        text.push('\n');
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    }
    std::fs::write(path, text).map_err(Error::io(path))
}
