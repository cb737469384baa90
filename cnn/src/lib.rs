//! Lecture 3 of the LENS ML School 2021 (E. Rantsiou), `CNN_classification_on_colab_env`:
//! classifying natural images with a CNN, and what dropout, augmentation and transfer learning
//! do to its overfitting.
//!
//! - [`model`]: the baseline CNN (6 651 464 parameters, optionally with dropout), VGG16's
//!   convolutional base (14 714 688, torchvision's names) and the transfer model's Dense(8) head;
//! - [`augment`]: task 3's augmentation as one batched affine resampling;
//! - [`data`]: the procedural stand-in for the natural-images set and the two procedural
//!   pre-training sets;
//! - one module per part of the notebook: [`split`] (the data), [`training`] (tasks 1–3),
//!   [`pretrain`] (task 4's base, pre-trained here), [`transfer`] (task 4 and its bonus),
//!   [`inspect`] (curves, one image classified, feature maps); [`lecture`] re-exports them;
//! - [`run`] computes the lecture as the binary runs it, [`present`] reports it.

pub mod augment;
pub mod data;
pub mod inspect;
pub mod lecture;
pub mod model;
pub mod present;
pub mod pretrain;
pub mod run;
pub mod split;
pub mod training;
pub mod transfer;
