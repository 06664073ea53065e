//! Checks SSML the way Amazon Polly reads it: well-formed XML (a real XML parser), one
//! `<speak>` root, and only the tags, attributes and values Polly supports with the engine.
//! Positions are byte offsets in the decoded text; the rule maps them back into the JSON.
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::rules::data::ssml::{self, Tag};
use crate::util::suggest::did_you_mean;

/// One problem in an SSML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, in the decoded text.
    pub range: Range<usize>,
    pub message: String,
    pub label: String,
    /// A replacement for `range` that fixes it, when there is one.
    pub fix: Option<String>,
}

impl Problem {
    fn new(range: Range<usize>, message: impl Into<String>, label: impl Into<String>) -> Self {
        Problem {
            range,
            message: message.into(),
            label: label.into(),
            fix: None,
        }
    }
}

/// Tags that never have content, which a forgotten `/` leaves open (`<break time="1s">`).
const EMPTY_TAGS: &[&str] = &["break", "mark", "amazon:breath"];

/// The predefined XML entities; anything else (`&nbsp;`) is undefined in SSML.
const ENTITIES: &[&str] = &["amp", "lt", "gt", "quot", "apos"];

/// At most this many problems are reported per text: the first ones say what is wrong, and
/// the check stays linear however many tags a hostile text has.
pub const MAX_PROBLEMS: usize = 10;

/// Every problem Polly would reject in `text`, spoken with `engine` (the first
/// [`MAX_PROBLEMS`]).
pub fn check(text: &str, engine: &str) -> Vec<Problem> {
    if let Some((i, c)) = text
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return vec![Problem::new(
            i..i + c.len_utf8(),
            format!(
                "the SSML contains the control character U+{:04X}, which XML does not allow",
                c as u32
            ),
            "not allowed in XML",
        )];
    }
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.check_comments = true;
    let mut out = Vec::new();
    // open elements: (name, range of the opening tag)
    let mut stack: Vec<(String, Range<usize>)> = Vec::new();
    let mut root_seen = false;
    let mut root_closed = false;
    loop {
        if out.len() >= MAX_PROBLEMS {
            return out;
        }
        let start = pos(reader.buffer_position(), text);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = pos(reader.error_position(), text);
                let range = at..(at + 1).min(text.len()).max(at);
                let mut p = Problem::new(
                    range.clone(),
                    format!("the SSML is not well-formed XML: {e}"),
                    "not well-formed",
                );
                if text.get(range).is_some_and(|c| c == "&") {
                    p.message = "a bare `&` is not allowed in SSML: write `&amp;`".into();
                    p.label = "write `&amp;`".into();
                    p.fix = Some("&amp;".into());
                }
                out.push(p);
                return out;
            }
        };
        let end = pos(reader.buffer_position(), text);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.name().0.to_string();
                if stack.is_empty() {
                    if root_closed {
                        out.push(Problem::new(
                            start..end,
                            format!("`<{name}>` comes after `</speak>`"),
                            "outside <speak>",
                        ));
                    } else if !name.eq_ignore_ascii_case("speak") && !root_seen {
                        out.push(missing_speak(start..end, &name));
                    }
                    root_seen = true;
                }
                check_tag(e, &name, start, text, engine, &mut out);
                if matches!(event, Event::Start(_)) {
                    stack.push((name, start..end));
                } else if stack.is_empty() && name == "speak" {
                    root_closed = true;
                }
            }
            Event::End(ref e) => {
                let name = e.name().0.to_string();
                match stack.iter().rposition(|(n, _)| *n == name) {
                    None => out.push(Problem::new(
                        start..end,
                        format!("`</{name}>` closes a tag that is not open"),
                        "nothing to close",
                    )),
                    Some(i) => {
                        let room = MAX_PROBLEMS.saturating_sub(out.len());
                        for (open, range) in
                            stack.drain(i + 1..).rev().take(room).collect::<Vec<_>>()
                        {
                            out.push(unclosed(&open, range, text, Some(&name)));
                        }
                        stack.pop();
                        if stack.is_empty() {
                            root_closed = true;
                        }
                    }
                }
            }
            Event::Text(ref t) => {
                let s: &str = t;
                if stack.is_empty() && !s.trim().is_empty() {
                    let lead = s.len() - s.trim_start().len();
                    let range = start + lead..start + s.trim_end().len();
                    if root_closed {
                        out.push(Problem::new(
                            range,
                            "text after `</speak>` is not spoken",
                            "outside <speak>",
                        ));
                    } else if !root_seen {
                        out.push(missing_speak(range, ""));
                        root_seen = true;
                    }
                }
            }
            Event::GeneralRef(ref r) => {
                let name = r.to_string();
                let known = ENTITIES.contains(&name.as_str())
                    || r.resolve_char_ref().is_ok_and(|c| c.is_some());
                if !known {
                    let mut p = Problem::new(
                        start..end,
                        format!(
                            "`&{name};` is not an XML entity (only &amp; &lt; &gt; &quot; &apos; and numeric references)"
                        ),
                        "undefined entity",
                    );
                    if name == "nbsp" {
                        p.fix = Some("&#160;".into());
                    }
                    out.push(p);
                }
            }
            Event::Eof => break,
            Event::DocType(_) => out.push(Problem::new(
                start..end,
                "a `<!DOCTYPE>` is not allowed in Polly's SSML",
                "not SSML",
            )),
            Event::PI(_) => out.push(Problem::new(
                start..end,
                "a processing instruction (`<?...?>`) is not allowed in Polly's SSML",
                "not SSML",
            )),
            Event::Decl(_) if start > 0 || root_seen => out.push(Problem::new(
                start..end,
                "the XML declaration (`<?xml ...?>`) may only open the text",
                "misplaced declaration",
            )),
            Event::CData(_) | Event::Comment(_) | Event::Decl(_) => {}
        }
    }
    let room = MAX_PROBLEMS.saturating_sub(out.len());
    for (open, range) in stack.into_iter().rev().take(room) {
        out.push(unclosed(&open, range, text, None));
    }
    if !root_seen {
        out.push(missing_speak(0..text.len().min(1), ""));
    }
    out
}

