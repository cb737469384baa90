//! Lecture 10.1, Gaussian mixtures (notebook "Clustering"): GMM(3) on the notebook's blobs
//! (`make_blobs(1000, 3, cluster_std=0.7, random_state=0)`). Each point gets a probability per component; points between blobs are shared, which the
//! figure shows by marker size 100·max(p)³ and the table by the probabilities of rows 60–70.

use crate::figures::{by_label, chart};
use anyhow::Result;
use common::cli::{positive, positive_f64, Preset};
use common::cluster::gmm;
use common::numpy_rng::{make_blobs, to_array};
use common::plot;
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Settings of `gmm` (the notebook's).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub samples: usize,
    pub components: usize,
    pub cluster_std: f64,
    /// numpy's `random_state` of the blobs: the notebook's 0.
    pub random_state: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            samples: 1000,
            components: 3,
            cluster_std: 0.7,
            random_state: 0,
        }
    }
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Points drawn [default: 1000].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub samples: Option<usize>,
    /// Blobs drawn and mixture components fitted [default: 3].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub components: Option<usize>,
    /// Standard deviation of each blob [default: 0.7].
    #[arg(long, value_parser = positive_f64, allow_hyphen_values = true)]
    pub cluster_std: Option<f64>,
    /// numpy's random_state of the blobs [default: 0, the notebook's].
    #[arg(long)]
    pub random_state: Option<u32>,
}

/// The rows whose probabilities the notebook prints.
pub const SHOWN_ROWS: std::ops::RangeInclusive<usize> = 60..=70;

/// What `gmm` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// Membership probabilities of rows 60–70.
    pub rows_60_70: Vec<Vec<f64>>,
    #[serde(skip)]
    pub points: Array2<f64>,
    /// Every point's probabilities.
    #[serde(skip)]
    pub probabilities: Array2<f64>,
}

/// The index of the largest value of a row.
fn argmax(r: ndarray::ArrayView1<f64>) -> usize {
    r.iter()
        .enumerate()
        .fold((0, -1.0), |b, (i, &v)| if v > b.1 { (i, v) } else { b })
        .0
}

/// Exercise 3: fit a Gaussian mixture of `components` full-covariance components to `x` and
/// return each point's membership probabilities (one row per point, one column per component).
pub fn memberships(x: &Array2<f64>, components: usize, seed: u64) -> Result<Array2<f64>> {
    // BEGIN SOLUTION 10.1.3
    let m = gmm(x, components, 1, seed)?;
    Ok(m.probabilities(x)?)
    // END SOLUTION
}

/// The task.
#[derive(Debug)]
pub struct Gmm;

impl Task for Gmm {
    const NAME: &'static str = "gmm";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let seed = ctx.seed;
        let (x, _) = make_blobs(c.samples, c.components, c.cluster_std, c.random_state);
        let x = to_array(&x);
        let p = memberships(&x, c.components, seed)?;
        let rows: Vec<Vec<f64>> = SHOWN_ROWS
            .filter(|&i| i < p.nrows())
            .map(|i| p.row(i).to_vec())
            .collect();
        println!("gmm: membership probabilities of rows 60–70:");
        for (i, r) in rows.iter().enumerate() {
            let cells: Vec<String> = r.iter().map(|v| format!("{v:.3}")).collect();
            println!("  {:>2}: {}", SHOWN_ROWS.start() + i, cells.join("  "));
        }
        Ok(Outcome {
            rows_60_70: rows,
            points: x,
            probabilities: p,
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let p = &o.probabilities;
        let labels: Vec<usize> = p.rows().into_iter().map(argmax).collect();
        // matplotlib's marker area s = 100·max(p)³ (pt²) as a radius in pixels.
        let radii: Vec<f64> = p
            .rows()
            .into_iter()
            .map(|r| (100.0 * r.iter().copied().fold(0.0, f64::max).powi(3)).sqrt() * 0.6)
            .collect();
        let title = format!("GMM({}): marker size 100·max(p)³", c.components);
        let file = report.save("gmm.png", |f| {
            plot::xy(
                f,
                &chart(&title, by_label(&o.points, &labels, Some(&radii))),
            )
        })?;
        report.section("Lecture 10.1 — Gaussian mixtures");
        let head: Vec<String> = (1..=c.components)
            .map(|k| format!("p{}", subscript(k)))
            .collect();
        let mut table = format!(
            "| row | {} |\n|---|{}\n",
            head.join(" | "),
            "---|".repeat(c.components)
        );
        for (i, r) in o.rows_60_70.iter().enumerate() {
            let cells: Vec<String> = r.iter().map(|v| format!("{v:.3}")).collect();
            table.push_str(&format!(
                "| {} | {} |\n",
                SHOWN_ROWS.start() + i,
                cells.join(" | ")
            ));
        }
        report.text(&format!(
            "GMM({k}) (EM with full covariances from a linfa k-means start) on `make_blobs({n}, {k}, cluster_std={s}, random_state={r})`. \
             Each row's probabilities sum to one; points between blobs are shared (small markers).\n\n{table}",
            k = c.components,
            n = c.samples,
            s = c.cluster_std,
            r = c.random_state
        ));
        report.figure(&file, "Mixture memberships, marker size 100·max(p)³");
        Ok(())
    }
}

/// A number in subscript digits (p₁, p₂, …).
fn subscript(k: usize) -> String {
    k.to_string()
        .chars()
        .map(|d| char::from_u32(0x2080 + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
        .collect()
}
