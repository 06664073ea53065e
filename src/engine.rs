//! The one pipeline: parse → shape → schema → model → rules. Every command that checks a
//! document (lint, generate, event, check-bucket's `--from-actions`) goes through it.
use crate::diagnostic::{Checked, Diagnostic, cap};
use crate::model::{self, Document, Event, Kind, Model, detect};
use crate::parse;
use crate::rules::{self, Context};
use crate::schema;
use crate::source::SourceFile;

/// Checks raw bytes read from `name`.
pub fn check_bytes(name: &str, bytes: Vec<u8>) -> Checked {
    let (source, utf8) = parse::decode(name, bytes);
    match utf8 {
        Some(d) => Checked {
            source,
            diagnostics: vec![d],
        },
        None => check(source),
    }
}

/// Checks one source through every stage, returning its diagnostics in document order.
pub fn check(source: SourceFile) -> Checked {
    check_with_event(source, None)
}

/// Checks a response (or action, or action list) as the answer to `event`: besides every
/// ordinary rule, the context rules compare it with the event's call legs and type.
pub fn check_with_event(source: SourceFile, event: Option<&Event>) -> Checked {
    check_document(source, event).0
}

/// Checks raw bytes read from `name` as the answer to `event`.
pub fn check_bytes_with_event(name: &str, bytes: Vec<u8>, event: Option<&Event>) -> Checked {
    let (source, utf8) = parse::decode(name, bytes);
    match utf8 {
        Some(d) => Checked {
            source,
            diagnostics: vec![d],
        },
        None => check_with_event(source, event),
    }
}

/// Checks raw bytes found by a directory walk (or named with `--only-sma`): `None` when they
/// are not an SMA document (`model::is_sma_document`, or for text that does not parse,
/// `model::mentions_sma`), so the walk skips them instead of reporting SMA010.
pub fn check_walked(name: &str, bytes: Vec<u8>, event: Option<&Event>) -> Option<Checked> {
    let (source, utf8) = parse::decode(name, bytes);
    if let Some(d) = utf8 {
        return model::mentions_sma(&source.text).then(|| Checked {
            source,
            diagnostics: vec![d],
        });
    }
    let parsed = parse::parse(&source);
    let admitted = match &parsed.value {
        Some(value) => model::is_sma_document(value),
        None => model::mentions_sma(&source.text),
    };
    admitted.then(|| check_parsed(source, parsed, event).0)
}

/// Checks an event file and returns its typed view too; `None` when it is not an event.
pub fn check_event_bytes(name: &str, bytes: Vec<u8>) -> (Checked, Option<Event>) {
    let (source, utf8) = parse::decode(name, bytes);
    if let Some(d) = utf8 {
        return (
            Checked {
                source,
                diagnostics: vec![d],
            },
            None,
        );
    }
    let (checked, model) = check_document(source, None);
    (checked, model.and_then(|m| m.event))
}

fn check_document(source: SourceFile, event: Option<&Event>) -> (Checked, Option<Model>) {
    let parsed = parse::parse(&source);
    check_parsed(source, parsed, event)
}

fn check_parsed(
    source: SourceFile,
    parsed: parse::Parsed,
    event: Option<&Event>,
) -> (Checked, Option<Model>) {
    let mut diagnostics = parsed.diagnostics;
    let mut model = None;
    if let Some(value) = parsed.value {
        match detect(&value, &parsed.spans) {
            Ok(kind) => {
                diagnostics.extend(schema::validate(kind, &value, &parsed.spans));
                let doc = Document {
                    model: Model::build_named(kind, &value, &source.name),
                    source: source.clone(),
                    value,
                    spans: parsed.spans,
                    event: event.filter(|_| kind != Kind::Event).cloned(),
                };
                run_rules(&doc, &mut diagnostics);
                model = Some(doc.model);
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    cap(&mut diagnostics);
    (
        Checked {
            source,
            diagnostics,
        },
        model,
    )
}

/// Parses a source into a document of a known kind (for reading handler outputs as data).
pub fn load(source: SourceFile) -> Option<Document> {
    let parsed = parse::parse(&source);
    let value = parsed.value?;
    let kind = detect(&value, &parsed.spans).ok()?;
    Some(Document {
        model: Model::build_named(kind, &value, &source.name),
        source,
        value,
        spans: parsed.spans,
        event: None,
    })
}

fn run_rules(doc: &Document, out: &mut Vec<Diagnostic>) {
    for rule in rules::RULES {
        rule.check(doc, &mut Context::new(rule.meta(), out));
    }
}

/// A panic caught while checking one input: a bug in sma, reported against that input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked(pub String);

impl Panicked {
    fn from_payload(payload: &(dyn std::any::Any + Send)) -> Self {
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        Panicked(text)
    }
}

/// Runs `work` on every item, one worker per core pulling the next index, and returns the
/// results in item order. A panic in one item is caught and becomes that item's `Err`; the
/// other items are still checked.
pub fn check_all<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Result<R, Panicked>> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::atomic::{AtomicUsize, Ordering};

    schema::warm_up();
    let next = AtomicUsize::new(0);
    let one = |item: &T| {
        catch_unwind(AssertUnwindSafe(|| work(item))).map_err(|p| Panicked::from_payload(&*p))
    };
    let worker = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            mine.push((i, one(item)));
        }
        mine
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    // One worker (one item, or one core) runs here: no thread to start.
    let done: Vec<Vec<(usize, Result<R, Panicked>)>> = if workers == 1 {
        vec![worker()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers).map(|_| scope.spawn(worker)).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    };
    let mut results: Vec<Option<Result<R, Panicked>>> = (0..items.len()).map(|_| None).collect();
    for (i, r) in done.into_iter().flatten() {
        results[i] = Some(r);
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Panicked("the item was never checked".into()))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_per_item_and_the_rest_are_checked() {
        let items: Vec<usize> = (0..50).collect();
        let results = check_all(&items, |&i| {
            assert!(i != 17, "boom at {i}");
            i * 2
        });
        assert_eq!(results.len(), 50);
        for (i, r) in results.iter().enumerate() {
            if i == 17 {
                assert_eq!(r, &Err(Panicked("boom at 17".into())));
            } else {
                assert_eq!(r, &Ok(i * 2));
            }
        }
    }
}
