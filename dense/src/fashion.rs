//! Lecture 2.1's training step: the Fashion-MNIST MLP trained with Adam on sparse categorical
//! cross-entropy in mini-batches (Keras defaults: lr 1e-3, batch 32, reshuffled every epoch).

use crate::model::Mlp;
use common::batch::TensorData;
use common::history::Progress;
use rand::Rng;
use tch::nn::{self, ModuleT};
use tch::{Kind, Tensor};

/// One pass over `data`; returns the mean training loss and accuracy.
pub fn train_epoch<R: Rng>(
    model: &Mlp,
    opt: &mut nn::Optimizer,
    data: &TensorData,
    batch_size: usize,
    rng: &mut R,
    progress: Option<&Progress>,
) -> (f64, f64) {
    let (mut loss_sum, mut hits, mut seen) = (0.0, 0i64, 0i64);
    for (x, y) in data.batches(batch_size, Some(rng)) {
        let logits = model.forward_t(&x, true);
        let loss = logits.cross_entropy_for_logits(&y);
        opt.backward_step(&loss);
        let n = y.size()[0];
        let batch_loss = loss.double_value(&[]);
        loss_sum += batch_loss * n as f64;
        hits += logits
            .argmax(-1, false)
            .eq_tensor(&y)
            .sum(Kind::Int64)
            .int64_value(&[]);
        seen += n;
        if let Some(p) = progress {
            p.step(batch_loss);
        }
    }
    let seen = seen.max(1) as f64;
    (loss_sum / seen, hits as f64 / seen)
}

/// Mean loss and accuracy on `data`, without gradients.
pub fn evaluate(model: &Mlp, data: &TensorData, batch_size: usize) -> (f64, f64) {
    let _guard = tch::no_grad_guard();
    let (mut loss_sum, mut hits) = (0.0, 0i64);
    for (x, y) in data.batches::<rand::rngs::StdRng>(batch_size, None) {
        let logits = model.forward_t(&x, false);
        loss_sum += logits.cross_entropy_for_logits(&y).double_value(&[]) * y.size()[0] as f64;
        hits += logits
            .argmax(-1, false)
            .eq_tensor(&y)
            .sum(Kind::Int64)
            .int64_value(&[]);
    }
    let n = data.len().max(1) as f64;
    (loss_sum / n, hits as f64 / n)
}

/// Class probabilities for a batch of images.
pub fn predict(model: &Mlp, images: &Tensor) -> Tensor {
    let _guard = tch::no_grad_guard();
    model.forward_t(images, false).softmax(-1, Kind::Float)
}

/// What the data look showed.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DataLook {
    pub train: usize,
    pub test: usize,
    pub rows: usize,
    pub cols: usize,
    pub first_label: u8,
    pub pixel_0_10_20: u8,
}

/// The notebook's first look at the data: sizes, the first image with a colour bar, and a 5×5
/// grid of labelled training images.
pub fn look_at_data(
    dir: Option<&std::path::Path>,
    report: &mut common::report::Report,
) -> anyhow::Result<DataLook> {
    use common::fashion_mnist::{self, Split, CLASSES};
    use common::plot::{self, ColorMapKind, GridImage, Heatmap};

    let train = fashion_mnist::load(dir, Split::Train)?;
    let test = fashion_mnist::load(dir, Split::Test)?;
    let (rows, cols) = (train.rows, train.cols);
    if train.is_empty() {
        anyhow::bail!("the Fashion-MNIST training set is empty");
    }
    let look = DataLook {
        train: train.len(),
        test: test.len(),
        rows,
        cols,
        first_label: train.labels[0],
        pixel_0_10_20: train.pixels.get(10 * cols + 20).copied().unwrap_or(0),
    };
    println!(
        "Fashion-MNIST: {} training and {} test images of {rows}×{cols}; first label {} ({}), pixel [0][10,20] = {}",
        look.train, look.test, look.first_label, CLASSES[usize::from(look.first_label)], look.pixel_0_10_20
    );
    let image = |i: usize| -> Vec<f32> {
        train.pixels[i * rows * cols..(i + 1) * rows * cols]
            .iter()
            .map(|&p| f32::from(p) / 255.0)
            .collect()
    };
    let first: Vec<Vec<f64>> = image(0)
        .chunks(cols)
        .map(|r| r.iter().map(|&v| f64::from(v) * 255.0).collect())
        .collect();
    plot::heatmap(
        &report.path("fashion_first_image.png"),
        &Heatmap {
            title: format!(
                "train_images[0]: {}",
                CLASSES[usize::from(look.first_label)]
            ),
            x_label: String::new(),
            y_label: String::new(),
            values: first,
            x_ticks: Vec::new(),
            y_ticks: Vec::new(),
            annotate: false,
            cmap: ColorMapKind::Viridis,
        },
    )?;
    let grid: Vec<GridImage> = (0..25.min(train.len()))
        .map(|i| GridImage {
            width: cols,
            height: rows,
            pixels: image(i),
            title: CLASSES[usize::from(train.labels[i])].to_string(),
            title_color: plot::BLACK,
        })
        .collect();
    plot::image_grid(
        &report.path("fashion_grid.png"),
        "",
        &grid,
        5,
        ColorMapKind::Binary,
    )?;
    report.section("Lecture 2.1 — the Fashion-MNIST data");
    report.compare(
        "L2.1 training / test images",
        "60 000 / 10 000",
        format!("{} / {}", look.train, look.test),
    );
    report.compare(
        "L2.1 first training label",
        "9 (Ankle boot)",
        look.first_label.to_string(),
    );
    report.compare(
        "L2.1 train_images[0][10,20]",
        "210",
        look.pixel_0_10_20.to_string(),
    );
    report.figure(
        "fashion_first_image.png",
        "The first training image with its colour bar",
    );
    report.figure(
        "fashion_grid.png",
        "The first 25 training images with their classes",
    );
    report.metric("fashion_data", &look)?;
    report.write()?;
    Ok(look)
}
