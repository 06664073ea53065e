//! Correlated conditions: what no single statement decides, the statements together may.
//!
//! Two Allows on `x == v` and `x != v` cover every request; a statement requiring both never
//! applies. Three-valued logic alone says "unknown" to both. So when an action's verdict is
//! `conditional`, the values of each key that made it so are split into classes that every
//! condition on the key treats alike, and the policy is evaluated once per combination of
//! classes: when every combination gives the same definite verdict, that is the verdict.
//!
//! Classes, per key, from every condition on it in the policy (plus "absent" unless the key
//! is always present):
//! - equality (`String*`, `Bool`; case-insensitive ones with case variants): each literal,
//!   and anything else;
//! - `StringLike` and `Arn*` patterns (with `StringEquals` literals): one value per non-empty
//!   region of the patterns' Venn diagram, found in the product of their automata (an ARN
//!   pattern's wildcards do not cross the colons of its first five segments);
//! - numeric and date: each literal and a point in each interval the literals bound (a key
//!   tested as a number holds numbers);
//! - IP: the bounds of every block and their neighbours, so every interval they make;
//! - keys typed boolean take `true` and `false` only.
//!
//! A key also tested with binary operators, compared in two ways (as text and as a
//! number), with `StringLike` and `...IgnoreCase` together, through a set operator, or with a
//! policy variable in its values is not split (it stays unknown). Past [`MAX_COMBINATIONS`]
//! nothing is split, and the verdict says so.

use std::collections::{HashSet, VecDeque};

use super::condition::{Family, parse_cidr, parse_date};
use super::glob::{Glob, Tok};
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

/// What a key's values are compared as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Date,
    Ip,
}

