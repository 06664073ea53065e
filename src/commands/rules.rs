//! `sma rules`, and the text generated from the rule catalogue: the list it prints,
//! docs/rules.md and the rule table in docs/lint.md.
use super::{Io, Outcome, Result};
use crate::rules::CATALOG;

/// `sma rules`.
pub fn run(io: &mut Io<'_>) -> Result<Outcome> {
    io.print(rules_list().as_bytes())?;
    Ok(Outcome::Clean)
}

/// The Markdown rule table kept between the `rules` markers of docs/lint.md.
pub fn rules_table() -> String {
    let mut out = String::from("| Code | Name | Severity | Summary |\n|---|---|---|---|\n");
    for m in CATALOG {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary.replace('|', "\\|")
        ));
    }
    out
}

/// `sma rules`: one aligned line per rule.
pub fn rules_list() -> String {
    let width = CATALOG.iter().map(|m| m.name.len()).max().unwrap_or(0);
    CATALOG
        .iter()
        .map(|m| {
            format!(
                "{}  {:width$}  {:7}  {}\n",
                m.code,
                m.name,
                m.severity.as_str(),
                m.summary
            )
        })
        .collect()
}

/// `docs/rules.md`: every rule's docs under a heading that is its code, so `#sma204` is a
/// stable anchor (SARIF help URIs point there, see `--docs-url`).
pub fn rules_doc() -> String {
    let mut out = String::from(
        "# sma rules\n\n\
         <!-- generated from the rule registry by `SMA_BLESS=1 cargo test --test readme`; do not edit -->\n\n\
         One section per code; its heading is the code, so `docs/rules.md#sma204` links to it.\n\
         `sma rule CODE` prints the same text. Severities can be changed in `sma.toml` or with\n\
         `--rule CODE=off|warning|error`.\n",
    );
    for m in CATALOG {
        out.push_str(&format!(
            "\n## {}\n\n`{}` · {} · {}\n\n{}\n\n### Fix\n{}\n",
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary,
            m.docs_text(),
            m.fix
        ));
    }
    out
}
