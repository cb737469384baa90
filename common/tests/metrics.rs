//! Metrics against values worked out by hand (and checked with scikit-learn).

#![allow(clippy::unwrap_used)]

use common::metrics::*;

#[test]
fn accuracy_by_hand() {
    assert_eq!(accuracy(&[0, 1, 2, 2], &[0, 1, 1, 2]).unwrap(), 0.75);
    assert!(accuracy(&[0, 1], &[0]).is_err());
    assert!(accuracy(&[], &[]).is_err());
}

#[test]
fn confusion_and_per_class_scores_by_hand() {
    // truth: 0 0 0 1 1 2 ; pred: 0 1 0 1 2 2
    let truth = [0, 0, 0, 1, 1, 2];
    let pred = [0, 1, 0, 1, 2, 2];
    let cm = confusion_matrix(&pred, &truth, 3).unwrap();
    assert_eq!(cm, vec![vec![2, 1, 0], vec![0, 1, 1], vec![0, 0, 1]]);
    let s = precision_recall_f1(&cm);
    // class 0: P = 2/2, R = 2/3, F1 = 0.8
    assert_eq!((s[0].precision, s[0].support), (1.0, 3));
    assert!((s[0].recall - 2.0 / 3.0).abs() < 1e-12);
    assert!((s[0].f1 - 0.8).abs() < 1e-12);
    // class 1: P = 1/2, R = 1/2, F1 = 0.5
    assert!((s[1].precision - 0.5).abs() < 1e-12 && (s[1].recall - 0.5).abs() < 1e-12);
    assert!((s[1].f1 - 0.5).abs() < 1e-12);
    // class 2: P = 1/2, R = 1, F1 = 2/3
    assert!((s[2].precision - 0.5).abs() < 1e-12 && s[2].recall == 1.0);
    assert!((s[2].f1 - 2.0 / 3.0).abs() < 1e-12);
    assert!(confusion_matrix(&[3], &[0], 3).is_err());
}

#[test]
fn undefined_scores_are_zero() {
    let cm = confusion_matrix(&[0, 0], &[0, 0], 2).unwrap();
    let s = precision_recall_f1(&cm);
    assert_eq!(
        (s[1].precision, s[1].recall, s[1].f1, s[1].support),
        (0.0, 0.0, 0.0, 0)
    );
}

#[test]
fn roc_auc_by_hand() {
    // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    let auc = roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]).unwrap();
    assert!((auc - 0.75).abs() < 1e-12);
    // Ties count one half: roc_auc_score([0, 1], [0.5, 0.5]) == 0.5
    assert_eq!(roc_auc(&[0.5, 0.5], &[false, true]).unwrap(), 0.5);
    assert_eq!(
        roc_auc(&[0.2, 0.9, 0.1], &[false, true, false]).unwrap(),
        1.0
    );
    assert!(roc_auc(&[0.2, 0.3], &[true, true]).is_err());
}

#[test]
fn mse_by_hand() {
    assert!((mse(&[1.0, 2.0, 4.0], &[1.0, 3.0, 2.0]).unwrap() - 5.0 / 3.0).abs() < 1e-12);
}

#[test]
fn spearman_matches_scipy() {
    // scipy.stats.rankdata and spearmanr of the same two series.
    let a = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
    let b = [2.0, 7.0, 1.0, 8.0, 2.0, 8.0, 1.0, 8.0];
    assert_eq!(
        average_ranks(&a),
        vec![4.0, 1.5, 5.0, 1.5, 6.0, 8.0, 3.0, 7.0]
    );
    assert!((spearman(&a, &b).unwrap() - 0.19885368120992467).abs() < 1e-12);
    let cubes: Vec<f64> = a.iter().map(|v| -v * v * v).collect();
    assert!(
        (spearman(&a, &cubes).unwrap() + 1.0).abs() < 1e-12,
        "monotone: −1"
    );
    assert!(spearman(&a, &[1.0; 8]).is_err());
    assert!(spearman(&a, &b[..3]).is_err());
}
