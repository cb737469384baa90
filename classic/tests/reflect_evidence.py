"""ln Z of the one- and two-layer lipid models on reflectivity files (q R dR), by refnx 0.1.67's
model and likelihood and dynesty 3.1's nested sampler (500 live points, its defaults otherwise),
with the notebook's uniform priors; the numbers our `classic reflectometry` is compared with.

    python classic/tests/reflect_evidence.py out/classic/data/data_*.dat

(Run `cargo run -p classic -- reflectometry` first: it writes the stand-ins there.)
"""
import sys

import dynesty
import numpy as np
from refnx.analysis import Objective
from refnx.dataset import ReflectDataset
from refnx.reflect import SLD, ReflectModel


def one_layer(p):
    s = SLD(0.0) | SLD(7.2)(p[0], 3) | SLD(0.0)(0, 3)
    return ReflectModel(s, bkg=p[1], dq=5.0)


def two_layer(p):
    s = SLD(0.0) | SLD(7.5)(p[0], 3) | SLD(3.6)(p[1], 3) | SLD(0.0)(0, 3)
    return ReflectModel(s, bkg=p[2], dq=5.0)


PRIORS = {
    "one layer": (one_layer, [(22.0, 35.0), (1e-8, 1e-3)]),
    "two layers": (two_layer, [(15.0, 25.0), (7.0, 12.0), (1e-8, 1e-3)]),
}

for path in sys.argv[1:]:
    data = ReflectDataset(path)
    for name, (build, prior) in PRIORS.items():
        lo = np.array([a for a, _ in prior])
        width = np.array([b - a for a, b in prior])

        def ln_l(p, build=build):
            return Objective(build(p), data).logl()

        sampler = dynesty.NestedSampler(
            ln_l, lambda u: lo + width * u, len(prior), nlive=500, rstate=np.random.default_rng(1)
        )
        sampler.run_nested(print_progress=False)
        r = sampler.results
        print(f"{path}: {name}: ln Z {r.logz[-1]:.3f} ± {r.logzerr[-1]:.3f} ({int(np.sum(r.ncall))} calls)", flush=True)
