"""Reference numbers for uncertainty/tests/gp.rs from scikit-learn 1.9.1:

    python uncertainty/tests/reference.py

The log-marginal likelihood and its gradient (in the log length scales) of three kernels on fixed
data, and the length scales the notebook's fits choose (best of many restarts)."""
import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, Matern

np.set_printoptions(precision=17)
x = np.linspace(0, 1, 7)[:, None]
f = np.sin(2 * np.pi * x[:, 0]) * np.exp(3 * x[:, 0])
for kernel, theta in [(RBF(0.05), [np.log(0.2)]), (Matern(0.05, nu=1.5), [np.log(0.2)])]:
    gp = GaussianProcessRegressor(kernel, alpha=1e-4, optimizer=None).fit(x, f)
    v, g = gp.log_marginal_likelihood(theta, eval_gradient=True)
    print(type(kernel).__name__, "theta", theta, "lml", repr(float(v)), "grad", g.tolist())
g2 = np.linspace(0, 1, 5)
X2 = np.array([[a, b] for a in g2 for b in g2])
y2 = np.sin(2 * np.pi * X2[:, 0]) * np.sin(2 * np.pi * X2[:, 1])
gp = GaussianProcessRegressor(RBF([1.0, 1.0]), alpha=1e-2, optimizer=None).fit(X2, y2)
v, g = gp.log_marginal_likelihood(np.log([0.3, 0.5]), eval_gradient=True)
print("ARD theta log([0.3, 0.5]) lml", repr(float(v)), "grad", g.tolist())

best = GaussianProcessRegressor(RBF(0.05), alpha=1e-4, n_restarts_optimizer=30, random_state=0).fit(x, f)
print("1-D optimised length scale", best.kernel_.length_scale, "lml", best.log_marginal_likelihood_value_)
g10 = np.linspace(0, 1, 10)
X10 = np.array([[a, b] for a in g10 for b in g10])
for k in [1, 2]:
    y10 = np.sin(2 * np.pi * k * X10[:, 0]) * np.sin(2 * np.pi * X10[:, 1])
    best = GaussianProcessRegressor(RBF([1.0, 1.0]), alpha=1e-2, n_restarts_optimizer=100, random_state=0).fit(X10, y10)
    print(f"2-D, x1 frequency x{k}: length scales", best.kernel_.length_scale.tolist(), "lml", best.log_marginal_likelihood_value_)
