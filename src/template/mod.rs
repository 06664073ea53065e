//! CloudFormation, SAM and CDK-synthesised templates (JSON or YAML) for `sma check-bucket`:
//! every `AWS::S3::BucketPolicy`, its `PolicyDocument` with the intrinsic functions resolved
//! that can be resolved offline, and the bucket it attaches to.
//!
//! Resolved: `Ref` and `Fn::GetAtt <Bucket>.Arn` of an `AWS::S3::Bucket` in the template (to its
//! `BucketName`, or, when the stack generates the name, to the symbol `<LogicalId>`, which only
//! that bucket's own `Ref`/`GetAtt` and whole-name wildcards match), a `Ref` to the parameter the
//! policy's `Bucket` names (the same symbol, so `${BucketParam}/*` covers it exactly),
//! `Fn::Sub`, `Fn::Join`, and the pseudo parameters `AWS::Partition`, `AWS::URLSuffix`,
//! `AWS::AccountId` and `AWS::Region` when they are known. Anything else is reported
//! (SMA309) at its span and becomes an unknown value: the policy variable
//! `${template:<what>}`, which the evaluator treats as unknown (verdict at best
//! `conditional`).
//!
//! Reads text it is given; no I/O.
pub mod yaml;

use std::cell::RefCell;

use serde_json::{Map, Value};

use crate::diagnostic::codes::policy as codes;
use crate::diagnostic::codes::syntax;
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::parse::{self, Locate, Located, SpanIndex};
use crate::pointer::Pointer;
use crate::source::SourceFile;

/// Values the pseudo parameters take, when known.
#[derive(Clone, Debug, Default)]
pub struct Pseudo {
    pub account: Option<String>,
    pub partition: String,
    pub region: Option<String>,
}

/// Where a template's values are: a JSON text's span index or a YAML reading's.
enum Spans {
    Json(SpanIndex),
    Yaml(yaml::YamlSpans),
}

impl Spans {
    fn as_locate(&self) -> &dyn Locate {
        match self {
            Spans::Json(s) => s,
            Spans::Yaml(s) => s,
        }
    }
}

/// A template read from a source.
pub struct Template {
    pub source: SourceFile,
    value: Value,
    spans: Spans,
    /// Warnings about the text itself (duplicate keys).
    pub warnings: Vec<Diagnostic>,
}

/// What a source holds.
pub enum Detected {
    /// Not a template (a policy, or text for the policy reader to judge).
    No,
    Template(Box<Template>),
    /// A YAML text that looks like a template but cannot be read.
    Invalid(Vec<Diagnostic>),
}

/// A template is a JSON or YAML mapping with a `Resources` mapping.
fn is_template(value: &Value) -> bool {
    value.get("Resources").is_some_and(Value::is_object)
}

/// Reads `source` as a template if it is one. JSON text (starting with `{`) that does not
/// parse is left to the policy reader, which names its syntax errors.
pub fn detect(source: &SourceFile) -> Detected {
    let text = source
        .text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if text.starts_with('{') {
        let parsed = parse::parse(source);
        return match parsed.value {
            Some(value) if is_template(&value) => {
                let warnings = parsed
                    .diagnostics
                    .into_iter()
                    .map(|mut d| {
                        d.severity = Severity::Warning;
                        d
                    })
                    .collect();
                Detected::Template(Box::new(Template {
                    source: source.clone(),
                    value,
                    spans: Spans::Json(parsed.spans),
                    warnings,
                }))
            }
            _ => Detected::No,
        };
    }
    match yaml::parse(&source.text) {
        Ok(y) if is_template(&y.value) => {
            let warnings = y
                .duplicates
                .iter()
                .map(|(span, key)| {
                    Finding::new(
                        format!("duplicate key `{key}`: the last one counts"),
                        "",
                        *span,
                    )
                    .label("written again here")
                    .stamp(&syntax::DuplicateKey::META)
                })
                .map(|mut d| {
                    d.severity = Severity::Warning;
                    d
                })
                .collect();
            Detected::Template(Box::new(Template {
                source: source.clone(),
                value: y.value,
                spans: Spans::Yaml(y.spans),
                warnings,
            }))
        }
        Err(e)
            if [
                "AWSTemplateFormatVersion",
                "Resources:",
                "AWS::S3::BucketPolicy",
            ]
            .iter()
            .any(|w| source.text.contains(w)) =>
        {
            Detected::Invalid(vec![
                Finding::new(
                    format!("this template cannot be read: {}", e.message),
                    "",
                    e.span,
                )
                .label("here")
                .help("fix the YAML at the marked position (CloudFormation reads YAML 1.1/1.2 without anchors, aliases or several documents)")
                .stamp(&syntax::InvalidJson::META),
            ])
        }
        _ => Detected::No,
    }
}

