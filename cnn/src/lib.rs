//! Lecture 3 of the LENS ML School 2021 (E. Rantsiou), `CNN_classification_on_colab_env`:
//! classifying natural images with a CNN, and what dropout, augmentation and transfer learning
//! do to its overfitting.
//!
//! Built so far: the four networks with their exact parameter counts (the baseline CNN,
//! 6 651 464; with dropout; the VGG16 base, 14 714 688, under a Dense(8) head, 4 104), the
//! batched augmentation of task 3, the procedural stand-in for the natural-images set, and (in
//! `common`) the reader of class-per-folder image trees. The training tasks come next.

pub mod augment;
pub mod data;
pub mod lecture;
pub mod model;
