//! A Keras-style model summary: layer, output shape, parameter count; total and trainable.
//! Parameter counts are read from the model's `VarStore` by layer path, so they cannot drift from
//! the real model; the model declares its layers' names, types and output shapes.

use tch::nn::VarStore;

/// One row of the summary: the layer's path in the `VarStore` (e.g. `fc1`), its type and its
/// output shape without the batch dimension.
#[derive(Clone, Debug)]
pub struct Layer {
    pub name: String,
    pub kind: String,
    pub output: Vec<i64>,
}

impl Layer {
    pub fn new(name: &str, kind: &str, output: &[i64]) -> Self {
        Self {
            name: name.to_string(),
            kind: kind.to_string(),
            output: output.to_vec(),
        }
    }
}

/// The counts of a summary, for tests and reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counts {
    pub per_layer: Vec<i64>,
    pub total: i64,
    pub trainable: i64,
}

/// Count parameters per layer (variables whose path starts with the layer name).
pub fn count(vs: &VarStore, layers: &[Layer]) -> Counts {
    let vars = vs.variables();
    let per_layer = layers
        .iter()
        .map(|l| {
            let prefix = format!("{}.", l.name);
            vars.iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .map(|(_, t)| t.numel() as i64)
                .sum()
        })
        .collect();
    let total = vars.values().map(|t| t.numel() as i64).sum();
    let trainable = vs
        .trainable_variables()
        .iter()
        .filter(|t| t.requires_grad())
        .map(|t| t.numel() as i64)
        .sum();
    Counts {
        per_layer,
        total,
        trainable,
    }
}

fn thousands(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Render the summary table.
pub fn render(model: &str, vs: &VarStore, layers: &[Layer]) -> String {
    let counts = count(vs, layers);
    let rows: Vec<[String; 3]> = layers
        .iter()
        .zip(&counts.per_layer)
        .map(|(l, &n)| {
            let shape: Vec<String> = l.output.iter().map(|d| d.to_string()).collect();
            [
                format!("{} ({})", l.name, l.kind),
                format!("(None, {})", shape.join(", ")),
                thousands(n),
            ]
        })
        .collect();
    let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(0).max(12) + 2;
    let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(0).max(12) + 2;
    let w2 = rows.iter().map(|r| r[2].len()).max().unwrap_or(0).max(7);
    let rule = |c: char| c.to_string().repeat(w0 + w1 + w2);
    let mut out = format!("Model: \"{model}\"\n{}\n", rule('_'));
    out.push_str(&format!(
        "{:<w0$}{:<w1$}{:>w2$}\n{}\n",
        "Layer (type)",
        "Output Shape",
        "Param #",
        rule('=')
    ));
    for r in &rows {
        out.push_str(&format!("{:<w0$}{:<w1$}{:>w2$}\n", r[0], r[1], r[2]));
    }
    out.push_str(&format!(
        "{}\nTotal params: {}\nTrainable params: {}\nNon-trainable params: {}\n{}\n",
        rule('='),
        thousands(counts.total),
        thousands(counts.trainable),
        thousands(counts.total - counts.trainable),
        rule('_')
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(101_770), "101,770");
        assert_eq!(thousands(6_651_464), "6,651,464");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(-1234), "-1,234");
    }
}
