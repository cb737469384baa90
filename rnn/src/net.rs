//! Keras' recurrent layers written out, with backpropagation through time: SimpleRNN, LSTM and
//! GRU (`reset_after=True`), stacked, each followed by dropout, under a dense head; Adam; mean
//! squared error. The networks of lecture 6 have a few hundred parameters, so a plain loop over
//! the 50 steps of a window costs far less than a tensor library's overhead per operation.
//!
//! Layout and initialisation are Keras': a kernel W (input × G·units), a recurrent kernel U
//! (units × G·units) and a bias (G·units) per layer, gates in Keras' order (LSTM i, f, c, o; GRU
//! z, r, h), GRU with a second, recurrent bias; Glorot-uniform kernels, orthogonal recurrent
//! kernels, zero biases except the LSTM's forget gate (1, `unit_forget_bias`).

use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, Axis};
use rand::Rng;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};

/// The recurrent cell of a layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Cell {
    SimpleRnn,
    Lstm,
    Gru,
}

impl Cell {
    /// Gates (blocks of `units` columns) of the kernels.
    pub fn gates(self) -> usize {
        match self {
            Cell::SimpleRnn => 1,
            Cell::Lstm => 4,
            Cell::Gru => 3,
        }
    }

    /// Keras' parameter count of one layer: kernel, recurrent kernel and one bias per gate (GRU
    /// with `reset_after=True` has a second bias, on the recurrent side).
    pub fn parameters(self, input: usize, units: usize) -> usize {
        let g = self.gates();
        let biases = if self == Cell::Gru { 2 } else { 1 };
        g * units * (input + units) + biases * g * units
    }

    /// Keras' layer name.
    pub fn keras(self) -> &'static str {
        match self {
            Cell::SimpleRnn => "SimpleRNN",
            Cell::Lstm => "LSTM",
            Cell::Gru => "GRU",
        }
    }
}

/// A trainable matrix with its gradient and Adam's moment estimates.
#[derive(Clone, Debug)]
pub struct Param {
    pub value: Array2<f64>,
    pub grad: Array2<f64>,
    m: Array2<f64>,
    v: Array2<f64>,
}

impl Param {
    fn new(value: Array2<f64>) -> Self {
        let zeros = Array2::zeros(value.raw_dim());
        Self {
            grad: zeros.clone(),
            m: zeros.clone(),
            v: zeros,
            value,
        }
    }
}

