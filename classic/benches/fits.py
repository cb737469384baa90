"""Python equivalents of fits.rs (see there): scipy's curve_fit and dynesty's NestedSampler on the
same deterministic data. Prints `BENCH <name> <seconds>` once per repetition. Run by
`cargo xtask bench`, which installs scipy and dynesty into its environment."""

import argparse
import time

import dynesty
import numpy as np
from scipy.optimize import curve_fit


def lorentzian(x, A, gamma, x0, b):
    return A / (np.pi * gamma * (1 + ((x - x0) / gamma) ** 2)) + b


def fixed_lorentzian():
    i = np.arange(100)
    x = -5 + 10 * i / 99
    t = lorentzian(x, 0.946, 0.538, -0.038, 0.496)
    e = 0.01 * np.sqrt(t)
    return x, t + e * np.sin(37.0 * i), e


def fixed_nested():
    i = np.arange(10)
    x = 10 * i / 9
    return x, 0.2077 * x**2 + 4.931 * x + 1.717 + 2.5 * np.sin(11.0 * i + 1.0), np.full(10, 2.5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    repeat = parser.parse_args().repeat

    x, y, e = fixed_lorentzian()
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(200):
            popt, pcov = curve_fit(lorentzian, x, y, sigma=e, absolute_sigma=True)
        secs = time.perf_counter() - t
        print(f"info curve_fit params {np.round(popt, 6)} errors {np.round(np.sqrt(np.diag(pcov)), 6)}")
        print(f"BENCH curve_fit_200 {secs:.6f}")

    x, y, s = fixed_nested()
    norm = np.sum(np.log(2 * np.pi * s))

    def loglike(p):
        m = p[0] * x**2 + p[1] * x + p[2]
        return -0.5 * (np.sum(((y - m) / s) ** 2) + norm)

    def prior(u):
        return np.array([u[0], 10 * u[1], 5 * u[2]])

    for r in range(repeat):
        rstate = np.random.default_rng(r)
        t = time.perf_counter()
        sampler = dynesty.NestedSampler(loglike, prior, 3, nlive=500, rstate=rstate)
        sampler.run_nested(print_progress=False)
        secs = time.perf_counter() - t
        res = sampler.results
        print(
            f"info nested ln Z {res.logz[-1]:.3f} ± {res.logzerr[-1]:.3f}, "
            f"{res.niter} iterations, {int(np.sum(res.ncall))} calls"
        )
        print(f"BENCH nested_quadratic {secs:.6f}")


if __name__ == "__main__":
    main()
