//! Small helpers that know nothing of SMA documents: atomic writes, signals, suggestions, JSON
//! names, counted nouns.
use serde_json::Value;

pub mod atomic;
pub mod signal;
pub mod suggest;

/// Names a JSON value's type for messages: "a string", "an object", "null".
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A count with its noun, plural unless it is one: "1 warning", "0 warnings", "2 files".
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    #[test]
    fn plural_says_one_without_an_s() {
        assert_eq!(super::plural(1, "warning"), "1 warning");
        assert_eq!(super::plural(0, "error"), "0 errors");
        assert_eq!(super::plural(2, "more finding"), "2 more findings");
    }
}
