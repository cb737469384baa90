//! The lecture's tasks as runs: printing, figures and the report. The algorithms live in
//! their own modules.

use crate::approx_cem::{self, ApproxCemConfig};
use crate::cem::{self, CemConfig, IterationStats};
use crate::env::{Env, TimeLimit};
use crate::model::PolicyNet;
use crate::mountain_car::{
    hand_policy, MountainCar, GOAL_POSITION, MAX_POSITION, MAX_SPEED, MIN_POSITION,
};
use anyhow::Result;
use common::plot::{self, ColorMapKind, Contour, RGBColor, Series, XyPlot, PALETTE};
use common::report::Report;
use rand::Rng;
use serde::Serialize;
use tch::nn;

/// The step limit of exercise 1.
pub const HAND_LIMIT: usize = 251;

/// Run the hand policy from `start` under the time limit; returns the positions visited and
/// whether the flag was reached.
pub fn hand_episode(start: MountainCar) -> (Vec<MountainCar>, bool) {
    let mut env = TimeLimit::new(start, HAND_LIMIT);
    let mut obs = start.obs();
    let mut states = vec![start];
    loop {
        let s = env.step(hand_policy(&obs));
        obs = s.obs;
        states.push(env.env);
        if s.done {
            return (states, true);
        }
        if s.truncated {
            return (states, false);
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MountainCarOutcome {
    pub reset_obs: [f32; 2],
    pub first_step_obs: [f32; 2],
    pub episode_steps: usize,
    pub sweep_starts: usize,
    pub sweep_successes: usize,
    pub sweep_max_steps: usize,
}

fn car_frame(state: &MountainCar, step: usize) -> XyPlot {
    let track: Vec<(f64, f64)> = (0..=120)
        .map(|i| {
            let x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i as f64 / 120.0;
            (x, MountainCar::height(x))
        })
        .collect();
    let flag = vec![
        (GOAL_POSITION, MountainCar::height(GOAL_POSITION)),
        (GOAL_POSITION, MountainCar::height(GOAL_POSITION) + 0.15),
    ];
    let x = state.position;
    let car: Vec<(f64, f64)> = (-2..=2)
        .map(|d| (x + 0.02 * d as f64, MountainCar::height(x) + 0.04))
        .collect();
    XyPlot {
        title: format!(
            "MountainCar, hand policy: step {step}, velocity {:+.4}",
            state.velocity
        ),
        x_label: "position".into(),
        y_label: "height".into(),
        series: vec![
            Series::line("", track).color(plot::BLACK),
            Series::line("", flag).color(PALETTE[1]),
            Series::points("", car).color(PALETTE[3]),
        ],
        x_range: Some((MIN_POSITION, MAX_POSITION)),
        y_range: Some((0.0, 1.15)),
        log_x: false,
        log_y: false,
        legend_upper_right: false,
        x_names: Vec::new(),
    }
}

/// Exercise 1: the dynamics, the hand policy, a GIF of an episode, a sweep of starts.
pub fn mountain_car(seed: u64, sweep: usize, report: &mut Report) -> Result<MountainCarOutcome> {
    // The recorded reset and first step: [−0.4607, 0] → action 2 → [−0.46016, 0.000531].
    let mut env = MountainCar::at(-0.4607, 0.0);
    let reset_obs = env.obs();
    let first_step_obs = env.step(2).obs;
    println!(
        "MountainCar-v0: from [{:.4}, {:.0}], action 2 gives [{:.5}, {:.6}]",
        reset_obs[0], reset_obs[1], first_step_obs[0], first_step_obs[1]
    );

    let mut rng = common::seed::stream(seed, "rl/mountain-car");
    let mut start = MountainCar::default();
    start.reset(&mut rng);
    let (states, reached) = hand_episode(start);
    let steps = states.len() - 1;
    println!(
        "hand policy from position {:.4}: {} after {steps} steps",
        start.position,
        if reached {
            "reached the flag"
        } else {
            "did not reach the flag"
        }
    );
    let frames: Vec<XyPlot> = states
        .iter()
        .enumerate()
        .step_by(2)
        .map(|(i, s)| car_frame(s, i))
        .collect();
    plot::xy_animation(
        &report.path("mountain_car_hand.gif"),
        (480, 320),
        40,
        &frames,
    )?;
    plot::xy(
        &report.path("mountain_car_hand.png"),
        &XyPlot {
            title: "Hand policy: position and velocity per step".into(),
            x_label: "step".into(),
            y_label: "position / (10 × velocity)".into(),
            series: vec![
                Series::line(
                    "position",
                    states
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (i as f64, s.position))
                        .collect(),
                ),
                Series::line(
                    "10 × velocity",
                    states
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (i as f64, 10.0 * s.velocity))
                        .collect(),
                ),
                Series::dashed(
                    "goal",
                    vec![(0.0, GOAL_POSITION), (steps as f64, GOAL_POSITION)],
                ),
            ],
            ..Default::default()
        },
    )?;
    let (mut successes, mut max_steps) = (0, 0);
    for i in 0..sweep {
        let x = -0.6 + 0.2 * i as f64 / (sweep.max(2) - 1) as f64;
        let (s, ok) = hand_episode(MountainCar::at(x, 0.0));
        successes += usize::from(ok);
        max_steps = max_steps.max(s.len() - 1);
    }
    println!("sweep of {sweep} starts in [−0.6, −0.4]: {successes} reached the flag, at most {max_steps} steps");

    report.section("Lecture 10.3 — MountainCar and a hand-written policy");
    report.compare(
        "L10.3 reset observation",
        "[−0.4607, 0]",
        format!("[{:.4}, {:.0}] (set)", reset_obs[0], reset_obs[1]),
    );
    report.compare(
        "L10.3 after action 2",
        "[−0.46016, 0.000531]",
        format!("[{:.5}, {:.6}]", first_step_obs[0], first_step_obs[1]),
    );
    report.compare(
        "L10.3 hand policy",
        "reaches the flag within 251 steps",
        format!("{successes}/{sweep} starts, at most {max_steps} steps"),
    );
    report.figure("mountain_car_hand.gif", "An episode of the hand policy");
    report.figure(
        "mountain_car_hand.png",
        "Position and velocity during that episode",
    );
    let outcome = MountainCarOutcome {
        reset_obs,
        first_step_obs,
        episode_steps: steps,
        sweep_starts: sweep,
        sweep_successes: successes,
        sweep_max_steps: max_steps,
    };
    report.metric("mountain_car", &outcome)?;
    report.write()?;
    Ok(outcome)
}

fn progress_figure(path: &std::path::Path, title: &str, history: &[IterationStats]) -> Result<()> {
    let series = |f: fn(&IterationStats) -> f64| {
        history
            .iter()
            .enumerate()
            .map(|(i, h)| ((i + 1) as f64, f(h)))
            .collect()
    };
    // The first iterations score far lower (−50 000 on CliffWalking) than the rest; a range
    // over the last four fifths keeps the convergence visible, the start running off the axis.
    let later: Vec<f64> = history
        .iter()
        .skip(history.len() / 5)
        .flat_map(|h| [h.mean_reward, h.threshold])
        .filter(|v| v.is_finite())
        .collect();
    let lo = later.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = later.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.1).max(1.0);
    plot::xy(
        path,
        &XyPlot {
            title: title.into(),
            x_label: "iteration".into(),
            y_label: "reward".into(),
            series: vec![
                Series::line("mean reward", series(|h| h.mean_reward)),
                Series::dashed("threshold", series(|h| h.threshold)),
            ],
            y_range: lo.is_finite().then_some((lo - pad, hi + pad)),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// Exercise 2: tabular CEM on CliffWalking.
pub fn cem_cliff(cfg: &CemConfig, seed: u64, report: &mut Report) -> Result<cem::CemRun> {
    let mut rng = common::seed::stream(seed, "rl/cem-cliff");
    let initial: Vec<f64> = (0..200)
        .map(|_| cem::play(&cem::uniform(), cfg.t_max, &mut rng).reward)
        .collect();
    let (p50, p90) = (
        cem::percentile(&initial, 50.0),
        cem::percentile(&initial, 90.0),
    );
    println!("CliffWalking, uniform policy: 200 sessions, median reward {p50:.1}, 90th percentile {p90:.1}");
    plot::histogram(
        &report.path("cem_cliff_initial.png"),
        "Rewards of the uniform policy (200 sessions)",
        "reward",
        &initial,
        40,
        &[("50th percentile", p50), ("90th percentile", p90)],
    )?;
    let run = cem::train(cfg, &mut rng);
    progress_figure(
        &report.path("cem_cliff_progress.png"),
        "CEM on CliffWalking",
        &run.history,
    )?;
    let last = run
        .history
        .last()
        .map_or((f64::NAN, f64::NAN), |h| (h.mean_reward, h.threshold));
    plot::histogram(
        &report.path("cem_cliff_last.png"),
        "Rewards in the last iteration",
        "reward",
        &run.last_rewards,
        40,
        &[("threshold", last.1)],
    )?;
    report.section("Lecture 10.3 — the cross-entropy method on CliffWalking");
    report.compare(
        "L10.3 CEM CliffWalking mean reward (last iteration)",
        "−14.19 (optimum −13)",
        format!("{:.2}", last.0),
    );
    report.compare(
        "L10.3 CEM CliffWalking threshold",
        "−15.0",
        format!("{:.1}", last.1),
    );
    report.text(&format!(
        "{} iterations of {} sessions, elite at or above the {}th percentile, smoothing {}.",
        cfg.iterations, cfg.sessions, cfg.percentile, cfg.learning_rate
    ));
    report.figure(
        "cem_cliff_initial.png",
        "Rewards of the uniform policy with the 50th and 90th percentiles",
    );
    report.figure(
        "cem_cliff_progress.png",
        "Mean reward and threshold per iteration",
    );
    report.figure("cem_cliff_last.png", "Rewards of the last iteration");
    report.metric(
        "cem_cliff",
        serde_json::json!({ "config": cfg, "seed": seed, "run": &run }),
    )?;
    report.write()?;
    Ok(run)
}

/// The approximate CEM on MountainCar, with the learned policy map.
pub fn cem_mountain(
    cfg: &ApproxCemConfig,
    seed: u64,
    report: &mut Report,
) -> Result<approx_cem::ApproxRun> {
    tch::manual_seed(seed as i64);
    let vs = nn::VarStore::new(tch::Device::Cpu);
    let net = PolicyNet::new(&vs.root(), 2, 3);
    let mut rng = common::seed::stream(seed, "rl/cem-mountain");
    let run = approx_cem::train(&net, &vs, cfg, &mut rng)?;
    progress_figure(
        &report.path("cem_mountain_progress.png"),
        "Approximate CEM on MountainCar",
        &run.history,
    )?;

    // The policy map: action probabilities over position × velocity, as RGB (left, none, right).
    let n = 100;
    let grid: Vec<[f32; 2]> = (0..n * n)
        .map(|k| {
            let (i, j) = (k % n, k / n);
            let x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * (i as f64 + 0.5) / n as f64;
            let v = -MAX_SPEED + 2.0 * MAX_SPEED * (j as f64 + 0.5) / n as f64;
            [x as f32, v as f32]
        })
        .collect();
    let probs = approx_cem::probabilities(&net, &grid)?;
    let colors: Vec<RGBColor> = probs
        .iter()
        .map(|p| {
            RGBColor(
                (255.0 * p[0]) as u8,
                (255.0 * p[1]) as u8,
                (255.0 * p[2]) as u8,
            )
        })
        .collect();
    let episode = approx_cem::play(&net, 1, cfg.t_max, &mut rng)?
        .pop()
        .unwrap_or_default();
    let trajectory: Vec<(f64, f64)> = episode
        .obs
        .iter()
        .map(|o| (f64::from(o[0]), f64::from(o[1])))
        .collect();
    println!(
        "a sampled episode of the learned policy: reward {}",
        episode.reward
    );
    plot::contour(
        &report.path("cem_mountain_policy.png"),
        &Contour {
            title: "Learned policy: red = left, green = none, blue = right".into(),
            x_label: "position".into(),
            y_label: "velocity".into(),
            x_range: (MIN_POSITION, MAX_POSITION),
            y_range: (-MAX_SPEED, MAX_SPEED),
            nx: n,
            ny: n,
            values: vec![0.0; n * n],
            levels: 2,
            overlay: vec![Series::line("an episode", trajectory).color(plot::WHITE)],
            cmap: ColorMapKind::Gray,
            colors: Some(colors),
        },
    )?;
    let last = run
        .history
        .last()
        .map_or((f64::NAN, f64::NAN), |h| (h.mean_reward, h.threshold));
    report.section("Lecture 10.3 — the approximate cross-entropy method on MountainCar");
    report.compare(
        "L10.3 approximate CEM mean reward (last iteration)",
        "−182.4",
        format!("{:.1}", last.0),
    );
    report.compare(
        "L10.3 approximate CEM threshold",
        "−158.7",
        format!("{:.1}", last.1),
    );
    report.text(&format!(
        "{} iterations of {} sessions (at most {} steps), elite above the {}th percentile, one Adam pass (lr {}) per \
         iteration. A sampled episode of the final policy took {} steps.",
        cfg.iterations, cfg.sessions, cfg.t_max, cfg.percentile, cfg.lr, episode.actions.len()
    ));
    report.figure(
        "cem_mountain_progress.png",
        "Mean reward and threshold per iteration",
    );
    report.figure(
        "cem_mountain_policy.png",
        "Action probabilities over the state space, with an episode",
    );
    report.metric(
        "cem_mountain",
        serde_json::json!({ "config": cfg, "seed": seed, "run": &run }),
    )?;
    report.write()?;
    Ok(run)
}

/// The numbers of a DQN run.
#[derive(Debug, Serialize)]
pub struct DqnOutcome {
    pub steps: usize,
    pub minutes: f64,
    pub steps_per_second: f64,
    pub trained_score: f64,
    pub greedy_score: f64,
    pub random_score: f64,
    pub trained_reward_per_life: f64,
    pub random_reward_per_life: f64,
    pub history: crate::dqn::DqnHistory,
    #[serde(skip)]
    pub parameters: i64,
    /// Ten raw screens of a game played at random.
    #[serde(skip)]
    pub screens: Vec<Vec<u8>>,
    /// The screens of a greedy game of the trained agent, and its score.
    #[serde(skip)]
    pub greedy_frames: Vec<Vec<u8>>,
    #[serde(skip)]
    pub greedy_frames_score: f64,
    /// How the trained agent compares with random play, in words.
    pub verdict: String,
}

/// The trained agent against random play: "clearly better" when it beats random play by at
/// least 15 % both per game and per life, "no better than random play" when it does not beat it
/// on either, "about as good as random play" otherwise.
pub fn dqn_verdict(
    trained_score: f64,
    random_score: f64,
    trained_life: f64,
    random_life: f64,
) -> &'static str {
    let score = trained_score / random_score.max(1e-9);
    let life = trained_life / random_life.max(1e-9);
    if score >= 1.15 && life >= 1.15 {
        "clearly better than random play"
    } else if score <= 1.0 && life <= 1.0 {
        "no better than random play"
    } else {
        "about as good as random play (within the noise of the evaluation)"
    }
}

fn frame_image(rgb: &[u8], title: String) -> plot::GridImage {
    use crate::maze::RAW;
    plot::GridImage {
        width: RAW,
        height: RAW,
        pixels: vec![0.0; RAW * RAW],
        title,
        title_color: plot::BLACK,
        colors: Some(
            rgb.chunks_exact(3)
                .map(|p| RGBColor(p[0], p[1], p[2]))
                .collect(),
        ),
    }
}

/// The DQN task's computation: example screens, the training (checkpointed, resumable), the
/// trained agent against random play, and a greedy game's frames. Writes only its checkpoints.
pub fn dqn_compute(
    cfg: &crate::dqn::DqnConfig,
    seed: u64,
    resume: bool,
    dir: &std::path::Path,
) -> Result<DqnOutcome> {
    use crate::dqn;
    use crate::maze::Maze;

    // The screens the figures show, drawn from the run's stream before training.
    let mut rng = common::seed::stream(seed, "rl/dqn");
    let mut game = Maze::new(seed);
    let mut raw = Vec::new();
    for _ in 0..10 {
        raw.push(game.render());
        for _ in 0..3 {
            game.play(rng.gen_range(0..crate::maze::ACTIONS));
        }
    }
    let vs_summary = tch::nn::VarStore::new(tch::Device::Cpu);
    let _net = crate::model::QNet::new(&vs_summary.root(), crate::maze::ACTIONS as i64);
    let layers = crate::model::QNet::layers(crate::maze::ACTIONS as i64);
    println!("{}", common::summary::render("dqn", &vs_summary, &layers));
    println!(
        "training for {} steps (ε {} → {} over {} steps), checkpoints in {}",
        cfg.total_steps,
        cfg.eps_start,
        cfg.eps_end,
        cfg.eps_decay,
        dir.display()
    );
    let run = dqn::train(cfg, seed, dir, resume, &mut rng)?;
    let e = cfg.eval_epsilon;
    let lives = cfg.eval_lives.max(15);
    let (trained_life, _) = dqn::evaluate(Some(&run.net), lives, e, seed ^ 0xfeed, &mut rng);
    let (random_life, _) = dqn::evaluate(None, lives, 1.0, seed ^ 0xfeed, &mut rng);
    let trained_score = dqn::game_score(Some(&run.net), cfg.final_games, e, seed, &mut rng);
    let greedy_score = dqn::game_score(Some(&run.net), cfg.final_games, 0.0, seed, &mut rng);
    let random_score = dqn::game_score(None, cfg.final_games, 1.0, seed, &mut rng);
    let minutes = run.seconds / 60.0;
    let steps_per_second = run.steps_done as f64 / run.seconds.max(1e-9);
    println!(
        "after {} steps ({minutes:.1} min, {steps_per_second:.0} steps/s): score {trained_score:.1} per game (ε = {e}; fully greedy {greedy_score:.1}) vs {random_score:.1} at random; reward per life {trained_life:.2} vs {random_life:.2}: {}",
        cfg.total_steps,
        dqn_verdict(trained_score, random_score, trained_life, random_life)
    );
    let (frames, gif_score) = dqn::game_frames(&run.net, 0.0, seed ^ 0xbeef, 400, &mut rng);
    Ok(DqnOutcome {
        steps: cfg.total_steps,
        minutes,
        steps_per_second,
        trained_score,
        greedy_score,
        random_score,
        trained_reward_per_life: trained_life,
        random_reward_per_life: random_life,
        history: run.history,
        parameters: common::summary::count(&vs_summary, &layers).total,
        screens: raw,
        greedy_frames: frames,
        greedy_frames_score: gif_score,
        verdict: dqn_verdict(trained_score, random_score, trained_life, random_life).into(),
    })
}

/// Figures, report text and metrics of [`dqn_compute`]'s outcome.
pub fn dqn_present(
    cfg: &crate::dqn::DqnConfig,
    seed: u64,
    o: &DqnOutcome,
    report: &mut Report,
) -> Result<()> {
    use crate::maze::{preprocess, SIDE};
    let raw_images: Vec<plot::GridImage> = o
        .screens
        .iter()
        .enumerate()
        .map(|(i, f)| frame_image(f, format!("raw {i}")))
        .collect();
    let raw = report.save("dqn_raw_frames.png", |p| {
        plot::image_grid(p, "Raw 128×128 screens", &raw_images, 5, ColorMapKind::Gray)
    })?;
    let pre: Vec<plot::GridImage> = o
        .screens
        .iter()
        .enumerate()
        .map(|(i, f)| plot::GridImage {
            width: SIDE,
            height: SIDE,
            pixels: preprocess(f)
                .iter()
                .map(|&v| f32::from(v) / 255.0)
                .collect(),
            title: format!("input {i}"),
            title_color: plot::BLACK,
            colors: None,
        })
        .collect();
    let inputs = report.save("dqn_preprocessed_frames.png", |p| {
        plot::image_grid(p, "Preprocessed 64×64 inputs", &pre, 5, ColorMapKind::Gray)
    })?;
    let h = &o.history;
    let series = |v: &[f64]| {
        h.steps
            .iter()
            .zip(v)
            .map(|(&s, &y)| (s as f64, y))
            .collect::<Vec<_>>()
    };
    let panel = |title: &str, y_label: &str, y: &[f64]| XyPlot {
        title: title.into(),
        x_label: "step".into(),
        y_label: y_label.into(),
        series: vec![Series::line("", series(y))],
        ..Default::default()
    };
    let mut reward = panel(
        "Reward per life (evaluation, clipped)",
        "reward per life",
        &h.reward_per_life,
    );
    reward.series[0].name = "agent".into();
    if let (Some(&first), Some(&last)) = (h.steps.first(), h.steps.last()) {
        let r = o.random_reward_per_life;
        reward.series.push(
            Series::dashed("random play", vec![(first as f64, r), (last as f64, r)])
                .color(plot::RED),
        );
    }
    let panels = [
        reward,
        panel("TD loss", "mean TD loss", &h.td_loss),
        panel("Initial state V", "max Q at the start", &h.initial_v),
        panel("Gradient norm", "norm before clipping", &h.grad_norm),
    ];
    let training = report.save("dqn_training.png", |p| plot::panels(p, &panels, 2))?;
    let gif: Vec<plot::GridImage> = o
        .greedy_frames
        .iter()
        .enumerate()
        .map(|(i, f)| frame_image(f, format!("greedy agent, step {i}")))
        .collect();
    let agent = report.save("dqn_agent.gif", |p| {
        plot::image_animation(p, &gif, 3, 80, ColorMapKind::Gray)
    })?;
    let (e, minutes) = (cfg.eval_epsilon, o.minutes);
    let (trained_score, greedy_score, random_score) =
        (o.trained_score, o.greedy_score, o.random_score);
    let (trained_life, random_life) = (o.trained_reward_per_life, o.random_reward_per_life);
    report.section("Lecture 10.4 — DQN on the maze game (stand-in for MsPacman)");
    report.text(&format!(
        "**Verdict: after {} steps the agent is {}** (score per game {trained_score:.1} against {random_score:.1}, \
         clipped reward per life {trained_life:.2} against {random_life:.2}).",
        cfg.total_steps, o.verdict
    ));
    report.compare(
        "L10.4 network parameters",
        "≈ 829 k",
        o.parameters.to_string(),
    );
    report.compare("L10.4 final score", "3 033.3 on MsPacman after 4·10⁵ steps (GPU, 1 h 15 min)", format!("{trained_score:.1} per maze game after {} steps ({minutes:.1} min on this CPU); random play {random_score:.1}", cfg.total_steps));
    report.compare(
        "L10.4 training speed",
        "88.7 steps/s (GPU)",
        format!("{:.0} steps/s", o.steps_per_second),
    );
    report.text(&format!(
        "The game differs from the original: Atari's MsPacman cannot be had, so a maze game of the same kind (pellets, \
         two ghosts, three lives, nine actions, 4-frame stacks of 64×64 grey frames) stands in, and scores are not \
         comparable. Evaluation acts with ε = {e} (the notebook's was fully greedy, which in a maze lets a \
         deterministic policy pace between two cells until a ghost comes): reward per life (clipped) {trained_life:.2} \
         against {random_life:.2} for random play; score per game {trained_score:.1}, fully greedy {greedy_score:.1}, \
         random {random_score:.1}. The greedy game in the GIF scored {:.0}. Fixed from the original: ε is used while \
         recording, and the state is reassigned after a reset.",
        o.greedy_frames_score
    ));
    report.figure(&raw, "Raw screens");
    report.figure(&inputs, "Preprocessed network inputs");
    report.figure(
        &training,
        "Training: reward per life, TD loss, initial V, gradient norm",
    );
    report.figure(&agent, "A greedy game of the trained agent");
    report.metric(
        "dqn",
        serde_json::json!({ "config": cfg, "seed": seed, "outcome": o }),
    )?;
    Ok(())
}

/// Lecture 10.4: DQN on the maze game, with its frames, training panels and a GIF of the agent.
pub fn dqn(
    cfg: &crate::dqn::DqnConfig,
    seed: u64,
    resume: bool,
    report: &mut Report,
) -> Result<DqnOutcome> {
    let outcome = dqn_compute(cfg, seed, resume, &report.path("dqn"))?;
    dqn_present(cfg, seed, &outcome, report)?;
    report.write()?;
    Ok(outcome)
}
