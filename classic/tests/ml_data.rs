//! The machine-learning half's loaders and stand-ins: each stand-in round-trips through its
//! loader; a wrong column count, a NaN or a missing header is a clear error; the stand-ins carry
//! the lessons.

#![allow(clippy::unwrap_used)]

use classic::materials::{read_materials, MaterialsTask};
use classic::standin::{self, ETHANOL, GLYCEROL, SPACE_GROUPS, WINE_COUNTRIES};
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
    // scikit-learn's train_test_split(test_size=0.2) rounds the test count up.
    assert_eq!((o.train, o.test), (433, 109));
}

#[test]
fn wine_reads_the_original_header_in_any_column_order() {
    // The original wine_data.csv's header and two of its kind of rows; then the same table with
    // its columns in another order.
    let header = "Ethanol,TotalAcid,VolatileA,MalicAcid,pH,LacticAcid,ReSugar,CitricAcid,CO2,Density,FolinC,Glycerol,Methanol,TartaricA,Country";
    let rows = [
        "13.62,5.3,0.43,0.23,3.71,1.79,2.1,0.18,0.39,0.99283,2543.0,9.87,0.131,2.01,Argentina",
        "12.91,6.1,0.52,1.92,3.52,0.64,2.9,0.35,0.51,0.99431,2041.0,8.77,0.102,2.56,Chile",
        "14.07,5.0,0.61,0.11,3.80,2.31,3.4,0.12,0.44,0.99352,2871.0,10.35,0.148,1.88,Australia",
    ];
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("wine_data.csv");
    std::fs::write(&original, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    let (x, country) = read_wine(&original).unwrap();
    assert_eq!(x.dim(), (3, 14));
    assert_eq!(country, ["Argentina", "Chile", "Australia"]);
    assert_eq!((x[[0, ETHANOL]], x[[0, GLYCEROL]]), (13.62, 9.87));
    // Columns reversed: the same matrix.
    let reversed = |line: &str| line.split(',').rev().collect::<Vec<_>>().join(",");
    let shuffled = dir.path().join("shuffled.csv");
    let text: Vec<String> = std::iter::once(header).chain(rows).map(reversed).collect();
    std::fs::write(&shuffled, text.join("\n")).unwrap();
    let (y, c2) = read_wine(&shuffled).unwrap();
    assert_eq!((x, country), (y, c2));
    // A table without one of the columns is refused, naming it.
    let short = dir.path().join("short.csv");
    std::fs::write(&short, header.replace("FolinC,", "") + "\n").unwrap();
    let e = read_wine(&short).unwrap_err().to_string();
    assert!(e.contains("FolinC"), "{e}");
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

#[test]
fn the_stand_in_radiographs_variance_spreads_as_a_real_ones() {
    // Rows as samples, as the exercise: three components keep 60 % (the original's count), and
    // a slowly decaying tail of grain and counting noise needs tens of them for 80 % and many
    // more for 90 % (at 1 400 pixels: 3, 21 and 245).
    use common::pca::{Keep, Pca};
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("fossil.tiff");
    standin::fossil(&f, 400, 2021).unwrap();
    let p = Pca::fit(&tiff::read(&f).unwrap(), Keep::Fraction(0.9), false).unwrap();
    let counts: Vec<usize> = [0.6, 0.8, 0.9]
        .iter()
        .map(|&x| p.count_for(x).unwrap())
        .collect();
    assert_eq!(counts[0], 3, "{counts:?}");
    assert!(counts[1] >= 10 && counts[2] >= 50, "{counts:?}");
}
