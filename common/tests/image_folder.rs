//! Class-per-folder image trees: mixed sizes and formats resized, classes in name order, clear
//! errors.

#![allow(clippy::unwrap_used)]

use common::image_folder::{write_jpeg, ImageFolder};

#[test]
fn reads_a_tree_of_mixed_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Class "b" (red) and "a" (blue), of different sizes; a stray text file is skipped.
    write_jpeg(
        &root.join("b/one.jpg"),
        &[200, 10, 10].repeat(37 * 53),
        37,
        53,
    )
    .unwrap();
    write_jpeg(
        &root.join("b/two.JPG"),
        &[200, 10, 10].repeat(120 * 80),
        120,
        80,
    )
    .unwrap();
    let png = image::RgbImage::from_pixel(64, 64, image::Rgb([10, 10, 200]));
    std::fs::create_dir_all(root.join("a")).unwrap();
    png.save(root.join("a/x.png")).unwrap();
    std::fs::write(root.join("a/notes.txt"), "not an image").unwrap();
    let set = ImageFolder::load(root, 100).unwrap();
    assert_eq!(set.classes, vec!["a", "b"]);
    assert_eq!(set.labels, vec![0, 1, 1]);
    assert_eq!(set.pixels.len(), 3 * 100 * 100 * 3);
    let (x, y) = set.to_tensors();
    assert_eq!(x.size(), vec![3, 3, 100, 100]);
    assert_eq!(Vec::<i64>::try_from(y).unwrap(), vec![0, 1, 1]);
    // Colours survive resizing (JPEG is lossy: within a few levels).
    assert!((x.double_value(&[0, 2, 50, 50]) - 200.0 / 255.0).abs() < 0.02);
    assert!((x.double_value(&[1, 0, 10, 90]) - 200.0 / 255.0).abs() < 0.05);
}

#[test]
fn bad_trees_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    assert!(ImageFolder::load(&dir.path().join("missing"), 32)
        .unwrap_err()
        .to_string()
        .contains("missing"));
    std::fs::create_dir_all(dir.path().join("cat")).unwrap();
    assert!(ImageFolder::load(dir.path(), 32)
        .unwrap_err()
        .to_string()
        .contains("no images"));
    std::fs::write(dir.path().join("cat/broken.jpg"), b"no jpeg here").unwrap();
    let msg = ImageFolder::load(dir.path(), 32).unwrap_err().to_string();
    assert!(
        msg.contains("broken.jpg") && msg.contains("not a readable image"),
        "{msg}"
    );
    assert!(write_jpeg(&dir.path().join("x.jpg"), &[0; 5], 2, 2).is_err());
}
