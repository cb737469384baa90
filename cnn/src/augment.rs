//! Task 3's data augmentation, as Keras' `ImageDataGenerator(horizontal_flip=True,
//! zoom_range=0.2, rotation_range=20, width_shift_range=0.1, height_shift_range=0.1)` with its
//! default nearest fill — done on a whole batch at once: one affine transform per image
//! (`affine_grid`) and one nearest-neighbour resampling (`grid_sampler`) with edge replication.

use rand::Rng;
use tch::{Device, Kind, Tensor};

/// Strengths of the random transforms; [`Augment::none`] is the identity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Augment {
    pub horizontal_flip: bool,
    /// Zoom factor drawn from [1 − zoom, 1 + zoom].
    pub zoom: f64,
    /// Rotation in degrees drawn from [−rotation, rotation].
    pub rotation: f64,
    /// Shifts as fractions of the width and height.
    pub width_shift: f64,
    pub height_shift: f64,
}

impl Augment {
    /// The notebook's settings.
    pub fn notebook() -> Self {
        Self {
            horizontal_flip: true,
            zoom: 0.2,
            rotation: 20.0,
            width_shift: 0.1,
            height_shift: 0.1,
        }
    }

    pub fn none() -> Self {
        Self {
            horizontal_flip: false,
            zoom: 0.0,
            rotation: 0.0,
            width_shift: 0.0,
            height_shift: 0.0,
        }
    }

    /// One image's random transform as the 2×3 matrix that maps output to input coordinates
    /// (normalised to [−1, 1]): a flip with probability ½ if `horizontal_flip`, a zoom factor
    /// z ∈ [1 − zoom, 1 + zoom], a rotation by a ∈ [−rotation, rotation] degrees and shifts by
    /// fractions of the size; [z·cos a·f, −z·sin a, tx; z·sin a·f, z·cos a, ty] with f = ±1.
    pub fn matrix<R: Rng>(&self, rng: &mut R) -> [f64; 6] {
        // BEGIN SOLUTION 3.3
        let flip = if self.horizontal_flip && rng.gen_bool(0.5) {
            -1.0
        } else {
            1.0
        };
        let z = if self.zoom > 0.0 {
            rng.gen_range(1.0 - self.zoom..1.0 + self.zoom)
        } else {
            1.0
        };
        let a = if self.rotation > 0.0 {
            rng.gen_range(-self.rotation..self.rotation).to_radians()
        } else {
            0.0
        };
        // Normalised coordinates span [−1, 1], so a shift by a fraction f of the size is 2f.
        let tx = if self.width_shift > 0.0 {
            2.0 * rng.gen_range(-self.width_shift..self.width_shift)
        } else {
            0.0
        };
        let ty = if self.height_shift > 0.0 {
            2.0 * rng.gen_range(-self.height_shift..self.height_shift)
        } else {
            0.0
        };
        let (c, s) = (a.cos(), a.sin());
        // Output → input sampling matrix: rotation · zoom · flip, then the shift.
        [z * c * flip, -z * s, tx, z * s * flip, z * c, ty]
        // END SOLUTION
    }

    /// Transform a batch (N, C, H, W); each image gets its own random flip, zoom, rotation and
    /// shift. Shapes, order (and so labels) are kept.
    pub fn apply<R: Rng>(&self, xs: &Tensor, rng: &mut R) -> Tensor {
        let size = xs.size();
        let n = size[0] as usize;
        let mut theta = Vec::with_capacity(n * 6);
        for _ in 0..n {
            theta.extend(self.matrix(rng).map(|v| v as f32));
        }
        let theta = Tensor::from_slice(&theta)
            .view([n as i64, 2, 3])
            .to_device(xs.device());
        let grid = Tensor::affine_grid_generator(&theta, size.as_slice(), false);
        // Interpolation 1 = nearest; padding 1 = border (Keras' fill_mode="nearest").
        xs.grid_sampler(&grid.to_kind(xs.kind()), 1, 1, false)
    }
}

/// A batch of `n` random images, for tests and benchmarks.
pub fn random_batch(n: i64, side: i64) -> Tensor {
    Tensor::rand([n, 3, side, side], (Kind::Float, Device::Cpu))
}
