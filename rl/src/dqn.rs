//! Lecture 10.4 — deep Q-learning (YSDA Practical RL week 4, in PyTorch in the original), on the
//! maze stand-in for MsPacman. The agent acts ε-greedily on its Q-network, stores transitions
//! in a replay buffer, and after every step takes one Adam step on the TD error
//! (Q(s, a) − (r + γ · max_a' Q_target(s', a')))² of a random batch, with the gradient norm
//! clipped; the target network is a copy refreshed every `target_every` steps; ε falls
//! linearly. Every `eval_every` steps the greedy policy is evaluated and a checkpoint written,
//! from which `--resume` goes on.
//!
//! Two bugs of the original are fixed: its `play_and_record` acted greedily whatever ε was, and
//! did not take the new state after `env.reset()`.

use crate::env::Env;
use crate::maze::{Layout, MazeEnv, ACTIONS};
use crate::model::QNet;
use crate::replay::Replay;
use anyhow::{Context, Result};
use common::cli::{positive, positive_f64, Preset};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;
use tch::nn::{self, Module, OptimizerConfig};
use tch::{Kind, Tensor};

/// Settings; `school()` is the notebook's (with its CPU batch size).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DqnConfig {
    pub total_steps: usize,
    pub buffer: usize,
    /// Random steps stored before learning starts.
    pub prefill: usize,
    pub batch_size: usize,
    pub lr: f64,
    pub gamma: f64,
    pub target_every: usize,
    pub eps_start: f64,
    pub eps_end: f64,
    /// Steps over which ε falls from `eps_start` to `eps_end`.
    pub eps_decay: usize,
    pub grad_clip: f64,
    pub eval_every: usize,
    /// Greedy lives per evaluation (clipped rewards, as the notebook).
    pub eval_lives: usize,
    /// Whole games for the final unclipped score.
    pub final_games: usize,
    /// ε while evaluating. The notebook evaluated greedily (0); a small ε (DeepMind's 0.05)
    /// keeps a deterministic policy from pacing forever between two cells of the maze.
    pub eval_epsilon: f64,
    /// Transitions summed into each target (1: the notebook's one-step target).
    #[serde(default = "one")]
    pub n_step: usize,
    /// Double DQN: the online network picks the next action, the target network values it.
    #[serde(default)]
    pub double: bool,
    /// Huber loss on the TD error instead of the notebook's squared error.
    #[serde(default)]
    pub huber: bool,
    /// The maze played.
    #[serde(default)]
    pub maze: Layout,
}

fn one() -> usize {
    1
}

impl Default for DqnConfig {
    fn default() -> Self {
        Self::quick()
    }
}

/// Command-line overrides of [`DqnConfig`] (the preset's value where a flag is absent), merged by
/// `common::task::merge`.
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct DqnFlags {
    /// Training steps [default: quick 16 000, school 400 000, smoke 300].
    #[arg(long = "steps", value_parser = positive, allow_hyphen_values = true)]
    pub total_steps: Option<usize>,
    /// Transitions the replay buffer keeps [default: quick 16 000, school 100 000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub buffer: Option<usize>,
    /// Random steps stored before learning starts [default: quick 1 000, school 10 000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub prefill: Option<usize>,
    /// Transitions per gradient step [default: quick 32, school 64].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub batch_size: Option<usize>,
    /// Adam learning rate [default: quick 2.5e-4, school 1e-4].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub lr: Option<f64>,
    /// Discount factor γ [default: 0.99].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub gamma: Option<f64>,
    /// Steps between refreshes of the target network [default: quick 1 000, school 5 000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub target_every: Option<usize>,
    /// ε at the start [default: 1].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub eps_start: Option<f64>,
    /// ε at the end of its decay [default: 0.1].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub eps_end: Option<f64>,
    /// Steps over which ε falls linearly [default: quick 10 000, school 1 000 000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub eps_decay: Option<usize>,
    /// Largest gradient norm; larger ones are scaled down [default: 50].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub grad_clip: Option<f64>,
    /// Steps between evaluations and checkpoints [default: quick 2 000, school 5 000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub eval_every: Option<usize>,
    /// Lives played at each evaluation [default: 15].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub eval_lives: Option<usize>,
    /// Whole games for the final score [default: quick 10, school 30].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub final_games: Option<usize>,
    /// ε while evaluating [default: 0.05].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub eval_epsilon: Option<f64>,
    /// Transitions summed into each target [default: 1, the notebook's].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub n_step: Option<usize>,
    /// Double DQN targets (true/false) [default: false, the notebook's].
    #[arg(long)]
    pub double: Option<bool>,
    /// Huber loss instead of the squared TD error (true/false) [default: false, the notebook's].
    #[arg(long)]
    pub huber: Option<bool>,
    /// The maze: full (16×16, the lecture's) or small (8×8, one ghost; a DQN beats random play
    /// after about 4 000 steps) [default: full].
    #[arg(long, value_enum)]
    pub maze: Option<Layout>,
}

