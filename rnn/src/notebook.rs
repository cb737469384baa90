//! The notebook's model: SimpleRNN(10, tanh) → Dropout(0.2) → Dense(1), 131 parameters, Adam,
//! MSE, 20 epochs, batch 32, the last 20 % of the 950 training windows for validation; predicted
//! against the actual prices of the 500 test days. Trained twice: with the scaler fitted on the
//! whole series (the notebook's, which lets the test period's range into training) and on the
//! training days only.

use crate::data::{default_file, Pipeline, ScaleOn};
use crate::lecture::{self, ModelRun};
use crate::net::{Cell, NetSpec};
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

/// The notebook's model under both scalings.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// Scaler fitted on the whole series (the notebook's).
    pub leaky: ModelRun,
    /// Scaler fitted on the training days.
    pub honest: ModelRun,
    #[serde(skip)]
    pub figure_data: Option<crate::data::Prepared>,
}

#[derive(Debug)]
pub struct SimpleRnnTask;

impl Task for SimpleRnnTask {
    const NAME: &'static str = "simple_rnn";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config::notebook(preset)
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let spec = NetSpec::single(Cell::SimpleRnn, c.units, c.dropout);
        let run = |scale_on: ScaleOn| -> Result<(ModelRun, crate::data::Prepared)> {
            let p = Pipeline {
                scale_on,
                ..c.pipeline.clone()
            };
            let data = p.prepare(&default_file(), 1)?;
            let name = format!("SimpleRNN, scaler on {}", label(scale_on));
            let (_, run) =
                lecture::run_model(&name, &spec, &data, &c.training, ctx.seed, "rnn/simple");
            Ok((run, data))
        };
        let (leaky, all_days) = run(ScaleOn::All)?;
        let (honest, train_days) = run(ScaleOn::Train)?;
        // The figure shows the run with the configured scaler.
        let shown = match c.pipeline.scale_on {
            ScaleOn::All => all_days,
            ScaleOn::Train => train_days,
        };
        Ok(Outcome {
            leaky,
            honest,
            figure_data: Some(shown),
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let losses = report.save("simple_rnn_loss.png", |f| {
            plot::panels(
                f,
                &[
                    lecture::loss_panel(&o.leaky),
                    lecture::loss_panel(&o.honest),
                ],
                2,
            )
        })?;
        let shown = if c.pipeline.scale_on == ScaleOn::All {
            &o.leaky
        } else {
            &o.honest
        };
        let pred = match &o.figure_data {
            Some(data) => Some(report.save("simple_rnn_test.png", |f| {
                plot::xy(
                    f,
                    &lecture::actual_vs_predicted(
                        "SimpleRNN: actual and predicted prices of the test days",
                        data,
                        &c.pipeline,
                        &[shown],
                    ),
                )
            })?),
            None => None,
        };
        report.section("Lecture 6 — the notebook's SimpleRNN");
        report.compare("parameters", "131", o.leaky.parameters.to_string());
        report.compare(
            "final loss / val loss (scaled MSE)",
            "1.58e-5 / 1.18e-5 (TSLA, a model fitted repeatedly)",
            format!(
                "{:.2e} / {:.2e}",
                o.leaky.history.last("loss").unwrap_or(f64::NAN),
                o.leaky.history.last("val_loss").unwrap_or(f64::NAN)
            ),
        );
        report.text(&format!(
            "{}\n\nThe notebook fits the scaler on the whole series, test days included; fitted on the training days \
             alone, the test prices fall outside [0, 1] wherever they leave the training range. {}",
            lecture::runs_table(&[&o.leaky, &o.honest]),
            lecture::lesson(&[&o.leaky, &o.honest])
        ));
        report.figure(&losses, "Training and validation loss, both scalings");
        if let Some(p) = pred {
            report.figure(&p, "Actual against predicted, the 500 test days");
        }
        Ok(())
    }
}

fn label(s: ScaleOn) -> &'static str {
    match s {
        ScaleOn::All => "all days",
        ScaleOn::Train => "training days",
    }
}
