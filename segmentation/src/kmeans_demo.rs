//! The notebook's k-means demo: `make_blobs(200, random_state=2018)` (three blobs, reproduced bit
//! for bit) clustered with k = 2, 3 and 4.

use anyhow::Result;
use common::cli::Preset;
use common::numpy_rng::make_blobs;
use common::plot::{self, XyPlot};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Settings of `kmeans-demo`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub samples: usize,
    /// numpy's `random_state` of the blobs: the notebook's 2018.
    pub random_state: u32,
    pub ks: Vec<usize>,
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Points drawn [default: 200].
    #[arg(long, value_parser = common::cli::positive, allow_hyphen_values = true)]
    pub samples: Option<usize>,
    /// numpy's random_state of the blobs [default: 2018, the notebook's].
    #[arg(long)]
    pub random_state: Option<u32>,
}

/// What `kmeans-demo` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// For each k: its inertia (the sum of squared distances to the centres).
    pub inertia: Vec<(usize, f64)>,
    #[serde(skip)]
    pub points: Vec<(f64, f64)>,
    #[serde(skip)]
    pub labels: Vec<Vec<usize>>,
}

/// The task.
#[derive(Debug)]
pub struct KmeansDemo;

impl Task for KmeansDemo {
    const NAME: &'static str = "kmeans_demo";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_preset: Preset) -> Config {
        Config {
            samples: 200,
            random_state: 2018,
            ks: vec![2, 3, 4],
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (pts, _) = make_blobs(c.samples, 3, 1.0, c.random_state);
        let x = Array2::from_shape_fn((pts.len(), 2), |(i, j)| pts[i][j]);
        let mut inertia = Vec::new();
        let mut labels = Vec::new();
        for &k in &c.ks {
            let (centres, l) = common::cluster::kmeans(&x, k, 10, ctx.seed)?;
            let sse: f64 = (0..x.nrows())
                .map(|i| {
                    (0..2)
                        .map(|j| (x[[i, j]] - centres[[l[i], j]]).powi(2))
                        .sum::<f64>()
                })
                .sum();
            println!("kmeans-demo: k = {k}, inertia {sse:.1}");
            inertia.push((k, sse));
            labels.push(l);
        }
        Ok(Outcome {
            inertia,
            points: pts.iter().map(|p| (p[0], p[1])).collect(),
            labels,
        })
    }

    fn present(c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let panels: Vec<XyPlot> =
            c.ks.iter()
                .zip(&o.labels)
                .map(|(k, l)| {
                    plot::plane(
                        &format!("k = {k}"),
                        plot::labelled_points(&o.points, l, None),
                    )
                })
                .collect();
        let fig = report.save("kmeans_demo.png", |p| plot::panels(p, &panels, 3))?;
        report.section("Lecture 5 — k-means");
        report.text(&format!(
            "`make_blobs({}, random_state={})` clustered with k = 2, 3, 4 (inertia {}): k-means always returns k \
             clusters, whether or not the data hold k groups.",
            c.samples,
            c.random_state,
            o.inertia
                .iter()
                .map(|(k, s)| format!("{k}: {s:.1}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        report.figure(&fig, "k-means with k = 2, 3, 4");
        Ok(())
    }
}
