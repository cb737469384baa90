//! The INS stand-in generator and the reader of the original HDF5 layout.

#![allow(clippy::unwrap_used)]

use common::ins::{self, HEIGHT, PIXELS, SIDE, SLICES, WIDTH};
use common::ins_h5;

#[test]
fn generated_spectra_have_the_original_shape_and_range() {
    let set = ins::generate(40, 1, "train");
    assert_eq!(set.len(), 40);
    assert_eq!(set.images.len(), 40 * PIXELS);
    assert_eq!((HEIGHT, WIDTH, SLICES * SIDE), (20, 200, 200));
    for i in 0..set.len() {
        let img = set.image(i);
        let max = img.iter().copied().fold(0.0f32, f32::max);
        assert!((max - 1.0).abs() < 1e-6, "sample {i} max {max}");
        assert!(img.iter().all(|&v| (0.0..=1.0).contains(&v)));
        // Mostly empty: sharp lines on a low background.
        let bright = img.iter().filter(|&&v| v > 0.5).count();
        assert!(bright < PIXELS / 4, "sample {i}: {bright} bright pixels");
    }
    let ones = set.labels.iter().filter(|&&l| l == 1).count();
    assert!((10..=30).contains(&ones), "{ones} Goodenough of 40");
    let (x, y) = set.to_tensors();
    assert_eq!(x.size(), vec![40, 20, 200]);
    assert_eq!(y.size(), vec![40, 2]);
    // One convention: argmax of the one-hot row is the label (0 = Dimer, 1 = Goodenough).
    let arg: Vec<i64> = Vec::try_from(y.argmax(-1, false)).unwrap();
    assert!(arg
        .iter()
        .zip(&set.labels)
        .all(|(a, &l)| *a == i64::from(l)));
    assert_eq!(ins::CLASSES, ["Dimer", "Goodenough"]);
}

#[test]
fn generation_is_deterministic_and_splits_differ() {
    let a = ins::generate(6, 7, "train");
    let b = ins::generate(6, 7, "train");
    assert_eq!(a.images, b.images);
    assert_eq!(a.labels, b.labels);
    let c = ins::generate(6, 7, "test");
    assert_ne!(a.images, c.images);
    // Sample i does not depend on how many are drawn.
    let d = ins::generate(3, 7, "train");
    assert_eq!(&a.images[..3 * PIXELS], &d.images[..]);
}

#[test]
fn the_two_hamiltonians_look_different_on_average() {
    let set = ins::generate(200, 3, "train");
    // Mean intensity per slice, per class: the Dimer's optic branch puts weight at higher energy.
    let mut mean = [[0.0f64; SLICES]; 2];
    let mut count = [0usize; 2];
    for i in 0..set.len() {
        let l = usize::from(set.labels[i]);
        count[l] += 1;
        for (p, &v) in set.image(i).iter().enumerate() {
            mean[l][(p % WIDTH) / SIDE] += f64::from(v);
        }
    }
    let diff: f64 = (0..SLICES)
        .map(|s| (mean[0][s] / count[0] as f64 - mean[1][s] / count[1] as f64).abs())
        .sum();
    assert!(diff > 1.0, "classes indistinguishable on average: {diff}");
}

#[test]
fn hdf5_round_trip_in_the_original_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("train.h5");
    let set = ins::generate(700, 5, "train"); // more than one read chunk
    ins_h5::write(&path, &set).unwrap();
    let back = ins_h5::read(&path).unwrap();
    assert_eq!(back.labels, set.labels);
    assert_eq!(back.images, set.images);
    // The layout is the original's: images (N, 20, 200, 1) float64, labels (N, 2).
    let file = hdf5::File::open(&path).unwrap();
    assert_eq!(
        file.dataset("images").unwrap().shape(),
        vec![700, 20, 200, 1]
    );
    assert_eq!(file.dataset("labels").unwrap().shape(), vec![700, 2]);
    assert!(file.dataset("images").unwrap().dtype().unwrap().is::<f64>());
}

#[test]
fn malformed_hdf5_files_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let not_h5 = dir.path().join("x.h5");
    std::fs::write(&not_h5, b"this is not HDF5").unwrap();
    let msg = ins_h5::read(&not_h5).unwrap_err().to_string();
    assert!(
        msg.contains("not an HDF5 file") && msg.contains("x.h5"),
        "{msg}"
    );

    let missing = ins_h5::read(&dir.path().join("none.h5"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("none.h5"), "{missing}");

    let wrong = dir.path().join("wrong.h5");
    let f = hdf5::File::create(&wrong).unwrap();
    f.new_dataset_builder()
        .with_data(&ndarray::Array4::<f64>::zeros((3, 20, 100, 1)))
        .create("images")
        .unwrap();
    f.new_dataset_builder()
        .with_data(&ndarray::Array2::<f64>::zeros((3, 2)))
        .create("labels")
        .unwrap();
    drop(f);
    let msg = ins_h5::read(&wrong).unwrap_err().to_string();
    assert!(msg.contains("expected (N, 20, 200, 1)"), "{msg}");

    let no_labels = dir.path().join("nolabels.h5");
    let f = hdf5::File::create(&no_labels).unwrap();
    f.new_dataset_builder()
        .with_data(&ndarray::Array4::<f64>::zeros((2, 20, 200, 1)))
        .create("images")
        .unwrap();
    drop(f);
    assert!(ins_h5::read(&no_labels)
        .unwrap_err()
        .to_string()
        .contains("labels"));

    let bad_hot = dir.path().join("badhot.h5");
    let f = hdf5::File::create(&bad_hot).unwrap();
    f.new_dataset_builder()
        .with_data(&ndarray::Array4::<f64>::zeros((2, 20, 200, 1)))
        .create("images")
        .unwrap();
    f.new_dataset_builder()
        .with_data(&ndarray::Array2::<f64>::ones((2, 2)))
        .create("labels")
        .unwrap();
    drop(f);
    assert!(ins_h5::read(&bad_hot)
        .unwrap_err()
        .to_string()
        .contains("not one-hot"));
}
