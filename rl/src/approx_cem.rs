//! Lecture 10.3: the approximate cross-entropy method on MountainCar. The table of the tabular
//! method becomes a policy network (an MLP with two tanh layers of 30, as the notebook's
//! scikit-learn `MLPClassifier`): play sessions by sampling its action probabilities, keep the
//! sessions whose reward is above the 70th percentile, and fit the network one pass (Adam
//! 1e-3, batches of 200, as `partial_fit`) on the elite's (observation, action) pairs.
//! Recorded after 50 iterations of 100 sessions: mean reward −182.4, threshold −158.7.

use crate::cem::{percentile, sample, IterationStats};
use crate::env::Env;
use crate::model::PolicyNet;
use crate::mountain_car::MountainCar;
use anyhow::Result;
use rand::seq::SliceRandom;
use rand::Rng;
use serde::{Deserialize, Serialize};
use tch::nn::{self, Module, OptimizerConfig};
use tch::{Kind, Tensor};

/// Settings; `Default` is the notebook's.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproxCemConfig {
    pub sessions: usize,
    pub iterations: usize,
    /// Elite sessions have a reward strictly above this percentile.
    pub percentile: f64,
    pub t_max: usize,
    pub lr: f64,
    pub batch_size: usize,
}

impl Default for ApproxCemConfig {
    fn default() -> Self {
        Self {
            sessions: 100,
            iterations: 50,
            percentile: 70.0,
            t_max: 5_000,
            lr: 1e-3,
            batch_size: 200,
        }
    }
}

/// A played session: observations, actions, total reward.
#[derive(Clone, Debug, Default)]
pub struct Episode {
    pub obs: Vec<[f32; 2]>,
    pub actions: Vec<usize>,
    pub reward: f64,
}

/// Action probabilities for a batch of observations.
pub fn probabilities(net: &PolicyNet, obs: &[[f32; 2]]) -> Result<Vec<[f64; 3]>> {
    let _guard = tch::no_grad_guard();
    let flat: Vec<f32> = obs.iter().flatten().copied().collect();
    let x = Tensor::from_slice(&flat).view([obs.len() as i64, 2]);
    let p: Vec<f64> = Vec::try_from(net.forward(&x).softmax(-1, Kind::Double).flatten(0, -1))?;
    Ok(p.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect())
}

/// Play `n` sessions side by side (one network call per step for all running cars).
pub fn play<R: Rng>(net: &PolicyNet, n: usize, t_max: usize, rng: &mut R) -> Result<Vec<Episode>> {
    let mut envs = vec![MountainCar::default(); n];
    let mut obs: Vec<[f32; 2]> = envs.iter_mut().map(|e| e.reset(rng)).collect();
    let mut episodes = vec![Episode::default(); n];
    let mut running: Vec<usize> = (0..n).collect();
    for _ in 0..t_max {
        if running.is_empty() {
            break;
        }
        let batch: Vec<[f32; 2]> = running.iter().map(|&i| obs[i]).collect();
        let probs = probabilities(net, &batch)?;
        let mut still = Vec::with_capacity(running.len());
        for (&i, p) in running.iter().zip(&probs) {
            let a = sample(p, rng);
            let step = envs[i].step(a);
            episodes[i].obs.push(obs[i]);
            episodes[i].actions.push(a);
            episodes[i].reward += step.reward;
            obs[i] = step.obs;
            if !step.done {
                still.push(i);
            }
        }
        running = still;
    }
    Ok(episodes)
}

/// The (observation, action) pairs of the elite episodes — those whose reward is strictly above
/// the `q`-th percentile of all rewards, as the notebook selects them here — and that threshold.
pub fn elite_pairs(episodes: &[Episode], q: f64) -> (Vec<[f32; 2]>, Vec<usize>, f64) {
    // BEGIN SOLUTION 10.3.5
    let rewards: Vec<f64> = episodes.iter().map(|e| e.reward).collect();
    let threshold = percentile(&rewards, q);
    let (mut obs, mut actions) = (Vec::new(), Vec::new());
    for e in episodes.iter().filter(|e| e.reward > threshold) {
        obs.extend_from_slice(&e.obs);
        actions.extend_from_slice(&e.actions);
    }
    (obs, actions, threshold)
    // END SOLUTION
}

/// One pass of Adam over the elite pairs in shuffled batches, like scikit-learn's `partial_fit`.
fn partial_fit<R: Rng>(
    net: &PolicyNet,
    opt: &mut nn::Optimizer,
    obs: &[[f32; 2]],
    actions: &[usize],
    batch: usize,
    rng: &mut R,
) {
    let mut order: Vec<usize> = (0..obs.len()).collect();
    order.shuffle(rng);
    for chunk in order.chunks(batch.max(1)) {
        let x: Vec<f32> = chunk.iter().flat_map(|&i| obs[i]).collect();
        let y: Vec<i64> = chunk.iter().map(|&i| actions[i] as i64).collect();
        let logits = net.forward(&Tensor::from_slice(&x).view([chunk.len() as i64, 2]));
        opt.backward_step(&logits.cross_entropy_for_logits(&Tensor::from_slice(&y)));
    }
}

/// The run's statistics and the last iteration's rewards.
#[derive(Clone, Debug, Serialize)]
pub struct ApproxRun {
    pub history: Vec<IterationStats>,
    pub last_rewards: Vec<f64>,
}

/// Train the policy network, printing a line per iteration.
pub fn train<R: Rng>(
    net: &PolicyNet,
    vs: &nn::VarStore,
    cfg: &ApproxCemConfig,
    rng: &mut R,
) -> Result<ApproxRun> {
    let mut opt = nn::Adam::default().build(vs, cfg.lr)?;
    let mut history = Vec::new();
    let mut rewards = Vec::new();
    for it in 1..=cfg.iterations {
        let episodes = play(net, cfg.sessions, cfg.t_max, rng)?;
        rewards = episodes.iter().map(|e| e.reward).collect();
        let (obs, actions, threshold) = elite_pairs(&episodes, cfg.percentile);
        if !obs.is_empty() {
            partial_fit(net, &mut opt, &obs, &actions, cfg.batch_size, rng);
        }
        history.push(IterationStats::record(
            it,
            cfg.iterations,
            &rewards,
            threshold,
        ));
    }
    Ok(ApproxRun {
        history,
        last_rewards: rewards,
    })
}
