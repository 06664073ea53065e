//! SMA215 / SMA216 / SMA217: CallAndBridge SIP headers and endpoint fields.
use crate::diagnostic::Finding;
use crate::model::Action;
use crate::model::Document;
use crate::pointer::Pointer;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Reports a CallAndBridge `SipHeaders` name that the SMA does not pass on: anything but
    /// `x-...`, `User-to-User` and `Diversion`, and the reserved `X-AMZN...` and internal
    /// `x-vine`, `x-amzn`, `x-vc`, `x-canary`, `x-voice` prefixes.
    ///
    /// ### Why is this bad?
    /// The action fails with "Invalid SIP header(s) provided: *header*" (sip-headers page and
    /// troubleshooting page).
    ///
    /// ### Example
    /// `"SipHeaders": {"Reservation": "R-1"}`
    /// Use instead: `"SipHeaders": {"X-Reservation": "R-1"}`
    InvalidSipHeader,
    code = "SMA215",
    name = "invalid-sip-header",
    severity = Error,
    summary = "a `SipHeaders` name that is not `x-...`, `User-to-User` or `Diversion`, or is reserved",
    fix = "name custom headers `X-...` (not X-AMZN, x-vine, x-vc, x-canary, x-voice)",
);

declare_rule!(
    /// ### What it does
    /// Warns when CallAndBridge sends `SipHeaders` to a `PSTN` endpoint.
    ///
    /// ### Why is this bad?
    /// The CallAndBridge page says "Use only with the AWS endpoint type", while the sip-headers
    /// page shows SipHeaders on a PSTN endpoint as a working example, and an AWS sample does
    /// it (corpus 061). The headers are unlikely to survive a carrier, so this is a warning.
    ///
    /// ### Example
    /// `"Endpoints": [{"BridgeEndpointType": "PSTN", "Uri": "+15555550155"}], "SipHeaders": {...}`
    /// Use instead: pass the data in `TransactionAttributes`, or bridge to a Voice Connector.
    SipHeadersOnPstn,
    code = "SMA216",
    name = "sip-headers-on-pstn",
    severity = Warning,
    summary = "`SipHeaders` on a PSTN endpoint (documented for AWS endpoints only)",
    fix = "drop `SipHeaders` for PSTN endpoints",
);

declare_rule!(
    /// ### What it does
    /// Reports a CallAndBridge `PSTN` endpoint that carries an `Arn`.
    ///
    /// ### Why is this bad?
    /// The troubleshooting page: for PSTN the `Arn` "must be unset or null"; the action fails
    /// with "Endpoint parameter is invalid." It usually means the endpoint type is wrong
    /// (a Voice Connector needs `"BridgeEndpointType": "AWS"`).
    ///
    /// ### Example
    /// `{"BridgeEndpointType": "PSTN", "Uri": "+15555550155", "Arn": "arn:aws:chime:..."}`
    /// Use instead: `{"BridgeEndpointType": "AWS", "Uri": "5555", "Arn": "arn:aws:chime:..."}`
    ArnOnPstnEndpoint,
    code = "SMA217",
    name = "arn-on-pstn-endpoint",
    severity = Error,
    summary = "a PSTN endpoint with an `Arn` (only AWS endpoints take one)",
    fix = "remove `Arn`, or use `\"BridgeEndpointType\": \"AWS\"`",
);

/// Yields each CallAndBridge endpoint's pointer and its `BridgeEndpointType`.
fn endpoints<'d>(a: &'d Action) -> impl Iterator<Item = (Pointer, &'d serde_json::Value)> + 'd {
    a.param("Endpoints")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
        .enumerate()
        .map(move |(i, e)| (a.param_pointer("Endpoints").index(i), e))
}

fn is_pstn(e: &serde_json::Value) -> bool {
    e.get("BridgeEndpointType").and_then(|t| t.as_str()) == Some("PSTN")
}

fn header_problem(name: &str) -> Option<&'static str> {
    // SIP header names are case-insensitive (RFC 3261)
    let lower = name.to_ascii_lowercase();
    if lower == "user-to-user" || lower == "diversion" {
        return None;
    }
    if !lower.starts_with("x-") {
        return Some(
            "custom headers must start with `X-`; only `User-to-User` and `Diversion` are passed otherwise",
        );
    }
    if lower.starts_with("x-amzn") {
        return Some("the SMA reserves the `X-AMZN` prefix");
    }
    // the internal headers, and their `-...` variants (`x-vc-id`), not longer words (`X-Voicemail`)
    let internal = ["x-vine", "x-vc", "x-canary", "x-voice"];
    internal
        .iter()
        .any(|r| {
            lower == *r
                || lower
                    .strip_prefix(r)
                    .is_some_and(|rest| rest.starts_with('-'))
        })
        .then_some(
            "the SMA rejects its internal headers x-vine, x-amzn, x-vc, x-canary and x-voice",
        )
}