/// `acc` (1 × n) += the column sums of `m` (B × n).
fn add_column_sums(m: &Array2<f64>, acc: &mut Array2<f64>) {
    for row in m.rows() {
        acc.row_mut(0).scaled_add(1.0, &row);
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// tanh through one exponential (to about 1e-16 of `f64::tanh`): cheaper, which matters with five
/// transcendental functions per unit and step.
fn tanh(x: f64) -> f64 {
    1.0 - 2.0 / ((2.0 * x).exp() + 1.0)
}

/// Keras' Glorot-uniform: U(±√(6 / (rows + cols))).
fn glorot<R: Rng>(rows: usize, cols: usize, rng: &mut R) -> Array2<f64> {
    let limit = (6.0 / (rows + cols) as f64).sqrt();
    Array2::from_shape_fn((rows, cols), |_| rng.gen_range(-limit..limit))
}

/// Keras' orthogonal initialiser for a (units × G·units) recurrent kernel: a standard normal
/// matrix whose rows are made orthonormal (Gram–Schmidt, the QR factorisation Keras takes).
fn orthogonal<R: Rng>(rows: usize, cols: usize, rng: &mut R) -> Array2<f64> {
    let mut a = Array2::from_shape_fn((rows, cols), |_| rng.sample::<f64, _>(StandardNormal));
    for i in 0..rows {
        for j in 0..i {
            let dot = a.row(i).dot(&a.row(j));
            let rj = a.row(j).to_owned();
            a.row_mut(i).scaled_add(-dot, &rj);
        }
        let norm = a.row(i).dot(&a.row(i)).sqrt().max(1e-12);
        a.row_mut(i).mapv_inplace(|v| v / norm);
    }
    a
}

/// One recurrent layer and what its last forward pass kept for the backward pass.
#[derive(Clone, Debug)]
pub struct Recurrent {
    pub cell: Cell,
    pub input: usize,
    pub units: usize,
    w: Param,
    u: Param,
    b: Param,
    /// GRU's recurrent bias.
    rb: Option<Param>,
    /// Inputs of each step (B × input).
    xs: Vec<Array2<f64>>,
    /// Hidden states h₀ … h_T (B × units), h₀ = 0.
    hs: Vec<Array2<f64>>,
    /// LSTM cell states c₀ … c_T.
    cs: Vec<Array2<f64>>,
    /// Gate activations of each step (B × G·units).
    acts: Vec<Array2<f64>>,
    /// GRU: the recurrent part of the candidate, h·U_h + b_h, before the reset gate.
    hn: Vec<Array2<f64>>,
}

/// One LSTM step from the pre-activations `a` (B × 4u, gates i, f, c, o) and the previous cell
/// state: the gate activations, the new cell state c = f·c₋₁ + i·g and the new hidden state
/// h = o·tanh(c).
pub fn lstm_step(a: Array2<f64>, c_prev: &Array2<f64>) -> (Array2<f64>, Array2<f64>, Array2<f64>) {
    // BEGIN SOLUTION 6.2
    let u = c_prev.ncols();
    let mut act = a;
    let mut c = c_prev.clone();
    let mut h = Array2::zeros(c_prev.raw_dim());
    for ((gates, c), h) in act
        .rows_mut()
        .into_iter()
        .zip(c.rows_mut())
        .zip(h.rows_mut())
    {
        let (gates, c, h) = (gates.into_slice(), c.into_slice(), h.into_slice());
        if let (Some(gates), Some(c), Some(h)) = (gates, c, h) {
            let (i, rest) = gates.split_at_mut(u);
            let (f, rest) = rest.split_at_mut(u);
            let (g, o) = rest.split_at_mut(u);
            for k in 0..u {
                i[k] = sigmoid(i[k]);
                f[k] = sigmoid(f[k]);
                g[k] = tanh(g[k]);
                o[k] = sigmoid(o[k]);
                c[k] = f[k] * c[k] + i[k] * g[k];
                h[k] = o[k] * tanh(c[k]);
            }
        }
    }
    (act, c, h)
    // END SOLUTION
}

impl Recurrent {
    pub fn new<R: Rng>(cell: Cell, input: usize, units: usize, rng: &mut R) -> Self {
        let g = cell.gates();
        let mut b = Array2::zeros((1, g * units));
        if cell == Cell::Lstm {
            b.slice_mut(ndarray::s![.., units..2 * units]).fill(1.0);
        }
        Self {
            cell,
            input,
            units,
            w: Param::new(glorot(input, g * units, rng)),
            u: Param::new(orthogonal(units, g * units, rng)),
            b: Param::new(b),
            rb: (cell == Cell::Gru).then(|| Param::new(Array2::zeros((1, g * units)))),
            xs: Vec::new(),
            hs: Vec::new(),
            cs: Vec::new(),
            acts: Vec::new(),
            hn: Vec::new(),
        }
    }

    /// x·W + h·U + b, for every row of the batch.
    fn pre_activation(&self, x: &Array2<f64>, h: &Array2<f64>) -> Array2<f64> {
        let mut a = self
            .b
            .value
            .broadcast((x.nrows(), self.b.value.ncols()))
            .map_or_else(
                || Array2::zeros((x.nrows(), self.b.value.ncols())),
                |b| b.to_owned(),
            );
        if self.input == 1 {
            // An outer product: one scaled row of W per sample.
            let w = self.w.value.row(0);
            for (mut row, xv) in a.rows_mut().into_iter().zip(x.iter()) {
                row.scaled_add(*xv, &w);
            }
        } else {
            general_mat_mul(1.0, x, &self.w.value, 1.0, &mut a);
        }
        general_mat_mul(1.0, h, &self.u.value, 1.0, &mut a);
        a
    }

    fn params_mut(&mut self) -> Vec<&mut Param> {
        let mut p = vec![&mut self.w, &mut self.u, &mut self.b];
        if let Some(rb) = self.rb.as_mut() {
            p.push(rb);
        }
        p
    }

    /// The hidden states h₁ … h_T of the sequence `xs` (each B × input).
    pub fn forward(&mut self, xs: &[Array2<f64>]) -> Vec<Array2<f64>> {
        let batch = xs.first().map_or(0, |x| x.nrows());
        let u = self.units;
        self.xs = xs.to_vec();
        self.hs = vec![Array2::zeros((batch, u))];
        self.cs = vec![Array2::zeros((batch, u))];
        self.acts.clear();
        self.hn.clear();
        for x in xs {
            let h_prev = &self.hs[self.hs.len() - 1];
            match self.cell {
                Cell::SimpleRnn => {
                    let mut a = self.pre_activation(x, h_prev);
                    a.mapv_inplace(tanh);
                    self.hs.push(a);
                }
                Cell::Lstm => {
                    let a = self.pre_activation(x, h_prev);
                    let (act, c, h) = lstm_step(a, &self.cs[self.cs.len() - 1]);
                    self.acts.push(act);
                    self.cs.push(c);
                    self.hs.push(h);
                }
                Cell::Gru => {
                    let xz = x.dot(&self.w.value) + &self.b.value;
                    let rb = self
                        .rb
                        .as_ref()
                        .map_or_else(|| Array2::zeros((1, 3 * u)), |p| p.value.clone());
                    let hz = h_prev.dot(&self.u.value) + &rb;
                    let mut act = Array2::zeros((batch, 3 * u));
                    let mut hn = Array2::zeros((batch, u));
                    let mut h = Array2::zeros((batch, u));
                    for n in 0..batch {
                        for k in 0..u {
                            let z = sigmoid(xz[[n, k]] + hz[[n, k]]);
                            let r = sigmoid(xz[[n, u + k]] + hz[[n, u + k]]);
                            let cand = tanh(xz[[n, 2 * u + k]] + r * hz[[n, 2 * u + k]]);
                            act[[n, k]] = z;
                            act[[n, u + k]] = r;
                            act[[n, 2 * u + k]] = cand;
                            hn[[n, k]] = hz[[n, 2 * u + k]];
                            h[[n, k]] = z * h_prev[[n, k]] + (1.0 - z) * cand;
                        }
                    }
                    self.acts.push(act);
                    self.hn.push(hn);
                    self.hs.push(h);
                }
            }
        }
        self.hs[1..].to_vec()
    }

    /// Backpropagation through time of the last forward pass: `dhs` is the loss's gradient with
    /// respect to each output h₁ … h_T; the parameters' gradients are added to; returns the
    /// gradient with respect to each input if `input_grads` (empty matrices otherwise).
    pub fn backward(&mut self, dhs: &[Array2<f64>], input_grads: bool) -> Vec<Array2<f64>> {
        let steps = self.xs.len();
        let u = self.units;
        let g = self.cell.gates();
        let batch = self.hs[0].nrows();
        let mut dxs = vec![Array2::zeros((0, 0)); steps];
        let mut dh_next: Array2<f64> = Array2::zeros((batch, u));
        let mut dc_next: Array2<f64> = Array2::zeros((batch, u));
        for t in (0..steps).rev() {
            let mut dh = std::mem::take(&mut dh_next);
            dh += &dhs[t];
            let (h, h_prev) = (&self.hs[t + 1], &self.hs[t]);
            // Gradients of the kernel's pre-activations (x side) and, where they differ (GRU), of
            // the recurrent ones; GRU's direct path h₋₁ → h.
            let (da_x, da_h, dh_direct) = match self.cell {
                Cell::SimpleRnn => {
                    let da = &dh * &h.mapv(|v| 1.0 - v * v);
                    (da, None, None)
                }
                Cell::Lstm => {
                    let (c, c_prev) = (&self.cs[t + 1], &self.cs[t]);
                    let mut da = Array2::zeros((batch, g * u));
                    let rows = self.acts[t]
                        .rows()
                        .into_iter()
                        .zip(c.rows().into_iter().zip(h.rows()))
                        .zip(c_prev.rows())
                        .zip(dh.rows())
                        .zip(dc_next.rows_mut())
                        .zip(da.rows_mut());
                    for (((((act, (c, h)), c_prev), dh), mut dc_next), mut da) in rows {
                        for k in 0..u {
                            let (i, f, gg, o) =
                                (act[k], act[u + k], act[2 * u + k], act[3 * u + k]);
                            // tanh(c) = h / o, without a second exponential (o is a sigmoid).
                            let tc = if o > 1e-3 { h[k] / o } else { tanh(c[k]) };
                            let dc = dc_next[k] + dh[k] * o * (1.0 - tc * tc);
                            da[k] = dc * gg * i * (1.0 - i);
                            da[u + k] = dc * c_prev[k] * f * (1.0 - f);
                            da[2 * u + k] = dc * i * (1.0 - gg * gg);
                            da[3 * u + k] = dh[k] * tc * o * (1.0 - o);
                            dc_next[k] = dc * f;
                        }
                    }
                    (da, None, None)
                }
                Cell::Gru => {
                    let act = &self.acts[t];
                    let hn = &self.hn[t];
                    let mut dxz = Array2::zeros((batch, 3 * u));
                    let mut dhz = Array2::zeros((batch, 3 * u));
                    let mut direct = Array2::zeros((batch, u));
                    for n in 0..batch {
                        for k in 0..u {
                            let (z, r, cand) = (act[[n, k]], act[[n, u + k]], act[[n, 2 * u + k]]);
                            let d = dh[[n, k]];
                            let dz = d * (h_prev[[n, k]] - cand);
                            let dan = d * (1.0 - z) * (1.0 - cand * cand);
                            let dr = dan * hn[[n, k]];
                            let daz = dz * z * (1.0 - z);
                            let dar = dr * r * (1.0 - r);
                            dxz[[n, k]] = daz;
                            dxz[[n, u + k]] = dar;
                            dxz[[n, 2 * u + k]] = dan;
                            dhz[[n, k]] = daz;
                            dhz[[n, u + k]] = dar;
                            dhz[[n, 2 * u + k]] = dan * r;
                            direct[[n, k]] = d * z;
                        }
                    }
                    (dxz, Some(dhz), Some(direct))
                }
            };
            let da_h = da_h.as_ref().unwrap_or(&da_x);
            if self.input == 1 {
                let mut wg = self.w.grad.row_mut(0);
                for (row, xv) in da_x.rows().into_iter().zip(self.xs[t].iter()) {
                    wg.scaled_add(*xv, &row);
                }
            } else {
                general_mat_mul(1.0, &self.xs[t].t(), &da_x, 1.0, &mut self.w.grad);
            }
            add_column_sums(&da_x, &mut self.b.grad);
            general_mat_mul(1.0, &h_prev.t(), da_h, 1.0, &mut self.u.grad);
            if let Some(rb) = self.rb.as_mut() {
                add_column_sums(da_h, &mut rb.grad);
            }
            if input_grads {
                dxs[t] = da_x.dot(&self.w.value.t());
            }
            dh_next = da_h.dot(&self.u.value.t());
            if let Some(d) = dh_direct {
                dh_next += &d;
            }
        }
        dxs
    }
}

/// What a network is: stacked recurrent layers of one cell, dropout after each, Dense(outputs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetSpec {
    pub cell: Cell,
    /// Units of each recurrent layer, bottom first (every layer but the last returns sequences).
    pub units: Vec<usize>,
    pub dropout: f64,
    /// Days predicted at once.
    pub outputs: usize,
}

impl NetSpec {
    /// The notebook's model with another cell: `cell`(units) → Dropout → Dense(1).
    pub fn single(cell: Cell, units: usize, dropout: f64) -> Self {
        Self {
            cell,
            units: vec![units],
            dropout,
            outputs: 1,
        }
    }

    /// Keras' parameter count of the whole network (one input feature).
    pub fn parameters(&self) -> usize {
        let mut input = 1;
        let mut total = 0;
        for &u in &self.units {
            total += self.cell.parameters(input, u);
            input = u;
        }
        total + input * self.outputs + self.outputs
    }

    /// "LSTM(10, return_sequences) → Dropout → LSTM(10) → Dropout → Dense(1)" and the like.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (i, u) in self.units.iter().enumerate() {
            let seq = if i + 1 < self.units.len() {
                ", sequences"
            } else {
                ""
            };
            parts.push(format!("{}({u}{seq})", self.cell.keras()));
            if self.dropout > 0.0 {
                parts.push(format!("Dropout({})", self.dropout));
            }
        }
        parts.push(format!("Dense({})", self.outputs));
        parts.join(" → ")
    }
}

