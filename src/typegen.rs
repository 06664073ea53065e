//! `sma types typescript|python`: types for handler code, generated from the same schemas `sma
//! lint` checks with, never written by hand. TypeScript: interfaces with `readonly` keys and
//! literal unions, a discriminated union on `Type` for actions, the response envelope and the
//! invocation event. Python: `TypedDict`s (`Literal`, `NotRequired` from `typing_extensions`
//! before 3.11), in the functional form so every key (`$schema` too) is spelt as in JSON.
use serde_json::Value;

use crate::schema::{ACTION_FILES, ACTION_TYPES, FILES};

/// A type expression in the little language both outputs share.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    String,
    Number,
    /// A number or a numeric string (`x-sma-number`).
    Numeric,
    Integer,
    Boolean,
    Null,
    Unknown,
    Literals(Vec<String>),
    Array(Box<Ty>),
    /// A named type (a definition or a generated object).
    Named(String),
    /// String keys to values of a type.
    Map(Box<Ty>),
    Union(Vec<Ty>),
}

/// A named object type: (key, type, required).
#[derive(Debug, Clone)]
struct Object {
    name: String,
    fields: Vec<(String, Ty, bool)>,
    doc: Option<String>,
}

struct Gen {
    objects: Vec<Object>,
    aliases: Vec<(String, Ty)>,
}

fn schema_of(file: &str) -> Value {
    let text = FILES
        .iter()
        .find(|(n, _)| *n == file)
        .map_or("{}", |(_, t)| t);
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// `RecordAudio` + `RecordingDestination` → `RecordAudioRecordingDestination`.
fn join(prefix: &str, key: &str) -> String {
    let mut s = prefix.to_string();
    let mut up = true;
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            if up {
                s.extend(c.to_uppercase());
            } else {
                s.push(c);
            }
            up = false;
        } else {
            up = true;
        }
    }
    s
}

impl Gen {
    /// The type of schema `s`, named after `name` where it needs a name of its own.
    fn ty(&mut self, s: &Value, name: &str) -> Ty {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let (_, frag) = r.split_once('#').unwrap_or((r, ""));
            return match frag.rsplit('/').next() {
                Some(def) if !def.is_empty() => Ty::Named(def.to_string()),
                _ => Ty::Named(join("", r.trim_end_matches(".json"))),
            };
        }
        if let Some(c) = s.get("const") {
            return Ty::Literals(vec![c.as_str().unwrap_or_default().to_string()]);
        }
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            return Ty::Literals(
                e.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            );
        }
        if s.get("x-sma-number").is_some() {
            return Ty::Numeric;
        }
        let types: Vec<&str> = match s.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let mut out: Vec<Ty> = types
            .iter()
            .map(|t| match *t {
                "string" => Ty::String,
                "number" => Ty::Number,
                "integer" => Ty::Integer,
                "boolean" => Ty::Boolean,
                "null" => Ty::Null,
                "array" => Ty::Array(Box::new(
                    s.get("items")
                        .map_or(Ty::Unknown, |i| self.ty(i, &join(name, "Item"))),
                )),
                "object" => self.object(s, name),
                _ => Ty::Unknown,
            })
            .collect();
        match out.len() {
            0 => Ty::Unknown,
            1 => out.remove(0),
            _ => Ty::Union(out),
        }
    }

    fn object(&mut self, s: &Value, name: &str) -> Ty {
        let Some(props) = s.get("properties").and_then(Value::as_object) else {
            return Ty::Map(Box::new(match s.get("additionalProperties") {
                Some(Value::Object(_)) => self.ty(&s["additionalProperties"], &join(name, "Value")),
                _ => Ty::Unknown,
            }));
        };
        let required: Vec<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        for (k, v) in props {
            let t = self.ty(v, &join(name, k));
            fields.push((k.clone(), t, required.contains(&k.as_str())));
        }
        let doc = s
            .get("x-sma-help")
            .or_else(|| s.get("title"))
            .and_then(Value::as_str)
            .map(str::to_string);
        if !self.objects.iter().any(|o| o.name == name) {
            self.objects.push(Object {
                name: name.to_string(),
                fields,
                doc,
            });
        }
        Ty::Named(name.to_string())
    }

    fn defs(&mut self, doc: &Value) {
        if let Some(defs) = doc.get("$defs").and_then(Value::as_object) {
            for (k, v) in defs {
                let t = self.ty(v, k);
                if t != Ty::Named(k.clone()) {
                    self.aliases.push((k.clone(), t));
                }
            }
        }
    }
}

/// Everything both languages print: the named objects, the aliases and the action union.
fn model() -> (Gen, Vec<(String, String, bool)>) {
    let mut g = Gen {
        objects: Vec::new(),
        aliases: Vec::new(),
    };
    g.defs(&schema_of("common.json"));
    let mut actions = Vec::new();
    for (t, file) in ACTION_TYPES.iter().zip(ACTION_FILES) {
        let doc = schema_of(file);
        g.defs(&doc);
        let required = doc["x-sma-action"]["parameters"] == "required";
        g.ty(&doc, &format!("{t}Parameters"));
        actions.push((t.to_string(), format!("{t}Parameters"), required));
    }
    let event = schema_of("event.json");
    g.defs(&event);
    g.ty(&event, "InvocationEvent");
    let handler = schema_of("handler-output.json");
    let response = &handler["$defs"]["Response"];
    g.ty(response, "HandlerResponse");
    (g, actions)
}

