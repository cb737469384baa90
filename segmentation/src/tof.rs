//! The notebook's time-of-flight k-means: a 128×128×661 cube of Bragg-edge transmission spectra
//! (`tofdata.npy`, six additively manufactured steel blocks in 2 rows × 3 columns, a spacer plate
//! between the rows, open beam around), reshaped to 16 384 spectra of 661 bins and clustered with
//! k = 4 and k = 10. The clusters are materials, or artefacts where a pixel straddles an edge.
//!
//! The original cube is missing from every copy of the course: [`generate`] writes a seeded
//! stand-in of the same shape and kind (two phases whose Bragg edges sit near bins 440 and 470,
//! blocks of different thickness, a spacer of transmission ≈ 0.04, open beam ≈ 0.93, pixels on a
//! block's border mixing two spectra, Poisson noise of 300 counts a bin in the open beam), and
//! keeps the truth of every pixel so that each cluster can be named.

use crate::npy::{self, Array};
use anyhow::{bail, Result};
use common::cli::{positive, Preset};
use common::plot::{self, ColorMapKind, GridImage, Series, XyPlot, PALETTE};
use common::report::Report;
use common::task::{Context, Task};
use ndarray::Array2;
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What a pixel of the stand-in shows.
pub const REGIONS: [&str; 5] = ["open beam", "spacer", "phase A", "phase B", "border"];

/// The transmission spectrum of `thickness` (in mm) of a phase whose Bragg edge is at `edge`:
/// attenuation growing slowly with wavelength (bin) below the edge, and a step down past it.
fn phase(bins: usize, edge: usize, thickness: f64) -> Vec<f64> {
    (0..bins)
        .map(|b| {
            let lambda = b as f64 / bins as f64;
            let mu = if b < edge {
                0.35 + 0.25 * lambda
            } else {
                0.18 + 0.1 * lambda
            };
            0.93 * (-mu * thickness).exp()
        })
        .collect()
}

/// The stand-in cube (`side` × `side` × `bins`, C order) and the region of every pixel.
pub fn generate(side: usize, bins: usize, seed: u64) -> (Array, Vec<usize>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let s = side as f64;
    let edge_a = (bins as f64 * 470.0 / 661.0) as usize;
    let edge_b = (bins as f64 * 440.0 / 661.0) as usize;
    // Blocks: rows 0.11–0.42 and 0.58–0.89 of the side; columns 0.06–0.31, 0.375–0.625, 0.69–0.94.
    let rows = [(0.11, 0.42), (0.58, 0.89)];
    let cols = [(0.06, 0.31), (0.375, 0.625), (0.69, 0.94)];
    let mut spectra: Vec<Vec<f64>> = Vec::new(); // 0 open, 1 spacer, then the six blocks
    spectra.push(vec![0.93; bins]);
    spectra.push(vec![0.04; bins]);
    let mut block_phase = Vec::new();
    for (r, _) in rows.iter().enumerate() {
        for (c, _) in cols.iter().enumerate() {
            let is_b = (r + c) % 2 == 1;
            let thickness = 2.0 + 0.5 * c as f64 + 0.3 * r as f64;
            spectra.push(phase(bins, if is_b { edge_b } else { edge_a }, thickness));
            block_phase.push(if is_b { 3 } else { 2 });
        }
    }
    // Which spectrum covers the centre of each pixel (fractions of the side).
    let at = |y: f64, x: f64| -> usize {
        for (r, (r0, r1)) in rows.iter().enumerate() {
            for (c, (c0, c1)) in cols.iter().enumerate() {
                if y >= *r0 && y < *r1 && x >= *c0 && x < *c1 {
                    return 2 + r * 3 + c;
                }
            }
        }
        if (0.45..0.55).contains(&y) && (0.03..0.97).contains(&x) {
            1
        } else {
            0
        }
    };
    let noise = Normal::new(0.0, 1.0).unwrap_or_else(|_| unreachable!("a unit normal"));
    let counts = 300.0;
    let mut values = Vec::with_capacity(side * side * bins);
    let mut labels = Vec::with_capacity(side * side);
    for y in 0..side {
        for x in 0..side {
            // Four sub-pixel samples: a pixel on a border mixes the spectra it straddles.
            let parts: Vec<usize> = [(0.25, 0.25), (0.25, 0.75), (0.75, 0.25), (0.75, 0.75)]
                .iter()
                .map(|(dy, dx)| at((y as f64 + dy) / s, (x as f64 + dx) / s))
                .collect();
            let pure = parts.iter().all(|&p| p == parts[0]);
            labels.push(match (pure, parts[0]) {
                (false, _) => 4,
                (true, p) if p < 2 => p,
                (true, p) => block_phase[p - 2],
            });
            let mixed = (0..bins).map(|b| parts.iter().map(|&p| spectra[p][b]).sum::<f64>() / 4.0);
            for t in mixed {
                let n = t * counts;
                values.push(((n + n.sqrt() * noise.sample(&mut rng)) / counts).max(0.0));
            }
        }
    }
    (
        Array {
            shape: vec![side, side, bins],
            values,
        },
        labels,
    )
}

