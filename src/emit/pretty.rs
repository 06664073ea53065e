//! Pretty: miette's graphical report, one per finding, then a summary line.
//!
//! Nothing from input reaches the terminal raw: the message, help, labels and file name go
//! through `escape_text`, and a snippet is read from a `Shown` source, where each control
//! character is escaped the same way (tabs and line ends are left to miette) with the spans
//! mapped onto the escaped text, and where a binary file is a one-line placeholder.
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, NamedSource, Report, SourceCode, SourceSpan, SpanContents,
};

use super::{Emitter, Options, escape_text, push_escaped};
use crate::diagnostic::{Checked, Diagnostic, Severity, Summary};
use crate::source::{SourceFile, Span};

pub(super) struct Pretty {
    handler: GraphicalReportHandler,
    summary: Summary,
}

impl Pretty {
    pub(super) fn new(options: Options) -> Self {
        Pretty {
            handler: handler(options),
            summary: Summary::default(),
        }
    }
}

/// The graphical handler every pretty output uses: no OSC-8 links, fixed width.
pub fn handler(options: Options) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_urls(false)
        .with_width(options.width)
}

/// Renders one diagnostic over its source, followed by a blank line.
pub fn render(handler: &GraphicalReportHandler, source: &SourceFile, d: &Diagnostic) -> String {
    render_shown(handler, &Shown::new(source), d)
}

/// Renders one diagnostic over a source made ready for showing (once for all its findings).
pub fn render_shown(handler: &GraphicalReportHandler, shown: &Shown, d: &Diagnostic) -> String {
    let mut text = String::new();
    if handler
        .render_report(&mut text, report(shown, d).as_ref())
        .is_err()
    {
        text = format!("{}: {}\n", d.code, escape_text(&d.message));
    }
    text.push('\n');
    text
}

/// A source as a snippet shows it. A binary file (a NUL byte, or more than 32 + 1/64 of its
/// bytes control characters) is not shown: its snippet is one line, `binary file (N bytes),
/// not shown`, under the real position. In a text, each control character other than a tab,
/// a line feed and the CR of a CRLF is shown as `escape_text` shows it; spans are mapped onto
/// the shown text, and positions are still those of the original.
#[derive(Clone)]
pub struct Shown {
    original: SourceFile,
    /// The text miette reads: the original, or a copy with the control characters escaped.
    text: SourceFile,
    /// Each escaped character, in order (empty when nothing is escaped).
    escapes: Arc<Vec<Escape>>,
    binary: bool,
}

/// One escaped character: where it is in the original and in the shown text, and its lengths.
#[derive(Debug, Clone, Copy)]
struct Escape {
    old: usize,
    new: usize,
    old_len: usize,
    new_len: usize,
}

/// Counts the control characters a snippet escapes (see `Shown`), and whether there is a NUL.
fn controls(text: &str) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut count = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        let control = match b {
            0 => return (count + 1, true),
            b'\t' | b'\n' => false,
            b'\r' => next != Some(b'\n'),
            0x01..=0x1f | 0x7f => true,
            // the lead byte of U+0080..=U+009F in UTF-8
            0xc2 => next.is_some_and(|n| (0x80..=0x9f).contains(&n)),
            _ => false,
        };
        count += usize::from(control);
    }
    (count, false)
}

impl Shown {
    /// Makes `source` ready for showing: one pass over its text, a copy only when it holds a
    /// control character.
    pub fn new(source: &SourceFile) -> Self {
        let (count, nul) = controls(&source.text);
        let mut shown = Shown {
            original: source.clone(),
            text: source.clone(),
            escapes: Arc::new(Vec::new()),
            binary: nul || count > 32 + source.text.len() / 64,
        };
        if count == 0 || shown.binary {
            return shown;
        }
        let text: &str = &source.text;
        let mut out = String::with_capacity(text.len() + 6 * count);
        let mut escapes = Vec::with_capacity(count);
        for (i, c) in text.char_indices() {
            let crlf = c == '\r' && text.as_bytes().get(i + 1) == Some(&b'\n');
            if c.is_control() && c != '\t' && c != '\n' && !crlf {
                let new = out.len();
                push_escaped(&mut out, c);
                escapes.push(Escape {
                    old: i,
                    new,
                    old_len: c.len_utf8(),
                    new_len: out.len() - new,
                });
            } else {
                out.push(c);
            }
        }
        shown.text = SourceFile::new(source.name.clone(), out);
        shown.escapes = Arc::new(escapes);
        shown
    }

