//! What a simulated call did: the transcript (JSON version 1, one per scenario per line) and a
//! short text for people.
use serde_json::{Value, json};

use super::scenario::EndReason;
use crate::emit::escape_text;

/// One invocation of the handler.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub sequence: u64,
    /// The exact event sent.
    pub event: Value,
    /// The response, when it was JSON (`None`: blank, `null`, or no answer).
    pub response: Option<Value>,
    /// The SMA does not act on the response to this event.
    pub ignored: bool,
    /// `sma lint`'s findings on the response, in the context of the event (JSON report objects).
    pub diagnostics: Vec<Value>,
    pub stderr: String,
    /// Why the invocation failed (the last attempt), or the response was unreadable.
    pub error: Option<String>,
    pub retried: bool,
    /// When it was sent, in simulated seconds.
    pub at_seconds: f64,
}

/// An action the SMA ran.
#[derive(Debug, Clone)]
pub struct Executed {
    pub kind: String,
    pub failed: Option<String>,
}

impl Executed {
    pub fn ok(kind: &str) -> Self {
        Executed {
            kind: kind.to_string(),
            failed: None,
        }
    }

    pub fn failed(kind: &str, error_type: &str) -> Self {
        Executed {
            kind: kind.to_string(),
            failed: Some(error_type.to_string()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Recording {
    pub bucket: String,
    pub key: String,
    pub seconds: f64,
    pub terminator: Option<String>,
}

#[derive(Debug, Clone)]
pub struct End {
    pub reason: EndReason,
    pub at_seconds: f64,
    /// The last invocation before the end.
    pub invocation: u64,
}

#[derive(Debug, Clone)]
pub struct Expectation {
    /// The `[expect]` key.
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
    /// The invocation behind a failed expectation, when one is.
    pub invocation: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct Transcript {
    pub invocations: Vec<Invocation>,
    pub executed: Vec<Executed>,
    pub end: Option<End>,
    pub recordings: Vec<Recording>,
    pub expectations: Vec<Expectation>,
}

impl Transcript {
    /// Every expectation held.
    pub fn passed(&self) -> bool {
        self.expectations.iter().all(|e| e.ok)
    }

    /// The version-1 JSON transcript.
    pub fn to_json(&self, scenario: &str, name: Option<&str>) -> Value {
        let invocations: Vec<Value> = self
            .invocations
            .iter()
            .map(|i| {
                json!({
                    "sequence": i.sequence,
                    "at_seconds": i.at_seconds,
                    "event": i.event,
                    "response": i.response,
                    "ignored": i.ignored,
                    "diagnostics": i.diagnostics,
                    "stderr": i.stderr,
                    "error": i.error,
                    "retried": i.retried,
                })
            })
            .collect();
        let executed: Vec<Value> = self
            .executed
            .iter()
            .map(|x| {
                json!({
                    "type": x.kind,
                    "result": if x.failed.is_some() { "ACTION_FAILED" } else { "ACTION_SUCCESSFUL" },
                    "error_type": x.failed,
                })
            })
            .collect();
        let recordings: Vec<Value> = self
            .recordings
            .iter()
            .map(|r| json!({"bucket": r.bucket, "key": r.key, "seconds": r.seconds, "terminator": r.terminator}))
            .collect();
        let expectations: Vec<Value> = self
            .expectations
            .iter()
            .map(|e| json!({"name": e.name, "ok": e.ok, "detail": e.detail, "invocation": e.invocation}))
            .collect();
        json!({
            "version": 1,
            "scenario": scenario,
            "name": name,
            "invocations": invocations,
            "executed": executed,
            "end": self.end.as_ref().map(|e| json!({"reason": e.reason.as_str(), "at_seconds": e.at_seconds, "invocation": e.invocation})),
            "recordings": recordings,
            "expectations": expectations,
        })
    }

    /// A few lines for people: each invocation, what ended the call, each expectation.
    pub fn to_text(&self, scenario: &str, name: Option<&str>) -> String {
        let mut out = format!(
            "{} {}\n",
            escape_text(scenario),
            name.map(|n| format!("({})", escape_text(n)))
                .unwrap_or_default()
        );
        for i in &self.invocations {
            let kind = i.event["InvocationEventType"].as_str().unwrap_or_default();
            let actions: Vec<&str> = i
                .response
                .as_ref()
                .and_then(|r| r.get("Actions"))
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|x| x["Type"].as_str()).collect())
                .unwrap_or_default();
            let answer = if i.ignored {
                "(response ignored)".to_string()
            } else if let Some(e) = &i.error {
                format!("error: {}", escape_text(e))
            } else if i.response.is_none() {
                "blank response".to_string()
            } else {
                format!("-> [{}]", escape_text(&actions.join(", ")))
            };
            out.push_str(&format!(
                "  {:>7.1}s  #{:<3} {:<24} {answer}{}\n",
                i.at_seconds,
                i.sequence,
                kind,
                if i.retried { " (retried)" } else { "" }
            ));
            for d in &i.diagnostics {
                out.push_str(&format!(
                    "             {}[{}] {} {}\n",
                    d["severity"].as_str().unwrap_or_default(),
                    d["code"].as_str().unwrap_or_default(),
                    escape_text(d["pointer"].as_str().unwrap_or_default()),
                    escape_text(d["message"].as_str().unwrap_or_default())
                ));
            }
        }
        if let Some(e) = &self.end {
            out.push_str(&format!(
                "  ended by {} at {:.1}s after invocation #{}\n",
                e.reason.as_str(),
                e.at_seconds,
                e.invocation
            ));
        }
        for e in &self.expectations {
            out.push_str(&format!(
                "  {} {}: {}\n",
                if e.ok { "ok  " } else { "FAIL" },
                e.name,
                escape_text(&e.detail)
            ));
        }
        out
    }
}
