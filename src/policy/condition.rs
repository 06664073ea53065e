//! Condition operators and their three-valued (Kleene) evaluation.
//!
//! Rules (policy-semantics.md §4.4): operators and keys AND together; several values for one
//! key OR together, negated operators require that none matches; an absent key makes positive
//! operators false and negated ones true; `...IfExists` is true on an absent key; `Null`
//! tests presence; `ForAnyValue:` is false and `ForAllValues:` true on an absent key;
//! single-valued keys behave as one-element sets.

use std::borrow::Cow;

use super::glob::Glob;
use super::keys::{Ctx, KeyState, Resolved};

/// Three-valued truth: `Unknown` means "depends on a request value not known statically".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tri {
    False,
    Unknown,
    True,
}

impl Tri {
    pub(crate) fn and(self, o: Tri) -> Tri {
        self.min(o)
    }
    pub(crate) fn or(self, o: Tri) -> Tri {
        self.max(o)
    }
    pub(crate) fn not(self) -> Tri {
        match self {
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
            Tri::True => Tri::False,
        }
    }
}

impl From<bool> for Tri {
    fn from(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    String,
    StringIgnoreCase,
    StringLike,
    Numeric(Cmp),
    Date(Cmp),
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

/// Base operator names: (name, family, negated).
static OPERATORS: &[(&str, Family, bool)] = &[
    ("StringEquals", Family::String, false),
    ("StringNotEquals", Family::String, true),
    ("StringEqualsIgnoreCase", Family::StringIgnoreCase, false),
    ("StringNotEqualsIgnoreCase", Family::StringIgnoreCase, true),
    ("StringLike", Family::StringLike, false),
    ("StringNotLike", Family::StringLike, true),
    ("NumericEquals", Family::Numeric(Cmp::Eq), false),
    ("NumericNotEquals", Family::Numeric(Cmp::Eq), true),
    ("NumericLessThan", Family::Numeric(Cmp::Lt), false),
    ("NumericLessThanEquals", Family::Numeric(Cmp::Le), false),
    ("NumericGreaterThan", Family::Numeric(Cmp::Gt), false),
    ("NumericGreaterThanEquals", Family::Numeric(Cmp::Ge), false),
    ("DateEquals", Family::Date(Cmp::Eq), false),
    ("DateNotEquals", Family::Date(Cmp::Eq), true),
    ("DateLessThan", Family::Date(Cmp::Lt), false),
    ("DateLessThanEquals", Family::Date(Cmp::Le), false),
    ("DateGreaterThan", Family::Date(Cmp::Gt), false),
    ("DateGreaterThanEquals", Family::Date(Cmp::Ge), false),
    ("Bool", Family::Bool, false),
    ("BinaryEquals", Family::Binary, false),
    ("BinaryNotEquals", Family::Binary, true),
    ("IpAddress", Family::Ip, false),
    ("NotIpAddress", Family::Ip, true),
    ("ArnEquals", Family::Arn, false),
    ("ArnLike", Family::Arn, false),
    ("ArnNotEquals", Family::Arn, true),
    ("ArnNotLike", Family::Arn, true),
    ("Null", Family::Null, false),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SetOp {
    ForAnyValue,
    ForAllValues,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Operator<'a> {
    pub name: &'a str,
    pub set: Option<SetOp>,
    pub family: Family,
    pub negated: bool,
    pub if_exists: bool,
}

impl<'a> Operator<'a> {
    /// Parses `[ForAnyValue:|ForAllValues:]<Base>[IfExists]` (case-sensitive, as documented).
    /// `Null` takes neither `IfExists` nor a set qualifier.
    pub(crate) fn parse(name: &'a str) -> Option<Operator<'a>> {
        let (set, rest) = match name.split_once(':') {
            Some(("ForAnyValue", r)) => (Some(SetOp::ForAnyValue), r),
            Some(("ForAllValues", r)) => (Some(SetOp::ForAllValues), r),
            Some(_) => return None,
            None => (None, name),
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(b) => (b, true),
            None => (rest, false),
        };
        let &(_, family, negated) = OPERATORS.iter().find(|(n, ..)| *n == base)?;
        if family == Family::Null && (if_exists || set.is_some()) {
            return None;
        }
        Some(Operator {
            name,
            set,
            family,
            negated,
            if_exists,
        })
    }
}

/// One `operator → key → values` entry.
#[derive(Clone, Debug)]
pub(crate) struct Cond<'a> {
    pub op: Operator<'a>,
    pub key: &'a str,
    pub values: Vec<Cow<'a, str>>,
}

#[derive(Debug)]
pub(crate) struct CondOutcome {
    pub value: Tri,
    /// Keys whose unknown value made some entry `Unknown`.
    pub unknown: Vec<String>,
    /// Explanation of the first entry that is false.
    pub why_false: Option<String>,
}

/// ANDs all entries of a statement's Condition block.
pub(crate) fn eval_all(conds: &[Cond<'_>], ctx: &Ctx) -> CondOutcome {
    let mut out = CondOutcome {
        value: Tri::True,
        unknown: Vec::new(),
        why_false: None,
    };
    for c in conds {
        let (v, unknown, why) = eval_one(c, ctx, out.why_false.is_none());
        out.value = out.value.and(v);
        if v == Tri::Unknown {
            for k in unknown {
                if !out.unknown.contains(&k) {
                    out.unknown.push(k);
                }
            }
        }
        if v == Tri::False && out.why_false.is_none() {
            out.why_false = why;
        }
    }
    out
}

/// One entry's value, the keys that made it unknown and, when it is false and `explain` is
/// set, why (the explanation is only built when it can be reported).
fn eval_one(c: &Cond<'_>, ctx: &Ctx, explain: bool) -> (Tri, Vec<String>, Option<String>) {
    let op = &c.op;
    let (state, name) = ctx.lookup(c.key);
    if op.family == Family::Null {
        let present = match state {
            KeyState::Known(_)
            | KeyState::SmaArnOf { .. }
            | KeyState::Unknown { present: true } => true,
            KeyState::Absent => false,
            KeyState::Unknown { present: false } => {
                return (Tri::Unknown, vec![name.to_string()], None);
            }
        };
        let hit = c.values.iter().any(|v| {
            (v.eq_ignore_ascii_case("true") && !present)
                || (v.eq_ignore_ascii_case("false") && present)
        });
        let why = (explain && !hit).then(|| {
            format!(
                "Null on {name} is false: {name} is {} in the request",
                if present { "present" } else { "absent" }
            )
        });
        return (hit.into(), Vec::new(), why);
    }
    match state {
        KeyState::Absent => {
            let v = match op.set {
                Some(SetOp::ForAllValues) => true,
                Some(SetOp::ForAnyValue) => false,
                None => op.if_exists || op.negated,
            };
            let why = (explain && !v).then(|| {
                format!(
                    "{} on {name} is false: {name} is absent for requests from the service principal",
                    op.name
                )
            });
            (v.into(), Vec::new(), why)
        }
        KeyState::Unknown { .. } => (Tri::Unknown, vec![name.to_string()], None),
        KeyState::SmaArnOf { partition, account } => {
            let mut any = Tri::False;
            for raw in &c.values {
                let m = match ctx.compile(raw, wildcards(op.family)) {
                    Resolved::Glob(g) => shaped(op.family, &g, &partition, &account),
                    Resolved::Absent => Tri::False,
                    Resolved::Unknown(_) => Tri::Unknown,
                };
                any = any.or(m);
            }
            let v = if op.negated { any.not() } else { any };
            let unknown = if v == Tri::Unknown {
                vec![name.to_string()]
            } else {
                Vec::new()
            };
            let why = (explain && v == Tri::False).then(|| {
                format!(
                    "{} on {name} is false: the SMA's ARN is arn:{partition}:chime:<region>:{account}:sma/<id>",
                    op.name
                )
            });
            (v, unknown, why)
        }
        KeyState::Known(actual) => {
            // Single-valued key: ForAnyValue / ForAllValues over a one-element set reduce to
            // the plain test.
            let mut unknown = Vec::new();
            let mut any = Tri::False;
            for raw in &c.values {
                let m = match ctx.compile(raw, wildcards(op.family)) {
                    Resolved::Glob(g) => value_matches(op.family, &g, raw, &actual).into(),
                    Resolved::Absent => Tri::False,
                    Resolved::Unknown(k) => {
                        unknown.push(k);
                        Tri::Unknown
                    }
                };
                any = any.or(m);
            }
            let v = if op.negated { any.not() } else { any };
            let why = (explain && v == Tri::False)
                .then(|| format!("{} on {name} is false: {name} is \"{actual}\"", op.name));
            (v, unknown, why)
        }
    }
}

/// A policy value against every SMA ARN of `account`: `arn:<partition>:chime:<region>:
/// <account>:sma/<id>` with region and id unknown (non-empty). True when it matches all of
/// them, false when none, unknown otherwise. An ARN has exactly five colons and so does a
/// six-segment pattern, so `*` never spans a colon and the segments compare one by one (for
/// `StringLike` as for `ArnLike`); a `StringLike` pattern with fewer segments may (unknown).
pub(crate) fn shaped(family: Family, pattern: &Glob, partition: &str, account: &str) -> Tri {
    let exact = match family {
        Family::String => true,
        Family::StringLike | Family::Arn => false,
        _ => return Tri::Unknown,
    };
    let Some([arn, part, service, region, acct, resource]) = pattern.split_arn() else {
        // a literal with another number of colons is no ARN at all
        return if exact { Tri::False } else { Tri::Unknown };
    };
    let literal = |g: &Glob, s: &str| {
        if exact {
            super::glob::is_literal(&g.0, s)
        } else {
            g.matches(s)
        }
    };
    let fixed = literal(&arn, "arn")
        && literal(&part, partition)
        && literal(&service, "chime")
        && literal(&acct, account);
    if !fixed {
        return Tri::False;
    }
    // the region: any non-empty string without a colon
    let region = if region.0.is_empty() {
        Tri::False
    } else if !exact && region.is_match_all() {
        Tri::True
    } else {
        Tri::Unknown
    };
    // the resource: `sma/` then a non-empty id
    let sma: Vec<char> = "sma/".chars().collect();
    let resource = if exact {
        let lit: String = resource
            .0
            .iter()
            .map(|t| match t {
                super::glob::Tok::Lit(c) => *c,
                _ => '\0',
            })
            .collect();
        if lit.len() > 4 && lit.starts_with("sma/") {
            Tri::Unknown
        } else {
            Tri::False
        }
    } else {
        match super::glob::space_relation(&resource.0, &sma) {
            (false, _) => Tri::False,
            (true, c) if c.is_total() => Tri::True,
            _ => Tri::Unknown,
        }
    };
    region.and(resource)
}

fn wildcards(f: Family) -> bool {
    matches!(f, Family::StringLike | Family::Arn)
}

/// Positive test of one known request value against one policy value.
fn value_matches(family: Family, pattern: &Glob, raw: &str, actual: &str) -> bool {
    match family {
        Family::String => pattern.matches(actual),
        Family::StringIgnoreCase => pattern.lowercase().matches(&actual.to_lowercase()),
        Family::StringLike => pattern.matches(actual),
        Family::Arn => {
            let actual: Vec<&str> = actual.splitn(6, ':').collect();
            pattern.split_arn().is_some_and(|p| {
                actual.len() == 6 && p.iter().zip(actual).all(|(p, a)| p.matches(a))
            })
        }
        Family::Bool => actual.eq_ignore_ascii_case(raw),
        Family::Numeric(cmp) => match (actual.parse::<f64>(), raw.parse::<f64>()) {
            (Ok(a), Ok(p)) => compare(cmp, a, p),
            _ => false,
        },
        Family::Date(cmp) => match (parse_date(actual), parse_date(raw)) {
            (Some(a), Some(p)) => compare(cmp, a, p),
            _ => false,
        },
        Family::Ip => match (parse_ip(actual), parse_cidr(raw)) {
            (Some((v6, a)), Some((v6p, lo, hi))) => v6 == v6p && lo <= a && a <= hi,
            _ => false,
        },
        // No key of these requests holds a base64 blob.
        Family::Binary | Family::Null => false,
    }
}

fn compare(cmp: Cmp, a: f64, p: f64) -> bool {
    match cmp {
        Cmp::Eq => a == p,
        Cmp::Lt => a < p,
        Cmp::Le => a <= p,
        Cmp::Gt => a > p,
        Cmp::Ge => a >= p,
    }
}

/// A date condition value as seconds since the epoch: epoch seconds, or ISO 8601
/// (`2026-12-01`, `2026-12-01T10:00:00Z`, fractions and `+hh:mm` offsets).
pub(crate) fn parse_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    let num = |t: &str| -> Option<i64> {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (date, time) = match s.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut d = date.splitn(3, '-');
    let (y, m, day) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // days from 1970-01-01 (Howard Hinnant's days_from_civil)
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let mut secs = (days * 86_400) as f64;
    if let Some(t) = time {
        let (clock, offset) = if let Some(c) = t.strip_suffix(['Z', 'z']) {
            (c, 0.0)
        } else if let Some(i) = t.rfind(['+', '-']) {
            let (c, o) = t.split_at(i);
            let sign = if o.starts_with('-') { -1.0 } else { 1.0 };
            let (oh, om) = o[1..].split_once(':').unwrap_or((&o[1..], "0"));
            (c, sign * (num(oh)? * 3600 + num(om)? * 60) as f64)
        } else {
            (t, 0.0)
        };
        let mut parts = clock.splitn(3, ':');
        let h = num(parts.next()?)?;
        let mi = parts.next().map_or(Some(0), num)?;
        let sec: f64 = parts.next().map_or(Some(0.0), |x| x.parse().ok())?;
        secs += (h * 3600 + mi * 60) as f64 + sec - offset;
    }
    Some(secs)
}

/// An IP address as (is IPv6, its number).
pub(crate) fn parse_ip(s: &str) -> Option<(bool, u128)> {
    match s.trim().parse::<std::net::IpAddr>().ok()? {
        std::net::IpAddr::V4(a) => Some((false, u128::from(u32::from(a)))),
        std::net::IpAddr::V6(a) => Some((true, u128::from(a))),
    }
}

/// A CIDR block (or one address) as (is IPv6, first, last).
pub(crate) fn parse_cidr(s: &str) -> Option<(bool, u128, u128)> {
    let (addr, len) = match s.trim().split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u32>().ok()?)),
        None => (s.trim(), None),
    };
    let (v6, n) = parse_ip(addr)?;
    let bits = if v6 { 128 } else { 32 };
    let len = len.unwrap_or(bits);
    if len > bits {
        return None;
    }
    let host = bits - len;
    let mask: u128 = if host == 128 {
        u128::MAX
    } else {
        (1u128 << host) - 1
    };
    Some((v6, n & !mask, n | mask))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_addresses_parse() {
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_date("1970-01-02"), Some(86_400.0));
        assert_eq!(parse_date("2026-12-01T10:00:00Z"), Some(1_796_119_200.0));
        assert_eq!(
            parse_date("2026-12-01T12:00:00+02:00"),
            parse_date("2026-12-01T10:00:00Z")
        );
        assert_eq!(parse_date("1796119200"), Some(1_796_119_200.0));
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(
            parse_cidr("10.0.0.0/8"),
            Some((false, 0x0A00_0000, 0x0AFF_FFFF))
        );
        assert_eq!(
            parse_cidr("192.0.2.1"),
            Some((false, 0xC000_0201, 0xC000_0201))
        );
        assert_eq!(parse_cidr("0.0.0.0/0"), Some((false, 0, 0xFFFF_FFFF)));
        assert!(parse_cidr("2001:db8::/32").is_some_and(|(v6, ..)| v6));
        assert_eq!(parse_cidr("10.0.0.0/33"), None);
        assert_eq!(parse_ip("10.1.2.3"), Some((false, 0x0A01_0203)));
    }
}
