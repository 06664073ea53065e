//! The one pipeline: parse → shape → schema → model → rules. Every command that checks a
//! document (lint, generate, event, check-bucket's `--from-actions`) goes through it.
use crate::diagnostic::{Checked, Diagnostic, cap};
use crate::model::{self, Document, Event, Kind, Model, detect};
use crate::parse;
use crate::rules::{self, Context, Facts};
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
    let facts = Facts::of(doc);
    for rule in rules::RULES {
        rule.check(doc, &mut Context::new(rule.meta(), out, &facts));
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
    let mut results = Vec::with_capacity(items.len());
    check_each(items, work, |_, r| results.push(r));
    results
}

/// Runs `work` on every item, one worker per core pulling the next index, and hands each
/// result to `sink` on the calling thread, in item order, as soon as it and those before it
/// are done. Workers run at most `window(workers)` items ahead of the last one handed over,
/// so at most that many results wait at once: memory stays in proportion to a few items, not
/// to all of them. A panic in one item is caught and becomes that item's `Err`.
pub fn check_each<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(usize, Result<R, Panicked>),
) {
    use std::collections::BTreeMap;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex, mpsc};

    schema::warm_up();
    let one = |item: &T| {
        catch_unwind(AssertUnwindSafe(|| work(item))).map_err(|p| Panicked::from_payload(&*p))
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    // One worker (one item, or one core) runs here, in order: no thread, no window.
    if workers == 1 {
        for (i, item) in items.iter().enumerate() {
            sink(i, one(item));
        }
        return;
    }
    let ahead = window(workers);
    let next = AtomicUsize::new(0);
    // how many results the sink has taken; workers wait while they would run too far ahead
    let handed = Mutex::new(0usize);
    let moved = Condvar::new();
    // set when the calling thread stops taking results (it panicked): workers stop too
    let abandoned = AtomicBool::new(false);
    struct Abandon<'a>(&'a AtomicBool, &'a Condvar);
    impl Drop for Abandon<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
            self.1.notify_all();
        }
    }
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, handed, moved, abandoned, one) = (&next, &handed, &moved, &abandoned, &one);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let mut taken = handed.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *taken + ahead && !abandoned.load(Ordering::SeqCst) {
                        taken = moved.wait(taken).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(taken);
                    if abandoned.load(Ordering::SeqCst) || tx.send((i, one(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let _abandon = Abandon(&abandoned, &moved);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, r) in rx {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&due) {
                sink(due, r);
                due += 1;
                *handed.lock().unwrap_or_else(|e| e.into_inner()) = due;
                moved.notify_all();
            }
        }
        // a worker that died outside `catch_unwind` left its item undone
        for i in due..items.len() {
            sink(
                i,
                waiting
                    .remove(&i)
                    .unwrap_or_else(|| Err(Panicked("the item was never checked".into()))),
            );
        }
    });
}

/// How far ahead of the result last handed over the workers may run: sixteen items each, so
/// workers on small files rarely wait for the output (a wait and a wake-up per file cost
/// more than checking a small file), while memory stays bounded by a few dozen files.
pub fn window(workers: usize) -> usize {
    16 * workers.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_workers_stay_within_the_window() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let items: Vec<usize> = (0..500).collect();
        let delivered = AtomicUsize::new(0);
        let furthest = AtomicUsize::new(0);
        let mut seen = Vec::new();
        check_each(
            &items,
            |&i| {
                // how far ahead of the results handed over this item runs
                let lead = i.saturating_sub(delivered.load(Ordering::SeqCst));
                furthest.fetch_max(lead, Ordering::SeqCst);
                i * 2
            },
            |i, r| {
                seen.push((i, r.unwrap()));
                delivered.store(i + 1, Ordering::SeqCst);
            },
        );
        assert_eq!(seen, items.iter().map(|&i| (i, i * 2)).collect::<Vec<_>>());
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert!(
            furthest.load(Ordering::SeqCst) < window(workers),
            "ran {} items ahead",
            furthest.load(Ordering::SeqCst)
        );
    }

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
