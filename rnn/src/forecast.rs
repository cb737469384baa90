//! The notebook's homework, first half: predict five days at once. Direct: an LSTM with five
//! outputs, trained on windows → the next five days. Recursive: the one-day LSTM applied five
//! times, each prediction appended to the window. Both against the naive forecast (the last
//! price, five times), per day ahead.

use crate::data::{default_file, Prepared};
use crate::lecture;
use crate::net::{Cell, Net, NetSpec};
use crate::train::train;
use anyhow::Result;
use common::cli::Preset;
use common::plot::{self, Series, XyPlot};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::{s, Array2};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    #[serde(flatten)]
    pub model: lecture::ModelConfig,
    /// Days forecast.
    pub horizon: usize,
}

#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    #[command(flatten)]
    #[serde(flatten)]
    pub model: lecture::ModelFlags,
    /// Days forecast [default: 5].
    #[arg(long, value_parser = common::cli::positive, allow_hyphen_values = true)]
    pub horizon: Option<usize>,
}

/// Exercise 6.4: forecast `steps` days from each window of `x` with a one-day network, feeding
/// each prediction back as the newest day of the window (the oldest dropped).
pub fn recursive_forecast(net: &mut Net, x: &Array2<f64>, steps: usize) -> Array2<f64> {
    // BEGIN SOLUTION 6.4
    let (n, w) = x.dim();
    let mut window = x.clone();
    let mut out = Array2::zeros((n, steps));
    for k in 0..steps {
        let next = net.predict(&window);
        out.column_mut(k).assign(&next.column(0));
        let mut shifted = Array2::zeros((n, w));
        shifted
            .slice_mut(s![.., ..w - 1])
            .assign(&window.slice(s![.., 1..]));
        shifted.column_mut(w - 1).assign(&next.column(0));
        window = shifted;
    }
    out
    // END SOLUTION
}

/// Root-mean-square error in price units of each day ahead.
fn rmse_per_day(data: &Prepared, pred: &Array2<f64>, target: &Array2<f64>) -> Vec<f64> {
    (0..pred.ncols())
        .map(|k| {
            let p = pred.column(k).to_owned().insert_axis(ndarray::Axis(1));
            let t = target.column(k).to_owned().insert_axis(ndarray::Axis(1));
            data.price_rmse(&p, &t)
        })
        .collect()
}

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// RMSE (price units) of each day ahead.
    pub direct: Vec<f64>,
    pub recursive: Vec<f64>,
    pub naive: Vec<f64>,
    /// The actual prices of the test days, by test day.
    #[serde(skip)]
    pub actual: Vec<f64>,
    /// Every 50th test window's forecasts in prices: (its first day, direct, recursive).
    #[serde(skip)]
    pub paths: Vec<(usize, Vec<f64>, Vec<f64>)>,
    /// Training histories of the direct and the one-day model.
    pub histories: [common::history::History; 2],
}

#[derive(Debug)]
pub struct ForecastTask;

