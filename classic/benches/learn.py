"""scikit-learn equivalents of learn.rs (see there), on the same data. Prints `BENCH <name> <seconds>`
once per repetition. Run by `cargo xtask bench`, which installs scikit-learn into its environment
and runs learn.rs first (it writes the radiograph this script reads)."""

import argparse
import os
import tempfile
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestClassifier
from sklearn.mixture import GaussianMixture


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    repeat = parser.parse_args().repeat
    x6, _ = make_blobs(300, centers=4, random_state=0, cluster_std=0.6)
    x1, y1 = make_blobs(300, centers=4, random_state=0, cluster_std=1.0)
    img = np.load(os.path.join(tempfile.gettempdir(), "lens-bench-fossil.npy"))
    n = 200
    v = np.arange(n * n)
    grid = np.column_stack([-5 + 10 * (v % n) / (n - 1), -3 + 14 * (v // n) / (n - 1)])
    for r in range(repeat):
        t = time.perf_counter()
        for k in range(20):
            inertia = KMeans(4, n_init=10, random_state=r * 20 + k).fit(x6).inertia_
        print(f"BENCH kmeans_20 {time.perf_counter() - t:.6f}")
        print(f"info kmeans inertia {inertia:.3f}")

        t = time.perf_counter()
        for k in range(20):
            score = GaussianMixture(4, n_init=10, random_state=r * 20 + k).fit(x6).score(x6)
        print(f"BENCH gmm_20 {time.perf_counter() - t:.6f}")
        print(f"info gmm mean log-likelihood {score:.4f}")

        t = time.perf_counter()
        f = RandomForestClassifier(100, random_state=r).fit(x1, y1)
        classes = f.predict(grid)
        print(f"BENCH forest_mesh {time.perf_counter() - t:.6f}")
        print(f"info forest class counts on the mesh {np.bincount(classes, minlength=4).tolist()}")

        t = time.perf_counter()
        p = PCA(0.9).fit(img)
        print(f"BENCH pca_image {time.perf_counter() - t:.6f}")
        print(f"info pca components {p.n_components_} first ratios {np.round(p.explained_variance_ratio_[:3], 4).tolist()}")

        t = time.perf_counter()
        counts = []
        for f in [0.5, 0.6, 0.7, 0.8, 0.9]:
            p = PCA(f)
            back = p.inverse_transform(p.fit_transform(img))
            counts.append(int(p.n_components_))
        print(f"BENCH pca_fractions {time.perf_counter() - t:.6f}")
        print(f"info pca fractions {counts} components; 90 % reconstruction's mean {back.mean():.4f}")

if __name__ == "__main__":
    main()
