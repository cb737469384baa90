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

/// Set libtorch's intra-op threads to `threads`, or leave its default (one per core) when
/// `None`, and say what runs: the thread count and the OpenMP wait policy (from
/// `OMP_WAIT_POLICY`, which `.cargo/config.toml` sets for everything cargo runs; OpenMP reads it
/// when the program starts, so it cannot be changed from here).
pub fn threads(threads: Option<usize>) {
    if let Some(n) = threads {
        tch::set_num_threads(i32::try_from(n.max(1)).unwrap_or(i32::MAX));
    }
    let policy = std::env::var("OMP_WAIT_POLICY").unwrap_or_else(|_| "unset (active)".into());
    println!(
        "threads: {} (libtorch intra-op{}), OpenMP wait policy {policy}",
        tch::get_num_threads(),
        if threads.is_some() {
            ", --threads"
        } else {
            ", default"
        }
    );
}
