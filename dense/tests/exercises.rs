//! One test per exercise of lectures 1 and 2 (see exercises.toml): each checks what the answer
//! does, never its text. `cargo xtask check dense` runs them.

#![allow(clippy::unwrap_used)]

use dense::intro::{fit_autograd, fit_by_hand, random_start, sine_data, IntroConfig};

/// Torch's random generator is one per process: the tests that seed it and draw from it (weight
/// initialisation, data) take turns, so that another test's seeding cannot land between a test's
/// seeding and its draws.
fn torch_rng() -> std::sync::MutexGuard<'static, ()> {
    static TORCH_RNG: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TORCH_RNG.lock().unwrap_or_else(|e| e.into_inner())
}

/// 2 000 epochs from random U[0, 1) starts end at MSE 0.0044–0.0049 (checked over 200 starts).
fn check_fit(fit: &dense::intro::CubicFit) {
    assert!(
        (0.0044..=0.0049).contains(&fit.final_mse),
        "final MSE {}",
        fit.final_mse
    );
    assert_eq!(fit.trace.len(), 20, "the MSE every 100 epochs");
    assert!(
        fit.trace.windows(2).all(|w| w[1].1 < w[0].1),
        "the MSE falls"
    );
    assert!(
        (fit.coeffs[1] - 0.85).abs() < 0.02 && (fit.coeffs[3] + 0.092).abs() < 0.005,
        "{:?}",
        fit.coeffs
    );
}

#[test]
fn exercise_1_1_the_hand_written_descent_fits_the_sine() {
    let cfg = IntroConfig::default();
    let (x, y) = sine_data(cfg.points);
    let start = random_start(&mut common::seed::stream(7, "intro/cubic"));
    check_fit(&fit_by_hand(&x, &y, start, &cfg));
}

#[test]
fn exercise_1_2_the_autograd_descent_fits_the_sine() {
    let cfg = IntroConfig::default();
    let (x, y) = sine_data(cfg.points);
    let start = random_start(&mut common::seed::stream(7, "intro/cubic"));
    check_fit(&fit_autograd(&x, &y, start, &cfg).unwrap());
}

#[test]
fn exercise_2_1_4_the_predictor_doubts_below_the_threshold() {
    use dense::fashion::describe;
    // The recorded doubtful prediction: test image 4, "Shirt 78.8 %".
    let mut probs = vec![0.01; 10];
    probs[6] = 0.788;
    probs[0] = 0.132;
    let (class, p, text) = describe(&probs, 0.8);
    assert_eq!((class, p), (6, 0.788));
    assert_eq!(text, "Could be Shirt but only 78.8% sure");
    let mut sure = vec![0.0; 10];
    sure[9] = 0.997;
    sure[7] = 0.003;
    let (class, _, text) = describe(&sure, 0.8);
    assert_eq!(class, 9);
    assert!(
        text.starts_with("Ankle boot") && !text.contains("Could be"),
        "{text}"
    );
}

/// One step of `kind` on w = 0 with the loss w (gradient 1): the step's size.
fn first_step(kind: dense::fashion::OptimizerKind, lr: f64) -> f64 {
    let vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let w = vs.root().zeros("w", &[1]);
    let mut opt = kind.build(&vs, lr).unwrap();
    opt.backward_step(&w.sum(tch::Kind::Float));
    -w.double_value(&[0])
}

#[test]
fn exercise_2_1_1_sgd_and_rmsprop_step_as_keras_steps() {
    use dense::fashion::OptimizerKind;
    // SGD moves by lr · gradient.
    let sgd = first_step(OptimizerKind::Sgd, 0.01);
    assert!((sgd - 0.01).abs() < 1e-9, "SGD step {sgd}");
    // Keras' RMSprop (rho 0.9, eps 1e-7): the first step is lr · g / √((1 − 0.9) g²) = lr / √0.1;
    // torch's default rho 0.99 would step lr / √0.01 = 10 lr.
    let rms = first_step(OptimizerKind::Rmsprop, 0.001);
    assert!(
        (rms - 0.001 / 0.1f64.sqrt()).abs() < 1e-6,
        "RMSprop step {rms}"
    );
    // Adam's first step is lr (the notebook's optimiser, given).
    let adam = first_step(OptimizerKind::Adam, 0.001);
    assert!((adam - 0.001).abs() < 1e-6, "Adam step {adam}");
}

