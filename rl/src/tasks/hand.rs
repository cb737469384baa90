//! Lecture 10.3, exercise 1: MountainCar-v0's dynamics and a hand-written policy, with an
//! animated episode and a sweep of starts.

use crate::env::{Env, TimeLimit};
use crate::mountain_car::{hand_policy, MountainCar, GOAL_POSITION, MAX_POSITION, MIN_POSITION};
use anyhow::Result;
use common::cli::{positive, Preset};
use common::plot::{self, Series, XyPlot, PALETTE};
use common::report::Report;
use common::task::{Context, Task};
use serde::{Deserialize, Serialize};

/// The step limit of exercise 1.
pub const HAND_LIMIT: usize = 251;

/// Settings of `mountain-car`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Starts of the sweep over [−0.6, −0.4] that the hand policy is tried from.
    pub sweep: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self { sweep: 21 }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Starts of the sweep over [−0.6, −0.4] that the hand policy is tried from [default: 21].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub sweep: Option<usize>,
}

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

/// What exercise 1 found.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub reset_obs: [f32; 2],
    pub first_step_obs: [f32; 2],
    pub episode_steps: usize,
    pub episode_reached_flag: bool,
    pub sweep_starts: usize,
    pub sweep_successes: usize,
    pub sweep_max_steps: usize,
    /// The states of the seeded episode.
    #[serde(skip)]
    pub states: Vec<MountainCar>,
}

/// `mountain-car`: exercise 1.
pub struct HandPolicy;

impl Task for HandPolicy {
    const NAME: &'static str = "mountain_car";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_preset: Preset) -> Config {
        Config::default()
    }

    fn compute(config: &Config, ctx: &Context) -> Result<Outcome> {
        // The recorded reset and first step: [−0.4607, 0] → action 2 → [−0.46016, 0.000531].
        let mut env = MountainCar::at(-0.4607, 0.0);
        let reset_obs = env.obs();
        let first_step_obs = env.step(2).obs;
        println!(
            "MountainCar-v0: from [{:.4}, {:.0}], action 2 gives [{:.5}, {:.6}]",
            reset_obs[0], reset_obs[1], first_step_obs[0], first_step_obs[1]
        );
        let mut rng = common::seed::stream(ctx.seed, "rl/mountain-car");
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
        let sweep = config.sweep;
        let (mut successes, mut max_steps) = (0, 0);
        for i in 0..sweep {
            let x = -0.6 + 0.2 * i as f64 / (sweep.max(2) - 1) as f64;
            let (s, ok) = hand_episode(MountainCar::at(x, 0.0));
            successes += usize::from(ok);
            max_steps = max_steps.max(s.len() - 1);
        }
        println!("sweep of {sweep} starts in [−0.6, −0.4]: {successes} reached the flag, at most {max_steps} steps");
        Ok(Outcome {
            reset_obs,
            first_step_obs,
            episode_steps: steps,
            episode_reached_flag: reached,
            sweep_starts: sweep,
            sweep_successes: successes,
            sweep_max_steps: max_steps,
            states,
        })
    }

    fn present(_config: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let frames: Vec<XyPlot> = o
            .states
            .iter()
            .enumerate()
            .step_by(2)
            .map(|(i, s)| car_frame(s, i))
            .collect();
        let gif = report.save("mountain_car_hand.gif", |p| {
            plot::xy_animation(p, (480, 320), 40, &frames)
        })?;
        let along = |f: fn(&MountainCar) -> f64| -> Vec<(f64, f64)> {
            o.states
                .iter()
                .enumerate()
                .map(|(i, s)| (i as f64, f(s)))
                .collect()
        };
        let steps = o.episode_steps as f64;
        let curves = report.save("mountain_car_hand.png", |p| {
            plot::xy(
                p,
                &XyPlot {
                    title: "Hand policy: position and velocity per step".into(),
                    x_label: "step".into(),
                    y_label: "position / (10 × velocity)".into(),
                    series: vec![
                        Series::line("position", along(|s| s.position)),
                        Series::line("10 × velocity", along(|s| 10.0 * s.velocity)),
                        Series::dashed("goal", vec![(0.0, GOAL_POSITION), (steps, GOAL_POSITION)]),
                    ],
                    ..Default::default()
                },
            )
        })?;
        let (r, f) = (o.reset_obs, o.first_step_obs);
        report.section("Lecture 10.3 — MountainCar and a hand-written policy");
        report.compare(
            "L10.3 reset observation",
            "[−0.4607, 0]",
            format!("[{:.4}, {:.0}] (set)", r[0], r[1]),
        );
        report.compare(
            "L10.3 after action 2",
            "[−0.46016, 0.000531]",
            format!("[{:.5}, {:.6}]", f[0], f[1]),
        );
        report.compare(
            "L10.3 hand policy",
            "reaches the flag within 251 steps",
            format!(
                "{}/{} starts, at most {} steps",
                o.sweep_successes, o.sweep_starts, o.sweep_max_steps
            ),
        );
        report.figure(&gif, "An episode of the hand policy");
        report.figure(&curves, "Position and velocity during that episode");
        Ok(())
    }
}

/// One frame of the episode's animation: the track, the flag and the car.
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
        ..Default::default()
    }
}
