//! Figures as PNG files, drawn with plotters. Text is rendered with a bundled DejaVu Sans, so
//! figures look the same on a machine without any system fonts.
//!
//! Kinds: line and scatter charts ([`xy`]), image grids with titles ([`image_grid`]), heatmaps
//! and confusion matrices with a colour bar ([`heatmap`]), filled contours ([`contour`]) and
//! histograms ([`histogram`]).

use crate::error::{Error, Result};
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use std::sync::Once;

/// Colours for callers, so that lecture crates need not depend on plotters.
pub use plotters::style::{RGBColor, BLACK, BLUE, RED, WHITE};

static FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// Make the bundled font the sans-serif family for every style.
fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for style in [
            FontStyle::Normal,
            FontStyle::Bold,
            FontStyle::Italic,
            FontStyle::Oblique,
        ] {
            // The font is compiled in and known to parse; a failure only loses text.
            let _ = plotters::style::register_font("sans-serif", style, FONT);
        }
    });
}

fn fig_err(path: &Path) -> impl Fn(String) -> Error + '_ {
    move |reason| Error::Figure {
        path: path.to_path_buf(),
        reason,
    }
}

/// Wrap a plotters error (its types differ per call) as ours.
macro_rules! draw {
    ($path:expr, $e:expr) => {
        $e.map_err(|e| fig_err($path)(e.to_string()))
    };
}

/// The colours series get in order (matplotlib's "tab10").
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Line,
    Points,
    Dashed,
    /// Points with vertical error bars (±`Series::errors`).
    ErrorBars,
    /// Vertical bars from 0 to each y, `Series::width` wide in x units.
    Bars,
    /// A shaded band from y − e to y + e along the points (a confidence band), e in
    /// `Series::errors`.
    Band,
}

/// One named series of an x–y chart.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub mark: Mark,
    pub color: Option<RGBColor>,
    /// Half-lengths of the error bars, one per point (only for [`Mark::ErrorBars`]).
    pub errors: Vec<f64>,
    /// Marker radii in pixels, one per point (only for [`Mark::Points`]; 3 when empty).
    pub sizes: Vec<f64>,
    /// Bar width in x units (only for [`Mark::Bars`]).
    pub width: f64,
}

impl Series {
    pub fn line(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
            mark: Mark::Line,
            color: None,
            errors: Vec::new(),
            sizes: Vec::new(),
            width: 0.0,
        }
    }

    pub fn points(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
            mark: Mark::Points,
            color: None,
            errors: Vec::new(),
            sizes: Vec::new(),
            width: 0.0,
        }
    }

    pub fn dashed(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
            mark: Mark::Dashed,
            color: None,
            errors: Vec::new(),
            sizes: Vec::new(),
            width: 0.0,
        }
    }

    /// Points with vertical error bars of half-length `errors[i]` (absolute values are used).
    pub fn error_bars(name: &str, points: Vec<(f64, f64)>, errors: Vec<f64>) -> Self {
        Self {
            name: name.into(),
            points,
            mark: Mark::ErrorBars,
            color: None,
            errors: errors.into_iter().map(f64::abs).collect(),
            sizes: Vec::new(),
            width: 0.0,
        }
    }

    /// A shaded band around the points' y of half-width `half_widths[i]` (absolute values are
    /// used), e.g. mean ± 1.96σ.
    pub fn band(name: &str, points: Vec<(f64, f64)>, half_widths: Vec<f64>) -> Self {
        Self {
            mark: Mark::Band,
            ..Self::error_bars(name, points, half_widths)
        }
    }

    /// Points of individual sizes: `sizes[i]` is the marker radius in pixels.
    pub fn sized_points(name: &str, points: Vec<(f64, f64)>, sizes: Vec<f64>) -> Self {
        Self {
            sizes,
            ..Self::points(name, points)
        }
    }

    /// Vertical bars of `width` (x units) from 0 to each point's y.
    pub fn bars(name: &str, points: Vec<(f64, f64)>, width: f64) -> Self {
        Self {
            mark: Mark::Bars,
            width,
            ..Self::points(name, points)
        }
    }

    pub fn color(mut self, color: RGBColor) -> Self {
        self.color = Some(color);
        self
    }
}

/// Points coloured by their label (the palette in order), optionally with per-point marker radii
/// in pixels: one unnamed series per label 0, 1, ….
pub fn labelled_points(
    points: &[(f64, f64)],
    labels: &[usize],
    radii: Option<&[f64]>,
) -> Vec<Series> {
    let k = labels.iter().max().map_or(0, |m| m + 1);
    (0..k)
        .map(|c| {
            let idx: Vec<usize> = (0..points.len()).filter(|&i| labels[i] == c).collect();
            let pts = idx.iter().map(|&i| points[i]).collect();
            match radii {
                Some(r) => Series::sized_points("", pts, idx.iter().map(|&i| r[i]).collect()),
                None => Series::points("", pts),
            }
            .color(PALETTE[c % PALETTE.len()])
        })
        .collect()
}

