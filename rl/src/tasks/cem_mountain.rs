//! Lecture 10.3: the approximate cross-entropy method with an MLP policy on MountainCar, and
//! the policy it learned as a map over the state space.

use super::{last_iteration, progress_figure, CEM_SMOKE};
use crate::approx_cem::{self, ApproxCemConfig, ApproxRun};
use crate::model::PolicyNet;
use crate::mountain_car::{MAX_POSITION, MAX_SPEED, MIN_POSITION};
use anyhow::Result;
use common::cli::Preset;
use common::plot::{self, ColorMapKind, Contour, RGBColor, Series};
use common::report::Report;
use common::task::{Context, Task};
use serde::Serialize;
use tch::nn;

/// Cells per side of the policy map.
const MAP: usize = 100;

/// What the approximate CEM found.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub run: ApproxRun,
    /// A sampled episode of the final policy: its reward and steps.
    pub episode_reward: f64,
    pub episode_steps: usize,
    /// Its (position, velocity) path.
    #[serde(skip)]
    pub episode_path: Vec<(f64, f64)>,
    /// Action probabilities (left, none, right) on a MAP × MAP grid over position × velocity,
    /// position fastest.
    #[serde(skip)]
    pub policy_map: Vec<[f64; 3]>,
}

/// `cem-mountain`.
pub struct CemMountain;

impl Task for CemMountain {
    const NAME: &'static str = "cem_mountain";
    type Config = ApproxCemConfig;
    type Outcome = Outcome;

    fn config(preset: Preset) -> ApproxCemConfig {
        let d = ApproxCemConfig::default();
        match preset {
            Preset::Smoke => ApproxCemConfig {
                iterations: CEM_SMOKE.0,
                sessions: CEM_SMOKE.1,
                t_max: CEM_SMOKE.2,
                ..d
            },
            Preset::Quick | Preset::School => d,
        }
    }

    fn compute(cfg: &ApproxCemConfig, ctx: &Context) -> Result<Outcome> {
        tch::manual_seed(ctx.seed as i64);
        let vs = nn::VarStore::new(tch::Device::Cpu);
        let net = PolicyNet::new(&vs.root(), 2, 3);
        let mut rng = common::seed::stream(ctx.seed, "rl/cem-mountain");
        let run = approx_cem::train(&net, &vs, cfg, &mut rng)?;
        let grid: Vec<[f32; 2]> = (0..MAP * MAP)
            .map(|k| {
                let (i, j) = (k % MAP, k / MAP);
                let x =
                    MIN_POSITION + (MAX_POSITION - MIN_POSITION) * (i as f64 + 0.5) / MAP as f64;
                let v = -MAX_SPEED + 2.0 * MAX_SPEED * (j as f64 + 0.5) / MAP as f64;
                [x as f32, v as f32]
            })
            .collect();
        let policy_map = approx_cem::probabilities(&net, &grid)?;
        let episode = approx_cem::play(&net, 1, cfg.t_max, &mut rng)?
            .pop()
            .unwrap_or_default();
        println!(
            "a sampled episode of the learned policy: reward {}",
            episode.reward
        );
        Ok(Outcome {
            run,
            episode_reward: episode.reward,
            episode_steps: episode.actions.len(),
            episode_path: episode
                .obs
                .iter()
                .map(|o| (f64::from(o[0]), f64::from(o[1])))
                .collect(),
            policy_map,
        })
    }

    fn present(cfg: &ApproxCemConfig, o: &Outcome, report: &mut Report) -> Result<()> {
        let progress = progress_figure(
            report,
            "cem_mountain_progress.png",
            "Approximate CEM on MountainCar",
            &o.run.history,
        )?;
        // The policy map as RGB (left, none, right).
        let colors: Vec<RGBColor> = o
            .policy_map
            .iter()
            .map(|p| {
                RGBColor(
                    (255.0 * p[0]) as u8,
                    (255.0 * p[1]) as u8,
                    (255.0 * p[2]) as u8,
                )
            })
            .collect();
        let map = report.save("cem_mountain_policy.png", |p| {
            plot::contour(
                p,
                &Contour {
                    title: "Learned policy: red = left, green = none, blue = right".into(),
                    x_label: "position".into(),
                    y_label: "velocity".into(),
                    x_range: (MIN_POSITION, MAX_POSITION),
                    y_range: (-MAX_SPEED, MAX_SPEED),
                    nx: MAP,
                    ny: MAP,
                    values: vec![0.0; MAP * MAP],
                    levels: 2,
                    overlay: vec![
                        Series::line("an episode", o.episode_path.clone()).color(plot::WHITE)
                    ],
                    cmap: ColorMapKind::Gray,
                    colors: Some(colors),
                },
            )
        })?;
        let (mean, threshold) = last_iteration(&o.run.history);
        report.section("Lecture 10.3 — the approximate cross-entropy method on MountainCar");
        report.compare(
            "L10.3 approximate CEM mean reward (last iteration)",
            "−182.4",
            format!("{mean:.1}"),
        );
        report.compare(
            "L10.3 approximate CEM threshold",
            "−158.7",
            format!("{threshold:.1}"),
        );
        report.text(&format!(
            "{} iterations of {} sessions (at most {} steps), elite above the {}th percentile, one Adam pass (lr {}) per \
             iteration. A sampled episode of the final policy took {} steps.",
            cfg.iterations, cfg.sessions, cfg.t_max, cfg.percentile, cfg.lr, o.episode_steps
        ));
        report.figure(&progress, "Mean reward and threshold per iteration");
        report.figure(
            &map,
            "Action probabilities over the state space, with an episode",
        );
        Ok(())
    }
}
