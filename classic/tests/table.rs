//! The loaders: stand-ins round-trip; malformed files give one clear error.

#![allow(clippy::unwrap_used)]

use classic::data::{read_reflectivity, read_xy};
use classic::standin;
use classic::table::{self, parse};

#[test]
fn stand_ins_round_trip_through_the_loaders() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("lorentzian.txt");
    standin::lorentzian(&p, 1).unwrap();
    let t = read_xy(&p).unwrap();
    assert_eq!(t.rows(), 100);
    assert!(std::fs::read_to_string(&p)
        .unwrap()
        .starts_with("# x y yerr\n"));
    table::write(
        &p,
        &["x", "y", "yerr"],
        &[t.column(0), t.column(1), t.column(2)],
    )
    .unwrap();
    assert_eq!(read_xy(&p).unwrap(), t, "full precision survives a rewrite");

    let n = dir.path().join("nested.txt");
    standin::nested(&n, 1).unwrap();
    let t = read_xy(&n).unwrap();
    assert_eq!(t.rows(), 10);
    assert!(t.column(2).iter().all(|&s| s == 2.5));

    let r = dir.path().join("data_0.dat");
    standin::reflectivity(&r, 0, 1).unwrap();
    let raw = table::read(&r, &["q", "R", "dR"]).unwrap();
    assert_eq!(raw.rows(), 50);
    assert!(
        raw.column(2).iter().any(|&e| e < 0.0),
        "the stand-in's error column is signed like the original's"
    );
    let t = read_reflectivity(&r).unwrap();
    assert!(t.column(2).iter().all(|&e| e > 0.0));
    assert!((t.column(0)[0] - 0.005).abs() < 1e-12 && (t.column(0)[49] - 0.3).abs() < 1e-12);
}

#[test]
fn reflectivity_stand_ins_look_like_the_originals() {
    // Three columns, errors that shrink with the background (down to a few 1e-7 of R at low q and
    // about 2e-8 in the lowest-background file), R negative at high q in the noisiest.
    let dir = tempfile::tempdir().unwrap();
    let mut low_q_relative = Vec::new();
    for i in 0..4 {
        let p = dir.path().join(format!("data_{i}.dat"));
        standin::reflectivity(&p, i, 2021).unwrap();
        let t = read_reflectivity(&p).unwrap();
        assert_eq!(t.columns.len(), 3);
        low_q_relative.push(t.column(2)[0] / t.column(1)[0]);
        if i == 0 {
            assert!(
                t.column(1).iter().any(|&r| r < 0.0),
                "no negative R at high q"
            );
        }
        if i == 3 {
            let smallest = t.column(2).iter().copied().fold(f64::INFINITY, f64::min);
            assert!((1e-8..5e-8).contains(&smallest), "{smallest}");
            assert!(low_q_relative[3] < 1e-6, "{low_q_relative:?}");
        }
    }
    assert!(
        low_q_relative.windows(2).all(|w| w[1] < w[0]),
        "{low_q_relative:?}"
    );
    // A fourth column is the resolution of each point.
    let four = dir.path().join("four.dat");
    std::fs::write(&four, "0.01 0.5 -0.01 0.0005\n0.02 0.1 0.002 0.001\n").unwrap();
    let t = read_reflectivity(&four).unwrap();
    assert_eq!(t.columns.len(), 4);
    assert_eq!(t.column(2), [0.01, 0.002]);
    std::fs::write(&four, "0.01 0.5 0.01 0\n").unwrap();
    let e = read_reflectivity(&four).unwrap_err().to_string();
    assert!(e.contains("dQ must be positive"), "{e}");
}

#[test]
fn malformed_tables_are_clear_errors() {
    let names = ["x", "y", "yerr"];
    assert!(parse("# x y yerr\n1 2 3\n4 5 6\n", &names).is_ok());
    assert!(parse("1 2 3\n", &names).is_ok(), "the header is optional");
    for (text, needle) in [
        ("1 2 3\n4 5\n", "line 2: 2 columns, expected 3"),
        ("1 2 nan\n", "line 1: yerr is NaN"),
        ("1 inf 3\n", "line 1: y is inf"),
        ("1 two 3\n", "line 1: y 'two' is not a number"),
        ("# x y yerr\n", "no rows"),
        ("", "no rows"),
    ] {
        let e = parse(text, &names).unwrap_err();
        assert!(e.contains(needle), "{text:?}: {e}");
    }
}

#[test]
fn file_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.txt");
    let e = read_xy(&missing).unwrap_err().to_string();
    assert!(e.contains("none.txt"), "{e}");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "1 2 -3\n").unwrap();
    let e = read_xy(&bad).unwrap_err().to_string();
    assert!(e.contains("bad.txt") && e.contains("positive"), "{e}");
    std::fs::write(&bad, "0.1 1e-3 0\n").unwrap();
    let e = read_reflectivity(&bad).unwrap_err().to_string();
    assert!(e.contains("dR of 0"), "{e}");
}