/// Settings of `tof`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Side of the stand-in cube (the original's: 128).
    pub side: usize,
    /// Time-of-flight bins (the original's: 661).
    pub bins: usize,
    /// The numbers of clusters (the notebook's 4 and 10).
    pub ks: Vec<usize>,
    /// The original cube, tofdata.npy (side × side × bins).
    pub data: Option<PathBuf>,
}

/// Command-line overrides of [`Config`].
#[derive(Clone, Debug, Default, Serialize, clap::Args)]
pub struct Flags {
    /// Side of the stand-in cube [default: 128; smoke 32].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub side: Option<usize>,
    /// Time-of-flight bins of the stand-in [default: 661].
    #[arg(long, value_parser = positive, allow_hyphen_values = true)]
    pub bins: Option<usize>,
    /// The original cube, tofdata.npy.
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// One cluster of one k-means run.
#[derive(Clone, Debug, Serialize)]
pub struct Cluster {
    pub pixels: usize,
    pub mean_transmission: f64,
    /// The stand-in's region most of its pixels belong to, and their share (none for the original).
    pub region: Option<(String, f64)>,
    #[serde(skip)]
    pub centre: Vec<f64>,
}

/// What `tof` found.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub source: String,
    pub shape: Vec<usize>,
    /// For each k, its clusters.
    pub runs: Vec<(usize, Vec<Cluster>)>,
    #[serde(skip)]
    pub mean_image: Vec<f64>,
    #[serde(skip)]
    pub labels: Vec<Vec<usize>>,
}

/// The task.
#[derive(Debug)]
pub struct Tof;

impl Task for Tof {
    const NAME: &'static str = "tof";
    type Config = Config;
    type Outcome = Outcome;

    fn config(preset: Preset) -> Config {
        Config {
            side: if preset == Preset::Smoke { 32 } else { 128 },
            bins: 661,
            ks: vec![4, 10],
            data: None,
        }
    }

