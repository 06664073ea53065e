//! Pretty: miette's graphical report, one per finding, then a summary line.
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, NamedSource, Report, SourceCode, SourceSpan, SpanContents,
};

use super::{Emitter, Options};
use crate::diagnostic::{Checked, Diagnostic, Severity, Summary};
use crate::source::{SourceFile, Span};

pub(super) struct Pretty {
    handler: GraphicalReportHandler,
}

impl Pretty {
    pub(super) fn new(options: Options) -> Self {
        Pretty {
            handler: handler(options),
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
    let mut text = String::new();
    if handler
        .render_report(&mut text, report(source, d).as_ref())
        .is_err()
    {
        text = format!("{}: {}\n", d.code, d.message);
    }
    text.push('\n');
    text
}

/// Longest label drawn in full; a longer span (a 10 MB string) is marked at its first character.
const MAX_LABEL: usize = 256;
/// Largest snippet read as miette would (whole lines with context); beyond it, the snippet is
/// the labelled bytes and `CLIP` bytes either side, so a 100 MB one-line file prints a few lines.
const MAX_WINDOW: usize = 16 * 1024;
const CLIP: usize = 60;
/// Most secondary labels drawn for one finding (a verdict can name thousands of statements).
const MAX_LABELS: usize = 16;

fn label_span(source: &SourceFile, span: Span) -> Span {
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
/// of a scan from the start of the text, and long lines clipped around the labels.
struct Windowed(SourceFile);

impl Windowed {
    fn floor(&self, mut at: usize) -> usize {
        while !self.0.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    fn ceil(&self, mut at: usize) -> usize {
        while !self.0.text.is_char_boundary(at) {
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
        let s = &self.0;
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
                inner.column(),
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
            a - s.line_start(first),
            last + 1,
        )))
    }
}

/// Builds the miette report for one diagnostic over its source.
pub fn report(source: &SourceFile, d: &Diagnostic) -> Report {
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        d.label.clone(),
        label_span(source, d.span),
    )];
    // miette's work grows with labels squared: past MAX_LABELS, the last shown counts the rest
    let shown = d.others.len().min(MAX_LABELS);
    labels.extend(d.others[..shown].iter().enumerate().map(|(i, l)| {
        let more = d.others.len() - shown;
        let text = if i + 1 == shown && more > 0 {
            format!("{} (and {more} more)", l.text)
        } else {
            l.text.clone()
        };
        LabeledSpan::new_with_span(Some(text), label_span(source, l.span))
    }));
    let diag = MietteDiagnostic::new(d.message.clone())
        .with_code(d.code)
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_help(d.help.clone())
        .with_labels(labels);
    Report::new(diag).with_source_code(NamedSource::new(&source.name, Windowed(source.clone())))
}

impl Emitter for Pretty {
    fn emit(&mut self, out: &mut dyn Write, files: &[Checked]) -> io::Result<()> {
        for file in files {
            for d in &file.diagnostics {
                out.write_all(render(&self.handler, &file.source, d).as_bytes())?;
            }
        }
        writeln!(out, "{}", Summary::of(files))
    }
}