/// A line or scatter chart.
#[derive(Clone, Debug, Default)]
pub struct XyPlot {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    /// Fixed axis ranges; computed from the data when `None`.
    pub x_range: Option<(f64, f64)>,
    pub y_range: Option<(f64, f64)>,
    pub log_x: bool,
    pub log_y: bool,
    /// Names for the whole-number x positions 0, 1, 2, … (a categorical axis); numbers when empty.
    pub x_names: Vec<String>,
    /// The legend in the upper right corner instead of the middle of the right edge (where bars
    /// or curves would hide under it).
    pub legend_upper_right: bool,
}

fn padded_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = if hi > lo {
        0.05 * (hi - lo)
    } else {
        0.5_f64.max(lo.abs() * 0.05)
    };
    (lo - pad, hi + pad)
}

fn draw_series<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    series: &[Series],
) -> std::result::Result<(), String> {
    for (i, s) in series.iter().enumerate() {
        let color = s.color.unwrap_or(PALETTE[i % PALETTE.len()]);
        // A band's legend swatch is its shade (the colour at a quarter on white).
        let legend_color = if s.mark == Mark::Band {
            let shade = |c: u8| (0.25 * f64::from(c) + 0.75 * 255.0).round() as u8;
            RGBColor(shade(color.0), shade(color.1), shade(color.2))
        } else {
            color
        };
        let anno = match s.mark {
            Mark::Line => chart
                .draw_series(LineSeries::new(
                    s.points.iter().copied(),
                    color.stroke_width(2),
                ))
                .map_err(|e| e.to_string())?,
            Mark::Dashed => chart
                .draw_series(DashedLineSeries::new(
                    s.points.iter().copied(),
                    8,
                    5,
                    color.stroke_width(2),
                ))
                .map_err(|e| e.to_string())?,
            Mark::Points => chart
                .draw_series(s.points.iter().enumerate().map(|(i, &p)| {
                    let r = s.sizes.get(i).map_or(3, |r| r.round().max(1.0) as i32);
                    Circle::new(p, r, color.filled())
                }))
                .map_err(|e| e.to_string())?,
            Mark::Bars => chart
                .draw_series(s.points.iter().map(|&(x, y)| {
                    let h = s.width / 2.0;
                    Rectangle::new([(x - h, 0.0), (x + h, y)], color.filled())
                }))
                .map_err(|e| e.to_string())?,
            Mark::ErrorBars => chart
                .draw_series(s.points.iter().zip(&s.errors).map(|(&(x, y), &e)| {
                    ErrorBar::new_vertical(x, y - e, y, y + e, color.filled(), 6)
                }))
                .map_err(|e| e.to_string())?,
            Mark::Band => {
                let edge = |sign: f64| {
                    s.points
                        .iter()
                        .zip(&s.errors)
                        .map(move |(&(x, y), &e)| (x, y + sign * e))
                };
                let outline: Vec<(f64, f64)> = edge(1.0)
                    .chain(edge(-1.0).collect::<Vec<_>>().into_iter().rev())
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        outline,
                        color.mix(0.25).filled(),
                    )))
                    .map_err(|e| e.to_string())?
            }
        };
        let band = s.mark == Mark::Band;
        if !s.name.is_empty() {
            anno.label(s.name.clone()).legend(move |(x, y)| {
                PathElement::new(
                    vec![(x, y), (x + 18, y)],
                    legend_color.stroke_width(if band { 8 } else { 3 }),
                )
            });
        }
    }
    Ok(())
}

/// A chart of 2-D points with axes x₁ and x₂ (the clustering and classification figures).
pub fn plane(title: &str, series: Vec<Series>) -> XyPlot {
    XyPlot {
        title: title.into(),
        x_label: "x₁".into(),
        y_label: "x₂".into(),
        series,
        ..Default::default()
    }
}

/// A tick label: plain with up to 4 decimals (trailing zeros dropped), or scientific for very
/// large and very small magnitudes.
pub fn tick_label(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        format!("{v:.1e}").replace(".0e", "e")
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// [`tick_label`] on an axis spanning `span`: a value that floating-point arithmetic left a
/// billionth of the span away from zero (a tick at −2.2e-16) is 0.
pub fn tick_label_within(v: f64, span: f64) -> String {
    if v.abs() <= 1e-9 * span.abs() {
        "0".into()
    } else {
        tick_label(v)
    }
}

/// Axes with their labels, the series, and a legend when a series is named.
fn decorate<'a, DB: DrawingBackend + 'a, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    x_label: &str,
    y_label: &str,
    series: &[Series],
    x_names: &[String],
    upper_right: bool,
) -> std::result::Result<(), String>
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let name = |v: &f64| {
        let i = v.round();
        if (v - i).abs() < 1e-6 && i >= 0.0 {
            x_names.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let (xr, yr) = (chart.x_range(), chart.y_range());
    let (x_span, y_span) = (xr.end - xr.start, yr.end - yr.start);
    let x_fmt = move |v: &f64| tick_label_within(*v, x_span);
    let y_fmt = move |v: &f64| tick_label_within(*v, y_span);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x_label)
        .y_desc(y_label)
        .y_label_formatter(&y_fmt);
    if x_names.is_empty() {
        mesh.x_label_formatter(&x_fmt);
    } else {
        mesh.x_labels(x_names.len() * 2 + 1)
            .x_label_formatter(&name)
            .x_label_style(("sans-serif", 11));
    }
    mesh.draw().map_err(|e| e.to_string())?;
    draw_series(chart, series)?;
    let position = if upper_right {
        SeriesLabelPosition::UpperRight
    } else {
        SeriesLabelPosition::MiddleRight
    };
    legend(chart, series, position)
}

