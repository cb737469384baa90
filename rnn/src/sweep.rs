//! Task 1 of the notebook: vary the units, the epochs and the dropout. Each knob is varied alone
//! around the notebook's setting (SimpleRNN(10), 20 epochs, dropout 0.2), and every setting is
//! trained on the same windows and scored on the same test days.

use crate::data::{default_file, Pipeline, Prepared};
use crate::lecture::{self, ModelRun, PipelineFlags};
use crate::net::{Cell, NetSpec};
use crate::train::Training;
use anyhow::Result;
use common::cli::Preset;
use common::plot::{self, Series, XyPlot};
use common::report::Report;
use common::task::{Context, Task};
use serde::{Deserialize, Serialize};

/// One setting of the sweep.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setting {
    pub units: usize,
    pub epochs: usize,
    pub dropout: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    #[serde(flatten)]
    pub pipeline: Pipeline,
    pub units: Vec<usize>,
    pub epochs: Vec<usize>,
    pub dropout: Vec<f64>,
    /// The setting the others vary from (the notebook's).
    pub base: Setting,
}

#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    #[command(flatten)]
    #[serde(flatten)]
    pub data: PipelineFlags,
    /// Units to try [default: 5,10,20,40].
    #[arg(long, value_delimiter = ',', value_parser = common::cli::positive)]
    pub units: Option<Vec<usize>>,
    /// Epochs to try [default: 10,20,40; smoke: 1,2].
    #[arg(long, value_delimiter = ',', value_parser = common::cli::positive)]
    pub epochs: Option<Vec<usize>>,
    /// Dropout rates to try [default: 0,0.2,0.5].
    #[arg(long, value_delimiter = ',', value_parser = lecture::dropout_rate)]
    pub dropout: Option<Vec<f64>>,
}

/// The settings: the base, then each knob's other values with the rest at the base.
pub fn settings(c: &Config) -> Vec<Setting> {
    let b = c.base;
    let mut out = vec![b];
    out.extend(
        c.units
            .iter()
            .filter(|&&u| u != b.units)
            .map(|&units| Setting { units, ..b }),
    );
    out.extend(
        c.epochs
            .iter()
            .filter(|&&e| e != b.epochs)
            .map(|&epochs| Setting { epochs, ..b }),
    );
    out.extend(
        c.dropout
            .iter()
            .filter(|&&d| d != b.dropout)
            .map(|&dropout| Setting { dropout, ..b }),
    );
    out
}

/// Exercise 6.1: train a SimpleRNN for every setting on `data` (the training settings otherwise
/// `t`'s; every run seeded alike) and score each on the test windows.
pub fn sweep(
    settings: &[Setting],
    data: &Prepared,
    t: &Training,
    seed: u64,
) -> Vec<(Setting, ModelRun)> {
    // BEGIN SOLUTION 6.1
    settings
        .iter()
        .map(|s| {
            let spec = NetSpec::single(Cell::SimpleRnn, s.units, s.dropout);
            let training = Training {
                epochs: s.epochs,
                ..*t
            };
            let name = format!(
                "{} units, {} epochs, dropout {}",
                s.units, s.epochs, s.dropout
            );
            let (_, run) = lecture::run_model(&name, &spec, data, &training, seed, "rnn/sweep");
            (*s, run)
        })
        .collect()
    // END SOLUTION
}

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub runs: Vec<(Setting, ModelRun)>,
}

#[derive(Debug)]
pub struct SweepTask;

impl Task for SweepTask {
    const NAME: &'static str = "sweep";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        let smoke = preset == Preset::Smoke;
        Config {
            pipeline: Pipeline::default(),
            units: if smoke {
                vec![5, 10]
            } else {
                vec![5, 10, 20, 40]
            },
            epochs: if smoke { vec![1, 2] } else { vec![10, 20, 40] },
            dropout: if smoke {
                vec![0.2]
            } else {
                vec![0.0, 0.2, 0.5]
            },
            base: Setting {
                units: 10,
                epochs: if smoke { 2 } else { 20 },
                dropout: 0.2,
            },
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let data = c.pipeline.prepare(&default_file(), 1)?;
        let runs = sweep(&settings(c), &data, &Training::default(), ctx.seed);
        Ok(Outcome { runs })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let mut table = String::from(
            "| units | epochs | dropout | parameters | final val loss | test RMSE | naive RMSE | model / naive |\n|---|---|---|---|---|---|---|---|\n",
        );
        for (s, r) in &o.runs {
            table.push_str(&format!(
                "| {} | {} | {} | {} | {:.2e} | {:.3} | {:.3} | {:.3} |\n",
                s.units,
                s.epochs,
                s.dropout,
                r.parameters,
                r.history.last("val_loss").unwrap_or(f64::NAN),
                r.test_rmse,
                r.naive_rmse,
                r.ratio()
            ));
        }
        let points: Vec<(f64, f64)> = o
            .runs
            .iter()
            .enumerate()
            .map(|(i, (_, r))| (i as f64, r.ratio()))
            .collect();
        let last = o.runs.len() as f64 - 0.5;
        let figure = XyPlot {
            title: "Test RMSE over the naive forecast's, per setting".into(),
            x_label: "setting".into(),
            y_label: "model / naive".into(),
            series: vec![
                Series::bars("setting", points, 0.7),
                Series::dashed("naive forecast", vec![(-0.5, 1.0), (last, 1.0)]),
            ],
            x_names: o
                .runs
                .iter()
                .map(|(s, _)| format!("{}u {}e {}d", s.units, s.epochs, s.dropout))
                .collect(),
            ..Default::default()
        };
        let file = report.save("sweep.png", |f| plot::xy(f, &figure))?;
        let runs: Vec<&ModelRun> = o.runs.iter().map(|r| &r.1).collect();
        report.section("Lecture 6 — task 1: units, epochs, dropout");
        report.text(&format!(
            "Each knob varied alone around SimpleRNN({}), {} epochs, dropout {} (the notebook asked for this without \
             giving an answer).\n\n{table}\n{}",
            c.base.units,
            c.base.epochs,
            c.base.dropout,
            lecture::lesson(&runs)
        ));
        report.figure(
            &file,
            "Each setting's test error relative to the naive forecast",
        );
        Ok(())
    }
}
