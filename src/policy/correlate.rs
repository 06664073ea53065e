//! Correlated conditions: what no single statement decides, the statements together may.
//!
//! Two Allows on `x == v` and `x != v` cover every request; a statement requiring both never
//! applies. Three-valued logic alone says "unknown" to both. So when an action's verdict is
//! `conditional`, the values of each key that made it so are split into classes that every
//! condition on the key treats alike, and the policy is evaluated once per combination of
//! classes: when every combination gives the same definite verdict, that is the verdict.
//!
//! Classes, per key, from every condition on it in the policy:
//! - equality (`String*`, `Bool`; case-insensitive ones with case variants): absent, each
//!   literal, and anything else;
//! - numeric: absent, each literal, and a point in each interval the literals bound (a key
//!   tested as a number holds numbers);
//! - keys typed boolean take `true` and `false` only.
//!
//! A key also tested with `*Like`, `Arn*`, date, IP or binary operators, through a set
//! operator, or with a policy variable in its values is not split (it stays unknown). Past
//! [`MAX_COMBINATIONS`] nothing is split, and the verdict says so.

use super::condition::Family;
use super::keys::{Class, find};
use super::parse::Doc;
use super::{ActionResult, Verdict};

/// The most combinations of classes evaluated for one policy.
pub(crate) const MAX_COMBINATIONS: usize = 4096;

/// Global keys whose value is `true` or `false` (IAM global condition keys page).
const BOOL_KEYS: &[&str] = &[
    "aws:SecureTransport",
    "aws:MultiFactorAuthPresent",
    "aws:PrincipalIsAWSService",
    "aws:ViaAWSService",
    "aws:ViaAWSMCPService",
    "aws:AssumedRoot",
    "aws:IsMcpServiceAction",
];

/// A value no policy literal is: not a number, no letters to fold.
const OTHER: &str = "\u{1}sma-other-value\u{1}";

/// The representative values of `key`'s classes (`None`: absent), or `None` when the key
/// cannot be split.
fn classes(doc: &Doc<'_>, key: &str) -> Option<Vec<Option<String>>> {
    let mut literals: Vec<String> = Vec::new();
    let mut numbers: Vec<f64> = Vec::new();
    let mut folded = false;
    let mut seen = false;
    for c in doc.statements.iter().flat_map(|s| &s.conditions) {
        if !c.key.eq_ignore_ascii_case(key) {
            continue;
        }
        seen = true;
        if c.op.set.is_some() || c.values.iter().any(|v| v.contains("${")) {
            return None;
        }
        match c.op.family {
            Family::String | Family::Bool => {
                literals.extend(c.values.iter().map(|v| v.to_string()))
            }
            Family::StringIgnoreCase => {
                folded = true;
                literals.extend(c.values.iter().map(|v| v.to_string()));
            }
            Family::Numeric(_) => {
                for v in &c.values {
                    numbers.push(v.trim().parse::<f64>().ok().filter(|n| n.is_finite())?);
                }
            }
            Family::Null => {}
            _ => return None,
        }
    }
    if !seen {
        return None;
    }
    let mut out: Vec<Option<String>> = Vec::new();
    let mut push = |v: Option<String>| {
        if !out.contains(&v) {
            out.push(v);
        }
    };
    // an always-present key has no absent class
    let always = find(key).is_some_and(|k| matches!(k.class, Class::Present))
        || key.eq_ignore_ascii_case("aws:SecureTransport");
    if !always {
        push(None);
    }
    if BOOL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        push(Some("true".into()));
        push(Some("false".into()));
        return Some(out);
    }
    for l in &literals {
        push(Some(l.clone()));
    }
    if folded {
        // a value equal to a literal but for case, and equal to no literal exactly
        for l in &literals {
            if !l.chars().any(char::is_alphabetic) {
                continue;
            }
            let toggled: String = l
                .chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().next().unwrap_or(c)
                    } else {
                        c.to_uppercase().next().unwrap_or(c)
                    }
                })
                .collect();
            let variant = [l.to_lowercase(), l.to_uppercase(), toggled]
                .into_iter()
                .find(|v| !literals.contains(v))?;
            push(Some(variant));
        }
    }
    numbers.sort_by(f64::total_cmp);
    numbers.dedup();
    if let (Some(lo), Some(hi)) = (numbers.first(), numbers.last()) {
        push(Some(format!("{}", lo - 1.0)));
        push(Some(format!("{}", hi + 1.0)));
    }
    for (i, n) in numbers.iter().enumerate() {
        push(Some(format!("{n}")));
        if let Some(next) = numbers.get(i + 1) {
            push(Some(format!("{}", (n + next) / 2.0)));
        }
    }
    // a key tested as a number holds numbers (a value that is none is no class of it)
    if numbers.is_empty() || !literals.is_empty() {
        push(Some(OTHER.into()));
    }
    Some(out)
}