impl Task for ForecastTask {
    const NAME: &'static str = "five_day";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config {
            model: lecture::ModelConfig::notebook(preset),
            horizon: 5,
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (h, m) = (c.horizon, &c.model);
        let data = m.pipeline.prepare(&default_file(), h)?;
        let mut rng = common::seed::stream(ctx.seed, "rnn/five-day/direct");
        let direct_spec = NetSpec {
            outputs: h,
            ..NetSpec::single(Cell::Lstm, m.units, m.dropout)
        };
        println!("five-day, direct: {}", direct_spec.describe());
        let (mut direct, direct_history) = train(
            &direct_spec,
            &data.train_x,
            &data.train_y,
            &m.training,
            &mut rng,
            true,
        );
        let one_day = data.train_y.slice(s![.., ..1]).to_owned();
        let mut rng = common::seed::stream(ctx.seed, "rnn/five-day/recursive");
        let one_spec = NetSpec::single(Cell::Lstm, m.units, m.dropout);
        println!("five-day, recursive: {}", one_spec.describe());
        let (mut one, one_history) = train(
            &one_spec,
            &data.train_x,
            &one_day,
            &m.training,
            &mut rng,
            true,
        );
        let (direct_pred, recursive_pred) = (
            direct.predict(&data.test_x),
            recursive_forecast(&mut one, &data.test_x, h),
        );
        let price = |row: ndarray::ArrayView1<f64>| -> Vec<f64> {
            row.iter().map(|&v| data.scaler.unscale(v)).collect()
        };
        let p = &m.pipeline;
        let out = Outcome {
            direct: rmse_per_day(&data, &direct_pred, &data.test_y),
            recursive: rmse_per_day(&data, &recursive_pred, &data.test_y),
            naive: rmse_per_day(&data, &Prepared::naive(&data.test_x, h), &data.test_y),
            actual: (0..p.test_windows + h - 1)
                .map(|i| data.values[p.test_start + p.window + i])
                .collect(),
            paths: (0..p.test_windows)
                .step_by(50)
                .map(|i| (i, price(direct_pred.row(i)), price(recursive_pred.row(i))))
                .collect(),
            histories: [direct_history, one_history],
        };
        let fmt = |v: &[f64]| {
            v.iter()
                .map(|x| format!("{x:.2}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!(
            "five-day RMSE per day ahead: direct {}, recursive {}, naive {}",
            fmt(&out.direct),
            fmt(&out.recursive),
            fmt(&out.naive)
        );
        Ok(out)
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let line = |name: &str, v: &[f64]| {
            Series::line(
                name,
                v.iter()
                    .enumerate()
                    .map(|(k, &y)| ((k + 1) as f64, y))
                    .collect(),
            )
        };
        let figure = XyPlot {
            title: format!("{}-day forecasts: error per day ahead", c.horizon),
            x_label: "days ahead".into(),
            y_label: "RMSE (price)".into(),
            series: vec![
                line("direct (five outputs)", &o.direct),
                line("recursive (one-day model)", &o.recursive),
                line("naive (last price)", &o.naive),
            ],
            ..Default::default()
        };
        let file = report.save("five_day.png", |f| plot::xy(f, &figure))?;
        let mut series = vec![Series::line(
            "actual",
            o.actual
                .iter()
                .enumerate()
                .map(|(i, &v)| (i as f64, v))
                .collect(),
        )
        .color(plot::PALETTE[0])];
        for (k, (start, direct, recursive)) in o.paths.iter().enumerate() {
            let path = |v: &[f64]| -> Vec<(f64, f64)> {
                v.iter()
                    .enumerate()
                    .map(|(d, &y)| ((start + d) as f64, y))
                    .collect()
            };
            let (a, b) = if k == 0 {
                ("direct", "recursive")
            } else {
                ("", "")
            };
            series.push(Series::line(a, path(direct)).color(plot::PALETTE[1]));
            series.push(Series::line(b, path(recursive)).color(plot::PALETTE[2]));
        }
        let paths = XyPlot {
            title: format!("{}-day forecasts from every 50th test day", c.horizon),
            x_label: "test day".into(),
            y_label: "price".into(),
            series,
            ..Default::default()
        };
        let paths = report.save("five_day_paths.png", |f| plot::xy(f, &paths))?;
        let mut table =
            String::from("| day ahead | direct | recursive | naive |\n|---|---|---|---|\n");
        for k in 0..o.direct.len() {
            table.push_str(&format!(
                "| {} | {:.3} | {:.3} | {:.3} |\n",
                k + 1,
                o.direct[k],
                o.recursive[k],
                o.naive[k]
            ));
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
        let best = [
            ("direct", mean(&o.direct)),
            ("recursive", mean(&o.recursive)),
        ]
        .into_iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or(("direct", f64::NAN));
        report.section("Lecture 6 — homework: a five-day forecast");
        report.text(&format!(
            "LSTM({}) forecasts of the next {} days (the homework had no answer).\n\n{table}\nMean over the days ahead: \
             the {} forecast {:.3} against the naive {:.3} — {}.",
            c.model.units,
            c.horizon,
            best.0,
            best.1,
            mean(&o.naive),
            lecture::verdict(best.1 / mean(&o.naive))
        ));
        report.figure(&file, "Error of each day ahead");
        report.figure(&paths, "The forecasts against the actual prices");
        let panels = [
            lecture::history_panel("direct, five outputs", &o.histories[0]),
            lecture::history_panel("one-day (recursive)", &o.histories[1]),
        ];
        let losses = report.save("five_day_loss.png", |f| plot::panels(f, &panels, 2))?;
        report.figure(&losses, "Training and validation loss of both models");
        Ok(())
    }
}
