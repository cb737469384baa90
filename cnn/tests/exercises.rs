//! One test per exercise of lecture 3 (see exercises.toml): each checks what the answer does,
//! never its text. `cargo xtask check cnn` runs them.

#![allow(clippy::unwrap_used)]

use cnn::augment::Augment;
use cnn::model::{Baseline, Transfer, Vgg16Base};
use rand::rngs::StdRng;
use rand::SeedableRng;
use tch::nn::{self, ModuleT};
use tch::{Device, Kind, Tensor};

#[test]
fn exercise_3_2_dropout_zeroes_the_rate_and_scales_the_rest_while_training() {
    tch::manual_seed(0);
    let vs = nn::VarStore::new(Device::Cpu);
    let m = Baseline::new(&vs.root(), 0.6);
    let hidden = Tensor::ones([200, 512], (Kind::Float, Device::Cpu));
    let out = m.regularise(hidden.shallow_clone(), true);
    let zeroed = out
        .eq(0.0)
        .to_kind(Kind::Double)
        .mean(Kind::Double)
        .double_value(&[]);
    assert!((zeroed - 0.6).abs() < 0.01, "share zeroed {zeroed}");
    let kept = out.max().double_value(&[]);
    assert!(
        (kept - 2.5).abs() < 1e-5,
        "survivors scaled to {kept}, not 1/(1 − 0.6)"
    );
    // Not training: the identity.
    let eval = m.regularise(hidden.shallow_clone(), false);
    assert!(eval.equal(&hidden));
    // Two training passes of the whole model differ; two evaluation passes agree.
    let x = cnn::augment::random_batch(2, 100);
    assert!(!m
        .forward_t(&x, true)
        .allclose(&m.forward_t(&x, true), 1e-6, 1e-6, false));
    assert!(m.forward_t(&x, false).equal(&m.forward_t(&x, false)));
}

#[test]
fn exercise_3_3_the_identity_without_augmentation() {
    let mut rng = StdRng::seed_from_u64(1);
    assert_eq!(
        Augment::none().matrix(&mut rng),
        [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    );
    let x = cnn::augment::random_batch(3, 20);
    assert!(Augment::none().apply(&x, &mut rng).equal(&x));
}

#[test]
fn exercise_3_3_each_transform_stays_in_its_range() {
    let mut rng = StdRng::seed_from_u64(2);
    let (mut zooms, mut angles, mut shifts) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..400 {
        let [a, b, tx, c, d, ty] = Augment::notebook().matrix(&mut rng);
        // |det| = z², and the columns are orthogonal with equal length z.
        let z = (a * d - b * c).abs().sqrt();
        assert!((a * b + c * d).abs() < 1e-9 && ((a * a + c * c).sqrt() - z).abs() < 1e-9);
        zooms.push(z);
        angles.push(c.atan2(d).to_degrees());
        shifts.extend([tx / 2.0, ty / 2.0]);
    }
    let range = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    let (lo, hi) = range(&zooms);
    assert!(
        lo >= 0.8 && hi <= 1.2 && lo < 0.83 && hi > 1.17,
        "zoom {lo}..{hi}"
    );
    let (lo, hi) = range(&angles);
    assert!(
        lo >= -20.0 && hi <= 20.0 && lo < -18.0 && hi > 18.0,
        "rotation {lo}..{hi}"
    );
    let (lo, hi) = range(&shifts);
    assert!(
        lo >= -0.1 && hi <= 0.1 && lo < -0.09 && hi > 0.09,
        "shift {lo}..{hi}"
    );
}

#[test]
fn exercise_3_3_a_flip_mirrors_half_of_the_images() {
    let flip = Augment {
        horizontal_flip: true,
        ..Augment::none()
    };
    let mut rng = StdRng::seed_from_u64(3);
    let x = cnn::augment::random_batch(64, 16);
    let y = flip.apply(&x, &mut rng);
    let mirrored = x.flip([3]);
    let mut flipped = 0;
    for i in 0..64 {
        let (xi, yi, mi) = (x.get(i), y.get(i), mirrored.get(i));
        if yi.equal(&mi) {
            flipped += 1;
        } else {
            assert!(yi.equal(&xi), "image {i} is neither itself nor its mirror");
        }
    }
    assert!((20..=44).contains(&flipped), "{flipped} of 64 flipped");
}

/// A tree of `per_class` stand-in images per class and its split.
fn small_split(per_class: usize) -> (tempfile::TempDir, cnn::lecture::Split) {
    let dir = tempfile::tempdir().unwrap();
    cnn::data::write_tree(dir.path(), per_class, 11).unwrap();
    let split = cnn::lecture::load_split(dir.path(), None, 3, Device::Cpu).unwrap();
    (dir, split)
}

#[test]
fn exercise_3_4_only_the_head_trains_on_the_frozen_base() {
    let (dir, split) = small_split(7);
    let file = dir.path().join("base.safetensors");
    tch::manual_seed(4);
    let vs = nn::VarStore::new(Device::Cpu);
    let _base = Vgg16Base::new(&vs.root());
    vs.save(&file).unwrap();
    let cfg = cnn::lecture::Config {
        per_class: None,
        epochs: 2,
        head_epochs: 2,
        ..cnn::lecture::Config::for_preset(common::cli::Preset::Smoke)
    };
    let run = cnn::lecture::train_transfer(&cfg, &split, 3, &file, None).unwrap();
    assert_eq!(run.head.trainable_parameters, 4_104, "only Dense(8) trains");
    assert_eq!(run.head.history.series("val_accuracy").len(), 2);
    assert!(run.head.test.loss.is_finite());
    // The base still computes what the saved weights compute.
    let x = cnn::augment::random_batch(1, 100);
    let mut again = nn::VarStore::new(Device::Cpu);
    let fresh = Vgg16Base::new(&again.root());
    again.load(&file).unwrap();
    assert!(nn::Module::forward(&run.model.base, &x).allclose(
        &nn::Module::forward(&fresh, &x),
        1e-6,
        1e-6,
        false
    ));
}

#[test]
fn exercise_3_5_blocks_4_and_5_and_the_head_are_unfrozen_with_their_trained_values() {
    tch::manual_seed(5);
    let (base_vs, head_vs) = (
        nn::VarStore::new(Device::Cpu),
        nn::VarStore::new(Device::Cpu),
    );
    let _trained = Transfer::new(&base_vs.root(), &head_vs.root());
    let vs = nn::VarStore::new(Device::Cpu);
    let copy = Transfer::new(&vs.root(), &vs.root());
    let unfrozen = copy
        .base
        .variable_names_from(cnn::lecture::UNFROZEN_FROM_BLOCK);
    let n = cnn::lecture::copy_and_unfreeze(&vs, &[&base_vs, &head_vs], &unfrozen).unwrap();
    // Keras' layers after #10: block 4 (1 180 160 + 2 · 2 359 808), block 5 (3 · 2 359 808), the head.
    assert_eq!(n, 5_899_776 + 7_079_424 + 4_104);
    let trainable: i64 = vs
        .variables()
        .values()
        .filter(|t| t.requires_grad())
        .map(|t| t.numel() as i64)
        .sum();
    assert_eq!(trainable, n);
    let vars = vs.variables();
    let (b, h) = (base_vs.variables(), head_vs.variables());
    assert!(vars["features.0.weight"].equal(&b["features.0.weight"]));
    assert!(!vars["features.0.weight"].requires_grad());
    assert!(vars["features.28.weight"].equal(&b["features.28.weight"]));
    assert!(vars["features.28.weight"].requires_grad());
    assert!(vars["fc.weight"].equal(&h["fc.weight"]));
}