fn ts_ty(t: &Ty) -> String {
    match t {
        Ty::String => "string".into(),
        Ty::Number | Ty::Integer => "number".into(),
        Ty::Numeric => "NumericValue".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Null => "null".into(),
        Ty::Unknown => "unknown".into(),
        Ty::Literals(l) => l
            .iter()
            .map(|s| serde_json::to_string(s).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" | "),
        Ty::Array(i) => format!("readonly ({})[]", ts_ty(i)),
        Ty::Named(n) if n == "Action" => "Action".into(),
        Ty::Named(n) => n.clone(),
        Ty::Map(v) => format!("{{ readonly [key: string]: {} }}", ts_ty(v)),
        Ty::Union(u) => u.iter().map(ts_ty).collect::<Vec<_>>().join(" | "),
    }
}

/// The TypeScript declarations.
pub fn typescript() -> String {
    let (g, actions) = model();
    let mut out = format!(
        "// Generated by `sma types typescript` (sma {}) from sma's JSON Schemas. Do not edit.\n\
         // Types for an Amazon Chime SDK SIP media application handler.\n\n\
         /** A number, or a string holding one (the SMA accepts both). */\n\
         export type NumericValue = number | string;\n\n",
        env!("CARGO_PKG_VERSION")
    );
    for (name, t) in &g.aliases {
        out.push_str(&format!("export type {name} = {};\n\n", ts_ty(t)));
    }
    for o in &g.objects {
        if let Some(d) = &o.doc {
            out.push_str(&format!("/** {} */\n", d.replace("*/", "* /")));
        }
        out.push_str(&format!("export interface {} {{\n", o.name));
        for (k, t, req) in &o.fields {
            let key = if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                k.clone()
            } else {
                serde_json::to_string(k).unwrap_or_default()
            };
            // the response's Actions are the union of every action
            let ty = if o.name == "HandlerResponse" && k == "Actions" {
                "readonly Action[] | null".to_string()
            } else {
                ts_ty(t)
            };
            out.push_str(&format!(
                "  readonly {key}{}: {ty};\n",
                if *req { "" } else { "?" }
            ));
        }
        out.push_str("}\n\n");
    }
    let mut names = Vec::new();
    for (t, params, required) in &actions {
        let name = format!("{t}Action");
        out.push_str(&format!(
            "export interface {name} {{\n  readonly Type: {};\n  readonly Parameters{}: {params};\n}}\n\n",
            serde_json::to_string(t).unwrap_or_default(),
            if *required { "" } else { "?" }
        ));
        names.push(name);
    }
    out.push_str(&format!(
        "/** Every action, told apart by `Type`. */\nexport type Action =\n  | {};\n\n/** What the handler returns. */\nexport type ActionList = readonly Action[];\n",
        names.join("\n  | ")
    ));
    out
}

fn py_ty(t: &Ty) -> String {
    match t {
        Ty::String => "str".into(),
        Ty::Number => "float".into(),
        Ty::Integer => "int".into(),
        Ty::Numeric => "NumericValue".into(),
        Ty::Boolean => "bool".into(),
        Ty::Null => "None".into(),
        Ty::Unknown => "Any".into(),
        Ty::Literals(l) => format!(
            "Literal[{}]",
            l.iter()
                .map(|s| serde_json::to_string(s).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ty::Array(i) => format!("Sequence[{}]", py_ty(i)),
        Ty::Named(n) => format!("\"{n}\""),
        Ty::Map(v) => format!("Mapping[str, {}]", py_ty(v)),
        Ty::Union(u) => format!(
            "Union[{}]",
            u.iter().map(py_ty).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The Python declarations.
pub fn python() -> String {
    let (g, actions) = model();
    let mut out = format!(
        "# Generated by `sma types python` (sma {}) from sma's JSON Schemas. Do not edit.\n\
         # Types for an Amazon Chime SDK SIP media application handler.\n\
         from __future__ import annotations\n\n\
         import sys\n\
         from typing import Any, Literal, Mapping, Sequence, Union\n\n\
         if sys.version_info >= (3, 11):\n    from typing import NotRequired, TypedDict\n\
         else:\n    from typing_extensions import NotRequired, TypedDict\n\n\
         # A number, or a string holding one (the SMA accepts both).\n\
         NumericValue = Union[float, str]\n\n",
        env!("CARGO_PKG_VERSION")
    );
    // aliases first, objects after: names are quoted (forward references)
    for (name, t) in &g.aliases {
        out.push_str(&format!("{name} = {}\n", py_ty(t).trim_matches('"')));
    }
    out.push('\n');
    for o in &g.objects {
        let mut fields = Vec::new();
        for (k, t, req) in &o.fields {
            let ty = if o.name == "HandlerResponse" && k == "Actions" {
                "Union[Sequence[\"Action\"], None]".to_string()
            } else {
                py_ty(t)
            };
            let ty = if *req {
                ty
            } else {
                format!("NotRequired[{ty}]")
            };
            fields.push(format!(
                "    {}: {ty},",
                serde_json::to_string(k).unwrap_or_default()
            ));
        }
        out.push_str(&format!(
            "{} = TypedDict(\n    \"{}\",\n    {{\n{}\n    }},\n)\n\n",
            o.name,
            o.name,
            fields
                .iter()
                .map(|f| format!("    {f}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    let mut names = Vec::new();
    for (t, params, required) in &actions {
        let name = format!("{t}Action");
        let p = if *required {
            format!("\"{params}\"")
        } else {
            format!("NotRequired[\"{params}\"]")
        };
        out.push_str(&format!(
            "{name} = TypedDict(\n    \"{name}\",\n    {{\n        \"Type\": Literal[\"{t}\"],\n        \"Parameters\": {p},\n    }},\n)\n\n"
        ));
        names.push(name);
    }
    out.push_str(&format!(
        "# Every action, told apart by \"Type\".\nAction = Union[\n    {},\n]\n\nActionList = Sequence[Action]\n",
        names.join(",\n    ")
    ));
    out
}