/// The series' names in a framed box at `position` (nothing when no series is named).
fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    series: &[Series],
    position: SeriesLabelPosition,
) -> std::result::Result<(), String> {
    if series.iter().any(|s| !s.name.is_empty()) {
        chart
            .configure_series_labels()
            .position(position)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Draw a line/scatter chart to a PNG file.
pub fn xy(path: &Path, plot: &XyPlot) -> Result<()> {
    register_font();
    let root = BitMapBackend::new(path, (800, 560)).into_drawing_area();
    draw_xy(&root, plot).map_err(fig_err(path))?;
    draw!(path, root.present())
}

/// Draw the frames as an animated GIF, `delay_ms` apart.
pub fn xy_animation(path: &Path, size: (u32, u32), delay_ms: u32, frames: &[XyPlot]) -> Result<()> {
    register_font();
    let root = draw!(path, BitMapBackend::gif(path, size, delay_ms))?.into_drawing_area();
    for frame in frames {
        draw_xy(&root, frame).map_err(fig_err(path))?;
        draw!(path, root.present())?;
    }
    Ok(())
}

fn draw_xy<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plot: &XyPlot,
) -> std::result::Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let all = || plot.series.iter().flat_map(|s| s.points.iter());
    let errors = || {
        plot.series.iter().flat_map(|s| {
            s.points
                .iter()
                .zip(s.errors.iter().chain(std::iter::repeat(&0.0)))
                .flat_map(|(p, e)| [p.1 - e, p.1 + e])
        })
    };
    let x = if plot.log_x {
        plot.x_range
            .unwrap_or_else(|| log_range(all().map(|p| p.0)))
    } else {
        plot.x_range
            .unwrap_or_else(|| padded_range(all().map(|p| p.0)))
    };
    let y = if plot.log_y {
        plot.y_range.unwrap_or_else(|| log_range(errors()))
    } else {
        plot.y_range.unwrap_or_else(|| padded_range(errors()))
    };
    let mut builder = ChartBuilder::on(root);
    builder
        .caption(&plot.title, ("sans-serif", 24))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(70);
    macro_rules! chart {
        ($x:expr, $y:expr) => {{
            let mut chart = builder
                .build_cartesian_2d($x, $y)
                .map_err(|e| e.to_string())?;
            decorate(
                &mut chart,
                &plot.x_label,
                &plot.y_label,
                &plot.series,
                &plot.x_names,
                plot.legend_upper_right,
            )
        }};
    }
    match (plot.log_x, plot.log_y) {
        (false, false) => chart!(x.0..x.1, y.0..y.1),
        (false, true) => chart!(x.0..x.1, (y.0..y.1).log_scale()),
        (true, false) => chart!((x.0..x.1).log_scale(), y.0..y.1),
        (true, true) => chart!((x.0..x.1).log_scale(), (y.0..y.1).log_scale()),
    }
}

/// The range of the positive finite values, widened by a factor of two each side.
fn log_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold((f64::INFINITY, 0.0_f64), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo.is_finite() {
        (lo / 2.0, hi * 2.0)
    } else {
        (0.1, 10.0)
    }
}

/// Colour maps for images and heatmaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorMapKind {
    /// Black (low) to white (high).
    Gray,
    /// White (low) to black (high), matplotlib's `binary`.
    Binary,
    Viridis,
}

impl ColorMapKind {
    /// The colour of `v` in [0, 1] (clamped).
    pub fn color(self, v: f64) -> RGBColor {
        let v = if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let grey = |g: f64| {
            let g = (g * 255.0).round() as u8;
            RGBColor(g, g, g)
        };
        match self {
            ColorMapKind::Gray => grey(v),
            ColorMapKind::Binary => grey(1.0 - v),
            ColorMapKind::Viridis => ViridisRGB.get_color_normalized(v as f32, 0.0, 1.0),
        }
    }
}

/// One titled image of a grid: `pixels` row-major, `height × width`, values in [0, 1].
#[derive(Clone, Debug)]
pub struct GridImage {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<f32>,
    pub title: String,
    pub title_color: RGBColor,
    /// Pixel colours given directly (a colour image), overriding `pixels` and the colour map.
    pub colors: Option<Vec<RGBColor>>,
}

