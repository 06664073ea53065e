//! Statement matching, combination into verdicts (policy-semantics.md §4.5) and lints.
//!
//! Per action: `allow` is T iff the Allows that certainly apply cover every key together;
//! `deny` is the OR of each Deny's (applies ∧ hits some key). Union coverage across
//! Resource entries and statements is exact (see `glob::Coverage`); a NotResource Allow
//! contributes only when it alone covers the key space.

use std::cell::RefCell;

use serde_json::Value;

use crate::diagnostic::Meta;
use crate::diagnostic::codes::policy as codes;

use super::actions::matches_any_s3_action;
use super::condition::{CondOutcome, Tri, eval_all};
use super::glob::{self, Coverage, Glob};
use super::keys::{Ctx, Resolved, how_to_decide};
use super::parse::{Doc, PrincipalKind, Stmt, VERSION_2008, VERSION_2012};
use super::{
    ActionResult, Effect, Evaluation, Finding, MAX_POLICY_BYTES, Request, SERVICE_PRINCIPAL,
    StatementRef, Verdict,
};

/// A statement's Resource/NotResource against the key space.
struct ResourceEval {
    /// Covers every key.
    covers: Tri,
    /// Matches at least one key.
    hits: Tri,
    /// Lengths covered, for union coverage (total when a NotResource covers alone).
    coverage: Coverage,
    /// Variables whose unknown value made `covers`/`hits` unknown.
    unknown: Vec<String>,
}

struct StmtEval<'a> {
    stmt: &'a Stmt<'a>,
    /// The Action/NotAction patterns, lower-cased and compiled once.
    action_globs: Vec<Glob>,
    principal: bool,
    /// Per action of the need, whether Action/NotAction covers it.
    action: Vec<bool>,
    /// The need's actions.
    actions: &'static [&'static str],
    /// The Condition block's outcome per action of the need (a request for each action
    /// carries its own keys).
    cond: Vec<CondOutcome>,
    res: ResourceEval,
}

impl StmtEval<'_> {
    /// Principal ∧ action ∧ condition.
    fn applies(&self, a: usize) -> Tri {
        Tri::from(self.principal && self.action[a]).and(self.cond[a].value)
    }

    fn why_not(&self, a: usize) -> String {
        if !self.principal {
            format!("its principal does not include {SERVICE_PRINCIPAL}")
        } else if !self.action[a] {
            format!("its actions do not include {}", self.actions[a])
        } else if let Some(why) = &self.cond[a].why_false {
            why.clone()
        } else if self.res.hits == Tri::False {
            "its resources match no key in scope".to_string()
        } else {
            "its resources do not cover every key in scope".to_string()
        }
    }
}

/// One pass over the statements for every action of the need, with `overrides` fixing the
/// value (or absence) of some keys.
struct Run<'a> {
    evals: Vec<StmtEval<'a>>,
    actions: Vec<ActionResult>,
    assumptions: Vec<String>,
}

pub(crate) fn evaluate(doc: &Doc<'_>, policy: &Value, req: &Request) -> Evaluation {
    let first = run(doc, req, &[]);
    // the lints are about bucket policies
    let warnings = match req.kms {
        None => lint(doc, policy, req, &first.evals),
        Some(_) => Vec::new(),
    };
    let actions = super::correlate::decide(doc, first.actions, |overrides| {
        run(doc, req, overrides).actions
    });
    let mut unknown_keys: Vec<String> = Vec::new();
    for k in actions.iter().flat_map(|r| &r.unknown_keys) {
        if !unknown_keys.contains(k) {
            unknown_keys.push(k.clone());
        }
    }
    Evaluation {
        verdict: actions
            .iter()
            .map(|r| r.verdict)
            .max()
            .unwrap_or(Verdict::NotGranted),
        assumptions: first.assumptions,
        warnings,
        actions,
        unknown_keys,
    }
}

