//! Build script of `common` and of every lecture crate (each names it in its manifest with
//! `build = "../common/build.rs"`).
//!
//! Where libtorch is linked, it records libtorch's `lib` folder as an rpath of the crate's
//! binaries and tests, so that plain `cargo run` and `cargo test` find libtorch with no
//! `LD_LIBRARY_PATH`, and it keeps `libtorch_cuda` linked (the linker would drop it as unused)
//! so that the same binary uses a GPU when one is visible. `LIBTORCH` comes from
//! `.cargo/config.toml` (the link made by `cargo xtask setup`) unless the user set it.
//!
//! libtorch is linked where `common` is built with its `torch` feature: always for the network
//! lectures, and for the others (classic, clustering) only when a workspace-wide build unifies
//! the feature in. `common` declares `links = "lens_common"` and says `torch=1` here, which cargo
//! hands to the build scripts of the crates that depend on it as `DEP_LENS_COMMON_TORCH`; a crate
//! built on its own without the feature gets nothing from this script and needs no libtorch.
use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    println!("cargo:rerun-if-env-changed=LIBTORCH_LIB");
    let own = env::var_os("CARGO_FEATURE_TORCH").is_some();
    if own {
        // Only `common` has the feature: tell the crates that depend on it.
        println!("cargo:torch=1");
    }
    if !own && env::var_os("DEP_LENS_COMMON_TORCH").is_none() {
        return;
    }
    let lib = if let Some(lib) = env::var_os("LIBTORCH_LIB") {
        PathBuf::from(lib).join("lib")
    } else if let Some(root) = env::var_os("LIBTORCH") {
        PathBuf::from(root).join("lib")
    } else {
        // torch-sys reports the missing libtorch itself, with its own instructions.
        return;
    };
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
    if lib.join("libtorch_cuda.so").exists() {
        println!("cargo:rustc-link-arg=-Wl,--no-as-needed,-ltorch_cuda,--as-needed");
    }
}