/// A network of [`NetSpec`] with its weights and the state of its last forward pass.
#[derive(Clone, Debug)]
pub struct Net {
    pub spec: NetSpec,
    layers: Vec<Recurrent>,
    head_w: Param,
    head_b: Param,
    /// Dropout masks of the last training pass: per layer, per step (all steps below the top
    /// layer, the last one on top); empty when not training.
    masks: Vec<Vec<Array2<f64>>>,
    /// The top layer's last hidden state after dropout.
    top: Array2<f64>,
    /// Adam's step count.
    steps: i32,
}

/// Keras' Adam: learning rate, β₁ 0.9, β₂ 0.999, ε 1e-7.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Adam {
    pub lr: f64,
}

impl Net {
    pub fn new<R: Rng>(spec: &NetSpec, rng: &mut R) -> Self {
        let mut layers = Vec::new();
        let mut input = 1;
        for &u in &spec.units {
            layers.push(Recurrent::new(spec.cell, input, u, rng));
            input = u;
        }
        Self {
            spec: spec.clone(),
            layers,
            head_w: Param::new(glorot(input, spec.outputs, rng)),
            head_b: Param::new(Array2::zeros((1, spec.outputs))),
            masks: Vec::new(),
            top: Array2::zeros((0, 0)),
            steps: 0,
        }
    }