fn run<'a>(doc: &'a Doc<'a>, req: &Request, overrides: &[(String, Option<String>)]) -> Run<'a> {
    let needed = req.actions();
    // one request context per action: each carries the keys its action supports
    let ctxs: Vec<Ctx> = needed
        .iter()
        .map(|&action| Ctx {
            action,
            account: req.effective_account(),
            sma_arn: req.sma_arn.clone(),
            assume_tls: req.assume_tls,
            partition: req.partition().to_string(),
            kms: req.kms.clone(),
            variables: doc.version == Some(VERSION_2012),
            overrides: overrides.to_vec(),
            assumptions: RefCell::new(Vec::new()),
        })
        .collect();
    let ctx = &ctxs[0];
    let fixed: Vec<char> = format!("{}/{}", req.bucket, req.prefix).chars().collect();
    let partition = req.partition();
    let evals: Vec<StmtEval> = doc
        .statements
        .iter()
        .map(|s| {
            let action_globs: Vec<Glob> = s
                .action
                .items
                .iter()
                .map(|i| Glob::wild_lowercase(i.value))
                .collect();
            StmtEval {
                stmt: s,
                principal: principal_matches(s),
                action: action_matches(&action_globs, s.action.negated, needed),
                actions: needed,
                cond: ctxs.iter().map(|c| eval_all(&s.conditions, c)).collect(),
                res: match &req.kms {
                    None => resource_eval(s, ctx, |g| {
                        pattern_relation(g, partition, &fixed, req.exact_key)
                    }),
                    // a key policy guards one key; `*` in it is that key
                    Some(k) => resource_eval(s, ctx, |g| {
                        if g.is_match_all() || g.matches(&k.key_arn) {
                            (true, Coverage::total())
                        } else {
                            (false, Coverage::default())
                        }
                    }),
                },
                action_globs,
            }
        })
        .collect();
    let actions: Vec<ActionResult> = (0..needed.len())
        .map(|a| action_result(&evals, a, req))
        .collect();
    let mut assumptions: Vec<String> = Vec::new();
    for a in ctxs.iter().flat_map(|c| c.assumptions.take()) {
        if !assumptions.iter().any(|x| x == a) {
            assumptions.push(a.to_string());
        }
    }
    Run {
        evals,
        actions,
        assumptions,
    }
}

fn principal_matches(s: &Stmt<'_>) -> bool {
    let p = &s.principal;
    let hit = p.star
        || p.entries.iter().any(|(kind, item)| match kind {
            PrincipalKind::Aws => item.value == "*",
            PrincipalKind::Service => item.value == SERVICE_PRINCIPAL,
            PrincipalKind::Federated | PrincipalKind::CanonicalUser => false,
        });
    hit != p.negated
}

/// Whether the statement's Action/NotAction (its lower-cased patterns `globs`) covers each
/// of `needed`, case-insensitively.
fn action_matches(globs: &[Glob], negated: bool, needed: &[&str]) -> Vec<bool> {
    needed
        .iter()
        .map(|a| {
            let a = a.to_ascii_lowercase();
            globs.iter().any(|g| g.matches(&a)) != negated
        })
        .collect()
}

/// One resource pattern against `arn:<partition>:s3:::<fixed>Σ+`, or against the one key
/// `arn:<partition>:s3:::<fixed>` when `exact`.
fn pattern_relation(g: &Glob, partition: &str, fixed: &[char], exact: bool) -> (bool, Coverage) {
    if g.is_match_all() {
        return (true, Coverage::total());
    }
    let Some(seg) = g.arn_parts() else {
        return (false, Coverage::default());
    };
    let head = glob::is_literal(seg[0], "arn")
        && glob::matches_str(seg[1], partition)
        && glob::matches_str(seg[2], "s3")
        && glob::matches_str(seg[3], "")
        && glob::matches_str(seg[4], "");
    if !head {
        (false, Coverage::default())
    } else if exact {
        // one key: matched or not; matched covers all there is
        if glob::matches_chars(seg[5], fixed) {
            (true, Coverage::total())
        } else {
            (false, Coverage::default())
        }
    } else {
        glob::space_relation(seg[5], fixed)
    }
}

