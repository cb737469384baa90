//! The one shape of a lecture task, shared by every lecture crate.
//!
//! A task is a unit struct implementing [`Task`]: a `Config` of its hyper-parameters (serde, one
//! preset constructor), a computation that takes the config and returns an `Outcome` (numbers,
//! arrays, histories) without writing a file, and a separate `present` that turns the outcome
//! into figures, report text and `metrics.json`. Tests and benches call [`Task::compute`];
//! the binary calls [`run`], which merges the command-line overrides into the preset's config in
//! one place ([`merge`]), records the config in `config.json`, computes and presents.

use crate::cli::Preset;
use crate::report::Report;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What a task's computation knows of the run: the seed of every random stream the notebook
/// leaves random, and the folder where a task that reads a data file writes its seeded stand-in
/// (in the original's format) when no file is given. Writing that stand-in is the only file a
/// computation writes.
#[derive(Clone, Debug)]
pub struct Context {
    pub seed: u64,
    pub data_dir: PathBuf,
}

impl Context {
    /// The context of a run writing into `out` (stand-ins into `out/data`).
    pub fn new(seed: u64, out: &Path) -> Self {
        Self {
            seed,
            data_dir: out.join("data"),
        }
    }
}

/// One task of a lecture (one notebook section).
pub trait Task {
    /// The subcommand, the key of the task's numbers in `metrics.json` and of its config in
    /// `config.json` (e.g. `"dbscan"`).
    const NAME: &'static str;
    /// Every hyper-parameter of the task, each also a command-line flag.
    type Config: Serialize + DeserializeOwned + Clone + std::fmt::Debug;
    /// What the computation found.
    type Outcome: Serialize;

    /// The config of a size preset.
    fn config(preset: Preset) -> Self::Config;

    /// The computation: data, fitting, evaluation. Writes nothing but a stand-in data file
    /// (see [`Context`]).
    fn compute(config: &Self::Config, ctx: &Context) -> anyhow::Result<Self::Outcome>;

    /// Figures, report text and metrics of an outcome.
    fn present(
        config: &Self::Config,
        outcome: &Self::Outcome,
        report: &mut Report,
    ) -> anyhow::Result<()>;
}

/// `base` with every field that `overrides` sets (a `clap::Args` struct of `Option`s whose names
/// are the config's fields): the one place where command-line flags meet a preset. A flag that
/// names no field of the config is an error, so the two cannot drift apart unnoticed.
pub fn merge<C: Serialize + DeserializeOwned>(
    base: C,
    overrides: &impl Serialize,
) -> crate::Result<C> {
    let mut value = serde_json::to_value(base)?;
    let given = serde_json::to_value(overrides)?;
    if let (Value::Object(target), Value::Object(given)) = (&mut value, given) {
        for (key, v) in given {
            if v.is_null() {
                continue;
            }
            if !target.contains_key(&key) {
                return Err(crate::Error::InvalidArgument(format!(
                    "--{} is not a setting of this task",
                    key.replace('_', "-")
                )));
            }
            target.insert(key, v);
        }
    }
    Ok(serde_json::from_value(value)?)
}

/// Run one task as the binary does: the preset's config with the flags merged in, recorded in
/// `config.json`; the computation; its presentation; the report written (so an interrupted run
/// keeps every finished task).
pub fn run<T: Task>(
    preset: Preset,
    overrides: &impl Serialize,
    ctx: &Context,
    report: &mut Report,
) -> anyhow::Result<T::Outcome> {
    let config = merge(T::config(preset), overrides)?;
    report.config(T::NAME, &config)?;
    let outcome = T::compute(&config, ctx)?;
    T::present(&config, &outcome, report)?;
    report.metric(T::NAME, &outcome)?;
    report.write()?;
    Ok(outcome)
}

/// One run of a lecture binary: the size preset, the tasks' [`Context`] and the report they
/// write into, set up in one place for every lecture.
pub struct Session {
    /// The lecture crate (named in the line about an open exercise).
    pub krate: String,
    pub preset: Preset,
    pub ctx: Context,
    pub report: Report,
}

impl Session {
    /// The output folder (`out`, else `out/<krate>`, created), every generator seeded from
    /// `seed` (which is printed), and an empty report titled `title`.
    pub fn start(
        krate: &str,
        title: &str,
        out: Option<&Path>,
        preset: Preset,
        seed: u64,
    ) -> crate::Result<Self> {
        let out = crate::data::output_dir(out, krate)?;
        crate::seed::seed_all(seed);
        let mut report = Report::new(title, &out);
        report.run_setting("preset", preset)?;
        report.run_setting("seed", seed)?;
        Ok(Self {
            krate: krate.to_string(),
            preset,
            ctx: Context::new(seed, &out),
            report,
        })
    }

    /// [`Session::start`] with the options of a lecture without networks or data folders.
    pub fn basic(krate: &str, title: &str, args: &crate::cli::BasicArgs) -> crate::Result<Self> {
        Self::start(krate, title, args.out.as_deref(), args.preset, args.seed)
    }

    /// Run one task of the common shape with its command-line overrides (see [`run`]). In the
    /// student edition a task that reaches an open exercise is one line and `Ok(None)`, and the
    /// lecture goes on with its other tasks ([`crate::exercise::guard`]).
    pub fn run<T: Task>(
        &mut self,
        overrides: &impl Serialize,
    ) -> anyhow::Result<Option<T::Outcome>> {
        let (preset, ctx, report) = (self.preset, &self.ctx, &mut self.report);
        crate::exercise::guard(&self.krate, T::NAME, || {
            run::<T>(preset, overrides, ctx, report)
        })
    }

    /// Say where the report is.
    pub fn finish(&self) {
        println!("wrote {}", self.report.path("report.md").display());
    }
}