impl DqnConfig {
    /// The settings of a size preset.
    pub fn preset(preset: Preset) -> Self {
        match preset {
            Preset::Smoke => Self::smoke(),
            Preset::Quick => Self::quick(),
            Preset::School => Self::school(),
        }
    }

    /// The notebook: 4·10⁵ steps, buffer 10⁵ after 10⁴ random steps, batch 64 on a CPU, Adam
    /// 1e-4, target every 5 000, ε 1 → 0.1 over 10⁶ steps (so 0.64 at the end), clip 50.
    pub fn school() -> Self {
        Self {
            total_steps: 400_000,
            buffer: 100_000,
            prefill: 10_000,
            batch_size: 64,
            lr: 1e-4,
            gamma: 0.99,
            target_every: 5_000,
            eps_start: 1.0,
            eps_end: 0.1,
            eps_decay: 1_000_000,
            grad_clip: 50.0,
            eval_every: 5_000,
            eval_lives: 15,
            final_games: 30,
            eval_epsilon: 0.05,
            n_step: 1,
            double: false,
            huber: false,
            maze: Layout::Full,
        }
    }

    /// A few minutes on a laptop CPU: 16 000 steps with batches of 32, ε down to 0.1 by step
    /// 10 000.
    pub fn quick() -> Self {
        Self {
            total_steps: 16_000,
            buffer: 16_000,
            prefill: 1_000,
            batch_size: 32,
            lr: 2.5e-4,
            target_every: 1_000,
            eps_decay: 10_000,
            eval_every: 2_000,
            eval_lives: 15,
            final_games: 10,
            ..Self::school()
        }
    }

    /// Seconds: checks that everything runs.
    pub fn smoke() -> Self {
        Self {
            total_steps: 300,
            buffer: 1_000,
            prefill: 100,
            batch_size: 8,
            target_every: 100,
            eps_decay: 300,
            eval_every: 150,
            eval_lives: 2,
            final_games: 1,
            ..Self::quick()
        }
    }

    /// ε at `step`: linear from `eps_start` to `eps_end` over `eps_decay` steps.
    pub fn epsilon(&self, step: usize) -> f64 {
        let f = (step as f64 / self.eps_decay.max(1) as f64).min(1.0);
        self.eps_start + (self.eps_end - self.eps_start) * f
    }
}

/// What is recorded at each evaluation (the notebook's 2×2 panels).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DqnHistory {
    pub steps: Vec<usize>,
    /// Mean clipped reward per greedy life.
    pub reward_per_life: Vec<f64>,
    /// Mean TD loss since the previous evaluation.
    pub td_loss: Vec<f64>,
    /// Mean max-Q of the start states of the evaluated lives.
    pub initial_v: Vec<f64>,
    /// Mean gradient norm (before clipping) since the previous evaluation.
    pub grad_norm: Vec<f64>,
    pub epsilon: Vec<f64>,
}

/// Saved beside the weights, for `--resume`.
#[derive(Debug, Serialize, Deserialize)]
struct Checkpoint {
    /// For the reader; a resumed run takes the settings it is given.
    #[serde(skip_deserializing, default)]
    config: DqnConfig,
    step: usize,
    history: DqnHistory,
}

fn to_input(frames: &[u8]) -> Tensor {
    let side = ((frames.len() / 4) as f64).sqrt().round() as i64;
    Tensor::from_slice(frames)
        .to_kind(Kind::Float)
        .view([1, 4, side, side])
        / 255.0
}

/// The notebook's TD target r + γ · max_a' Q_target(s', a') for a batch: `rewards` (B),
/// `discount` (B; γ, or 0 where the life ended, so that no value follows) and the target
/// network's Q-values of the next states (B × actions).
pub fn td_target(rewards: &Tensor, discount: &Tensor, next_q: &Tensor) -> Tensor {
    // BEGIN SOLUTION 10.4.2
    rewards + discount * next_q.max_dim(1, false).0
    // END SOLUTION
}

/// Q(s, a) of the actions taken: from the network's Q-values of a batch of states (B × actions)
/// and the actions (B), the B values of those actions.
pub fn taken_q(q: &Tensor, actions: &Tensor) -> Tensor {
    // BEGIN SOLUTION 10.4.4
    q.gather(1, &actions.unsqueeze(1), false).squeeze_dim(1)
    // END SOLUTION
}

/// Q-values of one stacked state.
pub fn q_values(net: &QNet, frames: &[u8]) -> Tensor {
    let _guard = tch::no_grad_guard();
    net.forward(&to_input(frames)).squeeze_dim(0)
}

