//! Text → `serde_json::Value` plus a `SpanIndex` (JSON Pointer → key/value spans), strictly.
//!
//! jsonc-parser runs with every leniency off: it keeps duplicate keys and places syntax errors
//! well. The AST is converted once; duplicates resolve to the last occurrence, as in serde_json.
use std::collections::HashMap;
use std::sync::Arc;

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
use jsonc_parser::errors::ParseErrorKind;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::diagnostic::codes::syntax;
use crate::diagnostic::{Diagnostic, Finding, shorten};
use crate::pointer::{escape, unescape};
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
/// Without a problem, the number of values it counted (at most one more per empty array or
/// object), so the span index can be sized once.
fn prescan(text: &str) -> Result<usize, Early> {
    let mut values = 1usize;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, &b) in text.as_bytes().iter().enumerate() {
        if in_string {
            match b {
                0..=0x1F => return Err(Early::ControlCharacter(at)),
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
                    return Err(Early::TooManyValues(at));
                }
                if b != b',' {
                    depth += 1;
                    if depth > MAX_DEPTH + 1 {
                        return Ok(values);
                    }
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(values)
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

/// One value in the text, in document (pre-)order. Offsets are `u32`: a JSON text of 4 GiB or
/// more would need some 50 GiB as a `serde_json::Value`, so it is out of reach anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Node {
    /// The key naming this value (with its quotes); `NONE` when it has none.
    key: (u32, u32),
    value: (u32, u32),
    /// This container's children: a range of `Tree::kids`.
    kids: (u32, u32),
}

const NONE: u32 = u32::MAX;

fn off(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE - 1)
}

/// The spans of a whole document: 24 bytes a value plus 4 a child; keys are read back from the
/// text, and only a key written with escapes is stored (unescaped) beside it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tree {
    nodes: Vec<Node>,
    kids: Vec<u32>,
    escaped_keys: HashMap<u32, Box<str>>,
}

impl Tree {
    fn located(&self, id: usize) -> Located {
        let n = &self.nodes[id];
        Located {
            key: (n.key.0 != NONE).then(|| Span::new(n.key.0 as usize, n.key.1 as usize)),
            value: Span::new(n.value.0 as usize, n.value.1 as usize),
        }
    }

    fn kids(&self, id: usize) -> &[u32] {
        let (a, b) = self.nodes[id].kids;
        &self.kids[a as usize..b as usize]
    }

    /// The (unescaped) key of node `id`.
    fn key<'a>(&'a self, text: &'a str, id: u32) -> &'a str {
        match self.escaped_keys.get(&id) {
            Some(k) => k,
            None => {
                let (a, b) = self.nodes[id as usize].key;
                text.get(a as usize + 1..(b as usize).saturating_sub(1))
                    .unwrap_or_default()
            }
        }
    }
}

/// Where the values of a document are, by JSON Pointer: the spans of a JSON text
/// ([`SpanIndex`]), or those of another syntax that reads into the same values (a YAML
/// template).
pub trait Locate {
    /// The exact location of `pointer`, if it names a value in the text.
    fn get(&self, pointer: &str) -> Option<Located>;
    /// The location of `pointer`, or of its nearest ancestor that exists.
    fn locate(&self, pointer: &str) -> Located;
}

impl Locate for SpanIndex {
    fn get(&self, pointer: &str) -> Option<Located> {
        SpanIndex::get(self, pointer)
    }

    fn locate(&self, pointer: &str) -> Located {
        SpanIndex::locate(self, pointer)
    }
}

