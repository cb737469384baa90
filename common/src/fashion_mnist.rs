//! Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 60 000 training and 10 000 test images, 28×28
//! grey levels, 10 classes. `cargo xtask setup` provides it from the Debian package
//! `dataset-fashion-mnist`; any folder with the four IDX files (plain or `.gz`) works via `--data`.

use crate::data;
use crate::error::{Error, Result};
use crate::idx;
use std::path::Path;
#[cfg(feature = "torch")]
use tch::{Kind, Tensor};

pub const NAME: &str = "fashion-mnist";
pub const CLASSES: [&str; 10] = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
];
const HINT: &str = "run `cargo xtask setup` (installs Debian's dataset-fashion-mnist), \
or pass --data DIR / set LENS_DATA to a folder holding the four IDX files";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Train,
    Test,
}

impl Split {
    fn prefix(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Test => "t10k",
        }
    }
}

/// Images with their labels, as stored: bytes 0–255, class indices 0–9.
#[derive(Clone, Debug)]
pub struct ImageSet {
    pub rows: usize,
    pub cols: usize,
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
}

impl ImageSet {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The first `n` samples (all if there are fewer).
    pub fn truncate(mut self, n: usize) -> Self {
        let n = n.min(self.len());
        self.labels.truncate(n);
        self.pixels.truncate(n * self.rows * self.cols);
        self
    }

    /// Images as f32 in [0, 1] shaped (N, rows, cols) and labels as i64 shaped (N).
    #[cfg(feature = "torch")]
    pub fn to_tensors(&self) -> (Tensor, Tensor) {
        let n = self.len() as i64;
        let x = Tensor::from_slice(&self.pixels).to_kind(Kind::Float).view([
            n,
            self.rows as i64,
            self.cols as i64,
        ]) / 255.0;
        let labels: Vec<i64> = self.labels.iter().map(|&l| i64::from(l)).collect();
        (x, Tensor::from_slice(&labels))
    }
}

/// Load one split from `dir` (or the default data location when `None`).
pub fn load(dir: Option<&Path>, split: Split) -> Result<ImageSet> {
    let dir = data::dataset_dir(dir, NAME);
    let p = split.prefix();
    let images_path = data::find_file(&dir, NAME, &format!("{p}-images-idx3-ubyte"), HINT)?;
    let labels_path = data::find_file(&dir, NAME, &format!("{p}-labels-idx1-ubyte"), HINT)?;
    let images = idx::read(&images_path)?;
    let labels = idx::read(&labels_path)?;
    from_arrays(images, labels)
}

/// Check that two IDX arrays form an image set.
pub fn from_arrays(images: idx::IdxArray, labels: idx::IdxArray) -> Result<ImageSet> {
    let bad = |reason: String| Error::BadData {
        name: NAME.to_string(),
        reason,
    };
    let [n, rows, cols] = images.dims[..] else {
        return Err(bad(format!(
            "images have dimensions {:?}, expected (N, rows, cols)",
            images.dims
        )));
    };
    if labels.dims != [n] {
        return Err(bad(format!(
            "{n} images but labels have dimensions {:?}",
            labels.dims
        )));
    }
    if let Some(l) = labels
        .data
        .iter()
        .find(|&&l| usize::from(l) >= CLASSES.len())
    {
        return Err(bad(format!("label {l} is not a class index 0–9")));
    }
    Ok(ImageSet {
        rows,
        cols,
        pixels: images.data,
        labels: labels.data,
    })
}
