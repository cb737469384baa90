"""Writes the small FITS files of tests/data with astropy (7.x), which tests/fits.rs reads back:

    python segmentation/tests/fits_reference.py

One image per BITPIX the reader accepts; the test knows their values from these formulas."""
from pathlib import Path

import numpy as np
from astropy.io import fits

out = Path(__file__).parent / "data"
out.mkdir(exist_ok=True)
fits.writeto(out / "f32.fits", np.arange(12, dtype=np.float32).reshape(3, 4) * 1.5 - 2, overwrite=True)
fits.writeto(out / "f64.fits", np.arange(6, dtype=np.float64).reshape(2, 3) / 7, overwrite=True)
fits.writeto(out / "i32.fits", np.arange(6, dtype=np.int32).reshape(3, 2) * 100000 - 7, overwrite=True)
fits.writeto(out / "u8.fits", np.arange(6, dtype=np.uint8).reshape(2, 3) * 40, overwrite=True)
fits.writeto(out / "u16.fits", np.arange(6, dtype=np.uint16).reshape(3, 2) * 10000 + 5, overwrite=True)