    /// Every trainable matrix (for the optimiser and gradient checks).
    pub fn params_mut(&mut self) -> Vec<&mut Param> {
        let mut p: Vec<&mut Param> = self
            .layers
            .iter_mut()
            .flat_map(Recurrent::params_mut)
            .collect();
        p.push(&mut self.head_w);
        p.push(&mut self.head_b);
        p
    }

    /// Trainable parameters, counted.
    pub fn parameter_count(&mut self) -> usize {
        self.params_mut().iter().map(|p| p.value.len()).sum()
    }

    fn dropout_mask<R: Rng>(&self, rows: usize, cols: usize, rng: &mut R) -> Array2<f64> {
        let keep = 1.0 - self.spec.dropout;
        Array2::from_shape_fn((rows, cols), |_| {
            if rng.gen::<f64>() < keep {
                1.0 / keep
            } else {
                0.0
            }
        })
    }

    /// Predictions for the windows `x` (B × steps, one value per step); `rng` draws dropout
    /// masks when training (`Some`), and none is applied otherwise.
    pub fn forward<R: Rng>(&mut self, x: &Array2<f64>, mut rng: Option<&mut R>) -> Array2<f64> {
        let batch = x.nrows();
        let mut seq: Vec<Array2<f64>> = x
            .columns()
            .into_iter()
            .map(|c| c.to_owned().insert_axis(Axis(1)))
            .collect();
        self.masks.clear();
        let drop = self.spec.dropout > 0.0;
        let last = self.layers.len() - 1;
        for li in 0..self.layers.len() {
            let out = self.layers[li].forward(&seq);
            let units = self.layers[li].units;
            if li < last {
                seq = out;
                if let (true, Some(r)) = (drop, rng.as_deref_mut()) {
                    let masks: Vec<Array2<f64>> = (0..seq.len())
                        .map(|_| self.dropout_mask(batch, units, r))
                        .collect();
                    for (h, m) in seq.iter_mut().zip(&masks) {
                        *h *= m;
                    }
                    self.masks.push(masks);
                }
            } else {
                let mut h = out[out.len() - 1].clone();
                if let (true, Some(r)) = (drop, rng.as_deref_mut()) {
                    let m = self.dropout_mask(batch, units, r);
                    h *= &m;
                    self.masks.push(vec![m]);
                }
                self.top = h;
            }
        }
        self.top.dot(&self.head_w.value) + &self.head_b.value
    }