impl GridImage {
    /// A grey image of `values` (row-major, `height × width`) scaled from their smallest (black)
    /// to their largest (white).
    pub fn scaled(width: usize, height: usize, values: &[f64], title: &str) -> Self {
        let (lo, hi) = value_range(values.iter().copied());
        Self {
            width,
            height,
            pixels: values
                .iter()
                .map(|v| ((v - lo) / (hi - lo)).clamp(0.0, 1.0) as f32)
                .collect(),
            title: title.into(),
            title_color: BLACK,
            colors: None,
        }
    }

    fn is_valid(&self) -> bool {
        let n = self.width * self.height;
        self.pixels.len() == n && self.colors.as_ref().is_none_or(|c| c.len() == n)
    }

    /// Draw the image under its coloured title, filling `area`.
    fn draw_titled<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cmap: ColorMapKind,
        font_px: u32,
    ) -> std::result::Result<(), String> {
        let font = ("sans-serif", font_px).into_font().color(&self.title_color);
        let inner = area.titled(&self.title, font).map_err(|e| e.to_string())?;
        draw_pixels(&inner, self.width, self.height, |r, c| {
            self.color_at(r, c, cmap)
        })
    }

    fn color_at(&self, r: usize, c: usize, cmap: ColorMapKind) -> RGBColor {
        let k = r * self.width + c;
        match &self.colors {
            Some(colors) => colors[k],
            None => cmap.color(f64::from(self.pixels[k])),
        }
    }
}

/// Images as an animated GIF, `delay_ms` apart, each frame titled.
pub fn image_animation(
    path: &Path,
    frames: &[GridImage],
    scale: u32,
    delay_ms: u32,
    cmap: ColorMapKind,
) -> Result<()> {
    register_font();
    let Some(first) = frames.first() else {
        return Err(fig_err(path)(
            "an animation needs at least one frame".into(),
        ));
    };
    if frames
        .iter()
        .any(|f| !f.is_valid() || f.width != first.width || f.height != first.height)
    {
        return Err(fig_err(path)(
            "animation frames must be valid and of one size".into(),
        ));
    }
    let size = (
        first.width as u32 * scale.max(1),
        first.height as u32 * scale.max(1) + 26,
    );
    let root = draw!(path, BitMapBackend::gif(path, size, delay_ms))?.into_drawing_area();
    for f in frames {
        draw!(path, root.fill(&WHITE))?;
        f.draw_titled(&root, cmap, 15).map_err(fig_err(path))?;
        draw!(path, root.present())?;
    }
    Ok(())
}

/// Several x–y charts in one figure, `cols` to a row (e.g. the 2×2 training panels of a DQN).
pub fn panels(path: &Path, plots: &[XyPlot], cols: usize) -> Result<()> {
    register_font();
    let cols = cols.max(1);
    let rows = plots.len().div_ceil(cols).max(1);
    let root = BitMapBackend::new(path, (cols as u32 * 560, rows as u32 * 400)).into_drawing_area();
    draw!(path, root.fill(&WHITE))?;
    for (area, plot) in root.split_evenly((rows, cols)).iter().zip(plots) {
        draw_xy(area, plot).map_err(fig_err(path))?;
    }
    draw!(path, root.present())
}

