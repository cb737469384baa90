//! `cargo xtask results <crate> [--from DIR --command TEXT]`: the numbers a lecture's README
//! shows, generated from a recorded run instead of copied by hand.
//!
//! `--from DIR` records a run first: the `metrics.json` and `config.json` in that output folder,
//! with the command that produced them, become `<crate>/results/quick.json`. The README's block
//! between [`BEGIN`] and [`END`] is then rendered from that file. A test renders every recorded
//! file again and compares it with its README, so a number edited by hand, or a README left
//! behind by a new recording, fails the tests.

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The line that opens a README's generated block.
pub const BEGIN: &str = "<!-- BEGIN GENERATED RESULTS";
/// The line that closes it.
pub const END: &str = "<!-- END GENERATED RESULTS -->";

#[derive(Debug, clap::Args)]
pub struct ResultsArgs {
    /// The lecture crate whose README block to render (cnn).
    krate: String,
    /// Record the run in this output folder (its metrics.json and config.json) first.
    #[arg(long, value_name = "DIR", requires = "command")]
    from: Option<PathBuf>,
    /// With --from: the command that produced that run, as the README should show it.
    #[arg(long, value_name = "TEXT")]
    command: Option<String>,
}

/// The recorded run of a crate.
fn recorded(krate: &str) -> PathBuf {
    crate::root().join(krate).join("results").join("quick.json")
}

pub fn results(args: &ResultsArgs) -> Result<()> {
    let render = renderer(&args.krate)?;
    let file = recorded(&args.krate);
    if let (Some(dir), Some(command)) = (&args.from, &args.command) {
        let read = |name: &str| -> Result<Value> {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
        };
        let run = json!({
            "command": command,
            "config": read("config.json")?,
            "metrics": read("metrics.json")?,
        });
        render(&run).context("the run lacks a number the README shows")?;
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&file, serde_json::to_string_pretty(&run)? + "\n")
            .with_context(|| format!("writing {}", file.display()))?;
        println!("recorded {}", file.display());
    }
    let run = load(&file)?;
    let readme = crate::root().join(&args.krate).join("README.md");
    let text = std::fs::read_to_string(&readme)
        .with_context(|| format!("reading {}", readme.display()))?;
    let body = render(&run)?;
    let changed = block_body(&text)? != body;
    let new = replace_block(&text, &args.krate, &body)?;
    std::fs::write(&readme, new).with_context(|| format!("writing {}", readme.display()))?;
    println!(
        "rendered the results of {} into {} ({})",
        file.display(),
        readme.display(),
        if changed { "changed" } else { "unchanged" }
    );
    Ok(())
}

fn load(file: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(file).with_context(|| {
        format!(
            "reading {} (record a run with `cargo xtask results <crate> --from DIR --command TEXT`)",
            file.display()
        )
    })?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", file.display()))
}

type Render = fn(&Value) -> Result<String>;

/// The crates whose READMEs have a generated results block.
const GENERATED: &[&str] = &["cnn"];

fn renderer(krate: &str) -> Result<Render> {
    match krate {
        "cnn" => Ok(cnn),
        other => bail!(
            "no README results are generated for `{other}` (known: {})",
            GENERATED.join(", ")
        ),
    }
}

/// `text` with its generated block (markers kept) holding `body`.
fn replace_block(text: &str, krate: &str, body: &str) -> Result<String> {
    let (head, rest) = split_block(text)?;
    let tail = &rest[rest.find(END).unwrap_or(0)..];
    Ok(format!(
        "{head}{BEGIN}: `cargo xtask results {krate}` writes this block from {krate}/results/quick.json -->\n{body}{tail}"
    ))
}

/// The text before the block and from the block's first line on.
fn split_block(text: &str) -> Result<(&str, &str)> {
    let start = text
        .find(BEGIN)
        .with_context(|| format!("the README has no line starting `{BEGIN}`"))?;
    if !text[start..].contains(END) {
        bail!("the README's generated block has no closing `{END}`");
    }
    Ok((&text[..start], &text[start..]))
}

/// The body of the generated block (between the marker lines).
fn block_body(text: &str) -> Result<&str> {
    let (_, rest) = split_block(text)?;
    let body = &rest[rest.find('\n').map_or(rest.len(), |i| i + 1)..];
    Ok(&body[..body.find(END).unwrap_or(body.len())])
}

/// A number at a JSON path (`a.b.c`).
fn num(v: &Value, path: &str) -> Result<f64> {
    path.split('.')
        .try_fold(v, |v, k| v.get(k))
        .and_then(Value::as_f64)
        .with_context(|| format!("no number at `{path}`"))
}

fn text<'a>(v: &'a Value, path: &str) -> Result<&'a str> {
    path.split('.')
        .try_fold(v, |v, k| v.get(k))
        .and_then(Value::as_str)
        .with_context(|| format!("no text at `{path}`"))
}

