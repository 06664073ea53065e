//! The SIP media application in a box: sends the handler each invocation event of a call,
//! runs the actions it returns on a simulated clock against the scenario's caller, and
//! records everything in a [`Transcript`].
//!
//! Where the documentation is silent the choices are sma's, listed in docs/simulate.md
//! (durations, ids, the ErrorType of digits that were not received).
use serde_json::{Map, Value, json};

use super::handler::{CannotStart, Handler};
use super::scenario::{Act, Answer, Direction, EndReason, Scenario};
use super::transcript::{End, Executed, Expectation, Invocation, Recording, Transcript};
use crate::engine;
use crate::model::Event;
use crate::schema::ACTION_ERRORS;
use crate::source::SourceFile;

/// Actions an UpdateSipMediaApplicationCall stops at once (the others finish first).
pub const INTERRUPTIBLE: [&str; 3] = ["PlayAudio", "RecordAudio", "Pause"];

/// Lambda invocations per call (the SMA's limit).
pub const MAX_INVOCATIONS: u64 = 1000;
/// Actions per response (the SMA's limit).
pub const MAX_ACTIONS: usize = 10;
/// A call still up after this many simulated seconds ends with `scenario-end`.
pub const MAX_SECONDS: f64 = 3600.0;
/// An inbound call no action answers times out after this many seconds.
pub const UNANSWERED_SECONDS: f64 = 30.0;
/// The simulated clock's epoch: 2026-01-01T00:00:00Z, in milliseconds.
const EPOCH_MS: u64 = 1_767_225_600_000;

/// Speech per character of `Speak` text, in seconds (about 15 characters a second).
pub const SPEAK_SECONDS_PER_CHAR: f64 = 0.065;
/// A `PlayAudio` file's length, in seconds (the file is not read).
pub const PLAY_SECONDS: f64 = 3.0;
/// A CallAndBridge rings this long before LEG-B answers, is busy or rejects.
pub const RING_SECONDS: f64 = 5.0;

/// Deterministic ids: splitmix64 from `--seed`.
struct Ids(u64);

impl Ids {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A version-4-shaped UUID.
    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            8 + (b >> 62),
            (b >> 48) & 0xfff,
            b & 0xffff_ffff_ffff
        )
    }
}

#[derive(Debug, Clone)]
struct Leg {
    call_id: String,
    tag: &'static str,
    to: String,
    from: String,
    direction: &'static str,
    start: f64,
    connected: bool,
}

/// The caller's behaviour on the simulated clock, from the moment the call is answered.
struct Caller {
    steps: Vec<Act>,
    origin: Option<f64>,
}

impl Caller {
    /// Each step with its time (talk: its start; the end is start + seconds).
    fn timeline(&self) -> Vec<(f64, &Act)> {
        let Some(mut t) = self.origin else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for s in &self.steps {
            out.push((t, s));
            match s {
                Act::Talk(secs) => t += secs,
                Act::Hangup => break,
                Act::Press(_) => {}
            }
        }
        out
    }

    fn hangup_at(&self) -> Option<f64> {
        self.timeline()
            .into_iter()
            .find(|(_, s)| matches!(s, Act::Hangup))
            .map(|(t, _)| t)
    }

    /// DTMF pressed in `[from, to)`, in order, one key at a time.
    fn presses(&self, from: f64, to: f64) -> Vec<(f64, char)> {
        self.timeline()
            .into_iter()
            .filter_map(|(t, s)| match s {
                Act::Press(keys) if t >= from && t < to => Some((t, keys)),
                _ => None,
            })
            .flat_map(|(t, keys)| keys.chars().map(move |c| (t, c)))
            .collect()
    }

    /// Speech intervals.
    fn talk(&self) -> Vec<(f64, f64)> {
        self.timeline()
            .into_iter()
            .filter_map(|(t, s)| match s {
                Act::Talk(secs) => Some((t, t + secs)),
                _ => None,
            })
            .collect()
    }

    /// The first moment from `from` on after which the caller is silent for `secs`.
    fn silence_after(&self, from: f64, secs: f64) -> f64 {
        let mut quiet_since = from;
        for (a, b) in self.talk() {
            if b <= quiet_since {
                continue;
            }
            if a >= quiet_since + secs {
                break;
            }
            quiet_since = quiet_since.max(b);
        }
        quiet_since + secs
    }
}

/// What running one action came to.
enum Ran {
    /// It finished: its result fields for ACTION_SUCCESSFUL.
    Done(Map<String, Value>),
    Failed(String, String),
    /// The caller hung up while it ran.
    CallerHungUp,
    /// A Hangup action ended this leg.
    LegHungUp(usize, i64),
}

pub struct Sma<'a> {
    scenario: &'a Scenario,
    handler: &'a mut dyn Handler,
    ids: Ids,
    now: f64,
    sequence: u64,
    transaction_id: String,
    sma_id: String,
    sip_rule_id: String,
    legs: Vec<Leg>,
    attributes: Option<Map<String, Value>>,
    caller: Caller,
    fails: Vec<(String, String, bool)>,
    recordings_made: usize,
    /// An update whose CALL_UPDATE_REQUESTED follows the ACTION_INTERRUPTED being sent.
    pending_update: Option<std::collections::BTreeMap<String, String>>,
    transcript: Transcript,
}

/// An invocation's outcome for the loop.
enum Answered {
    /// The handler's response (a JSON value; `None` for blank or `null`).
    Response(Option<Value>),
    /// Both attempts failed.
    Failed,
}

