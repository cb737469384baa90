//! Lecture 10.3, exercise 2: the tabular cross-entropy method on CliffWalking, after a look at
//! what the uniform policy scores.

use super::{last_iteration, progress_figure, CEM_SMOKE};
use crate::cem::{self, CemConfig, CemRun};
use anyhow::Result;
use common::cli::Preset;
use common::plot;
use common::report::Report;
use common::task::{Context, Task};
use serde::Serialize;

/// Sessions of the uniform policy whose rewards are shown before training.
const UNIFORM_SESSIONS: usize = 200;

/// What exercise 2 found.
#[derive(Debug, Serialize)]
pub struct Outcome {
    /// Median and 90th percentile of the uniform policy's rewards.
    pub uniform_median: f64,
    pub uniform_p90: f64,
    #[serde(skip)]
    pub uniform_rewards: Vec<f64>,
    pub run: CemRun,
}

/// `cem-cliff`: exercise 2.
pub struct CemCliff;

impl Task for CemCliff {
    const NAME: &'static str = "cem_cliff";
    type Config = CemConfig;
    type Outcome = Outcome;

    fn config(preset: Preset) -> CemConfig {
        let d = CemConfig::default();
        match preset {
            Preset::Smoke => CemConfig {
                iterations: CEM_SMOKE.0,
                sessions: CEM_SMOKE.1,
                t_max: CEM_SMOKE.2,
                ..d
            },
            Preset::Quick | Preset::School => d,
        }
    }

    fn compute(cfg: &CemConfig, ctx: &Context) -> Result<Outcome> {
        let mut rng = common::seed::stream(ctx.seed, "rl/cem-cliff");
        let uniform_rewards: Vec<f64> = (0..UNIFORM_SESSIONS)
            .map(|_| cem::play(&cem::uniform(), cfg.t_max, &mut rng).reward)
            .collect();
        let (p50, p90) = (
            cem::percentile(&uniform_rewards, 50.0),
            cem::percentile(&uniform_rewards, 90.0),
        );
        println!("CliffWalking, uniform policy: {UNIFORM_SESSIONS} sessions, median reward {p50:.1}, 90th percentile {p90:.1}");
        let run = cem::train(cfg, &mut rng);
        Ok(Outcome {
            uniform_median: p50,
            uniform_p90: p90,
            uniform_rewards,
            run,
        })
    }

    fn present(cfg: &CemConfig, o: &Outcome, report: &mut Report) -> Result<()> {
        let initial = report.save("cem_cliff_initial.png", |p| {
            plot::histogram(
                p,
                &format!("Rewards of the uniform policy ({UNIFORM_SESSIONS} sessions)"),
                "reward",
                &o.uniform_rewards,
                40,
                &[
                    ("50th percentile", o.uniform_median),
                    ("90th percentile", o.uniform_p90),
                ],
            )
        })?;
        let progress = progress_figure(
            report,
            "cem_cliff_progress.png",
            "CEM on CliffWalking",
            &o.run.history,
        )?;
        let (mean, threshold) = last_iteration(&o.run.history);
        let last = report.save("cem_cliff_last.png", |p| {
            plot::histogram(
                p,
                "Rewards in the last iteration",
                "reward",
                &o.run.last_rewards,
                40,
                &[("threshold", threshold)],
            )
        })?;
        report.section("Lecture 10.3 — the cross-entropy method on CliffWalking");
        report.compare(
            "L10.3 CEM CliffWalking mean reward (last iteration)",
            "−14.19 (optimum −13)",
            format!("{mean:.2}"),
        );
        report.compare(
            "L10.3 CEM CliffWalking threshold",
            "−15.0",
            format!("{threshold:.1}"),
        );
        report.text(&format!(
            "{} iterations of {} sessions, elite at or above the {}th percentile, smoothing {}.",
            cfg.iterations, cfg.sessions, cfg.percentile, cfg.learning_rate
        ));
        report.figure(
            &initial,
            "Rewards of the uniform policy with the 50th and 90th percentiles",
        );
        report.figure(&progress, "Mean reward and threshold per iteration");
        report.figure(&last, "Rewards of the last iteration");
        Ok(())
    }
}