/// Maps a byte offset in the decoded value of a JSON string literal to the offset in the
/// source: `literal` is the literal's text with its quotes (`span` of a string value), and the
/// answer is relative to its start. An offset inside an escape (`\n`, `\"`, `\u00e9`, a
/// surrogate pair) maps to the escape's start; one past the end maps before the closing quote.
pub fn string_offset(literal: &str, decoded: usize) -> usize {
    let bytes = literal.as_bytes();
    let end = literal.len().saturating_sub(1).max(1);
    let (mut raw, mut out) = (1, 0);
    while raw < end {
        let (raw_len, out_len) = if bytes[raw] == b'\\' {
            match bytes.get(raw + 1) {
                Some(b'u') => {
                    let code = literal
                        .get(raw + 2..raw + 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .unwrap_or(0xFFFD);
                    // a high surrogate followed by `\uDC..`: one character of four bytes
                    let pair = (0xD800..0xDC00).contains(&code)
                        && literal.get(raw + 6..raw + 8) == Some("\\u");
                    if pair {
                        (12, 4)
                    } else {
                        (6, char::from_u32(code).map_or(3, char::len_utf8))
                    }
                }
                Some(_) => (2, 1),
                None => (1, 1),
            }
        } else {
            let c = literal[raw..].chars().next().map_or(1, char::len_utf8);
            (c, c)
        };
        if decoded < out + out_len {
            return raw;
        }
        out += out_len;
        raw += raw_len;
    }
    raw.min(end)
}

/// Spans of every value in a document, looked up by JSON Pointer.
///
/// For a document that parsed cleanly on the fast path the index is built on first use only,
/// by a scan of the (known valid) text: most files have no findings and never need it.
#[derive(Debug, Default)]
pub struct SpanIndex {
    tree: std::sync::OnceLock<Tree>,
    text: Arc<String>,
    /// The fast path: scan `text` on first use, for about this many values (the prescan's
    /// count). `None` when `tree` was filled by the builder.
    lazy: Option<usize>,
}

impl SpanIndex {
    fn built(tree: Tree, text: Arc<String>) -> Self {
        SpanIndex {
            tree: tree.into(),
            text,
            lazy: None,
        }
    }

    fn lazy(text: Arc<String>, values: usize) -> Self {
        SpanIndex {
            tree: Default::default(),
            text,
            lazy: Some(values),
        }
    }

    fn tree(&self) -> &Tree {
        self.tree.get_or_init(|| match self.lazy {
            Some(values) => scan(&self.text, values),
            None => Tree::default(),
        })
    }

    /// Returns the exact location of `pointer`, if it names a value in the text.
    pub fn get(&self, pointer: &str) -> Option<Located> {
        let (node, rest) = self.walk(pointer);
        let node = node?;
        rest.is_none().then(|| self.tree().located(node))
    }

    /// Returns the location of `pointer`, or of its nearest ancestor that exists.
    pub fn locate(&self, pointer: &str) -> Located {
        match self.walk(pointer) {
            (Some(n), _) => self.tree().located(n),
            (None, _) => Located {
                key: None,
                value: Span::default(),
            },
        }
    }

    /// Walks as far as the pointer resolves; returns the deepest node and whether segments remain.
    fn walk(&self, pointer: &str) -> (Option<usize>, Option<()>) {
        let tree = self.tree();
        if tree.nodes.is_empty() {
            return (None, Some(()));
        }
        let mut node = 0usize;
        if pointer.is_empty() {
            return (Some(0), None);
        }
        let text = self.text.as_str();
        for raw in pointer.strip_prefix('/').unwrap_or(pointer).split('/') {
            let seg = unescape(raw);
            let (start, _) = tree.nodes[node].value;
            let next = match text.as_bytes().get(start as usize) {
                Some(b'{') => tree
                    .kids(node)
                    .iter()
                    .rev()
                    .find(|&&k| tree.key(text, k) == seg)
                    .map(|&k| k as usize),
                Some(b'[') => seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| tree.kids(node).get(i))
                    .map(|&k| k as usize),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return (Some(node), Some(())),
            }
        }
        (Some(node), None)
    }
}

/// Builds the span tree of a text known to be valid JSON (it parsed on the fast path, so no
/// BOM, no duplicate keys, nesting within serde_json's limit): the same tree the jsonc-parser
/// builder makes for it.
fn scan(text: &str, values: usize) -> Tree {
    let mut s = Scanner {
        b: text.as_bytes(),
        text,
        pos: 0,
        tree: Tree {
            nodes: Vec::with_capacity(values),
            kids: Vec::with_capacity(values),
            escaped_keys: HashMap::new(),
        },
        scratch: Vec::new(),
    };
    s.value((NONE, NONE));
    s.tree
}

