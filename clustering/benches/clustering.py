"""scikit-learn equivalents of clustering.rs (see there), on the same data. Prints
`BENCH <name> <seconds>` once per repetition. Run by `cargo xtask bench`, which installs
scikit-learn into its environment."""

import argparse
import time

import numpy as np
from sklearn.cluster import DBSCAN, KMeans
from sklearn.datasets import load_digits, make_blobs, make_circles, make_moons
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    repeat = parser.parse_args().repeat
    X = load_digits().data
    Z = PCA(0.99, whiten=True).fit_transform(X)
    sets = [
        (make_circles(1000, factor=0.5, noise=0.05, random_state=0)[0], 2),
        (make_moons(1000, noise=0.05, random_state=0)[0], 2),
        (make_blobs(1000, centers=3, cluster_std=0.6, random_state=0)[0], 3),
    ]
    scaled = [StandardScaler().fit_transform(x) for x, _ in sets]
    for r in range(repeat):
        t = time.perf_counter()
        e = TSNE(2, init="pca", random_state=r).fit(X)
        print(f"BENCH tsne_digits {time.perf_counter() - t:.6f}")
        print(f"info tsne KL {e.kl_divergence_:.4f}")

        t = time.perf_counter()
        aic = [GaussianMixture(n, covariance_type="full", random_state=r).fit(Z).aic(Z) for n in range(50, 210, 10)]
        print(f"BENCH aic_sweep {time.perf_counter() - t:.6f}")
        print(f"info AIC minimum at n = {50 + 10 * int(np.argmin(aic))}")

        t = time.perf_counter()
        for _ in range(20):
            found = [len(set(DBSCAN(eps=0.3, min_samples=10).fit(x).labels_) - {-1}) for x in scaled]
        print(f"BENCH dbscan_20 {time.perf_counter() - t:.6f}")
        print(f"info dbscan clusters {found}")

        t = time.perf_counter()
        for k in range(20):
            for x, c in sets:
                KMeans(c, n_init=10, random_state=r * 20 + k).fit(x)
        print(f"BENCH kmeans_20 {time.perf_counter() - t:.6f}")


if __name__ == "__main__":
    main()
