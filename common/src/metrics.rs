//! Classification and regression metrics, on plain slices so that every library's output fits.

use crate::error::{Error, Result};

fn same_len(a: usize, b: usize, what: &str) -> Result<()> {
    if a != b {
        return Err(Error::InvalidArgument(format!(
            "{what}: {a} predictions but {b} true values"
        )));
    }
    if a == 0 {
        return Err(Error::InvalidArgument(format!("{what}: no samples")));
    }
    Ok(())
}

/// The index of the largest value (the first of equals; 0 for an empty slice).
pub fn argmax(values: &[f64]) -> usize {
    values
        .iter()
        .enumerate()
        .fold(
            (0, f64::NEG_INFINITY),
            |a, (i, &v)| if v > a.1 { (i, v) } else { a },
        )
        .0
}

/// Fraction of predictions equal to the truth.
pub fn accuracy(pred: &[usize], truth: &[usize]) -> Result<f64> {
    same_len(pred.len(), truth.len(), "accuracy")?;
    let hits = pred.iter().zip(truth).filter(|(p, t)| p == t).count();
    Ok(hits as f64 / truth.len() as f64)
}

/// Counts with rows = true class and columns = predicted class (scikit-learn's convention).
pub fn confusion_matrix(
    pred: &[usize],
    truth: &[usize],
    n_classes: usize,
) -> Result<Vec<Vec<usize>>> {
    same_len(pred.len(), truth.len(), "confusion matrix")?;
    let mut m = vec![vec![0; n_classes]; n_classes];
    for (&p, &t) in pred.iter().zip(truth) {
        if p >= n_classes || t >= n_classes {
            return Err(Error::InvalidArgument(format!(
                "confusion matrix: class {} is outside 0..{n_classes}",
                p.max(t)
            )));
        }
        m[t][p] += 1;
    }
    Ok(m)
}

/// Precision, recall and F1 of one class.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct ClassScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// Per-class precision, recall and F1 from a confusion matrix (0 where undefined, as scikit-learn
/// reports with `zero_division=0`).
pub fn precision_recall_f1(cm: &[Vec<usize>]) -> Vec<ClassScores> {
    let n = cm.len();
    (0..n)
        .map(|k| {
            let tp = cm[k][k] as f64;
            let predicted: usize = cm.iter().map(|row| row.get(k).copied().unwrap_or(0)).sum();
            let support: usize = cm[k].iter().sum();
            let ratio = |a: f64, b: usize| if b == 0 { 0.0 } else { a / b as f64 };
            let precision = ratio(tp, predicted);
            let recall = ratio(tp, support);
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            ClassScores {
                precision,
                recall,
                f1,
                support,
            }
        })
        .collect()
}

/// Area under the ROC curve of `scores` for the positive class: the probability that a random
/// positive scores above a random negative, ties counting one half (Mann–Whitney U).
pub fn roc_auc(scores: &[f64], positive: &[bool]) -> Result<f64> {
    same_len(scores.len(), positive.len(), "ROC AUC")?;
    if scores.iter().any(|s| s.is_nan()) {
        return Err(Error::InvalidArgument("ROC AUC: a score is NaN".into()));
    }
    let ranks = average_ranks(scores);
    let rank_sum_pos: f64 = ranks
        .iter()
        .zip(positive)
        .filter(|(_, &p)| p)
        .map(|(r, _)| r)
        .sum();
    let n_pos = positive.iter().filter(|&&p| p).count() as f64;
    let n_neg = positive.len() as f64 - n_pos;
    if n_pos == 0.0 || n_neg == 0.0 {
        return Err(Error::InvalidArgument(
            "ROC AUC needs both positive and negative samples".into(),
        ));
    }
    Ok((rank_sum_pos - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg))
}

/// The 1-based ranks of `values`, ties sharing the mean of their ranks (as scipy's `rankdata`).
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        for &k in &order[i..=j] {
            ranks[k] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's rank correlation: Pearson's correlation of the average ranks; 1 or −1 when one
/// series is a monotone function of the other.
pub fn spearman(a: &[f64], b: &[f64]) -> Result<f64> {
    same_len(a.len(), b.len(), "Spearman correlation")?;
    if a.iter().chain(b).any(|v| v.is_nan()) {
        return Err(Error::InvalidArgument(
            "Spearman correlation: a value is NaN".into(),
        ));
    }
    let (ra, rb) = (average_ranks(a), average_ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa == 0.0 || sbb == 0.0 {
        return Err(Error::InvalidArgument(
            "Spearman correlation of a constant series".into(),
        ));
    }
    Ok(sab / (saa * sbb).sqrt())
}

/// Mean squared error.
pub fn mse(pred: &[f64], truth: &[f64]) -> Result<f64> {
    same_len(pred.len(), truth.len(), "MSE")?;
    let sse: f64 = pred.iter().zip(truth).map(|(p, t)| (p - t) * (p - t)).sum();
    Ok(sse / truth.len() as f64)
}