struct Scanner<'t> {
    b: &'t [u8],
    text: &'t str,
    pos: usize,
    tree: Tree,
    scratch: Vec<u32>,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Skips the string starting at `pos` (on its quote); returns whether it had escapes.
    fn string(&mut self) -> bool {
        let mut escaped = false;
        self.pos += 1;
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    escaped = true;
                    self.pos += 2;
                }
                _ => self.pos += 1,
            }
        }
        escaped
    }

    fn value(&mut self, key: (u32, u32)) {
        self.ws();
        let id = self.tree.nodes.len();
        let start = self.pos;
        self.tree.nodes.push(Node {
            key,
            value: (off(start), 0),
            kids: (0, 0),
        });
        match self.b.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                let mark = self.scratch.len();
                loop {
                    self.ws();
                    if self.b.get(self.pos) != Some(&b'"') {
                        self.pos += 1; // `}` of an empty object
                        break;
                    }
                    let k0 = self.pos;
                    let escaped = self.string();
                    let k1 = self.pos;
                    let child = off(self.tree.nodes.len());
                    if escaped {
                        let name: String =
                            serde_json::from_str(&self.text[k0..k1]).unwrap_or_default();
                        self.tree.escaped_keys.insert(child, name.into());
                    }
                    self.scratch.push(child);
                    self.ws();
                    self.pos += 1; // `:`
                    self.value((off(k0), off(k1)));
                    self.ws();
                    let sep = self.b.get(self.pos).copied();
                    self.pos += 1;
                    if sep != Some(b',') {
                        break;
                    }
                }
                self.close(id, mark);
            }
            Some(b'[') => {
                self.pos += 1;
                let mark = self.scratch.len();
                self.ws();
                if self.b.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                } else {
                    loop {
                        self.scratch.push(off(self.tree.nodes.len()));
                        self.value((NONE, NONE));
                        self.ws();
                        let sep = self.b.get(self.pos).copied();
                        self.pos += 1;
                        if sep != Some(b',') {
                            break;
                        }
                    }
                }
                self.close(id, mark);
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while let Some(c) = self.b.get(self.pos) {
                    if matches!(c, b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t') {
                        break;
                    }
                    self.pos += 1;
                }
            }
        }
        self.tree.nodes[id].value.1 = off(self.pos);
    }

    fn close(&mut self, id: usize, mark: usize) {
        let a = off(self.tree.kids.len());
        self.tree.kids.extend(self.scratch.drain(mark..));
        self.tree.nodes[id].kids = (a, off(self.tree.kids.len()));
    }
}

/// A parsed document: its value (absent when it could not be parsed, or holds a number out of
/// range) and its spans.
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
            let mut source = SourceFile::new(name, text);
            source.size = e.as_bytes().len();
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
    // The value-count limit holds on both paths; the prescan is one linear pass over bytes.
    let values = prescan(&source.text).ok();
    let fast = values.and_then(|n| Some((fast_value(&source.text)?, n)));
    if let Some((value, values)) = fast {
        return Parsed {
            value: Some(value),
            spans: SpanIndex::lazy(source.text.clone(), values),
            diagnostics: Vec::new(),
        };
    }
    parse_slow(source)
}

/// The jsonc-parser path: places every syntax error, reports duplicate keys, a BOM and
/// out-of-range numbers, and builds the span tree as it converts.
fn parse_slow(source: &SourceFile) -> Parsed {
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
    if let Err(early) = prescan(text) {
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
        text,
        index: Tree::default(),
        diagnostics: &mut diagnostics,
        out_of_range: false,
    };
    let mut pointer = String::new();
    let value = builder.convert(&ast, None, &mut pointer);
    // A number out of range has no value to stand in for it: a null (or any other stand-in)
    // would be judged again by the schema and the rules, so the document is not read further
    // (like a syntax error), after every such number is reported.
    let value = (!builder.out_of_range).then_some(value);
    let spans = SpanIndex::built(builder.index, source.text.clone());
    Parsed {
        value,
        spans,
        diagnostics,
    }
}

