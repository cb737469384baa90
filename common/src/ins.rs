//! A stand-in for the INS data of lectures 2.2 and 7.2: simulated inelastic-neutron-scattering
//! (INS) spectra of the half-doped bilayer manganite Pr(Ca,Sr)₂Mn₂O₇ under two candidate
//! magnetic Hamiltonians (Johnstone et al., PRL 109, 237202 (2012)). The original 854 MB of HDF5
//! (simulations by K. Butler, STFC) cannot be had offline, so this module simulates data of the
//! same shape and kind; [`crate::ins_h5`] reads the original files where they exist.
//!
//! Each sample is ten constant-energy slices S(h, k, E) at E = 5, 10, …, 50 meV, each a 20×20
//! grid over h, k ∈ [−1, 1) reciprocal lattice units, laid side by side as one 20×200 image,
//! max-normalised to 1: mostly empty slices crossed by the sharp lines where the magnon
//! dispersion surface ω(h, k) meets the slice energy.
//!
//! The physics, in linear spin-wave theory with spin S = 2 on the Mn sites:
//!
//! - **Goodenough** (label 1): the CE-type order, ferromagnetic zig-zag chains (exchange J_F)
//!   coupled antiferromagnetically (J_A):
//!   ω(h, k) = 2S √[(J_F(1 − cos 2πh) + J_A)² − (J_A cos 2πk)²],
//!   steep along the chains, nearly flat across them, linear near the zone centre.
//! - **Dimer** (label 0): the Zener-polaron picture, ferromagnetic Mn–Mn dimers (intra-dimer J_D,
//!   inter-dimer J_1 along the chain, J_c across): an acoustic and an optic branch
//!   ω±(h, k) = 2S[J_D + J_1 ± √(J_D² + J_1² + 2 J_D J_1 cos 2πh)] + 2S J_c (1 − cos 2πk),
//!   quadratic near the zone centre, with a gap between the branches that closes as J_D → J_1.
//!
//! Real crystals are twinned: every sample mixes the pattern with its 90°-rotated twin in a
//! random proportion. Exchange constants are drawn per sample from ranges in which the models
//! overlap (a dimer with J_D ≈ J_1 is a uniform ferromagnetic chain, as is a Goodenough chain
//! with small J_A), and each sample gets its own energy broadening, background and noise, so the
//! classes are separable well but not trivially.
//!
//! Label convention (one, used everywhere): label 0 = Dimer, 1 = Goodenough; the one-hot row is
//! `[1, 0]` for Dimer and `[0, 1]` for Goodenough, so argmax gives the label. (The original
//! notebook's plot named a sample "0: Dimer" when `label[0] < 0.5`, the opposite of argmax.)

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
#[cfg(feature = "torch")]
use tch::Tensor;

/// Constant-energy slices per image.
pub const SLICES: usize = 10;
/// Pixels along h and k in each slice.
pub const SIDE: usize = 20;
/// Image height and width: 20 × (10 × 20).
pub const HEIGHT: usize = SIDE;
pub const WIDTH: usize = SIDE * SLICES;
pub const PIXELS: usize = HEIGHT * WIDTH;
/// The slice energies in meV.
pub const ENERGIES: [f64; SLICES] = [5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0];
/// Class names by label.
pub const CLASSES: [&str; 2] = ["Dimer", "Goodenough"];
const SPIN: f64 = 2.0;
/// Sub-samples per pixel along h and k, so that thin lines are not missed between grid points.
const SUB: usize = 2;

/// Images (row-major, `HEIGHT × WIDTH` each, values in [0, 1]) with labels 0 (Dimer) or 1
/// (Goodenough).
#[derive(Clone, Debug, Default)]
pub struct InsSet {
    pub images: Vec<f32>,
    pub labels: Vec<u8>,
}

impl InsSet {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn image(&self, i: usize) -> &[f32] {
        &self.images[i * PIXELS..(i + 1) * PIXELS]
    }

    /// Images shaped (N, 20, 200) and one-hot labels shaped (N, 2), both f32.
    #[cfg(feature = "torch")]
    pub fn to_tensors(&self) -> (Tensor, Tensor) {
        let n = self.len() as i64;
        let x = Tensor::from_slice(&self.images).view([n, HEIGHT as i64, WIDTH as i64]);
        let one_hot: Vec<f32> = self
            .labels
            .iter()
            .flat_map(|&l| if l == 0 { [1.0, 0.0] } else { [0.0, 1.0] })
            .collect();
        (x, Tensor::from_slice(&one_hot).view([n, 2]))
    }
}

