//! The lecture-2 MLP: parameter count, shapes, and that one epoch of training learns.

#![allow(clippy::unwrap_used)]

use common::batch::TensorData;
use common::train::{evaluate, train_epoch, Objective};
use dense::model::Mlp;
use rand::rngs::StdRng;
use rand::SeedableRng;
use tch::nn::{self, Module, OptimizerConfig};
use tch::{Device, Kind, Tensor};

#[test]
fn mlp_has_the_keras_parameter_count_and_shapes() {
    let vs = nn::VarStore::new(Device::Cpu);
    let model = Mlp::fashion(&vs.root());
    let counts = common::summary::count(&vs, &model.layers());
    assert_eq!(counts.per_layer, vec![0, 100_480, 1_290]);
    assert_eq!(counts.total, 101_770);
    let out = model.forward(&Tensor::zeros([4, 28, 28], (Kind::Float, Device::Cpu)));
    assert_eq!(out.size(), vec![4, 10]);
}

#[test]
fn training_learns_a_separable_toy_problem() {
    tch::manual_seed(0);
    // Class k lights up a block of pixels: easy to learn in one epoch.
    let n = 512;
    let labels: Vec<i64> = (0..n).map(|i| i % 10).collect();
    let x = Tensor::rand([n, 28, 28], (Kind::Float, Device::Cpu)) * 0.1;
    for (i, &l) in labels.iter().enumerate() {
        let _ = x.get(i as i64).narrow(0, 2 * l, 2).fill_(1.0);
    }
    let data = TensorData::new(x, Tensor::from_slice(&labels)).unwrap();
    let vs = nn::VarStore::new(Device::Cpu);
    let model = Mlp::fashion(&vs.root());
    let mut opt = nn::Adam::default().build(&vs, 1e-3).unwrap();
    let loss0 = evaluate(&model, &data, 64, Objective::CrossEntropy).loss;
    let mut rng = StdRng::seed_from_u64(0);
    for _ in 0..3 {
        train_epoch(
            &model,
            &mut opt,
            &data,
            32,
            Objective::CrossEntropy,
            &mut rng,
            None,
            None,
        );
    }
    let s = evaluate(&model, &data, 64, Objective::CrossEntropy);
    let (loss1, acc1) = (s.loss, s.accuracy);
    assert!(loss1 < 0.5 * loss0, "loss {loss0} -> {loss1}");
    assert!(acc1 > 0.9, "accuracy {acc1}");
}