    /// Add the gradients of the last forward pass for the loss gradient `dy` (B × outputs).
    pub fn backward(&mut self, dy: &Array2<f64>) {
        self.head_w.grad += &self.top.t().dot(dy);
        self.head_b.grad += &dy.sum_axis(Axis(0)).insert_axis(Axis(0));
        let mut dh = dy.dot(&self.head_w.value.t());
        let trained = !self.masks.is_empty();
        let last = self.layers.len() - 1;
        if trained {
            dh *= &self.masks[last][0];
        }
        let steps = self.layers[last].xs.len();
        let mut dhs: Vec<Array2<f64>> = (0..steps).map(|_| Array2::zeros(dh.raw_dim())).collect();
        dhs[steps - 1] = dh;
        for li in (0..self.layers.len()).rev() {
            let dxs = self.layers[li].backward(&dhs, li > 0);
            if li > 0 {
                dhs = dxs;
                if trained {
                    for (d, m) in dhs.iter_mut().zip(&self.masks[li - 1]) {
                        *d *= m;
                    }
                }
            }
        }
    }

    /// One Adam step on the accumulated gradients, which are then cleared.
    pub fn step(&mut self, adam: Adam) {
        self.steps += 1;
        let (b1, b2, eps) = (0.9f64, 0.999f64, 1e-7);
        let lr = adam.lr * (1.0 - b2.powi(self.steps)).sqrt() / (1.0 - b1.powi(self.steps));
        for p in self.params_mut() {
            ndarray::Zip::from(&mut p.value)
                .and(&mut p.grad)
                .and(&mut p.m)
                .and(&mut p.v)
                .for_each(|w, g, m, v| {
                    *m = b1 * *m + (1.0 - b1) * *g;
                    *v = b2 * *v + (1.0 - b2) * *g * *g;
                    *w -= lr * *m / (v.sqrt() + eps);
                    *g = 0.0;
                });
        }
    }

    /// Predictions without dropout, in batches of 256.
    pub fn predict(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let mut parts = Vec::new();
        let mut start = 0;
        while start < x.nrows() {
            let end = (start + 256).min(x.nrows());
            let part = x.slice(ndarray::s![start..end, ..]).to_owned();
            parts.push(self.forward::<rand::rngs::StdRng>(&part, None));
            start = end;
        }
        let views: Vec<_> = parts.iter().map(Array2::view).collect();
        ndarray::concatenate(Axis(0), &views).unwrap_or_else(|_| Array2::zeros((0, 0)))
    }
}

/// Mean squared error and its gradient with respect to the predictions.
pub fn mse(pred: &Array2<f64>, target: &Array2<f64>) -> (f64, Array2<f64>) {
    let diff = pred - target;
    let n = diff.len().max(1) as f64;
    (diff.mapv(|d| d * d).sum() / n, diff * (2.0 / n))
}
