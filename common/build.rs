//! Build script shared by every crate that links libtorch (each names it in its manifest with
//! `build = "../common/build.rs"`).
//!
//! It records libtorch's `lib` folder as an rpath of the crate's binaries and tests, so that plain
//! `cargo run` and `cargo test` find libtorch with no `LD_LIBRARY_PATH`, and it keeps
//! `libtorch_cuda` linked (the linker would drop it as unused) so that the same binary uses a GPU
//! when one is visible. `LIBTORCH` comes from `.cargo/config.toml` (the link made by
//! `cargo xtask setup`) unless the user set it.
use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    println!("cargo:rerun-if-env-changed=LIBTORCH_LIB");
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
