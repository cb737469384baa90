//! FITS images: files written by astropy (`fits_reference.py` beside this file, one per BITPIX)
//! read back to their values; our writer's files read back by our reader (astropy reads them as
//! uint16 too); bad files are one-line errors.

#![allow(clippy::unwrap_used)]

use segmentation::fits::{self, Image};
use std::path::Path;

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn astropys_files_read_back_to_their_values() {
    let check = |name: &str, (w, h): (usize, usize), want: &dyn Fn(usize) -> f64| {
        let im = fits::read(&data(name)).unwrap();
        assert_eq!((im.width, im.height), (w, h), "{name}");
        for (i, v) in im.values.iter().enumerate() {
            assert!(
                (v - want(i)).abs() < 1e-9,
                "{name}[{i}]: {v} against {}",
                want(i)
            );
        }
    };
    // numpy's shape (rows, columns) is FITS's (NAXIS2, NAXIS1).
    check("f32.fits", (4, 3), &|i| i as f64 * 1.5 - 2.0);
    check("f64.fits", (3, 2), &|i| i as f64 / 7.0);
    check("i32.fits", (2, 3), &|i| i as f64 * 100_000.0 - 7.0);
    check("u8.fits", (3, 2), &|i| i as f64 * 40.0);
    check("u16.fits", (2, 3), &|i| i as f64 * 10_000.0 + 5.0);
    let im = fits::read(&data("f32.fits")).unwrap();
    assert_eq!(im.at(2, 1), 9.0 * 1.5 - 2.0, "row 2, column 1");
}

#[test]
fn our_files_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.fits");
    let image = Image {
        width: 5,
        height: 3,
        values: (0..15).map(|i| f64::from(i) * 4_000.0 + 0.4).collect(),
    };
    fits::write_u16(&path, &image).unwrap();
    let back = fits::read(&path).unwrap();
    assert_eq!((back.width, back.height), (5, 3));
    for (a, b) in back.values.iter().zip(&image.values) {
        assert_eq!(
            *a,
            b.round().min(65_535.0),
            "counts are whole and at most 65 535"
        );
    }
    assert_eq!(
        std::fs::metadata(&path).unwrap().len() % 2880,
        0,
        "whole FITS blocks"
    );
}

#[test]
fn bad_files_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(data("u16.fits")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "SIMPLE"),
        ("no END", good[..2880 - 80].to_vec(), "without END"),
        (
            "truncated",
            good[..good.len() - 2880].to_vec(),
            "bytes of data",
        ),
        ("not FITS", b"P6 1 1 255 ".repeat(300), "SIMPLE"),
    ];
    for (name, bytes, needle) in cases {
        let path = dir.path().join(format!("{name}.fits"));
        std::fs::write(&path, &bytes).unwrap();
        let e = fits::read(&path).unwrap_err();
        let text = format!("{e:#}");
        assert!(text.contains(needle), "{name}: {text}");
        assert!(!text.contains('\n'), "{name}: one line: {text}");
    }
    // A header edited to three axes, or to an unknown BITPIX.
    let edit = |from: &str, to: &str| {
        let mut b = good.clone();
        let at = b
            .windows(from.len())
            .position(|w| w == from.as_bytes())
            .unwrap();
        b[at..at + to.len()].copy_from_slice(to.as_bytes());
        b
    };
    for (bytes, needle) in [
        (
            edit(
                "NAXIS   =                    2",
                "NAXIS   =                    3",
            ),
            "NAXIS is 3",
        ),
        (
            edit(
                "BITPIX  =                   16",
                "BITPIX  =                   12",
            ),
            "BITPIX 12",
        ),
    ] {
        let e = fits::parse(&bytes).unwrap_err();
        assert!(format!("{e:#}").contains(needle), "{e:#}");
    }
    assert!(fits::read(&dir.path().join("missing.fits")).is_err());
}
