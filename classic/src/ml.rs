//! The methods of the lecture's machine-learning half, over the crates that provide them: decision
//! trees (linfa-trees), random forests (smartcore), k-means (linfa-clustering), Gaussian mixtures
//! (`common::cluster::gmm`, EM from a linfa k-means start), PCA (`common::pca`), and the
//! hand-written k-means of the notebook.
//!
//! What smartcore lacks is written here once: a forest's class probabilities (it keeps its trees
//! private, so the forest is grown as one-tree forests whose votes are counted).

use anyhow::{Context, Result};
use common::cluster;
pub use common::cluster::{gmm, kmeans};
use common::numpy_rng::RandomState;
use linfa::prelude::*;
use linfa_trees::DecisionTree;
use ndarray::{Array1, Array2, Axis};
use rayon::prelude::*;
use smartcore::ensemble::random_forest_classifier::{
    RandomForestClassifier, RandomForestClassifierParameters,
};
use smartcore::linalg::basic::matrix::DenseMatrix;

/// A CART decision tree (Gini impurity) of at most `depth` levels.
pub struct Tree(linfa_trees::DecisionTree<f64, usize>);

impl Tree {
    pub fn fit(x: &Array2<f64>, y: &[usize], depth: Option<usize>) -> Result<Self> {
        let data = Dataset::new(x.clone(), Array1::from(y.to_vec()));
        let tree = DecisionTree::params()
            .max_depth(depth)
            .fit(&data)
            .context("fitting a decision tree")?;
        Ok(Self(tree))
    }

    pub fn predict(&self, x: &Array2<f64>) -> Vec<usize> {
        self.0.predict(x).to_vec()
    }
}

/// A random forest: `trees` CART trees (Gini, grown fully), each on a bootstrap sample with √p
/// features tried at each split (smartcore), voting. Trees are grown and asked in parallel; the
/// result does not depend on the number of threads.
pub struct Forest {
    trees: Vec<RandomForestClassifier<f64, u32, DenseMatrix<f64>, Vec<u32>>>,
    classes: usize,
}

fn dense(x: &Array2<f64>) -> Result<DenseMatrix<f64>> {
    let rows: Vec<Vec<f64>> = x.rows().into_iter().map(|r| r.to_vec()).collect();
    DenseMatrix::from_2d_vec(&rows).map_err(|e| anyhow::anyhow!("{e}"))
}

impl Forest {
    pub fn fit(x: &Array2<f64>, y: &[usize], trees: usize, seed: u64) -> Result<Self> {
        let classes = y.iter().max().map_or(0, |m| m + 1);
        let xs = dense(x)?;
        let ys: Vec<u32> = y.iter().map(|&c| c as u32).collect();
        let trees = (0..trees as u64)
            .into_par_iter()
            .map(|t| {
                let params = RandomForestClassifierParameters::default()
                    .with_n_trees(1)
                    .with_seed(seed.wrapping_mul(1_000_003).wrapping_add(t));
                RandomForestClassifier::fit(&xs, &ys, params)
                    .map_err(|e| anyhow::anyhow!("fitting a forest: {e}"))
            })
            .collect::<Result<_>>()?;
        Ok(Self { trees, classes })
    }

    /// The share of trees voting for each class (samples × classes).
    pub fn probabilities(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        let xs = dense(x)?;
        let predictions = self
            .trees
            .par_iter()
            .map(|tree| tree.predict(&xs).map_err(|e| anyhow::anyhow!("{e}")))
            .collect::<Result<Vec<Vec<u32>>>>()?;
        let mut votes = Array2::zeros((x.nrows(), self.classes));
        for p in predictions {
            for (i, c) in p.iter().enumerate() {
                votes[[i, *c as usize]] += 1.0;
            }
        }
        Ok(votes / self.trees.len().max(1) as f64)
    }

    /// The class with most votes (the lowest on a tie).
    pub fn predict(&self, x: &Array2<f64>) -> Result<Vec<usize>> {
        Ok(argmax_rows(&self.probabilities(x)?))
    }
}

/// The column of the largest value in each row (the first on a tie).
pub fn argmax_rows(p: &Array2<f64>) -> Vec<usize> {
    p.rows()
        .into_iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .fold((0, f64::NEG_INFINITY), |best, (i, &v)| {
                    if v > best.1 {
                        (i, v)
                    } else {
                        best
                    }
                })
                .0
        })
        .collect()
}

/// The notebook's k-means by hand (VanderPlas, `find_clusters`): centres start at `k` rows
/// picked by numpy's `RandomState(rseed).permutation`, then assignment and update alternate
/// until the centres stop moving. Returns every step's centres (the first is the start) and the
/// final labels.
pub fn kmeans_by_hand(x: &Array2<f64>, k: usize, rseed: u32) -> (Vec<Array2<f64>>, Vec<usize>) {
    let mut order: Vec<usize> = (0..x.nrows()).collect();
    RandomState::new(rseed).shuffle(&mut order);
    let start = x.select(Axis(0), &order[..k.min(order.len())]);
    let steps = cluster::lloyd(x, &start, 300);
    let labels = steps.last().map(|s| s.labels.clone()).unwrap_or_default();
    let mut centres = vec![start];
    // Each step's update, except a last one that changed nothing.
    centres.extend(
        steps
            .iter()
            .filter(|s| s.updated != s.centres)
            .map(|s| s.updated.clone()),
    );
    (centres, labels)
}
