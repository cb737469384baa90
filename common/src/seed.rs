//! The one seeding helper: every random stream of a run derives from `--seed`.

use rand::rngs::StdRng;
use rand::SeedableRng;

/// The seed every lecture uses unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 2021;

/// Seed libtorch's generator (where the lecture uses libtorch) and say what was seeded. Every
/// other random stream of a run is [`stream`]`(seed, name)`, so that each is independent of how
/// much the others consumed. The same seed on the same machine gives the same numbers.
pub fn seed_all(seed: u64) {
    #[cfg(feature = "torch")]
    {
        tch::manual_seed(seed as i64);
        println!("seed: {seed} (Rust generators and libtorch)");
    }
    #[cfg(not(feature = "torch"))]
    println!("seed: {seed} (Rust generators)");
}

/// A generator for one named stream, independent of how much the others consumed.
pub fn stream(seed: u64, name: &str) -> StdRng {
    // FNV-1a of the name, mixed into the seed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    StdRng::seed_from_u64(seed ^ h)
}
