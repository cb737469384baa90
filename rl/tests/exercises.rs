//! One test per exercise of lecture 10's reinforcement-learning notebooks (see exercises.toml):
//! each checks what the answer does, never its text. `cargo xtask check rl` runs them.

#![allow(clippy::unwrap_used)]

use rand::rngs::StdRng;
use rand::SeedableRng;
use rl::cem::{self, Session};
use rl::maze::{Layout, ACTIONS, SIDE};
use rl::model::QNet;
use rl::mountain_car::MountainCar;
use tch::{nn, Tensor};

#[test]
fn exercise_10_3_1_the_hand_policy_reaches_the_flag() {
    for i in 0..=20 {
        let x = -0.6 + 0.2 * f64::from(i) / 20.0;
        let (states, reached) = rl::tasks::hand_episode(MountainCar::at(x, 0.0));
        assert!(
            reached,
            "from {x:.2}: no flag within {} steps",
            states.len() - 1
        );
    }
}

#[test]
fn exercise_10_3_2_the_start_policy_is_uniform() {
    let p = cem::uniform();
    assert_eq!(p.len(), 48);
    for row in &p {
        assert_eq!(row, &[0.25; 4]);
    }
}

fn session(reward: f64, states: &[usize], actions: &[usize]) -> Session {
    Session {
        states: states.to_vec(),
        actions: actions.to_vec(),
        reward,
    }
}

#[test]
fn exercise_10_3_3_elites_reach_the_percentile() {
    let sessions: Vec<Session> = [-20.0, -15.0, -13.0, -100.0, -14.0]
        .iter()
        .map(|&r| session(r, &[], &[]))
        .collect();
    let (elite, threshold) = cem::select_elites(&sessions, 50.0);
    assert_eq!(threshold, -15.0);
    let rewards: Vec<f64> = elite.iter().map(|s| s.reward).collect();
    assert_eq!(rewards, [-15.0, -13.0, -14.0]);
    let (elite, threshold) = cem::select_elites(&sessions, 90.0);
    assert!((threshold - -13.4).abs() < 1e-12, "{threshold}");
    assert_eq!(elite.len(), 1);
}

