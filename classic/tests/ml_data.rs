//! The machine-learning half's loaders and stand-ins: each stand-in round-trips through its
//! loader; a wrong column count, a NaN or a missing header is a clear error; the stand-ins carry
//! the lessons.

#![allow(clippy::unwrap_used)]

use classic::materials::{read_materials, MaterialsTask};
use classic::standin::{self, SPACE_GROUPS, WINE_COUNTRIES};
use classic::table::{parse_csv, parse_rows, read_rows};
use classic::tiff;
use classic::wine::read_wine;
use common::task::{Context, Task};

#[test]
fn materials_stand_in_round_trips_and_teaches_the_lesson() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("materials_data.csv");
    standin::materials(&p, 1).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.starts_with("pretty_formula,spacegroup.number,band_gap,density,volume,formation_energy_per_atom,nsites\n"));
    let m = read_materials(&p).unwrap();
    let (features, labels, groups) = (m.features, m.labels, m.groups);
    assert_eq!(labels.len(), 542);
    assert_eq!(features.len(), 5);
    assert_eq!(groups, [14, 15, 2, 19]);
    for (i, (_, count)) in SPACE_GROUPS.iter().enumerate() {
        assert_eq!(labels.iter().filter(|&&l| l == i).count(), *count);
    }
    // The exercise on the stand-in: band gap + formation energy cannot beat the majority class;
    // other pairs can.
    let config = classic::materials::Config {
        data: Some(p.clone()),
        trees: 30,
        splits: 2,
    };
    let o = MaterialsTask::compute(&config, &Context::new(1, dir.path())).unwrap();
    let pair = |name: &str| o.pairs.iter().find(|p| p.0 == name).unwrap().1;
    assert!(
        pair("band_gap + formation_energy_per_atom") < o.majority,
        "{:?}",
        o.pairs
    );
    assert!(o.pairs[0].1 > o.majority + 0.1, "{:?}", o.pairs);
    assert_eq!((o.train, o.test), (434, 108));
}

#[test]
fn wine_tof_and_radiograph_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("wine_data.csv");
    standin::wine(&w, 1).unwrap();
    let (x, country) = read_wine(&w).unwrap();
    assert_eq!(x.dim(), (44, 14));
    for c in WINE_COUNTRIES {
        assert_eq!(country.iter().filter(|k| *k == c).count(), 11);
    }
    let t = dir.path().join("tof.txt");
    standin::tof(&t, 1).unwrap();
    let rows = read_rows(&t, &["tof", "angle"]).unwrap();
    assert_eq!((rows.len(), rows[0].len()), (2, 1000));
    let (lo, hi) = rows[0]
        .iter()
        .fold((f64::INFINITY, 0.0_f64), |(a, b), &v| (a.min(v), b.max(v)));
    assert!(lo > 0.0 && hi < 95.0, "{lo} {hi}");
    assert!(rows[1].iter().all(|a| a.abs() <= std::f64::consts::PI));
    let f = dir.path().join("fossil.tiff");
    standin::fossil(&f, 64, 1).unwrap();
    let img = tiff::read(&f).unwrap();
    assert_eq!(img.dim(), (64, 64));
    assert!(img
        .iter()
        .all(|&v| (0.0..=65_535.0).contains(&v) && v.fract() == 0.0));
    // The stand-in's written counts come back exactly.
    tiff::write(&f, &img).unwrap();
    assert_eq!(tiff::read(&f).unwrap(), img);
}

#[test]
fn malformed_files_are_clear_errors() {
    let req = ["a", "b"];
    assert!(parse_csv("a,b\n1,2\n", &req).is_ok());
    assert!(
        parse_csv("b,a,c\n1,2,3\n", &req).is_ok(),
        "order and extra columns are fine"
    );
    let e = parse_csv("1,2\n3,4\n", &req).unwrap_err();
    assert!(e.contains("missing header"), "{e}");
    let e = parse_csv("a,b\n1,2\n3\n", &req).unwrap_err();
    assert!(e.contains("line 3: 1 fields, the header has 2"), "{e}");
    let csv = parse_csv("a,b\n1,nan\n", &req).unwrap();
    let e = csv.numbers("b").unwrap_err();
    assert!(e.contains("line 2: b is NaN"), "{e}");
    assert!(parse_csv("a,b\n", &req).unwrap_err().contains("no rows"));

    assert!(parse_rows("1 2 3\n4 5 6\n", &["t", "a"]).is_ok());
    assert!(parse_rows("1 2 3\n", &["t", "a"])
        .unwrap_err()
        .contains("1 rows of numbers, expected 2"));
    assert!(parse_rows("1 2 3\n4 5\n", &["t", "a"])
        .unwrap_err()
        .contains("differ in length"));
    assert!(parse_rows("1 nan 3\n4 5 6\n", &["t", "a"])
        .unwrap_err()
        .contains("line 1: t value 2 is NaN"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("wine_data.csv");
    std::fs::write(&bad, "Ethanol,Country\n13,Chile\n").unwrap();
    let e = read_wine(&bad).unwrap_err().to_string();
    assert!(
        e.contains("wine_data.csv") && e.contains("missing header"),
        "{e}"
    );
    let img = dir.path().join("fossil.tiff");
    std::fs::write(&img, "not an image").unwrap();
    let e = tiff::read(&img).unwrap_err().to_string();
    assert!(e.contains("fossil.tiff"), "{e}");
}
