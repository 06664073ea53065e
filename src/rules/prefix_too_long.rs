//! SMA206: `RecordingDestination.Prefix` over 979 bytes.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

/// The documented limit ("up to 979 safe characters"; "less than or equal to 979 bytes").
pub const MAX_PREFIX: usize = 979;

declare_rule!(
    /// ### What it does
    /// Checks that RecordAudio's `Prefix` is at most 979 bytes of UTF-8.
    ///
    /// ### Why is this bad?
    /// The RecordAudio page allows "up to 979 safe characters"; the troubleshooting page says
    /// "less than or equal to 979 bytes". Counting bytes satisfies both (for safe characters a
    /// character is a byte). Longer prefixes fail with "The RecordingDestination parameter is
    /// invalid."; the remaining 45 bytes of S3's 1,024-byte key limit hold the file name.
    ///
    /// ### Example
    /// A prefix built from a long, unbounded user input.
    /// Use instead: a short prefix such as `voicemail/<call-id>/`.
    PrefixTooLong,
    code = "SMA206",
    name = "prefix-too-long",
    severity = Error,
    summary = "`Prefix` is longer than 979 bytes",
    fix = "shorten the prefix to at most 979 bytes",
);

impl Rule for PrefixTooLong {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for (params, ra, _) in ctx.record_audio() {
            let Some(prefix) = ra
                .recording_destination
                .as_ref()
                .and_then(|d| d.prefix.as_deref())
            else {
                continue;
            };
            if prefix.len() <= MAX_PREFIX {
                continue;
            }
            let at = params.keys(["RecordingDestination", "Prefix"]);
            let chars = prefix.chars().count();
            let size = if chars == prefix.len() {
                format!("{chars} characters")
            } else {
                format!("{} bytes ({chars} characters)", prefix.len())
            };
            ctx.report(
                Finding::new(
                    format!("`Prefix` is {size} long; at most {MAX_PREFIX} bytes are allowed"),
                    at.as_str(),
                    doc.key_span(&at),
                )
                .label("too long")
                .detail(format!("is {size} long; at most {MAX_PREFIX} bytes are allowed"))
                .help("shorten the prefix to at most 979 bytes of UTF-8 (the docs say both \"979 safe characters\" and \"979 bytes\")"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{destination, test_rule};

    fn prefix(p: &str) -> String {
        destination("b-1", Some(p))
    }

    #[test]
    fn test() {
        let pass = [prefix(&"a".repeat(979)), prefix("voicemail/")];
        let fail = [prefix(&"a".repeat(980)), prefix(&"é".repeat(490))];
        test_rule(&super::PrefixTooLong, &pass, &fail);
    }
}
