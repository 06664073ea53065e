//! SMA207 / SMA208: characters in `RecordingDestination.Prefix` that S3 says to avoid, or that
//! need special handling.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};
use crate::source::Span;

declare_rule!(
    /// ### What it does
    /// Reports characters in RecordAudio's `Prefix` that the S3 guide says to avoid:
    /// `` \ { } ^ % ` ] " > [ ~ < # | `` and non-printable characters.
    ///
    /// ### Why is this bad?
    /// The RecordAudio page asks for "safe characters" and the troubleshooting page lists
    /// "prefix consists of valid characters" as a cause of "The RecordingDestination parameter
    /// is invalid." These characters must be percent-encoded in URLs, are read as URL syntax
    /// (`#` starts a fragment, `%` an escape), or break tools that list and download recordings.
    /// `/` is fine: it is how keys are foldered.
    ///
    /// ### Example
    /// `"Prefix": "{{prefix}}/"`
    /// Use instead: `"Prefix": "voicemail/"`
    PrefixUnsafeCharacter,
    code = "SMA207",
    name = "prefix-unsafe-character",
    severity = Error,
    summary = "`Prefix` contains a character S3 says to avoid",
    fix = "use letters, digits and `! - _ . * ' ( ) /` in the prefix",
);

declare_rule!(
    /// ### What it does
    /// Warns about characters in RecordAudio's `Prefix` that S3 says may need special handling:
    /// space and `& $ @ = ; : + , ?`.
    ///
    /// ### Why is this bad?
    /// They have a meaning in URLs and must be URL-encoded by every tool that reads the
    /// recording; `+` is often read back as a space, and runs of spaces may be lost.
    ///
    /// ### Example
    /// `"Prefix": "calls/2024-01-01 10:00/"`
    /// Use instead: `"Prefix": "calls/2024-01-01T10-00/"`
    PrefixSpecialCharacter,
    code = "SMA208",
    name = "prefix-special-character",
    severity = Warning,
    summary = "`Prefix` contains a character that needs special handling",
    fix = "replace the character with `-` or `_`",
);

/// Why a character should be avoided; `None` when it is not in the avoid list.
fn avoid_reason(c: char) -> Option<&'static str> {
    Some(match c {
        '#' => "`#` starts a URL fragment: tools drop everything after it",
        '%' => "`%` starts a percent-escape in URLs",
        '\\' => "`\\` is a path separator on Windows and an escape character elsewhere",
        '"' => "`\"` breaks quoting in JSON, XML and shells",
        '{' | '}' | '^' | '`' | '[' | ']' | '<' | '>' | '|' | '~' => {
            "it must be percent-encoded in URLs and S3 says to avoid it"
        }
        c if c.is_control() => "non-printable characters are invisible and mangled by tools",
        _ => return None,
    })
}

/// Why a character needs special handling; `None` when it is safe.
fn special_reason(c: char) -> Option<&'static str> {
    Some(match c {
        ' ' => "spaces must be URL-encoded and runs of spaces may be lost",
        '+' => "`+` is read back as a space by many URL decoders",
        '&' | '$' | '@' | '=' | ';' | ':' | ',' | '?' => {
            "it has a meaning in URLs and must be URL-encoded"
        }
        c if !c.is_ascii() => "non-ASCII characters are outside S3's safe character set",
        _ => return None,
    })
}

/// Reports each distinct offending character of the prefixes, at its first occurrence.
fn check_prefix(
    doc: &Document,
    ctx: &mut Context<'_>,
    reason: fn(char) -> Option<&'static str>,
    what: &str,
) {
    for (params, ra, _) in ctx.record_audio() {
        let Some(prefix) = ra
            .recording_destination
            .as_ref()
            .and_then(|d| d.prefix.as_deref())
        else {
            continue;
        };
        // most prefixes are clean: locate only one that is not
        if !prefix.chars().any(|c| reason(c).is_some()) {
            continue;
        }
        let at = params.keys(["RecordingDestination", "Prefix"]);
        let value = doc.span(&at);
        // Without escapes, the raw text between the quotes is the prefix itself.
        let raw = doc
            .source
            .text
            .get(value.start + 1..value.end.saturating_sub(1));
        let literal = raw == Some(prefix);
        let mut seen: Vec<char> = Vec::new();
        for (i, c) in prefix.char_indices() {
            let Some(why) = reason(c) else { continue };
            if seen.contains(&c) {
                continue;
            }
            seen.push(c);
            let span = if literal {
                Span::new(value.start + 1 + i, value.start + 1 + i + c.len_utf8())
            } else {
                value
            };
            ctx.report(
                Finding::new(
                    format!("`Prefix` contains {}, {what}", shown(c)),
                    at.as_str(),
                    span,
                )
                .label(why)
                .detail(format!("contains {}, {what}", shown(c)))
                .help(format!(
                    "{why}; use letters, digits and `! - _ . * ' ( ) /` instead"
                )),
            );
        }
    }
}

fn shown(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else if c == ' ' {
        "a space".into()
    } else {
        format!("`{c}`")
    }
}

impl Rule for PrefixUnsafeCharacter {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        check_prefix(doc, ctx, avoid_reason, "a character S3 says to avoid");
    }
}

impl Rule for PrefixSpecialCharacter {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        check_prefix(
            doc,
            ctx,
            |c| {
                avoid_reason(c)
                    .is_none()
                    .then(|| special_reason(c))
                    .flatten()
            },
            "which needs special handling in S3 keys",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{destination, test_rule};

    fn prefix(p: &str) -> String {
        destination("b-1", Some(p))
    }

    #[test]
    fn unsafe_characters() {
        let pass = [
            prefix("voicemail/2024/"),
            prefix("a!-_.*'()b"),
            prefix("calls/a b"),
        ];
        let fail = [
            prefix("{{prefix}}/"),
            prefix("a#b"),
            prefix("100%"),
            prefix(r"a\\b"),
            prefix(r#"a\"b"#),
            prefix("a~b|c"),
            prefix(r"tab\there"),
        ];
        test_rule(&super::PrefixUnsafeCharacter, &pass, &fail);
    }

    #[test]
    fn special_characters() {
        let pass = [prefix("voicemail/2024/"), prefix("a#b")];
        let fail = [
            prefix("calls/a b"),
            prefix("a+b&c"),
            prefix("t=10:00;x,y?z@$"),
            prefix("grüße/"),
        ];
        test_rule(&super::PrefixSpecialCharacter, &pass, &fail);
    }
}
