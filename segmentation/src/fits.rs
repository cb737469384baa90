//! FITS images (the original's `mixture12_00001.fits`): the primary HDU of a 2-D image, BITPIX 8,
//! 16, 32, −32 or −64, big-endian, with BZERO and BSCALE applied — what astropy's
//! `fits.getdata` returns for such a file. The writer makes the same kind of file (16-bit unsigned
//! counts as BITPIX 16 with BZERO 32768, as cameras write them).

use anyhow::{bail, Context, Result};
use std::path::Path;

const BLOCK: usize = 2880;
const CARD: usize = 80;

/// A 2-D image: `height` rows of `width` values, row by row (astropy's `data[row, column]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub width: usize,
    pub height: usize,
    pub values: Vec<f64>,
}

impl Image {
    pub fn at(&self, row: usize, col: usize) -> f64 {
        self.values[row * self.width + col]
    }

    /// The value shown as white in a picture of a radiograph: the largest, at most 4 000 counts
    /// (a few spots on bright pixels would otherwise darken everything else).
    pub fn display_max(&self) -> f64 {
        self.values.iter().copied().fold(1.0, f64::max).min(4000.0)
    }
}

/// Read a FITS file; any deviation from a 2-D primary image is a one-line error naming the file.
pub fn read(path: &Path) -> Result<Image> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    parse(&bytes).with_context(|| format!("{}: not a 2-D FITS image", path.display()))
}

/// Parse the bytes of a FITS file.
pub fn parse(bytes: &[u8]) -> Result<Image> {
    let first = bytes.get(..CARD).map(String::from_utf8_lossy);
    if first.as_ref().map(|c| {
        (
            c[..8].trim_end().to_string(),
            c[10..].split('/').next().unwrap_or("").trim().to_string(),
        )
    }) != Some(("SIMPLE".into(), "T".into()))
    {
        bail!("the first card is not SIMPLE = T");
    }
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    let mut ended = false;
    while !ended {
        if at + BLOCK > bytes.len() {
            bail!("the header ends without END");
        }
        for card in bytes[at..at + BLOCK].chunks(CARD) {
            let text = std::str::from_utf8(card).context("the header is not ASCII")?;
            let key = text[..8].trim_end().to_string();
            if key == "END" {
                ended = true;
                break;
            }
            if text.get(8..10) == Some("= ") {
                let value = text[10..]
                    .split('/')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                keys.push((key, value));
            }
        }
        at += BLOCK;
    }
    let get = |k: &str| {
        keys.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let int = |k: &str| -> Result<i64> {
        get(k)
            .with_context(|| format!("no {k} in the header"))?
            .parse::<i64>()
            .with_context(|| format!("{k} is not a whole number"))
    };
    let float = |k: &str, default: f64| -> Result<f64> {
        get(k).map_or(Ok(default), |v| {
            v.replace('D', "E")
                .parse::<f64>()
                .with_context(|| format!("{k} is not a number"))
        })
    };
    let bitpix = int("BITPIX")?;
    if int("NAXIS")? != 2 {
        bail!("NAXIS is {}, not 2", int("NAXIS")?);
    }
    let (width, height) = (int("NAXIS1")?, int("NAXIS2")?);
    if width <= 0 || height <= 0 || width > 1 << 20 || height > 1 << 20 {
        bail!("an image of {width} × {height} pixels");
    }
    let (width, height) = (width as usize, height as usize);
    let (zero, scale) = (float("BZERO", 0.0)?, float("BSCALE", 1.0)?);
    let size = match bitpix {
        8 => 1,
        16 => 2,
        32 | -32 => 4,
        -64 => 8,
        other => bail!("BITPIX {other} is not one of 8, 16, 32, −32, −64"),
    };
    let n = width * height;
    let data = bytes.get(at..at + n * size).with_context(|| {
        format!(
            "{} bytes of data for {width} × {height} pixels of BITPIX {bitpix}; {} there",
            n * size,
            bytes.len().saturating_sub(at)
        )
    })?;
    let values = data
        .chunks_exact(size)
        .map(|c| {
            let raw = match bitpix {
                8 => f64::from(c[0]),
                16 => f64::from(i16::from_be_bytes([c[0], c[1]])),
                32 => f64::from(i32::from_be_bytes([c[0], c[1], c[2], c[3]])),
                -32 => f64::from(f32::from_be_bytes([c[0], c[1], c[2], c[3]])),
                _ => f64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
            };
            zero + scale * raw
        })
        .collect();
    Ok(Image {
        width,
        height,
        values,
    })
}

/// Write `image` as 16-bit unsigned counts (BITPIX 16, BZERO 32768), values rounded and clamped
/// to 0–65 535.
pub fn write_u16(path: &Path, image: &Image) -> Result<()> {
    let mut header = String::new();
    for card in [
        format!("{:<8}= {:>20}", "SIMPLE", "T"),
        format!("{:<8}= {:>20}", "BITPIX", 16),
        format!("{:<8}= {:>20}", "NAXIS", 2),
        format!("{:<8}= {:>20}", "NAXIS1", image.width),
        format!("{:<8}= {:>20}", "NAXIS2", image.height),
        format!("{:<8}= {:>20}", "BZERO", 32768),
        format!("{:<8}= {:>20}", "BSCALE", 1),
        "END".to_string(),
    ] {
        header.push_str(&format!("{card:<80}"));
    }
    let mut bytes = header.into_bytes();
    bytes.resize(bytes.len().div_ceil(BLOCK) * BLOCK, b' ');
    for v in &image.values {
        let counts = v.round().clamp(0.0, 65_535.0) as i32 - 32_768;
        bytes.extend_from_slice(&(counts as i16).to_be_bytes());
    }
    bytes.resize(bytes.len().div_ceil(BLOCK) * BLOCK, 0);
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}
