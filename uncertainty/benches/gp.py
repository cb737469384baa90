"""scikit-learn equivalent of gp.rs (see there), on the same data. Prints
`BENCH <name> <seconds>` once per repetition. Run by `cargo xtask bench`, which installs
scikit-learn into its environment."""

import argparse
import time

import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    repeat = parser.parse_args().repeat
    g = np.linspace(0, 1, 10)
    X = np.array([[a, b] for a in g for b in g])
    y = np.sin(2 * np.pi * X[:, 0]) * np.sin(2 * np.pi * X[:, 1])
    for r in range(repeat):
        t = time.perf_counter()
        gp = GaussianProcessRegressor(RBF([1.0, 1.0]), alpha=1e-2, n_restarts_optimizer=100, random_state=r).fit(X, y)
        print(f"BENCH gp_2d_fit {time.perf_counter() - t:.6f}")
        print(f"info {gp.kernel_}")


if __name__ == "__main__":
    main()
