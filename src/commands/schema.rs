//! `sma schema`: the JSON Schema bundle for editors, on stdout or into a directory.
use std::path::Path;

use serde_json::{Value, json};

use super::{Io, Outcome, Result};
use crate::schema::{ACTION_FILES, bundle};
use crate::util::atomic::{self, Existing};

/// The bundle as written: pretty JSON ending in a newline.
pub fn bundle_text() -> String {
    let mut t = serde_json::to_string_pretty(&bundle()).unwrap_or_default();
    t.push('\n');
    t
}

/// One action's `Parameters` schema: a reference into the bundle beside it.
fn action_file(file: &str) -> String {
    let stem = file.trim_end_matches(".json");
    let v: Value = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("../sma.schema.json#/$defs/{stem}"),
    });
    let mut t = serde_json::to_string_pretty(&v).unwrap_or_default();
    t.push('\n');
    t
}

pub fn run(out: Option<&Path>, io: &mut Io<'_>) -> Result<Outcome> {
    let Some(dir) = out else {
        io.print(bundle_text().as_bytes())?;
        return Ok(Outcome::Clean);
    };
    let actions = dir.join("actions");
    std::fs::create_dir_all(&actions)
        .map_err(|e| miette::miette!("could not create `{}`: {e}", actions.display()))?;
    let write = |path: &Path, text: &str| {
        atomic::write(path, text.as_bytes(), Existing::Replace)
            .map_err(|e| miette::miette!("could not write `{}`: {e}", path.display()))
    };
    write(&dir.join("sma.schema.json"), &bundle_text())?;
    for file in ACTION_FILES {
        write(&actions.join(file), &action_file(file))?;
    }
    io.note(format_args!(
        "wrote {} and {} action schemas in {}",
        dir.join("sma.schema.json").display(),
        ACTION_FILES.len(),
        actions.display()
    ));
    Ok(Outcome::Clean)
}
