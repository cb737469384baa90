//! k-nearest-neighbour classification by brute force (Euclidean), majority vote with ties going
//! to the smallest label (scikit-learn's `KNeighborsClassifier` with uniform weights).

use ndarray::Array2;
use rayon::prelude::*;

/// Predict the label of each row of `query` from the `k` nearest rows of `train`.
pub fn predict(train: &Array2<f64>, labels: &[usize], query: &Array2<f64>, k: usize) -> Vec<usize> {
    // BEGIN SOLUTION 10.2.2
    let classes = labels.iter().max().map_or(0, |m| m + 1);
    let train_rows: Vec<Vec<f64>> = train.rows().into_iter().map(|r| r.to_vec()).collect();
    let query_rows: Vec<Vec<f64>> = query.rows().into_iter().map(|r| r.to_vec()).collect();
    query_rows
        .par_iter()
        .map(|q| {
            let mut d: Vec<(f64, usize)> = train_rows
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    (
                        t.iter().zip(q).map(|(a, b)| (a - b) * (a - b)).sum::<f64>(),
                        i,
                    )
                })
                .collect();
            let k = k.min(d.len()).max(1);
            d.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut votes = vec![0usize; classes];
            for &(_, i) in &d[..k] {
                votes[labels[i]] += 1;
            }
            let best = votes.iter().copied().max().unwrap_or(0);
            votes.iter().position(|&v| v == best).unwrap_or(0)
        })
        .collect()
    // END SOLUTION
}
