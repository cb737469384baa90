//! numpy arrays: files numpy wrote (`npy_reference.py` beside this file) read back, ours round
//! trip, bad files are one-line errors; the time-of-flight stand-in's clusters are its regions.

#![allow(clippy::unwrap_used)]

use common::cli::Preset;
use common::task::{Context, Task};
use segmentation::npy::{self, Array};
use segmentation::tof::{Config, Tof};
use std::path::Path;

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn numpys_files_read_back_and_ours_round_trip() {
    let a = npy::read(&data("f8.npy")).unwrap();
    assert_eq!(a.shape, vec![2, 3, 4]);
    assert_eq!(
        a.values,
        (0..24).map(|i| f64::from(i) / 8.0).collect::<Vec<_>>()
    );
    let b = npy::read(&data("f4be.npy")).unwrap();
    assert_eq!(b.shape, vec![3, 2]);
    assert_eq!(
        b.values,
        (0..6).map(|i| f64::from(i) * 1.5 - 1.0).collect::<Vec<_>>()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.npy");
    let x = Array {
        shape: vec![2, 2, 3],
        values: (0..12).map(|i| f64::from(i) * 0.25).collect(),
    };
    npy::write_f32(&path, &x).unwrap();
    assert_eq!(npy::read(&path).unwrap(), x);
    let bytes = std::fs::read(&path).unwrap();
    let header = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    assert_eq!(
        (10 + header) % 64,
        0,
        "the data start at a multiple of 64, as numpy's"
    );
}

#[test]
fn bad_arrays_are_one_line_errors() {
    let good = std::fs::read(data("f8.npy")).unwrap();
    let text = |b: &[u8]| format!("{:#}", npy::parse(b).unwrap_err());
    assert!(text(b"not numpy").contains("magic"));
    assert!(text(&good[..good.len() - 8]).contains("bytes of data"));
    let swap = |from: &str, to: &str| {
        let s = good
            .windows(from.len())
            .position(|w| w == from.as_bytes())
            .unwrap();
        let mut b = good.clone();
        b[s..s + to.len()].copy_from_slice(to.as_bytes());
        b
    };
    assert!(text(&swap("<f8", "<i8")).contains("dtype <i8"));
    assert!(text(&swap("False", "True ")).contains("Fortran"));
    let dir = tempfile::tempdir().unwrap();
    let e = format!("{:#}", npy::read(&dir.path().join("none.npy")).unwrap_err());
    assert!(e.contains("none.npy") && !e.contains('\n'), "{e}");
}

#[test]
fn the_clusters_are_the_regions_of_the_stand_in() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config {
        side: 32,
        bins: 120,
        ..Tof::config(Preset::Smoke)
    };
    let o = Tof::compute(&c, &Context::new(2021, dir.path())).unwrap();
    assert_eq!(o.shape, vec![32, 32, 120]);
    assert!(dir
        .path()
        .join("data/tof-32-120-seed2021/tofdata.npy")
        .is_file());
    let regions = |k: usize| -> Vec<(String, f64)> {
        let (_, clusters) = o.runs.iter().find(|r| r.0 == k).unwrap();
        clusters.iter().map(|c| c.region.clone().unwrap()).collect()
    };
    // Four clusters: the open beam and the spacer each found pure.
    let four = regions(4);
    for want in ["open beam", "spacer"] {
        assert!(
            four.iter().any(|(r, p)| r == want && *p > 0.95),
            "{want}: {four:?}"
        );
    }
    // Ten: both phases, and pixels on borders in clusters of their own.
    let ten = regions(10);
    for want in ["phase A", "phase B", "border"] {
        assert!(
            ten.iter().any(|(r, p)| r == want && *p > 0.9),
            "{want}: {ten:?}"
        );
    }
}
