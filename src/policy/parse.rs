//! Validation of the policy document into a typed model (policy-semantics.md §2).
//!
//! The walk has a fixed depth (document → statement → element → values), so odd or deeply
//! nested input cannot make it recurse. All errors are collected, each with a JSON pointer.

use crate::util::json_type;
use std::borrow::Cow;

use serde_json::Value;

use super::condition::{Cond, Operator};
use super::{Effect, PolicyError, StatementRef, ptr};

pub(crate) const VERSION_2012: &str = "2012-10-17";
pub(crate) const VERSION_2008: &str = "2008-10-17";

#[derive(Debug)]
/// The typed view of a policy. It borrows its strings from the JSON document: evaluation
/// copies nothing but what it reports.
pub(crate) struct Doc<'a> {
    pub version: Option<&'a str>,
    pub statements: Vec<Stmt<'a>>,
}

/// A string from the document: the element's value itself, or entry `index` of its array.
/// Its JSON pointer is only built when it is reported ([`Item::pointer`]).
#[derive(Clone, Debug)]
pub(crate) struct Item<'a> {
    pub value: &'a str,
    pub index: Option<usize>,
}

impl Item<'_> {
    /// The item's JSON pointer, given the pointer of the element holding it.
    pub(crate) fn pointer(&self, element: &str) -> String {
        match self.index {
            Some(i) => ptr(element, i),
            None => element.to_string(),
        }
    }
}

