//! The lecture's tasks, one file per notebook section: each computes an outcome and presents it
//! (figures, report text, metrics) separately. The algorithms live in their own modules.

pub mod cem_cliff;
pub mod cem_mountain;
pub mod dqn;
pub mod hand;

pub use dqn::{dqn, dqn_compute, dqn_present, dqn_verdict, DqnOutcome};
pub use hand::{hand_episode, HAND_LIMIT};

use crate::cem::IterationStats;
use common::plot::{self, Series, XyPlot};

/// Mean reward and threshold per iteration of a cross-entropy run; returns the file name.
fn progress_figure(
    report: &common::report::Report,
    file: &str,
    title: &str,
    history: &[IterationStats],
) -> anyhow::Result<String> {
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
    Ok(report.save(file, |p| {
        plot::xy(
            p,
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
        )
    })?)
}

/// The mean reward and threshold of a run's last iteration (NaN when it ran none).
fn last_iteration(history: &[IterationStats]) -> (f64, f64) {
    history
        .last()
        .map_or((f64::NAN, f64::NAN), |h| (h.mean_reward, h.threshold))
}

/// Command-line overrides of both cross-entropy tasks' configs (the fields they share).
#[derive(Clone, Debug, Default, serde::Serialize, clap::Args)]
pub struct CemFlags {
    /// Iterations [default: 50; smoke 3].
    #[arg(long, value_parser = common::cli::positive, allow_hyphen_values = true)]
    pub iterations: Option<usize>,
    /// Sessions an iteration [default: 250 on CliffWalking, 100 on MountainCar; smoke 20].
    #[arg(long, value_parser = common::cli::positive, allow_hyphen_values = true)]
    pub sessions: Option<usize>,
    /// Elite percentile [default: 50 on CliffWalking, 70 on MountainCar].
    #[arg(long, value_parser = percent, allow_hyphen_values = true)]
    pub percentile: Option<f64>,
    /// Steps at most in a session [default: 10 000 on CliffWalking, 5 000 on MountainCar; smoke 1 000].
    #[arg(long, value_parser = common::cli::positive, allow_hyphen_values = true)]
    pub t_max: Option<usize>,
}

fn percent(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=100.0).contains(&x) => Ok(x),
        Ok(x) => Err(format!("must be between 0 and 100, got {x}")),
        Err(_) => Err(format!("'{s}' is not a number")),
    }
}

/// The smoke preset's (iterations, sessions, t_max) of both cross-entropy tasks; the other
/// presets use the notebook's.
const CEM_SMOKE: (usize, usize, usize) = (3, 20, 1000);
