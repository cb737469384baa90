//! Lecture 3, looking inside (notebook "CNN", last cells): training curves, one image
//! classified with the notebook's sentence, and the feature maps of the first six layers.

use crate::model::{Baseline, IMAGE_SIDE};
use anyhow::Result;
use common::history::History;
use common::image_folder::{read_image, rgb_tensor};
use common::plot::{self, ColorMapKind, GridImage, Series, XyPlot};
use std::path::{Path, PathBuf};
use tch::nn::ModuleT;
use tch::{Device, Kind, Tensor};

/// Train and validation accuracy and loss against the epoch, side by side.
pub fn curves(path: &Path, title: &str, history: &History) -> Result<()> {
    let panel = |y: &str, train_key: &str, val_key: &str| XyPlot {
        title: format!("{title}: {y}"),
        x_label: "epoch".into(),
        y_label: y.into(),
        series: vec![
            Series::line("training", history.series(train_key)),
            Series::line("validation", history.series(val_key)),
        ],
        ..Default::default()
    };
    plot::panels(
        path,
        &[
            panel("accuracy", "accuracy", "val_accuracy"),
            panel("loss", "loss", "val_loss"),
        ],
        2,
    )?;
    Ok(())
}

/// The class probabilities of one image file under a model, and the notebook's sentence.
pub fn predict_file<M: ModuleT>(
    model: &M,
    classes: &[String],
    image: &Path,
    device: Device,
) -> Result<(Vec<f64>, String)> {
    let x = image_tensor(image, device)?;
    let p = tch::no_grad(|| model.forward_t(&x, false).softmax(-1, Kind::Float));
    let probs: Vec<f64> = Vec::<f64>::try_from(p.view([-1]).to_kind(Kind::Double))?;
    let best = common::metrics::argmax(&probs);
    let pmax = probs.get(best).copied().unwrap_or(f64::NAN);
    let name = classes.get(best).map_or("?", String::as_str);
    Ok((
        probs.clone(),
        format!("I am {:.2}% certain that this is a {name}", 100.0 * pmax),
    ))
}

/// One image file as a (1, 3, 100, 100) tensor in [0, 1].
pub fn image_tensor(path: &Path, device: Device) -> Result<Tensor> {
    let bytes = read_image(path, IMAGE_SIDE as usize)?;
    Ok(rgb_tensor(&bytes, IMAGE_SIDE as usize).to_device(device))
}

/// The feature maps of the first six layers for one image: one PNG grid per layer, 16 channels
/// a row, each channel standardised as the notebook does ((x − μ)/σ · 64 + 128, clipped to a
/// byte). Returns the files written.
pub fn feature_maps(
    model: &Baseline,
    image: &Path,
    device: Device,
    out: &Path,
) -> Result<Vec<PathBuf>> {
    let x = image_tensor(image, device)?;
    let maps = tch::no_grad(|| model.feature_maps(&x));
    let names = ["conv1", "pool1", "conv2", "pool2", "conv3", "pool3"];
    let mut files = Vec::new();
    for (k, (m, name)) in maps.iter().zip(names).enumerate() {
        let m = m.squeeze_dim(0).to_device(Device::Cpu).to_kind(Kind::Float);
        let (c, h, w) = (m.size()[0], m.size()[1] as usize, m.size()[2] as usize);
        let mut images = Vec::new();
        for ch in 0..c {
            let v = m.get(ch);
            let mu = v.mean(Kind::Float).double_value(&[]);
            let sigma = v.std(false).double_value(&[]);
            let z = ((v - mu) / (sigma + 1e-5) * 64.0 + 128.0)
                .clamp(0.0, 255.0)
                .floor()
                / 255.0;
            images.push(GridImage {
                width: w,
                height: h,
                pixels: Vec::<f32>::try_from(z.view([-1]))?,
                title: String::new(),
                title_color: plot::BLACK,
                colors: None,
            });
        }
        let path = out.join(format!("cnn_feature_maps_{}_{name}.png", k + 1));
        plot::image_grid(
            &path,
            &format!("layer {} ({name}): {c} channels of {h}×{w}", k + 1),
            &images,
            16,
            ColorMapKind::Viridis,
        )?;
        files.push(path);
    }
    Ok(files)
}