fn pos(p: u64, text: &str) -> usize {
    usize::try_from(p).unwrap_or(usize::MAX).min(text.len())
}

fn missing_speak(range: Range<usize>, first: &str) -> Problem {
    let found = if first.is_empty() {
        "text".to_string()
    } else {
        format!("`<{first}>`")
    };
    Problem::new(
        range,
        format!("SSML must be enclosed in `<speak>...</speak>`; it starts with {found}"),
        "not inside <speak>",
    )
}

/// An opening tag never closed; for tags that never have content, the fix adds the `/`.
fn unclosed(name: &str, range: Range<usize>, text: &str, closed_by: Option<&str>) -> Problem {
    let by = closed_by.map_or("the text ends".to_string(), |c| {
        format!("`</{c}>` comes first")
    });
    let mut p = Problem::new(
        range.clone(),
        format!("`<{name}>` is never closed ({by})"),
        "never closed",
    );
    if EMPTY_TAGS.contains(&name) {
        let tag = &text[range.clone()];
        if let Some(body) = tag.strip_suffix('>') {
            p.label = format!("write `<{name} .../>`");
            p.fix = Some(format!("{}/>", body.trim_end()));
        }
    }
    p
}

/// Checks a tag's name, attributes and values, and whether `engine` supports it.
fn check_tag(
    e: &BytesStart<'_>,
    name: &str,
    start: usize,
    text: &str,
    engine: &str,
    out: &mut Vec<Problem>,
) {
    // `<` then the name
    let name_range = start + 1..start + 1 + name.len();
    let Some(tag) = ssml::tag(name) else {
        let mut p = Problem::new(
            name_range,
            format!("Amazon Polly does not support the SSML tag `<{name}>`"),
            "unsupported tag",
        );
        if let Some(good) = did_you_mean(name, ssml::TAGS.iter().map(|t| t.name)) {
            p.label = format!("did you mean `{good}`?");
        }
        out.push(p);
        return;
    };
    if !supports(tag, engine) {
        out.push(Problem::new(
            name_range.clone(),
            format!("`<{name}>` is not available with the {engine} engine"),
            format!("not available with {engine}"),
        ));
    }
    // the tag's own text, so finding an attribute never scans past the tag
    let raw = &text[start..(start + e.len() + 3).min(text.len())];
    let mut from = 1 + name.len();
    let mut seen: Vec<String> = Vec::new();
    for attr in e.attributes().with_checks(false) {
        if out.len() >= MAX_PROBLEMS {
            return;
        }
        let Ok(attr) = attr else {
            out.push(Problem::new(
                name_range.clone(),
                format!("`<{name}>` has a malformed attribute"),
                "malformed attribute",
            ));
            return;
        };
        let key = attr.key.0.to_string();
        let at = match raw.get(from..).and_then(|r| r.find(&key)) {
            Some(i) => {
                from += i + key.len();
                start + from - key.len()..start + from
            }
            None => name_range.clone(),
        };
        if seen.contains(&key) {
            out.push(Problem::new(
                at,
                format!("`<{name}>` has the attribute `{key}` twice"),
                "duplicate attribute",
            ));
            continue;
        }
        seen.push(key.clone());
        let Some(spec) = tag.attributes.iter().find(|a| a.name == key) else {
            // namespace declarations are XML's, not the tag's
            if key == "xmlns" || key.starts_with("xmlns:") || key == "xml:lang" && name == "speak" {
                continue;
            }
            let mut p = Problem::new(
                at,
                format!("`<{name}>` has no attribute `{key}`"),
                "unknown attribute",
            );
            if let Some(good) = did_you_mean(&key, tag.attributes.iter().map(|a| a.name)) {
                p.label = format!("did you mean `{good}`?");
                p.fix = Some(good.to_string());
            }
            out.push(p);
            continue;
        };
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_default();
        if let Some(why) = value_problem(name, &key, &value) {
            out.push(Problem::new(at, why, "invalid value"));
        } else if !spec.values.is_empty() && !spec.values.contains(&value.as_str()) {
            out.push(Problem::new(
                at,
                format!(
                    "`{key}=\"{value}\"` is not a value of `<{name}>`; Polly takes {}",
                    spec.values
                        .iter()
                        .map(|v| format!("\"{v}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "unsupported value",
            ));
        } else if let Some(why) = value_unavailable(tag, &key, &value, engine) {
            out.push(Problem::new(
                at,
                why,
                format!("not available with {engine}"),
            ));
        }
    }
    for (tag_name, required) in REQUIRED {
        if *tag_name == name && !seen.iter().any(|k| k == required) && out.len() < MAX_PROBLEMS {
            out.push(Problem::new(
                name_range.clone(),
                format!("`<{name}>` needs the attribute `{required}`"),
                format!("`{required}` missing"),
            ));
        }
    }
}

/// Attributes a tag cannot do without (the tag pages: lang-tag, custom-tag, phoneme-tag,
/// say-as-tag, sub-tag).
const REQUIRED: &[(&str, &str)] = &[
    ("lang", "xml:lang"),
    ("mark", "name"),
    ("phoneme", "ph"),
    ("say-as", "interpret-as"),
    ("sub", "alias"),
];

/// Checks the open-ended values the tag pages give a form for: `<break time>` and
/// `<prosody amazon:max-duration>` (a number of `s` or `ms`; a break at most 10 seconds),
/// `<prosody rate|pitch|volume>` (a keyword, a percentage, or decibels for volume).
fn value_problem(tag: &str, key: &str, value: &str) -> Option<String> {
    let number = |s: &str| s.parse::<f64>().ok().filter(|n| n.is_finite());
    let seconds = |v: &str| match v.strip_suffix("ms") {
        Some(n) => number(n).map(|n| n / 1000.0),
        None => v.strip_suffix('s').and_then(number),
    };
    let signed = |s: &str| number(s.strip_prefix('+').unwrap_or(s));
    let percent = |v: &str| v.strip_suffix('%').and_then(signed).is_some();
    match (tag, key) {
        ("break", "time") => match seconds(value) {
            Some(t) if (0.0..=10.0).contains(&t) => None,
            Some(_) => Some(format!(
                "`<break time=\"{value}\">`: a break is at most 10 seconds (10s or 10000ms)"
            )),
            None => Some(format!(
                "`<break time=\"{value}\">` is not a duration: write seconds (`2s`) or milliseconds (`500ms`)"
            )),
        },
        ("prosody", "amazon:max-duration") => seconds(value).is_none_or(|t| t <= 0.0).then(|| {
            format!("`amazon:max-duration=\"{value}\"` is not a duration: write `2s` or `500ms`")
        }),
        ("prosody", "rate") => {
            let words = ["x-slow", "slow", "medium", "fast", "x-fast"];
            (!words.contains(&value) && !percent(value)).then(|| {
                format!("`rate=\"{value}\"` is not x-slow, slow, medium, fast, x-fast or a percentage (`120%`)")
            })
        }
        ("prosody", "pitch") => {
            let words = ["default", "x-low", "low", "medium", "high", "x-high"];
            (!words.contains(&value) && !percent(value)).then(|| {
                format!("`pitch=\"{value}\"` is not default, x-low, low, medium, high, x-high or a percentage (`+10%`)")
            })
        }
        ("prosody", "volume") => {
            let words = [
                "default", "silent", "x-soft", "soft", "medium", "loud", "x-loud",
            ];
            let db = value.strip_suffix("dB").and_then(signed).is_some();
            (!words.contains(&value) && !db && !percent(value)).then(|| {
                format!("`volume=\"{value}\"` is not silent, x-soft, soft, medium, loud, x-loud or decibels (`+6dB`)")
            })
        }
        _ => None,
    }
}

/// Whether `engine` supports the tag at all (some of its uses may still be unavailable).
fn supports(tag: &Tag, engine: &str) -> bool {
    tag.engines.contains(&engine)
}

/// A use of a tag that fewer engines support than the tag (`<amazon:effect
/// name="whispered">`: standard only), when `engine` is not one of them.
fn value_unavailable(tag: &Tag, key: &str, value: &str, engine: &str) -> Option<String> {
    let engines = ssml::engines(tag.name, key, value)?;
    (engines != tag.engines && !engines.contains(&engine)).then(|| {
        format!(
            "`<{} {key}=\"{value}\">` is not available with the {engine} engine (only {})",
            tag.name,
            engines.join(", ")
        )
    })
}
