//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>
//!
//! Text from input goes through `escape_text` first (controls, CR and LF shown as `\u{1b}`,
//! `\r`, `\n`), then through `escape_data` / `escape_property`: one finding is one line, and
//! neither a newline nor a `::` in a file name or message can start a command of its own.
use std::io::{self, Write};

use super::{Context, Emitter, escape_text};
use crate::diagnostic::{Checked, Severity};

pub(super) struct Github {
    context: Context,
}

impl Github {
    pub(super) fn new(context: Context) -> Self {
        Github { context }
    }
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Emitter for Github {
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        // the path as GitHub reads it; a name that is not UTF-8 by its key (`a%FF.json`)
        let key = self.context.annotation_key(&file.source);
        let name = crate::source::key_name(&key).unwrap_or(key);
        let path = escape_property(&escape_text(&name));
        for d in &file.diagnostics {
            let start = file.source.position(d.span.start);
            let end = file.source.position(d.span.end);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            // columns only make sense on one line (GitHub rejects them across lines)
            let columns = if start.line == end.line {
                format!(",col={},endColumn={}", start.column, end.column)
            } else {
                String::new()
            };
            writeln!(
                out,
                "::{level} file={path},line={},endLine={}{columns},title={}::{}",
                start.line,
                end.line,
                escape_property(&format!("{} {}", d.code, d.name)),
                escape_data(&escape_text(&d.message)),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_cr_lf_only() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(
            escape_data("%0A"),
            "%250A",
            "an escape in the text stays text"
        );
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(
            escape_property("dir:1/a,b%.json\n"),
            "dir%3A1/a%2Cb%25.json%0A"
        );
        assert_eq!(escape_property("plain/path.json"), "plain/path.json");
    }

    #[test]
    fn multi_line_spans_omit_columns() {
        use crate::diagnostic::Diagnostic;
        use crate::source::{SourceFile, Span};
        let source = SourceFile::new("a,b.json", "{\n  \"x\": [\n 1\n ]\n}\n");
        let diag = |span| Diagnostic {
            code: "SMA199",
            name: "schema-violation",
            severity: Severity::Warning,
            message: "bad: 100%\nreally".into(),
            help: String::new(),
            pointer: "/x".into(),
            span,
            label: None,
            others: Vec::new(),
            detail: None,
            expected: None,
            fix: Vec::new(),
        };
        let files = [Checked {
            source,
            diagnostics: vec![diag(Span::new(9, 16)), diag(Span::new(4, 7))],
        }];
        let mut out = Vec::new();
        Github::new(Context::default())
            .emit(&mut out, &files)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "::warning file=a%2Cb.json,line=2,endLine=4,title=SMA199 schema-violation::bad: 100%25\\nreally\n\
             ::warning file=a%2Cb.json,line=2,endLine=2,col=3,endColumn=6,title=SMA199 schema-violation::bad: 100%25\\nreally\n"
        );
    }
}
