//! Codes found while reading and parsing the text (SMA0xx).
use crate::diagnostic::code::declare_code;

declare_code!(
    /// ### What it does
    /// Reports text that is not strict JSON (RFC 8259): trailing commas, comments, single quotes,
    /// missing commas, unterminated strings, several root values.
    ///
    /// ### Why is this bad?
    /// The SMA cannot read the response at all ("Error while reading actions list."), so the
    /// call fails before any action runs.
    ///
    /// ### Example
    /// ```json
    /// {"SchemaVersion": "1.0", "Actions": [],}
    /// ```
    /// Use instead: `{"SchemaVersion": "1.0", "Actions": []}`
    InvalidJson,
    code = "SMA001",
    name = "invalid-json",
    severity = Error,
    summary = "the file is not valid JSON",
    fix = "fix the JSON syntax at the marked position",
);

declare_code!(
    /// ### What it does
    /// Reports a file that is empty or holds only whitespace.
    ///
    /// ### Why is this bad?
    /// A blank handler response makes the SMA log "Response is blank or empty" and drop the call.
    ///
    /// ### Example
    /// An empty `response.json`.
    /// Use instead: `{"SchemaVersion": "1.0", "Actions": [...]}`
    EmptyDocument,
    code = "SMA002",
    name = "empty-document",
    severity = Error,
    summary = "the file holds no JSON value",
    fix = "a handler response is at least `{\"SchemaVersion\": \"1.0\"}`",
);

declare_code!(
    /// ### What it does
    /// Reports bytes that are not valid UTF-8.
    ///
    /// ### Why is this bad?
    /// JSON text exchanged between systems must be UTF-8 (RFC 8259 §8.1); the Lambda runtime
    /// and the SMA will not read it as intended.
    ///
    /// ### Example
    /// A file saved as Latin-1 with `"Prefix": "grüße/"`.
    /// Use instead: save the file as UTF-8.
    InvalidUtf8,
    code = "SMA003",
    name = "invalid-utf8",
    severity = Error,
    summary = "the file is not valid UTF-8",
    fix = "save the file as UTF-8",
);

declare_code!(
    /// ### What it does
    /// Reports arrays and objects nested more than 512 levels deep.
    ///
    /// ### Why is this bad?
    /// No SMA response needs more than a handful of levels; such depth is generated garbage and
    /// makes recursive parsers overflow their stack.
    ///
    /// ### Example
    /// `[[[[[[ ... ]]]]]]` a million levels deep.
    /// Use instead: a flat handler response.
    TooDeeplyNested,
    code = "SMA004",
    name = "too-deeply-nested",
    severity = Error,
    summary = "nesting deeper than 512 levels",
    fix = "flatten the document; an SMA response needs only a few levels",
);

declare_code!(
    /// ### What it does
    /// Reports a UTF-8 byte-order mark at the start of the file; the rest is still linted.
    ///
    /// ### Why is this bad?
    /// RFC 8259 forbids adding a BOM to JSON text, and many parsers reject it.
    ///
    /// ### Example
    /// A file saved by an editor with "UTF-8 with BOM".
    /// Use instead: save as plain UTF-8.
    ByteOrderMark,
    code = "SMA005",
    name = "byte-order-mark",
    severity = Warning,
    summary = "the file starts with a UTF-8 byte-order mark",
    fix = "save the file as UTF-8 without a byte-order mark",
);

declare_code!(
    /// ### What it does
    /// Reports a key that appears twice in one object, labelling both occurrences.
    ///
    /// ### Why is this bad?
    /// Parsers disagree on which value wins (serde_json and JavaScript keep the last, others
    /// the first or fail), so the SMA may act on a different value than the one you read.
    ///
    /// ### Example
    /// ```json
    /// "Parameters": {"DurationInSeconds": 120, "DurationInSeconds": 30}
    /// ```
    /// Use instead: keep one `DurationInSeconds`.
    DuplicateKey,
    code = "SMA006",
    name = "duplicate-key",
    severity = Error,
    summary = "a key appears twice in one object",
    fix = "remove one of the two keys; parsers disagree on which value wins",
);

declare_code!(
    /// ### What it does
    /// Reports a number too large for a 64-bit float, such as `1e400`.
    ///
    /// ### Why is this bad?
    /// It cannot be represented; parsers turn it into infinity, an error or a rounded value.
    ///
    /// ### Example
    /// `"DurationInSeconds": 1e400`
    /// Use instead: `"DurationInSeconds": 3600`
    NumberOutOfRange,
    code = "SMA007",
    name = "number-out-of-range",
    severity = Error,
    summary = "a number is too large to represent",
    fix = "use a number within the range of a 64-bit float",
);

declare_code!(
    /// ### What it does
    /// Stands for every finding past the first 1,000 of one file (or one policy): they are
    /// counted, not listed. Its severity is that of the worst finding it stands for.
    ///
    /// ### Why is this bad?
    /// A file with that many findings is generated or corrupted (100,000 duplicate keys); listing
    /// every one would bury the first, which is where to start, and take time and memory
    /// out of proportion to its use.
    ///
    /// ### Example
    /// An object with the key `"a"` 100,000 times.
    /// Use instead: fix the first findings and lint again.
    TooManyFindings,
    code = "SMA008",
    name = "too-many-findings",
    severity = Error,
    summary = "more than 1,000 findings in one file; the rest are counted, not listed",
    fix = "fix the findings listed first, then lint again to see the rest",
);

declare_code!(
    /// ### What it does
    /// Reports a document with more than 1,000,000 values (strings, numbers, arrays, objects...)
    /// before parsing it; nothing else is checked.
    ///
    /// ### Why is this bad?
    /// A handler response holds at most 10 actions and fits Lambda's 6 MB response limit; a
    /// million values is generated data, and parsing it would take memory out of proportion.
    ///
    /// ### Example
    /// `[1,1,1,...]` with 50 million elements.
    /// Use instead: a handler response of a few actions.
    TooManyValues,
    code = "SMA009",
    name = "too-many-values",
    severity = Error,
    summary = "more than 1,000,000 values in one document",
    fix = "an SMA response is a few actions; lint the response, not generated data",
);
