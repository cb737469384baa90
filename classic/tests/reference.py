"""Reference numbers for classic/tests/reference.rs, from the Python libraries the notebooks used.

Run with scipy, numpy and refnx installed (pinned here: scipy 1.15.3, numpy 2.4.6, refnx 0.1.67):

    python classic/tests/reference.py

and paste its output into the constants of reference.rs. The data are deterministic formulas that
`classic::standin::fixed_lorentzian` and `fixed_nested` compute the same way; the Rust tests write
them to a file and read it back before fitting.
"""
import numpy as np
from scipy.optimize import curve_fit

np.set_printoptions(precision=17)


def lorentzian(x, A, gamma, x0, b):
    return A / (np.pi * gamma * (1 + ((x - x0) / gamma) ** 2)) + b


def lorentzian_data():
    i = np.arange(100)
    x = -5 + 10 * i / 99
    t = lorentzian(x, 0.946, 0.538, -0.038, 0.496)
    yerr = 0.01 * np.sqrt(t)
    y = t + yerr * np.sin(37.0 * i)
    return x, y, yerr


def nested_data():
    i = np.arange(10)
    x = 10 * i / 9
    y = 0.2077 * x**2 + 4.931 * x + 1.717 + 2.5 * np.sin(11.0 * i + 1.0)
    return x, y, np.full(10, 2.5)


def ln_l(y, m, s, squared):
    norm = np.log(2 * np.pi * s**2) if squared else np.log(2 * np.pi * s)
    return -0.5 * np.sum(((y - m) / s) ** 2 + norm)


def show(name, values):
    print(f"{name} = {[float(v) for v in np.atleast_1d(values)]}")


x, y, yerr = lorentzian_data()
popt, pcov = curve_fit(lorentzian, x, y, sigma=yerr, absolute_sigma=True)
show("LORENTZIAN_PARAMS", popt)
show("LORENTZIAN_ERRORS", np.sqrt(np.diag(pcov)))
p = [0.95, 0.54, -0.04, 0.5]
show("LN_L_SIGMA", ln_l(y, lorentzian(x, *p), yerr, False))
show("LN_L_SIGMA2", ln_l(y, lorentzian(x, *p), yerr, True))

x, y, s = nested_data()
p1, _ = curve_fit(lambda x, m, c: m * x + c, x, y)
p2, _ = curve_fit(lambda x, a, b, c: a * x**2 + b * x + c, x, y)
show("LINE_PARAMS", p1)
show("QUADRATIC_PARAMS", p2)
show("LINE_LN_L", ln_l(y, p1[0] * x + p1[1], s, True))
show("QUADRATIC_LN_L", ln_l(y, p2[0] * x**2 + p2[1] * x + p2[2], s, True))

from refnx.reflect import reflectivity

# air | tails 19 Å (SLD 7.5) | heads 9 Å (SLD 3.6) | subphase (SLD 0), roughness 3 Å everywhere;
# rows: thickness, SLD, iSLD, roughness of the interface above.
slabs = np.array(
    [[0, 0, 0, 0], [19, 7.5, 0, 3], [9, 3.6, 0, 3], [0, 0, 0, 3]], dtype=float
)
q = np.geomspace(0.005, 0.3, 12)
show("REFLECT_Q", q)
show("REFLECT_PLAIN", reflectivity(q, slabs, dq=0))
show("REFLECT_SMEARED", reflectivity(q, slabs, dq=0.05 * q))
show("REFLECT_CONSTANT_DQ", reflectivity(q, slabs, dq=5.0))

# Three-column files like the originals (q R dR, no resolution column, dR signed), which refnx's
# ReflectModel(dq=5.) smears with its constant-dq/q kernel: one with errors of 3e-7 of R plus
# 2e-8 on a background of 1e-8, one with 1e-5 of R plus 2e-5 on 1e-5 (R negative at high q).
# Written to classic/tests/data/; the test reads them with our loader.
import os

from refnx.analysis import Objective
from refnx.dataset import ReflectDataset
from refnx.reflect import SLD, ReflectModel


def lipid(tails, heads, bkg):
    air, sub = SLD(0.0), SLD(0.0)
    s = air | SLD(7.5)(tails, 3) | SLD(3.6)(heads, 3) | sub(0, 3)
    return ReflectModel(s, bkg=bkg, dq=5.0)


here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
os.makedirs(here, exist_ok=True)
q = np.geomspace(0.005, 0.3, 50)
i = np.arange(50)
for name, bkg, relative, floor in [
    ("reflect_low_background.dat", 1e-8, 3e-7, 2e-8),
    ("reflect_high_background.dat", 1e-5, 1e-5, 2e-5),
]:
    truth = lipid(19.0, 9.0, bkg)(q)
    noise = np.sin(37.0 * i + 0.5)
    dr = (relative * truth + floor) * np.where(noise < 0, -1.0, 1.0)
    r = truth + np.abs(dr) * noise
    path = os.path.join(here, name)
    with open(path, "w") as f:
        f.write("# q R dR (written by classic/tests/reference.py)\n")
        for row in zip(q, r, dr):
            f.write(" ".join(repr(float(v)) for v in row) + "\n")
    data = ReflectDataset(path)
    key = "LOW" if bkg < 1e-6 else "HIGH"
    for tag, p in [("TRUTH", (19.0, 9.0, bkg)), ("OFF", (19.3, 8.8, 3 * bkg))]:
        model = lipid(*p)
        show(f"{key}_{tag}_MODEL", model(data.x))
        show(f"{key}_{tag}_LN_L", Objective(model, data).logl())
