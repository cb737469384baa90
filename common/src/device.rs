//! The one device helper: `--device auto|cpu|cuda`.

use crate::error::{Error, Result};
use tch::Device;

/// Which device to train on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DeviceChoice {
    /// The first CUDA GPU if one is visible, else the CPU.
    #[default]
    Auto,
    /// The CPU, even when a GPU is visible.
    Cpu,
    /// The first CUDA GPU; an error when none is visible.
    Cuda,
}

/// Resolve the choice to a device and say which one was taken.
pub fn select(choice: DeviceChoice) -> Result<Device> {
    let cuda = tch::Cuda::is_available();
    let device = match (choice, cuda) {
        (DeviceChoice::Cpu, _) | (DeviceChoice::Auto, false) => Device::Cpu,
        (DeviceChoice::Auto, true) | (DeviceChoice::Cuda, true) => Device::Cuda(0),
        (DeviceChoice::Cuda, false) => return Err(Error::NoCuda),
    };
    match device {
        Device::Cuda(_) => println!(
            "device: cuda:0 ({} GPU(s) visible)",
            tch::Cuda::device_count()
        ),
        _ if cuda => println!("device: cpu (a GPU is visible; chosen with --device cpu)"),
        _ => println!("device: cpu (no CUDA GPU visible)"),
    }
    Ok(device)
}

/// Set libtorch's intra-op threads: `threads` when given (`--threads`), else one per core that
/// other programs leave free, measured over a fifth of a second at start; say what was chosen
/// and return it.
///
/// Why: libtorch's OpenMP threads wait for work by spinning. With as many threads as cores and
/// another busy program beside the lecture, they spin against it and the DQN of lecture 10 fell
/// from 50 to 4 steps/s on 2 cores; one thread kept 32 (measured in the rl README). Passive
/// waiting (`OMP_WAIT_POLICY=PASSIVE`) avoids the collapse too but costs 40 % when the machine is
/// quiet, and OpenMP reads it before `main`, so it is left to the user.
pub fn threads(threads: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let (n, why) = match threads {
        Some(n) => (n.max(1), "--threads".to_string()),
        None => {
            match busy_cores(std::time::Duration::from_millis(200)) {
                Some(busy) => {
                    let free = (cores as f64 - busy).round().max(1.0) as usize;
                    (
                    free.min(cores),
                    format!("{cores} cores, {busy:.1} busy with other programs; --threads to choose"),
                )
                }
                None => (cores, format!("{cores} cores; --threads to choose")),
            }
        }
    };
    tch::set_num_threads(i32::try_from(n).unwrap_or(i32::MAX));
    println!("threads: {} ({why})", tch::get_num_threads());
    usize::try_from(tch::get_num_threads()).unwrap_or(n)
}

/// Cores kept busy by all programs over `window` (this one waits meanwhile), from `/proc/stat`;
/// `None` where that file is not there.
fn busy_cores(window: std::time::Duration) -> Option<f64> {
    fn sample() -> Option<(u64, u64)> {
        let text = std::fs::read_to_string("/proc/stat").ok()?;
        let line = text.lines().next()?;
        let v: Vec<u64> = line
            .split_whitespace()
            .skip(1)
            .filter_map(|x| x.parse().ok())
            .collect();
        // user nice system idle iowait irq softirq steal …
        let idle = v.get(3)? + v.get(4).copied().unwrap_or(0);
        Some((v.iter().sum::<u64>() - idle, v.iter().sum()))
    }
    let (b0, t0) = sample()?;
    std::thread::sleep(window);
    let (b1, t1) = sample()?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from) as f64;
    let dt = t1.saturating_sub(t0);
    (dt > 0).then(|| cores * (b1.saturating_sub(b0)) as f64 / dt as f64)
}
