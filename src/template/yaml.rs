//! A YAML template read into the values a JSON template has, with the span of every value.
//!
//! CloudFormation's short forms become their long forms as the service reads them: `!Ref X` is
//! `{"Ref": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`, `!Condition C` is
//! `{"Condition": "C"}`, and every other `!Name v` is `{"Fn::Name": v}`. Plain scalars are
//! typed as YAML 1.2's core schema types them (null, booleans, numbers; `012` and `1e400` stay
//! strings, as no JSON number spells them); quoted ones are strings. Anchors and aliases, several
//! documents, and keys that are not scalars are refused: CloudFormation refuses them too.
//!
//! Built from the parser's events with an explicit stack, so nesting costs no recursion;
//! depth is capped at `parse::MAX_DEPTH`, as for JSON (a `Value` drops recursively).
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan, Tag};
use serde_json::{Map, Value};

use crate::parse::{Locate, Located, MAX_DEPTH};
use crate::pointer::Pointer;
use crate::source::Span;

/// A YAML document's values and where each one is.
#[derive(Debug)]
pub struct Yaml {
    pub value: Value,
    pub spans: YamlSpans,
    /// Keys written twice in one mapping (the last one counts), each at the repeated key.
    pub duplicates: Vec<(Span, String)>,
}

/// Spans by JSON Pointer (escaped, as `Pointer` writes them).
#[derive(Debug, Default)]
pub struct YamlSpans(HashMap<String, Located>);

impl Locate for YamlSpans {
    fn get(&self, pointer: &str) -> Option<Located> {
        self.0.get(pointer).copied()
    }

    fn locate(&self, pointer: &str) -> Located {
        let mut p = pointer;
        loop {
            if let Some(l) = self.0.get(p) {
                return *l;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => {
                    return Located {
                        key: None,
                        value: Span::default(),
                    };
                }
            }
        }
    }
}

/// Why a text is no YAML template, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub span: Span,
    pub message: String,
}

/// Byte offsets of character indexes (the parser counts characters).
struct Offsets {
    /// `None` when the text is ASCII: an index is its offset.
    table: Option<Vec<usize>>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let table = (!text.is_ascii()).then(|| {
            let mut t: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            t.push(text.len());
            t
        });
        Offsets {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.len),
            Some(t) => t.get(char_index).copied().unwrap_or(self.len),
        }
    }

    fn span(&self, s: &YamlSpan) -> Span {
        let start = self.byte(s.start.index());
        Span::new(start, self.byte(s.end.index()).max(start))
    }
}

/// An open container.
enum Open {
    Seq(Vec<Value>),
    /// The mapping, and the key read whose value is awaited (with its span).
    Map(Map<String, Value>, Option<(String, Span)>),
}

struct Frame {
    open: Open,
    pointer: Pointer,
    tag: Option<String>,
    start: usize,
    /// End of the last child.
    end: usize,
    key: Option<Span>,
}

/// The short-form tag's long key (`!Ref` → `Ref`, `!Sub` → `Fn::Sub`), `None` for no tag or a
/// YAML core tag (`!!str`).
fn short_form(tag: Option<&Tag>) -> Option<String> {
    let tag = tag?;
    if tag.handle != "!" || tag.suffix.is_empty() {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    })
}

/// A plain scalar typed by YAML 1.2's core schema, where JSON spells the same value.
fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => {
            let b = text.as_bytes()[0];
            if (b.is_ascii_digit() || b == b'-')
                && let Ok(n) = serde_json::from_str::<serde_json::Number>(text)
            {
                return Value::Number(n);
            }
            Value::String(text.to_string())
        }
    }
}

/// The long form of a tagged value: `{"Ref": v}`, `{"Fn::GetAtt": ["A", "B"]}` for
/// `!GetAtt A.B`, `{"Fn::Name": v}`.
fn long_form(key: String, value: Value) -> Value {
    let value = match (key.as_str(), value) {
        ("Fn::GetAtt", Value::String(s)) => match s.split_once('.') {
            Some((a, b)) => Value::Array(vec![a.into(), b.into()]),
            None => Value::String(s),
        },
        (_, v) => v,
    };
    let mut m = Map::new();
    m.insert(key, value);
    Value::Object(m)
}

