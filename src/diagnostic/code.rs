//! What a code is, apart from the pass that emits it (as clippy declares a `Lint` apart from
//! its `LintPass`): `Meta` and the `declare_code!` macro. The codes found by the pipeline's
//! own stages are declared in `codes/`; the codes of rules are declared beside each rule, with
//! the same macro. `rules::CATALOG` lists every one of them in documentation order.
use super::Severity;

/// What a code is: identity, default severity and documentation.
#[derive(Debug, PartialEq, Eq)]
pub struct Meta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The help used when a finding brings none of its own.
    pub fix: &'static str,
    /// Markdown: `### What it does`, `### Why is this bad?`, `### Example`.
    pub docs: &'static str,
}

impl Meta {
    /// The docs with the one-space indent of `///` comments removed.
    pub fn docs_text(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end()
            .to_string()
    }

    /// `sma rule CODE` and SARIF help: the code's header, docs and fix, in Markdown.
    pub fn markdown(&self) -> String {
        format!(
            "# {} {} ({})\n\n{}\n\n{}\n\n### Fix\n{}\n",
            self.code,
            self.name,
            self.severity.as_str(),
            self.summary,
            self.docs_text(),
            self.fix
        )
    }
}

/// What every declared code is; implemented by `declare_code!`.
pub trait Described {
    fn meta(&self) -> &'static Meta;
}

/// Declares a code: a unit struct with a `META` built from the arguments and its `///` docs.
macro_rules! declare_code {
    (
        $(#[doc = $doc:literal])*
        $ty:ident,
        code = $code:literal,
        name = $name:literal,
        severity = $severity:ident,
        summary = $summary:literal,
        fix = $fix:literal $(,)?
    ) => {
        pub struct $ty;
        impl $ty {
            pub const META: $crate::diagnostic::code::Meta = $crate::diagnostic::code::Meta {
                code: $code,
                name: $name,
                severity: $crate::diagnostic::Severity::$severity,
                summary: $summary,
                fix: $fix,
                docs: concat!($($doc, "\n"),*),
            };
        }
        impl $crate::diagnostic::code::Described for $ty {
            fn meta(&self) -> &'static $crate::diagnostic::code::Meta {
                &Self::META
            }
        }
    };
}
pub(crate) use declare_code;