impl<'a> Sma<'a> {
    pub fn new(scenario: &'a Scenario, handler: &'a mut dyn Handler, seed: u64) -> Self {
        let mut ids = Ids(seed);
        let transaction_id = ids.uuid();
        let sma_id = scenario.call.sma_id.clone().unwrap_or_else(|| ids.uuid());
        let sip_rule_id = ids.uuid();
        let call = &scenario.call;
        let (direction, to, from) = match call.direction {
            Direction::Inbound => ("Inbound", call.to.clone(), call.from.clone()),
            Direction::Outbound => ("Outbound", call.to.clone(), call.from.clone()),
        };
        let leg_a = Leg {
            call_id: ids.uuid(),
            tag: "LEG-A",
            to,
            from,
            direction,
            start: 0.0,
            connected: false,
        };
        Sma {
            scenario,
            handler,
            ids,
            now: 0.0,
            sequence: 0,
            transaction_id,
            sma_id,
            sip_rule_id,
            legs: vec![leg_a],
            attributes: None,
            caller: Caller {
                steps: scenario.steps().unwrap_or_default(),
                origin: None,
            },
            fails: scenario
                .fail
                .iter()
                .map(|f| (f.action.clone(), f.error_type.clone(), false))
                .collect(),
            recordings_made: 0,
            pending_update: None,
            transcript: Transcript::default(),
        }
    }

    fn end(&mut self, reason: EndReason) {
        self.transcript.end = Some(End {
            reason,
            at_seconds: (self.now * 1000.0).round() / 1000.0,
            invocation: self.sequence,
        });
    }

    fn participants(&self, with_status: bool) -> Vec<Value> {
        self.legs
            .iter()
            .map(|l| {
                let mut p = json!({
                    "CallId": l.call_id,
                    "ParticipantTag": l.tag,
                    "To": l.to,
                    "From": l.from,
                    "Direction": l.direction,
                    "StartTimeInMilliseconds": (EPOCH_MS + (l.start * 1000.0) as u64).to_string(),
                });
                if with_status {
                    p["Status"] = json!(if l.connected {
                        "Connected"
                    } else {
                        "Disconnected"
                    });
                }
                p
            })
            .collect()
    }

    /// The event of the next invocation.
    fn event(
        &mut self,
        kind: &str,
        action_data: Option<Value>,
        error: Option<(&str, &str)>,
    ) -> Value {
        self.sequence += 1;
        let with_status = !matches!(kind, "NEW_OUTBOUND_CALL" | "RINGING");
        let mut details = json!({
            "TransactionId": self.transaction_id,
            "AwsAccountId": self.scenario.call.account,
            "AwsRegion": self.scenario.call.region,
            "SipMediaApplicationId": self.sma_id,
            "Participants": self.participants(with_status),
        });
        if self.scenario.call.direction == Direction::Inbound {
            details["SipRuleId"] = json!(self.sip_rule_id);
            if kind == "NEW_INBOUND_CALL" && !self.scenario.call.sip_headers.is_empty() {
                details["Participants"][0]["SipHeaders"] = json!(self.scenario.call.sip_headers);
            }
        }
        if let Some(attrs) = &self.attributes {
            details["TransactionAttributes"] = Value::Object(attrs.clone());
        }
        let mut event = json!({
            "SchemaVersion": "1.0",
            "Sequence": self.sequence,
            "InvocationEventType": kind,
        });
        if let Some(data) = action_data {
            event["ActionData"] = data;
        }
        event["CallDetails"] = details;
        if let Some((t, m)) = error {
            event["ErrorType"] = json!(t);
            event["ErrorMessage"] = json!(m);
        }
        event
    }

    /// Sends `event` (retried once when the invocation fails); records it.
    fn invoke(&mut self, event: Value, ignored: bool) -> Result<Answered, CannotStart> {
        let text = serde_json::to_vec(&event).unwrap_or_default();
        let mut reply = self.handler.invoke(&text)?;
        let mut retried = false;
        if reply.error.is_some() {
            retried = true;
            reply = self.handler.invoke(&text)?;
        }
        let mut record = Invocation {
            sequence: self.sequence,
            event: event.clone(),
            response: None,
            ignored,
            diagnostics: Vec::new(),
            stderr: reply.stderr.clone(),
            error: reply.error.clone(),
            retried,
            at_seconds: (self.now * 1000.0).round() / 1000.0,
        };
        let Some(stdout) = reply.stdout else {
            self.transcript.invocations.push(record);
            return Ok(Answered::Failed);
        };
        let trimmed = String::from_utf8_lossy(&stdout).trim().to_string();
        let value = if trimmed.is_empty() || trimmed == "null" {
            None
        } else {
            match serde_json::from_str::<Value>(&trimmed) {
                Ok(v) => Some(v),
                Err(e) => {
                    record.error = Some(format!("the response is not JSON: {e}"));
                    Some(Value::String(trimmed.clone()))
                }
            }
        };
        if !ignored && value.is_some() {
            let name = format!("<response to invocation {}>", self.sequence);
            let ev = Event::from_value("<event>", &event);
            let checked = engine::check_with_event(SourceFile::new(name, trimmed), Some(&ev));
            record.diagnostics = crate::emit::json::diagnostics(&checked);
        }
        record.response = value
            .clone()
            .filter(|v| !v.is_string() || record.error.is_none());
        self.transcript.invocations.push(record);
        Ok(Answered::Response(value))
    }

