//! Text generated from the rule registry: the README rule table, `sma rules`, `sma rule CODE`.
use crate::rules::{Meta, RULES};

/// The Markdown rule table kept between the README's `rules` markers.
pub fn rules_table() -> String {
    let mut out = String::from("| Code | Name | Severity | Summary |\n|---|---|---|---|\n");
    for r in RULES {
        let m = r.meta();
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
    let width = RULES.iter().map(|r| r.meta().name.len()).max().unwrap_or(0);
    RULES
        .iter()
        .map(|r| {
            let m = r.meta();
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

/// `sma rule CODE`: the rule's header and docs.
pub fn rule_doc(m: &Meta) -> String {
    let docs: String = m
        .docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "# {} {} ({})\n\n{}\n\n{}\n\n### Fix\n{}\n",
        m.code,
        m.name,
        m.severity.as_str(),
        m.summary,
        docs.trim_end(),
        m.fix
    )
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
    for r in RULES {
        let m = r.meta();
        let docs: Vec<&str> = m
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        out.push_str(&format!(
            "\n## {}\n\n`{}` · {} · {}\n\n{}\n\n### Fix\n{}\n",
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary,
            docs.join("\n").trim_end(),
            m.fix
        ));
    }
    out
}
