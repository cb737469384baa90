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

/// Keras' default for a convolution: Glorot-uniform weights over the receptive field
/// (fan = channels · kernel²), zero bias; `padding` as given.
pub fn glorot_conv(
    in_channels: i64,
    out_channels: i64,
    kernel: i64,
    padding: i64,
) -> nn::ConvConfig {
    let area = kernel * kernel;
    let limit = (6.0 / ((in_channels + out_channels) * area) as f64).sqrt();
    nn::ConvConfig {
        padding,
        ws_init: nn::Init::Uniform {
            lo: -limit,
            up: limit,
        },
        bs_init: nn::Init::Const(0.0),
        ..Default::default()
    }
}
