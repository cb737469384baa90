//! Lecture 3's networks and augmentation: exact parameter counts, shapes, names, frozen base.

#![allow(clippy::unwrap_used)]

use cnn::augment::{random_batch, Augment};
use cnn::model::{Baseline, Transfer, Vgg16Base, Vgg16Bn};
use rand::rngs::StdRng;
use rand::SeedableRng;
use tch::nn::{self, ModuleT, OptimizerConfig};
use tch::{Device, Kind, Tensor};

#[test]
fn baseline_and_dropout_have_the_keras_counts_and_shapes() {
    for dropout in [0.0, 0.6] {
        let vs = nn::VarStore::new(Device::Cpu);
        let m = Baseline::new(&vs.root(), dropout);
        let c = common::summary::count(&vs, &m.layers());
        assert_eq!(c.total, 6_651_464);
        let y = m.forward_t(&random_batch(2, 100), true);
        assert_eq!(y.size(), vec![2, 8]);
        let maps = m.feature_maps(&random_batch(1, 100));
        let shapes: Vec<Vec<i64>> = maps.iter().map(|t| t.size()).collect();
        assert_eq!(
            shapes,
            vec![
                vec![1, 32, 98, 98],
                vec![1, 32, 49, 49],
                vec![1, 64, 47, 47],
                vec![1, 64, 23, 23],
                vec![1, 128, 21, 21],
                vec![1, 128, 10, 10]
            ]
        );
    }
}

#[test]
fn vgg16_base_is_torchvision_shaped_and_the_head_has_4104_parameters() {
    let base_vs = nn::VarStore::new(Device::Cpu);
    let head_vs = nn::VarStore::new(Device::Cpu);
    let t = Transfer::new(&base_vs.root(), &head_vs.root());
    let total: i64 = base_vs.variables().values().map(|v| v.numel() as i64).sum();
    assert_eq!(total, 14_714_688);
    assert_eq!(
        t.base.conv_indices(),
        vec![0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28]
    );
    let names = base_vs.variables();
    assert!(names.contains_key("features.0.weight") && names.contains_key("features.28.bias"));
    let head: i64 = head_vs.variables().values().map(|v| v.numel() as i64).sum();
    assert_eq!(head, 4_104);
    assert_eq!(t.forward_t(&random_batch(2, 100), false).size(), vec![2, 8]);
}

#[test]
fn a_training_step_changes_the_head_and_not_the_frozen_base() {
    tch::manual_seed(0);
    let mut base_vs = nn::VarStore::new(Device::Cpu);
    let head_vs = nn::VarStore::new(Device::Cpu);
    let t = Transfer::new(&base_vs.root(), &head_vs.root());
    base_vs.freeze();
    let before_base: Vec<Tensor> = base_vs
        .trainable_variables()
        .iter()
        .map(|v| v.copy())
        .collect();
    let before_head: Vec<Tensor> = head_vs
        .trainable_variables()
        .iter()
        .map(|v| v.copy())
        .collect();
    let mut opt = nn::Adam::default().build(&head_vs, 1e-2).unwrap();
    let loss = t
        .forward_t(&random_batch(4, 100), true)
        .cross_entropy_for_logits(&Tensor::from_slice(&[0i64, 1, 2, 3]));
    opt.backward_step(&loss);
    let same = |a: &[Tensor], b: Vec<Tensor>| a.iter().zip(&b).all(|(x, y)| x.equal(y));
    assert!(
        same(&before_base, base_vs.trainable_variables()),
        "the frozen base changed"
    );
    assert!(
        !same(&before_head, head_vs.trainable_variables()),
        "the head did not change"
    );
}