    /// Returns whether the source is binary, and so not shown.
    pub fn is_binary(&self) -> bool {
        self.binary
    }

    /// Maps an offset of the original onto the shown text (inside an escaped character: the
    /// start of its escape).
    fn to_shown(&self, old: usize) -> usize {
        let i = self.escapes.partition_point(|e| e.old < old);
        match i.checked_sub(1).map(|j| self.escapes[j]) {
            None => old,
            Some(e) if old < e.old + e.old_len => e.new,
            Some(e) => old - (e.old + e.old_len) + e.new + e.new_len,
        }
    }

    /// Maps an offset of the shown text back onto the original (inside an escape: the start
    /// of its character).
    fn to_original(&self, new: usize) -> usize {
        let i = self.escapes.partition_point(|e| e.new < new);
        match i.checked_sub(1).map(|j| self.escapes[j]) {
            None => new,
            Some(e) if new < e.new + e.new_len => e.old,
            Some(e) => new - (e.new + e.new_len) + e.old + e.old_len,
        }
    }

    fn span(&self, span: Span) -> Span {
        Span::new(self.to_shown(span.start), self.to_shown(span.end))
    }

    /// The 0-based character column, in the original, of an offset of the shown text.
    fn column(&self, new: usize) -> usize {
        self.original.position(self.to_original(new)).column - 1
    }
}

/// The one-line snippet of a binary file, under the position of the finding.
struct Placeholder {
    text: String,
    line: usize,
    column: usize,
}

impl SourceCode for Placeholder {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        Ok(Box::new(MietteSpanContents::new(
            self.text.as_bytes(),
            SourceSpan::from((0, self.text.len())),
            self.line,
            self.column,
            1,
        )))
    }
}

/// Longest label drawn in full; a longer span (a 10 MB string) is marked at its first character.
const MAX_LABEL: usize = 256;
/// Largest snippet read as miette would (whole lines with context); beyond it, the snippet is
/// the labelled bytes and `CLIP` bytes either side, so a 100 MB one-line file prints a few lines.
const MAX_WINDOW: usize = 16 * 1024;
const CLIP: usize = 60;
/// Most secondary labels drawn for one finding (a verdict can name thousands of statements).
const MAX_LABELS: usize = 16;

/// Maps a span onto the shown text, cut to its first character past `MAX_LABEL`.
fn label_span(shown: &Shown, span: Span) -> Span {
    let span = shown.span(span);
    let source = &shown.text;
    if span.len() <= MAX_LABEL {
        return span;
    }
    let first = source.text[span.start.min(source.text.len())..]
        .chars()
        .next()
        .map_or(0, char::len_utf8);
    Span::new(span.start, span.start + first)
}

/// A source that miette reads a window at a time: line lookups through the line index instead
/// of a scan from the start of the text, long lines clipped around the labels, and columns
/// counted in characters of the original (as the other formats count them).
struct Windowed(Shown);

impl Windowed {
    fn floor(&self, mut at: usize) -> usize {
        while !self.0.text.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    fn ceil(&self, mut at: usize) -> usize {
        while !self.0.text.text.is_char_boundary(at) {
            at += 1;
        }
        at
    }
}

impl SourceCode for Windowed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let s = &self.0.text;
        let text = s.text.as_str();
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = s.line_index(start);
        let last = s.line_index(end.saturating_sub(1).max(start));
        let lo_line = first.saturating_sub(before);
        let hi_line = (last + after).min(s.line_count() - 1);
        let (lo, hi) = (s.line_start(lo_line), s.line_start(hi_line + 1));
        if hi - lo <= MAX_WINDOW {
            // exactly what miette reads, found without scanning the text before it
            let inner = text.as_bytes()[lo..hi].read_span(
                &SourceSpan::from((start - lo, end - start)),
                before,
                after,
            )?;
            let at = inner.span().offset() + lo;
            return Ok(Box::new(MietteSpanContents::new(
                inner.data(),
                SourceSpan::from((at, inner.span().len())),
                lo_line + inner.line(),
                self.0.column(start),
                lo_line + inner.line_count(),
            )));
        }
        // a long line: the labelled bytes and a little around them, on its own. Labels are at
        // most MAX_LABEL long; a longer span is miette merging two labels far apart into one
        // snippet, which is refused so that each is shown on its own.
        if end - start > MAX_LABEL {
            return Err(MietteError::OutOfBounds);
        }
        let line_end = s.line_start(last + 1).min(text.len());
        let a = if before == 0 && after == 0 {
            start
        } else {
            self.floor(start.saturating_sub(CLIP).max(s.line_start(first)))
        };
        let b = self.ceil((end + CLIP).min(line_end).max(end));
        let b = text[a..b].trim_end_matches(['\n', '\r']).len() + a;
        let b = b.max(end);
        Ok(Box::new(MietteSpanContents::new(
            &text.as_bytes()[a..b],
            SourceSpan::from((a, b - a)),
            first,
            self.0.column(a),
            last + 1,
        )))
    }
}

