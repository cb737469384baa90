//! Class-per-folder image trees (Keras' `flow_from_directory` layout): `root/<class>/<image>`,
//! classes in name order. Images of any size are read as RGB and resized to a square with
//! nearest-neighbour sampling, as Keras does by default. Used by lecture 3 (natural images).

use crate::error::{Error, Result};
use image::imageops::FilterType;
use std::path::{Path, PathBuf};
#[cfg(feature = "torch")]
use tch::{Kind, Tensor};

const EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "bmp"];

/// Images as bytes (N × size × size × 3, row-major RGB) with class indices.
#[derive(Clone, Debug)]
pub struct ImageFolder {
    pub classes: Vec<String>,
    pub size: usize,
    pub pixels: Vec<u8>,
    pub labels: Vec<usize>,
    pub paths: Vec<PathBuf>,
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(Error::io(dir))?
        .map(|e| e.map(|e| e.path()).map_err(Error::io(dir)))
        .collect::<Result<_>>()?;
    out.sort();
    Ok(out)
}

/// Read one image file as `size × size` RGB bytes.
pub fn read_image(path: &Path, size: usize) -> Result<Vec<u8>> {
    if !path.is_file() {
        return Err(Error::BadFile {
            path: path.to_path_buf(),
            reason: "no such image file".into(),
        });
    }
    let img = image::open(path).map_err(|e| Error::BadFile {
        path: path.to_path_buf(),
        reason: format!("not a readable image ({e})"),
    })?;
    let side = size as u32;
    Ok(image::imageops::resize(&img.to_rgb8(), side, side, FilterType::Nearest).into_raw())
}

impl ImageFolder {
    /// Read every image below `root` (one sub-folder per class).
    pub fn load(root: &Path, size: usize) -> Result<Self> {
        if !root.is_dir() {
            return Err(Error::MissingData {
                name: "image folder".into(),
                missing: root.to_path_buf(),
                hint: "give a folder with one sub-folder of images per class".into(),
            });
        }
        let class_dirs: Vec<PathBuf> = sorted_entries(root)?
            .into_iter()
            .filter(|p| p.is_dir())
            .collect();
        let mut set = ImageFolder {
            classes: Vec::new(),
            size,
            pixels: Vec::new(),
            labels: Vec::new(),
            paths: Vec::new(),
        };
        for dir in class_dirs {
            let label = set.classes.len();
            set.classes.push(
                dir.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            for file in sorted_entries(&dir)? {
                let ext = file
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                if file.is_file() && EXTENSIONS.contains(&ext.as_str()) {
                    set.pixels.extend(read_image(&file, size)?);
                    set.labels.push(label);
                    set.paths.push(file);
                }
            }
        }
        if set.labels.is_empty() {
            return Err(Error::BadData {
                name: format!("image folder {}", root.display()),
                reason: "no images in class sub-folders".into(),
            });
        }
        Ok(set)
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Images as f32 (N, 3, size, size) in [0, 1] and labels as i64 (N).
    #[cfg(feature = "torch")]
    pub fn to_tensors(&self) -> (Tensor, Tensor) {
        let x = rgb_tensor(&self.pixels, self.size);
        let y: Vec<i64> = self.labels.iter().map(|&l| l as i64).collect();
        (x, Tensor::from_slice(&y))
    }
}

/// Square RGB images as bytes (N × size × size × 3, row-major) → f32 (N, 3, size, size) in [0, 1].
#[cfg(feature = "torch")]
pub fn rgb_tensor(pixels: &[u8], size: usize) -> Tensor {
    let s = size as i64;
    let n = (pixels.len() / (size * size * 3).max(1)) as i64;
    Tensor::from_slice(pixels)
        .view([n, s, s, 3])
        .permute([0, 3, 1, 2])
        .to_kind(Kind::Float)
        / 255.0
}

/// Write `size × size` RGB bytes as a JPEG (quality 90).
pub fn write_jpeg(path: &Path, rgb: &[u8], width: usize, height: usize) -> Result<()> {
    if rgb.len() != width * height * 3 {
        return Err(Error::InvalidArgument(format!(
            "{} bytes are not a {width}×{height} RGB image",
            rgb.len()
        )));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
    }
    let file = std::fs::File::create(path).map_err(Error::io(path))?;
    let mut writer = std::io::BufWriter::new(file);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut writer, 90)
        .encode(rgb, width as u32, height as u32, image::ColorType::Rgb8)
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })
}
