//! Yahoo CSVs read and written, bad rows rejected in one line naming the line, windows, the
//! unshuffled validation split, the scalers.

#![allow(clippy::unwrap_used)]

use rnn::data::{split_rows, windows, MinMax, Pipeline, ScaleOn};
use rnn::prices::{self, Prices};

fn series(n: usize) -> Prices {
    let mut p = Prices::default();
    for i in 0..n {
        p.dates.push(format!(
            "{:04}-{:02}-{:02}",
            2000 + i / 300,
            1 + (i / 25) % 12,
            1 + i % 25
        ));
        let v = 100.0 + i as f64;
        for (k, c) in p.columns.iter_mut().enumerate() {
            c.push(if k == 5 {
                1000.0 * i as f64
            } else {
                v + k as f64 * 0.25
            });
        }
    }
    p
}

#[test]
fn yahoo_csv_round_trips_and_skips_null_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    let p = series(40);
    prices::write(&path, &p).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("Date,Open,High,Low,Close,Adj Close,Volume\n"));
    assert_eq!(prices::read(&path).unwrap(), p);
    // Yahoo's null rows are skipped and counted.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(3, "2000-01-02x,null,null,null,null,null,null");
    std::fs::write(&path, lines.join("\n").replace("2000-01-02x", "2000-01-02")).unwrap();
    let back = prices::read(&path).unwrap();
    assert_eq!(back.skipped, 1);
    assert_eq!(back, Prices { skipped: 1, ..p });
    // Columns by name, in any case and spacing.
    assert_eq!(Prices::column_index("adj close").unwrap(), 4);
    assert!(Prices::column_index("Price").is_err());
}

#[test]
fn bad_rows_are_one_line_errors_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    let head = "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,1,1,1,1,5\n";
    for (body, says) in [
        (
            "2020-01-03,1,1,abc,1,1,5\n",
            "bad.csv:3: Low `abc` is not a number",
        ),
        ("2020-01-03,1,1,1\n", "bad.csv:3: 4 fields"),
        (
            "03/01/2020,1,1,1,1,1,5\n",
            "bad.csv:3: `03/01/2020` is not a date",
        ),
        (
            "2020-01-01,1,1,1,1,1,5\n",
            "bad.csv:3: 2020-01-01 does not follow 2020-01-02",
        ),
    ] {
        std::fs::write(&path, format!("{head}{body}")).unwrap();
        let e = format!("{:#}", prices::read(&path).unwrap_err());
        assert!(e.contains(says), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
    std::fs::write(&path, "Day,Open\n1,2\n").unwrap();
    let e = format!("{:#}", prices::read(&path).unwrap_err());
    assert!(e.contains("no `Date` column"), "{e}");
}

#[test]
fn windows_and_the_unshuffled_validation_split() {
    let s: Vec<f64> = (0..20).map(f64::from).collect();
    let (x, y) = windows(&s, 2, 3, 4, 2).unwrap();
    assert_eq!(x.row(0).to_vec(), vec![2.0, 3.0, 4.0, 5.0]);
    assert_eq!(y.row(0).to_vec(), vec![6.0, 7.0]);
    assert_eq!(x.row(2).to_vec(), vec![4.0, 5.0, 6.0, 7.0]);
    assert!(windows(&s, 10, 5, 4, 3).is_err(), "needs 21 days");
    // Keras: the first ⌊950 · 0.8⌋ = 760 windows train, the last 190 validate.
    assert_eq!(split_rows(950, 0.2), 760);
}

#[test]
fn the_notebooks_cut_and_both_scalers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.csv");
    prices::write(&path, &series(2700)).unwrap();
    let p = Pipeline {
        data: Some(path.clone()),
        ..Pipeline::default()
    };
    let d = p.prepare(&path, 1).unwrap();
    // The last 2 677 rows, the first 1 000 dropped: 1 677 values; 950 training and 500 test windows.
    assert_eq!(d.values.len(), 1677);
    assert_eq!(d.values[0], 100.0 + 23.0 + 1000.0);
    assert_eq!((d.train_x.dim(), d.test_x.dim()), ((950, 50), (500, 50)));
    // Test window 0 predicts day 1 050.
    assert_eq!(d.test_y[[0, 0]], d.scaled[1050]);
    assert!((d.scaled[0] - 0.0).abs() < 1e-12 && (d.scaled[1676] - 1.0).abs() < 1e-12);
    // Scaled on the training days (0 … 998): the later days pass 1.
    let honest = Pipeline {
        scale_on: ScaleOn::Train,
        ..p.clone()
    }
    .prepare(&path, 1)
    .unwrap();
    assert_eq!(honest.scaler, MinMax::fit(&d.values[..999]));
    assert!(honest.scaled[1500] > 1.0);
    // Too short a file is a clear error.
    let short = Pipeline { rows: 1200, ..p };
    let e = format!("{:#}", short.prepare(&path, 1).unwrap_err());
    assert!(
        e.contains("training windows") || e.contains("test windows"),
        "{e}"
    );
}
