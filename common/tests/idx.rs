//! The IDX reader: round trips, and clear errors for damaged files.

#![allow(clippy::unwrap_used)]

use common::fashion_mnist::{self, Split};
use common::{idx, Error};

fn sample() -> (Vec<usize>, Vec<u8>) {
    let dims = vec![3, 2, 4];
    let data: Vec<u8> = (0..24).map(|i| (i * 7 % 256) as u8).collect();
    (dims, data)
}

#[test]
fn round_trip_plain_and_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let (dims, data) = sample();
    for name in ["a-idx3-ubyte", "a-idx3-ubyte.gz"] {
        let path = dir.path().join(name);
        idx::write(&path, &dims, &data).unwrap();
        let back = idx::read(&path).unwrap();
        assert_eq!(back.dims, dims, "{name}");
        assert_eq!(back.data, data, "{name}");
    }
    // The gzip file really is compressed (starts with the gzip magic).
    let raw = std::fs::read(dir.path().join("a-idx3-ubyte.gz")).unwrap();
    assert_eq!(&raw[..2], &[0x1f, 0x8b]);
}

#[test]
fn header_layout_is_big_endian() {
    let bytes = idx::encode(&[2, 300], &vec![0; 600]).unwrap();
    assert_eq!(&bytes[..12], &[0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 1, 44]);
}

#[test]
fn truncated_file_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (dims, data) = sample();
    let path = dir.path().join("t-idx3-ubyte");
    let mut bytes = idx::encode(&dims, &data).unwrap();
    bytes.truncate(bytes.len() - 5);
    std::fs::write(&path, &bytes).unwrap();
    let err = idx::read(&path).unwrap_err();
    assert!(matches!(err, Error::Idx { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("t-idx3-ubyte") && msg.contains("truncated"),
        "{msg}"
    );
    assert!(msg.contains("need 24 data bytes, the file has 19"), "{msg}");
}

#[test]
fn truncated_gzip_stream_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (dims, data) = sample();
    let path = dir.path().join("t.gz");
    idx::write(&path, &dims, &data).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let msg = idx::read(&path).unwrap_err().to_string();
    assert!(msg.contains("gzip"), "{msg}");
}

#[test]
fn malformed_headers_are_rejected() {
    let cases: [(&[u8], &str); 5] = [
        (&[0, 0], "shorter than"),
        (&[1, 0, 8, 1, 0, 0, 0, 0], "bad magic"),
        (&[0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0], "not supported"),
        (&[0, 0, 8, 3, 0, 0, 0, 1], "truncated header"),
        (&[0, 0, 8, 1, 0, 0, 0, 1, 5, 6], "trailing"),
    ];
    for (bytes, expected) in cases {
        let err = idx::parse(bytes).unwrap_err();
        assert!(err.contains(expected), "{bytes:?}: {err}");
    }
}

#[test]
fn fashion_mnist_loads_from_a_folder_and_checks_consistency() {
    let dir = tempfile::tempdir().unwrap();
    let images: Vec<u8> = (0..5 * 28 * 28).map(|i| (i % 251) as u8).collect();
    idx::write(
        &dir.path().join("t10k-images-idx3-ubyte.gz"),
        &[5, 28, 28],
        &images,
    )
    .unwrap();
    idx::write(
        &dir.path().join("t10k-labels-idx1-ubyte"),
        &[5],
        &[9, 0, 0, 3, 1],
    )
    .unwrap();
    let set = fashion_mnist::load(Some(dir.path()), Split::Test).unwrap();
    assert_eq!((set.len(), set.rows, set.cols), (5, 28, 28));
    assert_eq!(set.labels, vec![9, 0, 0, 3, 1]);
    let (x, y) = set.to_tensors();
    assert_eq!(x.size(), vec![5, 28, 28]);
    assert!((x.double_value(&[0, 0, 1]) - 1.0 / 255.0).abs() < 1e-7);
    assert_eq!(y.int64_value(&[0]), 9);

    // A label outside 0–9 and a count mismatch are data errors.
    idx::write(
        &dir.path().join("t10k-labels-idx1-ubyte"),
        &[5],
        &[9, 0, 10, 3, 1],
    )
    .unwrap();
    let msg = fashion_mnist::load(Some(dir.path()), Split::Test)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("label 10"), "{msg}");
    idx::write(
        &dir.path().join("t10k-labels-idx1-ubyte"),
        &[4],
        &[9, 0, 0, 3],
    )
    .unwrap();
    let msg = fashion_mnist::load(Some(dir.path()), Split::Test)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("5 images"), "{msg}");
}

#[test]
fn missing_data_set_names_the_file_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let err = fashion_mnist::load(Some(dir.path()), Split::Train).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::MissingData { .. }));
    assert!(msg.contains("train-images-idx3-ubyte"), "{msg}");
    assert!(msg.contains("cargo xtask setup"), "{msg}");
}
