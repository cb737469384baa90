//! numpy's `.npy` files (the original's `tofdata.npy`): version 1 or 2 headers, little- or
//! big-endian 4- or 8-byte floats, C order; read into f64. The writer makes version 1.0,
//! little-endian f32 (`<f4`), as `np.save` does for a float32 array.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// An array: its shape and its values in C order.
#[derive(Clone, Debug, PartialEq)]
pub struct Array {
    pub shape: Vec<usize>,
    pub values: Vec<f64>,
}

/// Read a `.npy` file; anything else is a one-line error naming the file.
pub fn read(path: &Path) -> Result<Array> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    parse(&bytes).with_context(|| format!("{}: not a numpy float array", path.display()))
}

/// Parse the bytes of a `.npy` file.
pub fn parse(bytes: &[u8]) -> Result<Array> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        bail!("no NUMPY magic");
    }
    let (len, start) = match bytes[6] {
        1 => (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        v => bail!("format version {v}"),
    };
    let header = bytes
        .get(start..start + len)
        .context("the header is cut short")?;
    let header = std::str::from_utf8(header).context("the header is not text")?;
    let field = |key: &str| -> Result<&str> {
        let at = header
            .find(&format!("'{key}':"))
            .with_context(|| format!("no '{key}' in the header"))?;
        Ok(header[at + key.len() + 3..].trim_start())
    };
    let descr = field("descr")?;
    let descr = descr.get(1..4).context("a short 'descr'")?;
    let (little, size) = match descr {
        "<f4" => (true, 4),
        "<f8" => (true, 8),
        ">f4" => (false, 4),
        ">f8" => (false, 8),
        other => bail!("dtype {other}; only 4- and 8-byte floats are read"),
    };
    if field("fortran_order")?.starts_with("True") {
        bail!("Fortran order; save the array in C order");
    }
    let shape_text = field("shape")?;
    let close = shape_text.find(')').context("the shape is not closed")?;
    let shape = shape_text[1..close]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().context("the shape is not whole numbers"))
        .collect::<Result<Vec<usize>>>()?;
    let n = shape
        .iter()
        .try_fold(1usize, |a, &b| a.checked_mul(b))
        .context("the shape is too large")?;
    let data = &bytes[start + len..];
    if data.len() != n * size {
        bail!(
            "{} bytes of data for shape {shape:?} of {descr}; {} there",
            n * size,
            data.len()
        );
    }
    let values = data
        .chunks_exact(size)
        .map(|c| match (size, little) {
            (4, true) => f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            (4, false) => f64::from(f32::from_be_bytes([c[0], c[1], c[2], c[3]])),
            (_, true) => f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
            (_, false) => f64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        })
        .collect();
    Ok(Array { shape, values })
}

/// Write `array` as a version 1.0 `.npy` of little-endian f32.
pub fn write_f32(path: &Path, array: &Array) -> Result<()> {
    let shape = match array.shape.as_slice() {
        [one] => format!("({one},)"),
        dims => format!(
            "({})",
            dims.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}");
    // Magic, version and length take 10 bytes; the header ends in a newline at a multiple of 64.
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
    bytes.extend_from_slice(header.as_bytes());
    for v in &array.values {
        bytes.extend_from_slice(&(*v as f32).to_le_bytes());
    }
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}
