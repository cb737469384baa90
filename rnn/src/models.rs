//! Tasks 2–3 of the notebook and one more: the SimpleRNN replaced by an LSTM, two stacked LSTMs
//! (the first returning its whole sequence) with dropout, and a GRU — Keras' parameter counts
//! (LSTM(10) → Dense(1): 491, GRU(10) with `reset_after`: 401) — each trained on the same windows
//! and scored on the same test days beside the naive forecast.

use crate::data::default_file;
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

/// Exercise 6.3: two stacked LSTMs of `units` each, the lower one returning its whole sequence,
/// dropout after each, under Dense(1).
pub fn stacked_lstm(units: usize, dropout: f64) -> NetSpec {
    // BEGIN SOLUTION 6.3
    NetSpec {
        cell: Cell::Lstm,
        units: vec![units, units],
        dropout,
        outputs: 1,
    }
    // END SOLUTION
}

/// The four networks compared.
pub fn specs(units: usize, dropout: f64) -> Vec<(&'static str, NetSpec)> {
    vec![
        (
            "SimpleRNN",
            NetSpec::single(Cell::SimpleRnn, units, dropout),
        ),
        ("LSTM", NetSpec::single(Cell::Lstm, units, dropout)),
        ("stacked LSTM", stacked_lstm(units, dropout)),
        ("GRU", NetSpec::single(Cell::Gru, units, dropout)),
    ]
}

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub runs: Vec<ModelRun>,
    #[serde(skip)]
    pub data: Option<crate::data::Prepared>,
}

#[derive(Debug)]
pub struct ModelsTask;

impl Task for ModelsTask {
    const NAME: &'static str = "models";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config::notebook(preset)
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let data = c.pipeline.prepare(&default_file(), 1)?;
        let runs = specs(c.units, c.dropout)
            .iter()
            .map(|(name, spec)| {
                lecture::run_model(
                    name,
                    spec,
                    &data,
                    &c.training,
                    ctx.seed,
                    &format!("rnn/models/{name}"),
                )
                .1
            })
            .collect();
        Ok(Outcome {
            runs,
            data: Some(data),
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let panels: Vec<_> = o.runs.iter().map(lecture::loss_panel).collect();
        let losses = report.save("models_loss.png", |f| plot::panels(f, &panels, 2))?;
        let runs: Vec<&ModelRun> = o.runs.iter().collect();
        let test = match &o.data {
            Some(d) => Some(report.save("models_test.png", |f| {
                plot::xy(
                    f,
                    &lecture::actual_vs_predicted(
                        "Actual and predicted prices of the test days, every model",
                        d,
                        &c.pipeline,
                        &runs,
                    ),
                )
            })?),
            None => None,
        };
        report.section("Lecture 6 — tasks 2–3: LSTM, stacked LSTMs, GRU");
        for r in &o.runs {
            let keras = match r.name.as_str() {
                "SimpleRNN" => Some("131"),
                "LSTM" => Some("491"),
                "GRU" => Some("401 (Keras' reset_after=True)"),
                _ => None,
            };
            if let (Some(k), 10) = (keras, c.units) {
                report.compare(
                    &format!("{} parameters", r.name),
                    k,
                    r.parameters.to_string(),
                );
            }
        }
        report.text(&format!(
            "{}\n{}",
            lecture::runs_table(&runs),
            lecture::lesson(&runs)
        ));
        report.figure(&losses, "Training and validation loss per model");
        if let Some(t) = test {
            report.figure(&t, "Actual against predicted, the 500 test days");
        }
        Ok(())
    }
}