/// Reads the first YAML document of `text`.
pub fn parse(text: &str) -> Result<Yaml, YamlError> {
    let offsets = Offsets::new(text);
    let mut spans = YamlSpans::default();
    let mut duplicates = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Value> = None;
    let mut documents = 0;
    let err = |span: Span, message: String| Err(YamlError { span, message });
    for event in Parser::new_from_str(text) {
        let (event, ys) = match event {
            Ok(e) => e,
            Err(e) => {
                let at = offsets.byte(e.marker().index());
                return err(Span::new(at, at), format!("not valid YAML: {}", e.info()));
            }
        };
        let span = offsets.span(&ys);
        // a value (scalar, or a container starting) is keyed in its parent
        let value_start = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        );
        if value_start && root.is_some() {
            return err(
                span,
                "a second YAML document: a template is one document".into(),
            );
        }
        // the pointer and key span of the value about to be read; `None`: it is a key
        let slot = if value_start {
            match stack.last_mut() {
                None => Some((Pointer::root(), None)),
                Some(f) => match &mut f.open {
                    Open::Seq(items) => Some((f.pointer.index(items.len()), None)),
                    Open::Map(_, Some((k, ks))) => Some((f.pointer.key(k), Some(*ks))),
                    Open::Map(_, None) => None,
                },
            }
        } else {
            None
        };
        let is_seq = matches!(event, Event::SequenceStart(..));
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return err(
                        span,
                        "a second YAML document: a template is one document".into(),
                    );
                }
            }
            Event::Alias(_) => {
                return err(
                    span,
                    "a YAML alias (`*name`): CloudFormation does not read anchors and aliases; write the value out".into(),
                );
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    return err(
                        span,
                        "a YAML anchor (`&name`): CloudFormation does not read anchors and aliases"
                            .into(),
                    );
                }
                let Some((pointer, key)) = slot else {
                    // a mapping key
                    if let Some(Frame {
                        open: Open::Map(map, pending),
                        ..
                    }) = stack.last_mut()
                    {
                        if map.contains_key(text.as_ref()) {
                            duplicates.push((span, text.to_string()));
                        }
                        *pending = Some((text.into_owned(), span));
                    }
                    continue;
                };
                let core = tag
                    .as_deref()
                    .filter(|t| t.handle == "!!" || t.handle.starts_with("tag:"));
                let value = if style != ScalarStyle::Plain
                    || core.is_some_and(|t| t.suffix.ends_with("str"))
                {
                    Value::String(text.into_owned())
                } else {
                    plain(&text)
                };
                let value = match short_form(tag.as_deref()) {
                    Some(k) => {
                        spans.0.insert(
                            pointer.key(&k).into(),
                            Located {
                                key: None,
                                value: span,
                            },
                        );
                        long_form(k, value)
                    }
                    None => value,
                };
                spans.0.insert(pointer.into(), Located { key, value: span });
                if let Some(done) = place(&mut stack, value, span.end) {
                    root = Some(done);
                }
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                let Some((pointer, key)) = slot else {
                    return err(
                        span,
                        "a mapping key that is not a scalar: template keys are strings".into(),
                    );
                };
                if anchor != 0 {
                    return err(
                        span,
                        "a YAML anchor (`&name`): CloudFormation does not read anchors and aliases"
                            .into(),
                    );
                }
                if stack.len() >= MAX_DEPTH {
                    return err(span, format!("nested deeper than {MAX_DEPTH} levels"));
                }
                let open = if is_seq {
                    Open::Seq(Vec::new())
                } else {
                    Open::Map(Map::new(), None)
                };
                stack.push(Frame {
                    open,
                    pointer,
                    tag: short_form(tag.as_deref()),
                    start: span.start,
                    end: span.end,
                    key,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(f) = stack.pop() else { continue };
                // a flow collection ends at its bracket; a block one's end event is empty and
                // placed where the next token starts, so it ends with its last child
                let end = if span.end > span.start {
                    f.end.max(span.end)
                } else {
                    f.end
                };
                let whole = Span::new(f.start, end);
                let value = match f.open {
                    Open::Seq(items) => Value::Array(items),
                    Open::Map(map, _) => Value::Object(map),
                };
                let value = match f.tag {
                    Some(k) => {
                        spans.0.insert(
                            f.pointer.key(&k).into(),
                            Located {
                                key: None,
                                value: whole,
                            },
                        );
                        long_form(k, value)
                    }
                    None => value,
                };
                spans.0.insert(
                    f.pointer.into(),
                    Located {
                        key: f.key,
                        value: whole,
                    },
                );
                if let Some(done) = place(&mut stack, value, end) {
                    root = Some(done);
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(Yaml {
        value: root.unwrap_or(Value::Null),
        spans,
        duplicates,
    })
}

/// Puts a finished value into the open container on top of `stack` (ending at `end`); returns
/// it when there is none: it is the document.
fn place(stack: &mut [Frame], value: Value, end: usize) -> Option<Value> {
    let Some(f) = stack.last_mut() else {
        return Some(value);
    };
    f.end = f.end.max(end);
    match &mut f.open {
        Open::Seq(items) => items.push(value),
        Open::Map(map, pending) => {
            if let Some((k, _)) = pending.take() {
                map.insert(k, value);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at<'a>(text: &'a str, y: &Yaml, pointer: &str) -> &'a str {
        let l = y
            .spans
            .get(pointer)
            .unwrap_or_else(|| panic!("no span for {pointer}"));
        &text[l.value.start..l.value.end]
    }

    #[test]
    fn short_forms_become_long_forms_with_spans() {
        let text = "Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      Arn: !GetAtt B.Arn\n      R: !Sub \"${B.Arn}/*\"\n      J: !Join\n        - ''\n        - - a\n          - !Ref X\n      N: [1, 012, true, ~, 'true', 1e400, -2.5]\n";
        let y = parse(text).unwrap();
        let props = &y.value["Resources"]["P"]["Properties"];
        assert_eq!(props["Bucket"], json!({"Ref": "B"}));
        assert_eq!(props["Arn"], json!({"Fn::GetAtt": ["B", "Arn"]}));
        assert_eq!(props["R"], json!({"Fn::Sub": "${B.Arn}/*"}));
        assert_eq!(props["J"], json!({"Fn::Join": ["", ["a", {"Ref": "X"}]]}));
        assert_eq!(
            props["N"],
            json!([1, "012", true, null, "true", "1e400", -2.5])
        );
        let p = "/Resources/P/Properties";
        assert_eq!(at(text, &y, &format!("{p}/Bucket")), "!Ref B");
        assert_eq!(at(text, &y, &format!("{p}/Bucket/Ref")), "!Ref B");
        assert_eq!(at(text, &y, &format!("{p}/R")), "!Sub \"${B.Arn}/*\"");
        assert_eq!(at(text, &y, &format!("{p}/N/1")), "012");
        assert!(at(text, &y, &format!("{p}/J")).starts_with("!Join"));
        assert!(at(text, &y, &format!("{p}/J")).ends_with("!Ref X"));
        let key = y.spans.get(&format!("{p}/Bucket")).unwrap().key.unwrap();
        assert_eq!(&text[key.start..key.end], "Bucket");
        // a pointer below a value that does not exist finds its nearest ancestor
        assert_eq!(
            y.spans.locate(&format!("{p}/Bucket/Ref/x")).value,
            y.spans.get(&format!("{p}/Bucket")).unwrap().value
        );
    }

    #[test]
    fn non_ascii_text_gives_byte_spans() {
        let text = "# é日本\nA: 'ünïcode'\nB: !Ref Bücket\n";
        let y = parse(text).unwrap();
        assert_eq!(at(text, &y, "/A"), "'ünïcode'");
        assert_eq!(at(text, &y, "/B"), "!Ref Bücket");
    }

    #[test]
    fn refused_yaml_is_named_at_its_place() {
        let cases = [
            ("a: &x 1\nb: *x\n", "anchor"),
            ("a: 1\n---\nb: 2\n", "second YAML document"),
            ("? [a, b]\n: 1\n", "not a scalar"),
            ("a: [1, 2\n", "not valid YAML"),
            ("a: \"unterminated\n", "not valid YAML"),
        ];
        for (text, want) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.message.contains(want), "{text:?}: {}", e.message);
            assert!(e.span.end <= text.len());
        }
        let deep = format!(
            "a: {}{}",
            "[".repeat(MAX_DEPTH + 5),
            "]".repeat(MAX_DEPTH + 5)
        );
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("recursion limit"), "{}", e.message);
        // block nesting, which the parser itself does not limit
        let block: String = (0..MAX_DEPTH + 5)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        let e = parse(&block).unwrap_err();
        assert!(e.message.contains("deeper"), "{}", e.message);
    }

    #[test]
    fn duplicate_keys_are_named() {
        let y = parse("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(y.value, json!({"a": 3, "b": 2}));
        assert_eq!(y.duplicates.len(), 1);
        assert_eq!(y.duplicates[0].1, "a");
    }
}