    /// Runs the call to its end.
    pub fn run(mut self) -> Result<Transcript, CannotStart> {
        let mut next = match self.scenario.call.direction {
            Direction::Inbound => {
                self.legs[0].connected = true;
                self.event("NEW_INBOUND_CALL", None, None)
            }
            Direction::Outbound => self.event("NEW_OUTBOUND_CALL", None, None),
        };
        loop {
            if self.now >= MAX_SECONDS {
                self.now = MAX_SECONDS;
                self.end(EndReason::ScenarioEnd);
                break;
            }
            let kind = next["InvocationEventType"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let ignored = self.ignored(&kind);
            let answered = self.invoke(next.clone(), ignored)?;
            let response = match answered {
                Answered::Failed => {
                    self.end(EndReason::HandlerError);
                    break;
                }
                Answered::Response(r) => r,
            };
            if self.sequence >= MAX_INVOCATIONS {
                self.end(EndReason::MaxInvocations);
                break;
            }
            let following = if ignored {
                self.after_ignored(&kind)
            } else {
                self.answer(&kind, response)
            };
            match following {
                Some(event) => next = event,
                None => break,
            }
        }
        self.expectations();
        Ok(self.transcript)
    }

    /// Responses the SMA does not act on.
    fn ignored(&self, kind: &str) -> bool {
        match kind {
            "NEW_OUTBOUND_CALL" | "RINGING" | "ACTION_INTERRUPTED" => true,
            "HANGUP" => !self.legs.iter().any(|l| l.connected),
            _ => false,
        }
    }

    /// What follows an event whose response is ignored.
    fn after_ignored(&mut self, kind: &str) -> Option<Value> {
        match kind {
            "NEW_OUTBOUND_CALL" => {
                self.now += 1.0;
                Some(self.event("RINGING", None, None))
            }
            "RINGING" => {
                self.now += RING_SECONDS;
                self.legs[0].connected = true;
                self.caller.origin = Some(self.now);
                Some(self.event("CALL_ANSWERED", None, None))
            }
            "ACTION_INTERRUPTED" => match self.pending_update.take() {
                Some(args) => Some(self.update_event(&args)),
                None => self.idle(),
            },
            _ => {
                // a HANGUP with no leg left: the call is over
                self.end(EndReason::Hangup);
                None
            }
        }
    }

    /// Acts on a response to `kind`; returns the next event, `None` when the call ended.
    fn answer(&mut self, kind: &str, response: Option<Value>) -> Option<Value> {
        let Some(response) = response else {
            return Some(self.invalid("Response is blank or empty"));
        };
        let Some(obj) = response.as_object() else {
            return Some(self.invalid("Error while reading actions list."));
        };
        if obj.get("SchemaVersion").and_then(Value::as_str) != Some("1.0") {
            return Some(self.invalid(
                "The schema version in the invocation request does not match the schema version in the response.",
            ));
        }
        match obj.get("TransactionAttributes") {
            Some(Value::Object(m)) if m.is_empty() => self.attributes = None,
            Some(Value::Object(m)) => self.attributes = Some(m.clone()),
            _ => {}
        }
        let actions: Vec<Value> = match obj.get("Actions") {
            Some(Value::Array(a)) => a.clone(),
            None | Some(Value::Null) => Vec::new(),
            Some(_) => return Some(self.invalid("Error while reading actions list.")),
        };
        if actions.len() > MAX_ACTIONS {
            return Some(self.invalid("Too many actions specified in a response."));
        }
        let diagnostics = self
            .transcript
            .invocations
            .last()
            .map(|i| i.diagnostics.clone())
            .unwrap_or_default();
        // the update, if one comes after this invocation
        let update = self
            .scenario
            .update
            .iter()
            .find(|u| u.after_invocation == self.sequence)
            .cloned();
        if actions.is_empty() {
            if kind == "NEW_INBOUND_CALL" {
                // nothing answers the call: it times out
                self.now += UNANSWERED_SECONDS;
                self.legs[0].connected = false;
                self.end(EndReason::Timeout);
                return None;
            }
            if let Some(u) = update {
                return Some(self.update_event(&u.arguments));
            }
            return self.idle();
        }
        if self.caller.origin.is_none() {
            self.caller.origin = Some(self.now);
        }
        let mut last: Option<(Value, Map<String, Value>)> = None;
        for (i, action) in actions.iter().enumerate() {
            let t = action
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            // the update arrives while the first action runs: an interruptible one stops at
            // once (ACTION_INTERRUPTED, whose response is ignored), then the update is sent
            if i == 0
                && let Some(u) = &update
                && INTERRUPTIBLE.contains(&t.as_str())
            {
                self.pending_update = Some(u.arguments.clone());
                let data = action_data(action, &Map::new());
                return Some(self.event("ACTION_INTERRUPTED", Some(data), None));
            }
            // an action `sma lint` finds an error in fails as the SMA fails it
            let invalid = diagnostics.iter().find(|d| {
                d["severity"] == "error"
                    && d["pointer"].as_str().is_some_and(|p| {
                        p == format!("/Actions/{i}") || p.starts_with(&format!("/Actions/{i}/"))
                    })
            });
            let injected = self
                .fails
                .iter_mut()
                .find(|(a, _, used)| *a == t && !*used)
                .map(|f| {
                    f.2 = true;
                    f.1.clone()
                });
            let outcome = if let Some(d) = invalid {
                Ran::Failed(
                    "InvalidActionParameter".into(),
                    d["message"].as_str().unwrap_or_default().to_string(),
                )
            } else if let Some(error_type) = injected {
                let message = ACTION_ERRORS
                    .iter()
                    .find(|(a, _)| *a == t)
                    .and_then(|(_, e)| e.iter().find(|(et, m)| *et == error_type && !m.is_empty()))
                    .map_or("System error while running action.", |(_, m)| m)
                    .to_string();
                Ran::Failed(error_type, message)
            } else {
                self.execute(&t, action)
            };
            match outcome {
                Ran::Done(fields) => {
                    self.transcript
                        .executed
                        .push(Executed::ok(&t, self.sequence));
                    last = Some((action.clone(), fields));
                    if i == 0
                        && let Some(u) = &update
                    {
                        // the update came while this action ran: the rest is replaced
                        let args = u.arguments.clone();
                        return Some(self.update_event(&args));
                    }
                }
                Ran::Failed(error_type, message) => {
                    self.transcript
                        .executed
                        .push(Executed::failed(&t, &error_type, self.sequence));
                    let mut data = action_data(action, &Map::new());
                    data["ErrorType"] = json!(error_type);
                    data["ErrorMessage"] = json!(message);
                    return Some(self.event("ACTION_FAILED", Some(data), None));
                }
                Ran::CallerHungUp => return Some(self.leg_hung_up(0, 0)),
                Ran::LegHungUp(leg, code) => {
                    self.transcript
                        .executed
                        .push(Executed::ok(&t, self.sequence));
                    return Some(self.leg_hung_up(leg, code));
                }
            }
        }
        let (action, fields) = last.expect("at least one action ran");
        let data = action_data(&action, &fields);
        Some(self.event("ACTION_SUCCESSFUL", Some(data), None))
    }

    fn invalid(&mut self, message: &str) -> Value {
        self.event(
            "INVALID_LAMBDA_RESPONSE",
            None,
            Some(("InvalidLambdaResponse", message)),
        )
    }

    fn update_event(&mut self, arguments: &std::collections::BTreeMap<String, String>) -> Value {
        let data = json!({"Type": "CallUpdateRequest", "Parameters": {"Arguments": arguments}});
        self.event("CALL_UPDATE_REQUESTED", Some(data), None)
    }

    /// Nothing runs: the call waits for the caller to hang up (or the hour to pass).
    fn idle(&mut self) -> Option<Value> {
        match self.caller.hangup_at().filter(|t| *t >= self.now) {
            Some(t) if self.legs[0].connected => {
                self.now = t;
                Some(self.leg_hung_up(0, 0))
            }
            _ => {
                self.now = MAX_SECONDS;
                self.end(EndReason::ScenarioEnd);
                None
            }
        }
    }

    /// A leg hung up: the SMA sends HANGUP for it.
    fn leg_hung_up(&mut self, leg: usize, code: i64) -> Value {
        self.legs[leg].connected = false;
        let l = &self.legs[leg];
        let data = json!({
            "Type": "Hangup",
            "Parameters": {"SipResponseCode": code, "CallId": l.call_id, "ParticipantTag": l.tag},
        });
        self.event("HANGUP", Some(data), None)
    }

    /// The leg an action names (by CallId or ParticipantTag), LEG-A by default.
    fn leg_of(&self, action: &Value) -> usize {
        let p = &action["Parameters"];
        let by_id = p["CallId"]
            .as_str()
            .and_then(|id| self.legs.iter().position(|l| l.call_id == id));
        let by_tag = p["ParticipantTag"]
            .as_str()
            .and_then(|tag| self.legs.iter().position(|l| l.tag == tag));
        by_id.or(by_tag).unwrap_or(0)
    }

    /// Advances the clock by `secs` unless the caller hangs up first.
    fn pass(&mut self, secs: f64) -> bool {
        let end = self.now + secs.max(0.0);
        if let Some(h) = self.caller.hangup_at()
            && h >= self.now
            && h < end
            && self.legs[0].connected
        {
            self.now = h;
            return false;
        }
        self.now = end;
        true
    }

    fn execute(&mut self, t: &str, action: &Value) -> Ran {
        let p = &action["Parameters"];
        let num = |k: &str| -> Option<f64> {
            match &p[k] {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }
        };
        let text_seconds = |p: &Value| -> f64 {
            let text = p["Text"]
                .as_str()
                .or_else(|| p["SpeechParameters"]["Text"].as_str())
                .unwrap_or_default();
            (text.chars().count() as f64 * SPEAK_SECONDS_PER_CHAR).max(0.5)
        };
        let mut fields = Map::new();
        match t {
            "Speak" | "Pause" => {
                let secs = if t == "Speak" {
                    text_seconds(p)
                } else {
                    num("DurationInMilliseconds").unwrap_or(0.0) / 1000.0
                };
                if !self.pass(secs) {
                    return Ran::CallerHungUp;
                }
            }
            "PlayAudio" => {
                let repeat = num("Repeat").unwrap_or(1.0).max(1.0);
                let terminators: Vec<String> = strings(&p["PlaybackTerminators"]);
                let end = self.now + PLAY_SECONDS * repeat;
                let stop = self
                    .caller
                    .presses(self.now, end)
                    .into_iter()
                    .find(|(_, c)| terminators.iter().any(|t| t.starts_with(*c)));
                let until = stop.map_or(end, |(at, _)| at);
                if !self.pass(until - self.now) {
                    return Ran::CallerHungUp;
                }
            }
            "RecordAudio" => return self.record(action),
            "SpeakAndGetDigits" | "PlayAudioAndGetDigits" => {
                let prompt = if t == "SpeakAndGetDigits" {
                    text_seconds(&p["SpeechParameters"])
                } else {
                    PLAY_SECONDS
                };
                return self.get_digits(p, prompt);
            }
            "CallAndBridge" => {
                let answer = self
                    .scenario
                    .callee
                    .as_ref()
                    .map_or(Answer::Answer, |c| c.answer);
                let wait = match answer {
                    Answer::NoAnswer => num("CallTimeoutSeconds").unwrap_or(30.0),
                    _ => RING_SECONDS,
                };
                if !self.pass(wait) {
                    return Ran::CallerHungUp;
                }
                if answer != Answer::Answer {
                    return Ran::Failed("CallNotAnswered".into(), "Call not answered".into());
                }
                let endpoint = &p["Endpoints"][0];
                let leg_b = Leg {
                    call_id: self.ids.uuid(),
                    tag: "LEG-B",
                    to: endpoint["Uri"].as_str().unwrap_or_default().to_string(),
                    from: p["CallerIdNumber"].as_str().unwrap_or_default().to_string(),
                    direction: "Outbound",
                    start: self.now,
                    connected: true,
                };
                self.legs.retain(|l| l.tag != "LEG-B");
                self.legs.push(leg_b);
                fields.insert("CallId".into(), json!(self.legs[0].call_id));
            }
            "Hangup" => {
                let leg = self.leg_of(action);
                let code = p["SipResponseCode"]
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .or_else(|| p["SipResponseCode"].as_i64())
                    .unwrap_or(0);
                return Ran::LegHungUp(leg, code);
            }
            // the others take no time here (recording control, SendDigits, VoiceFocus,
            // meetings, bots, ReceiveDigits)
            _ => {}
        }
        Ran::Done(fields)
    }

    fn record(&mut self, action: &Value) -> Ran {
        let p = &action["Parameters"];
        let start = self.now;
        let terminators: Vec<String> = strings(&p["RecordingTerminators"]);
        let duration = p["DurationInSeconds"]
            .as_f64()
            .or_else(|| p["DurationInSeconds"].as_str().and_then(|s| s.parse().ok()));
        let silence = p["SilenceDurationInSeconds"].as_f64().or_else(|| {
            p["SilenceDurationInSeconds"]
                .as_str()
                .and_then(|s| s.parse().ok())
        });
        let mut end = MAX_SECONDS.max(start);
        let mut terminator = None;
        if let Some(d) = duration {
            end = end.min(start + d);
        }
        if let Some(s) = silence {
            end = end.min(self.caller.silence_after(start, s));
        }
        if let Some((at, c)) = self
            .caller
            .presses(start, end)
            .into_iter()
            .find(|(_, c)| terminators.iter().any(|t| t.starts_with(*c)))
        {
            end = at;
            terminator = Some(c.to_string());
        }
        let finished = self.pass(end - start);
        self.recordings_made += 1;
        let dest = &p["RecordingDestination"];
        let prefix = dest["Prefix"].as_str().unwrap_or_default();
        let key = format!(
            "{prefix}{}-{}.wav",
            self.transaction_id, self.recordings_made
        );
        let bucket = dest["BucketName"].as_str().unwrap_or_default().to_string();
        self.transcript.recordings.push(Recording {
            bucket: bucket.clone(),
            key: key.clone(),
            seconds: ((self.now - start) * 1000.0).round() / 1000.0,
            terminator: terminator.clone(),
        });
        if !finished {
            // the caller hung up: the recording is kept
            self.transcript
                .executed
                .push(Executed::ok("RecordAudio", self.sequence));
            return Ran::CallerHungUp;
        }
        let mut fields = Map::new();
        fields.insert(
            "RecordingDestination".into(),
            json!({"Type": "S3", "BucketName": bucket, "Key": key}),
        );
        if let Some(t) = terminator {
            fields.insert("RecordingTerminatorUsed".into(), json!(t));
        }
        Ran::Done(fields)
    }

    fn get_digits(&mut self, p: &Value, prompt: f64) -> Ran {
        let num = |k: &str, d: f64| -> f64 {
            match &p[k] {
                Value::Number(n) => n.as_f64().unwrap_or(d),
                Value::String(s) => s.trim().parse().unwrap_or(d),
                _ => d,
            }
        };
        let min = num("MinNumberOfDigits", 1.0) as usize;
        let max = num("MaxNumberOfDigits", 128.0) as usize;
        let repeat = num("Repeat", 1.0).max(1.0) as usize;
        let wait = num("RepeatDurationInMilliseconds", 5000.0) / 1000.0;
        let between = num("InBetweenDigitsDurationInMilliseconds", 3000.0) / 1000.0;
        let terminators: Vec<String> = match strings(&p["TerminatorDigits"]) {
            t if t.is_empty() => vec!["#".into()],
            t => t,
        };
        let regex = p["InputDigitsRegex"].as_str().map(str::to_string);
        for _ in 0..repeat {
            let start = self.now;
            let mut digits = String::new();
            let mut deadline = start + prompt + wait;
            let mut done_at = None;
            for (at, c) in self.caller.presses(start, MAX_SECONDS) {
                if at >= deadline {
                    break;
                }
                if terminators.iter().any(|t| t.starts_with(c)) {
                    done_at = Some(at);
                    break;
                }
                digits.push(c);
                deadline = at + between;
                if digits.len() >= max {
                    done_at = Some(at);
                    break;
                }
            }
            let until = done_at.unwrap_or(deadline);
            if !self.pass(until - start) {
                return Ran::CallerHungUp;
            }
            let matches = regex.as_deref().is_none_or(|r| {
                fancy_regex::Regex::new(r)
                    .ok()
                    .and_then(|re| re.is_match(&digits).ok())
                    .unwrap_or(false)
            });
            if digits.len() >= min && matches {
                let mut fields = Map::new();
                fields.insert("ReceivedDigits".into(), json!(digits));
                return Ran::Done(fields);
            }
        }
        Ran::Failed(
            "InvalidDigitsReceived".into(),
            "Digits received do not match the expected input.".into(),
        )
    }

    fn expectations(&mut self) {
        let e = &self.scenario.expect;
        let t = &mut self.transcript;
        let mut out = Vec::new();
        if let Some(want) = &e.actions {
            let got: Vec<&str> = t.executed.iter().map(|x| x.kind.as_str()).collect();
            out.push(Expectation {
                name: "actions",
                ok: got == want.iter().map(String::as_str).collect::<Vec<_>>(),
                detail: format!("expected {want:?}, executed {got:?}"),
                invocation: None,
            });
        }
        if let Some(want) = e.ended_by {
            let got = t.end.as_ref().map(|x| x.reason);
            out.push(Expectation {
                name: "ended_by",
                ok: got == Some(want),
                detail: format!(
                    "expected {}, ended by {}",
                    want.as_str(),
                    got.map_or("nothing", EndReason::as_str)
                ),
                invocation: t.end.as_ref().map(|x| x.invocation),
            });
        }
        if let Some(want) = e.recordings {
            out.push(Expectation {
                name: "recordings",
                ok: t.recordings.len() == want,
                detail: format!("expected {want}, made {}", t.recordings.len()),
                invocation: None,
            });
        }
        if e.no_lint_errors.unwrap_or(true) {
            let first = t
                .invocations
                .iter()
                .find(|i| i.diagnostics.iter().any(|d| d["severity"] == "error"));
            out.push(Expectation {
                name: "no_lint_errors",
                ok: first.is_none(),
                detail: match first {
                    None => "no response has a lint error".into(),
                    Some(i) => {
                        let d = i.diagnostics.iter().find(|d| d["severity"] == "error");
                        format!(
                            "the response to invocation {} has {}",
                            i.sequence,
                            d.map_or(String::new(), |d| format!(
                                "error[{}] at {}: {}",
                                d["code"].as_str().unwrap_or_default(),
                                d["pointer"].as_str().unwrap_or_default(),
                                d["message"].as_str().unwrap_or_default()
                            ))
                        )
                    }
                },
                invocation: first.map(|i| i.sequence),
            });
        }
        t.expectations = out;
    }
}

/// An action's ActionData: its Type and Parameters (echoed), then its result fields.
fn action_data(action: &Value, fields: &Map<String, Value>) -> Value {
    let mut data = json!({
        "Type": action.get("Type").cloned().unwrap_or(Value::Null),
        "Parameters": action.get("Parameters").cloned().unwrap_or_else(|| json!({})),
    });
    for (k, v) in fields {
        if k == "CallId" {
            data["Parameters"]["CallId"] = v.clone();
        } else {
            data[k] = v.clone();
        }
    }
    data
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The invocation event types the simulator sends.
pub const EVENT_TYPES: &[&str] = &[
    "NEW_INBOUND_CALL",
    "NEW_OUTBOUND_CALL",
    "RINGING",
    "CALL_ANSWERED",
    "ACTION_SUCCESSFUL",
    "ACTION_FAILED",
    "ACTION_INTERRUPTED",
    "HANGUP",
    "CALL_UPDATE_REQUESTED",
    "DIGITS_RECEIVED",
    "INVALID_LAMBDA_RESPONSE",
];

/// A valid action of each type, naming LEG-A by `call_id` (for events about an action when
/// none is given).
pub fn sample_action(kind: &str, call_id: &str) -> Option<Value> {
    let speech = |text: &str| json!({"Text": text});
    let audio = |key: &str| json!({"Type": "S3", "BucketName": "my-prompts-bucket", "Key": key});
    let p = match kind {
        "CallAndBridge" => json!({"CallTimeoutSeconds": 30, "CallerIdNumber": "+12065550199",
            "Endpoints": [{"BridgeEndpointType": "PSTN", "Uri": "+12065550123"}]}),
        "Hangup" => json!({"CallId": call_id, "SipResponseCode": "0"}),
        "JoinChimeMeeting" => json!({"CallId": call_id, "JoinToken": "am9pbi10b2tlbi1leGFtcGxl",
            "MeetingId": "c6a3a1f2-6a1b-4b35-9d1d-2f4c3e5d6a7b"}),
        "ModifyChimeMeetingAttendees" => json!({"Operation": "Mute", "CallId": call_id,
            "MeetingId": "c6a3a1f2-6a1b-4b35-9d1d-2f4c3e5d6a7b",
            "AttendeeList": ["0e8d5f3c-2b7a-4c9e-8f1d-3a6b5c4d2e1f"]}),
        "Pause" => json!({"CallId": call_id, "DurationInMilliseconds": 1000}),
        "PauseCallRecording" | "ResumeCallRecording" | "StopCallRecording" => {
            json!({"CallId": call_id})
        }
        "PlayAudio" => json!({"CallId": call_id, "AudioSource": audio("welcome.wav")}),
        "PlayAudioAndGetDigits" => json!({"CallId": call_id, "AudioSource": audio("menu.wav"),
            "FailureAudioSource": audio("try-again.wav"), "MinNumberOfDigits": 1,
            "MaxNumberOfDigits": 1, "Repeat": 3, "RepeatDurationInMilliseconds": 5000,
            "InBetweenDigitsDurationInMilliseconds": 3000, "TerminatorDigits": ["#"]}),
        "ReceiveDigits" => json!({"CallId": call_id, "InputDigitsRegex": "^\\d{1,4}#$",
            "InBetweenDigitsDurationInMilliseconds": 1000, "FlushDigitsDurationInMilliseconds": 10000}),
        "RecordAudio" => json!({"CallId": call_id, "DurationInSeconds": 30,
            "SilenceDurationInSeconds": 3, "RecordingTerminators": ["#"],
            "RecordingDestination": {"Type": "S3", "BucketName": "my-recordings-bucket", "Prefix": "voicemail/"}}),
        "SendDigits" => {
            json!({"CallId": call_id, "Digits": "1234", "ToneDurationInMilliseconds": 100})
        }
        "Speak" => json!({"CallId": call_id, "Text": "Hello from the SIP media application."}),
        "SpeakAndGetDigits" => json!({"CallId": call_id,
            "SpeechParameters": speech("Press 1 for sales, or 2 for support."),
            "FailureSpeechParameters": speech("Sorry, I did not get that."),
            "MinNumberOfDigits": 1, "MaxNumberOfDigits": 1, "Repeat": 3,
            "RepeatDurationInMilliseconds": 5000, "InBetweenDigitsDurationInMilliseconds": 3000,
            "TerminatorDigits": ["#"]}),
        "StartBotConversation" => json!({"CallId": call_id,
            "BotAliasArn": "arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/TSTALIASID",
            "LocaleId": "en_US"}),
        "StartCallRecording" => json!({"CallId": call_id, "Track": "BOTH",
            "Destination": {"Type": "S3", "Location": "my-recordings-bucket/calls"}}),
        "VoiceFocus" => json!({"CallId": call_id, "Enable": true}),
        _ => return None,
    };
    Some(json!({"Type": kind, "Parameters": p}))
}

/// A handler that is never called (events built for `sma event`).
struct NoHandler;

impl Handler for NoHandler {
    fn invoke(&mut self, _event: &[u8]) -> Result<super::handler::Reply, CannotStart> {
        Err(CannotStart("no handler".into()))
    }
}

/// What `sma event` builds an event from.
#[derive(Debug, Clone, Default)]
pub struct EventRequest {
    /// The action an ACTION_* event is about (`None`: a sample of `action_type`).
    pub action: Option<Value>,
    pub action_type: Option<String>,
    pub error_type: Option<String>,
    /// The DTMF the caller presses (DIGITS_RECEIVED, the *GetDigits actions).
    pub digits: String,
    pub seed: u64,
}

/// One event as the simulator would send it, for handlers' unit tests (`sma event`).
pub fn sample_event(kind: &str, req: &EventRequest) -> Result<Value, String> {
    let outbound = matches!(kind, "NEW_OUTBOUND_CALL" | "RINGING" | "CALL_ANSWERED");
    let mut scenario: Scenario = toml::from_str("").map_err(|e| e.to_string())?;
    if outbound {
        scenario.call.direction = Direction::Outbound;
    }
    scenario.caller = vec![super::scenario::Step {
        talk: None,
        press: Some(format!("{}#", req.digits)),
        hangup: None,
    }];
    let mut none = NoHandler;
    let mut sma = Sma::new(&scenario, &mut none, req.seed);
    // the handler's own action names its leg: LEG-A is that call
    if let Some(id) = req
        .action
        .as_ref()
        .and_then(|a| a["Parameters"]["CallId"].as_str())
        .filter(|id| !id.is_empty())
    {
        sma.legs[0].call_id = id.to_string();
    }
    let call_id = sma.legs[0].call_id.clone();
    let action = match (&req.action, &req.action_type) {
        (Some(a), _) => Some(a.clone()),
        (None, Some(t)) => {
            Some(sample_action(t, &call_id).ok_or_else(|| format!("`{t}` is not an action type"))?)
        }
        (None, None) => None,
    };
    let need_action = || {
        action
            .clone()
            .ok_or_else(|| format!("{kind} is about an action: give --action TYPE or --from FILE"))
    };
    if !outbound {
        sma.legs[0].connected = true;
    }
    match kind {
        "NEW_INBOUND_CALL" | "NEW_OUTBOUND_CALL" => Ok(sma.event(kind, None, None)),
        "RINGING" => {
            sma.sequence = 1;
            sma.now = 1.0;
            Ok(sma.event(kind, None, None))
        }
        "CALL_ANSWERED" => {
            sma.sequence = 2;
            sma.now = 1.0 + RING_SECONDS;
            sma.legs[0].connected = true;
            Ok(sma.event(kind, None, None))
        }
        "ACTION_SUCCESSFUL" => {
            let action = need_action()?;
            sma.sequence = 1;
            sma.caller.origin = Some(0.0);
            let t = action["Type"].as_str().unwrap_or_default().to_string();
            match sma.execute(&t, &action) {
                Ran::Done(fields) => Ok(sma.event(kind, Some(action_data(&action, &fields)), None)),
                Ran::LegHungUp(..) => Err(
                    "the SMA answers a Hangup with HANGUP, not ACTION_SUCCESSFUL: use `sma event HANGUP`"
                        .into(),
                ),
                Ran::Failed(..) => Err(format!(
                    "the caller's digits `{}` do not satisfy this action: pass --digits",
                    req.digits
                )),
                Ran::CallerHungUp => Err("the caller hung up".into()),
            }
        }
        "ACTION_FAILED" | "ACTION_INTERRUPTED" => {
            let action = need_action()?;
            sma.sequence = 1;
            let mut data = action_data(&action, &Map::new());
            if kind == "ACTION_FAILED" {
                let t = action["Type"].as_str().unwrap_or_default();
                let documented: &[(&str, &str)] = ACTION_ERRORS
                    .iter()
                    .find(|(a, _)| *a == t)
                    .map_or(&[], |(_, e)| *e);
                let error_type = req
                    .error_type
                    .clone()
                    .or_else(|| documented.first().map(|(e, _)| e.to_string()))
                    .unwrap_or_else(|| "InvalidActionParameter".into());
                let message = documented
                    .iter()
                    .find(|(e, m)| *e == error_type && !m.is_empty())
                    .map_or("System error while running action.", |(_, m)| m);
                data["ErrorType"] = json!(error_type);
                data["ErrorMessage"] = json!(message);
            }
            Ok(sma.event(kind, Some(data), None))
        }
        "HANGUP" => {
            sma.sequence = 1;
            Ok(sma.leg_hung_up(0, 0))
        }
        "CALL_UPDATE_REQUESTED" => {
            sma.sequence = 1;
            let mut args = std::collections::BTreeMap::new();
            args.insert("action".to_string(), "update".to_string());
            Ok(sma.update_event(&args))
        }
        "DIGITS_RECEIVED" => {
            sma.sequence = 1;
            let action = match action {
                Some(a) => a,
                None => sample_action("ReceiveDigits", &call_id).expect("a sample"),
            };
            let mut data = action_data(&action, &Map::new());
            data["ReceivedDigits"] = json!(format!("{}#", req.digits));
            Ok(sma.event(kind, Some(data), None))
        }
        "INVALID_LAMBDA_RESPONSE" => {
            sma.sequence = 1;
            Ok(sma.invalid("Response is blank or empty"))
        }
        other => Err(format!(
            "`{other}` is not an invocation event type: one of {}",
            EVENT_TYPES.join(", ")
        )),
    }
}

/// An event about an action (`action_data` as the SMA sends it) in the simulator's envelope,
/// LEG-A being `call_id`: what `sma record-audio event` prints.
pub fn event_about(kind: &str, action_data: Value, call_id: &str, seed: u64) -> Value {
    let scenario: Scenario =
        toml::from_str("").unwrap_or_else(|_| unreachable!("an empty scenario reads"));
    let mut none = NoHandler;
    let mut sma = Sma::new(&scenario, &mut none, seed);
    sma.legs[0].call_id = call_id.to_string();
    sma.legs[0].connected = true;
    sma.sequence = 1;
    sma.event(kind, Some(action_data), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lints_clean(event: &Value) {
        let text = serde_json::to_string_pretty(event).unwrap();
        let checked = engine::check(SourceFile::new("<event>", text.clone()));
        let errors: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{} {} {}", d.code, d.pointer, d.message))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{text}");
    }

    #[test]
    fn every_sample_action_lints_clean() {
        for t in crate::schema::ACTION_TYPES {
            let a = sample_action(t, "e3a5c1d2-4b6f-4a8e-9c0d-1f2a3b4c5d6e")
                .unwrap_or_else(|| panic!("no sample for {t}"));
            let text =
                serde_json::to_string(&json!({"SchemaVersion": "1.0", "Actions": [a]})).unwrap();
            let checked = engine::check(SourceFile::new(*t, text));
            let errors: Vec<&str> = checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.message.as_str())
                .collect();
            assert!(errors.is_empty(), "{t}: {errors:?}");
        }
    }

    #[test]
    fn every_event_type_and_every_action_lints_clean() {
        let base = EventRequest {
            digits: "1".into(),
            ..EventRequest::default()
        };
        for kind in EVENT_TYPES {
            if kind.starts_with("ACTION_") {
                continue;
            }
            lints_clean(&sample_event(kind, &base).unwrap());
        }
        for t in crate::schema::ACTION_TYPES {
            for kind in ["ACTION_SUCCESSFUL", "ACTION_FAILED", "ACTION_INTERRUPTED"] {
                let req = EventRequest {
                    action_type: Some(t.to_string()),
                    ..base.clone()
                };
                match sample_event(kind, &req) {
                    Ok(e) => lints_clean(&e),
                    Err(e) if *t == "Hangup" && kind == "ACTION_SUCCESSFUL" => {
                        assert!(e.contains("HANGUP"));
                    }
                    Err(e) => panic!("{kind} {t}: {e}"),
                }
            }
        }
    }
}
