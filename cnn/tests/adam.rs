//! Golden test of the pre-training's hand-written Adam against `torch.optim.Adam`: the same loss,
//! start and learning-rate changes give the same parameters after every step.
//! `adam_reference.py` beside this file printed the expected values (PyTorch 2.4.0, float64);
//! the variables here are float32, as in training, so they agree to float32 precision (a wrong
//! bias correction or moment decay would be off by 1e-2 or more).

#![allow(clippy::unwrap_used)]

use cnn::lecture::Adam;
use tch::{nn, Device, Kind, Tensor};

/// (learning rate, w after the step, b after the step), from `adam_reference.py`.
const STEPS: [(f64, [f64; 4], f64); 6] = [
    (
        0.1,
        [
            0.599999998697,
            -0.900000000085,
            1.900000000033,
            0.099999999735,
        ],
        0.150000000686,
    ),
    (
        0.05,
        [
            0.649638637338,
            -0.850039603452,
            1.850033281469,
            0.14945870762,
        ],
        0.099935757994,
    ),
    (
        0.2,
        [
            0.846928712516,
            -0.650347117683,
            1.650294960543,
            0.345267422605,
        ],
        -0.100761558622,
    ),
    (
        0.1,
        [
            0.942256990185,
            -0.550795425282,
            1.550684238814,
            0.436842316533,
        ],
        -0.20138070052,
    ),
    (
        0.01,
        [
            0.951355503197,
            -0.540872052419,
            1.54074991913,
            0.445176907166,
        ],
        -0.211476378939,
    ),
    (
        0.1,
        [
            1.039205066402,
            -0.441846965037,
            1.441580813298,
            0.522226970661,
        ],
        -0.312658563611,
    ),
];

#[test]
fn adam_matches_torch_optim_adam_step_by_step() {
    let vs = nn::VarStore::new(Device::Cpu);
    let root = vs.root();
    let w = root.var_copy("w", &Tensor::from_slice(&[0.5f64, -1.0, 2.0, 0.0]));
    let b = root.var_copy("b", &Tensor::from_slice(&[0.25f64]));
    let target = Tensor::from_slice(&[1.0f64, 2.0, -3.0, 0.5]);
    let weights = Tensor::arange_start(1, 5, (Kind::Double, Device::Cpu));
    let mut adam = Adam::new(&vs);
    for (step, (lr, want_w, want_b)) in STEPS.iter().enumerate() {
        let loss = ((&w - &target).square() * &weights).sum(Kind::Double)
            + (w.sum(Kind::Double) * &b).sin().sum(Kind::Double)
            + b.pow_tensor_scalar(4).sum(Kind::Double);
        adam.backward_step(&loss, *lr);
        let got_w = Vec::<f64>::try_from(&w).unwrap();
        let got_b = b.double_value(&[0]);
        for (g, e) in got_w.iter().zip(want_w) {
            assert!(
                (g - e).abs() < 2e-6,
                "step {}: w {got_w:?} vs {want_w:?}",
                step + 1
            );
        }
        assert!(
            (got_b - want_b).abs() < 2e-6,
            "step {}: b {got_b} vs {want_b}",
            step + 1
        );
    }
}