/// Two overlapping Gaussian classes in 2-D, `n` points, as (N, 2) inputs and class labels.
fn two_classes(n: i64) -> common::batch::TensorData {
    let _rng = torch_rng();
    tch::manual_seed(3);
    let y = Tensor::arange(n, (tch::Kind::Int64, tch::Device::Cpu)).remainder(2);
    let centre = (y.to_kind(tch::Kind::Float) * 2.0 - 1.0).unsqueeze(1);
    let x = Tensor::randn([n, 2], (tch::Kind::Float, tch::Device::Cpu)) + centre;
    common::batch::TensorData::new(x, y).unwrap()
}

use tch::nn::OptimizerConfig;
use tch::Tensor;

#[test]
fn exercise_2_1_2_the_last_part_of_the_data_validates() {
    use common::train::{evaluate, Fit, Objective};
    let data = two_classes(200);
    let _rng = torch_rng();
    tch::manual_seed(0);
    let vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let model = dense::model::Mlp::new(&vs.root(), 2, &[8], 2);
    let mut opt = tch::nn::Adam::default().build(&vs, 1e-2).unwrap();
    let settings = Fit {
        epochs: 3,
        batch_size: 16,
        objective: Objective::CrossEntropy,
        validation: None,
        checkpoint: None,
        transform: None,
    };
    let mut rng = common::seed::stream(1, "exercise/2.1.2");
    let history = dense::fashion::refit_with_validation(
        &model, &vs, &mut opt, &data, 0.15, &settings, &mut rng,
    )
    .unwrap();
    let val = history.series("val_loss");
    assert_eq!(val.len(), 3, "a validation loss after each of the 3 epochs");
    assert_eq!(history.series("val_accuracy").len(), 3);
    // The held-out part is the last 15 %: 30 samples, 170..200.
    let last: Vec<usize> = (170..200).collect();
    let held_out = evaluate(&model, &data.select(&last), 256, Objective::CrossEntropy);
    assert!(
        (held_out.loss - val[2].1).abs() < 1e-5,
        "the last validation loss {} is not the loss on the last 30 samples {}",
        val[2].1,
        held_out.loss
    );
}

#[test]
fn exercise_2_1_3_the_curves_are_training_and_validation() {
    let mut h = common::history::History::default();
    h.push(
        1,
        2,
        &[
            ("accuracy", 0.8),
            ("val_accuracy", 0.75),
            ("loss", 0.5),
            ("val_loss", 0.6),
        ],
    );
    h.push(
        2,
        2,
        &[
            ("accuracy", 0.9),
            ("val_accuracy", 0.74),
            ("loss", 0.3),
            ("val_loss", 0.65),
        ],
    );
    let curves = dense::fashion::train_val_curves(&h, "accuracy");
    assert_eq!(curves.len(), 2);
    assert_eq!(curves[0].name, "training");
    assert_eq!(curves[0].points, vec![(1.0, 0.8), (2.0, 0.9)]);
    assert_eq!(curves[1].name, "validation");
    assert_eq!(curves[1].points, vec![(1.0, 0.75), (2.0, 0.74)]);
    let loss = dense::fashion::train_val_curves(&h, "loss");
    assert_eq!(loss[1].points, vec![(1.0, 0.6), (2.0, 0.65)]);
}

/// Train `model` on the INS stand-in (`train` + 300 test spectra, `epochs` epochs); test accuracy.
fn ins_accuracy<M: tch::nn::ModuleT>(
    model: &M,
    vs: &tch::nn::VarStore,
    train: usize,
    epochs: usize,
) -> f64 {
    use common::train::{evaluate, fit, Fit, Objective};
    let to_data = |s: &common::ins::InsSet| {
        let (x, y) = s.to_tensors();
        common::batch::TensorData::new(x, y).unwrap()
    };
    let (tr, te) = (
        to_data(&common::ins::generate(train, 2021, "train")),
        to_data(&common::ins::generate(300, 2021, "test")),
    );
    let mut opt = tch::nn::Adam::default().build(vs, 1e-3).unwrap();
    let settings = Fit {
        epochs,
        batch_size: 32,
        objective: Objective::BinaryCrossEntropy,
        validation: None,
        checkpoint: None,
        transform: None,
    };
    let mut rng = common::seed::stream(2021, "exercise/ins");
    fit(model, vs, &mut opt, &tr, &settings, &mut rng).unwrap();
    evaluate(model, &te, 300, Objective::BinaryCrossEntropy).accuracy
}

