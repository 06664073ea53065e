//! Small helpers that know nothing of SMA documents: atomic writes, suggestions, JSON names.
use serde_json::Value;

pub mod atomic;
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
