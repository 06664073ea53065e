//! Validation of the policy document into a typed model (policy-semantics.md §2).
//!
//! The walk has a fixed depth (document → statement → element → values), so odd or deeply
//! nested input cannot make it recurse. All errors are collected, each with a JSON pointer.

use serde_json::{Map, Value};

use super::condition::{Cond, Operator};
use super::{Effect, PolicyError, StatementRef, ptr};

pub(crate) const VERSION_2012: &str = "2012-10-17";
pub(crate) const VERSION_2008: &str = "2008-10-17";

#[derive(Debug)]
pub(crate) struct Doc {
    pub version: Option<String>,
    pub statements: Vec<Stmt>,
}

/// A string from the document with its pointer.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub value: String,
    pub pointer: String,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub negated: bool,
    pub items: Vec<Item>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PrincipalKind {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

#[derive(Clone, Debug)]
pub(crate) struct Principal {
    pub negated: bool,
    pub pointer: String,
    /// `"Principal": "*"`.
    pub star: bool,
    pub entries: Vec<(PrincipalKind, Item)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Stmt {
    pub r: StatementRef,
    pub principal: Principal,
    pub action: Element,
    pub resource: Element,
    pub conditions: Vec<Cond>,
}

struct Errors(Vec<PolicyError>);

impl Errors {
    fn push(&mut self, pointer: &str, message: impl Into<String>, help: Option<&str>) {
        self.0.push(PolicyError {
            message: message.into(),
            pointer: pointer.to_string(),
            help: help.map(str::to_string),
        });
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn parse(policy: &Value) -> Result<Doc, Vec<PolicyError>> {
    let mut errs = Errors(Vec::new());
    let Some(top) = policy.as_object() else {
        errs.push(
            "",
            format!("a policy must be a JSON object, found {}", kind(policy)),
            Some("a bucket policy looks like {\"Version\": \"2012-10-17\", \"Statement\": [...]}"),
        );
        return Err(errs.0);
    };
    for k in top.keys() {
        if !matches!(k.as_str(), "Version" | "Id" | "Statement") {
            errs.push(
                &ptr("", k),
                format!("unknown top-level element `{k}`"),
                Some("allowed: Version, Id, Statement"),
            );
        }
    }
    let version = match top.get("Version") {
        None => None,
        Some(Value::String(v)) if v == VERSION_2012 || v == VERSION_2008 => Some(v.clone()),
        Some(v) => {
            errs.push(
                "/Version",
                format!("invalid version {v}"),
                Some("use \"2012-10-17\""),
            );
            None
        }
    };
    if let Some(id) = top.get("Id").filter(|v| !v.is_string()) {
        errs.push(
            "/Id",
            format!("Id must be a string, found {}", kind(id)),
            None,
        );
    }
    let mut statements = Vec::new();
    match top.get("Statement") {
        None => errs.push(
            "",
            "the policy has no `Statement`",
            Some("add \"Statement\": [ ... ]"),
        ),
        Some(Value::Array(list)) => {
            for (i, s) in list.iter().enumerate() {
                statements.extend(statement(s, i, ptr("/Statement", i), &mut errs));
            }
        }
        Some(s @ Value::Object(_)) => {
            statements.extend(statement(s, 0, "/Statement".to_string(), &mut errs));
        }
        Some(v) => errs.push(
            "/Statement",
            format!(
                "Statement must be an object or an array of objects, found {}",
                kind(v)
            ),
            None,
        ),
    }
    if errs.0.is_empty() {
        Ok(Doc {
            version,
            statements,
        })
    } else {
        Err(errs.0)
    }
}

const ELEMENTS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

fn statement(v: &Value, index: usize, p: String, errs: &mut Errors) -> Option<Stmt> {
    let Some(obj) = v.as_object() else {
        errs.push(
            &p,
            format!("a statement must be an object, found {}", kind(v)),
            None,
        );
        return None;
    };
    let before = errs.0.len();
    for k in obj.keys().filter(|k| !ELEMENTS.contains(&k.as_str())) {
        errs.push(
            &ptr(&p, k),
            format!("unknown statement element `{k}`"),
            Some("allowed: Sid, Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource, Condition"),
        );
    }
    let sid = match obj.get("Sid") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            errs.push(
                &ptr(&p, "Sid"),
                format!("Sid must be a string, found {}", kind(v)),
                None,
            );
            None
        }
    };
    let effect = match obj.get("Effect") {
        Some(Value::String(e)) if e == "Allow" => Some(Effect::Allow),
        Some(Value::String(e)) if e == "Deny" => Some(Effect::Deny),
        Some(e) => {
            errs.push(
                &ptr(&p, "Effect"),
                format!("Effect must be \"Allow\" or \"Deny\", found {e}"),
                None,
            );
            None
        }
        None => {
            errs.push(
                &p,
                "statement has no Effect",
                Some("add \"Effect\": \"Allow\""),
            );
            None
        }
    };
    let principal = pick(obj, &p, "Principal", "NotPrincipal", errs)
        .and_then(|(negated, pp, v)| principal(v, negated, pp, errs));
    let action = pick(obj, &p, "Action", "NotAction", errs)
        .and_then(|(negated, pp, v)| element(v, negated, pp, errs));
    let resource = pick(obj, &p, "Resource", "NotResource", errs)
        .and_then(|(negated, pp, v)| element(v, negated, pp, errs));
    let conditions = obj
        .get("Condition")
        .map(|c| conditions(c, &ptr(&p, "Condition"), errs))
        .unwrap_or_default();
    if errs.0.len() > before {
        return None;
    }
    Some(Stmt {
        r: StatementRef {
            index,
            sid,
            effect: effect?,
            pointer: p,
        },
        principal: principal?,
        action: action?,
        resource: resource?,
        conditions,
    })
}

/// Exactly one of `pos`/`neg`: returns (negated, pointer, value).
fn pick<'a>(
    obj: &'a Map<String, Value>,
    p: &str,
    pos: &str,
    neg: &str,
    errs: &mut Errors,
) -> Option<(bool, String, &'a Value)> {
    match (obj.get(pos), obj.get(neg)) {
        (Some(v), None) => Some((false, ptr(p, pos), v)),
        (None, Some(v)) => Some((true, ptr(p, neg), v)),
        (Some(_), Some(_)) => {
            errs.push(
                &ptr(p, neg),
                format!(
                    "{pos} and {neg} cannot be used together (unsupported element combination)"
                ),
                Some("keep one of them"),
            );
            None
        }
        (None, None) => {
            errs.push(
                p,
                format!("statement has neither {pos} nor {neg}"),
                Some(if pos == "Principal" {
                    "bucket policy statements need a Principal (missing principal)"
                } else {
                    "add the element"
                }),
            );
            None
        }
    }
}

/// A string or a non-empty array of strings.
fn strings(v: &Value, p: &str, what: &str, errs: &mut Errors) -> Option<Vec<Item>> {
    let item = |value: &str, pointer: String| Item {
        value: value.to_string(),
        pointer,
    };
    match v {
        Value::String(s) => Some(vec![item(s, p.to_string())]),
        Value::Array(a) if a.is_empty() => {
            errs.push(p, format!("{what} must not be an empty array"), None);
            None
        }
        Value::Array(a) => {
            let mut out = Vec::new();
            for (i, x) in a.iter().enumerate() {
                match x {
                    Value::String(s) => out.push(item(s, ptr(p, i))),
                    _ => errs.push(
                        &ptr(p, i),
                        format!("{what} entries must be strings, found {}", kind(x)),
                        None,
                    ),
                }
            }
            (out.len() == a.len()).then_some(out)
        }
        _ => {
            errs.push(
                p,
                format!(
                    "{what} must be a string or an array of strings, found {}",
                    kind(v)
                ),
                None,
            );
            None
        }
    }
}

fn element(v: &Value, negated: bool, p: String, errs: &mut Errors) -> Option<Element> {
    let name = p.rsplit('/').next().unwrap_or_default().to_string();
    strings(v, &p, &name, errs).map(|items| Element { negated, items })
}

fn principal(v: &Value, negated: bool, p: String, errs: &mut Errors) -> Option<Principal> {
    let mut out = Principal {
        negated,
        pointer: p.clone(),
        star: false,
        entries: Vec::new(),
    };
    match v {
        Value::String(s) if s == "*" => out.star = true,
        Value::Object(map) if !map.is_empty() => {
            let before = errs.0.len();
            for (k, val) in map {
                let kind = match k.as_str() {
                    "AWS" => PrincipalKind::Aws,
                    "Service" => PrincipalKind::Service,
                    "Federated" => PrincipalKind::Federated,
                    "CanonicalUser" => PrincipalKind::CanonicalUser,
                    _ => {
                        errs.push(
                            &ptr(&p, k),
                            format!("unknown principal type `{k}`"),
                            Some("use AWS, Service, Federated or CanonicalUser"),
                        );
                        continue;
                    }
                };
                for item in strings(val, &ptr(&p, k), k, errs).unwrap_or_default() {
                    out.entries.push((kind, item));
                }
            }
            if errs.0.len() > before {
                return None;
            }
        }
        _ => {
            errs.push(
                &p,
                format!(
                    "a principal must be \"*\" or an object such as {{\"Service\": \"...\"}}, found {v}"
                ),
                None,
            );
            return None;
        }
    }
    Some(out)
}

fn conditions(v: &Value, p: &str, errs: &mut Errors) -> Vec<Cond> {
    let Some(ops) = v.as_object() else {
        errs.push(
            p,
            format!("Condition must be an object, found {}", kind(v)),
            None,
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (op_name, keys) in ops {
        let op_ptr = ptr(p, op_name);
        let Some(op) = Operator::parse(op_name) else {
            errs.push(
                &op_ptr,
                format!("invalid condition operator `{op_name}`"),
                Some("operators are case-sensitive, e.g. StringEquals, ArnLike, BoolIfExists, ForAnyValue:StringLike, Null"),
            );
            continue;
        };
        let Some(keys) = keys.as_object().filter(|k| !k.is_empty()) else {
            errs.push(
                &op_ptr,
                format!(
                    "`{op_name}` must map condition keys to values, found {}",
                    kind(keys)
                ),
                None,
            );
            continue;
        };
        for (key, vals) in keys {
            let kp = ptr(&op_ptr, key);
            let scalar = |x: &Value| match x {
                Value::String(s) => Some(s.clone()),
                Value::Bool(b) => Some(b.to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            let values: Option<Vec<String>> = match vals {
                Value::Array(a) if !a.is_empty() => a.iter().map(scalar).collect(),
                Value::Array(_) => None,
                x => scalar(x).map(|s| vec![s]),
            };
            match values {
                Some(values) => out.push(Cond {
                    op: op.clone(),
                    key: key.clone(),
                    values,
                }),
                None => errs.push(
                    &kp,
                    "condition values must be a string, boolean or number, or a non-empty array of them",
                    None,
                ),
            }
        }
    }
    out
}
