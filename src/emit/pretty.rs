//! Pretty: miette's graphical report, one per finding, then a summary line.
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};

use super::{Emitter, Options};
use crate::diagnostic::{Checked, Diagnostic, Severity, Summary};
use crate::source::SourceFile;

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

/// Builds the miette report for one diagnostic over its source.
pub fn report(source: &SourceFile, d: &Diagnostic) -> Report {
    let mut labels = vec![LabeledSpan::new_primary_with_span(d.label.clone(), d.span)];
    labels.extend(
        d.others
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), l.span)),
    );
    let diag = MietteDiagnostic::new(d.message.clone())
        .with_code(d.code)
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_help(d.help.clone())
        .with_labels(labels);
    Report::new(diag).with_source_code(NamedSource::new(&source.name, source.text.clone()))
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
