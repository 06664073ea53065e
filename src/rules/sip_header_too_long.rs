//! SMA231: a CallAndBridge SIP header value over 2048 characters.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

/// The sip-headers page: "Each header can be up to 2048 characters".
pub const MAX_SIP_HEADER: usize = 2048;

declare_rule!(
    /// ### What it does
    /// Reports a CallAndBridge `SipHeaders` value longer than 2048 characters.
    ///
    /// ### Why is this bad?
    /// The sip-headers page limits each header to 2048 characters; the SMA fails the action
    /// ("Invalid SIP header(s) provided") rather than cut the value. Long values usually come
    /// from serialising a whole object into a header: pass a reference (an id) instead and keep
    /// the data in `TransactionAttributes` or a table.
    ///
    /// ### Example
    /// `"SipHeaders": {"X-Context": "<3 KB of JSON>"}`
    /// Use instead: `"SipHeaders": {"X-Context-Id": "ctx-42"}`
    SipHeaderTooLong,
    code = "SMA231",
    name = "sip-header-too-long",
    severity = Error,
    summary = "a `SipHeaders` value longer than 2048 characters",
    fix = "send an id in the header and keep the data elsewhere",
);

impl Rule for SipHeaderTooLong {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions().iter().filter(|a| a.is("CallAndBridge")) {
            let Some(headers) = a.param("SipHeaders").and_then(|h| h.as_object()) else {
                continue;
            };
            for (name, value) in headers {
                let Some(value) = value.as_str() else {
                    continue;
                };
                let len = value.chars().count();
                if len <= MAX_SIP_HEADER {
                    continue;
                }
                let at = a.param_pointer("SipHeaders").key(name);
                ctx.report(
                    Finding::new(
                        format!("SIP header `{name}` is {len} characters long; at most {MAX_SIP_HEADER} are allowed"),
                        at.as_str(),
                        doc.key_span(&at),
                    )
                    .label("value too long")
                    .detail(format!("the value is {len} characters; at most {MAX_SIP_HEADER}"))
                    .with_other(doc.span(&at), format!("{len} characters"))
                    .help("the sip-headers page allows 2048 characters per header; send an id and keep the data in TransactionAttributes"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn bridge(value_len: usize) -> String {
        let v = "a".repeat(value_len);
        response(&format!(
            r#"{{"Type": "CallAndBridge", "Parameters": {{"CallTimeoutSeconds": 30, "CallerIdNumber": "+15555550100", "Endpoints": [{{"BridgeEndpointType": "AWS", "Uri": "5555", "Arn": "arn:aws:chime:us-east-1:111122223333:vc/abcdefg1hijklm2nopq3rs"}}], "SipHeaders": {{"X-Context": "{v}"}}}}}}"#
        ))
    }

    #[test]
    fn test() {
        test_rule(
            &super::SipHeaderTooLong,
            &[bridge(2048), bridge(10)],
            &[bridge(2049)],
        );
    }
}
