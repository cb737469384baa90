//! One test per exercise of lecture 4 (see exercises.toml): each checks what the answer does,
//! never its text, on the seeded stand-ins. `cargo xtask check classic` runs them.

#![allow(clippy::unwrap_used)]

use classic::standin;
use ndarray::Array2;

#[test]
fn exercise_4_1_other_feature_pairs_beat_the_majority_class() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("materials_data.csv");
    standin::materials(&p, 1).unwrap();
    let m = classic::materials::read_materials(&p).unwrap();
    let pairs = classic::materials::rank_pairs(&m.features, &m.labels, 30, 2, 1).unwrap();
    assert_eq!(pairs.len(), 10, "5 features make 10 pairs");
    assert!(pairs.windows(2).all(|w| w[0].1 >= w[1].1), "best first");
    let majority = m.labels.iter().filter(|&&l| l == 0).count() as f64 / m.labels.len() as f64;
    let pair = |name: &str| pairs.iter().find(|p| p.0 == name).unwrap().1;
    // The notebook's pair, band gap + formation energy, does not beat the majority class…
    let notebook = pair("band_gap + formation_energy_per_atom");
    assert!(notebook < majority, "{notebook} against {majority}");
    let mean = |cols: &[usize]| {
        (0..2)
            .map(|s| {
                classic::materials::forest_on(&m.features, &m.labels, cols, s, 30, 1)
                    .unwrap()
                    .0
            })
            .sum::<f64>()
            / 2.0
    };
    assert!((notebook - mean(&[0, 3])).abs() < 1e-12);
    // … other pairs do.
    assert!(pairs[0].1 > majority + 0.1, "{pairs:?}");
}

#[test]
fn exercise_4_2_folding_the_pulses_shrinks_the_spread_of_time_of_flight() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("tof.txt");
    standin::tof(&p, 1).unwrap();
    let rows = classic::table::read_rows(&p, &["time of flight", "angle"]).unwrap();
    let n = rows[0].len();
    let x = Array2::from_shape_fn((n, 2), |(i, j)| rows[j][i]);
    let (centres, labels, relative) = classic::tof::fold_pulses(&x, 19, 5, 1).unwrap();
    assert_eq!(centres.nrows(), 19);
    assert_eq!((labels.len(), relative.len()), (n, n));
    let sd = |v: &[f64]| {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
    };
    let (before, after) = (sd(&rows[0]), sd(&relative));
    assert!(
        after < 0.1 * before,
        "spread {before:.2} µs → {after:.2} µs"
    );
    // Folded onto the earliest pulse: the events of that pulse keep their times.
    let earliest = (0..19)
        .min_by(|&a, &b| centres[[a, 0]].total_cmp(&centres[[b, 0]]))
        .unwrap();
    for i in (0..n).filter(|&i| labels[i] == earliest) {
        assert!((relative[i] - x[[i, 0]]).abs() < 1e-9);
    }
}

#[test]
fn exercise_4_3_more_variance_kept_means_more_components_and_a_closer_image() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("fossil.tiff");
    standin::fossil(&f, 160, 2021).unwrap();
    let img = classic::tiff::read(&f).unwrap();
    let fractions = [0.5, 0.7, 0.9];
    let r = classic::image_pca::reconstruct(&img, &fractions).unwrap();
    assert_eq!(r.images.len(), 3);
    let ks: Vec<usize> = r.components.iter().map(|c| c.1).collect();
    assert!(
        ks.windows(2).all(|w| w[0] <= w[1]) && ks[0] < ks[2],
        "{ks:?}"
    );
    // Each count is the smallest that keeps the fraction.
    let pca = common::pca::Pca::fit(&img, common::pca::Keep::Count(100), false).unwrap();
    for (f, k) in &r.components {
        let kept: f64 = pca.explained_variance_ratio.iter().take(*k).sum();
        let less: f64 = pca.explained_variance_ratio.iter().take(k - 1).sum();
        assert!(kept > *f && less <= *f, "{k} components for {f}");
    }
    let error = |rec: &Array2<f64>| (rec - &img).mapv(|v| v * v).sum();
    let errors: Vec<f64> = r.images.iter().map(error).collect();
    assert!(errors.windows(2).all(|w| w[1] < w[0]), "{errors:?}");
    assert_eq!(r.images[0].dim(), img.dim());
}

#[test]
fn exercise_4_4_the_bayes_factor_for_two_layers_grows_as_the_background_falls() {
    let dir = tempfile::tempdir().unwrap();
    let config = classic::nested::NestedConfig::with_live(60);
    let fit = |i: usize| {
        let path = dir.path().join(format!("data_{i}.dat"));
        standin::reflectivity(&path, i, 2021).unwrap();
        classic::reflectometry::reflect_evidence(&path, &config, 2021).unwrap()
    };
    let (high, low) = (fit(0), fit(3));
    println!(
        "2 ln B: background 1e-5 {:.1}, 1e-8 {:.1}",
        high.two_ln_b, low.two_ln_b
    );
    for f in [&high, &low] {
        assert!((f.two_ln_b - 2.0 * (f.log_z_two.0 - f.log_z_one.0)).abs() < 1e-9);
    }
    assert!(
        low.two_ln_b > 10.0,
        "2 ln B = {} at background 1e-8",
        low.two_ln_b
    );
    assert!(
        low.two_ln_b > high.two_ln_b,
        "{} ≤ {}",
        low.two_ln_b,
        high.two_ln_b
    );
    // The two-layer posterior finds each background within a factor of three.
    for (f, b) in [(&high, 1e-5), (&low, 1e-8)] {
        assert!(
            (f.background.0 / b).ln().abs() < 3f64.ln(),
            "{:?} for {b}",
            f.background
        );
    }
}
