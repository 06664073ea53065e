//! `sma rule CODE-OR-NAME`: one rule's documentation.
use super::{Io, Outcome, Result};
use crate::rules;

/// `sma rule CODE-OR-NAME`.
pub fn run(rule: &str, io: &mut Io<'_>) -> Result<Outcome> {
    let Some(meta) = rules::find(rule) else {
        let hint = rules::suggest(rule)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        miette::bail!("unknown rule `{rule}`{hint}; `sma rules` lists them");
    };
    io.print(meta.markdown().as_bytes())?;
    Ok(Outcome::Clean)
}
