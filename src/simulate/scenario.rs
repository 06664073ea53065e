//! A simulation scenario (TOML): the call, what the caller does, how LEG-B answers, failures
//! to inject, UpdateSipMediaApplicationCall requests, and what to expect.
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::schema::ACTION_ERRORS;
use crate::util::suggest::did_you_mean;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: Option<String>,
    #[serde(default)]
    pub call: Call,
    /// LEG-A's behaviour, in order, on the simulated clock.
    #[serde(default)]
    pub caller: Vec<Step>,
    pub callee: Option<Callee>,
    #[serde(default)]
    pub fail: Vec<Fail>,
    #[serde(default)]
    pub update: Vec<Update>,
    #[serde(default)]
    pub expect: Expect,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Inbound,
    Outbound,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    #[serde(default)]
    pub direction: Direction,
    #[serde(default = "default_from")]
    pub from: String,
    #[serde(default = "default_to")]
    pub to: String,
    #[serde(default = "default_account")]
    pub account: String,
    #[serde(default = "default_region")]
    pub region: String,
    pub sma_id: Option<String>,
    #[serde(default)]
    pub sip_headers: BTreeMap<String, String>,
}

fn default_from() -> String {
    "+12065550100".into()
}
fn default_to() -> String {
    "+12065550199".into()
}
fn default_account() -> String {
    "111122223333".into()
}
fn default_region() -> String {
    "us-east-1".into()
}

impl Default for Call {
    fn default() -> Self {
        Call {
            direction: Direction::Inbound,
            from: default_from(),
            to: default_to(),
            account: default_account(),
            region: default_region(),
            sma_id: None,
            sip_headers: BTreeMap::new(),
        }
    }
}

/// One thing the caller does: exactly one of the three keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub talk: Option<f64>,
    pub press: Option<String>,
    pub hangup: Option<bool>,
}

