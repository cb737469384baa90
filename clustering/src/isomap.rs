//! Isomap (Tenenbaum, de Silva and Langford, 2000), one of the "other manifold methods" of the
//! notebook's third exercise, as scikit-learn's `Isomap(n_neighbors=k, n_components=2)`: join each
//! point to its k nearest neighbours, measure distances along that graph (shortest paths, the
//! geodesics of the sheet the points lie on), and place the points in 2-D so that Euclidean
//! distances there match the geodesic ones (classical multidimensional scaling).

use anyhow::{bail, Result};
use ndarray::{Array2, Axis};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Shortest-path distances along the symmetric k-nearest-neighbour graph of the rows of `x`
/// (edges weighted by Euclidean distance), by Dijkstra from every point. An error if the graph
/// falls apart into pieces, which no embedding can place relative to each other.
pub fn geodesic_distances(x: &Array2<f64>, k: usize) -> Result<Array2<f64>> {
    let n = x.nrows();
    if k == 0 || k >= n {
        bail!(
            "Isomap needs between 1 and {} neighbours for {n} points, got {k}",
            n.saturating_sub(1)
        );
    }
    let dist = |i: usize, j: usize| -> f64 {
        x.row(i)
            .iter()
            .zip(x.row(j))
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
            .sqrt()
    };
    let mut edges: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for i in 0..n {
        let mut d: Vec<(f64, usize)> = (0..n)
            .filter(|&j| j != i)
            .map(|j| (dist(i, j), j))
            .collect();
        d.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for &(w, j) in &d[..k] {
            edges[i].push((j, w));
            edges[j].push((i, w));
        }
    }
    let mut out = Array2::from_elem((n, n), f64::INFINITY);
    for source in 0..n {
        let mut best = vec![f64::INFINITY; n];
        let mut heap = BinaryHeap::new();
        best[source] = 0.0;
        heap.push(Visit(0.0, source));
        while let Some(Visit(d, i)) = heap.pop() {
            if d > best[i] {
                continue;
            }
            for &(j, w) in &edges[i] {
                if d + w < best[j] {
                    best[j] = d + w;
                    heap.push(Visit(d + w, j));
                }
            }
        }
        if best.iter().any(|d| d.is_infinite()) {
            bail!("the {k}-nearest-neighbour graph of the {n} points is not connected: use more neighbours");
        }
        out.row_mut(source).assign(&ndarray::Array1::from(best));
    }
    Ok(out)
}

/// A point reached at a distance, ordered so that the heap pops the nearest first.
#[derive(Debug, PartialEq)]
struct Visit(f64, usize);

impl Eq for Visit {}

impl Ord for Visit {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

impl PartialOrd for Visit {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Classical multidimensional scaling: `dims` coordinates per point whose Euclidean distances
/// match the symmetric distance matrix `d` as well as any can. The squared distances, centred
/// on both sides, are the points' Gram matrix B = −½ J D² J (J = I − 1/n); its eigenvectors of
/// the `dims` largest eigenvalues λ, scaled by √λ, are the coordinates.
pub fn classical_mds(d: &Array2<f64>, dims: usize) -> Result<Array2<f64>> {
    let n = d.nrows();
    // BEGIN SOLUTION 10.2.3
    let sq = d.mapv(|v| v * v);
    let row_means = sq
        .mean_axis(Axis(1))
        .unwrap_or_else(|| ndarray::Array1::zeros(n));
    let col_means = sq
        .mean_axis(Axis(0))
        .unwrap_or_else(|| ndarray::Array1::zeros(n));
    let all = row_means.mean().unwrap_or(0.0);
    let b = Array2::from_shape_fn((n, n), |(i, j)| {
        -0.5 * (sq[[i, j]] - row_means[i] - col_means[j] + all)
    });
    let (values, vectors) = common::pca::symmetric_eigen(&b)?;
    Ok(Array2::from_shape_fn((n, dims), |(i, c)| {
        vectors[[i, c]] * values[c].max(0.0).sqrt()
    }))
    // END SOLUTION
}

/// Isomap's 2-D map of the rows of `x` with `k` neighbours; each coordinate's sign is chosen so
/// that its largest entry is positive, which makes a run repeatable across eigensolvers.
pub fn embed(x: &Array2<f64>, k: usize) -> Result<Array2<f64>> {
    let mut y = classical_mds(&geodesic_distances(x, k)?, 2)?;
    for mut column in y.axis_iter_mut(Axis(1)) {
        let largest = column
            .iter()
            .copied()
            .fold(0.0f64, |m, v| if v.abs() > m.abs() { v } else { m });
        if largest < 0.0 {
            column.mapv_inplace(|v| -v);
        }
    }
    Ok(y)
}