fn draw_pixels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    width: usize,
    height: usize,
    value: impl Fn(usize, usize) -> RGBColor,
) -> std::result::Result<(), String> {
    let (w, h) = area.dim_in_pixel();
    let cell = (w as f64 / width as f64).min(h as f64 / height as f64);
    let x0 = (w as f64 - cell * width as f64) / 2.0;
    let y0 = (h as f64 - cell * height as f64) / 2.0;
    for r in 0..height {
        for c in 0..width {
            let a = ((x0 + c as f64 * cell) as i32, (y0 + r as f64 * cell) as i32);
            let b = (
                (x0 + (c + 1) as f64 * cell).ceil() as i32,
                (y0 + (r + 1) as f64 * cell).ceil() as i32,
            );
            area.draw(&Rectangle::new([a, b], value(r, c).filled()))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Draw images in a grid of `cols` columns, each with its (coloured) title.
pub fn image_grid(
    path: &Path,
    title: &str,
    images: &[GridImage],
    cols: usize,
    cmap: ColorMapKind,
) -> Result<()> {
    register_font();
    if images.iter().any(|im| !im.is_valid()) {
        return Err(fig_err(path)(
            "an image's pixel count differs from width × height".into(),
        ));
    }
    let cols = cols.max(1);
    let rows = images.len().div_ceil(cols).max(1);
    // Wide enough for the longest title at about 7 pixels a character.
    let longest = images
        .iter()
        .map(|im| im.title.chars().count())
        .max()
        .unwrap_or(0) as u32;
    // Pixels per image pixel: the long side about 150 px, at least 3 px a pixel (wide images).
    let (w, h) = images
        .first()
        .map_or((1, 1), |im| (im.width.max(1), im.height.max(1)));
    let scale = (150.0 / w.max(h) as f64).max(3.0);
    let image_w = (scale * w as f64) as u32 + 4;
    let cell_h = (scale * h as f64) as u32 + 4;
    // Titles grow with the panels, so that they stay legible on large images (a 600-pixel
    // radiograph is drawn 1 800 pixels wide).
    let font = (image_w.min(cell_h) / 16).clamp(15, 48);
    let cell_w = (font * 7 / 15 * longest + 10).max(image_w);
    let title_font = (font * 26 / 15).max(26);
    let top = if title.is_empty() {
        0
    } else {
        title_font * 3 / 2
    };
    let root = BitMapBackend::new(
        path,
        (
            cols as u32 * cell_w,
            rows as u32 * (cell_h + font * 8 / 5) + top,
        ),
    )
    .into_drawing_area();
    draw!(path, root.fill(&WHITE))?;
    let body = if title.is_empty() {
        root.clone()
    } else {
        draw!(
            path,
            root.margin(title_font / 3, 0, 0, 0)
                .titled(title, ("sans-serif", title_font))
        )?
    };
    let areas = body.split_evenly((rows, cols));
    for (area, im) in areas.iter().zip(images) {
        let area = area.margin(2, 2, 4, 4);
        im.draw_titled(&area, cmap, font).map_err(fig_err(path))?;
    }
    draw!(path, root.present())
}

/// A matrix drawn as coloured cells with a colour bar (a confusion matrix, an image).
#[derive(Clone, Debug)]
pub struct Heatmap {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// `values[row][col]`; row 0 is drawn at the top.
    pub values: Vec<Vec<f64>>,
    /// Tick labels for columns and rows; none when empty.
    pub x_ticks: Vec<String>,
    pub y_ticks: Vec<String>,
    /// Write each cell's value in it (for confusion matrices).
    pub annotate: bool,
    pub cmap: ColorMapKind,
}

fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lo: f64,
    hi: f64,
    cmap: ColorMapKind,
) -> std::result::Result<(), String> {
    let mut chart = ChartBuilder::on(area)
        .margin_top(40)
        .margin_bottom(50)
        .margin_right(10)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..1.0, lo..hi)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .disable_x_axis()
        .y_labels(6)
        .y_label_style(("sans-serif", 14))
        .draw()
        .map_err(|e| e.to_string())?;
    let steps = 100;
    let span = hi - lo;
    chart
        .draw_series((0..steps).map(|i| {
            let a = lo + span * i as f64 / steps as f64;
            let b = lo + span * (i + 1) as f64 / steps as f64;
            Rectangle::new(
                [(0.0, a), (1.0, b)],
                cmap.color((i as f64 + 0.5) / steps as f64).filled(),
            )
        }))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// The smallest and largest finite value, widened to (lo, lo + 1) when all are equal and (0, 1)
/// when there are none, so that `(v − lo) / (hi − lo)` is always defined.
pub fn value_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        (0.0, 1.0)
    } else if hi > lo {
        (lo, hi)
    } else {
        (lo, lo + 1.0)
    }
}

/// Draw a heatmap with a colour bar.
pub fn heatmap(path: &Path, h: &Heatmap) -> Result<()> {
    register_font();
    let rows = h.values.len();
    let cols = h.values.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 || h.values.iter().any(|r| r.len() != cols) {
        return Err(fig_err(path)(
            "heatmap values must be a non-empty rectangle".into(),
        ));
    }
    let (lo, hi) = value_range(h.values.iter().flatten().copied());
    // Short tick names (class numbers) stay horizontal, leaving room for the axis title.
    let long_x_ticks = h.x_ticks.iter().any(|t| t.chars().count() > 4);
    let root = BitMapBackend::new(path, (820, 700)).into_drawing_area();
    draw!(path, root.fill(&WHITE))?;
    let (main, bar) = root.split_horizontally(700);
    let mut chart = draw!(
        path,
        ChartBuilder::on(&main)
            .caption(&h.title, ("sans-serif", 24))
            .margin(10)
            .x_label_area_size(if h.x_ticks.is_empty() {
                30
            } else if long_x_ticks {
                90
            } else {
                50
            })
            .y_label_area_size(if h.y_ticks.is_empty() { 30 } else { 110 })
            .build_cartesian_2d(0.0..cols as f64, 0.0..rows as f64)
    )?;
    let xt = h.x_ticks.clone();
    let yt = h.y_ticks.clone();
    let tick = |labels: &[String], v: f64, reverse: bool, n: usize| -> String {
        let i = v.floor() as usize;
        let i = if reverse {
            n.wrapping_sub(1).wrapping_sub(i)
        } else {
            i
        };
        if (v - v.floor() - 0.5).abs() < 1e-6 {
            labels.get(i).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let x_fmt = |v: &f64| tick(&xt, *v, false, cols);
    let y_fmt = |v: &f64| tick(&yt, *v, true, rows);
    let mut mesh = chart.configure_mesh();
    mesh.disable_mesh().x_desc(&h.x_label).y_desc(&h.y_label);
    if h.x_ticks.is_empty() {
        mesh.x_labels(0);
    } else {
        mesh.x_labels(cols * 2 + 1).x_label_formatter(&x_fmt);
        if long_x_ticks {
            mesh.x_label_style(
                ("sans-serif", 13)
                    .into_font()
                    .transform(FontTransform::Rotate90),
            );
        }
    }
    if h.y_ticks.is_empty() {
        mesh.y_labels(0);
    } else {
        mesh.y_labels(rows * 2 + 1).y_label_formatter(&y_fmt);
    }
    draw!(path, mesh.draw())?;
    let norm = |v: f64| (v - lo) / (hi - lo);
    draw!(
        path,
        chart.draw_series(h.values.iter().enumerate().flat_map(|(r, row)| {
            row.iter().enumerate().map(move |(c, &v)| {
                let y = (rows - 1 - r) as f64;
                Rectangle::new(
                    [(c as f64, y), (c as f64 + 1.0, y + 1.0)],
                    h.cmap.color(norm(v)).filled(),
                )
            })
        }))
    )?;
    if h.annotate {
        for (r, row) in h.values.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                let y = (rows - 1 - r) as f64 + 0.5;
                let text = if v.fract() == 0.0 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.2}")
                };
                let color = if norm(v) > 0.6 && h.cmap == ColorMapKind::Viridis {
                    BLACK
                } else {
                    WHITE
                };
                let style = ("sans-serif", 14).into_font().color(&color).pos(
                    plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Center,
                        plotters::style::text_anchor::VPos::Center,
                    ),
                );
                draw!(
                    path,
                    chart.draw_series(std::iter::once(Text::new(text, (c as f64 + 0.5, y), style)))
                )?;
            }
        }
    }
    colour_bar(&bar, lo, hi, h.cmap).map_err(fig_err(path))?;
    draw!(path, root.present())
}

