//! Lecture 4, PCA of wines (notebook "PCA", wine): 14 chemical features of wines
//! (`wine_data.csv`) standardised; a one-component PCA of ethanol and glycerol and its inverse;
//! all components — cumulative explained variance (recorded: .2444 .4571 .6318 …), scores by
//! country, loadings.

use crate::data::given_or_stand_in;
use crate::standin::{self, ETHANOL, GLYCEROL, WINE_FEATURES};
use crate::table;
use anyhow::{bail, Result};
use common::cli::Preset;
use common::pca::{standardise, Keep, Pca};
use common::plot::{self, Series, XyPlot, PALETTE};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::{Array2, Axis};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Settings of `wine`: the data file only.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The original's wine_data.csv; `None` writes and reads a seeded stand-in.
    pub data: Option<PathBuf>,
}

/// Command-line overrides of [`Config`].
pub type Flags = crate::curve_fit::FileFlags;

/// The recorded cumulative explained-variance ratio of the standardised wine data.
pub const WINE_RECORDED: [f64; 14] = [
    0.2444, 0.4571, 0.6318, 0.7317, 0.8057, 0.8643, 0.9119, 0.9370, 0.9604, 0.9723, 0.9825, 0.9914,
    0.9992, 1.0,
];

/// Read `wine_data.csv` (the original's header, its columns in any order): the 14 features
/// (samples × 14, in [`WINE_FEATURES`]' order) and the country of each wine.
pub fn read_wine(path: &Path) -> Result<(Array2<f64>, Vec<String>)> {
    let mut required: Vec<&str> = WINE_FEATURES.to_vec();
    required.push("Country");
    let csv = table::read_csv(path, &required)?;
    let bad = |e: String| anyhow::anyhow!("{}: {e}", path.display());
    let cols = WINE_FEATURES
        .iter()
        .map(|f| csv.numbers(f).map_err(bad))
        .collect::<Result<Vec<_>>>()?;
    let n = cols[0].len();
    if n < 3 {
        bail!("{}: {n} wines are too few for a PCA", path.display());
    }
    Ok((
        Array2::from_shape_fn((n, 14), |(i, j)| cols[j][i]),
        csv.text("Country").map_err(bad)?,
    ))
}

/// What `wine` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub file: PathBuf,
    pub stand_in: bool,
    pub cumulative: Vec<f64>,
    pub ethanol_glycerol_ratio: f64,
    /// The standardised features.
    #[serde(skip)]
    pub standardised: Array2<f64>,
    /// The countries, sorted, and each wine's index into them.
    #[serde(skip)]
    pub countries: Vec<String>,
    #[serde(skip)]
    pub country: Vec<usize>,
    /// Ethanol and glycerol put back from their first component.
    #[serde(skip)]
    pub projected: Array2<f64>,
    /// Scores on all components.
    #[serde(skip)]
    pub scores: Array2<f64>,
    /// Loadings (component · √λ) of PC1 and PC2 on each feature.
    #[serde(skip)]
    pub loadings: [Vec<f64>; 2],
}

/// The task.
#[derive(Debug)]
pub struct Wine;

impl Task for Wine {
    const NAME: &'static str = "wine";
    type Config = Config;
    type Outcome = Outcome;

    fn config(_: Preset) -> Config {
        Config::default()
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (file, stand_in) = given_or_stand_in(c.data.as_deref(), ctx, "wine_data.csv", |p| {
            Ok(standin::wine(p, ctx.seed)?)
        })?;
        let (raw, names) = read_wine(&file)?;
        let x = standardise(&raw);
        let mut countries = names.clone();
        countries.sort();
        countries.dedup();
        let country = names
            .iter()
            .map(|c| countries.iter().position(|k| k == c).unwrap_or(0))
            .collect();
        let eg = x.select(Axis(1), &[ETHANOL, GLYCEROL]);
        let p1 = Pca::fit(&eg, Keep::Count(1), false)?;
        let projected = p1.inverse_transform(&p1.transform(&eg));
        let full = Pca::fit(&x, Keep::Count(x.ncols().min(x.nrows())), false)?;
        let cumulative: Vec<f64> = full
            .explained_variance_ratio
            .iter()
            .scan(0.0, |s, r| {
                *s += r;
                Some(*s)
            })
            .collect();
        let loading = |k: usize| -> Vec<f64> {
            (0..14)
                .map(|f| full.components[[k, f]] * full.explained_variance[k].sqrt())
                .collect()
        };
        println!(
            "wine: {} wines; cumulative explained variance {}",
            x.nrows(),
            four_places(&cumulative)
        );
        Ok(Outcome {
            file,
            stand_in,
            ethanol_glycerol_ratio: p1.explained_variance_ratio[0],
            cumulative,
            scores: full.transform(&x),
            loadings: [loading(0), loading(1)],
            standardised: x,
            countries,
            country,
            projected,
        })
    }

