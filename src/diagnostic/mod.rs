//! Findings: one `Diagnostic` per problem, with its code, severity, pointer and spans; and
//! every code's identity (`code::Meta`), declared apart from the pass that emits it.
use crate::source::{SourceFile, Span};
use crate::util::plural;

pub mod code;
pub mod codes;

pub use code::{Described, Meta};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A secondary or primary label on the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One change to the source text: replace `span` with `text` (empty text deletes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// Applies non-overlapping edits to `text` (any order).
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut edits: Vec<&Edit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.text);
    }
    out
}

/// A finding before it is stamped with a code: what a stage or a rule reports.
#[derive(Debug, Clone)]
pub struct Finding {
    pub message: String,
    pub help: Option<String>,
    /// The subject: the JSON Pointer of the value the finding is about.
    pub pointer: String,
    /// The primary span; its label is `label`.
    pub span: Span,
    pub label: Option<String>,
    /// Further labelled spans (e.g. the first of two duplicate keys).
    pub others: Vec<Label>,
    /// What is wrong with the subject, naming neither it nor its value ("must be an integer
    /// from 1 to 1000", "is empty"): what other tools restate in their own terms
    /// (`record-audio generate` names the flag that set the value).
    pub detail: Option<String>,
    /// What the value should be, when one kind of value is right ("an integer from 1 to 1000").
    pub expected: Option<String>,
    /// Edits to the source that fix the finding, when sma knows them.
    pub fix: Vec<Edit>,
}

impl Finding {
    pub fn new(message: impl Into<String>, pointer: impl Into<String>, span: Span) -> Self {
        Finding {
            message: message.into(),
            help: None,
            pointer: pointer.into(),
            span,
            label: None,
            others: Vec::new(),
            detail: None,
            expected: None,
            fix: Vec::new(),
        }
    }

    /// Sets what is wrong with the subject, without naming it or its value.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets what the value should be.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Sets the edits that fix the finding.
    pub fn fix(mut self, edits: Vec<Edit>) -> Self {
        self.fix = edits;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_other(mut self, span: Span, text: impl Into<String>) -> Self {
        self.others.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Stamps the finding with the code, name and severity of `meta`.
    pub fn stamp(self, meta: &'static Meta) -> Diagnostic {
        Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            help: self.help.unwrap_or_else(|| meta.fix.to_string()),
            message: self.message,
            pointer: self.pointer,
            span: self.span,
            label: self.label,
            others: self.others,
            detail: self.detail,
            expected: self.expected,
            fix: self.fix,
        }
    }
}

/// A stamped finding, ready for an emitter.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub pointer: String,
    pub span: Span,
    pub label: Option<String>,
    pub others: Vec<Label>,
    /// See `Finding::detail`.
    pub detail: Option<String>,
    /// See `Finding::expected`.
    pub expected: Option<String>,
    /// See `Finding::fix`.
    pub fix: Vec<Edit>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Returns `text` cut to `max` characters with `…` when longer: for keys and values quoted in
/// messages, so a 10 MB key is not repeated in full by every finding about it.
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

/// Shortens each `` `quoted` `` run of `message` to `max` characters.
fn shorten_quoted(message: &str, max: usize) -> String {
    let mut out = String::with_capacity(message.len().min(4 * max + 200));
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // odd parts are inside backticks
        if i % 2 == 1 {
            out.push_str(&shorten(part, max));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The most findings listed for one file; the rest are counted in one SMA008 finding.
pub const MAX_FINDINGS: usize = 1000;

/// Keeps the first `MAX_FINDINGS` of `diagnostics` (sorted by position) and replaces the rest
/// by one finding that counts them, at the first dropped one's position and as severe as the
/// worst of them.
/// Also shortens every backticked run over 80 characters in the kept messages (a 10 MB key
/// quoted by a rule), so findings stay readable and output stays proportionate.
pub fn cap(diagnostics: &mut Vec<Diagnostic>) {
    for d in diagnostics.iter_mut() {
        if d.message.len() > 200 {
            d.message = shorten_quoted(&d.message, 80);
        }
    }
    if diagnostics.len() <= MAX_FINDINGS {
        return;
    }
    let dropped = diagnostics.split_off(MAX_FINDINGS);
    let errors = dropped.iter().filter(|d| d.is_error()).count();
    let warnings = dropped.len() - errors;
    let mut d = Finding::new(
        format!(
            "{} not listed ({}, {}): only the first {MAX_FINDINGS} of a file are",
            plural(dropped.len(), "more finding"),
            plural(errors, "error"),
            plural(warnings, "warning"),
        ),
        dropped[0].pointer.clone(),
        Span::new(dropped[0].span.start, dropped[0].span.start),
    )
    .label("more findings from here on")
    .stamp(&codes::syntax::TooManyFindings::META);
    if errors == 0 {
        d.severity = Severity::Warning;
    }
    diagnostics.push(d);
}

/// One checked input: its source and what was found in it, in document order.
#[derive(Debug, Clone)]
pub struct Checked {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    /// Counts one more file and its findings.
    pub fn add(&mut self, file: &Checked) {
        self.files += 1;
        self.errors += file.errors();
        self.warnings += file.warnings();
    }

    pub fn of(files: &[Checked]) -> Self {
        files.iter().fold(
            Summary {
                files: files.len(),
                ..Summary::default()
            },
            |s, f| Summary {
                errors: s.errors + f.errors(),
                warnings: s.warnings + f.warnings(),
                ..s
            },
        )
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files = plural(self.files, "file");
        match (self.errors, self.warnings) {
            (0, 0) => write!(f, "no problems in {files}"),
            (e, 0) => write!(f, "{} in {files}", plural(e, "error")),
            (0, w) => write!(f, "{} in {files}", plural(w, "warning")),
            (e, w) => write!(
                f,
                "{}, {} in {files}",
                plural(e, "error"),
                plural(w, "warning")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn long_text_is_shortened_on_a_char_boundary() {
        assert_eq!(super::shorten("abc", 3), "abc");
        assert_eq!(super::shorten("äbcd", 3), "äbc…");
        assert_eq!(
            super::shorten_quoted("unknown key `abcdef`, did you mean `ab`?", 3),
            "unknown key `abc…`, did you mean `ab`?"
        );
    }

    #[test]
    fn one_dropped_finding_is_counted_in_the_singular() {
        use super::{Finding, MAX_FINDINGS, Span, cap, codes};
        let one =
            || Finding::new("w", "", Span::new(0, 0)).stamp(&codes::syntax::ByteOrderMark::META);
        let mut all: Vec<_> = (0..=MAX_FINDINGS).map(|_| one()).collect();
        cap(&mut all);
        assert_eq!(
            all.last().unwrap().message,
            format!(
                "1 more finding not listed (0 errors, 1 warning): only the first {MAX_FINDINGS} of a file are"
            )
        );
    }

    #[test]
    fn summary_line_reads_well() {
        let s = |files, errors, warnings| {
            Summary {
                files,
                errors,
                warnings,
            }
            .to_string()
        };
        assert_eq!(s(3, 0, 0), "no problems in 3 files");
        assert_eq!(s(3, 2, 1), "2 errors, 1 warning in 3 files");
        assert_eq!(s(1, 1, 0), "1 error in 1 file");
        assert_eq!(s(2, 0, 2), "2 warnings in 2 files");
    }
}