/// A statement's Resource/NotResource against what is requested: `relation` says of one
/// pattern whether it matches some of it and how much it covers.
fn resource_eval(
    s: &Stmt<'_>,
    ctx: &Ctx,
    relation: impl Fn(&Glob) -> (bool, Coverage),
) -> ResourceEval {
    let mut hits = false;
    let mut coverage = Coverage::default();
    let mut unknown = Vec::new();
    for item in &s.resource.items {
        match ctx.compile(item.value, true) {
            Resolved::Glob(g) => {
                let (h, c) = relation(&g);
                hits |= h;
                coverage.merge(&c);
            }
            Resolved::Absent => {}
            Resolved::Unknown(k) => unknown.push(k),
        }
    }
    let maybe = if unknown.is_empty() {
        Tri::False
    } else {
        Tri::Unknown
    };
    if !s.resource.negated {
        let covers = Tri::from(coverage.is_total()).or(maybe);
        return ResourceEval {
            covers,
            hits: Tri::from(hits).or(maybe),
            coverage,
            unknown,
        };
    }
    // NotResource: applies to the keys none of the patterns match.
    let covers = if hits { Tri::False } else { maybe.not() };
    let hits = if coverage.is_total() {
        Tri::False
    } else {
        maybe.not()
    };
    ResourceEval {
        covers,
        hits,
        coverage: if covers == Tri::True {
            Coverage::total()
        } else {
            Coverage::default()
        },
        unknown,
    }
}

/// Whether Allows that surely apply to action `a` cover every key together through a
/// NotResource: one with `NotResource: [p...]` covers every key no `p` matches, so with
/// Allows whose `Resource` lists each of those `p` (the same text) they cover every key.
fn complement_covered(allows: &[&StmtEval<'_>], a: usize) -> bool {
    let sure: Vec<&StmtEval> = allows
        .iter()
        .copied()
        .filter(|e| e.applies(a) == Tri::True)
        .collect();
    let listed: Vec<&str> = sure
        .iter()
        .filter(|e| !e.stmt.resource.negated)
        .flat_map(|e| e.stmt.resource.items.iter().map(|i| i.value))
        .collect();
    sure.iter().any(|e| {
        e.stmt.resource.negated
            && e.stmt
                .resource
                .items
                .iter()
                .all(|i| listed.contains(&i.value))
    })
}

fn push_unique(list: &mut Vec<String>, items: &[String]) {
    for k in items {
        if !list.contains(k) {
            list.push(k.clone());
        }
    }
}

fn refs<'a>(it: impl Iterator<Item = &'a StmtEval<'a>>) -> Vec<StatementRef> {
    it.map(|e| e.stmt.r.clone()).collect()
}

