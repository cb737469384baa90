//! Our PCA against scikit-learn 1.9.1: the constants are the output of `pca_reference.py` beside
//! this file (run it to regenerate them).

#![allow(clippy::unwrap_used, clippy::needless_range_loop)]

use common::numpy_rng::RandomState;
use common::pca::{Keep, Pca};
use ndarray::Array2;

const TOY_COMPONENTS: [f64; 4] = [
    0.9444602872084231,
    0.32862557095603934,
    -0.32862557095603934,
    0.9444602872084231,
];
const TOY_VARIANCE: [f64; 2] = [0.7625315008826108, 0.018477895513562492];
const BIG_COUNT: usize = 4;
const BIG_VARIANCE: [f64; 4] = [
    2018.640757491137,
    131.64124131091606,
    129.84668481931968,
    110.81148063479175,
];
const BIG_RATIO: [f64; 4] = [
    0.7641377735038947,
    0.0498315733809085,
    0.049152260632056785,
    0.04194666028450656,
];
const BIG_FIRST_ROW: [f64; 8] = [
    0.07850783324405697,
    0.07514103356820478,
    0.07908634876811853,
    0.08669155743758832,
    0.09265963991246927,
    0.0769351282648174,
    0.07333678912879517,
    0.07676103102877344,
];
const BIG_LAST_ROW: [f64; 8] = [
    0.03844125971035589,
    -0.033413859718198706,
    -0.025522941191420845,
    0.0522330524825369,
    -0.011468947132643681,
    -0.06846846460035627,
    0.10661652068652488,
    0.03895183651796824,
];
const BIG_WHITE_SCORES: [f64; 6] = [
    -0.037439394626876364,
    -0.002412506351664235,
    0.006721569906493402,
    0.03149103647097671,
    0.0015215638658364204,
    0.0044870650066095585,
];

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1e-3)
}

/// The notebook's toy data, `np.random.seed(1); (rand(2, 2) @ randn(2, 200)).T`, written to a
/// file (full precision) and read back.
fn toy() -> Array2<f64> {
    let mut r = RandomState::new(1);
    let a: Vec<f64> = (0..4).map(|_| r.random_sample()).collect();
    let g: Vec<f64> = (0..400).map(|_| r.gauss()).collect();
    let x = Array2::from_shape_fn((200, 2), |(s, f)| {
        a[f * 2] * g[s] + a[f * 2 + 1] * g[200 + s]
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("toy.txt");
    let text: String = x
        .rows()
        .into_iter()
        .map(|r| format!("{:e} {:e}\n", r[0], r[1]))
        .collect();
    std::fs::write(&path, text).unwrap();
    let back: Vec<f64> = std::fs::read_to_string(&path)
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    Array2::from_shape_vec((200, 2), back).unwrap()
}

fn big() -> Array2<f64> {
    Array2::from_shape_fn((400, 320), |(i, j)| {
        let (fi, fj) = (i as f64, j as f64);
        (0.05 * fi).sin() * (0.03 * fj).cos() * 5.0
            + (0.011 * fi * (1 + j % 7) as f64).sin() * 2.0
            + (0.7 * fi + 0.13 * fj).cos() * 0.5
            + ((1.3 * fi * fj) % 17.0).sin() * 0.1
    })
}

#[test]
fn toy_pca_matches_scikit_learn_within_1e_6() {
    let p = Pca::fit(&toy(), Keep::Count(2), false).unwrap();
    for (k, v) in p.components.iter().enumerate() {
        assert!(
            close(*v, TOY_COMPONENTS[k], 1e-6),
            "component entry {k}: {v}"
        );
    }
    for k in 0..2 {
        assert!(
            close(p.explained_variance[k], TOY_VARIANCE[k], 1e-6),
            "{:?}",
            p.explained_variance
        );
    }
    // The notebook recorded explained variance [0.76253, 0.01848] on the same data.
    assert!(
        (p.explained_variance[0] - 0.76253).abs() < 1e-5
            && (p.explained_variance[1] - 0.01848).abs() < 1e-5
    );
}

#[test]
fn wide_pca_by_fraction_matches_scikit_learn_within_1e_6() {
    let m = big();
    let p = Pca::fit(&m, Keep::Fraction(0.9), false).unwrap();
    assert_eq!(p.components.nrows(), BIG_COUNT);
    for k in 0..BIG_COUNT {
        assert!(
            close(p.explained_variance[k], BIG_VARIANCE[k], 1e-6),
            "{:?}",
            p.explained_variance
        );
        assert!(
            close(p.explained_variance_ratio[k], BIG_RATIO[k], 1e-6),
            "{:?}",
            p.explained_variance_ratio
        );
    }
    for j in 0..8 {
        assert!(
            (p.components[[0, j]] - BIG_FIRST_ROW[j]).abs() < 1e-6,
            "first row {j}"
        );
        assert!(
            (p.components[[BIG_COUNT - 1, j]] - BIG_LAST_ROW[j]).abs() < 1e-6,
            "last row {j}"
        );
    }
    let w = Pca::fit(&m, Keep::Count(3), true).unwrap();
    let z = w.transform(&m);
    for (k, want) in BIG_WHITE_SCORES.iter().enumerate() {
        assert!(
            (z[[k / 3, k % 3]] - want).abs() < 1e-6,
            "whitened score {k}: {}",
            z[[k / 3, k % 3]]
        );
    }
    // Whitened scores have unit variance, and the inverse transform undoes the transform.
    let var = z.column(0).mapv(|x| x * x).sum() / (z.nrows() as f64 - 1.0);
    assert!((var - 1.0).abs() < 1e-9, "{var}");
    let back = w.inverse_transform(&z);
    let full = Pca::fit(&toy(), Keep::Count(2), true).unwrap();
    let t = toy();
    let again = full.inverse_transform(&full.transform(&t));
    assert!((&again - &t).iter().all(|e| e.abs() < 1e-12));
    assert_eq!(back.dim(), m.dim());
}

#[test]
fn bad_requests_are_errors() {
    let t = toy();
    assert!(Pca::fit(&t, Keep::Count(3), false).is_err());
    assert!(Pca::fit(&t, Keep::Fraction(1.0), false).is_err());
    assert!(Pca::fit(
        &t.slice(ndarray::s![..1, ..]).to_owned(),
        Keep::Count(1),
        false
    )
    .is_err());
}
