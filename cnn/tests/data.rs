//! The natural-images stand-in: shapes, determinism, and the round trip through JPEG files and
//! the class-per-folder loader that also reads the real set; the pre-training sets' windows.

#![allow(clippy::unwrap_used)]

use cnn::data::{render, render_object, render_shape, write_tree, CLASSES, OBJECTS, SHAPES, SIDE};
use common::image_folder::ImageFolder;
use rand::rngs::StdRng;
use rand::SeedableRng;

#[test]
fn scenes_are_deterministic_and_differ() {
    let a = render(0, &mut StdRng::seed_from_u64(1));
    let b = render(0, &mut StdRng::seed_from_u64(1));
    let c = render(0, &mut StdRng::seed_from_u64(2));
    assert_eq!(a.len(), SIDE * SIDE * 3);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn colour_is_no_cue_to_the_class() {
    // Mean colour per class over many scenes is close to the overall mean: classes differ by
    // shape, not colour.
    let mut means = Vec::new();
    for class in 0..CLASSES.len() {
        let mut sum = [0.0f64; 3];
        for i in 0..40 {
            let img = render(class, &mut StdRng::seed_from_u64(1000 * class as u64 + i));
            for px in img.chunks_exact(3) {
                for c in 0..3 {
                    sum[c] += f64::from(px[c]);
                }
            }
        }
        means.push(sum.map(|s| s / (40.0 * (SIDE * SIDE) as f64)));
    }
    for m in &means {
        for c in 0..3 {
            assert!((m[c] - 127.0).abs() < 25.0, "class mean colour {m:?}");
        }
    }
}

#[test]
fn the_tree_round_trips_through_the_loader() {
    let dir = tempfile::tempdir().unwrap();
    let n = write_tree(dir.path(), 2, 7).unwrap();
    assert_eq!(n, 8 * 2 + 1); // one more cat, like the original's 701
    let set = ImageFolder::load(dir.path(), 100).unwrap();
    assert_eq!(
        set.classes,
        CLASSES.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(set.len(), 17);
    assert_eq!(set.labels.iter().filter(|&&l| l == 2).count(), 3);
}

/// Whether `window` (side `w`) is a block of the 100×100 RGB `scene`.
fn is_block_of(window: &[u8], w: usize, scene: &[u8]) -> bool {
    (0..=SIDE - w).any(|y0| {
        (0..=SIDE - w).any(|x0| {
            (0..w).all(|y| {
                let at = ((y0 + y) * SIDE + x0) * 3;
                window[y * w * 3..(y + 1) * w * 3] == scene[at..at + w * 3]
            })
        })
    })
}

#[test]
fn pretraining_windows_are_cut_from_whole_scenes_of_every_class() {
    // The same draws give the whole scene at side 100 and a window of it at side 64: the
    // objects keep the target scenes' size in pixels.
    for (classes, draw) in [
        (
            OBJECTS.len(),
            render_object::<StdRng> as fn(usize, usize, &mut StdRng) -> Vec<u8>,
        ),
        (SHAPES.len(), render_shape::<StdRng>),
    ] {
        for class in 0..classes {
            let seed = 7 + class as u64;
            let scene = draw(class, SIDE, &mut StdRng::seed_from_u64(seed));
            let window = draw(class, 64, &mut StdRng::seed_from_u64(seed));
            assert_eq!((scene.len(), window.len()), (SIDE * SIDE * 3, 64 * 64 * 3));
            assert!(is_block_of(&window, 64, &scene), "class {class}");
            assert_ne!(
                scene,
                draw(class, SIDE, &mut StdRng::seed_from_u64(seed + 100))
            );
        }
    }
}
