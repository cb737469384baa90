//! Lecture 10.4, the DQN on the maze game: its computation (example screens, training,
//! evaluation against random play, a greedy game) and its presentation.

use anyhow::Result;
use common::plot::{self, ColorMapKind, RGBColor, Series, XyPlot};
use common::report::Report;
use rand::Rng;
use serde::Serialize;

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
    let raw = ((rgb.len() / 3) as f64).sqrt().round() as usize;
    plot::GridImage {
        width: raw,
        height: raw,
        pixels: vec![0.0; raw * raw],
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
    let mut game = Maze::new(cfg.maze, seed);
    let mut raw = Vec::new();
    for _ in 0..10 {
        raw.push(game.render());
        for _ in 0..3 {
            game.play(rng.gen_range(0..crate::maze::ACTIONS));
        }
    }
    let vs_summary = tch::nn::VarStore::new(tch::Device::Cpu);
    let (side, actions) = (cfg.maze.side(), crate::maze::ACTIONS as i64);
    let _net = crate::model::QNet::new(&vs_summary.root(), side, actions);
    let layers = crate::model::QNet::layers(side, actions);
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
    let (maze, games) = (cfg.maze, cfg.final_games);
    let (trained_life, _) = dqn::evaluate(Some(&run.net), maze, lives, e, seed ^ 0xfeed, &mut rng);
    let (random_life, _) = dqn::evaluate(None, maze, lives, 1.0, seed ^ 0xfeed, &mut rng);
    let trained_score = dqn::game_score(Some(&run.net), maze, games, e, seed, &mut rng);
    let greedy_score = dqn::game_score(Some(&run.net), maze, games, 0.0, seed, &mut rng);
    let random_score = dqn::game_score(None, maze, games, 1.0, seed, &mut rng);
    let minutes = run.seconds / 60.0;
    let steps_per_second = run.steps_done as f64 / run.seconds.max(1e-9);
    println!(
        "after {} steps ({minutes:.1} min, {steps_per_second:.0} steps/s): score {trained_score:.1} per game (ε = {e}; fully greedy {greedy_score:.1}) vs {random_score:.1} at random; reward per life {trained_life:.2} vs {random_life:.2}: {}",
        cfg.total_steps,
        dqn_verdict(trained_score, random_score, trained_life, random_life)
    );
    let (frames, gif_score) = dqn::game_frames(&run.net, maze, 0.0, seed ^ 0xbeef, 400, &mut rng);
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
    use crate::maze::preprocess;
    let (raw_side, side) = (cfg.maze.raw(), cfg.maze.side());
    let raw_images: Vec<plot::GridImage> = o
        .screens
        .iter()
        .enumerate()
        .map(|(i, f)| frame_image(f, format!("raw {i}")))
        .collect();
    let raw = report.save("dqn_raw_frames.png", |p| {
        let title = format!("Raw {raw_side}×{raw_side} screens");
        plot::image_grid(p, &title, &raw_images, 5, ColorMapKind::Gray)
    })?;
    let pre: Vec<plot::GridImage> = o
        .screens
        .iter()
        .enumerate()
        .map(|(i, f)| plot::GridImage {
            width: side,
            height: side,
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
        let title = format!("Preprocessed {side}×{side} inputs");
        plot::image_grid(p, &title, &pre, 5, ColorMapKind::Gray)
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
    let maze = match cfg.maze {
        crate::maze::Layout::Full => {
            "a 16×16 maze game of the same kind (pellets, two ghosts, three lives, nine \
             actions, 4-frame stacks of 64×64 grey frames)"
        }
        crate::maze::Layout::Small => {
            "a maze game of the same kind, here its small 8×8 maze (pellets, one ghost, \
             three lives, nine actions, 4-frame stacks of 32×32 grey frames)"
        }
    };
    report.text(&format!(
        "The game differs from the original: Atari's MsPacman cannot be had, so {maze} stands in, and scores are not \
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
