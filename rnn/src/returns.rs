//! Beyond the notebook: the same networks trained on daily returns (v_t / v_{t−1} − 1) instead of
//! prices. A price forecast from a predicted return is v_{t−1} (1 + r̂); the naive forecast is a
//! return of zero. Also scored: how often the sign of the predicted return is right.

use crate::data::default_file;
use crate::lecture;
use crate::net::{Cell, NetSpec};
use crate::train::train;
use anyhow::Result;
use common::cli::Preset;
use common::plot;
use common::report::Report;
use common::task::{Context, Task};
use serde::Serialize;

/// The task's settings (see [`lecture::ModelConfig`]).
pub type Config = lecture::ModelConfig;
/// The task's flags.
pub type Flags = lecture::ModelFlags;

/// One network on returns.
#[derive(Clone, Debug, Serialize)]
pub struct ReturnRun {
    pub name: String,
    /// RMSE of the price forecast v_{t−1} (1 + r̂), and of the naive v_{t−1}.
    pub price_rmse: f64,
    pub naive_rmse: f64,
    /// Share of test days whose return sign the model gets right, and the share of up days.
    pub direction: f64,
    pub up_days: f64,
    pub history: common::history::History,
}

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub runs: Vec<ReturnRun>,
}

#[derive(Debug)]
pub struct ReturnsTask;

impl Task for ReturnsTask {
    const NAME: &'static str = "returns";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config::notebook(preset)
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let prices = c.pipeline.prepare(&default_file(), 1)?;
        let v = &prices.values;
        let returns: Vec<f64> = v.windows(2).map(|w| w[1] / w[0] - 1.0).collect();
        let data = c.pipeline.prepare_values(
            prices.file.clone(),
            prices.dates[1..].to_vec(),
            returns.clone(),
            1,
        )?;
        let p = &c.pipeline;
        let mut runs = Vec::new();
        for cell in [Cell::SimpleRnn, Cell::Lstm] {
            let spec = NetSpec::single(cell, c.units, c.dropout);
            let mut rng = common::seed::stream(ctx.seed, &format!("rnn/returns/{}", cell.keras()));
            println!("returns: {}", spec.describe());
            let (mut net, history) = train(
                &spec,
                &data.train_x,
                &data.train_y,
                &c.training,
                &mut rng,
                true,
            );
            let pred = net.predict(&data.test_x);
            let (mut se, mut se_naive, mut right, mut up) = (0.0, 0.0, 0usize, 0usize);
            for i in 0..p.test_windows {
                // Return index t is the change from value t to value t + 1.
                let t = p.test_start + i + p.window;
                let (prev, actual) = (v[t], v[t + 1]);
                let r_hat = data.scaler.unscale(pred[[i, 0]]);
                se += (prev * (1.0 + r_hat) - actual).powi(2);
                se_naive += (prev - actual).powi(2);
                right += usize::from((r_hat > 0.0) == (returns[t] > 0.0));
                up += usize::from(returns[t] > 0.0);
            }
            let n = p.test_windows.max(1) as f64;
            let run = ReturnRun {
                name: cell.keras().into(),
                price_rmse: (se / n).sqrt(),
                naive_rmse: (se_naive / n).sqrt(),
                direction: right as f64 / n,
                up_days: up as f64 / n,
                history,
            };
            println!(
                "returns, {}: price RMSE {:.3} against the naive {:.3}; sign right on {:.1} % of days ({:.1} % were up days)",
                run.name,
                run.price_rmse,
                run.naive_rmse,
                100.0 * run.direction,
                100.0 * run.up_days
            );
            runs.push(run);
        }
        Ok(Outcome { runs })
    }

    fn present(_: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let mut table = String::from(
            "| model | price RMSE | naive RMSE | model / naive | sign right | up days |\n|---|---|---|---|---|---|\n",
        );
        for r in &o.runs {
            table.push_str(&format!(
                "| {} | {:.3} | {:.3} | {:.3} | {:.1} % | {:.1} % |\n",
                r.name,
                r.price_rmse,
                r.naive_rmse,
                r.price_rmse / r.naive_rmse,
                100.0 * r.direction,
                100.0 * r.up_days
            ));
        }
        let beats = o.runs.iter().any(|r| r.price_rmse < r.naive_rmse);
        let panels: Vec<_> = o
            .runs
            .iter()
            .map(|r| lecture::history_panel(&format!("{} on returns", r.name), &r.history))
            .collect();
        let losses = report.save("returns_loss.png", |f| plot::panels(f, &panels, 2))?;
        report.section("Lecture 6 — beyond the notebook: daily returns");
        report.text(&format!(
            "The same networks on daily returns, which unlike prices do not carry yesterday's level: a model can no longer \
             look good by repeating the last value.\n\n{table}\n{}",
            if beats {
                "A network's price forecast from returns beats the naive one here; by how little is the point: compare the \
                 sign column with the share of up days, which always guessing \"up\" would get right."
            } else {
                "**No network beats the naive forecast on returns either**: daily returns are close to unpredictable from \
                 their own past, which is the honest lesson of this lecture. Compare the sign column with the share of up \
                 days, which always guessing \"up\" would get right."
            }
        ));
        report.figure(&losses, "Training and validation loss on returns");
        Ok(())
    }
}