/// One column of a task's per-epoch history.
fn column(task: &Value, name: &str) -> Result<Vec<f64>> {
    task.pointer("/history/records")
        .and_then(Value::as_array)
        .context("no history records")?
        .iter()
        .map(|r| {
            r.pointer(&format!("/values/{name}"))
                .and_then(Value::as_f64)
                .with_context(|| format!("an epoch without `{name}`"))
        })
        .collect()
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// Lecture 3: the four models beside the original's test accuracies, the pre-training, the
/// overfitting lesson's numbers and the single-image sentence.
fn cnn(run: &Value) -> Result<String> {
    let m = &run["metrics"];
    let c = &run["config"];
    let mut s = format!(
        "Recorded with `{}` ({} preset, seed {}, {} libtorch thread{}, {}): {} / {} / {} images, {} epochs, \
         batch {}; the VGG16 base pre-trained for {} steps.\n\n",
        text(run, "command")?,
        text(c, "run.preset")?,
        num(c, "run.seed")?,
        num(c, "run.threads")?,
        if num(c, "run.threads")? == 1.0 { "" } else { "s" },
        text(c, "run.device")?.to_lowercase(),
        num(m, "split.train")?,
        num(m, "split.val")?,
        num(m, "split.test")?,
        num(c, "cnn.epochs")?,
        num(c, "cnn.batch_size")?,
        num(m, "pretraining.steps")?,
    );
    s += "| model | training acc (last epoch) | best validation acc | test acc | test loss | time | original test acc |\n";
    s += "|---|---|---|---|---|---|---|\n";
    let models = [
        ("baseline", "1 baseline", 0.8976),
        ("dropout", "2 dropout 0.6", 0.9000),
        ("augmentation", "3 augmentation", 0.9357),
        ("transfer", "4 frozen VGG16 base + Dense(8)", 0.9429),
    ];
    for (key, name, original) in models {
        let t = &m[key];
        let train = column(t, "accuracy")?;
        let val = column(t, "val_accuracy")?;
        let time = if key == "transfer" {
            format!(
                "{:.0} s + {:.0} s pre-training",
                num(t, "seconds")?,
                num(m, "pretraining.seconds")?
            )
        } else {
            format!("{:.0} s", num(t, "seconds")?)
        };
        s += &format!(
            "| {name} | {:.3} | {:.3} | **{:.3}** | {:.3} | {time} | {original:.4} |\n",
            train.last().copied().unwrap_or(f64::NAN),
            max(&val),
            num(t, "test.accuracy")?,
            num(t, "test.loss")?,
        );
    }
    let base = &m["baseline"];
    let (loss, val_loss) = (column(base, "loss")?, column(base, "val_loss")?);
    let lowest =
        val_loss.iter().enumerate().fold(
            (0, f64::INFINITY),
            |a, (i, &v)| if v < a.1 { (i, v) } else { a },
        );
    s += &format!(
        "\n- Overfitting, task 1: training accuracy {:.3} in the last epoch against a best validation accuracy of \
         {:.3}; the validation loss is lowest in epoch {} ({:.3}) and ends at {:.3}, while the training loss falls \
         to {:.3}.\n",
        column(base, "accuracy")?.last().copied().unwrap_or(f64::NAN),
        max(&column(base, "val_accuracy")?),
        lowest.0 + 1,
        lowest.1,
        val_loss.last().copied().unwrap_or(f64::NAN),
        loss.last().copied().unwrap_or(f64::NAN),
    );
    let run_time = match m.get("pretraining_reused").and_then(Value::as_bool) {
        Some(true) => "The base was kept from an earlier run; this run's four tasks took",
        Some(false) => "The base was pre-trained in this run, which took in all",
        None => "The run took",
    };
    s += &format!(
        "- Pre-training, once per machine: {} steps ({} scenes) in {:.1} min; {:.3} on its own objects over the \
         last tenth of the steps, {:.3} on held-out whole scenes. {run_time} {:.1} min.\n",
        num(m, "pretraining.steps")?,
        num(m, "pretraining.images_seen")?,
        num(m, "pretraining.seconds")? / 60.0,
        num(m, "pretraining.final_train_accuracy")?,
        num(m, "pretraining.test_accuracy")?,
        num(m, "seconds")? / 60.0,
    );
    s += &format!(
        "- Single image, task 1's model: \"{}\" for `{}`, the first test airplane it gets right; it gets {} of the \
         {} test airplanes right (recorded: \"I am 79.00% certain that this is a airplane\").\n",
        text(m, "single_image.sentence")?,
        text(m, "single_image.image")?,
        num(m, "single_image.airplanes_right")?,
        num(m, "single_image.airplanes")?,
    );
    Ok(s)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Every recorded run renders to exactly the block its README shows.
    #[test]
    fn readme_results_are_the_recorded_runs() {
        for &krate in GENERATED {
            let run = load(&recorded(krate)).unwrap();
            let readme =
                std::fs::read_to_string(crate::root().join(krate).join("README.md")).unwrap();
            assert_eq!(
                block_body(&readme).unwrap(),
                renderer(krate).unwrap()(&run).unwrap(),
                "{krate}/README.md's results differ from {krate}/results/quick.json: run `cargo xtask results {krate}`"
            );
        }
    }

    #[test]
    fn a_block_is_replaced_between_its_markers() {
        let text = format!("intro\n{BEGIN}: old -->\nold body\n{END}\nafter\n");
        let new = replace_block(&text, "cnn", "new body\n").unwrap();
        assert!(new.starts_with("intro\n<!-- BEGIN GENERATED RESULTS: `cargo xtask results cnn`"));
        assert_eq!(block_body(&new).unwrap(), "new body\n");
        assert!(new.ends_with(&format!("{END}\nafter\n")));
        assert!(replace_block("no block", "cnn", "x").is_err());
    }

    #[test]
    fn a_missing_number_is_an_error_naming_it() {
        let e = cnn(&json!({"command": "x", "config": {}, "metrics": {}})).unwrap_err();
        assert!(format!("{e}").contains("run.preset"), "{e}");
    }
}
