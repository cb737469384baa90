//! Figures render, text included, with no system fonts (the bundled font is used).

#![allow(clippy::unwrap_used)]

use common::plot::{self, ColorMapKind, Contour, GridImage, Heatmap, Series, XyPlot};
use std::path::Path;

fn pixels(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Dark pixels in the top band of an image (where the title goes).
fn dark_in_title_band(path: &Path) -> usize {
    let (w, _h, buf) = pixels(path);
    let channels = buf.len() / (w as usize * _h as usize);
    (0..40 * w as usize)
        .filter(|&i| buf[i * channels..i * channels + 3].iter().all(|&c| c < 128))
        .count()
}

#[test]
fn titles_are_rendered_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let series = vec![Series::line(
        "sin",
        (0..50)
            .map(|i| (i as f64, (i as f64 / 5.0).sin()))
            .collect(),
    )];
    let with = dir.path().join("with.png");
    let without = dir.path().join("without.png");
    plot::xy(
        &with,
        &XyPlot {
            title: "A title in DejaVu Sans".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            series: series.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    plot::xy(
        &without,
        &XyPlot {
            title: String::new(),
            series,
            ..Default::default()
        },
    )
    .unwrap();
    let (w, h, _) = pixels(&with);
    assert_eq!((w, h), (800, 560));
    let (t, n) = (dark_in_title_band(&with), dark_in_title_band(&without));
    assert!(t > 200 + n, "title pixels: {t} with a title, {n} without");
}

#[test]
fn every_kind_of_figure_renders() {
    let dir = tempfile::tempdir().unwrap();
    let p = |f: &str| dir.path().join(f);
    plot::xy(
        &p("log.png"),
        &XyPlot {
            title: "log".into(),
            series: vec![Series::points("p", vec![(1.0, 1e-3), (2.0, 10.0)])],
            log_y: true,
            ..Default::default()
        },
    )
    .unwrap();
    let img = GridImage {
        width: 2,
        height: 2,
        pixels: vec![0.0, 0.5, 1.0, 0.25],
        title: "x".into(),
        title_color: plot::RED,
        colors: None,
    };
    plot::image_grid(
        &p("grid.png"),
        "grid",
        &[img.clone(), img.clone(), img],
        2,
        ColorMapKind::Gray,
    )
    .unwrap();
    let h = Heatmap {
        title: "confusion".into(),
        x_label: "predicted".into(),
        y_label: "true".into(),
        values: vec![vec![5.0, 1.0], vec![0.0, 4.0]],
        x_ticks: vec!["a".into(), "b".into()],
        y_ticks: vec!["a".into(), "b".into()],
        annotate: true,
        cmap: ColorMapKind::Viridis,
    };
    plot::heatmap(&p("heat.png"), &h).unwrap();
    let c = Contour {
        title: "contour".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        x_range: (0.0, 1.0),
        y_range: (0.0, 1.0),
        nx: 3,
        ny: 2,
        values: vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        levels: 4,
        overlay: vec![Series::line("l", vec![(0.0, 0.0), (1.0, 1.0)])],
        cmap: ColorMapKind::Viridis,
        colors: None,
    };
    plot::contour(&p("contour.png"), &c).unwrap();
    let rgb = Contour {
        colors: Some(vec![plot::RED; 6]),
        ..c.clone()
    };
    plot::contour(&p("rgb.png"), &rgb).unwrap();
    let frames: Vec<XyPlot> = (0..3)
        .map(|i| XyPlot {
            title: format!("frame {i}"),
            series: vec![Series::points("p", vec![(i as f64, 1.0)])],
            x_range: Some((0.0, 3.0)),
            y_range: Some((0.0, 2.0)),
            ..Default::default()
        })
        .collect();
    plot::xy_animation(&p("anim.gif"), (200, 150), 50, &frames).unwrap();
    let gif = std::fs::read(p("anim.gif")).unwrap();
    assert_eq!(&gif[..6], b"GIF89a");
    plot::histogram(
        &p("hist.png"),
        "hist",
        "v",
        &[1.0, 2.0, 2.0, 3.0],
        3,
        &[("median", 2.0)],
    )
    .unwrap();
    for f in ["log.png", "grid.png", "heat.png", "contour.png", "hist.png"] {
        let (w, h, _) = pixels(&p(f));
        assert!(w > 100 && h > 100, "{f}");
    }
}

#[test]
fn bad_figure_input_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let bad = GridImage {
        width: 3,
        height: 3,
        pixels: vec![0.0; 4],
        title: String::new(),
        title_color: plot::BLACK,
        colors: None,
    };
    assert!(
        plot::image_grid(&dir.path().join("g.png"), "", &[bad], 1, ColorMapKind::Gray).is_err()
    );
    let h = Heatmap {
        title: String::new(),
        x_label: String::new(),
        y_label: String::new(),
        values: vec![vec![1.0, 2.0], vec![3.0]],
        x_ticks: vec![],
        y_ticks: vec![],
        annotate: false,
        cmap: ColorMapKind::Gray,
    };
    assert!(plot::heatmap(&dir.path().join("h.png"), &h).is_err());
    // An unwritable path is an error too.
    let r = plot::histogram(
        &dir.path().join("no/such/dir/h.png"),
        "",
        "",
        &[1.0],
        2,
        &[],
    );
    assert!(r.is_err());
}

#[test]
fn tick_labels_are_short() {
    assert_eq!(plot::tick_label(200.0), "200");
    assert_eq!(plot::tick_label(0.25), "0.25");
    assert_eq!(plot::tick_label(0.0), "0");
    assert_eq!(plot::tick_label(1e-6), "1e-6");
    assert_eq!(plot::tick_label(-2.5e7), "-2.5e7");
}

#[test]
fn a_band_is_shaded_and_a_surface_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    // A band of half-width 1 around y = 0 in blue: its inside takes the light shade.
    let band = XyPlot {
        series: vec![Series::band(
            "±1",
            (0..=10).map(|i| (i as f64, 0.0)).collect(),
            vec![1.0; 11],
        )
        .color(plot::RGBColor(0, 0, 255))],
        y_range: Some((-2.0, 2.0)),
        ..Default::default()
    };
    let path = dir.path().join("band.png");
    plot::xy(&path, &band).unwrap();
    let (w, h, buf) = pixels(&path);
    let channels = buf.len() / (w as usize * h as usize);
    let shaded = buf
        .chunks(channels)
        .filter(|p| p[2] > 240 && p[0] > 180 && p[0] < 210 && p[1] > 180 && p[1] < 210)
        .count();
    assert!(shaded > 20_000, "{shaded} shaded pixels");
    let surface = plot::Surface3d {
        title: "surface".into(),
        x_range: (0.0, 1.0),
        y_range: (0.0, 1.0),
        nx: 3,
        ny: 2,
        values: vec![0.0, 1.0, 0.0, 1.0, 2.0, 1.0],
        cmap: ColorMapKind::Viridis,
        yaw: 0.6,
        pitch: 0.5,
    };
    plot::surface3d(&dir.path().join("s.png"), &surface).unwrap();
    let wrong = plot::Surface3d {
        values: vec![0.0; 5],
        ..surface
    };
    assert!(plot::surface3d(&dir.path().join("w.png"), &wrong).is_err());
}