#[test]
fn exercise_2_2_1_the_dense_model_separates_the_hamiltonians() {
    let _rng = torch_rng();
    tch::manual_seed(0);
    let vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let model = dense::ins::dense_model(&vs.root());
    let count = common::summary::count(&vs, &model.layers());
    assert_eq!(count.total, 64_170, "the notebook's 64 170 parameters");
    let acc = ins_accuracy(&model, &vs, 1000, 4);
    println!("dense model: test accuracy {acc:.3}");
    assert!(acc >= 0.85, "test accuracy {acc}");
}

#[test]
fn exercise_2_2_4_the_cnn_separates_the_hamiltonians_better_than_a_linear_model() {
    let _rng = torch_rng();
    tch::manual_seed(0);
    let vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let cnn = dense::model::InsCnn::new(&vs.root());
    let cnn_acc = ins_accuracy(&cnn, &vs, 2000, 5);
    let vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let linear = dense::model::Mlp::new(&vs.root(), common::ins::PIXELS as i64, &[], 2);
    let linear_acc = ins_accuracy(&linear, &vs, 2000, 5);
    println!("CNN {cnn_acc:.3}, linear {linear_acc:.3}");
    assert!(
        cnn_acc >= 0.93 && cnn_acc >= linear_acc + 0.05,
        "CNN {cnn_acc}, linear {linear_acc}"
    );
}

#[test]
fn exercise_2_2_2_the_counts_cover_both_outputs_of_every_sample() {
    use dense::ins::{keras_counts, Counts};
    let logits = tch::Tensor::from_slice(&[2.0f32, -1.0, -0.5, 0.3, 0.1, -3.0]).view([3, 2]);
    let targets = tch::Tensor::from_slice(&[1.0f32, 0.0, 1.0, 0.0, 0.0, 1.0]).view([3, 2]);
    // Positive where the logit exceeds 0 (the sigmoid exceeds 0.5): (0,0) right, (1,1) and
    // (2,0) wrongly, (0,1) rightly negative, (1,0) and (2,1) missed.
    let c = keras_counts(&logits, &targets);
    assert_eq!(
        c,
        Counts {
            tp: 1,
            fp: 2,
            tn: 1,
            fn_: 2
        }
    );
    assert_eq!(
        c.tp + c.fp + c.tn + c.fn_,
        6,
        "two outputs per sample, as the notebook's 13 352"
    );
}

#[test]
fn exercise_2_2_3_the_fit_validates_on_the_test_set_with_binary_cross_entropy() {
    use common::train::{evaluate, fit, Objective};
    let _rng = torch_rng();
    tch::manual_seed(3);
    let to_data = |s: &common::ins::InsSet| {
        let (x, y) = s.to_tensors();
        common::batch::TensorData::new(x, y).unwrap()
    };
    let (tr, te) = (
        to_data(&common::ins::generate(96, 7, "train")),
        to_data(&common::ins::generate(40, 7, "test")),
    );
    let cfg = dense::ins::InsConfig {
        epochs: 3,
        batch_size: 16,
        ..Default::default()
    };
    let settings = dense::ins::fit_settings(&cfg, &te);
    let vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let model = dense::model::Mlp::new(&vs.root(), common::ins::PIXELS as i64, &[8], 2);
    let mut opt = tch::nn::Adam::default().build(&vs, 1e-3).unwrap();
    let mut rng = common::seed::stream(7, "exercise/ins-fit");
    let history = fit(&model, &vs, &mut opt, &tr, &settings, &mut rng).unwrap();
    assert_eq!(history.records.len(), 3, "cfg.epochs epochs");
    // The last validation loss is the binary cross-entropy of the trained model on the test set.
    let want = evaluate(&model, &te, 40, Objective::BinaryCrossEntropy).loss;
    let got = history
        .last("val_loss")
        .expect("a validation loss per epoch");
    assert!(
        (got - want).abs() < 1e-5,
        "val_loss {got} against the test set's {want}"
    );
    let logits = tch::nn::ModuleT::forward_t(&model, &te.x, false);
    let bce = logits
        .binary_cross_entropy_with_logits::<tch::Tensor>(&te.y, None, None, tch::Reduction::Mean)
        .double_value(&[]);
    assert!(
        (got - bce).abs() < 1e-5,
        "val_loss {got} against binary cross-entropy {bce}"
    );
}
