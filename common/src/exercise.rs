//! Exercises in the student edition. `cargo xtask student` replaces each marked answer
//! (`// BEGIN SOLUTION <id>` … `// END SOLUTION`) by `todo!("Exercise <id>: <title>. Hint: …")`.
//! A lecture that reaches such a `todo!` must not show a panic and its backtrace: [`guard`] turns
//! it into one line naming the exercise, and the lecture's other tasks still run.

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::Once;

/// What `todo!` puts before its message.
const TODO: &str = "not yet implemented: ";
/// How every exercise's `todo!` message starts.
pub const PREFIX: &str = "Exercise ";

/// The message of a panic payload, if it is an open exercise's `todo!`: "Exercise <id>: …".
pub fn open_exercise(payload: &(dyn Any + Send)) -> Option<String> {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())?;
    text.strip_prefix(TODO)
        .filter(|m| m.starts_with(PREFIX))
        .map(str::to_string)
}

/// Install, once, a panic hook that is silent for open exercises (their task says so in one
/// line) and leaves every other panic to the default hook.
pub fn quiet_open_exercises() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if open_exercise(info.payload()).is_none() {
                default(info);
            }
        }));
    });
}

/// Run the task `name` of the lecture crate `krate`. If it reaches an open exercise, say so in
/// one line (which exercise, how to check it) and return `Ok(None)`; any other panic goes on.
pub fn guard<T>(
    krate: &str,
    name: &str,
    task: impl FnOnce() -> anyhow::Result<T>,
) -> anyhow::Result<Option<T>> {
    quiet_open_exercises();
    match std::panic::catch_unwind(AssertUnwindSafe(task)) {
        Ok(result) => result.map(Some),
        Err(payload) => match open_exercise(&*payload) {
            Some(message) => {
                let exercise = message.split(". Hint:").next().unwrap_or(&message);
                println!(
                    "{name}: not run, it needs {exercise} (check your answers: cargo xtask check {krate})"
                );
                Ok(None)
            }
            None => std::panic::resume_unwind(payload),
        },
    }
}
