//! Lecture 4, principal component analysis (notebook "PCA", toy): the notebook's own 2-D data
//! (`np.random.seed(1); (rand(2, 2) @ randn(2, 200)).T`, reproduced bit for bit), its principal
//! axes drawn 3√λ long, and the data in principal-component coordinates. Recorded: explained
//! variance [0.76253, 0.01848].

use anyhow::Result;
use common::cli::Preset;
use common::numpy_rng::RandomState;
use common::pca::{Keep, Pca};
use common::plot::{self, RGBColor, Series, XyPlot, PALETTE};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// `pca` has no settings: the notebook's data and two components.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {}

/// No flags.
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {}

/// The notebook's toy data: `np.random.seed(1); (rand(2, 2) @ randn(2, 200)).T`, bit for bit.
pub fn pca_toy_data() -> Array2<f64> {
    let mut r = RandomState::new(1);
    let a: Vec<f64> = (0..4).map(|_| r.random_sample()).collect();
    let g: Vec<f64> = (0..400).map(|_| r.gauss()).collect();
    Array2::from_shape_fn((200, 2), |(s, f)| {
        a[f * 2] * g[s] + a[f * 2 + 1] * g[200 + s]
    })
}

/// What `pca` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub components: Vec<Vec<f64>>,
    pub explained_variance: Vec<f64>,
    #[serde(skip)]
    pub data: Array2<f64>,
    #[serde(skip)]
    pub mean: Vec<f64>,
    /// The data in principal-component coordinates.
    #[serde(skip)]
    pub scores: Array2<f64>,
}

/// The task.
#[derive(Debug)]
pub struct PcaToy;

impl Task for PcaToy {
    const NAME: &'static str = "pca";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(_: &Config, _: &Context) -> Result<Outcome> {
        let x = pca_toy_data();
        let p = Pca::fit(&x, Keep::Count(2), false)?;
        let components: Vec<Vec<f64>> = p
            .components
            .rows()
            .into_iter()
            .map(|r| r.to_vec())
            .collect();
        let ev = p.explained_variance.to_vec();
        let fmt = |v: &[f64], d: usize| -> String {
            let parts: Vec<String> = v.iter().map(|x| format!("{x:.d$}")).collect();
            format!("[{}]", parts.join(", "))
        };
        println!(
            "pca: components [{}, {}], explained variance {}",
            fmt(&components[0], 4),
            fmt(&components[1], 4),
            fmt(&ev, 5)
        );
        Ok(Outcome {
            components,
            explained_variance: ev,
            scores: p.transform(&x),
            mean: p.mean.to_vec(),
            data: x,
        })
    }

    fn present(_: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let (comps, ev) = (&o.components, &o.explained_variance);
        let pts = o.data.rows().into_iter().map(|r| (r[0], r[1])).collect();
        let mut series = vec![Series::points("data", pts).color(RGBColor(120, 160, 210))];
        for (k, colour) in [plot::RED, PALETTE[2]].into_iter().enumerate() {
            let len = 3.0 * ev[k].sqrt();
            let (mx, my) = (o.mean[0], o.mean[1]);
            series.push(
                Series::line(
                    &format!("PC{} (3√λ)", k + 1),
                    vec![(mx, my), (mx + len * comps[k][0], my + len * comps[k][1])],
                )
                .color(colour),
            );
        }
        let (x_range, y_range) = equal_aspect(&o.data);
        let data = XyPlot {
            title: "Principal axes, 3√λ long".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            series,
            x_range: Some(x_range),
            y_range: Some(y_range),
            ..Default::default()
        };
        let projected = XyPlot {
            title: "The data in principal-component coordinates".into(),
            x_label: "PC1".into(),
            y_label: "PC2".into(),
            series: vec![Series::points(
                "",
                o.scores.rows().into_iter().map(|r| (r[0], r[1])).collect(),
            )
            .color(RGBColor(120, 160, 210))],
            x_range: Some(equal_aspect(&o.scores).0),
            y_range: Some(equal_aspect(&o.scores).1),
            ..Default::default()
        };
        let fig = report.save("pca_toy.png", |p| plot::panels(p, &[data, projected], 2))?;
        report.section("Lecture 4 — principal component analysis");
        report.compare(
            "toy PCA explained variance",
            "[0.76253, 0.01848]",
            format!("[{:.5}, {:.5}]", ev[0], ev[1]),
        );
        report.compare(
            "toy PCA components",
            "[[−0.9445, −0.3286], [−0.3286, 0.9445]]",
            format!(
                "[[{:.4}, {:.4}], [{:.4}, {:.4}]]",
                comps[0][0], comps[0][1], comps[1][0], comps[1][1]
            ),
        );
        report.text(
            "The toy data are the notebook's own (`np.random.seed(1)`, reproduced bit for bit), so the numbers agree. \
             The first component's sign differs: scikit-learn ≥ 1.5 makes each component's largest entry positive, \
             which we follow; the recording predates that (a component's sign carries no meaning).",
        );
        report.figure(
            &fig,
            "The toy data with its principal axes, and in PC coordinates",
        );
        Ok(())
    }
}

/// Axis ranges around the data with one unit as long on both axes of a panel of
/// `plot::panels` (its plotting area is about 460 × 285 pixels), so that perpendicular axes look
/// perpendicular.
fn equal_aspect(x: &Array2<f64>) -> ((f64, f64), (f64, f64)) {
    const AREA: (f64, f64) = (460.0, 285.0);
    let extent = |c: usize| {
        let col = x.column(c);
        let lo = col.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = col.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        ((lo + hi) / 2.0, hi - lo)
    };
    let ((cx, wx), (cy, wy)) = (extent(0), extent(1));
    let per_pixel = (wx / AREA.0).max(wy / AREA.1) * 1.15;
    let (hx, hy) = (per_pixel * AREA.0 / 2.0, per_pixel * AREA.1 / 2.0);
    ((cx - hx, cx + hx), (cy - hy, cy + hy))
}
