//! Codes for documents that are not one of the shapes `sma lint` knows (SMA01x).
use crate::diagnostic::code::declare_code;

declare_code!(
    /// ### What it does
    /// Reports a document that is neither a handler response (`{"SchemaVersion", "Actions"}`),
    /// a single action (`{"Type", "Parameters"}`), a non-empty array of actions, nor an SMA
    /// invocation event.
    ///
    /// ### Why is this bad?
    /// The SMA answers anything else with `INVALID_LAMBDA_RESPONSE` or drops the call. A Python
    /// handler that returns `()` for RINGING sends `[]`, for instance.
    ///
    /// ### Example
    /// ```json
    /// []
    /// ```
    /// Use instead: `{"SchemaVersion": "1.0", "Actions": []}`
    UnknownDocumentShape,
    code = "SMA010",
    name = "unknown-document-shape",
    severity = Error,
    summary = "the document is not a handler response, an action or an action list",
    fix = "return `{\"SchemaVersion\": \"1.0\", \"Actions\": [...]}`, or lint a single `{\"Type\", \"Parameters\"}` action or an array of them",
);

declare_code!(
    /// ### What it does
    /// Reports an API-Gateway style `{"statusCode", "body"}` envelope.
    ///
    /// ### Why is this bad?
    /// The SMA invokes the Lambda directly and reads the returned object as the response. An
    /// envelope (often with the real response stringified in `body`) is answered with
    /// `SchemaVersionMismatch` (aws-samples/amazon-chime-sdk-click-to-call#125).
    ///
    /// ### Example
    /// ```json
    /// {"statusCode": 200, "body": "{\"SchemaVersion\":\"1.0\",\"Actions\":[]}"}
    /// ```
    /// Use instead: return `{"SchemaVersion": "1.0", "Actions": []}` itself.
    ApiGatewayEnvelope,
    code = "SMA011",
    name = "api-gateway-envelope",
    severity = Error,
    summary = "an API-Gateway `{statusCode, body}` envelope instead of an SMA response",
    fix = "return the response object itself, not wrapped in `statusCode`/`body` and not stringified",
);

declare_code!(
    /// ### What it does
    /// Reports an IAM policy document (`{"Version", "Statement"}`) where a handler response
    /// was expected.
    ///
    /// ### Why is this bad?
    /// The 2021 RecordAudio page and the StartCallRecording page wrapped their action examples
    /// in an IAM policy skeleton; copied as-is, the SMA cannot read it. A bucket policy belongs
    /// to `sma check-bucket`.
    ///
    /// ### Example
    /// ```json
    /// {"Version": "2012-10-17", "Statement": [{"Type": "StartCallRecording", ...}]}
    /// ```
    /// Use instead: `{"SchemaVersion": "1.0", "Actions": [{"Type": "StartCallRecording", ...}]}`
    PolicyNotResponse,
    code = "SMA012",
    name = "policy-not-response",
    severity = Error,
    summary = "an IAM policy document instead of an SMA response",
    fix = "put the actions in `{\"SchemaVersion\": \"1.0\", \"Actions\": [...]}`; check bucket policies with `sma check-bucket`",
);
