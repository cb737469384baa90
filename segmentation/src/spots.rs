//! The spot radiograph of the notebook's supervised part: a 2048×2048 neutron radiograph of a
//! particle mixture (`mixture12_00001.fits`, counts 0 to above 4 000) with gamma spots, and its
//! hand annotation (`mixture12_00001.png`, spots where the green channel is 0). The originals are
//! missing from every copy of the course, so [`generate`] writes a seeded stand-in in the same two
//! formats, with known spots, and [`load`] reads either.
//!
//! The stand-in: an open beam of about 3 000 counts with a smooth flat-field variation, a mixture
//! of spherical particles of two materials (Beer–Lambert attenuation), Poisson noise, and gamma
//! spots on about 1 % of the pixels — 60 % single pixels, the rest clusters of 2–6 — whose
//! heights are log-normal with median 300 counts, so that, as in the original's annotation, only
//! about one in ten stands more than 1 000 counts above its neighbourhood.

use crate::fits::{self, Image};
use anyhow::{bail, Context, Result};
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, LogNormal, Normal};
use std::path::{Path, PathBuf};

/// The original's file names.
pub const IMAGE_FILE: &str = "mixture12_00001.fits";
pub const MASK_FILE: &str = "mixture12_00001.png";

/// A radiograph and its annotation (true on spots).
#[derive(Clone, Debug)]
pub struct Spots {
    pub image: Image,
    pub mask: Vec<bool>,
}

/// The stand-in radiograph of `side` × `side` pixels and its spots.
pub fn generate(side: usize, seed: u64) -> Spots {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let n = side * side;
    let s = side as f64;
    // Open beam with a smooth flat-field variation (±8 %).
    let phases: Vec<(f64, f64, f64)> = (0..4)
        .map(|_| {
            (
                rng.gen_range(0.5..2.0),
                rng.gen_range(0.5..2.0),
                rng.gen_range(0.0..6.3),
            )
        })
        .collect();
    let mut thickness = vec![0.0f64; n * 2];
    // Spherical particles of two materials, within a round container.
    let centre = s / 2.0;
    for _ in 0..(side * side / 10_000).max(4) {
        let r: f64 = rng.gen_range(0.005..0.04) * s;
        let (cy, cx) = loop {
            let p = (rng.gen_range(0.0..s), rng.gen_range(0.0..s));
            if ((p.0 - centre).powi(2) + (p.1 - centre).powi(2)).sqrt() + r < 0.45 * s {
                break p;
            }
        };
        let material = usize::from(rng.gen_bool(0.4));
        let (y0, y1) = (
            (cy - r).max(0.0) as usize,
            ((cy + r) as usize + 1).min(side),
        );
        let (x0, x1) = (
            (cx - r).max(0.0) as usize,
            ((cx + r) as usize + 1).min(side),
        );
        for y in y0..y1 {
            for x in x0..x1 {
                let d2 = (y as f64 - cy).powi(2) + (x as f64 - cx).powi(2);
                if d2 < r * r {
                    thickness[material * n + y * side + x] += 2.0 * (r * r - d2).sqrt();
                }
            }
        }
    }
    let mu = [0.004, 0.009];
    let mut values = Vec::with_capacity(n);
    for y in 0..side {
        for x in 0..side {
            let (u, v) = (y as f64 / s, x as f64 / s);
            let flat = 1.0
                + 0.02
                    * phases
                        .iter()
                        .map(|(a, b, p)| (std::f64::consts::TAU * (a * u + b * v) + p).sin())
                        .sum::<f64>();
            let i = y * side + x;
            let t = (-mu[0] * thickness[i] - mu[1] * thickness[n + i]).exp();
            let mean = 3000.0 * flat * t;
            // Poisson counts, by their normal approximation at these means.
            let noisy = mean + mean.sqrt() * rng.sample::<f64, _>(rand_distr::StandardNormal);
            values.push(noisy.max(0.0));
        }
    }
    // A dark detector frame of 4 pixels (counts near 0, as the original's border).
    let dark =
        Normal::<f64>::new(5.0, 2.0).unwrap_or_else(|_| unreachable!("a positive deviation"));
    for y in 0..side {
        for x in 0..side {
            if y < 4 || x < 4 || y >= side - 4 || x >= side - 4 {
                values[y * side + x] = dark.sample(&mut rng).max(0.0);
            }
        }
    }
    // Gamma spots.
    let height = LogNormal::new(300f64.ln(), 0.9).unwrap_or_else(|_| unreachable!("valid"));
    let mut mask = vec![false; n];
    let target = n / 100;
    let mut marked = 0;
    while marked < target {
        let (y, x) = (rng.gen_range(5..side - 5), rng.gen_range(5..side - 5));
        let size = if rng.gen_bool(0.6) {
            1
        } else {
            rng.gen_range(2..=6)
        };
        let (mut py, mut px) = (y, x);
        for _ in 0..size {
            let i = py * side + px;
            if !mask[i] {
                mask[i] = true;
                marked += 1;
            }
            values[i] += height.sample(&mut rng);
            // The next pixel of a cluster touches this one.
            py = (py as i64 + rng.gen_range(-1..=1)).clamp(5, side as i64 - 6) as usize;
            px = (px as i64 + rng.gen_range(-1..=1)).clamp(5, side as i64 - 6) as usize;
        }
    }
    Spots {
        image: Image {
            width: side,
            height: side,
            values,
        },
        mask,
    }
}

