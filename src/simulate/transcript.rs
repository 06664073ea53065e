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
    /// The invocation whose response it came in.
    pub invocation: u64,
}

impl Executed {
    pub fn ok(kind: &str, invocation: u64) -> Self {
        Executed {
            kind: kind.to_string(),
            failed: None,
            invocation,
        }
    }

    pub fn failed(kind: &str, error_type: &str, invocation: u64) -> Self {
        Executed {
            kind: kind.to_string(),
            failed: Some(error_type.to_string()),
            invocation,
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
                    "invocation": x.invocation,
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

    /// The timeline for people, like a test runner's output: each invocation at its simulated
    /// second (the event, what the handler returned, what each action did, the findings on the
    /// response), how the call ended, each expectation (a failed one names its invocation), and
    /// PASS or FAIL. Every value from input is escaped.
    pub fn to_text(&self, scenario: &str, name: Option<&str>) -> String {
        let mut out = match name {
            Some(n) => format!("{} ({})\n", escape_text(n), escape_text(scenario)),
            None => format!("{}\n", escape_text(scenario)),
        };
        for i in &self.invocations {
            let e = &i.event;
            let kind = e["InvocationEventType"].as_str().unwrap_or_default();
            let mut about = String::new();
            if kind == "HANGUP" {
                if let Some(tag) = e["ActionData"]["Parameters"]["ParticipantTag"].as_str() {
                    about.push_str(&format!(" {}", escape_text(tag)));
                }
            } else if let Some(t) = e["ActionData"]["Type"].as_str() {
                about.push(' ');
                about.push_str(&escape_text(t));
            }
            if let Some(t) = e["ActionData"]["ErrorType"]
                .as_str()
                .or(e["ErrorType"].as_str())
            {
                about.push_str(&format!(" {}", escape_text(t)));
            }
            if let Some(d) = e["ActionData"]["ReceivedDigits"].as_str() {
                about.push_str(&format!(" digits {}", escape_text(d)));
            }
            out.push_str(&format!(
                "  {:>7.1}s  #{} {kind}{about}\n",
                i.at_seconds, i.sequence
            ));
            let pad = "             ";
            if i.ignored {
                out.push_str(&format!(
                    "{pad}response ignored (the SMA does not act on it)\n"
                ));
            } else if let Some(err) = &i.error {
                let again = if i.retried { ", retried once" } else { "" };
                out.push_str(&format!(
                    "{pad}handler failed{again}: {}\n",
                    escape_text(err)
                ));
                // the error's own line: Node prints it first, Python last (after the frames,
                // which are indented)
                let said = i.stderr.lines().find(|l| {
                    !l.trim().is_empty()
                        && !l.starts_with([' ', '\t'])
                        && !l.starts_with("Traceback")
                });
                if let Some(line) = said {
                    out.push_str(&format!("{pad}stderr: {}\n", escape_text(line.trim())));
                }
            } else if i.response.is_none() {
                out.push_str(&format!("{pad}blank response\n"));
            } else {
                let actions: Vec<String> = i
                    .response
                    .as_ref()
                    .and_then(|r| r.get("Actions"))
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .map(|x| escape_text(x["Type"].as_str().unwrap_or("?")).into_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                let list = if actions.is_empty() {
                    "no actions".to_string()
                } else {
                    actions.join(", ")
                };
                out.push_str(&format!("{pad}returned {list}\n"));
                let ran: Vec<String> = self
                    .executed
                    .iter()
                    .filter(|x| x.invocation == i.sequence)
                    .map(|x| match &x.failed {
                        None => format!("{} ok", escape_text(&x.kind)),
                        Some(t) => format!("{} FAILED ({})", escape_text(&x.kind), escape_text(t)),
                    })
                    .collect();
                if !ran.is_empty() {
                    out.push_str(&format!("{pad}ran {}\n", ran.join(", ")));
                }
            }
            for d in &i.diagnostics {
                out.push_str(&format!(
                    "{pad}{}[{}] {}: {}\n",
                    d["severity"].as_str().unwrap_or_default(),
                    d["code"].as_str().unwrap_or_default(),
                    escape_text(d["pointer"].as_str().unwrap_or_default()),
                    escape_text(d["message"].as_str().unwrap_or_default())
                ));
            }
        }
        if let Some(e) = &self.end {
            out.push_str(&format!(
                "  ended by {} at {:.1}s, after invocation #{}\n",
                e.reason.as_str(),
                e.at_seconds,
                e.invocation
            ));
        }
        for r in &self.recordings {
            out.push_str(&format!(
                "  recording s3://{}/{} ({:.1}s{})\n",
                escape_text(&r.bucket),
                escape_text(&r.key),
                r.seconds,
                r.terminator
                    .as_deref()
                    .map(|t| format!(", ended by {}", escape_text(t)))
                    .unwrap_or_default()
            ));
        }
        for e in &self.expectations {
            let at = match (e.ok, e.invocation) {
                (false, Some(n)) => format!(" (invocation #{n})"),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  {} {}: {}{at}\n",
                if e.ok { "ok  " } else { "FAIL" },
                e.name,
                escape_text(&e.detail)
            ));
        }
        let held = self.expectations.iter().filter(|e| e.ok).count();
        out.push_str(&format!(
            "{}: {held} of {} expectations held\n\n",
            if self.passed() { "PASS" } else { "FAIL" },
            self.expectations.len()
        ));
        out
    }
}