/// The bucket a policy attaches to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// Its name, or `<LogicalId>` when the name is known only at deploy time.
    pub name: String,
    /// `name` is the bucket's real name (a literal, or resolved from literals).
    pub literal: bool,
    /// The logical id of the bucket resource, or of the parameter, it is known by.
    pub id: Option<String>,
}

impl Bucket {
    /// Whether `--bucket NAME` (a bucket name or a logical id) selects this bucket.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name || self.id.as_deref() == Some(name)
    }
}

/// One `AWS::S3::BucketPolicy`.
pub struct BucketPolicy {
    /// Its logical id.
    pub id: String,
    /// Pointer of its `PolicyDocument`.
    pub pointer: Pointer,
    pub bucket: Bucket,
    /// The `PolicyDocument`, intrinsics resolved.
    pub document: Value,
    /// SMA309 at each value that could not be resolved.
    pub unresolved: Vec<Diagnostic>,
}

/// A policy's values located in the template: its pointers are below `root`.
pub struct Rooted<'a> {
    spans: &'a dyn Locate,
    root: &'a str,
}

impl Locate for Rooted<'_> {
    fn get(&self, pointer: &str) -> Option<Located> {
        self.spans.get(&format!("{}{pointer}", self.root))
    }

    fn locate(&self, pointer: &str) -> Located {
        self.spans.locate(&format!("{}{pointer}", self.root))
    }
}

impl Template {
    /// The spans of one policy's document, by pointers relative to it.
    pub fn spans_of<'a>(&'a self, policy: &'a BucketPolicy) -> Rooted<'a> {
        Rooted {
            spans: self.spans.as_locate(),
            root: policy.pointer.as_str(),
        }
    }

    /// Every `AWS::S3::BucketPolicy`, in template order, resolved with `pseudo`.
    pub fn bucket_policies(&self, pseudo: &Pseudo) -> Vec<BucketPolicy> {
        let empty = Map::new();
        let resources = self
            .value
            .get("Resources")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let parameters = self
            .value
            .get("Parameters")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut out = Vec::new();
        for (id, resource) in resources {
            if resource.get("Type").and_then(Value::as_str) != Some("AWS::S3::BucketPolicy") {
                continue;
            }
            let base = Pointer::root().keys(["Resources", id.as_str(), "Properties"]);
            let props = resource.get("Properties");
            let mut cx = Cx {
                resources,
                parameters,
                pseudo,
                this: None,
                visiting: RefCell::new(Vec::new()),
                unresolved: RefCell::new(Vec::new()),
            };
            let bucket = cx.policy_bucket(props.and_then(|p| p.get("Bucket")), &base.key("Bucket"));
            cx.this = bucket.id.clone().map(|i| (i, bucket.name.clone()));
            let pointer = base.key("PolicyDocument");
            let document = match props.and_then(|p| p.get("PolicyDocument")) {
                Some(doc) => cx.resolve(doc, &pointer),
                None => Value::Null,
            };
            let spans = self.spans.as_locate();
            let unresolved = cx
                .unresolved
                .take()
                .into_iter()
                .map(|(at, message)| {
                    let l = spans.locate(at.as_str());
                    Finding::new(message, at.as_str(), l.value)
                        .label("known only at deploy time")
                        .stamp(&codes::UnresolvedIntrinsic::META)
                })
                .collect();
            out.push(BucketPolicy {
                id: id.clone(),
                pointer,
                bucket,
                document,
                unresolved,
            });
        }
        out
    }
}

