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
    let mut x = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    for (i, c) in centres.iter().enumerate() {
        let count = n / k + usize::from(i < n % k);
        for _ in 0..count {
            x.push([rng.normal(c[0], std), rng.normal(c[1], std)]);
            y.push(i);
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    (
        order.iter().map(|&i| x[i]).collect(),
        order.iter().map(|&i| y[i]).collect(),
    )
}