/// Builds the miette report for one diagnostic over its source.
pub fn report(shown: &Shown, d: &Diagnostic) -> Report {
    let label = |text: &str| escape_text(text).into_owned();
    let diag = MietteDiagnostic::new(label(&d.message))
        .with_code(d.code)
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_help(label(&d.help));
    let name = label(&shown.original.name);
    if shown.binary {
        let p = shown.original.position(d.span.start);
        let size = shown.original.size;
        let text = format!(
            "binary file ({size} byte{}), not shown",
            if size == 1 { "" } else { "s" }
        );
        let span = LabeledSpan::new_primary_with_span(None, (text.len() + 1, 0));
        let source = Placeholder {
            text,
            line: p.line - 1,
            column: p.column - 1,
        };
        return Report::new(diag.with_labels([span]))
            .with_source_code(NamedSource::new(name, source));
    }
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        d.label.as_deref().map(label),
        label_span(shown, d.span),
    )];
    // miette's work grows with labels squared: past MAX_LABELS, the last shown counts the rest
    let shown_labels = d.others.len().min(MAX_LABELS);
    labels.extend(d.others[..shown_labels].iter().enumerate().map(|(i, l)| {
        let more = d.others.len() - shown_labels;
        let text = if i + 1 == shown_labels && more > 0 {
            format!("{} (and {more} more)", label(&l.text))
        } else {
            label(&l.text)
        };
        LabeledSpan::new_with_span(Some(text), label_span(shown, l.span))
    }));
    Report::new(diag.with_labels(labels))
        .with_source_code(NamedSource::new(name, Windowed(shown.clone())))
}

impl Emitter for Pretty {
    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        self.summary.add(file);
        if file.diagnostics.is_empty() {
            return Ok(());
        }
        let shown = Shown::new(&file.source);
        for d in &file.diagnostics {
            out.write_all(render_shown(&self.handler, &shown, d).as_bytes())?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", self.summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_map_onto_the_escaped_text_and_back() {
        let text = "ab\u{1b}c\u{9b}d\r\ne\rf\tg";
        let shown = Shown::new(&SourceFile::new("t", text));
        assert!(!shown.is_binary());
        assert_eq!(*shown.text.text, "ab\\u{1b}c\\u{9b}d\r\ne\\rf\tg");
        // every character of the original lands on its own shown form
        for (old, c) in text.char_indices() {
            let new = shown.to_shown(old);
            assert_eq!(shown.to_original(new), old, "{c:?}");
            let end = shown.to_shown(old + c.len_utf8());
            let expected = match c {
                '\u{1b}' => r"\u{1b}".to_string(),
                '\u{9b}' => r"\u{9b}".to_string(),
                '\r' if !text[old..].starts_with("\r\n") => r"\r".to_string(),
                c => c.to_string(),
            };
            assert_eq!(&shown.text.text[new..end], expected, "{c:?}");
        }
        assert_eq!(shown.to_shown(text.len()), shown.text.text.len());
        // columns are those of the original: `c` is the 4th character
        assert_eq!(shown.column(shown.to_shown(3)), 3);
    }

    #[test]
    fn a_text_without_controls_is_not_copied() {
        let source = SourceFile::new("t", "{\r\n\t\"a\": 1}\n");
        let shown = Shown::new(&source);
        assert!(Arc::ptr_eq(&shown.text.text, &source.text));
        assert!(!shown.is_binary());
    }

    #[test]
    fn nul_or_many_controls_make_a_binary_file() {
        let binary = |text: &str| Shown::new(&SourceFile::new("t", text)).is_binary();
        assert!(binary("{\"a\": 1}\u{0}"));
        assert!(binary(&"\u{1}".repeat(40)));
        assert!(!binary(&"\u{1}".repeat(30)));
        assert!(!binary("caf\u{fffd} au lait, not UTF-8 but text"));
    }
}
