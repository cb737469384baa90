"""Reference numbers for clustering/tests/lecture.rs from scikit-learn 1.9.1 (numpy 2.4.6):

    python clustering/tests/reference.py

The digits are the file vendored in clustering/data (scikit-learn's own); the t-SNE runs use
the notebook's settings with PCA initialisation. The test embeds the first 500 digits with the
exact gradient, so the pinned number is scikit-learn's exact method on them; the full-data
Barnes–Hut value is printed for the README."""
import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.datasets import load_digits, make_circles
from sklearn.manifold import TSNE
from sklearn.preprocessing import StandardScaler

X = load_digits().data
print("TSNE_500_EXACT_KL =", float(TSNE(2, init="pca", random_state=0, method="exact").fit(X[:500]).kl_divergence_))
print("full data, Barnes-Hut:", float(TSNE(2, init="pca", random_state=0).fit(X).kl_divergence_))
C, _ = make_circles(1000, factor=0.5, noise=0.05, random_state=2021)
labels = DBSCAN(eps=0.3, min_samples=10).fit(StandardScaler().fit_transform(C)).labels_
print("circles, random_state=2021: clusters", len(set(labels) - {-1}), "noise", int(np.sum(labels == -1)))

from sklearn.datasets import make_s_curve
from sklearn.manifold import Isomap
from sklearn.neighbors import KNeighborsClassifier

S, _ = make_s_curve(1000, random_state=0)
Y = Isomap(n_neighbors=12, n_components=2).fit_transform(S)
print("ISOMAP_S_CURVE rows 0, 1, 2, 500, 999 =", Y[[0, 1, 2, 500, 999]].tolist())
digits = load_digits()
Y = Isomap(n_neighbors=12, n_components=2).fit_transform(digits.data)
print("Isomap of all digits, k-NN scored on its training data:", KNeighborsClassifier().fit(Y, digits.target).score(Y, digits.target))
