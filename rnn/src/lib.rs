//! Lecture 6 of the LENS ML School 2021 (G. Vardanyan): recurrent networks on a daily price
//! series (notebook `TSLA.ipynb`, Keras). One module per part of the notebook, each a
//! [`common::task::Task`]:
//!
//! - [`series`]: the series, the dropped days, the scaled days;
//! - [`notebook`]: the notebook's SimpleRNN(10) → Dropout(0.2) → Dense(1), 131 parameters, with
//!   the scaler fitted on all days (the notebook's) and on the training days;
//! - [`sweep`]: task 1, units, epochs and dropout;
//! - [`models`]: tasks 2–3, LSTM and stacked LSTMs, and a GRU;
//! - [`forecast`]: the homework's five-day forecast, direct and recursive;
//! - [`returns`]: the networks on daily returns instead of prices;
//! - [`other`]: the homework's other series, an exchange rate.
//!
//! Every model is scored beside the naive forecast "tomorrow = today". The networks are
//! Keras' layers written out with backpropagation through time ([`net`]); data in Yahoo's CSV
//! format ([`prices`]), the pipeline in [`data`], training in [`train`].

pub mod data;
pub mod forecast;
pub mod lecture;
pub mod models;
pub mod net;
pub mod notebook;
pub mod other;
pub mod prices;
pub mod returns;
pub mod series;
pub mod sweep;
pub mod train;