/// Exchange constants and measurement conditions of one simulated sample.
#[derive(Clone, Debug)]
struct Sample {
    label: u8,
    /// Goodenough: (J_F, J_A, 0); Dimer: (J_D, J_1, J_c); meV.
    j: [f64; 3],
    twin: f64,
    /// Where the measured window sits in the Brillouin zone (h, k offsets, r.l.u.).
    offset: (f64, f64),
    sigma_e: f64,
    background: f64,
    noise: f64,
}

fn draw(label: u8, rng: &mut StdRng) -> Sample {
    let j = if label == 1 {
        let jf = rng.gen_range(2.0..7.0);
        [jf, jf * rng.gen_range(0.05..0.6), 0.0]
    } else {
        let j1 = rng.gen_range(1.5..5.0);
        [
            j1 * rng.gen_range(1.0..2.0),
            j1,
            j1 * rng.gen_range(0.02..0.3),
        ]
    };
    Sample {
        label,
        j,
        twin: rng.gen_range(0.0..1.0),
        offset: (rng.gen_range(0.0..1.0), rng.gen_range(0.0..1.0)),
        sigma_e: rng.gen_range(1.0..2.5),
        background: rng.gen_range(0.0..0.05),
        noise: rng.gen_range(0.05..0.25),
    }
}

/// The dispersion branches at (h, k), with their weights.
fn branches(s: &Sample, h: f64, k: f64) -> [(f64, f64); 2] {
    let tau = std::f64::consts::TAU;
    let (ch, ck) = ((tau * h).cos(), (tau * k).cos());
    if s.label == 1 {
        let [jf, ja, _] = s.j;
        let a = jf * (1.0 - ch) + ja;
        let w = 2.0 * SPIN * (a * a - (ja * ck).powi(2)).max(0.0).sqrt();
        [(w, 1.0), (0.0, 0.0)]
    } else {
        let [jd, j1, jc] = s.j;
        let root = (jd * jd + j1 * j1 + 2.0 * jd * j1 * ch).max(0.0).sqrt();
        let across = 2.0 * SPIN * jc * (1.0 - ck);
        [
            (2.0 * SPIN * (jd + j1 - root) + across, 1.0),
            (2.0 * SPIN * (jd + j1 + root) + across, 0.6),
        ]
    }
}

fn render(s: &Sample, rng: &mut StdRng) -> Vec<f32> {
    let mut img = vec![0.0f64; PIXELS];
    let step = 2.0 / SIDE as f64;
    let two_sigma2 = 2.0 * s.sigma_e * s.sigma_e;
    for r in 0..SIDE {
        for c in 0..SIDE {
            for (sr, sc) in (0..SUB * SUB).map(|i| (i / SUB, i % SUB)) {
                let h = s.offset.0 - 1.0 + step * (c as f64 + (sc as f64 + 0.5) / SUB as f64);
                let k = s.offset.1 - 1.0 + step * (r as f64 + (sr as f64 + 0.5) / SUB as f64);
                // The twin sees the lattice rotated by 90°.
                for (weight, (hh, kk)) in [(s.twin, (h, k)), (1.0 - s.twin, (k, h))] {
                    for (w, amp) in branches(s, hh, kk) {
                        if amp == 0.0 {
                            continue;
                        }
                        for (e, &energy) in ENERGIES.iter().enumerate() {
                            let d = energy - w;
                            if d.abs() < 4.0 * s.sigma_e {
                                img[r * WIDTH + e * SIDE + c] +=
                                    weight * amp * (-d * d / two_sigma2).exp();
                            }
                        }
                    }
                }
            }
        }
    }
    let peak = img.iter().copied().fold(0.0, f64::max);
    let mut out: Vec<f64> = img
        .iter()
        .map(|&v| {
            let v = if peak > 0.0 { v / peak } else { 0.0 } + s.background;
            let n: f64 = StandardNormal.sample(rng);
            (v + s.noise * n * v.sqrt()).max(0.0)
        })
        .collect();
    let peak = out.iter().copied().fold(0.0, f64::max);
    if peak > 0.0 {
        out.iter_mut().for_each(|v| *v /= peak);
    }
    out.into_iter().map(|v| v as f32).collect()
}

/// `n` samples, about half of each class, deterministic for (`seed`, `split`): the same call
/// gives the same data, and different splits are independent.
pub fn generate(n: usize, seed: u64, split: &str) -> InsSet {
    let mut labels_rng = crate::seed::stream(seed, &format!("ins/{split}"));
    let key: u64 = labels_rng.gen();
    let mut set = InsSet {
        images: Vec::with_capacity(n * PIXELS),
        labels: Vec::with_capacity(n),
    };
    for i in 0..n {
        let label = u8::from(labels_rng.gen_bool(0.5));
        // Each sample has its own stream, so sample i is the same whatever n is.
        let mut rng = StdRng::seed_from_u64(key ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let sample = draw(label, &mut rng);
        set.images.extend(render(&sample, &mut rng));
        set.labels.push(label);
    }
    set
}
