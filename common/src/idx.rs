//! The IDX format of (Fashion-)MNIST: a 4-byte magic (0, 0, element type, number of dimensions),
//! the dimensions as big-endian u32, then the elements in row-major order. Files may be
//! gzip-compressed. Only unsigned bytes (type 0x08), the type every MNIST file uses, are read.

use crate::error::{Error, Result};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::io::{Read, Write};
use std::path::Path;

const UBYTE: u8 = 0x08;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An n-dimensional array of bytes read from an IDX file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdxArray {
    pub dims: Vec<usize>,
    pub data: Vec<u8>,
}

/// Read an IDX file, plain or gzip-compressed (told apart by the content, not the name).
pub fn read(path: &Path) -> Result<IdxArray> {
    let raw = std::fs::read(path).map_err(Error::io(path))?;
    let bytes = if raw.starts_with(&GZIP_MAGIC) {
        let mut out = Vec::new();
        GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| Error::Idx {
                path: path.to_path_buf(),
                reason: format!("gzip stream is damaged or truncated ({e})"),
            })?;
        out
    } else {
        raw
    };
    parse(&bytes).map_err(|reason| Error::Idx {
        path: path.to_path_buf(),
        reason,
    })
}

/// Parse the bytes of an (uncompressed) IDX file.
pub fn parse(bytes: &[u8]) -> std::result::Result<IdxArray, String> {
    if bytes.len() < 4 {
        return Err(format!(
            "{} bytes is shorter than the 4-byte header",
            bytes.len()
        ));
    }
    if bytes[0] != 0 || bytes[1] != 0 {
        return Err(format!(
            "bad magic {:02x} {:02x} (an IDX file starts with two zero bytes)",
            bytes[0], bytes[1]
        ));
    }
    if bytes[2] != UBYTE {
        return Err(format!(
            "element type 0x{:02x} is not supported (only unsigned bytes, 0x08)",
            bytes[2]
        ));
    }
    let ndims = usize::from(bytes[3]);
    if ndims == 0 {
        return Err("zero dimensions".to_string());
    }
    let header = 4 + 4 * ndims;
    if bytes.len() < header {
        return Err(format!(
            "truncated header: {ndims} dimensions need {header} bytes, the file has {}",
            bytes.len()
        ));
    }
    let dims: Vec<usize> = bytes[4..header]
        .chunks_exact(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    let expected = dims
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| format!("dimensions {dims:?} overflow"))?;
    let got = bytes.len() - header;
    if got < expected {
        return Err(format!(
            "truncated: dimensions {dims:?} need {expected} data bytes, the file has {got}"
        ));
    }
    if got > expected {
        return Err(format!(
            "{} unexpected trailing bytes after {expected} data bytes",
            got - expected
        ));
    }
    Ok(IdxArray {
        dims,
        data: bytes[header..].to_vec(),
    })
}

/// Encode an array of bytes as IDX.
pub fn encode(dims: &[usize], data: &[u8]) -> Result<Vec<u8>> {
    let expected: usize = dims.iter().product();
    if dims.is_empty() || dims.len() > 255 || expected != data.len() {
        return Err(Error::InvalidArgument(format!(
            "IDX dimensions {dims:?} do not describe {} bytes",
            data.len()
        )));
    }
    let mut out = vec![0, 0, UBYTE, dims.len() as u8];
    for &d in dims {
        let d = u32::try_from(d)
            .map_err(|_| Error::InvalidArgument(format!("IDX dimension {d} exceeds u32")))?;
        out.extend_from_slice(&d.to_be_bytes());
    }
    out.extend_from_slice(data);
    Ok(out)
}

/// Write an IDX file, gzip-compressed when `path` ends in `.gz`.
pub fn write(path: &Path, dims: &[usize], data: &[u8]) -> Result<()> {
    let bytes = encode(dims, data)?;
    let gz = path.extension().is_some_and(|e| e == "gz");
    let out = if gz {
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&bytes).map_err(Error::io(path))?;
        enc.finish().map_err(Error::io(path))?
    } else {
        bytes
    };
    std::fs::write(path, out).map_err(Error::io(path))
}
