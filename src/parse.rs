//! Text → `serde_json::Value` plus a `SpanIndex` (JSON Pointer → key/value spans), strictly.
//!
//! jsonc-parser runs with every leniency off: it keeps duplicate keys and places syntax errors
//! well. The AST is converted once; duplicates resolve to the last occurrence, as in serde_json.
use std::collections::HashMap;

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
use jsonc_parser::errors::ParseErrorKind;
use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Finding, shorten};
use crate::rules::syntax;
use crate::source::{SourceFile, Span};

/// The deepest nesting accepted; jsonc-parser refuses anything deeper without recursing.
pub const MAX_DEPTH: usize = 512;

/// The most values (scalars, arrays and objects) a document may hold: each costs a few hundred
/// bytes once parsed (syntax tree, value, span), so this bounds memory whatever the file's
/// density. A handler response holds at most 10 actions; real ones have a few hundred values.
pub const MAX_VALUES: usize = 1_000_000;

/// What the scan before parsing can find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Early {
    /// the value at this offset is number `MAX_VALUES + 1`
    TooManyValues(usize),
    /// a raw control character (U+0000 to U+001F) inside a string, which jsonc-parser accepts
    /// and RFC 8259 forbids
    ControlCharacter(usize),
}

/// Scans the text once, allocating nothing, for what the parser would not catch or would
/// catch only after building a huge tree: every value but the first is after a `,` or an
/// opening bracket. Nesting past `MAX_DEPTH` first is left to the parser, which stops there.
fn prescan(text: &str) -> Option<Early> {
    let mut values = 1usize;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, &b) in text.as_bytes().iter().enumerate() {
        if in_string {
            match b {
                0..=0x1F => return Some(Early::ControlCharacter(at)),
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b',' | b'[' | b'{' => {
                values += 1;
                if values > MAX_VALUES {
                    return Some(Early::TooManyValues(at));
                }
                if b != b',' {
                    depth += 1;
                    if depth > MAX_DEPTH + 1 {
                        return None;
                    }
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Where a JSON Pointer sits in the text: the key naming it (if any) and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub key: Option<Span>,
    pub value: Span,
}

impl Located {
    /// Returns the span from the key (or value) start to the value end.
    pub fn whole(&self) -> Span {
        Span::new(self.key.unwrap_or(self.value).start, self.value.end)
    }
}

#[derive(Debug)]
enum Children {
    Leaf,
    Array(Vec<u32>),
    Object(Vec<(Box<str>, u32)>),
}

#[derive(Debug)]
struct Node {
    at: Located,
    children: Children,
}

/// Spans of every value in a document, looked up by JSON Pointer.
#[derive(Debug, Default)]
pub struct SpanIndex {
    nodes: Vec<Node>,
}

impl SpanIndex {
    /// Returns the exact location of `pointer`, if it names a value in the text.
    pub fn get(&self, pointer: &str) -> Option<Located> {
        let (node, rest) = self.walk(pointer);
        let node = node?;
        rest.is_none().then(|| self.nodes[node].at)
    }

    /// Returns the location of `pointer`, or of its nearest ancestor that exists.
    pub fn locate(&self, pointer: &str) -> Located {
        match self.walk(pointer) {
            (Some(n), _) => self.nodes[n].at,
            (None, _) => Located {
                key: None,
                value: Span::default(),
            },
        }
    }

    /// Walks as far as the pointer resolves; returns the deepest node and whether segments remain.
    fn walk(&self, pointer: &str) -> (Option<usize>, Option<()>) {
        if self.nodes.is_empty() {
            return (None, Some(()));
        }
        let mut node = 0usize;
        if pointer.is_empty() {
            return (Some(0), None);
        }
        for raw in pointer.strip_prefix('/').unwrap_or(pointer).split('/') {
            let seg = unescape(raw);
            let next = match &self.nodes[node].children {
                Children::Object(props) => props
                    .iter()
                    .rev()
                    .find(|(k, _)| **k == *seg)
                    .map(|(_, i)| *i as usize),
                Children::Array(items) => seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|i| *i as usize),
                Children::Leaf => None,
            };
            match next {
                Some(n) => node = n,
                None => return (Some(node), Some(())),
            }
        }
        (Some(node), None)
    }
}

/// Escapes one reference token for a JSON Pointer (RFC 6901).
pub fn escape(token: &str) -> std::borrow::Cow<'_, str> {
    // byte searches (memchr) rather than a char-set search: keys can be megabytes long
    if token.as_bytes().contains(&b'~') || token.as_bytes().contains(&b'/') {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

/// Unescapes one reference token of a JSON Pointer.
pub fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// A parsed document: its value (absent when it could not be parsed) and its spans.
#[derive(Debug)]
pub struct Parsed {
    pub value: Option<Value>,
    pub spans: SpanIndex,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes raw bytes into a source file; invalid UTF-8 becomes a diagnostic at its offset.
pub fn decode(name: &str, bytes: Vec<u8>) -> (SourceFile, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(name, text), None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bad = e.utf8_error().error_len().unwrap_or(1);
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let byte = e.as_bytes()[at];
            let source = SourceFile::new(name, text);
            // the replacement character is 3 bytes in the lossy text
            let span = Span::new(at, at + 3.min(source.text.len() - at));
            let diag = Finding::new(
                format!("invalid UTF-8: byte 0x{byte:02X} at offset {at} ({bad} bad byte(s))"),
                "",
                span,
            )
            .label("not UTF-8")
            .stamp(&syntax::InvalidUtf8::META);
            (source, Some(diag))
        }
    }
}

fn strict() -> jsonc_parser::ParseOptions {
    jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses a source as strict JSON; syntax problems, duplicate keys and a BOM become diagnostics.
pub fn parse(source: &SourceFile) -> Parsed {
    let mut diagnostics = Vec::new();
    let text: &str = &source.text;
    // A BOM is replaced by three spaces so byte offsets stay those of the original text.
    let owned;
    let text = if let Some(rest) = text.strip_prefix('\u{FEFF}') {
        diagnostics.push(
            Finding::new(
                "the file starts with a UTF-8 byte-order mark",
                "",
                Span::new(0, 3),
            )
            .label("byte-order mark")
            .stamp(&syntax::ByteOrderMark::META),
        );
        owned = format!("   {rest}");
        owned.as_str()
    } else {
        text
    };
    if let Some(early) = prescan(text) {
        diagnostics.push(match early {
            Early::TooManyValues(at) => Finding::new(
                format!("more than {MAX_VALUES} values; not read further"),
                "",
                Span::new(at, at + 1),
            )
            .label("value number 1,000,001")
            .stamp(&syntax::TooManyValues::META),
            Early::ControlCharacter(at) => Finding::new(
                format!(
                    "control character U+{:04X} in a string must be escaped",
                    text.as_bytes()[at]
                ),
                "",
                Span::new(at, at + 1),
            )
            .label("unescaped control character")
            .help("write it as an escape such as `\\n`, `\\t` or `\\u0000`")
            .stamp(&syntax::InvalidJson::META),
        });
        return Parsed {
            value: None,
            spans: SpanIndex::default(),
            diagnostics,
        };
    }
    let ast = match jsonc_parser::parse_to_ast(text, &Default::default(), &strict()) {
        Ok(result) => result.value,
        Err(e) => {
            let r = e.range();
            let nesting = matches!(e.kind(), ParseErrorKind::NestingDepthExceeded);
            let (meta, message) = if nesting {
                (
                    &syntax::TooDeeplyNested::META,
                    format!("nesting deeper than {MAX_DEPTH} levels"),
                )
            } else {
                (&syntax::InvalidJson::META, syntax_message(e.kind()))
            };
            let span = Span::new(r.start, r.end.max(r.start));
            diagnostics.push(
                Finding::new(message, "", span)
                    .label(if nesting { "too deep" } else { "here" })
                    .stamp(meta),
            );
            return Parsed {
                value: None,
                spans: SpanIndex::default(),
                diagnostics,
            };
        }
    };
    let Some(ast) = ast else {
        diagnostics.push(
            Finding::new("the file holds no JSON value", "", Span::new(0, 0))
                .stamp(&syntax::EmptyDocument::META),
        );
        return Parsed {
            value: None,
            spans: SpanIndex::default(),
            diagnostics,
        };
    };
    let mut builder = Builder {
        index: SpanIndex::default(),
        diagnostics: &mut diagnostics,
    };
    let mut pointer = String::new();
    let value = builder.convert(&ast, None, &mut pointer);
    let spans = builder.index;
    Parsed {
        value: Some(value),
        spans,
        diagnostics,
    }
}

fn syntax_message(kind: &ParseErrorKind) -> String {
    let raw = kind.to_string();
    let mut chars = raw.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => raw,
    }
}

fn span_of(r: &impl Ranged) -> Span {
    let r = r.range();
    Span::new(r.start, r.end)
}

struct Builder<'d> {
    index: SpanIndex,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Builder<'_> {
    /// Converts one AST value, recording its node; `pointer` is its JSON Pointer (restored on return).
    fn convert(&mut self, v: &ast::Value<'_>, key: Option<Span>, pointer: &mut String) -> Value {
        let id = self.index.nodes.len();
        self.index.nodes.push(Node {
            at: Located {
                key,
                value: span_of(v),
            },
            children: Children::Leaf,
        });
        match v {
            ast::Value::StringLit(s) => Value::String(s.value.to_string()),
            ast::Value::BooleanLit(b) => Value::Bool(b.value),
            ast::Value::NullKeyword(_) => Value::Null,
            ast::Value::NumberLit(n) => match n.value.parse::<serde_json::Number>() {
                Ok(num) if num.as_f64().is_some_and(f64::is_finite) => Value::Number(num),
                _ => {
                    self.diagnostics.push(
                        Finding::new(
                            format!("number `{}` is out of range", n.value),
                            pointer.clone(),
                            span_of(n),
                        )
                        .label("not representable as a 64-bit float")
                        .stamp(&syntax::NumberOutOfRange::META),
                    );
                    Value::Null
                }
            },
            ast::Value::Array(a) => {
                let mut items = Vec::with_capacity(a.elements.len());
                let mut ids = Vec::with_capacity(a.elements.len());
                for (i, e) in a.elements.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    ids.push(self.index.nodes.len() as u32);
                    items.push(self.convert(e, None, pointer));
                    pointer.truncate(len);
                }
                self.index.nodes[id].children = Children::Array(ids);
                Value::Array(items)
            }
            ast::Value::Object(o) => {
                let mut map = Map::with_capacity(o.properties.len());
                let mut ids: Vec<(Box<str>, u32)> = Vec::with_capacity(o.properties.len());
                let mut first_seen: HashMap<&str, Span> = HashMap::new();
                for p in &o.properties {
                    let name = p.name.as_str();
                    let key_span = span_of(&p.name);
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape(name));
                    if let Some(first) = first_seen.get(name) {
                        self.diagnostics.push(
                            Finding::new(
                                format!("duplicate key `{}`", shorten(name, 80)),
                                pointer.clone(),
                                key_span,
                            )
                            .label("duplicate defined here")
                            .with_other(*first, "first defined here")
                            .stamp(&syntax::DuplicateKey::META),
                        );
                    } else {
                        first_seen.insert(name, key_span);
                    }
                    ids.push((name.into(), self.index.nodes.len() as u32));
                    let value = self.convert(&p.value, Some(key_span), pointer);
                    pointer.truncate(len);
                    // Last one wins, as in serde_json; keep the key at its first position.
                    map.insert(name.to_string(), value);
                }
                self.index.nodes[id].children = Children::Object(ids);
                Value::Object(map)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (SourceFile, Parsed) {
        let s = SourceFile::new("t.json", text);
        let p = parse(&s);
        (s, p)
    }

    #[test]
    fn pointers_resolve_to_key_and_value_spans() {
        let text = r#"{"a": {"b/c": [1, {"d": true}]}}"#;
        let (_, p) = parsed(text);
        assert!(p.diagnostics.is_empty());
        let at = p.spans.get("/a/b~1c/1/d").unwrap();
        assert_eq!(&text[at.key.unwrap().start..at.key.unwrap().end], "\"d\"");
        assert_eq!(&text[at.value.start..at.value.end], "true");
        assert!(p.spans.get("/a/zzz").is_none());
        // fallback to the nearest ancestor
        let anc = p.spans.locate("/a/b~1c/7");
        assert_eq!(&text[anc.value.start..anc.value.end], r#"[1, {"d": true}]"#);
        assert_eq!(p.spans.get("").unwrap().value, Span::new(0, text.len()));
    }

    #[test]
    fn duplicate_keys_are_reported_and_the_last_wins() {
        let text = "{\"a\": 1,\n \"a\": 2}";
        let (_, p) = parsed(text);
        assert_eq!(p.diagnostics.len(), 1);
        let d = &p.diagnostics[0];
        assert_eq!(d.code, "SMA006");
        assert_eq!(d.pointer, "/a");
        assert_eq!(d.span, Span::new(10, 13));
        assert_eq!(d.others[0].span, Span::new(1, 4));
        assert_eq!(p.value.unwrap()["a"], 2);
        let at = p.spans.get("/a").unwrap();
        assert_eq!(&text[at.value.start..at.value.end], "2");
    }

    #[test]
    fn escaped_duplicate_keys_compare_unescaped() {
        let (_, p) = parsed(r#"{"a": 1, "\u0061": 2}"#);
        assert_eq!(p.diagnostics[0].code, "SMA006");
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let (s, p) = parsed("{\n  \"a\": 1,\n}");
        assert!(p.value.is_none());
        let d = &p.diagnostics[0];
        assert_eq!(d.code, "SMA001");
        assert_eq!(d.pointer, "");
        let pos = s.position(d.span.start);
        assert_eq!((pos.line, pos.column), (2, 9));
        assert!(d.message.contains("railing comma"), "{}", d.message);
    }

    #[test]
    fn empty_and_whitespace_files_are_one_error() {
        for text in ["", "  \n\t"] {
            let (_, p) = parsed(text);
            assert_eq!(p.diagnostics.len(), 1);
            assert_eq!(p.diagnostics[0].code, "SMA002");
        }
    }

    #[test]
    fn a_bom_is_a_warning_and_the_rest_is_parsed() {
        let (_, p) = parsed("\u{FEFF}{\"a\": 1}");
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, "SMA005");
        assert_eq!(p.value.unwrap()["a"], 1);
        let at = p.spans.get("/a").unwrap();
        assert_eq!(at.value, Span::new(9, 10));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let (_, p) = parsed(&"[".repeat(1_000_000));
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, "SMA004");
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parsed(&ok).1.diagnostics.is_empty());
    }

    #[test]
    fn too_many_values_is_one_error_before_parsing() {
        // the root array and MAX_VALUES - 1 numbers
        let items = vec!["1"; MAX_VALUES - 1];
        let (_, p) = parsed(&format!("[{}]", items.join(",")));
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let text = format!("[{},[\"x,[{{\\\",\"]]", items.join(","));
        let (_, p) = parsed(&text);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, "SMA009");
        let tail = r#",["x,[{\",""#;
        assert_eq!(p.diagnostics[0].span.start, text.len() - tail.len() - 2);
        // commas and brackets inside strings are not values
        let strings = format!("[\"{}\"]", ",[{\\\"".repeat(MAX_VALUES));
        assert!(parsed(&strings).1.diagnostics.is_empty());
    }

    #[test]
    fn raw_control_characters_in_strings_are_invalid_json() {
        for text in [
            "{\"a\": \"\u{0}\"}",
            "[\"tab\there\"]",
            "{\"new\nline\": 1}",
        ] {
            let (_, p) = parsed(text);
            assert_eq!(p.diagnostics.len(), 1, "{text:?}");
            assert_eq!(p.diagnostics[0].code, "SMA001");
            assert!(
                p.diagnostics[0]
                    .message
                    .starts_with("control character U+00")
            );
        }
        // escaped, and outside strings (whitespace), they are fine
        assert!(
            parsed("{\n\t\"a\": \"\\u0000\\t\"\r\n}")
                .1
                .diagnostics
                .is_empty()
        );
    }

    #[test]
    fn huge_numbers_are_reported_and_negative_zero_is_fine() {
        let (_, p) = parsed(r#"{"a": 1e400, "b": -0}"#);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, "SMA007");
        assert_eq!(p.diagnostics[0].pointer, "/a");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let (s, d) = decode("t.json", b"{\"a\":\n \"\xff\"}".to_vec());
        let d = d.unwrap();
        assert_eq!(d.code, "SMA003");
        let pos = s.position(d.span.start);
        assert_eq!((pos.line, pos.column), (2, 3));
    }
}