    fn compute(c: &Config, ctx: &Context) -> Result<Outcome> {
        let (cube, truth, source) = match &c.data {
            Some(f) => (
                npy::read(f)?,
                None,
                format!("original file {}", f.display()),
            ),
            None => {
                if c.side < 8 || c.bins < 16 {
                    bail!("the stand-in needs --side of at least 8 and --bins of at least 16");
                }
                let dir = ctx
                    .data_dir
                    .join(format!("tof-{}-{}-seed{}", c.side, c.bins, ctx.seed));
                let file = dir.join("tofdata.npy");
                let (cube, truth) = generate(c.side, c.bins, ctx.seed);
                if !file.is_file() {
                    std::fs::create_dir_all(&dir)?;
                    println!(
                        "writing the stand-in time-of-flight cube to {}",
                        file.display()
                    );
                    npy::write_f32(&file, &cube)?;
                }
                // Read back what the loader of the original reads.
                (
                    npy::read(&file)?,
                    Some(truth),
                    format!("stand-in {} (seed {})", file.display(), ctx.seed),
                )
            }
        };
        let [h, w, bins] = cube.shape[..] else {
            bail!(
                "the cube has shape {:?}, not rows × columns × bins",
                cube.shape
            );
        };
        let x = Array2::from_shape_vec((h * w, bins), cube.values)?;
        let mean_image: Vec<f64> = x
            .rows()
            .into_iter()
            .map(|r| r.mean().unwrap_or(0.0))
            .collect();
        let mut runs = Vec::new();
        let mut all_labels = Vec::new();
        for &k in &c.ks {
            let (centres, labels) = common::cluster::kmeans(&x, k, 3, ctx.seed)?;
            let clusters: Vec<Cluster> = (0..k)
                .map(|j| {
                    let members: Vec<usize> =
                        (0..labels.len()).filter(|&i| labels[i] == j).collect();
                    let region = truth.as_ref().map(|t| {
                        let mut counts = [0usize; REGIONS.len()];
                        members.iter().for_each(|&i| counts[t[i]] += 1);
                        let (best, n) = counts
                            .iter()
                            .enumerate()
                            .max_by_key(|c| c.1)
                            .map_or((0, 0), |(b, &n)| (b, n));
                        (
                            REGIONS[best].to_string(),
                            n as f64 / members.len().max(1) as f64,
                        )
                    });
                    let centre = centres.row(j).to_vec();
                    Cluster {
                        pixels: members.len(),
                        mean_transmission: centre.iter().sum::<f64>() / bins as f64,
                        region,
                        centre,
                    }
                })
                .collect();
            println!(
                "tof: k = {k}: {}",
                clusters
                    .iter()
                    .map(|c| match &c.region {
                        Some((r, p)) => format!("{} px {r} ({:.0} %)", c.pixels, 100.0 * p),
                        None => format!("{} px, T {:.2}", c.pixels, c.mean_transmission),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            runs.push((k, clusters));
            all_labels.push(labels);
        }
        Ok(Outcome {
            source,
            shape: vec![h, w, bins],
            runs,
            mean_image,
            labels: all_labels,
        })
    }

    fn present(_c: &Config, o: &Outcome, report: &mut Report) -> Result<()> {
        let (h, w) = (o.shape[0], o.shape[1]);
        let mut images = vec![GridImage::scaled(w, h, &o.mean_image, "mean transmission")];
        for ((k, _), labels) in o.runs.iter().zip(&o.labels) {
            images.push(GridImage {
                width: w,
                height: h,
                pixels: vec![0.0; w * h],
                title: format!("k = {k}"),
                title_color: plot::BLACK,
                colors: Some(labels.iter().map(|&l| PALETTE[l % PALETTE.len()]).collect()),
            });
        }
        let maps = report.save("tof_clusters.png", |p| {
            plot::image_grid(
                p,
                "Time-of-flight k-means",
                &images,
                images.len(),
                ColorMapKind::Gray,
            )
        })?;
        let spectra: Vec<XyPlot> = o
            .runs
            .iter()
            .map(|(k, clusters)| XyPlot {
                title: format!("Centroid spectra, k = {k}"),
                x_label: "time-of-flight bin".into(),
                y_label: "transmission".into(),
                series: clusters
                    .iter()
                    .enumerate()
                    .map(|(j, c)| {
                        let name = c.region.as_ref().map_or(format!("{j}"), |(r, p)| {
                            format!("{j}: {r} {:.0} %", 100.0 * p)
                        });
                        Series::line(
                            &name,
                            c.centre
                                .iter()
                                .enumerate()
                                .map(|(b, &v)| (b as f64, v))
                                .collect(),
                        )
                        .color(PALETTE[j % PALETTE.len()])
                    })
                    .collect(),
                legend_upper_right: true,
                // Room above the spectra (at most 0.93) for the legend.
                y_range: Some((0.0, 1.6)),
                ..Default::default()
            })
            .collect();
        let centroid = report.save("tof_spectra.png", |p| plot::panels(p, &spectra, 2))?;
        report.section("Lecture 5 — k-means on time-of-flight spectra");
        let table = o
            .runs
            .iter()
            .map(|(k, cl)| {
                format!(
                    "k = {k}: {}",
                    cl.iter()
                        .map(|c| match &c.region {
                            Some((r, p)) =>
                                format!("{} pixels, {r} ({:.0} %)", c.pixels, 100.0 * p),
                            None => format!(
                                "{} pixels, mean transmission {:.2}",
                                c.pixels, c.mean_transmission
                            ),
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            })
            .collect::<Vec<_>>()
            .join(".\n\n");
        report.text(&format!(
            "Data: {}, {} spectra of {} bins. k-means groups spectra, not places: with 4 clusters it finds the open \
             beam, the spacer and the blocks; with 10 it separates the two phases (their Bragg edges differ) and \
             the blocks' thicknesses, spends clusters on pixels that straddle a border, whose mixed spectra \
             belong to no material, and, given more clusters than there are materials, cuts the open beam in two \
             by its noise.\n\n{table}.",
            o.source,
            h * w,
            o.shape[2]
        ));
        report.figure(
            &maps,
            "Mean transmission and the cluster maps (colours as the spectra)",
        );
        report.figure(&centroid, "The clusters' centroid spectra");
        Ok(())
    }
}
