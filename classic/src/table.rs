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