/// Values of f(x, y) on a regular grid, drawn as filled bands with points and lines on top.
#[derive(Clone, Debug)]
pub struct Contour {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// `values[j * nx + i]` is f at column i (x) and row j (y, from the bottom).
    pub nx: usize,
    pub ny: usize,
    pub values: Vec<f64>,
    /// Number of filled bands.
    pub levels: usize,
    pub overlay: Vec<Series>,
    pub cmap: ColorMapKind,
    /// Cell colours given directly (e.g. RGB = three class probabilities), one per value;
    /// `values` are then not drawn and there is no colour bar.
    pub colors: Option<Vec<RGBColor>>,
}

/// Draw a filled contour plot with a colour bar (or a map of given cell colours).
pub fn contour(path: &Path, c: &Contour) -> Result<()> {
    contour_panels(path, std::slice::from_ref(c), 1)
}

/// Several contour plots in one figure, `cols` to a row (e.g. decision regions of four trees).
pub fn contour_panels(path: &Path, plots: &[Contour], cols: usize) -> Result<()> {
    register_font();
    for c in plots {
        let colors_ok = c.colors.as_ref().is_none_or(|v| v.len() == c.nx * c.ny);
        if c.nx == 0 || c.ny == 0 || c.values.len() != c.nx * c.ny || !colors_ok {
            return Err(fig_err(path)(
                "contour values must have nx × ny entries".into(),
            ));
        }
    }
    let cols = cols.max(1);
    let rows = plots.len().div_ceil(cols).max(1);
    let root = BitMapBackend::new(path, (cols as u32 * 820, rows as u32 * 640)).into_drawing_area();
    draw!(path, root.fill(&WHITE))?;
    for (area, c) in root.split_evenly((rows, cols)).iter().zip(plots) {
        draw_contour(area, c).map_err(fig_err(path))?;
    }
    draw!(path, root.present())
}

fn draw_contour<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &Contour,
) -> std::result::Result<(), String> {
    let (lo, hi) = value_range(c.values.iter().copied());
    let levels = c.levels.max(2) as f64;
    let band = |v: f64| {
        ((v - lo) / (hi - lo) * levels)
            .floor()
            .clamp(0.0, levels - 1.0)
    };
    let width = area.dim_in_pixel().0 as i32;
    let (main, bar) = area.split_horizontally(width - 120);
    let (x0, x1) = c.x_range;
    let (y0, y1) = c.y_range;
    let mut chart = ChartBuilder::on(&main)
        .caption(&c.title, ("sans-serif", 24))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(&c.x_label)
        .y_desc(&c.y_label)
        .draw()
        .map_err(|e| e.to_string())?;
    let dx = (x1 - x0) / c.nx as f64;
    let dy = (y1 - y0) / c.ny as f64;
    chart
        .draw_series((0..c.ny).flat_map(|j| {
            (0..c.nx).map(move |i| {
                let k = j * c.nx + i;
                let colour = match &c.colors {
                    Some(colors) => colors[k],
                    None => c.cmap.color((band(c.values[k]) + 0.5) / levels),
                };
                let a = (x0 + i as f64 * dx, y0 + j as f64 * dy);
                Rectangle::new([a, (a.0 + dx, a.1 + dy)], colour.filled())
            })
        }))
        .map_err(|e| e.to_string())?;
    draw_series(&mut chart, &c.overlay)?;
    legend(&mut chart, &c.overlay, SeriesLabelPosition::MiddleRight)?;
    if c.colors.is_none() {
        colour_bar(&bar, lo, hi, c.cmap)?;
    }
    Ok(())
}

