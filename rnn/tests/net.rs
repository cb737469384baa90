//! The networks: Keras' parameter counts, gradients of backpropagation through time against
//! finite differences, training that learns, reruns that repeat.

#![allow(clippy::unwrap_used)]

use ndarray::Array2;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rnn::net::{mse, Cell, Net, NetSpec};

#[test]
fn parameter_counts_are_keras() {
    // SimpleRNN(10) → Dense(1): 10 + 100 + 10 + 11; LSTM: 4 × that; GRU (reset_after): 2 biases.
    for (cell, count) in [(Cell::SimpleRnn, 131), (Cell::Lstm, 491), (Cell::Gru, 401)] {
        let spec = NetSpec::single(cell, 10, 0.2);
        assert_eq!(spec.parameters(), count, "{cell:?}");
        let mut net = Net::new(&spec, &mut StdRng::seed_from_u64(1));
        assert_eq!(net.parameter_count(), count, "{cell:?}");
    }
    // Two stacked LSTM(10): 491 − 11 + 4 · (10 · 20 + 10) + 11.
    let stacked = NetSpec {
        cell: Cell::Lstm,
        units: vec![10, 10],
        dropout: 0.2,
        outputs: 1,
    };
    assert_eq!(stacked.parameters(), 1331);
    // Five outputs: Dense(5) over 10 units.
    let five = NetSpec {
        outputs: 5,
        ..NetSpec::single(Cell::Lstm, 10, 0.2)
    };
    assert_eq!(five.parameters(), 480 + 55);
}

/// Analytic gradients of every parameter against central differences, for a small network.
fn check_gradients(spec: &NetSpec) {
    let mut rng = StdRng::seed_from_u64(7);
    let mut net = Net::new(spec, &mut rng);
    let x = Array2::from_shape_fn((3, 6), |_| rng.gen_range(-1.0..1.0));
    let y = Array2::from_shape_fn((3, spec.outputs), |_| rng.gen_range(-1.0..1.0));
    let pred = net.forward::<StdRng>(&x, None);
    let (_, dy) = mse(&pred, &y);
    net.backward(&dy);
    let analytic: Vec<Array2<f64>> = net.params_mut().iter().map(|p| p.grad.clone()).collect();
    let h = 1e-6;
    for (k, grad) in analytic.iter().enumerate() {
        for idx in 0..grad.len() {
            let (r, c) = (idx / grad.ncols(), idx % grad.ncols());
            let mut loss_at = |delta: f64| {
                net.params_mut()[k].value[[r, c]] += delta;
                let (l, _) = mse(&net.forward::<StdRng>(&x, None), &y);
                net.params_mut()[k].value[[r, c]] -= delta;
                l
            };
            let numeric = (loss_at(h) - loss_at(-h)) / (2.0 * h);
            let a = grad[[r, c]];
            assert!(
                (a - numeric).abs() <= 1e-6 + 1e-4 * numeric.abs(),
                "{:?} parameter {k} [{r},{c}]: backprop {a}, finite difference {numeric}",
                spec.cell
            );
        }
    }
}

#[test]
fn backpropagation_through_time_matches_finite_differences() {
    for cell in [Cell::SimpleRnn, Cell::Lstm, Cell::Gru] {
        check_gradients(&NetSpec::single(cell, 3, 0.0));
        check_gradients(&NetSpec {
            cell,
            units: vec![3, 2],
            dropout: 0.0,
            outputs: 2,
        });
    }
}

#[test]
fn dropout_scales_survivors_and_backward_respects_the_mask() {
    // With dropout, training passes differ, prediction passes do not.
    let spec = NetSpec::single(Cell::Lstm, 8, 0.5);
    let mut net = Net::new(&spec, &mut StdRng::seed_from_u64(2));
    let x = Array2::from_shape_fn((4, 5), |(i, j)| (i + j) as f64 / 10.0);
    let mut rng = StdRng::seed_from_u64(3);
    let a = net.forward(&x, Some(&mut rng));
    let b = net.forward(&x, Some(&mut rng));
    assert_ne!(a, b);
    assert_eq!(net.predict(&x), net.predict(&x));
}
