//! What the tasks of lecture 6 share: the command-line overrides of the pipeline and of training,
//! one model trained and scored on the test days beside the naive forecast, and its figures.

use crate::data::{Pipeline, Prepared, ScaleOn};
use crate::net::{Net, NetSpec};
use crate::train::{train, Training};
use common::cli::{positive, positive_f64, Preset};
use common::history::History;
use common::plot::{Series, XyPlot};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Command-line overrides of the [`Pipeline`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct PipelineFlags {
    /// A Yahoo-format CSV (Date,Open,High,Low,Close,Adj Close,Volume), e.g. the original
    /// TSLA.csv [default: the S&P 500 written by `cargo xtask setup rnn`].
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// The last rows of the file used [default: 2677, the length of the original TSLA.csv].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub rows: Option<usize>,
    /// The price column: Open, High, Low, Close, "Adj Close" or Volume [default: Open].
    #[arg(long)]
    pub column: Option<String>,
    /// Rows dropped from the start [default: 1000].
    #[arg(long)]
    pub drop: Option<usize>,
    /// Days in a window [default: 50].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub window: Option<usize>,
    /// Fit the min–max scaler on the whole series (all; the notebook's, which leaks the test
    /// period's range) or on the training days only (train) [default: all].
    #[arg(long, value_enum)]
    pub scale_on: Option<ScaleOn>,
}

/// Command-line overrides of [`Training`] and of the model's size.
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct TrainingFlags {
    /// Training epochs [default: 20, the notebook's; smoke: 2].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub epochs: Option<usize>,
    /// Units of each recurrent layer [default: 10].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub units: Option<usize>,
    /// Dropout after each recurrent layer [default: 0.2].
    #[arg(long, value_parser = dropout_rate, allow_hyphen_values = true)]
    pub dropout: Option<f64>,
    /// Adam's learning rate [default: 0.001].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub lr: Option<f64>,
}

/// A dropout rate in [0, 1).
pub fn dropout_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..1.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a dropout rate in [0, 1)")),
    }
}

/// The notebook's training, shortened for the smoke preset.
pub fn training(preset: Preset) -> Training {
    Training {
        epochs: if preset == Preset::Smoke { 2 } else { 20 },
        ..Training::default()
    }
}

/// The settings of a task that trains networks on the series: the pipeline, the training, and
/// the size of each recurrent layer and its dropout.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ModelConfig {
    #[serde(flatten)]
    pub pipeline: Pipeline,
    #[serde(flatten)]
    pub training: Training,
    pub units: usize,
    pub dropout: f64,
}

impl ModelConfig {
    /// The notebook's: the default pipeline, 20 epochs (2 for smoke), 10 units, dropout 0.2.
    pub fn notebook(preset: Preset) -> Self {
        Self {
            pipeline: Pipeline::default(),
            training: training(preset),
            units: 10,
            dropout: 0.2,
        }
    }
}

/// Command-line overrides of a [`ModelConfig`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct ModelFlags {
    #[command(flatten)]
    #[serde(flatten)]
    pub data: PipelineFlags,
    #[command(flatten)]
    #[serde(flatten)]
    pub training: TrainingFlags,
}

/// One trained model, scored on the test windows.
#[derive(Clone, Debug, Serialize)]
pub struct ModelRun {
    pub name: String,
    pub layers: String,
    pub parameters: usize,
    pub history: History,
    /// Test error of the first predicted day: mean squared in scaled units, root-mean-square in
    /// price units.
    pub test_mse: f64,
    pub test_rmse: f64,
    /// The naive forecast's root-mean-square error on the same days.
    pub naive_rmse: f64,
    /// The first predicted day of every test window, in price units.
    #[serde(skip)]
    pub predicted: Vec<f64>,
}

impl ModelRun {
    /// The model's error over the naive forecast's (below 1: the model is better).
    pub fn ratio(&self) -> f64 {
        self.test_rmse / self.naive_rmse
    }
}

/// Train `spec` on `data` (seeded by `seed` and `stream`) and score it on the test windows.
pub fn run_model(
    name: &str,
    spec: &NetSpec,
    data: &Prepared,
    t: &Training,
    seed: u64,
    stream: &str,
) -> (Net, ModelRun) {
    let mut rng = common::seed::stream(seed, stream);
    println!(
        "{name}: {} ({} parameters)",
        spec.describe(),
        spec.parameters()
    );
    let (mut net, history) = train(spec, &data.train_x, &data.train_y, t, &mut rng, true);
    let run = score(name, spec, &mut net, history, data);
    println!(
        "{name}: test RMSE {:.3}, naive forecast {:.3} ({})",
        run.test_rmse,
        run.naive_rmse,
        verdict(run.ratio())
    );
    (net, run)
}

