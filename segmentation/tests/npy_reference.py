"""Writes the small .npy files of tests/data with numpy, which tests/tof.rs reads back:

    python segmentation/tests/npy_reference.py"""
from pathlib import Path

import numpy as np

out = Path(__file__).parent / "data"
np.save(out / "f8.npy", np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 8)
np.save(out / "f4be.npy", np.arange(6, dtype=">f4").reshape(3, 2) * 1.5 - 1)