#[test]
fn exercise_10_3_4_the_new_policy_counts_the_elites_actions() {
    let a = session(-13.0, &[36, 24, 25], &[0, 1, 1]);
    let b = session(-15.0, &[36, 24], &[0, 2]);
    let p = cem::elite_policy(&[&a, &b]);
    assert_eq!(p.len(), 48);
    assert_eq!(p[36], [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(p[24], [0.0, 0.5, 0.5, 0.0]);
    assert_eq!(p[25], [0.0, 1.0, 0.0, 0.0]);
    assert_eq!(p[0], [0.25; 4], "an unvisited state stays uniform");
}

#[test]
fn exercise_10_3_5_the_elite_pairs_come_from_episodes_above_the_threshold() {
    use rl::approx_cem::{elite_pairs, Episode};
    let episode = |reward: f64, x: f32, n: usize| Episode {
        obs: vec![[x, 0.0]; n],
        actions: vec![(x as usize) % 3; n],
        reward,
    };
    // Rewards −200, −150, −120, −100: the 50th percentile is −135, and −120 and −100 are the elite;
    // the 70th is −118, and only −100 is.
    let episodes = [
        episode(-200.0, 0.0, 3),
        episode(-120.0, 1.0, 2),
        episode(-150.0, 2.0, 4),
        episode(-100.0, 2.0, 1),
    ];
    let (obs, actions, threshold) = elite_pairs(&episodes, 50.0);
    assert!((threshold - -135.0).abs() < 1e-9, "{threshold}");
    assert_eq!(obs, [[1.0, 0.0], [1.0, 0.0], [2.0, 0.0]]);
    assert_eq!(actions, [1, 1, 2]);
    let (obs, actions, threshold) = elite_pairs(&episodes, 70.0);
    assert!((threshold - -118.0).abs() < 1e-9, "{threshold}");
    assert_eq!((obs, actions), (vec![[2.0, 0.0]], vec![2]));
    // Strictly above: with every reward equal nobody is elite.
    let same = [episode(-200.0, 0.0, 2), episode(-200.0, 1.0, 2)];
    assert!(elite_pairs(&same, 70.0).0.is_empty());
}

#[test]
fn exercise_10_4_1_acting_is_epsilon_greedy() {
    use rl::dqn::epsilon_greedy;
    let best = 4;
    let mut rng = StdRng::seed_from_u64(1);
    let greedy: Vec<usize> = (0..20)
        .map(|_| epsilon_greedy(|| best, 0.0, &mut rng))
        .collect();
    assert!(greedy.iter().all(|&a| a == best), "ε = 0 acts greedily");
    let random: Vec<usize> = (0..900)
        .map(|_| epsilon_greedy(|| best, 1.0, &mut rng))
        .collect();
    for a in 0..ACTIONS {
        let n = random.iter().filter(|&&x| x == a).count();
        assert!(
            (60..=140).contains(&n),
            "ε = 1: action {a} drawn {n} of 900 times"
        );
    }
    let half = (0..1000)
        .filter(|_| epsilon_greedy(|| best, 0.5, &mut rng) == best)
        .count();
    // Greedy half of the time, and a random draw hits the best action 1 time in 9.
    assert!(
        (500..=620).contains(&half),
        "ε = 0.5: best action {half} of 1000"
    );
}

#[test]
fn exercise_10_4_2_the_td_target_bootstraps_from_the_best_next_action() {
    let rewards = Tensor::from_slice(&[1.0f32, 0.0, -1.0]);
    let discount = Tensor::from_slice(&[0.99f32, 0.0, 0.5]);
    let next_q =
        Tensor::from_slice(&[1.0f32, 3.0, 2.0, 5.0, 4.0, 0.0, -2.0, -1.0, -3.0]).view([3, 3]);
    let t = rl::dqn::td_target(&rewards, &discount, &next_q);
    let got: Vec<f32> = (0..3).map(|i| t.double_value(&[i]) as f32).collect();
    assert_eq!(got, [1.0 + 0.99 * 3.0, 0.0, -1.0 - 0.5]);
}

#[test]
fn exercise_10_4_3_frames_are_greyed_halved_and_scaled_to_their_maximum() {
    use rl::maze::{preprocess, RAW};
    let mut rgb = vec![0u8; RAW * RAW * 3];
    let mut paint = |y: usize, x: usize, c: [u8; 3]| {
        rgb[(y * RAW + x) * 3..(y * RAW + x) * 3 + 3].copy_from_slice(&c);
    };
    // A red 2×2 block (grey 0.8 · 255 = 204) at output pixel (0, 0), a green one (grey 25.5) at
    // (0, 1), and one red pixel of four at (1, 0).
    for (dy, dx) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        paint(dy, dx, [255, 0, 0]);
        paint(dy, 2 + dx, [0, 255, 0]);
    }
    paint(2, 0, [255, 0, 0]);
    let out = preprocess(&rgb);
    assert_eq!(out.len(), SIDE * SIDE);
    assert_eq!(out[0], 255, "the brightest pixel scales to 255");
    assert_eq!(out[1], 32, "green weighs 0.1: 25.5 / 204 · 255");
    assert_eq!(out[SIDE], 64, "one red pixel of four averages to a quarter");
    assert_eq!(out.iter().filter(|&&v| v > 0).count(), 3);
}

#[test]
fn exercise_10_4_4_the_q_value_of_each_taken_action() {
    let q = Tensor::from_slice(&[1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0]).view([2, 3]);
    let actions = Tensor::from_slice(&[2i64, 0]);
    let taken = rl::dqn::taken_q(&q, &actions);
    assert_eq!(taken.size(), vec![2]);
    assert_eq!(Vec::<f32>::try_from(taken).unwrap(), vec![3.0, 4.0]);
}

#[test]
fn exercise_10_4_5_the_network_chains_three_strided_convolutions_and_two_dense_layers() {
    use tch::nn::Module;
    tch::manual_seed(5);
    for side in [SIDE, Layout::Small.side()] {
        let vs = nn::VarStore::new(tch::Device::Cpu);
        let net = QNet::new(&vs.root(), side, ACTIONS as i64);
        let x = Tensor::rand(
            [3, 4, side as i64, side as i64],
            (tch::Kind::Float, tch::Device::Cpu),
        );
        let got = net.forward(&x);
        assert_eq!(got.size(), vec![3, ACTIONS as i64]);
        // The same layers applied one by one with the network's own weights.
        let v = vs.variables();
        let conv = |x: &Tensor, n: &str| {
            x.conv2d(
                &v[&format!("{n}.weight")],
                Some(&v[&format!("{n}.bias")]),
                [2, 2],
                [0, 0],
                [1, 1],
                1,
            )
            .relu()
        };
        let h = conv(&conv(&conv(&x, "conv1"), "conv2"), "conv3").flatten(1, -1);
        let h = h.linear(&v["fc.weight"], Some(&v["fc.bias"])).relu();
        let want = h.linear(&v["out.weight"], Some(&v["out.bias"]));
        let diff = (&got - &want).abs().max().double_value(&[]);
        assert!(diff < 1e-5, "side {side}: largest difference {diff}");
    }
}

#[test]
fn exercise_10_4_6_the_replay_buffer_keeps_the_newest_transitions() {
    use rl::replay::Replay;
    // Frames of 2×2 pixels, each filled with its transition's number.
    let mut r = Replay::new(8, 2);
    let push =
        |r: &mut Replay, v: u8| r.push(&[v; 4], usize::from(v) % 9, f64::from(v), false, v == 0);
    for v in 0..5 {
        push(&mut r, v);
    }
    assert_eq!(r.len(), 5);
    for v in 5..11 {
        push(&mut r, v);
    }
    assert_eq!(r.len(), 8, "a full buffer holds its capacity");
    // Transitions 3..=10 are held; a sample needs three frames before it and the next one after.
    let mut rng = StdRng::seed_from_u64(2);
    let b = r.sample(64, &mut rng).unwrap();
    let frame = |t: &Tensor, i: i64, k: i64| (t.double_value(&[i, k, 0, 0]) * 255.0).round() as i64;
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..64 {
        let v = frame(&b.states, i, 3);
        seen.insert(v);
        assert!((6..=9).contains(&v), "a sample ends at transition {v}");
        let stack: Vec<i64> = (0..4).map(|k| frame(&b.states, i, k)).collect();
        assert_eq!(
            stack,
            vec![v - 3, v - 2, v - 1, v],
            "the stack before transition {v}"
        );
        assert_eq!(frame(&b.next_states, i, 3), v + 1);
        assert_eq!(b.actions.int64_value(&[i]), v % 9);
        assert_eq!(b.rewards.double_value(&[i]), v as f64);
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
}