/// A trained network's numbers on the test windows (first predicted day).
pub fn score(
    name: &str,
    spec: &NetSpec,
    net: &mut Net,
    history: History,
    data: &Prepared,
) -> ModelRun {
    let pred = net.predict(&data.test_x);
    let first = pred.column(0).to_owned().insert_axis(ndarray::Axis(1));
    let target = data
        .test_y
        .column(0)
        .to_owned()
        .insert_axis(ndarray::Axis(1));
    let (test_mse, _) = crate::net::mse(&first, &target);
    let naive = Prepared::naive(&data.test_x, 1);
    ModelRun {
        name: name.into(),
        layers: spec.describe(),
        parameters: spec.parameters(),
        history,
        test_mse,
        test_rmse: data.price_rmse(&first, &target),
        naive_rmse: data.price_rmse(&naive, &target),
        predicted: first.iter().map(|&v| data.scaler.unscale(v)).collect(),
    }
}

/// "better than the naive forecast by 12 %" or "worse … by 30 %".
pub fn verdict(ratio: f64) -> String {
    if ratio < 1.0 {
        format!(
            "better than the naive forecast by {:.0} %",
            100.0 * (1.0 - ratio)
        )
    } else {
        format!(
            "NOT better than the naive forecast: {:.0} % worse",
            100.0 * (ratio - 1.0)
        )
    }
}

/// Training and validation loss of a run, one panel.
pub fn loss_panel(run: &ModelRun) -> XyPlot {
    history_panel(&run.name, &run.history)
}

/// Training and validation loss of the network `name`, one panel.
pub fn history_panel(name: &str, history: &History) -> XyPlot {
    XyPlot {
        title: format!("{name}: loss (MSE, scaled)"),
        x_label: "epoch".into(),
        y_label: "loss".into(),
        series: vec![
            Series::line("training", history.series("loss")),
            Series::line("validation", history.series("val_loss")),
        ],
        log_y: true,
        ..Default::default()
    }
}

/// Actual prices of the test days against each run's predictions.
pub fn actual_vs_predicted(
    title: &str,
    data: &Prepared,
    p: &Pipeline,
    runs: &[&ModelRun],
) -> XyPlot {
    let day = |i: usize| crate::data::year_fraction(&data.dates[p.test_start + p.window + i]);
    let actual: Vec<(f64, f64)> = (0..p.test_windows)
        .map(|i| (day(i), data.values[p.test_start + p.window + i]))
        .collect();
    let mut series = vec![Series::line("actual", actual)];
    for r in runs {
        series.push(Series::line(
            &r.name,
            r.predicted
                .iter()
                .enumerate()
                .map(|(i, &v)| (day(i), v))
                .collect(),
        ));
    }
    XyPlot {
        title: title.into(),
        x_label: "date".into(),
        y_label: "price".into(),
        series,
        ..Default::default()
    }
}

/// A markdown table of runs with the naive forecast beside each.
pub fn runs_table(runs: &[&ModelRun]) -> String {
    let mut t = String::from(
        "| model | layers | parameters | final loss | final val loss | test RMSE | naive RMSE | model / naive |\n|---|---|---|---|---|---|---|---|\n",
    );
    for r in runs {
        t.push_str(&format!(
            "| {} | {} | {} | {:.2e} | {:.2e} | {:.3} | {:.3} | {:.3} |\n",
            r.name,
            r.layers,
            r.parameters,
            r.history.last("loss").unwrap_or(f64::NAN),
            r.history.last("val_loss").unwrap_or(f64::NAN),
            r.test_rmse,
            r.naive_rmse,
            r.ratio()
        ));
    }
    t
}

/// The lesson in one sentence: does any network beat "tomorrow = today"?
pub fn lesson(runs: &[&ModelRun]) -> String {
    let best = runs.iter().min_by(|a, b| a.ratio().total_cmp(&b.ratio()));
    match best {
        Some(b) if b.ratio() < 1.0 => format!(
            "The best network, {}, is {} (RMSE {:.3} against {:.3}).",
            b.name,
            verdict(b.ratio()),
            b.test_rmse,
            b.naive_rmse
        ),
        Some(b) => format!(
            "**No network beats the naive forecast \"tomorrow = today\"**: the best, {}, has RMSE {:.3} against the naive {:.3}. A network that has learned to repeat the last price looks accurate on a price chart and has learned nothing a student could trade on.",
            b.name, b.test_rmse, b.naive_rmse
        ),
        None => String::new(),
    }
}
