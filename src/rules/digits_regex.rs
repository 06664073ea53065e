//! SMA211 / SMA212: an `InputDigitsRegex` that does not compile, or that lost its backslashes.
use crate::diagnostic::Finding;
use crate::model::{Action, Document};
use crate::pointer::Pointer;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Reports an `InputDigitsRegex` (PlayAudioAndGetDigits, SpeakAndGetDigits, ReceiveDigits)
    /// that is not a valid regular expression.
    ///
    /// ### Why is this bad?
    /// The SMA answers "The InputDigitsRegex parameter is invalid." and the action fails.
    /// Look-around such as `^(?!1900)` is accepted: a working AWS sample uses it (corpus 048).
    ///
    /// ### Example
    /// `"InputDigitsRegex": "^[0-9{4}$"`
    /// Use instead: `"InputDigitsRegex": "^[0-9]{4}$"`
    InvalidDigitsRegex,
    code = "SMA211",
    name = "invalid-digits-regex",
    severity = Error,
    summary = "`InputDigitsRegex` is not a valid regular expression",
    fix = "fix the regular expression",
);

declare_rule!(
    /// ### What it does
    /// Reports an `InputDigitsRegex` with a bare `d` where `\d` was meant, e.g. `^d{2}#$`.
    ///
    /// ### Why is this bad?
    /// DTMF input is only `0-9`, `*`, `#` (and `A-D`), so a literal lower-case `d` never
    /// matches: every attempt fails. This is what `'^\d{2}#$'` becomes in a JavaScript
    /// single-quoted string (`\d` is not a JS escape, so the backslash is dropped); the AWS
    /// action catalog and the aws-samples template both ship it (corpus 068).
    ///
    /// ### Example
    /// `"InputDigitsRegex": "^d{2}#$"`
    /// Use instead: `"InputDigitsRegex": "^\\d{2}#$"` (in JS source: `'^\\d{2}#$'` or `String.raw`)
    DigitsRegexLostBackslash,
    code = "SMA212",
    name = "digits-regex-lost-backslash",
    severity = Error,
    summary = "`InputDigitsRegex` has a bare `d` where `\\d` was meant; it can never match",
    fix = "write `\\d` (in JSON `\\\\d`; in a JS string literal `'\\\\d'`)",
);

/// Each non-empty `InputDigitsRegex`, with its pointer.
fn regexes<'d>(actions: &[Action<'d>]) -> impl Iterator<Item = (Pointer, &'d str)> {
    actions.iter().filter_map(|a| {
        let re = a.str_param("InputDigitsRegex")?;
        (!re.is_empty()).then(|| (a.param_pointer("InputDigitsRegex"), re))
    })
}

/// Returns the char index of the first unescaped `d` outside a `(?...)` group prefix or a
/// `{...}` quantifier, if any.
fn bare_d(re: &str) -> Option<usize> {
    let chars: Vec<char> = re.chars().collect();
    let mut i = 0;
    let mut in_braces = false;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '{' => in_braces = true,
            '}' => in_braces = false,
            'd' if !in_braces => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

impl Rule for InvalidDigitsRegex {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for (at, re) in regexes(ctx.actions()) {
            if let Err(e) = fancy_regex::Regex::new(re) {
                ctx.report(
                    Finding::new(
                        format!("`InputDigitsRegex` is not a valid regular expression: {e}"),
                        at.as_str(),
                        doc.span(&at),
                    )
                    .label("invalid regex")
                    .help("the SMA answers \"The InputDigitsRegex parameter is invalid.\"; fix the pattern, e.g. \"^\\\\d{4}#$\""),
                );
            }
        }
    }
}

impl Rule for DigitsRegexLostBackslash {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for (at, re) in regexes(ctx.actions()) {
            if bare_d(re).is_some() {
                let fixed = {
                    let mut s = String::new();
                    let mut escaped = false;
                    for c in re.chars() {
                        if c == 'd' && !escaped {
                            s.push('\\');
                        }
                        escaped = c == '\\' && !escaped;
                        s.push(c);
                    }
                    s
                };
                ctx.report(
                    Finding::new(
                        format!("`InputDigitsRegex` {re:?} matches a literal `d`, which no keypad sends"),
                        at.as_str(),
                        doc.span(&at),
                    )
                    .label("`d` without a backslash")
                    .help(format!(
                        "did you mean {fixed:?}? In a JavaScript or Python string write `\\\\d` (a single `\\d` loses its backslash)"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn rd(re: &str) -> String {
        response(&format!(
            r#"{{"Type": "ReceiveDigits", "Parameters": {{"InputDigitsRegex": "{re}", "InBetweenDigitsDurationInMilliseconds": 1000, "FlushDigitsDurationInMilliseconds": 10000}}}}"#
        ))
    }

    #[test]
    fn bare_d_ignores_escapes_and_quantifiers() {
        assert_eq!(super::bare_d(r"^\d{2}#$"), None);
        assert_eq!(super::bare_d(r"^(?!1900)1\d{9}$"), None);
        assert_eq!(super::bare_d("^d{2}#$"), Some(1));
        assert_eq!(super::bare_d(r"\\d"), Some(2));
    }

    #[test]
    fn test() {
        let pass = [rd(r"^\\d{2}#$"), rd(r"^(?!1900)1\\d{9}$"), rd("[1-2]")];
        let fail = [rd("^[0-9{4}$"), rd("(12")];
        test_rule(&super::InvalidDigitsRegex, &pass, &fail);
        let pass = [rd(r"^\\*\\d{1}$"), rd("^[0-9]{4}#$")];
        let fail = [rd("^d{2}#$"), rd("d+")];
        test_rule(&super::DigitsRegexLostBackslash, &pass, &fail);
    }
}