#[test]
fn augmentation_is_the_identity_at_zero_strength_and_keeps_shapes() {
    let x = random_batch(5, 100);
    let mut rng = StdRng::seed_from_u64(1);
    let same = Augment::none().apply(&x, &mut rng);
    assert!(same.equal(&x), "zero strength must be the identity");
    let y = Augment::notebook().apply(&x, &mut rng);
    assert_eq!(y.size(), x.size());
    assert_eq!(y.kind(), Kind::Float);
    assert!(!y.equal(&x));
    // Nearest sampling only moves pixels: every value comes from the input image.
    let (lo, hi) = (x.min().double_value(&[]), x.max().double_value(&[]));
    assert!(y.min().double_value(&[]) >= lo && y.max().double_value(&[]) <= hi);
}

#[test]
fn flip_only_gives_the_image_or_its_mirror() {
    let x = random_batch(8, 20);
    let flip_only = Augment {
        horizontal_flip: true,
        ..Augment::none()
    };
    let y = flip_only.apply(&x, &mut StdRng::seed_from_u64(3));
    let mut flipped = 0;
    for i in 0..8 {
        let (xi, yi) = (x.get(i), y.get(i));
        if yi.equal(&xi.flip([2])) {
            flipped += 1;
        } else {
            assert!(yi.equal(&xi), "image {i} neither kept nor mirrored");
        }
    }
    assert!((1..8).contains(&flipped), "{flipped} of 8 flipped");
}

#[test]
fn batch_norm_folds_into_the_plain_base_exactly() {
    tch::manual_seed(5);
    let bn_vs = nn::VarStore::new(Device::Cpu);
    let net = Vgg16Bn::new(&bn_vs.root());
    // Normalisations that do something: random scales and shifts, statistics of real batches.
    tch::no_grad(|| {
        for (name, mut v) in bn_vs.variables() {
            if name.starts_with("norm.") && (name.ends_with(".weight") || name.ends_with(".bias")) {
                v.copy_(&(v.rand_like() + 0.5));
            }
        }
    });
    net.recalibrate((0..3).map(|_| random_batch(4, 48)));
    let plain_vs = nn::VarStore::new(Device::Cpu);
    let plain = Vgg16Base::new(&plain_vs.root());
    net.fold_into(&plain);
    let total: i64 = plain_vs
        .variables()
        .values()
        .map(|v| v.numel() as i64)
        .sum();
    assert_eq!(total, 14_714_688);
    let x = random_batch(3, 48);
    let with_bn = tch::no_grad(|| net.forward_bn(&x, false, 0.0));
    let folded = tch::no_grad(|| nn::Module::forward(&plain, &x));
    assert_eq!(folded.size(), vec![3, 512]);
    let scale = with_bn.abs().max().double_value(&[]);
    let diff = (&with_bn - &folded).abs().max().double_value(&[]);
    assert!(scale > 0.1, "the features are all but zero: {scale}");
    assert!(
        diff <= 1e-4 * scale,
        "folded differs by {diff} (scale {scale})"
    );
}

#[test]
fn recalibration_replaces_the_running_statistics() {
    tch::manual_seed(6);
    let vs = nn::VarStore::new(Device::Cpu);
    let net = Vgg16Bn::new(&vs.root());
    let batches: Vec<Tensor> = (0..2).map(|_| random_batch(4, 32)).collect();
    let stats = || -> Vec<Tensor> {
        let v = vs.variables();
        let mut names: Vec<&String> = v.keys().filter(|n| n.contains("running")).collect();
        names.sort();
        names.iter().map(|n| v[*n].copy()).collect()
    };
    net.recalibrate(batches.iter().map(Tensor::shallow_clone));
    let first = stats();
    // Training steps move the running statistics; recalibrating on the same batches restores
    // exactly the average over them, whatever came before.
    for _ in 0..3 {
        let _ = net.forward_bn(&random_batch(4, 32), true, 0.5);
    }
    assert!(!first.iter().zip(stats()).all(|(a, b)| a.equal(&b)));
    net.recalibrate(batches.iter().map(Tensor::shallow_clone));
    assert!(first
        .iter()
        .zip(stats())
        .all(|(a, b)| a.allclose(&b, 1e-6, 1e-6, false)));
}