/// `Action`/`NotAction` or `Resource`/`NotResource`.
#[derive(Clone, Debug)]
pub(crate) struct Element<'a> {
    pub negated: bool,
    /// The element's key as written (`Action`, `NotAction`...).
    pub name: &'static str,
    pub items: Vec<Item<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PrincipalKind {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

impl PrincipalKind {
    /// The key naming this kind in a Principal object.
    pub(crate) fn key(self) -> &'static str {
        match self {
            PrincipalKind::Aws => "AWS",
            PrincipalKind::Service => "Service",
            PrincipalKind::Federated => "Federated",
            PrincipalKind::CanonicalUser => "CanonicalUser",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Principal<'a> {
    pub negated: bool,
    /// `"Principal": "*"`.
    pub star: bool,
    pub entries: Vec<(PrincipalKind, Item<'a>)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Stmt<'a> {
    pub r: StatementRef,
    pub principal: Principal<'a>,
    pub action: Element<'a>,
    pub resource: Element<'a>,
    pub conditions: Vec<Cond<'a>>,
}

impl Stmt<'_> {
    /// Pointer to the Principal/NotPrincipal element.
    pub(crate) fn principal_pointer(&self) -> String {
        let name = if self.principal.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        ptr(&self.r.pointer, name)
    }

    /// Pointer to an entry of the Principal/NotPrincipal element.
    pub(crate) fn principal_item_pointer(&self, kind: PrincipalKind, item: &Item) -> String {
        item.pointer(&ptr(&self.principal_pointer(), kind.key()))
    }

    /// Pointer to an entry of the Action/NotAction element.
    pub(crate) fn action_item_pointer(&self, item: &Item) -> String {
        item.pointer(&ptr(&self.r.pointer, self.action.name))
    }
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

pub(crate) fn parse(policy: &Value) -> Result<Doc<'_>, Vec<PolicyError>> {
    let mut errs = Errors(Vec::new());
    let Some(top) = policy.as_object() else {
        errs.push(
            "",
            format!(
                "a policy must be a JSON object, found {}",
                json_type(policy)
            ),
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
        Some(Value::String(v)) if v == VERSION_2012 || v == VERSION_2008 => Some(v.as_str()),
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
            format!("Id must be a string, found {}", json_type(id)),
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
            statements.reserve(list.len());
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
                json_type(v)
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

fn statement<'a>(v: &'a Value, index: usize, p: String, errs: &mut Errors) -> Option<Stmt<'a>> {
    let Some(obj) = v.as_object() else {
        errs.push(
            &p,
            format!("a statement must be an object, found {}", json_type(v)),
            None,
        );
        return None;
    };
    let before = errs.0.len();
    // One pass over the statement's keys (instead of a hash lookup per element name).
    let mut fields: [Option<&'a Value>; ELEMENTS.len()] = [None; ELEMENTS.len()];
    for (k, v) in obj {
        match ELEMENTS.iter().position(|e| e == k) {
            Some(i) => fields[i] = Some(v),
            None => errs.push(
                &ptr(&p, k),
                format!("unknown statement element `{k}`"),
                Some("allowed: Sid, Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource, Condition"),
            ),
        }
    }
    let get = |name: &str| {
        ELEMENTS
            .iter()
            .position(|e| *e == name)
            .and_then(|i| fields[i])
    };
    let sid = match get("Sid") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            errs.push(
                &ptr(&p, "Sid"),
                format!("Sid must be a string, found {}", json_type(v)),
                None,
            );
            None
        }
    };
    let effect = match get("Effect") {
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
    let principal = pick(&get, &p, "Principal", "NotPrincipal", errs)
        .and_then(|(negated, name, v)| principal(v, negated, &p, name, errs));
    let action = pick(&get, &p, "Action", "NotAction", errs)
        .and_then(|(negated, name, v)| element(v, negated, &p, name, errs));
    let resource = pick(&get, &p, "Resource", "NotResource", errs)
        .and_then(|(negated, name, v)| element(v, negated, &p, name, errs));
    let conditions = get("Condition")
        .map(|c| conditions(c, &p, errs))
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

/// Exactly one of `pos`/`neg`: returns (negated, the key present, value).
fn pick<'a>(
    get: &dyn Fn(&str) -> Option<&'a Value>,
    p: &str,
    pos: &'static str,
    neg: &'static str,
    errs: &mut Errors,
) -> Option<(bool, &'static str, &'a Value)> {
    match (get(pos), get(neg)) {
        (Some(v), None) => Some((false, pos, v)),
        (None, Some(v)) => Some((true, neg, v)),
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

/// A string or a non-empty array of strings. `at` builds the value's pointer, for errors.
fn strings<'a>(
    v: &'a Value,
    at: &dyn Fn() -> String,
    what: &str,
    errs: &mut Errors,
) -> Option<Vec<Item<'a>>> {
    let item = |value, index| Item { value, index };
    match v {
        Value::String(s) => Some(vec![item(s, None)]),
        Value::Array(a) if a.is_empty() => {
            errs.push(&at(), format!("{what} must not be an empty array"), None);
            None
        }
        Value::Array(a) => {
            let mut out = Vec::with_capacity(a.len());
            for (i, x) in a.iter().enumerate() {
                match x {
                    Value::String(s) => out.push(item(s, Some(i))),
                    _ => errs.push(
                        &ptr(&at(), i),
                        format!("{what} entries must be strings, found {}", json_type(x)),
                        None,
                    ),
                }
            }
            (out.len() == a.len()).then_some(out)
        }
        _ => {
            errs.push(
                &at(),
                format!(
                    "{what} must be a string or an array of strings, found {}",
                    json_type(v)
                ),
                None,
            );
            None
        }
    }
}

/// The element `name` of the statement at `stmt`.
fn element<'a>(
    v: &'a Value,
    negated: bool,
    stmt: &str,
    name: &'static str,
    errs: &mut Errors,
) -> Option<Element<'a>> {
    strings(v, &|| ptr(stmt, name), name, errs).map(|items| Element {
        negated,
        name,
        items,
    })
}

/// The principal element `name` of the statement at `stmt`.
fn principal<'a>(
    v: &'a Value,
    negated: bool,
    stmt: &str,
    name: &str,
    errs: &mut Errors,
) -> Option<Principal<'a>> {
    let p = || ptr(stmt, name);
    let mut out = Principal {
        negated,
        star: false,
        entries: Vec::new(),
    };
    match v {
        Value::String(s) if s == "*" => out.star = true,
        Value::Object(map) if !map.is_empty() => {
            out.entries.reserve(map.len());
            let before = errs.0.len();
            for (k, val) in map {
                let kind = match k.as_str() {
                    "AWS" => PrincipalKind::Aws,
                    "Service" => PrincipalKind::Service,
                    "Federated" => PrincipalKind::Federated,
                    "CanonicalUser" => PrincipalKind::CanonicalUser,
                    _ => {
                        errs.push(
                            &ptr(&p(), k),
                            format!("unknown principal type `{k}`"),
                            Some("use AWS, Service, Federated or CanonicalUser"),
                        );
                        continue;
                    }
                };
                for item in strings(val, &|| ptr(&p(), k), k, errs).unwrap_or_default() {
                    out.entries.push((kind, item));
                }
            }
            if errs.0.len() > before {
                return None;
            }
        }
        _ => {
            errs.push(
                &p(),
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

/// The Condition block of the statement at `stmt`.
fn conditions<'a>(v: &'a Value, stmt: &str, errs: &mut Errors) -> Vec<Cond<'a>> {
    let p = || ptr(stmt, "Condition");
    let Some(ops) = v.as_object() else {
        errs.push(
            &p(),
            format!("Condition must be an object, found {}", json_type(v)),
            None,
        );
        return Vec::new();
    };
    let mut out = Vec::with_capacity(ops.len());
    for (op_name, keys) in ops {
        let op_ptr = || ptr(&p(), op_name);
        let Some(op) = Operator::parse(op_name) else {
            errs.push(
                &op_ptr(),
                format!("invalid condition operator `{op_name}`"),
                Some("operators are case-sensitive, e.g. StringEquals, ArnLike, BoolIfExists, ForAnyValue:StringLike, Null"),
            );
            continue;
        };
        let Some(keys) = keys.as_object().filter(|k| !k.is_empty()) else {
            errs.push(
                &op_ptr(),
                format!(
                    "`{op_name}` must map condition keys to values, found {}",
                    json_type(keys)
                ),
                None,
            );
            continue;
        };
        for (key, vals) in keys {
            let scalar = |x: &'a Value| match x {
                Value::String(s) => Some(Cow::Borrowed(s.as_str())),
                Value::Bool(b) => Some(Cow::Owned(b.to_string())),
                Value::Number(n) => Some(Cow::Owned(n.to_string())),
                _ => None,
            };
            let values: Option<Vec<Cow<'a, str>>> = match vals {
                Value::Array(a) if !a.is_empty() => a.iter().map(scalar).collect(),
                Value::Array(_) => None,
                x => scalar(x).map(|s| vec![s]),
            };
            match values {
                Some(values) => out.push(Cond {
                    op: op.clone(),
                    key,
                    values,
                }),
                None => errs.push(
                    &ptr(&op_ptr(), key),
                    "condition values must be a string, boolean or number, or a non-empty array of them",
                    None,
                ),
            }
        }
    }
    out
}