/// Draw a histogram of `values` in `bins` equal bins, with labelled vertical lines at `markers`
/// (e.g. percentiles).
pub fn histogram(
    path: &Path,
    title: &str,
    x_label: &str,
    values: &[f64],
    bins: usize,
    markers: &[(&str, f64)],
) -> Result<()> {
    register_font();
    let (mut lo, mut hi) = value_range(values.iter().copied().chain(markers.iter().map(|m| m.1)));
    // Whole numbers over a short range (rewards of a few distinct values) get a bar per number,
    // centred on it, so that a marker at a value falls in the middle of that value's bar.
    let whole = values
        .iter()
        .filter(|v| v.is_finite())
        .all(|v| v.fract() == 0.0);
    let bins = if whole && hi - lo < bins as f64 {
        (lo, hi) = (lo.floor() - 0.5, hi.ceil() + 0.5);
        (hi - lo).round() as usize
    } else {
        bins.max(1)
    };
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0usize; bins];
    for &v in values.iter().filter(|v| v.is_finite()) {
        let b = (((v - lo) / width) as usize).min(bins - 1);
        counts[b] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.25;
    // A margin on both sides, so that a marker at the smallest or largest value (a threshold
    // that every elite session meets) is drawn inside the frame rather than on its edge; the
    // legend goes to the upper corner whose third of the bars is lower.
    let margin = 0.04 * (hi - lo);
    let third = bins.div_ceil(3);
    let tallest = |c: &[usize]| c.iter().copied().max().unwrap_or(0);
    let corner = if tallest(&counts[bins - third..]) <= tallest(&counts[..third]) {
        SeriesLabelPosition::UpperRight
    } else {
        SeriesLabelPosition::UpperLeft
    };
    let root = BitMapBackend::new(path, (800, 560)).into_drawing_area();
    draw!(path, root.fill(&WHITE))?;
    let mut chart = draw!(
        path,
        ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 24))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(lo - margin..hi + margin, 0.0..top)
    )?;
    draw!(
        path,
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc("count")
            .x_label_formatter(&|v| tick_label(*v))
            .draw()
    )?;
    draw!(
        path,
        chart.draw_series(counts.iter().enumerate().map(|(i, &n)| {
            let a = lo + i as f64 * width;
            Rectangle::new(
                [(a, 0.0), (a + width, n as f64)],
                PALETTE[0].mix(0.8).filled(),
            )
        }))
    )?;
    let lines: Vec<Series> = markers
        .iter()
        .enumerate()
        .map(|(i, (name, x))| {
            Series::dashed(name, vec![(*x, 0.0), (*x, top)]).color(PALETTE[(i + 1) % PALETTE.len()])
        })
        .collect();
    draw_series(&mut chart, &lines).map_err(fig_err(path))?;
    legend(&mut chart, &lines, corner).map_err(fig_err(path))?;
    draw!(path, root.present())
}

/// A small image drawn on a chart, centred at data coordinates (x, y) (e.g. a digit on its
/// t-SNE position).
#[derive(Clone, Debug)]
pub struct Sprite {
    pub x: f64,
    pub y: f64,
    pub image: GridImage,
    /// Pixels on the figure per image pixel.
    pub scale: i32,
}

/// An x–y chart with small images drawn over it, in the colour map `cmap`.
pub fn xy_with_sprites(
    path: &Path,
    plot: &XyPlot,
    sprites: &[Sprite],
    cmap: ColorMapKind,
) -> Result<()> {
    register_font();
    let root = BitMapBackend::new(path, (1000, 800)).into_drawing_area();
    draw_xy(&root, plot).map_err(fig_err(path))?;
    // Recompute the chart's mapping as draw_xy laid it out (same margins and label areas).
    let all = || plot.series.iter().flat_map(|s| s.points.iter());
    let x = plot
        .x_range
        .unwrap_or_else(|| padded_range(all().map(|p| p.0)));
    let y = plot
        .y_range
        .unwrap_or_else(|| padded_range(all().map(|p| p.1)));
    let chart = draw!(
        path,
        ChartBuilder::on(&root)
            .caption(&plot.title, ("sans-serif", 24))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(x.0..x.1, y.0..y.1)
    )?;
    for s in sprites {
        let (cx, cy) = chart.backend_coord(&(s.x, s.y));
        let (w, h) = (s.image.width as i32, s.image.height as i32);
        let (x0, y0) = (cx - w * s.scale / 2, cy - h * s.scale / 2);
        for r in 0..h {
            for c in 0..w {
                let colour = s.image.color_at(r as usize, c as usize, cmap);
                let a = (x0 + c * s.scale, y0 + r * s.scale);
                draw!(
                    path,
                    root.draw(&Rectangle::new(
                        [a, (a.0 + s.scale, a.1 + s.scale)],
                        colour.filled()
                    ))
                )?;
            }
        }
    }
    draw!(path, root.present())
}