/// Write the radiograph as FITS and the annotation as the original's PNG: the radiograph in grey
/// (green at least 1), spots pure red (green 0).
pub fn write(spots: &Spots, image_path: &Path, mask_path: &Path) -> Result<()> {
    if let Some(dir) = image_path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fits::write_u16(image_path, &spots.image)?;
    let (w, h) = (spots.image.width, spots.image.height);
    let max = spots.image.display_max();
    let img = image::RgbImage::from_fn(w as u32, h as u32, |x, y| {
        let i = y as usize * w + x as usize;
        if spots.mask[i] {
            image::Rgb([255, 0, 0])
        } else {
            let g = (spots.image.values[i] / max * 255.0).clamp(1.0, 255.0) as u8;
            image::Rgb([g, g, g])
        }
    });
    img.save(mask_path)
        .with_context(|| format!("writing {}", mask_path.display()))
}

/// Read a radiograph and its annotation (spots where green is 0), which must be the same size.
pub fn load(image_path: &Path, mask_path: &Path) -> Result<Spots> {
    let image = fits::read(image_path)?;
    let png = image::open(mask_path)
        .with_context(|| format!("{}: not a readable image", mask_path.display()))?
        .to_rgb8();
    if (png.width() as usize, png.height() as usize) != (image.width, image.height) {
        bail!(
            "{}: {} × {} pixels, but {} has {} × {}",
            mask_path.display(),
            png.width(),
            png.height(),
            image_path.display(),
            image.width,
            image.height
        );
    }
    let mask = png.pixels().map(|p| p[1] == 0).collect();
    Ok(Spots { image, mask })
}

/// The files to read: the given original, or the stand-in in `data_dir` (written there first
/// when missing).
pub fn files(
    given: Option<(&Path, &Path)>,
    data_dir: &Path,
    side: usize,
    seed: u64,
) -> Result<(PathBuf, PathBuf, String)> {
    if let Some((f, m)) = given {
        return Ok((
            f.to_path_buf(),
            m.to_path_buf(),
            format!("original files {} and {}", f.display(), m.display()),
        ));
    }
    let dir = data_dir.join(format!("spots-{side}-seed{seed}"));
    let (f, m) = (dir.join(IMAGE_FILE), dir.join(MASK_FILE));
    if !(f.is_file() && m.is_file()) {
        println!(
            "writing the stand-in spot radiograph ({side}×{side}, seed {seed}) to {}",
            dir.display()
        );
        write(&generate(side, seed), &f, &m)?;
    }
    let source = format!("stand-in {} (seed {seed})", f.display());
    Ok((f, m, source))
}
