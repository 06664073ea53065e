//! What the run's settings take away from the findings, in order: severities (`--rule`,
//! `[rules]`), then `[[ignore]]` entries, then the baseline; and the SMA021 findings for
//! ignores that matched nothing.
use std::collections::HashMap;

use super::baseline::Baseline;
use super::{Ignore, Level, apply_levels};
use crate::diagnostic::codes::config::UnusedIgnore;
use crate::diagnostic::{Checked, Diagnostic, Finding};
use crate::source::SourceFile;

/// How each ignore fared over the run (findings it removed, whether it covered a file), and
/// how many findings the baseline hid.
#[derive(Debug, Default)]
pub struct Usage {
    used: Vec<usize>,
    covered: Vec<bool>,
    pub hidden_by_baseline: usize,
}

impl Usage {
    /// No file seen yet, for `ignores` ignores.
    pub fn new(ignores: usize) -> Self {
        Usage {
            used: vec![0; ignores],
            covered: vec![false; ignores],
            hidden_by_baseline: 0,
        }
    }
}

/// Applies severities, ignores and the baseline to every checked file; `key` names a file as
/// baselines do (`emit::Context::key`); ignores see the name the key stands for (the key
/// itself for a name that is not UTF-8).
pub fn apply(
    checked: &mut [Checked],
    levels: &HashMap<&'static str, Level>,
    ignores: &[Ignore],
    mut baseline: Option<&mut Baseline>,
    key: impl Fn(&SourceFile) -> String,
) -> Usage {
    let mut usage = Usage::new(ignores.len());
    for c in checked {
        let k = key(&c.source);
        apply_one(&mut usage, c, &k, levels, ignores, baseline.as_deref_mut());
    }
    usage
}

/// Applies severities, ignores and the baseline to one checked file whose key is `key` (see
/// `apply`), files taken in order, counting into `usage`.
pub fn apply_one(
    usage: &mut Usage,
    c: &mut Checked,
    key: &str,
    levels: &HashMap<&'static str, Level>,
    ignores: &[Ignore],
    baseline: Option<&mut Baseline>,
) {
    let path = crate::source::key_name(key).unwrap_or_else(|| key.to_string());
    apply_levels(&mut c.diagnostics, levels);
    for (i, ig) in ignores.iter().enumerate() {
        if ig.covers_file(&path) {
            usage.covered[i] = true;
            let before = c.diagnostics.len();
            c.diagnostics.retain(|d| !ig.suppresses(d));
            usage.used[i] += before - c.diagnostics.len();
        }
    }
    if let Some(b) = baseline {
        usage.hidden_by_baseline += b.filter(key, &mut c.diagnostics);
    }
}

/// SMA021 for each ignore that removed nothing, at the severity `levels` give it. A stale
/// ignore is reported when this run could have used it: it covered a linted file, or the run
/// `walked` directories rather than a hand-picked list of files.
pub fn unused_ignores(
    ignores: &[Ignore],
    usage: &Usage,
    walked: bool,
    levels: &HashMap<&'static str, Level>,
) -> Vec<Diagnostic> {
    let mut unused: Vec<Diagnostic> = ignores
        .iter()
        .enumerate()
        .filter(|&(i, _)| usage.used[i] == 0 && (usage.covered[i] || walked))
        .map(|(i, ig)| {
            let nor = if usage.covered[i] {
                ""
            } else {
                ", nor any linted file"
            };
            Finding::new(
                format!(
                    "this ignore matched no finding{nor} (reason: {})",
                    ig.reason
                ),
                "",
                ig.span,
            )
            .stamp(&UnusedIgnore::META)
        })
        .collect();
    apply_levels(&mut unused, levels);
    unused
}