    fn present(_: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let figures = [
            (
                "wine_univariate.png",
                "Ethanol, glycerol and fructose by country",
            ),
            (
                "wine_ethanol_glycerol.png",
                "One-component PCA and its inverse",
            ),
            (
                "wine_cumulative.png",
                "Cumulative explained variance, ours and recorded",
            ),
            ("wine_scores.png", "Scores by country"),
            ("wine_loadings.png", "Loadings of PC1 and PC2"),
        ];
        let plots = [
            None,
            Some(ethanol_glycerol(o)),
            Some(cumulative(o)),
            Some(scores(o)),
            Some(loadings(o)),
        ];
        let mut files = Vec::new();
        for ((file, _), figure) in figures.iter().zip(&plots) {
            files.push(report.save(file, |p| match figure {
                Some(f) => plot::xy(p, f),
                None => plot::panels(p, &[strip(o, 0), strip(o, 1), strip(o, 2)], 3),
            })?);
        }
        report.section("Lecture 4 — PCA of wines");
        report.compare(
            "wine cumulative explained variance",
            &four_places(&WINE_RECORDED),
            four_places(&o.cumulative),
        );
        let x = &o.standardised;
        report.text(&format!(
            "{}{} wines, {} features standardised (`scale`). The one-component PCA of ethanol and glycerol keeps {:.0} % of \
             their variance; the inverse transform puts every wine on that line. Over all features the first two \
             components explain {:.0} %.",
            if o.stand_in { "Stand-in data: 14 features mixing latent factors whose variances follow the recorded spectrum, four countries apart on the first two — so the cumulative ratios resemble the recording without reproducing it. " } else { "" },
            x.nrows(), x.ncols(),
            100.0 * o.ethanol_glycerol_ratio,
            100.0 * o.cumulative.get(1).copied().unwrap_or(1.0)
        ));
        for (file, (_, caption)) in files.iter().zip(figures) {
            report.figure(file, caption);
        }
        Ok(())
    }
}

fn four_places(v: &[f64]) -> String {
    v.iter()
        .map(|c| format!("{c:.4}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One feature's standardised values by country, spread a little sideways.
fn strip(o: &Outcome, f: usize) -> XyPlot {
    let x = &o.standardised;
    XyPlot {
        title: WINE_FEATURES[f].into(),
        x_label: "country".into(),
        y_label: "standardised value".into(),
        series: (0..o.countries.len())
            .map(|c| {
                let pts = (0..x.nrows())
                    .filter(|&i| o.country[i] == c)
                    .enumerate()
                    .map(|(k, i)| (c as f64 + 0.04 * (k as f64 - 5.0), x[[i, f]]))
                    .collect();
                Series::points("", pts).color(PALETTE[c % PALETTE.len()])
            })
            .collect(),
        x_range: Some((-0.5, o.countries.len() as f64 - 0.5)),
        x_names: o.countries.clone(),
        ..Default::default()
    }
}

fn ethanol_glycerol(o: &Outcome) -> XyPlot {
    let rows = |a: &Array2<f64>| a.rows().into_iter().map(|r| (r[0], r[1])).collect();
    XyPlot {
        title: "Ethanol and glycerol, and their one-component PCA".into(),
        x_label: "Ethanol (standardised)".into(),
        y_label: "Glycerol (standardised)".into(),
        series: vec![
            Series::points(
                "data",
                rows(&o.standardised.select(Axis(1), &[ETHANOL, GLYCEROL])),
            )
            .color(PALETTE[0]),
            Series::points("projected onto PC1", rows(&o.projected)).color(PALETTE[1]),
        ],
        ..Default::default()
    }
}

fn cumulative(o: &Outcome) -> XyPlot {
    let numbered = |v: &[f64]| -> Vec<(f64, f64)> {
        v.iter()
            .enumerate()
            .map(|(i, c)| ((i + 1) as f64, *c))
            .collect()
    };
    XyPlot {
        title: "Cumulative explained variance".into(),
        x_label: "components".into(),
        y_label: "cumulative ratio".into(),
        series: vec![
            Series::line("ours", numbered(&o.cumulative)),
            Series::dashed("recorded", numbered(&WINE_RECORDED)),
        ],
        y_range: Some((0.0, 1.05)),
        ..Default::default()
    }
}

fn scores(o: &Outcome) -> XyPlot {
    let z = &o.scores;
    XyPlot {
        title: "Scores on PC1 and PC2 by country".into(),
        x_label: "PC1".into(),
        y_label: "PC2".into(),
        series: o
            .countries
            .iter()
            .enumerate()
            .map(|(c, name)| {
                let pts = (0..z.nrows())
                    .filter(|&i| o.country[i] == c)
                    .map(|i| (z[[i, 0]], z[[i, 1]]))
                    .collect();
                Series::points(name, pts).color(PALETTE[c % PALETTE.len()])
            })
            .collect(),
        ..Default::default()
    }
}

fn loadings(o: &Outcome) -> XyPlot {
    let shifted = |k: usize, shift: f64| -> Vec<(f64, f64)> {
        o.loadings[k]
            .iter()
            .enumerate()
            .map(|(f, v)| (f as f64 + shift, *v))
            .collect()
    };
    XyPlot {
        title: "Loadings (component · √λ)".into(),
        x_label: "feature".into(),
        y_label: "loading".into(),
        series: vec![
            Series::bars("PC1", shifted(0, -0.18), 0.36),
            Series::bars("PC2", shifted(1, 0.18), 0.36).color(PALETTE[1]),
        ],
        x_range: Some((-0.6, 13.6)),
        x_names: WINE_FEATURES.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}