fn list(refs: &[StatementRef]) -> String {
    refs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn action_result(evals: &[StmtEval], a: usize, req: &Request) -> ActionResult {
    let action = req.actions()[a];
    let space = req.resource_pattern();
    let (on_keys, on_every_key) = if req.exact_key {
        ("on", "on")
    } else {
        ("on keys under", "on every key under")
    };
    let (allows, denies): (Vec<&StmtEval>, Vec<&StmtEval>) =
        evals.iter().partition(|e| e.stmt.r.effect == Effect::Allow);

    let mut cov_sure = Coverage::default();
    let mut cov_maybe = Coverage::default();
    let mut maybe = false;
    for e in allows.iter().filter(|e| e.applies(a) != Tri::False) {
        cov_maybe.merge(&e.res.coverage);
        maybe |= e.res.covers == Tri::Unknown;
        if e.applies(a) == Tri::True {
            cov_sure.merge(&e.res.coverage);
            maybe |= e.res.covers == Tri::Unknown || e.res.hits == Tri::Unknown;
        }
    }
    if !cov_sure.is_total() && complement_covered(&allows, a) {
        cov_sure = Coverage::total();
    }
    let allow = if cov_sure.is_total() {
        Tri::True
    } else if cov_maybe.is_total() || maybe {
        Tri::Unknown
    } else {
        Tri::False
    };
    let deny_of = |e: &StmtEval| e.applies(a).and(e.res.hits);
    let deny = denies.iter().map(|e| deny_of(e)).fold(Tri::False, Tri::or);

    let verdict = match (deny, allow) {
        (Tri::True, _) => Verdict::Denied,
        (_, Tri::False) => Verdict::NotGranted,
        (Tri::False, Tri::True) => Verdict::Granted,
        _ => Verdict::Conditional,
    };
    let mut unknown_keys = Vec::new();
    let (statements, reason, help) = match verdict {
        Verdict::Denied => {
            let s = refs(denies.iter().copied().filter(|e| deny_of(e) == Tri::True));
            let reason = format!(
                "explicitly denied by {} for {SERVICE_PRINCIPAL} {on_keys} {space}",
                list(&s)
            );
            let help = format!(
                "narrow {} so it does not apply to {SERVICE_PRINCIPAL}: e.g. exempt AWS services with \"BoolIfExists\": {{\"aws:PrincipalIsAWSService\": \"false\"}}, or exclude the principal with NotPrincipal {{\"Service\": \"{SERVICE_PRINCIPAL}\"}}",
                list(&s)
            );
            (s, reason, Some(help))
        }
        Verdict::NotGranted => {
            let near: Vec<&StmtEval> = allows
                .iter()
                .copied()
                .filter(|e| e.principal && e.action[a])
                .collect();
            let reason = match near.first() {
                None => format!("no Allow statement grants {action} to {SERVICE_PRINCIPAL}"),
                Some(e) => format!(
                    "no Allow grants it {on_every_key} {space}: {}: {}",
                    e.stmt.r,
                    e.why_not(a)
                ),
            };
            let help = format!(
                "add an Allow for Principal {{\"Service\": \"{SERVICE_PRINCIPAL}\"}}, Action {action}, Resource {space}"
            );
            (refs(near.into_iter()), reason, Some(help))
        }
        Verdict::Conditional => {
            let mut deciding: Vec<&StmtEval> = Vec::new();
            if allow == Tri::Unknown {
                deciding.extend(allows.iter().copied().filter(|e| {
                    let b = e.applies(a);
                    (b == Tri::Unknown && e.res.hits != Tri::False)
                        || (b == Tri::True && e.res.covers == Tri::Unknown)
                }));
            }
            if deny == Tri::Unknown {
                deciding.extend(
                    denies
                        .iter()
                        .copied()
                        .filter(|e| deny_of(e) == Tri::Unknown),
                );
            }
            for e in &deciding {
                if e.cond[a].value == Tri::Unknown {
                    push_unique(&mut unknown_keys, &e.cond[a].unknown);
                }
                push_unique(&mut unknown_keys, &e.res.unknown);
            }
            let s = refs(deciding.into_iter());
            let reason = format!(
                "depends on request values not known offline ({}) in {}",
                unknown_keys.join(", "),
                list(&s)
            );
            let help = unknown_keys
                .iter()
                .map(|k| match how_to_decide(k) {
                    Some(how) => how,
                    None => format!(
                        "{k} is not documented for this service: do not make the grant depend on it (or exempt AWS services from the Deny)"
                    ),
                })
                .collect::<Vec<_>>()
                .join("; ");
            (s, reason, Some(help))
        }
        Verdict::Granted => {
            let s = refs(
                allows
                    .iter()
                    .copied()
                    .filter(|e| e.applies(a) == Tri::True && e.res.hits == Tri::True),
            );
            let reason = format!("allowed by {}; no Deny applies", list(&s));
            (s, reason, None)
        }
    };
    ActionResult {
        action,
        verdict,
        statements,
        unknown_keys,
        reason,
        help,
    }
}

/// Whether a service principal is a near miss of the voice connector's: a Chime service or a
/// `voiceconnector` host that is not exactly it, or within two edits of it.
fn is_near_miss(service: &str) -> bool {
    let s = service.trim().to_ascii_lowercase();
    if s == SERVICE_PRINCIPAL || s.contains(['*', '?']) {
        return false;
    }
    s.contains("voiceconnector")
        || s.starts_with("chime.")
        || s.contains(".chime.")
        || crate::util::suggest::did_you_mean(&s, [SERVICE_PRINCIPAL]).is_some()
}

fn finding(code: &'static Meta, pointer: &str, message: String, help: &str) -> Finding {
    Finding {
        code,
        message,
        pointer: pointer.to_string(),
        help: Some(help.to_string()),
    }
}

/// Length of `serde_json::to_string(policy)` (the compact serialisation), counted by walking
/// the document instead of serialising it. Iterative: any nesting depth is fine.
fn compact_len(policy: &Value) -> usize {
    fn string_len(s: &str) -> usize {
        2 + s
            .bytes()
            .map(|b| match b {
                b'"' | b'\\' | 0x08 | 0x09 | 0x0a | 0x0c | 0x0d => 2,
                0..=0x1f => 6,
                _ => 1,
            })
            .sum::<usize>()
    }
    let mut len = 0;
    let mut stack = vec![policy];
    while let Some(v) = stack.pop() {
        len += match v {
            Value::Null => 4,
            Value::Bool(b) => {
                if *b {
                    4
                } else {
                    5
                }
            }
            Value::Number(n) => {
                serde_json::to_string(n).map_or_else(|_| n.to_string().len(), |s| s.len())
            }
            Value::String(s) => string_len(s),
            Value::Array(a) => {
                stack.extend(a);
                2 + a.len().saturating_sub(1)
            }
            Value::Object(o) => {
                stack.extend(o.values());
                2 + o.len().saturating_sub(1) + o.keys().map(|k| string_len(k) + 1).sum::<usize>()
            }
        };
    }
    len
}

fn lint(doc: &Doc<'_>, policy: &Value, req: &Request, evals: &[StmtEval<'_>]) -> Vec<Finding> {
    let mut out = Vec::new();
    match doc.version {
        None => out.push(finding(
            &codes::OldPolicyVersion::META,
            "",
            "Missing version: policy variables such as ${aws:SourceAccount} are treated as literal text".into(),
            "add \"Version\": \"2012-10-17\"",
        )),
        Some(VERSION_2008) => out.push(finding(
            &codes::OldPolicyVersion::META,
            "/Version",
            "Outdated version 2008-10-17: policy variables are treated as literal text".into(),
            "use \"Version\": \"2012-10-17\"",
        )),
        Some(_) => {}
    }
    let len = match req.text_len {
        0 => compact_len(policy),
        n => n,
    };
    if len > MAX_POLICY_BYTES {
        out.push(finding(
            &codes::PolicyTooLarge::META,
            "",
            format!("Policy size exceeds resource policy quota: {len} bytes, S3 allows {MAX_POLICY_BYTES}"),
            "merge statements or shorten the policy; S3 rejects bucket policies over 20 KB",
        ));
    }
    for (pointer, key, near) in super::keycheck::unknown_global_keys(doc) {
        let hint = near
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        out.push(finding(
            &codes::UnknownGlobalKey::META,
            &pointer,
            format!("`{key}` is not a global condition key: no request carries it, so the condition treats it as absent{hint}"),
            &match near {
                Some(k) => format!("write `{k}`"),
                None => "use a key from the IAM global condition keys page, or a key of the action".into(),
            },
        ));
    }
    for e in evals {
        let s = e.stmt;
        let p = &s.principal;
        let allow = s.r.effect == Effect::Allow;
        let public = p.star
            || p.entries
                .iter()
                .any(|(k, i)| *k == PrincipalKind::Aws && i.value == "*");
        if allow && !p.negated && public {
            out.push(finding(
                &codes::PublicPrincipal::META,
                &s.principal_pointer(),
                format!("Public access: {} allows any principal", s.r),
                &format!("grant only {{\"Service\": \"{SERVICE_PRINCIPAL}\"}}; Block Public Access (BlockPublicPolicy) rejects this policy"),
            ));
        }
        if allow && p.negated {
            out.push(finding(
                &codes::AllowWithNotPrincipal::META,
                &s.principal_pointer(),
                format!("Allow with NotPrincipal: {} grants access to every principal not listed, anonymous ones included", s.r),
                "use Principal with the principals to allow",
            ));
        }
        for (kind, item) in &p.entries {
            let v = item.value;
            let partial = (v.contains(['*', '?']) && !(*kind == PrincipalKind::Aws && v == "*"))
                || (*kind != PrincipalKind::Aws && v == "*");
            if *kind == PrincipalKind::Service && is_near_miss(v) {
                out.push(finding(
                    &codes::NearMissServicePrincipal::META,
                    &s.principal_item_pointer(*kind, item),
                    format!("`{v}` is not the service principal of the SMA: did you mean `{SERVICE_PRINCIPAL}`?"),
                    &format!("the SMA reads and writes S3 as \"{SERVICE_PRINCIPAL}\"; a grant to `{v}` grants it nothing"),
                ));
            }
            if partial {
                out.push(finding(
                    &codes::PartialWildcardPrincipal::META,
                    &s.principal_item_pointer(*kind, item),
                    format!("Invalid principal: wildcard in `{v}` matches nothing (no partial wildcards in principals); S3 rejects it"),
                    &format!("name the principal exactly, e.g. \"{SERVICE_PRINCIPAL}\""),
                ));
            }
        }
        for (item, glob) in s.action.items.iter().zip(&e.action_globs) {
            if !matches_any_s3_action(glob) {
                out.push(finding(
                    &codes::UnknownS3Action::META,
                    &s.action_item_pointer(item),
                    format!("Invalid action: `{}` matches no S3 action", item.value),
                    "check the spelling, e.g. s3:PutObject, s3:PutObjectAcl",
                ));
            }
        }
        let grants =
            allow && e.principal && e.action.iter().any(|&a| a) && e.res.hits != Tri::False;
        let pinned = s.conditions.iter().any(|c| {
            c.key.eq_ignore_ascii_case("aws:SourceAccount")
                || c.key.eq_ignore_ascii_case("aws:SourceArn")
        });
        if grants && !pinned {
            out.push(finding(
                &codes::ConfusedDeputy::META,
                &s.r.pointer,
                format!("Restrict access to service principal: {} grants {SERVICE_PRINCIPAL} without an aws:SourceAccount or aws:SourceArn condition (confused deputy)", s.r),
                "add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<account>\", \"aws:SourceArn\": \"<sma-arn>\"}}",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::compact_len;

    #[test]
    fn compact_len_is_the_serialised_length() {
        let mut deep = json!("x");
        for _ in 0..100 {
            deep = json!([deep, {}]);
        }
        let values = [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(-17),
            json!(u64::MAX),
            json!(1.5),
            json!(-2.5e-300),
            json!(1e21),
            json!(""),
            json!("quote \" backslash \\ slash / tab \t nl \n cr \r ff \u{c} bs \u{8}"),
            json!("ctrl \u{0} \u{1f} del \u{7f} é 日本 🎙"),
            json!([]),
            json!({}),
            json!([1, "a", null, [true, {"k": "v"}]]),
            json!({"Version": "2012-10-17", "Statement": [{"Sid": "a\"b", "Effect": "Allow"}], "\n": {}}),
            deep,
        ];
        for v in values {
            assert_eq!(
                compact_len(&v),
                serde_json::to_string(&v).unwrap().len(),
                "{v}"
            );
        }
    }
}
