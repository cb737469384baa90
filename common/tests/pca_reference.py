"""Reference numbers for common/tests/pca.rs from scikit-learn 1.9.1 (numpy 2.4.6):

    python common/tests/pca_reference.py

The data are the notebook's toy (np.random.seed(1); rand(2, 2) @ randn(2, 200)), which
common::numpy_rng reproduces bit for bit, and a deterministic 400 × 320 matrix built from sines,
which the test computes the same way."""
import numpy as np
from sklearn.decomposition import PCA


def show(name, values):
    print(f"{name} = {[float(v) for v in np.ravel(values)]}")


np.random.seed(1)
X = np.dot(np.random.rand(2, 2), np.random.randn(2, 200)).T
pca = PCA(n_components=2).fit(X)
show("TOY_COMPONENTS", pca.components_)
show("TOY_VARIANCE", pca.explained_variance_)

i = np.arange(400)[:, None]
j = np.arange(320)[None, :]
M = (
    np.sin(0.05 * i) * np.cos(0.03 * j) * 5
    + np.sin(0.011 * i * (1 + (j % 7))) * 2
    + np.cos(0.7 * i + 0.13 * j) * 0.5
    + np.sin(1.3 * i * j % 17) * 0.1
)
big = PCA(n_components=0.9).fit(M)
print(f"BIG_COUNT = {big.n_components_}")
show("BIG_VARIANCE", big.explained_variance_)
show("BIG_RATIO", big.explained_variance_ratio_)
show("BIG_FIRST_ROW", big.components_[0, :8])
show("BIG_LAST_ROW", big.components_[-1, :8])
w = PCA(n_components=3, whiten=True).fit(M)
show("BIG_WHITE_SCORES", w.transform(M)[:2])
