"""Reference numbers for classic/tests/learn.rs from scikit-learn 1.9.1 (numpy 2.4.6):

    python classic/tests/learn_reference.py

The data are scikit-learn's own make_blobs, which common::numpy_rng::make_blobs reproduces bit
for bit (the test writes them to a file and reads them back), and the stretched blobs of the
notebook's GMM section (X @ a fixed 2 × 2 matrix). Mixtures take the best of 10 starts: with one,
scikit-learn stops in a worse local optimum of the stretched data (mean log-likelihood −1.974
against −1.805)."""
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.mixture import GaussianMixture
from sklearn.tree import DecisionTreeClassifier


def show(name, values):
    print(f"{name} = {[float(v) for v in np.ravel(values)]}")


X, y = make_blobs(300, centers=4, random_state=0, cluster_std=1.0)
show("TREE_ACCURACY", [DecisionTreeClassifier(max_depth=d).fit(X, y).score(X, y) for d in (1, 2, 3, 4)])

X, y = make_blobs(300, centers=4, random_state=0, cluster_std=0.6)
show("KMEANS_INERTIA", KMeans(4, random_state=0, n_init=10).fit(X).inertia_)
show("GMM_SCORE", GaussianMixture(4, random_state=0, n_init=10).fit(X).score(X))
S = X @ np.array([[0.6, -0.64], [-0.4, 0.85]])
show("GMM_STRETCHED_SCORE", GaussianMixture(4, covariance_type="full", random_state=0, n_init=10).fit(S).score(S))
