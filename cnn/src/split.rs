//! Lecture 3, the data: a class-per-folder image tree split 70/15/15 per class (the notebook's
//! 3 921 / 840 / 840 natural images), as tensors on the run's device.

use crate::model::{CLASSES, IMAGE_SIDE};
use anyhow::{bail, Result};
use common::batch::TensorData;
use common::image_folder::ImageFolder;
use rand::seq::SliceRandom;
use std::path::{Path, PathBuf};
use tch::Device;

/// Images split 70/15/15 per class, as tensors on the run's device.
#[derive(Debug)]
pub struct Split {
    pub classes: Vec<String>,
    pub train: TensorData,
    pub val: TensorData,
    pub test: TensorData,
    /// The files of the test images, in the order of `test`.
    pub test_paths: Vec<PathBuf>,
}

/// The class-per-folder tree at `root`: `per_class` images of each class (all if `None`),
/// shuffled per class by `seed` and split into 70/15/15 % (validation and test each
/// ⌊0.15 n⌋, training the rest: 491/105/105 for 701 images).
pub fn load_split(
    root: &Path,
    per_class: Option<usize>,
    seed: u64,
    device: Device,
) -> Result<Split> {
    let set = ImageFolder::load(root, IMAGE_SIDE as usize)?;
    if set.classes.len() != CLASSES as usize {
        bail!(
            "{} has {} class folders ({}); the networks of this lecture have {CLASSES} outputs",
            root.display(),
            set.classes.len(),
            set.classes.join(", ")
        );
    }
    let mut rng = common::seed::stream(seed, "cnn/split");
    let (mut train, mut val, mut test) = (Vec::new(), Vec::new(), Vec::new());
    for class in 0..set.classes.len() {
        let mut idx: Vec<usize> = (0..set.len()).filter(|&i| set.labels[i] == class).collect();
        idx.shuffle(&mut rng);
        idx.truncate(per_class.unwrap_or(usize::MAX));
        let k = idx.len() * 15 / 100;
        if k == 0 {
            bail!(
                "class '{}' has {} images; at least 7 are needed for a 70/15/15 split",
                set.classes[class],
                idx.len()
            );
        }
        val.extend_from_slice(&idx[..k]);
        test.extend_from_slice(&idx[k..2 * k]);
        train.extend_from_slice(&idx[2 * k..]);
    }
    let (x, y) = set.to_tensors();
    let all = TensorData::new(x.to_device(device), y.to_device(device))?;
    Ok(Split {
        classes: set.classes.clone(),
        train: all.select(&train),
        val: all.select(&val),
        test: all.select(&test),
        test_paths: test.iter().map(|&i| set.paths[i].clone()).collect(),
    })
}