/// The representative values of `key`'s classes (`None`: absent), or `None` when the key
/// cannot be split.
fn classes(doc: &Doc<'_>, key: &str) -> Option<Vec<Option<String>>> {
    let mut literals: Vec<String> = Vec::new();
    let mut patterns: Vec<Pat> = Vec::new();
    let mut numbers: Vec<f64> = Vec::new();
    let mut cidrs: Vec<(bool, u128, u128)> = Vec::new();
    let (mut folded, mut wild, mut seen) = (false, false, false);
    let mut kinds: Vec<Kind> = Vec::new();
    for c in doc.statements.iter().flat_map(|s| &s.conditions) {
        if !c.key.eq_ignore_ascii_case(key) {
            continue;
        }
        seen = true;
        if c.op.set.is_some() || c.values.iter().any(|v| v.contains("${")) {
            return None;
        }
        let kind = match c.op.family {
            Family::String | Family::Bool => {
                literals.extend(c.values.iter().map(|v| v.to_string()));
                patterns.extend(c.values.iter().map(|v| Pat::text(Glob::literal(v))));
                Kind::Text
            }
            Family::StringIgnoreCase => {
                folded = true;
                literals.extend(c.values.iter().map(|v| v.to_string()));
                Kind::Text
            }
            Family::StringLike => {
                wild = true;
                patterns.extend(c.values.iter().map(|v| Pat::text(Glob::wild(v))));
                Kind::Text
            }
            Family::Numeric(_) => {
                for v in &c.values {
                    numbers.push(v.trim().parse::<f64>().ok().filter(|n| n.is_finite())?);
                }
                Kind::Number
            }
            Family::Date(_) => {
                for v in &c.values {
                    numbers.push(parse_date(v)?);
                }
                Kind::Date
            }
            Family::Ip => {
                for v in &c.values {
                    cidrs.push(parse_cidr(v)?);
                }
                Kind::Ip
            }
            Family::Null => continue,
            Family::Arn => {
                wild = true;
                patterns.extend(c.values.iter().map(|v| Pat::arn(Glob::wild(v))));
                Kind::Text
            }
            Family::Binary => return None,
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if !seen || used_as_variable(doc, key) {
        // a key the conditions do not test, or whose value also stands in other values: its
        // classes are not these
        return None;
    }
    // a key compared in two ways (as text and as a number...) has classes that are the
    // intersections of both splits: not attempted
    let kind = match kinds[..] {
        [k] => Some(k),
        [] => None,
        _ => return None,
    };
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
    match kind {
        // only Null tests it: absent or present (any value)
        None => push(Some(OTHER.into())),
        Some(Kind::Text) if wild && folded => return None,
        Some(Kind::Text) if wild => {
            for w in witnesses(&patterns)? {
                push(Some(w));
            }
        }
        Some(Kind::Text) => {
            for l in &literals {
                push(Some(l.clone()));
            }
            if folded {
                for v in case_variants(&literals)? {
                    push(Some(v));
                }
            }
            push(Some(OTHER.into()));
        }
        Some(Kind::Number | Kind::Date) => {
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
        }
        Some(Kind::Ip) => {
            // every interval the blocks' bounds make holds one of these
            for v6 in [false, true] {
                let max = if v6 { u128::MAX } else { u128::from(u32::MAX) };
                let mut points = vec![0, max];
                for &(_, lo, hi) in cidrs.iter().filter(|c| c.0 == v6) {
                    points.extend([lo, hi, lo.saturating_sub(1), hi.saturating_add(1).min(max)]);
                }
                for p in points {
                    push(Some(ip_text(v6, p)));
                }
            }
        }
    }
    Some(out)
}

/// Whether `${key}` (or `${key, default}`) appears in a condition value or a resource.
fn used_as_variable(doc: &Doc<'_>, key: &str) -> bool {
    let needle = format!("${{{}", key.to_ascii_lowercase());
    let has = |v: &str| v.contains("${") && v.to_ascii_lowercase().contains(&needle);
    doc.statements.iter().any(|s| {
        s.conditions
            .iter()
            .flat_map(|c| c.values.iter())
            .any(|v| has(v))
            || s.resource.items.iter().any(|i| has(i.value))
    })
}

fn ip_text(v6: bool, n: u128) -> String {
    if v6 {
        std::net::Ipv6Addr::from(n).to_string()
    } else {
        std::net::Ipv4Addr::from(u32::try_from(n).unwrap_or(u32::MAX)).to_string()
    }
}

/// For each literal with letters, a value equal to it but for case and equal to no literal;
/// `None` when some literal has no such variant.
fn case_variants(literals: &[String]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for l in literals {
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
        out.push(variant);
    }
    Some(out)
}

/// A pattern as a condition operator reads it.
struct Pat {
    glob: Glob,
    /// For `Arn*`: the index of the fifth literal `:`. Before it, `*` and `?` do not match a
    /// colon (the six segments compare one by one); a pattern with fewer colons matches
    /// nothing (`never`).
    arn_tail: Option<usize>,
    never: bool,
}

impl Pat {
    fn text(glob: Glob) -> Self {
        Pat {
            glob,
            arn_tail: None,
            never: false,
        }
    }

    fn arn(glob: Glob) -> Self {
        let colons: Vec<usize> = glob
            .0
            .iter()
            .enumerate()
            .filter(|(_, t)| **t == Tok::Lit(':'))
            .map(|(i, _)| i)
            .collect();
        Pat {
            arn_tail: Some(colons.get(4).copied().unwrap_or(usize::MAX)),
            never: colons.len() < 5,
            glob,
        }
    }

    /// Whether the token at `i` may read `c`'s position as a wildcard.
    fn wildcard_reads(&self, i: usize, c: char) -> bool {
        c != ':' || self.arn_tail.is_none_or(|tail| i > tail)
    }
}

/// The most states of the product of the patterns explored by [`witnesses`].
const MAX_STATES: usize = 20_000;

/// One value for each set of the patterns that some value matches exactly (the non-empty
/// regions of their Venn diagram), found by walking the product of the patterns' automata
/// over their literal characters and one character none has. `None` past [`MAX_STATES`] or
/// for a pattern over 127 tokens.
fn witnesses(patterns: &[Pat]) -> Option<Vec<String>> {
    if patterns.iter().any(|p| p.glob.0.len() > 127) {
        return None;
    }
    let mut alphabet: Vec<char> = vec![':'];
    for t in patterns.iter().flat_map(|p| &p.glob.0) {
        if let Tok::Lit(c) = *t
            && !alphabet.contains(&c)
        {
            alphabet.push(c);
        }
    }
    let fresh = ('\u{E000}'..='\u{F8FF}').find(|c| !alphabet.contains(c))?;
    alphabet.push(fresh);
    let bit = |i: usize| 1u128 << i;
    // a `*` at position i also lets the pattern be at i + 1 without reading anything
    let closure = |p: &Pat, mut set: u128| {
        if p.never {
            return 0;
        }
        for (i, t) in p.glob.0.iter().enumerate() {
            if set & bit(i) != 0 && *t == Tok::Star {
                set |= bit(i + 1);
            }
        }
        set
    };
    let step = |p: &Pat, set: u128, c: char| {
        let mut next = 0u128;
        for (i, t) in p.glob.0.iter().enumerate() {
            if set & bit(i) == 0 {
                continue;
            }
            match *t {
                Tok::Star if p.wildcard_reads(i, c) => next |= bit(i),
                Tok::One if p.wildcard_reads(i, c) => next |= bit(i + 1),
                Tok::Lit(l) if l == c => next |= bit(i + 1),
                _ => {}
            }
        }
        closure(p, next)
    };
    let start: Vec<u128> = patterns.iter().map(|p| closure(p, 1)).collect();
    let mut seen: HashSet<Vec<u128>> = HashSet::from([start.clone()]);
    let mut queue: VecDeque<(Vec<u128>, String)> = VecDeque::from([(start, String::new())]);
    let mut regions: Vec<(Vec<bool>, String)> = Vec::new();
    while let Some((state, text)) = queue.pop_front() {
        let members: Vec<bool> = patterns
            .iter()
            .zip(&state)
            .map(|(p, set)| set & bit(p.glob.0.len()) != 0)
            .collect();
        if !regions.iter().any(|(m, _)| *m == members) {
            regions.push((members, text.clone()));
        }
        for &c in &alphabet {
            let next: Vec<u128> = patterns
                .iter()
                .zip(&state)
                .map(|(p, &set)| step(p, set, c))
                .collect();
            if seen.insert(next.clone()) {
                if seen.len() > MAX_STATES {
                    return None;
                }
                let mut t = text.clone();
                t.push(c);
                queue.push_back((next, t));
            }
        }
    }
    Some(regions.into_iter().map(|(_, w)| w).collect())
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
