//! The cross-entropy methods reach the recorded rewards (seeded).

#![allow(clippy::unwrap_used)]

use rl::approx_cem::{self, ApproxCemConfig};
use rl::cem::{self, percentile, CemConfig};
use rl::model::PolicyNet;

#[test]
fn percentile_matches_numpy() {
    // numpy.percentile([1, 2, 3, 4], [0, 50, 70, 100]) = [1, 2.5, 3.1, 4]
    let v = [4.0, 1.0, 3.0, 2.0];
    assert_eq!(percentile(&v, 0.0), 1.0);
    assert_eq!(percentile(&v, 50.0), 2.5);
    assert!((percentile(&v, 70.0) - 3.1).abs() < 1e-12);
    assert_eq!(percentile(&v, 100.0), 4.0);
}

#[test]
fn elite_policy_counts_actions_and_keeps_unvisited_states_uniform() {
    let s = cem::Session {
        states: vec![36, 36, 24],
        actions: vec![0, 0, 1],
        reward: -3.0,
    };
    let p = cem::elite_policy(&[&s]);
    assert_eq!(p[36], [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(p[24], [0.0, 1.0, 0.0, 0.0]);
    assert_eq!(p[0], [0.25; 4]);
}

#[test]
fn tabular_cem_solves_cliff_walking() {
    // Recorded after 50 iterations: mean −14.19 (the optimum is −13). Bound: ≥ −15.
    let mut rng = common::seed::stream(2021, "rl/cem-cliff");
    let run = cem::train(&CemConfig::default(), &mut rng);
    let last = run.history.last().unwrap();
    assert!(
        last.mean_reward >= -15.0,
        "mean reward {}",
        last.mean_reward
    );
    assert!(last.mean_reward <= -13.0);
    assert!(
        run.history[0].mean_reward < -1000.0,
        "the uniform start is bad"
    );
}

#[test]
fn approximate_cem_drives_the_car_up() {
    // Recorded after 50 iterations of 100 sessions: mean −182.4. Bound: ≥ −190.
    tch::manual_seed(2021);
    let vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let net = PolicyNet::new(&vs.root(), 2, 3);
    let mut rng = common::seed::stream(2021, "rl/cem-mountain");
    let run = approx_cem::train(&net, &vs, &ApproxCemConfig::default(), &mut rng).unwrap();
    let last = run.history.last().unwrap();
    assert!(
        last.mean_reward >= -190.0,
        "mean reward {}",
        last.mean_reward
    );
    let p = approx_cem::probabilities(&net, &[[-0.5, 0.03], [-0.5, -0.03]]).unwrap();
    assert!(p[0][2] > p[0][0], "moving right: push right {:?}", p[0]);
    assert!(p[1][0] > p[1][2], "moving left: push left {:?}", p[1]);
}