/// ε-greedy action (the original's recording loop ignored ε: fixed here).
pub fn act<R: Rng>(net: &QNet, frames: &[u8], epsilon: f64, rng: &mut R) -> usize {
    epsilon_greedy(
        || q_values(net, frames).argmax(0, false).int64_value(&[]) as usize,
        epsilon,
        rng,
    )
}

/// With probability `epsilon` one of the [`ACTIONS`] drawn uniformly, otherwise `greedy()` (the
/// network's best action, computed only when needed).
pub fn epsilon_greedy<R: Rng>(greedy: impl FnOnce() -> usize, epsilon: f64, rng: &mut R) -> usize {
    // BEGIN SOLUTION 10.4.1
    if rng.gen::<f64>() < epsilon {
        rng.gen_range(0..ACTIONS)
    } else {
        greedy()
    }
    // END SOLUTION
}

/// The action of the trained network (ε-greedy), or a random one without a network.
fn policy_action<R: Rng>(net: Option<&QNet>, frames: &[u8], epsilon: f64, rng: &mut R) -> usize {
    match net {
        Some(n) => act(n, frames, epsilon, rng),
        None => rng.gen_range(0..ACTIONS),
    }
}

/// Mean clipped reward per life and mean initial V over `lives` lives on `maze`, acting
/// ε-greedily with `epsilon`; `net` None plays at random.
pub fn evaluate<R: Rng>(
    net: Option<&QNet>,
    maze: Layout,
    lives: usize,
    epsilon: f64,
    seed: u64,
    rng: &mut R,
) -> (f64, f64) {
    let mut env = MazeEnv::new(maze, seed, true);
    let (mut total, mut v0) = (0.0, 0.0);
    for _ in 0..lives {
        let mut s = env.reset(rng);
        if let Some(n) = net {
            v0 += q_values(n, &s).max().double_value(&[]);
        }
        loop {
            let a = policy_action(net, &s, epsilon, rng);
            let step = env.step(a);
            total += step.reward;
            s = step.obs;
            if step.done {
                break;
            }
        }
    }
    (total / lives.max(1) as f64, v0 / lives.max(1) as f64)
}

/// Mean unclipped score of whole games (three lives each) on `maze`, acting ε-greedily with
/// `epsilon`.
pub fn game_score<R: Rng>(
    net: Option<&QNet>,
    maze: Layout,
    games: usize,
    epsilon: f64,
    seed: u64,
    rng: &mut R,
) -> f64 {
    let mut total = 0.0;
    for g in 0..games {
        let mut env = MazeEnv::new(maze, seed.wrapping_add(1000 + g as u64), false);
        let mut s = env.reset(rng);
        loop {
            let a = policy_action(net, &s, epsilon, rng);
            let step = env.step(a);
            total += step.reward;
            if env.game.game_over() {
                break;
            }
            s = if step.done { env.reset(rng) } else { step.obs };
        }
    }
    total / games.max(1) as f64
}

/// A game's frames (raw RGB) and its unclipped score, acting ε-greedily, for the GIF.
pub fn game_frames<R: Rng>(
    net: &QNet,
    maze: Layout,
    epsilon: f64,
    seed: u64,
    max_frames: usize,
    rng: &mut R,
) -> (Vec<Vec<u8>>, f64) {
    let mut env = MazeEnv::new(maze, seed, false);
    let mut s = env.reset(rng);
    let (mut frames, mut score) = (vec![env.game.render()], 0.0);
    while !env.game.game_over() && frames.len() < max_frames {
        let step = env.step(act(net, &s, epsilon, rng));
        score += step.reward;
        frames.push(env.game.render());
        s = if step.done && !env.game.game_over() {
            env.reset(rng)
        } else {
            step.obs
        };
    }
    (frames, score)
}

/// The trained network and what was recorded.
#[derive(Debug)]
pub struct DqnRun {
    pub vs: nn::VarStore,
    pub net: QNet,
    pub history: DqnHistory,
    pub steps_done: usize,
    pub seconds: f64,
}

