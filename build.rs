//! Derives sma's action facts from `schemas/`, so a schema file is the one place for each:
//! - `$OUT_DIR/schemas.rs`: every `schemas/*.json`, embedded with `include_str!`;
//! - `$OUT_DIR/action_facts.rs`: the action types (each schema file that declares one with
//!   `x-sma-action`) and their files, each action's documented ACTION_FAILED errors (its file's
//!   `x-sma-errors`), the ErrorTypes among them, the DTMF keys and the leg tags.
//!
//! `schema::tests` re-derives them at run time and asserts they agree.
use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it");
    let dir = Path::new(&root).join("schemas");
    let out = std::env::var("OUT_DIR").expect("cargo sets it");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("schemas/ is readable")
        .map(|e| {
            e.expect("schemas/ entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();

    let mut files =
        String::from("/// The schema files, by file name, as embedded in the binary (build.rs).\n");
    files.push_str("pub const FILES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        files.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    files.push_str("];\n");
    std::fs::write(Path::new(&out).join("schemas.rs"), files).expect("OUT_DIR is writable");

    let read = |name: &str| -> Value {
        let text =
            std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    // an action is a schema file that declares it: `"x-sma-action": {"type": ..., "parameters": ...}`
    let mut actions: Vec<(String, String)> = names
        .iter()
        .filter_map(|name| {
            let t = read(name)["x-sma-action"]["type"].as_str()?.to_string();
            Some((t, name.clone()))
        })
        .collect();
    actions.sort();
    let mut types = Vec::new();
    let mut errors = String::new();
    let mut error_types = BTreeSet::new();
    for (name, file) in &actions {
        types.push(name.clone());
        let schema = read(file);
        let listed = schema["x-sma-errors"]["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: no x-sma-errors.errors"));
        errors.push_str(&format!("    ({name:?}, &[\n"));
        for e in listed {
            let (t, m) = (
                e["type"].as_str().expect("type"),
                e["message"].as_str().expect("message"),
            );
            error_types.insert(t.to_string());
            errors.push_str(&format!("        ({t:?}, {m:?}),\n"));
        }
        errors.push_str("    ]),\n");
    }
    let action_files: Vec<String> = actions.iter().map(|(_, f)| format!("{f:?}")).collect();
    let record = read("record-audio.json");
    let dtmf: Vec<&str> = record["properties"]["RecordingTerminators"]["items"]["enum"]
        .as_array()
        .expect("RecordingTerminators.items.enum")
        .iter()
        .map(|v| v.as_str().expect("a key"))
        .collect();
    let legs: Vec<&str> = record["properties"]["ParticipantTag"]["enum"]
        .as_array()
        .expect("ParticipantTag.enum")
        .iter()
        .map(|v| v.as_str().expect("a tag"))
        .collect();
    let list = |v: &[&str]| {
        v.iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let types: Vec<&str> = types.iter().map(String::as_str).collect();
    let error_types: Vec<&str> = error_types.iter().map(String::as_str).collect();
    let facts = format!(
        "/// Every documented action type: each schema file with an `x-sma-action` (build.rs).\n\
         pub const ACTION_TYPES: &[&str] = &[{}];\n\n\
         /// The schema file of each action, as ACTION_TYPES orders them.\n\
         pub const ACTION_FILES: &[&str] = &[{}];\n\n\
         /// Per action: the documented (`ErrorType`, `ErrorMessage`) pairs of its page (its schema's\n\
         /// `x-sma-errors`); an empty message means the docs describe the error without quoting it.\n\
         pub const ACTION_ERRORS: &[(&str, &[(&str, &str)])] = &[\n{errors}];\n\n\
         /// Every `ErrorType` the docs show on ACTION_FAILED, sorted.\n\
         pub const ERROR_TYPES: &[&str] = &[{}];\n\n\
         /// The DTMF keys a terminator can be (RecordAudio's `RecordingTerminators`).\n\
         pub const DTMF_KEYS: &[&str] = &[{}];\n\n\
         /// The call-leg tags (`ParticipantTag`).\n\
         pub const LEG_TAGS: &[&str] = &[{}];\n",
        list(&types),
        action_files.join(", "),
        list(&error_types),
        list(&dtmf),
        list(&legs),
    );
    std::fs::write(Path::new(&out).join("action_facts.rs"), facts).expect("OUT_DIR is writable");
}