/// The fast path: serde_json straight into a `Value`, refusing duplicate keys. It succeeds only
/// on strict JSON without a BOM, duplicate keys, out-of-range numbers or nesting deeper than
/// serde_json's 128 levels, which is exactly when the jsonc-parser path would report nothing
/// and build the same value; anything else (`None`) takes that path for its diagnostics.
fn fast_value(text: &str) -> Option<Value> {
    if text.starts_with('\u{FEFF}') || text.len() >= NONE as usize {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// Deserializes a `serde_json::Value` as serde_json does, but fails on a duplicate key.
#[derive(Clone, Copy)]
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("non-finite number"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Strict)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let value = access.next_value_seed(Strict)?;
            if map.insert(key, value).is_some() {
                return Err(de::Error::custom("duplicate key"));
            }
        }
        Ok(Value::Object(map))
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
    text: &'d str,
    index: Tree,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// A number was out of range (reported, and converted to a placeholder null).
    out_of_range: bool,
}

fn pair(span: Option<Span>) -> (u32, u32) {
    span.map_or((NONE, NONE), |s| (off(s.start), off(s.end)))
}

impl Builder<'_> {
    fn close(&mut self, id: usize, ids: Vec<u32>) {
        let a = off(self.index.kids.len());
        self.index.kids.extend(ids);
        self.index.nodes[id].kids = (a, off(self.index.kids.len()));
    }

    /// Converts one AST value, recording its node; `pointer` is its JSON Pointer (restored on return).
    fn convert(&mut self, v: &ast::Value<'_>, key: Option<Span>, pointer: &mut String) -> Value {
        let id = self.index.nodes.len();
        self.index.nodes.push(Node {
            key: pair(key),
            value: pair(Some(span_of(v))),
            kids: (0, 0),
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
                    self.out_of_range = true;
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
                    ids.push(off(self.index.nodes.len()));
                    items.push(self.convert(e, None, pointer));
                    pointer.truncate(len);
                }
                self.close(id, ids);
                Value::Array(items)
            }
            ast::Value::Object(o) => {
                let mut map = Map::with_capacity(o.properties.len());
                let mut ids: Vec<u32> = Vec::with_capacity(o.properties.len());
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
                    let child = off(self.index.nodes.len());
                    let raw = self
                        .text
                        .get(key_span.start + 1..key_span.end.saturating_sub(1));
                    if raw != Some(name) {
                        self.index.escaped_keys.insert(child, name.into());
                    }
                    ids.push(child);
                    let value = self.convert(&p.value, Some(key_span), pointer);
                    pointer.truncate(len);
                    // Last one wins, as in serde_json; keep the key at its first position.
                    map.insert(name.to_string(), value);
                }
                self.close(id, ids);
                Value::Object(map)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn string_offsets_map_through_escapes() {
        // decoded: a"b\né😀c  (é = 2 bytes, 😀 = 4 bytes)
        let lit = r#""a\"b\n\u00e9\ud83d\ude00c""#;
        let decoded: String = serde_json::from_str(lit).unwrap();
        let at = |needle: &str| string_offset(lit, decoded.find(needle).unwrap());
        assert_eq!(at("a"), 1);
        assert_eq!(at("\""), 2);
        assert_eq!(at("b"), 4);
        assert_eq!(at("\n"), 5);
        assert_eq!(at("é"), 7);
        assert_eq!(at("😀"), 13);
        assert_eq!(at("c"), 25);
        assert_eq!(&lit[at("c")..at("c") + 1], "c");
        assert_eq!(string_offset(lit, decoded.len()), lit.len() - 1);
        // raw multi-byte characters are copied as they are
        assert_eq!(string_offset(r#""é<x>""#, 2), 3);
    }

    use super::*;

    /// The fast path must be invisible: whenever it accepts a text, the jsonc-parser path
    /// reports nothing and builds the same value and the same span tree.
    fn assert_paths_agree(text: &str) {
        let Some(fast) = fast_value(text) else { return };
        let source = SourceFile::new("t.json", text);
        let slow = parse_slow(&source);
        assert!(
            slow.diagnostics.is_empty(),
            "{text:?}: {:?}",
            slow.diagnostics
        );
        assert_eq!(slow.value.as_ref(), Some(&fast), "{text:?}");
        assert_eq!(slow.spans.tree(), &scan(text, 0), "{text:?}");
    }

    #[test]
    fn fast_path_agrees_on_edge_cases() {
        for text in [
            r#"{"a": {"b/c": [1, {"d": true}]}}"#,
            "  \n\t{ \"x\" : [ ] , \"y\":{},\"z\":[{}, [], \"\"]}\r\n ",
            r#"{"\u0061~b": 1, "c\"d": "e\\f", "\ud83d\ude00": "\u2028"}"#,
            r#"[-0, 0, -1, 1.5, 1e300, -2.5E-3, 18446744073709551615, 18446744073709551616, -9223372036854775809]"#,
            r#"["é", "日本", "\/", null, false, true, 12345678901234567890123]"#,
            "\"just a string\"",
            "42",
            "[]",
            &format!("{}{}", "[".repeat(120), "]".repeat(120)),
        ] {
            assert!(fast_value(text).is_some(), "{text:?}");
            assert_paths_agree(text);
        }
        // texts the fast path must leave to the jsonc-parser path
        for text in [
            "\u{FEFF}{}",
            r#"{"a": 1, "a": 2}"#,
            r#"{"a": 1, "\u0061": 2}"#,
            "[1e400]",
            "",
            " ",
            "{\"a\": 1,}",
            "[01]",
            "{\"a\": \"\u{1}\"}",
            r#"["\ud800"]"#,
            "{} {}",
            "// c\n{}",
            &format!("{}{}", "[".repeat(200), "]".repeat(200)),
        ] {
            assert!(fast_value(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn fast_path_agrees_on_every_shipped_json_file() {
        let mut dirs = vec![
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests")),
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")),
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas")),
        ];
        let mut seen = 0;
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "json")
                    && let Ok(text) = std::fs::read_to_string(&p)
                {
                    assert_paths_agree(&text);
                    seen += 1;
                }
            }
        }
        assert!(seen > 10, "only {seen} files");
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn json() -> impl Strategy<Value = serde_json::Value> {
            let leaf = prop_oneof![
                Just(serde_json::Value::Null),
                any::<bool>().prop_map(serde_json::Value::Bool),
                any::<i64>().prop_map(|n| n.into()),
                any::<u64>().prop_map(|n| n.into()),
                any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)),
                "[a-z~/\"\\\\\u{0}-\u{1f}é😀\u{2028}]{0,6}".prop_map(serde_json::Value::String),
            ];
            leaf.prop_recursive(5, 40, 5, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
                    prop::collection::vec(("[a-z~/\"\\\\é]{0,4}", inner), 0..5)
                        .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
                ]
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(500))]

            #[test]
            fn generated_documents(v in json(), pretty in any::<bool>()) {
                let text = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { v.to_string() };
                prop_assert!(fast_value(&text).is_some());
                assert_paths_agree(&text);
            }

            #[test]
            fn token_soup(parts in prop::collection::vec(prop_oneof![
                Just("{"), Just("}"), Just("["), Just("]"), Just(","), Just(":"), Just(" "),
                Just("\n"), Just("\"a\""), Just("\"\\u0061\""), Just("\"\\\""), Just("1"), Just("-0"),
                Just("1e999"), Just("01"), Just("true"), Just("nul"), Just("\u{FEFF}"), Just("\"é\""),
            ], 0..24)) {
                assert_paths_agree(&parts.concat());
            }
        }
    }

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
        let (_, p) = parsed(r#"{"b": -0, "c": 1e-400}"#);
        assert!(p.diagnostics.is_empty() && p.value.is_some());
    }

    #[test]
    fn a_number_out_of_range_leaves_no_value_to_judge_again() {
        // no null stands in for it: the schema and the rules would report that null too
        let (_, p) = parsed(r#"{"a": 1e400, "b": [-1e999, 2], "c": 3}"#);
        assert!(p.value.is_none());
        let at: Vec<(&str, &str)> = p
            .diagnostics
            .iter()
            .map(|d| (d.code, d.pointer.as_str()))
            .collect();
        assert_eq!(at, [("SMA007", "/a"), ("SMA007", "/b/0")]);
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