/// The text standing for a value known only at deploy time: a policy variable the evaluator
/// does not know, so what depends on it is unknown.
fn unknown(what: &str) -> String {
    let what: String = what
        .chars()
        .map(|c| {
            if matches!(c, '}' | ',' | '$' | '{') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("${{template:{what}}}")
}

/// Resolution state for one bucket policy.
struct Cx<'a> {
    resources: &'a Map<String, Value>,
    parameters: &'a Map<String, Value>,
    pseudo: &'a Pseudo,
    /// The logical id the policy's bucket is known by, and the name it resolves to.
    this: Option<(String, String)>,
    /// Bucket ids being resolved (a `BucketName` that refers back to itself is unknown).
    visiting: RefCell<Vec<String>>,
    /// Each value that could not be resolved: where, and why.
    unresolved: RefCell<Vec<(Pointer, String)>>,
}

impl Cx<'_> {
    fn note(&self, at: &Pointer, message: String) {
        self.unresolved.borrow_mut().push((at.clone(), message));
    }

    fn resource_type(&self, id: &str) -> Option<&str> {
        self.resources.get(id)?.get("Type")?.as_str()
    }

    /// The policy's `Bucket`: a bucket of the template, the parameter naming it, or a name.
    fn policy_bucket(&self, value: Option<&Value>, at: &Pointer) -> Bucket {
        let Some(value) = value else {
            self.note(
                at,
                "the bucket policy has no `Bucket`: the bucket it attaches to is unknown".into(),
            );
            return Bucket {
                name: "<unresolved bucket>".into(),
                literal: false,
                id: None,
            };
        };
        if let Some(id) = value.get("Ref").and_then(Value::as_str) {
            if self.resource_type(id) == Some("AWS::S3::Bucket") {
                let (name, literal) = self.bucket_name(id, at);
                return Bucket {
                    name,
                    literal,
                    id: Some(id.into()),
                };
            }
            if self.parameters.contains_key(id) {
                return Bucket {
                    name: format!("<{id}>"),
                    literal: false,
                    id: Some(id.into()),
                };
            }
        }
        let resolved = self.resolve(value, at);
        match resolved.as_str() {
            Some(s) if !s.contains("${template:") => Bucket {
                name: s.to_string(),
                literal: true,
                id: None,
            },
            _ => Bucket {
                name: "<unresolved bucket>".into(),
                literal: false,
                id: None,
            },
        }
    }

    /// A template bucket's name, and whether it is its real name (else `<id>`).
    fn bucket_name(&self, id: &str, at: &Pointer) -> (String, bool) {
        let symbol = (format!("<{id}>"), false);
        if self.visiting.borrow().iter().any(|v| v == id) {
            return symbol;
        }
        let Some(name) = self.resources[id]
            .get("Properties")
            .and_then(|p| p.get("BucketName"))
        else {
            return symbol; // the stack generates it
        };
        self.visiting.borrow_mut().push(id.into());
        // what cannot be resolved in the name is not this policy's finding: the name is just
        // unknown, so the bucket is known by its symbol
        let saved = self.unresolved.borrow().len();
        let resolved = self.resolve(name, at);
        self.unresolved.borrow_mut().truncate(saved);
        self.visiting.borrow_mut().pop();
        match resolved {
            // a symbol inside (`<B>-x`: a name built on itself) is no real name either
            Value::String(s) if !s.contains("${template:") && !s.contains('<') => (s, true),
            _ => symbol,
        }
    }

    /// `value` with every intrinsic function resolved, or replaced by an unknown.
    fn resolve(&self, value: &Value, at: &Pointer) -> Value {
        match value {
            Value::Object(map) => {
                if map.len() == 1 {
                    let (k, arg) = map.iter().next().expect("one entry");
                    if k == "Ref" || k.starts_with("Fn::") {
                        return match self.intrinsic(k, arg, &at.key(k)) {
                            Ok(v) => Value::String(v),
                            Err((what, message)) => {
                                self.note(at, message);
                                Value::String(unknown(&what))
                            }
                        };
                    }
                }
                Value::Object(
                    map.iter()
                        .map(|(k, v)| (k.clone(), self.resolve(v, &at.key(k))))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.resolve(v, &at.index(i)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// A string-valued intrinsic; `Err((what, message))` when it cannot be resolved here.
    fn intrinsic(&self, name: &str, arg: &Value, at: &Pointer) -> Result<String, (String, String)> {
        match name {
            "Ref" => match arg.as_str() {
                Some(target) => self.reference(target),
                None => Err((
                    "Ref".into(),
                    "`Ref` takes a logical id or parameter name".into(),
                )),
            },
            "Fn::GetAtt" => {
                let parts: Option<(&str, &str)> = match arg {
                    Value::String(s) => s.split_once('.'),
                    Value::Array(a) if a.len() == 2 => a[0].as_str().zip(a[1].as_str()),
                    _ => None,
                };
                match parts {
                    Some((id, attr)) => self.attribute(id, attr),
                    None => Err((
                        "Fn::GetAtt".into(),
                        "`Fn::GetAtt` takes [LogicalId, Attribute]".into(),
                    )),
                }
            }
            "Fn::Sub" => self.sub(arg, at),
            "Fn::Join" => self.join(arg, at),
            other => Err((
                other.to_string(),
                format!(
                    "`{other}` is not resolved offline: its value is known only at deploy time"
                ),
            )),
        }
    }

    fn reference(&self, target: &str) -> Result<String, (String, String)> {
        let p = self.pseudo;
        let missing = |flag: &str| {
            Err((
                target.to_string(),
                format!("`{target}` is known only at deploy time; pass {flag} to decide it"),
            ))
        };
        match target {
            "AWS::AccountId" => match &p.account {
                Some(a) => Ok(a.clone()),
                None => missing("--account or --sma-arn"),
            },
            "AWS::Region" => match &p.region {
                Some(r) => Ok(r.clone()),
                None => missing("--sma-arn"),
            },
            "AWS::Partition" => Ok(p.partition.clone()),
            "AWS::URLSuffix" => Ok(if p.partition == "aws-cn" {
                "amazonaws.com.cn".into()
            } else {
                "amazonaws.com".into()
            }),
            _ if target.starts_with("AWS::") => Err((
                target.to_string(),
                format!("`{target}` is known only at deploy time"),
            )),
            _ => {
                if let Some((id, name)) = &self.this
                    && id == target
                {
                    return Ok(name.clone());
                }
                match self.resource_type(target) {
                    Some("AWS::S3::Bucket") => Ok(self.bucket_name(target, &Pointer::root()).0),
                    Some(t) => Err((
                        format!("Ref({target})"),
                        format!("`Ref` of `{target}` ({t}) is known only at deploy time"),
                    )),
                    None if self.parameters.contains_key(target) => Err((
                        format!("Ref({target})"),
                        format!("parameter `{target}` has a value only at deploy time"),
                    )),
                    None => Err((
                        format!("Ref({target})"),
                        format!("`{target}` is not a resource or parameter of this template"),
                    )),
                }
            }
        }
    }

    fn attribute(&self, id: &str, attr: &str) -> Result<String, (String, String)> {
        if self.resource_type(id) == Some("AWS::S3::Bucket") && attr == "Arn" {
            let name = match &self.this {
                Some((this, name)) if this == id => name.clone(),
                _ => self.bucket_name(id, &Pointer::root()).0,
            };
            return Ok(format!("arn:{}:s3:::{name}", self.pseudo.partition));
        }
        Err((
            format!("GetAtt({id}.{attr})"),
            format!("`Fn::GetAtt` {id}.{attr} is known only at deploy time"),
        ))
    }

    /// `Fn::Sub`: `"text ${Name} ${Id.Attr} ${!Literal}"`, or `[text, {Name: value}]`.
    fn sub(&self, arg: &Value, at: &Pointer) -> Result<String, (String, String)> {
        let bad = || {
            Err((
                "Fn::Sub".into(),
                "`Fn::Sub` takes a string or [string, {variables}]".into(),
            ))
        };
        let (text, vars) = match arg {
            Value::String(s) => (s.as_str(), None),
            Value::Array(a) if a.len() == 2 => match (a[0].as_str(), a[1].as_object()) {
                (Some(s), Some(m)) => (s, Some(m)),
                _ => return bad(),
            },
            _ => return bad(),
        };
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
                continue;
            }
            let resolved = if let Some(v) = vars.and_then(|m| m.get(name)) {
                match self.resolve(v, &at.index(1).key(name)) {
                    Value::String(s) => Ok(s),
                    other => Ok(other.to_string()),
                }
            } else if name.contains(':') && !name.starts_with("AWS::") {
                Err((
                    name.to_string(),
                    format!(
                        "`${{{name}}}` in `Fn::Sub` is a template reference, not a policy variable: write `${{!{name}}}` for the policy variable"
                    ),
                ))
            } else if let Some((id, attr)) = name.split_once('.') {
                self.attribute(id, attr)
            } else {
                self.reference(name)
            };
            match resolved {
                Ok(s) => out.push_str(&s),
                Err((what, message)) => {
                    self.note(at, message);
                    out.push_str(&unknown(&what));
                }
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    /// `Fn::Join`: `[delimiter, [parts]]`.
    fn join(&self, arg: &Value, at: &Pointer) -> Result<String, (String, String)> {
        let bad = || {
            Err((
                "Fn::Join".into(),
                "`Fn::Join` takes [delimiter, [values]]".into(),
            ))
        };
        let Some([delimiter, parts]) = arg
            .as_array()
            .map(Vec::as_slice)
            .and_then(|a| <&[Value; 2]>::try_from(a).ok())
        else {
            return bad();
        };
        let Some(delimiter) = delimiter.as_str() else {
            return bad();
        };
        let parts = match self.resolve(parts, &at.index(1)) {
            Value::Array(items) => items,
            // the list itself is unknown (already reported): so is the joined text
            Value::String(s) if s.contains("${template:") => return Ok(s),
            _ => return bad(),
        };
        let strings: Option<Vec<String>> = parts
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Some(s),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            })
            .collect();
        match strings {
            Some(s) => Ok(s.join(delimiter)),
            None => bad(),
        }
    }
}

#[cfg(test)]
mod tests;