/// Train (or resume from the checkpoint in `dir`), writing a checkpoint at every evaluation.
pub fn train<R: Rng>(
    cfg: &DqnConfig,
    seed: u64,
    dir: &Path,
    resume: bool,
    rng: &mut R,
) -> Result<DqnRun> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let (weights, state_file) = (dir.join("online.safetensors"), dir.join("state.json"));
    let mut vs = nn::VarStore::new(tch::Device::Cpu);
    let side = cfg.maze.side();
    let net = QNet::new(&vs.root(), side, ACTIONS as i64);
    let mut target_vs = nn::VarStore::new(tch::Device::Cpu);
    let target = QNet::new(&target_vs.root(), side, ACTIONS as i64);
    let (mut start, mut history) = (0, DqnHistory::default());
    if resume {
        let text = std::fs::read_to_string(&state_file)
            .with_context(|| format!("{}: no checkpoint to resume from", state_file.display()))?;
        let ck: Checkpoint = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a DQN checkpoint", state_file.display()))?;
        vs.load(&weights)
            .with_context(|| format!("loading {}", weights.display()))?;
        start = ck.step;
        history = ck.history;
        println!("resuming from step {start} (the replay buffer is refilled)");
    }
    target_vs.copy(&vs)?;
    let mut opt = nn::Adam::default().build(&vs, cfg.lr)?;
    let mut replay = Replay::new(cfg.buffer, side);
    let mut env = MazeEnv::new(cfg.maze, seed, true);
    let mut s = env.reset(rng);
    let mut first = true;

    // Fill the buffer before learning: at random on a fresh start, with the current ε on resume.
    for _ in 0..cfg.prefill {
        let eps = if resume { cfg.epsilon(start) } else { 1.0 };
        let a = act(&net, &s, eps, rng);
        let step = env.step(a);
        replay.push(&s, a, step.reward, step.done, first);
        first = step.done;
        s = if step.done { env.reset(rng) } else { step.obs }; // the original kept the old state
    }

    let timer = Instant::now();
    let progress = common::history::Progress::counting(
        "DQN training steps",
        cfg.total_steps.saturating_sub(start),
        "TD loss",
    );
    let (mut loss_sum, mut norm_sum, mut n_updates) = (0.0, 0.0, 0usize);
    for step_no in start + 1..=cfg.total_steps {
        let eps = cfg.epsilon(step_no);
        let a = act(&net, &s, eps, rng);
        let step = env.step(a);
        replay.push(&s, a, step.reward, step.done, first);
        first = step.done;
        s = if step.done { env.reset(rng) } else { step.obs };

        if let Some(b) = replay.sample_n(cfg.batch_size, cfg.n_step, cfg.gamma, rng) {
            let q = taken_q(&net.forward(&b.states), &b.actions);
            let target_q = tch::no_grad(|| {
                let next = target.forward(&b.next_states);
                if cfg.double {
                    let pick = net.forward(&b.next_states).argmax(1, true);
                    let next_value = next.gather(1, &pick, false).squeeze_dim(1);
                    &b.rewards + &b.discount * next_value
                } else {
                    td_target(&b.rewards, &b.discount, &next)
                }
            });
            let loss = if cfg.huber {
                q.huber_loss(&target_q, tch::Reduction::Mean, 1.0)
            } else {
                q.mse_loss(&target_q, tch::Reduction::Mean)
            };
            opt.zero_grad();
            loss.backward();
            let norm = tch::no_grad(|| {
                vs.trainable_variables()
                    .iter()
                    .map(|v| v.grad().square().sum(Kind::Double).double_value(&[]))
                    .sum::<f64>()
                    .sqrt()
            });
            opt.clip_grad_norm(cfg.grad_clip);
            opt.step();
            let l = loss.double_value(&[]);
            loss_sum += l;
            norm_sum += norm;
            n_updates += 1;
            progress.step(l);
        }
        if step_no % cfg.target_every == 0 {
            target_vs.copy(&vs)?;
        }
        if step_no % cfg.eval_every == 0 || step_no == cfg.total_steps {
            let (reward, v0) = evaluate(
                Some(&net),
                cfg.maze,
                cfg.eval_lives,
                cfg.eval_epsilon,
                seed.wrapping_add(step_no as u64),
                rng,
            );
            history.steps.push(step_no);
            history.reward_per_life.push(reward);
            history.initial_v.push(v0);
            history.td_loss.push(loss_sum / n_updates.max(1) as f64);
            history.grad_norm.push(norm_sum / n_updates.max(1) as f64);
            history.epsilon.push(eps);
            (loss_sum, norm_sum, n_updates) = (0.0, 0.0, 0);
            progress.println(&format!(
                "step {step_no:>7}  ε {eps:.3}  reward/life {reward:>6.2}  TD loss {:.4}  initial V {v0:.3}  grad norm {:.3}  ({:.0} steps/s)",
                history.td_loss.last().unwrap_or(&0.0),
                history.grad_norm.last().unwrap_or(&0.0),
                (step_no - start) as f64 / timer.elapsed().as_secs_f64().max(1e-9)
            ));
            vs.save(&weights)?;
            let ck = Checkpoint {
                config: cfg.clone(),
                step: step_no,
                history: history.clone(),
            };
            std::fs::write(&state_file, serde_json::to_string_pretty(&ck)?)
                .with_context(|| format!("writing {}", state_file.display()))?;
        }
    }
    progress.finish();
    Ok(DqnRun {
        vs,
        net,
        history,
        steps_done: cfg.total_steps.saturating_sub(start),
        seconds: timer.elapsed().as_secs_f64(),
    })
}