/// Points in 3-D, each with its colour, seen from the given yaw and pitch (radians).
#[derive(Clone, Debug)]
pub struct Scatter3d {
    pub title: String,
    pub points: Vec<[f64; 3]>,
    pub colors: Vec<RGBColor>,
    pub yaw: f64,
    pub pitch: f64,
}

/// Draw a 3-D scatter plot.
pub fn scatter3d(path: &Path, s: &Scatter3d) -> Result<()> {
    register_font();
    if s.points.len() != s.colors.len() {
        return Err(fig_err(path)("one colour per point is needed".into()));
    }
    let range = |k: usize| padded_range(s.points.iter().map(|p| p[k]));
    let (x, y, z) = (range(0), range(1), range(2));
    let root = BitMapBackend::new(path, (800, 700)).into_drawing_area();
    draw!(path, root.fill(&WHITE))?;
    let mut chart = draw!(
        path,
        ChartBuilder::on(&root)
            .caption(&s.title, ("sans-serif", 24))
            .margin(20)
            .build_cartesian_3d(x.0..x.1, z.0..z.1, y.0..y.1)
    )?;
    chart.with_projection(|mut p| {
        p.yaw = s.yaw;
        p.pitch = s.pitch;
        p.scale = 0.8;
        p.into_matrix()
    });
    draw!(path, chart.configure_axes().draw())?;
    draw!(
        path,
        chart.draw_series(s.points.iter().zip(&s.colors).map(|(p, c)| Circle::new(
            (p[0], p[2], p[1]),
            3,
            c.filled()
        )))
    )?;
    draw!(path, root.present())
}

/// Values of f(x, y) on a regular grid, drawn in 3-D as a wireframe surface whose segments take
/// the colour of their height.
#[derive(Clone, Debug)]
pub struct Surface3d {
    pub title: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// `values[j * nx + i]` is f at column i (x) and row j (y), as [`Contour`]'s.
    pub nx: usize,
    pub ny: usize,
    pub values: Vec<f64>,
    pub cmap: ColorMapKind,
    /// The view, in radians.
    pub yaw: f64,
    pub pitch: f64,
}

/// Draw a wireframe surface.
pub fn surface3d(path: &Path, s: &Surface3d) -> Result<()> {
    register_font();
    if s.nx < 2 || s.ny < 2 || s.values.len() != s.nx * s.ny {
        return Err(fig_err(path)(format!(
            "a surface needs nx × ny values on at least a 2 × 2 grid, got {} for {} × {}",
            s.values.len(),
            s.nx,
            s.ny
        )));
    }
    let (lo, hi) = padded_range(s.values.iter().copied());
    let x_of = |i: usize| s.x_range.0 + (s.x_range.1 - s.x_range.0) * i as f64 / (s.nx - 1) as f64;
    let y_of = |j: usize| s.y_range.0 + (s.y_range.1 - s.y_range.0) * j as f64 / (s.ny - 1) as f64;
    // Plotters' second axis is the vertical one.
    let at = |i: usize, j: usize| (x_of(i), s.values[j * s.nx + i], y_of(j));
    let colour = |a: f64, b: f64| s.cmap.color(((a + b) / 2.0 - lo) / (hi - lo).max(1e-300));
    let mut segments = Vec::new();
    for j in 0..s.ny {
        for i in 0..s.nx {
            let v = s.values[j * s.nx + i];
            if i + 1 < s.nx {
                segments.push((
                    at(i, j),
                    at(i + 1, j),
                    colour(v, s.values[j * s.nx + i + 1]),
                ));
            }
            if j + 1 < s.ny {
                segments.push((
                    at(i, j),
                    at(i, j + 1),
                    colour(v, s.values[(j + 1) * s.nx + i]),
                ));
            }
        }
    }
    let root = BitMapBackend::new(path, (800, 700)).into_drawing_area();
    draw!(path, root.fill(&WHITE))?;
    let mut chart = draw!(
        path,
        ChartBuilder::on(&root)
            .caption(&s.title, ("sans-serif", 24))
            .margin(20)
            .build_cartesian_3d(s.x_range.0..s.x_range.1, lo..hi, s.y_range.0..s.y_range.1)
    )?;
    chart.with_projection(|mut p| {
        p.yaw = s.yaw;
        p.pitch = s.pitch;
        p.scale = 0.8;
        p.into_matrix()
    });
    draw!(
        path,
        chart
            .configure_axes()
            .x_formatter(&|v| tick_label(*v))
            .y_formatter(&|v| tick_label(*v))
            .z_formatter(&|v| tick_label(*v))
            .draw()
    )?;
    draw!(
        path,
        chart.draw_series(
            segments
                .into_iter()
                .map(|(a, b, c)| PathElement::new(vec![a, b], c.stroke_width(1)))
        )
    )?;
    draw!(path, root.present())
}
