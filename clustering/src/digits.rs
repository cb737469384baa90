//! scikit-learn's 8×8 digits (1 797 × 64, counts 0–16), vendored in `clustering/data/` with its
//! licence and compiled into the binary, so the lecture needs no download.

use anyhow::{bail, Context, Result};
use flate2::read::GzDecoder;
use ndarray::Array2;
use std::io::Read;

static DIGITS: &[u8] = include_bytes!("../data/digits.csv.gz");

/// The images (1 797 × 64, row-major 8×8 pixels) and their labels.
pub fn load() -> Result<(Array2<f64>, Vec<usize>)> {
    let mut text = String::new();
    GzDecoder::new(DIGITS)
        .read_to_string(&mut text)
        .context("decompressing the digits")?;
    parse(&text)
}

/// Rows of 64 pixel counts and a label, comma-separated.
pub fn parse(text: &str) -> Result<(Array2<f64>, Vec<usize>)> {
    let mut pixels = Vec::new();
    let mut labels = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != 65 {
            bail!(
                "digits line {}: {} fields, expected 65",
                n + 1,
                fields.len()
            );
        }
        for f in &fields[..64] {
            pixels.push(
                f.trim()
                    .parse::<f64>()
                    .with_context(|| format!("digits line {}", n + 1))?,
            );
        }
        labels.push(
            fields[64]
                .trim()
                .parse::<usize>()
                .with_context(|| format!("digits line {}", n + 1))?,
        );
    }
    let n = labels.len();
    Ok((Array2::from_shape_vec((n, 64), pixels)?, labels))
}