/// A caller step, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Act {
    Talk(f64),
    Press(String),
    Hangup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    Answer,
    Busy,
    NoAnswer,
    Reject,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Callee {
    pub answer: Answer,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fail {
    pub action: String,
    pub error_type: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    pub after_invocation: u64,
    #[serde(default)]
    pub arguments: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndReason {
    Hangup,
    Timeout,
    HandlerError,
    MaxInvocations,
    ScenarioEnd,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Hangup => "hangup",
            EndReason::Timeout => "timeout",
            EndReason::HandlerError => "handler-error",
            EndReason::MaxInvocations => "max-invocations",
            EndReason::ScenarioEnd => "scenario-end",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub actions: Option<Vec<String>>,
    pub ended_by: Option<EndReason>,
    pub recordings: Option<usize>,
    pub no_lint_errors: Option<bool>,
}

/// The error of a TOML text, with a did-you-mean for an unknown key, at its line and column.
fn explain(e: &toml::de::Error, text: &str) -> String {
    let message = e.message();
    let hint = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
        .and_then(|(field, rest)| {
            let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
            did_you_mean(field, expected)
        })
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default();
    let at = e
        .span()
        .map(|s| {
            let before = &text[..s.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!(" (line {line}, column {column})")
        })
        .unwrap_or_default();
    format!("{message}{hint}{at}")
}

impl Scenario {
    /// Reads a scenario; `Err` says what is wrong and where.
    pub fn parse(text: &str) -> Result<Scenario, String> {
        let s: Scenario = toml::from_str(text).map_err(|e| explain(&e, text))?;
        s.steps()?;
        for f in &s.fail {
            let Some((_, errors)) = ACTION_ERRORS.iter().find(|(a, _)| *a == f.action) else {
                let hint = did_you_mean(&f.action, ACTION_ERRORS.iter().map(|(a, _)| *a))
                    .map(|a| format!(" (did you mean `{a}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "[[fail]]: `{}` is not an action type{hint}",
                    f.action
                ));
            };
            let mut documented: Vec<&str> = Vec::new();
            for (t, _) in errors.iter() {
                if !documented.contains(t) {
                    documented.push(t);
                }
            }
            let generic = ["InvalidActionParameter", "SystemException"];
            if !documented.contains(&f.error_type.as_str())
                && !generic.contains(&f.error_type.as_str())
            {
                let hint = did_you_mean(&f.error_type, documented.iter().copied())
                    .map(|t| format!(" (did you mean `{t}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "[[fail]]: `{}` is not an ErrorType documented for {}{hint}; documented: {}",
                    f.error_type,
                    f.action,
                    if documented.is_empty() {
                        "none (use InvalidActionParameter or SystemException)".to_string()
                    } else {
                        documented.join(", ")
                    }
                ));
            }
        }
        if s.update.iter().any(|u| u.arguments.len() > 20) {
            return Err("[[update]]: at most 20 arguments (UpdateSipMediaApplicationCall)".into());
        }
        if let Some(u) = s.update.iter().find(|u| u.after_invocation == 0) {
            return Err(format!(
                "[[update]]: after_invocation = {}: invocations count from 1",
                u.after_invocation
            ));
        }
        for a in s.expect.actions.iter().flatten() {
            if !crate::schema::ACTION_TYPES.contains(&a.as_str()) {
                let hint = did_you_mean(a, crate::schema::ACTION_TYPES.iter().copied())
                    .map(|t| format!(" (did you mean `{t}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "[expect] actions: `{a}` is not an action type{hint}"
                ));
            }
        }
        Ok(s)
    }

    /// The caller's steps, each checked to hold exactly one action.
    pub fn steps(&self) -> Result<Vec<Act>, String> {
        self.caller
            .iter()
            .enumerate()
            .map(|(i, s)| match (s.talk, &s.press, s.hangup) {
                (Some(t), None, None) if t.is_finite() && t >= 0.0 => Ok(Act::Talk(t)),
                (Some(t), None, None) => Err(format!(
                    "[[caller]] {}: talk = {t}: seconds of speech, 0 or more",
                    i + 1
                )),
                (None, Some(d), None) => {
                    if d.is_empty()
                        || !d
                            .chars()
                            .all(|c| c.is_ascii_digit() || matches!(c, '#' | '*' | 'A'..='D'))
                    {
                        Err(format!(
                            "[[caller]] {}: press = {d:?}: DTMF keys are 0-9, #, * and A-D",
                            i + 1
                        ))
                    } else {
                        Ok(Act::Press(d.clone()))
                    }
                }
                (None, None, Some(true)) => Ok(Act::Hangup),
                (None, None, Some(false)) => Err(format!(
                    "[[caller]] {}: hangup = false does nothing: leave the step out",
                    i + 1
                )),
                _ => Err(format!(
                    "[[caller]] {}: give exactly one of talk, press, hangup",
                    i + 1
                )),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_scenario_reads() {
        let s = Scenario::parse(
            r#"
name = "caller leaves a voicemail"
[call]
direction = "inbound"
from = "+12065550100"
to = "+12065550199"
[[caller]]
talk = 4.0
[[caller]]
press = "1#"
[[caller]]
hangup = true
[callee]
answer = "no-answer"
[[fail]]
action = "PlayAudio"
error_type = "InvalidAudioSource"
[[update]]
after_invocation = 2
arguments = { action = "transfer" }
[expect]
actions = ["Speak", "RecordAudio", "Hangup"]
ended_by = "hangup"
recordings = 1
no_lint_errors = true
"#,
        )
        .unwrap();
        assert_eq!(
            s.steps().unwrap(),
            [Act::Talk(4.0), Act::Press("1#".into()), Act::Hangup]
        );
        assert_eq!(s.callee.unwrap().answer, Answer::NoAnswer);
        assert_eq!(s.expect.ended_by, Some(EndReason::Hangup));
    }

    #[test]
    fn mistakes_are_named() {
        let e = Scenario::parse("[[caller]]\ntlak = 4\n").unwrap_err();
        assert!(e.contains("did you mean `talk`?"), "{e}");
        let e = Scenario::parse("nmae = 'x'\n").unwrap_err();
        assert!(e.contains("did you mean `name`?"), "{e}");
        let e = Scenario::parse("[[caller]]\ntalk = 1\npress = '1'\n").unwrap_err();
        assert!(e.contains("exactly one"), "{e}");
        let e = Scenario::parse("[[caller]]\npress = 'x'\n").unwrap_err();
        assert!(e.contains("DTMF"), "{e}");
        let e =
            Scenario::parse("[[fail]]\naction = 'PlayAudio'\nerror_type = 'InvalidAudioSourc'\n")
                .unwrap_err();
        assert!(e.contains("did you mean `InvalidAudioSource`?"), "{e}");
        let e = Scenario::parse("[[fail]]\naction = 'PlayAudi'\nerror_type = 'x'\n").unwrap_err();
        assert!(e.contains("did you mean `PlayAudio`?"), "{e}");
        let e = Scenario::parse("[expect]\nactions = ['Speek']\n").unwrap_err();
        assert!(e.contains("did you mean `Speak`?"), "{e}");
        let e = Scenario::parse("[[update]]\nafter_invocation = 0\n").unwrap_err();
        assert!(e.contains("count from 1"), "{e}");
        let e = Scenario::parse("[expect]\nended_by = 'hung-up'\n").unwrap_err();
        assert!(e.contains("hangup"), "{e}");
    }
}
