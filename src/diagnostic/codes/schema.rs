//! Codes for violations of the JSON Schemas in `schemas/` (SMA1xx), one per kind of constraint.
use crate::diagnostic::code::declare_code;

declare_code!(
    /// ### What it does
    /// Reports a required key that is missing, e.g. RecordAudio's `RecordingTerminators` or
    /// `RecordingDestination.BucketName`, or the response's `SchemaVersion`.
    ///
    /// ### Why is this bad?
    /// The action fails with `MissingRequiredActionParameter` or `InvalidActionParameter`
    /// ("RecordingDestination parameter value is invalid.") on the live call.
    ///
    /// ### Example
    /// ```json
    /// {"Type": "RecordAudio", "Parameters": {"RecordingDestination": {"Type": "S3", "BucketName": "b"}}}
    /// ```
    /// Use instead: add `"RecordingTerminators": ["#"]`.
    MissingRequiredKey,
    code = "SMA101",
    name = "missing-required-key",
    severity = Error,
    summary = "a required key is missing",
    fix = "add the missing key",
);

declare_code!(
    /// ### What it does
    /// Reports a value of the wrong JSON type, e.g. `CallId` as a number or `Parameters` as
    /// an array.
    ///
    /// ### Why is this bad?
    /// The SMA rejects the action with `InvalidActionParameter`.
    ///
    /// ### Example
    /// `"RecordingTerminators": "#"`
    /// Use instead: `"RecordingTerminators": ["#"]`
    WrongType,
    code = "SMA102",
    name = "wrong-type",
    severity = Error,
    summary = "a value has the wrong JSON type",
    fix = "use a value of the documented type",
);

declare_code!(
    /// ### What it does
    /// Reports a number (or numeric string) outside its documented range, e.g.
    /// `SilenceThreshold` outside 1..1000 or `DurationInSeconds` not greater than 0.
    ///
    /// ### Why is this bad?
    /// The SMA answers `ACTION_FAILED` with "SilenceThreshold parameter value is invalid."
    ///
    /// ### Example
    /// `"SilenceThreshold": 0`
    /// Use instead: `"SilenceThreshold": 100`
    ValueOutOfRange,
    code = "SMA103",
    name = "value-out-of-range",
    severity = Error,
    summary = "a number is outside its documented range",
    fix = "use a value within the documented range",
);

declare_code!(
    /// ### What it does
    /// Reports a value that is not one of the allowed values, e.g. `ParticipantTag: "leg-a"`,
    /// `RecordingDestination.Type: "s3"`, a terminator `"A"`, or `SchemaVersion: "2.0"`.
    ///
    /// ### Why is this bad?
    /// Enumerated values are compared exactly; anything else fails the action.
    ///
    /// ### Example
    /// `"ParticipantTag": "Leg-A"`
    /// Use instead: `"ParticipantTag": "LEG-A"`
    InvalidValue,
    code = "SMA104",
    name = "invalid-value",
    severity = Error,
    summary = "a value is not one of the allowed values",
    fix = "use one of the allowed values",
);

declare_code!(
    /// ### What it does
    /// Reports an `Actions` list with more than 10 actions, `TransactionAttributes` with more
    /// than 10 keys, and other lists over their documented size (`AttendeeList`: 100).
    ///
    /// ### Why is this bad?
    /// The SMA rejects the response: "Too many actions specified in a response."
    ///
    /// For `TransactionAttributes` the docs disagree: the transaction-attributes page says 100
    /// pairs and 20 KB, but the documented invalid-input example sends 11 keys and gets
    /// `INVALID_LAMBDA_RESPONSE` with `TransactionAttributesInvalidMapSize`: "Transaction
    /// Attributes has too many mappings. Maximum number of mappings is 10" (unchanged in the 2023
    /// and current docs; corpus 072). The only observed service behaviour wins: more than 10 is
    /// an error.
    ///
    /// ### Example
    /// Eleven actions in one response.
    /// Use instead: return at most 10 and continue on `ACTION_SUCCESSFUL`.
    TooManyItems,
    code = "SMA105",
    name = "too-many-items",
    severity = Error,
    summary = "a list or map has more entries than allowed (at most 10 actions or TransactionAttributes)",
    fix = "split the list or map; at most 10 actions and 10 TransactionAttributes per response",
);

declare_code!(
    /// ### What it does
    /// Reports an empty string or list where a value is needed, e.g. `"CallId": ""` or
    /// `"RecordingTerminators": []`.
    ///
    /// ### Why is this bad?
    /// An empty `CallId` names no call leg ("CallId or ParticipantTag parameter for action is
    /// invalid."); mutable action templates in many samples leave it empty by accident.
    ///
    /// ### Example
    /// `"CallId": ""`
    /// Use instead: the participant's `CallId`, or no `CallId` at all.
    EmptyValue,
    code = "SMA106",
    name = "empty-value",
    severity = Error,
    summary = "a string or list is empty where a value is needed",
    fix = "fill in the value or remove the key",
);

declare_code!(
    /// ### What it does
    /// Reports a string or list longer than its documented limit.
    ///
    /// ### Why is this bad?
    /// The SMA rejects values over the limit.
    ///
    /// ### Example
    /// A value longer than the limit.
    /// Use instead: shorten it.
    TooLong,
    code = "SMA107",
    name = "too-long",
    severity = Error,
    summary = "a value is longer than allowed",
    fix = "shorten the value",
);

declare_code!(
    /// ### What it does
    /// Reports an unknown key that is a near miss of a known one (`SilenceTreshold`,
    /// `participantTag`, `CallId ` with a trailing space).
    ///
    /// ### Why is this bad?
    /// The misspelled key is ignored, so the parameter you meant to set is not set: silence
    /// detection keeps its default, or the action records the wrong leg.
    ///
    /// ### Example
    /// `"SilenceTreshold": 100`
    /// Use instead: `"SilenceThreshold": 100`
    MisspelledKey,
    code = "SMA108",
    name = "misspelled-key",
    severity = Error,
    summary = "an unknown key that looks like a misspelled known key",
    fix = "use the documented spelling",
);

declare_code!(
    /// ### What it does
    /// Reports a key the documentation does not list for this object, e.g. StartCallRecording's
    /// `Track` on a RecordAudio action, or `CallId` beside `Type` instead of in `Parameters`.
    ///
    /// ### Why is this bad?
    /// The SMA ignores it (at best), so whatever it was meant to do does not happen.
    ///
    /// ### Example
    /// `{"Type": "RecordAudio", "Parameters": {"Track": "INCOMING", ...}}`
    /// Use instead: remove `Track`; RecordAudio records one leg's incoming audio.
    UnknownKey,
    code = "SMA109",
    name = "unknown-key",
    severity = Warning,
    summary = "a key that is not documented for this object",
    fix = "remove the key, or move it where it is documented",
);

declare_code!(
    /// ### What it does
    /// Reports any other violation of the embedded JSON Schemas.
    ///
    /// ### Why is this bad?
    /// The document does not have the documented shape.
    ///
    /// ### Example
    /// Any shape the schemas in `schemas/` reject.
    /// Use instead: follow the documented shape.
    SchemaViolation,
    code = "SMA199",
    name = "schema-violation",
    severity = Error,
    summary = "another violation of the documented shape",
    fix = "follow the documented shape",
);