impl Rule for InvalidSipHeader {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions().iter().filter(|a| a.is("CallAndBridge")) {
            let Some(headers) = a.param("SipHeaders").and_then(|h| h.as_object()) else {
                continue;
            };
            for name in headers.keys() {
                if let Some(why) = header_problem(name) {
                    let at = a.param_pointer("SipHeaders").key(name);
                    ctx.report(
                        Finding::new(
                            format!("SIP header `{name}` is not allowed"),
                            at.as_str(),
                            doc.key_span(&at),
                        )
                        .label("not passed on")
                        .help(format!(
                            "{why}; the action fails with \"Invalid SIP header(s) provided\""
                        )),
                    );
                }
            }
        }
    }
}

impl Rule for SipHeadersOnPstn {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions().iter().filter(|a| a.is("CallAndBridge")) {
            if a.param("SipHeaders").is_none() || !endpoints(a).any(|(_, e)| is_pstn(e)) {
                continue;
            }
            let at = a.param_pointer("SipHeaders");
            ctx.report(
                Finding::new(
                    "`SipHeaders` on a PSTN endpoint",
                    at.as_str(),
                    doc.key_span(&at),
                )
                .label("documented for AWS endpoints only")
                .help("the CallAndBridge page says \"Use only with the AWS endpoint type\"; carriers are unlikely to pass custom headers on, so keep the data in TransactionAttributes"),
            );
        }
    }
}

impl Rule for ArnOnPstnEndpoint {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions().iter().filter(|a| a.is("CallAndBridge")) {
            for (ptr, e) in endpoints(a) {
                if is_pstn(e) && e.get("Arn").is_some_and(|v| !v.is_null()) {
                    let at = ptr.key("Arn");
                    ctx.report(
                        Finding::new("a PSTN endpoint has an `Arn`", at.as_str(), doc.key_span(&at))
                            .label("only AWS endpoints take an Arn")
                            .help("remove `Arn` for a phone number, or use `\"BridgeEndpointType\": \"AWS\"` for a Voice Connector (the SMA answers \"Endpoint parameter is invalid.\")"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn bridge(endpoint: &str, headers: &str) -> String {
        response(&format!(
            r#"{{"Type": "CallAndBridge", "Parameters": {{"CallerIdNumber": "+15555550100", "Endpoints": [{endpoint}]{headers}}}}}"#
        ))
    }
    const PSTN: &str = r#"{"BridgeEndpointType": "PSTN", "Uri": "+15555550155"}"#;
    const AWS: &str = r#"{"BridgeEndpointType": "AWS", "Uri": "5555", "Arn": "arn:aws:chime:us-east-1:111122223333:vc/abcdefg1hijklm2nopq3rs"}"#;

    #[test]
    fn test() {
        let pass = [
            bridge(
                AWS,
                r#", "SipHeaders": {"X-Reservation": "R-1", "User-to-User": "a", "Diversion": "<sip:+1555@x>", "user-to-user": "b", "X-Voicemail": "1", "x-vcx": "2"}"#,
            ),
            bridge(PSTN, ""),
        ];
        let fail = [bridge(
            AWS,
            r#", "SipHeaders": {"Reservation": "R-1", "X-AMZN-Id": "1", "x-vc-thing": "2", "X-Voice": "3"}"#,
        )];
        test_rule(&super::InvalidSipHeader, &pass, &fail);
        let fail = [bridge(
            PSTN,
            r#", "SipHeaders": {"x-reservation-id": "R-1042"}"#,
        )];
        test_rule(&super::SipHeadersOnPstn, &pass, &fail);
        let fail = [bridge(
            r#"{"BridgeEndpointType": "PSTN", "Uri": "+15555550155", "Arn": "arn:aws:chime:us-east-1:111122223333:vc/abc"}"#,
            "",
        )];
        test_rule(&super::ArnOnPstnEndpoint, &pass, &fail);
    }
}