/// `actions` with each `conditional` verdict that every combination of classes decides
/// replaced by that verdict; `run` evaluates the policy with some keys fixed.
pub(crate) fn decide(
    doc: &Doc<'_>,
    actions: Vec<ActionResult>,
    run: impl Fn(&[(String, Option<String>)]) -> Vec<ActionResult>,
) -> Vec<ActionResult> {
    if actions.iter().all(|a| a.verdict != Verdict::Conditional) {
        return actions;
    }
    let mut keys: Vec<String> = Vec::new();
    for k in actions
        .iter()
        .filter(|a| a.verdict == Verdict::Conditional)
        .flat_map(|a| &a.unknown_keys)
    {
        if !keys.iter().any(|x| x.eq_ignore_ascii_case(k)) {
            keys.push(k.clone());
        }
    }
    let split: Vec<(String, Vec<Option<String>>)> = keys
        .into_iter()
        .filter_map(|k| classes(doc, &k).map(|c| (k, c)))
        .collect();
    if split.is_empty() {
        return actions;
    }
    let total = split
        .iter()
        .try_fold(1usize, |n, (_, c)| n.checked_mul(c.len()))
        .filter(|&n| n <= MAX_COMBINATIONS);
    let Some(total) = total else {
        return note_too_many(actions, &split);
    };
    // per action: the verdict all combinations agree on so far, and the first result
    let mut agreed: Vec<Option<ActionResult>> = vec![None; actions.len()];
    let mut open: Vec<bool> = actions
        .iter()
        .map(|a| a.verdict == Verdict::Conditional)
        .collect();
    for n in 0..total {
        let mut rest = n;
        let overrides: Vec<(String, Option<String>)> = split
            .iter()
            .map(|(k, c)| {
                let v = c[rest % c.len()].clone();
                rest /= c.len();
                (k.clone(), v)
            })
            .collect();
        let results = run(&overrides);
        for (a, r) in results.into_iter().enumerate() {
            if !open[a] {
                continue;
            }
            match &agreed[a] {
                _ if r.verdict == Verdict::Conditional => open[a] = false,
                Some(first) if first.verdict != r.verdict => open[a] = false,
                Some(_) => {}
                None => agreed[a] = Some(r),
            }
        }
        if !open.iter().any(|&o| o) {
            break;
        }
    }
    let names: Vec<String> = split.iter().map(|(k, _)| format!("`{k}`")).collect();
    actions
        .into_iter()
        .zip(agreed.into_iter().zip(open))
        .map(|(original, (agreed, open))| match agreed {
            Some(mut r) if open => {
                r.reason = format!(
                    "for every value of {}, taken together: {}",
                    names.join(", "),
                    r.reason
                );
                r.unknown_keys.clear();
                r
            }
            _ => original,
        })
        .collect()
}

fn note_too_many(
    mut actions: Vec<ActionResult>,
    split: &[(String, Vec<Option<String>>)],
) -> Vec<ActionResult> {
    for a in actions
        .iter_mut()
        .filter(|a| a.verdict == Verdict::Conditional)
    {
        a.reason.push_str(&format!(
            " (the {} keys' values were not combined: more than {MAX_COMBINATIONS} combinations)",
            split.len()
        ));
    }
    actions
}
