//! Layer initialisation shared by the lectures' networks.

use tch::nn;

/// Keras' (and scikit-learn's) default for a dense layer: Glorot-uniform weights
/// U(±√(6 / (fan_in + fan_out))), zero bias.
pub fn glorot(fan_in: i64, fan_out: i64) -> nn::LinearConfig {
    let limit = (6.0 / (fan_in + fan_out) as f64).sqrt();
    nn::LinearConfig {
        ws_init: nn::Init::Uniform {
            lo: -limit,
            up: limit,
        },
        bs_init: Some(nn::Init::Const(0.0)),
        bias: true,
    }
}
