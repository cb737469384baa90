//! The environments against Gym's formulas and the recorded values.

#![allow(clippy::unwrap_used)]

use rand::rngs::StdRng;
use rand::SeedableRng;
use rl::cliff::{self, CliffWalking, GOAL, START};
use rl::env::{Env, TimeLimit};
use rl::mountain_car::{self, MountainCar};
use rl::tasks::{hand_episode, HAND_LIMIT};

#[test]
fn mountain_car_reproduces_the_recorded_first_step() {
    // Recorded: reset [−0.4607, 0], action 2 → [−0.46016, 0.000531].
    let mut env = MountainCar::at(-0.4607, 0.0);
    let s = env.step(2);
    assert!((s.obs[1] - 0.000531).abs() < 5e-7, "{:?}", s.obs);
    assert!((s.obs[0] - -0.46016).abs() < 2e-5, "{:?}", s.obs);
    assert_eq!(s.reward, -1.0);
    assert!(!s.done);
    // Gym's formula, written out: v' = v + (a − 1)·0.001 − 0.0025·cos(3x).
    let v = 0.001 - 0.0025 * (3.0f64 * -0.4607).cos();
    assert!((env.velocity - v).abs() < 1e-15);
    assert!((env.position - (-0.4607 + v)).abs() < 1e-15);
}

#[test]
fn mountain_car_walls_speed_limit_and_goal() {
    // Hitting the left wall stops the car.
    let mut env = MountainCar::at(mountain_car::MIN_POSITION + 0.001, -0.05);
    env.step(0);
    assert_eq!(env.position, mountain_car::MIN_POSITION);
    assert_eq!(env.velocity, 0.0);
    // Speed is clipped to ±0.07.
    let mut env = MountainCar::at(0.0, 0.0699);
    env.step(2);
    assert!(env.velocity <= mountain_car::MAX_SPEED);
    // Reaching 0.5 with non-negative velocity ends the episode.
    let mut env = MountainCar::at(0.495, 0.01);
    assert!(env.step(1).done);
    // Resets start in [−0.6, −0.4) at rest.
    let mut rng = StdRng::seed_from_u64(3);
    for _ in 0..100 {
        let o = env.reset(&mut rng);
        assert!((-0.6..-0.4).contains(&o[0]) && o[1] == 0.0);
    }
}

#[test]
fn time_limit_truncates() {
    let mut env = TimeLimit::new(MountainCar::at(-0.5, 0.0), 200);
    let mut last = None;
    for _ in 0..200 {
        last = Some(env.step(1));
    }
    let last = last.unwrap();
    assert!(last.truncated && !last.done);
    assert_eq!(env.steps(), 200);
    env.reset(&mut StdRng::seed_from_u64(0));
    assert_eq!(env.steps(), 0);
}

#[test]
fn the_hand_policy_succeeds_from_every_start() {
    for i in 0..41 {
        let x = -0.6 + 0.2 * f64::from(i) / 40.0;
        let (states, ok) = hand_episode(MountainCar::at(x, 0.0));
        assert!(ok, "start {x}: not within {HAND_LIMIT} steps");
        assert!(states.len() - 1 <= HAND_LIMIT);
    }
}

#[test]
fn cliff_walking_rules() {
    let mut env = CliffWalking::default();
    assert_eq!(env.reset(&mut StdRng::seed_from_u64(0)), START);
    // Right from the start is the cliff: −100 and back to the start, not the end.
    let s = env.step(1);
    assert_eq!((s.obs, s.reward, s.done), (START, -100.0, false));
    // Walls clip: left and down from the start stay put.
    assert_eq!(env.step(3).obs, START);
    assert_eq!(env.step(2).obs, START);
    // The safe shortest path: up, 11 × right, down = 13 steps, reward −13.
    let mut total = 0.0;
    let mut last = env.step(0);
    total += last.reward;
    for _ in 0..11 {
        last = env.step(1);
        total += last.reward;
    }
    last = env.step(2);
    total += last.reward;
    assert_eq!((last.obs, last.done, total), (GOAL, true, -13.0));
    assert!(
        cliff::is_cliff(37)
            && cliff::is_cliff(46)
            && !cliff::is_cliff(36)
            && !cliff::is_cliff(47)
            && !cliff::is_cliff(25)
    );
}
