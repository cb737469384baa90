//! numpy's legacy `RandomState` (the generator behind `np.random.seed(n)` and scikit-learn's
//! `random_state=n`): MT19937 with numpy's seeding, doubles, Gaussians and shuffles, bit for bit.
//! With it a notebook's seeded toy data (`np.random.seed(1); rand(2, 2) @ randn(2, 200)`,
//! `make_blobs(random_state=0)`) is the same data here, so the recorded numbers can be compared.

/// The state of `numpy.random.RandomState(seed)`.
#[derive(Clone, Debug)]
pub struct RandomState {
    mt: [u32; 624],
    index: usize,
    /// The second Gaussian of the last polar Box–Muller pair, kept as numpy keeps it.
    gauss: Option<f64>,
}

impl RandomState {
    /// `RandomState(seed)` for an integer seed below 2³² (numpy's `init_genrand`).
    pub fn new(seed: u32) -> Self {
        let mut mt = [0u32; 624];
        mt[0] = seed;
        for i in 1..624 {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        Self {
            mt,
            index: 624,
            gauss: None,
        }
    }

    fn twist(&mut self) {
        for i in 0..624 {
            let y = (self.mt[i] & 0x8000_0000) | (self.mt[(i + 1) % 624] & 0x7fff_ffff);
            let mut v = self.mt[(i + 397) % 624] ^ (y >> 1);
            if y & 1 != 0 {
                v ^= 0x9908_b0df;
            }
            self.mt[i] = v;
        }
        self.index = 0;
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= 624 {
            self.twist();
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random_sample()`: a double in [0, 1) from 53 random bits.
    pub fn random_sample(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `uniform(low, high)`.
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.random_sample()
    }

    /// `standard_normal()` / `randn()`: numpy's legacy polar Box–Muller.
    pub fn gauss(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        loop {
            let x1 = 2.0 * self.random_sample() - 1.0;
            let x2 = 2.0 * self.random_sample() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.gauss = Some(f * x1);
                return f * x2;
            }
        }
    }

    /// `normal(loc, scale)`.
    pub fn normal(&mut self, loc: f64, scale: f64) -> f64 {
        loc + scale * self.gauss()
    }

    /// A whole number in [0, max] by numpy's masked rejection (`random_interval`).
    pub fn interval(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mut mask = max;
        for s in [1, 2, 4, 8, 16, 32] {
            mask |= mask >> s;
        }
        loop {
            let v = if max <= u64::from(u32::MAX) {
                u64::from(self.next_u32()) & mask
            } else {
                ((u64::from(self.next_u32()) << 32) | u64::from(self.next_u32())) & mask
            };
            if v <= max {
                return v;
            }
        }
    }

    /// `shuffle(x)` of a one-dimensional array (Fisher–Yates from the end).
    pub fn shuffle<T>(&mut self, x: &mut [T]) {
        for i in (1..x.len()).rev() {
            let j = self.interval(i as u64) as usize;
            x.swap(i, j);
        }
    }
}

/// scikit-learn's `make_blobs(n_samples, centers=k, n_features=2, cluster_std=std,
/// center_box=(-10, 10), shuffle=True, random_state=seed)`: rows of (x, y) and labels.
pub fn make_blobs(n: usize, k: usize, std: f64, seed: u32) -> (Vec<[f64; 2]>, Vec<usize>) {
    let mut rng = RandomState::new(seed);
    let centres: Vec<[f64; 2]> = (0..k)
        .map(|_| [rng.uniform(-10.0, 10.0), rng.uniform(-10.0, 10.0)])
        .collect();
    blobs_around(&mut rng, n, &centres, std)
}

/// scikit-learn's `make_blobs(n_samples, centers=centres, cluster_std=std, shuffle=True,
/// random_state=seed)` with the centres given: rows of (x, y) and labels.
pub fn make_blobs_at(
    n: usize,
    centres: &[[f64; 2]],
    std: f64,
    seed: u32,
) -> (Vec<[f64; 2]>, Vec<usize>) {
    blobs_around(&mut RandomState::new(seed), n, centres, std)
}

/// `n` points split evenly over the centres (the first ones take the remainder), then shuffled.
fn blobs_around(
    rng: &mut RandomState,
    n: usize,
    centres: &[[f64; 2]],
    std: f64,
) -> (Vec<[f64; 2]>, Vec<usize>) {
    let k = centres.len().max(1);
    let mut x = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    for (i, c) in centres.iter().enumerate() {
        let count = n / k + usize::from(i < n % k);
        for _ in 0..count {
            x.push([rng.normal(c[0], std), rng.normal(c[1], std)]);
            y.push(i);
        }
    }
    let mut order: Vec<usize> = (0..x.len()).collect();
    rng.shuffle(&mut order);
    (
        order.iter().map(|&i| x[i]).collect(),
        order.iter().map(|&i| y[i]).collect(),
    )
}

/// Rows of 2-D points (as the generators return them) as a samples × 2 array.
pub fn to_array(points: &[[f64; 2]]) -> ndarray::Array2<f64> {
    ndarray::Array2::from_shape_fn((points.len(), 2), |(i, j)| points[i][j])
}

/// numpy's `linspace(a, b, n, endpoint)`.
fn linspace(a: f64, b: f64, n: usize, endpoint: bool) -> Vec<f64> {
    let div = if endpoint { n.saturating_sub(1) } else { n }.max(1) as f64;
    let step = (b - a) / div;
    (0..n).map(|i| a + i as f64 * step).collect()
}

/// Shuffle rows and labels together as scikit-learn's `utils.shuffle` does, then add
/// `normal(scale=noise)` to every coordinate.
fn shuffle_and_noise(
    x: Vec<[f64; 2]>,
    y: Vec<usize>,
    noise: f64,
    rng: &mut RandomState,
) -> (Vec<[f64; 2]>, Vec<usize>) {
    let mut order: Vec<usize> = (0..x.len()).collect();
    rng.shuffle(&mut order);
    let mut x: Vec<[f64; 2]> = order.iter().map(|&i| x[i]).collect();
    let y = order.iter().map(|&i| y[i]).collect();
    if noise > 0.0 {
        for p in x.iter_mut() {
            p[0] += rng.normal(0.0, noise);
            p[1] += rng.normal(0.0, noise);
        }
    }
    (x, y)
}

/// scikit-learn's `make_circles(n, factor=factor, noise=noise, random_state=seed)`.
pub fn make_circles(n: usize, factor: f64, noise: f64, seed: u32) -> (Vec<[f64; 2]>, Vec<usize>) {
    let mut rng = RandomState::new(seed);
    let (out, inn) = (n / 2, n - n / 2);
    let tau = 2.0 * std::f64::consts::PI;
    let mut x: Vec<[f64; 2]> = linspace(0.0, tau, out, false)
        .iter()
        .map(|t| [t.cos(), t.sin()])
        .collect();
    x.extend(
        linspace(0.0, tau, inn, false)
            .iter()
            .map(|t| [t.cos() * factor, t.sin() * factor]),
    );
    let y = (0..n).map(|i| usize::from(i >= out)).collect();
    shuffle_and_noise(x, y, noise, &mut rng)
}

/// scikit-learn's `make_moons(n, noise=noise, random_state=seed)`.
pub fn make_moons(n: usize, noise: f64, seed: u32) -> (Vec<[f64; 2]>, Vec<usize>) {
    let mut rng = RandomState::new(seed);
    let (out, inn) = (n / 2, n - n / 2);
    let pi = std::f64::consts::PI;
    let mut x: Vec<[f64; 2]> = linspace(0.0, pi, out, true)
        .iter()
        .map(|t| [t.cos(), t.sin()])
        .collect();
    x.extend(
        linspace(0.0, pi, inn, true)
            .iter()
            .map(|t| [1.0 - t.cos(), 1.0 - t.sin() - 0.5]),
    );
    let y = (0..n).map(|i| usize::from(i >= out)).collect();
    shuffle_and_noise(x, y, noise, &mut rng)
}

/// scikit-learn's `make_s_curve(n, noise=0, random_state=seed)`: points (x, y, z) and their
/// position t along the curve.
pub fn make_s_curve(n: usize, seed: u32) -> (Vec<[f64; 3]>, Vec<f64>) {
    let mut rng = RandomState::new(seed);
    let pi = std::f64::consts::PI;
    let t: Vec<f64> = (0..n)
        .map(|_| 3.0 * pi * (rng.random_sample() - 0.5))
        .collect();
    let y: Vec<f64> = (0..n).map(|_| 2.0 * rng.random_sample()).collect();
    let x = t
        .iter()
        .zip(&y)
        .map(|(&t, &y)| [t.sin(), y, t.signum() * (t.cos() - 1.0)])
        .collect();
    (x, t)
}
