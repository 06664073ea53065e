//! `sma simulate --function-name`: the Lambda Invoke API, against a small Invoke-API server
//! on 127.0.0.1 written for these tests (`POST /2015-03-31/functions/NAME/invocations`,
//! `X-Amz-Function-Error`), started and stopped by each test.
#![cfg(feature = "live")]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

/// What the function answers to an event: `Ok(response)` or `Err(error payload)` (a
/// FunctionError).
type Function = fn(&Value) -> Result<Value, Value>;

/// An Invoke-API server on 127.0.0.1 serving one function; stopped when dropped.
struct Invoke {
    url: String,
    stop: Arc<AtomicBool>,
    /// Each (function name in the path, event) received.
    calls: Arc<Mutex<Vec<(String, Value)>>>,
}

impl Invoke {
    fn start(name: &'static str, function: Function) -> Invoke {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        let calls = Arc::new(Mutex::new(Vec::new()));
        let (s, c) = (stop.clone(), calls.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let c = c.clone();
                std::thread::spawn(move || serve(stream, name, function, &c));
            }
        });
        Invoke { url, stop, calls }
    }
}

impl Drop for Invoke {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // wake the accept loop so it sees the flag
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
    }
}

/// Answers the requests of one connection (keep-alive) until it closes.
fn serve(stream: TcpStream, name: &str, function: Function, calls: &Mutex<Vec<(String, Value)>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or_default();
        let called = path
            .strip_prefix("/2015-03-31/functions/")
            .and_then(|p| p.strip_suffix("/invocations"))
            .unwrap_or_default()
            .to_string();
        let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        calls.lock().unwrap().push((called.clone(), event.clone()));
        let (status, extra, payload) = if called != name {
            (
                "404 Not Found",
                "x-amzn-ErrorType: ResourceNotFoundException\r\n".to_string(),
                json!({"Type": "User", "message": format!("Function not found: {called}")}),
            )
        } else {
            match function(&event) {
                Ok(r) => ("200 OK", String::new(), r),
                Err(e) => (
                    "200 OK",
                    "X-Amz-Function-Error: Unhandled\r\n".to_string(),
                    e,
                ),
            }
        };
        let text = payload.to_string();
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Amz-Executed-Version: $LATEST\r\n{extra}\r\n{text}",
            text.len()
        );
        if out.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn voicemail(event: &Value) -> Result<Value, Value> {
    let call_id = event["CallDetails"]["Participants"][0]["CallId"].clone();
    Ok(match event["InvocationEventType"].as_str() {
        Some("NEW_INBOUND_CALL") => json!({"SchemaVersion": "1.0", "Actions": [
            {"Type": "Speak", "Parameters": {"CallId": call_id, "Text": "Goodbye."}},
            {"Type": "Hangup", "Parameters": {"CallId": call_id, "SipResponseCode": "0"}}]}),
        _ => json!({"SchemaVersion": "1.0", "Actions": []}),
    })
}

fn crashes(_: &Value) -> Result<Value, Value> {
    Err(json!({"errorMessage": "Cannot read properties of undefined", "errorType": "TypeError"}))
}

/// Runs `sma simulate --function-name NAME --endpoint-url URL` with test credentials only.
fn simulate(server: &Invoke, name: &str, scenario: &str) -> (i32, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, scenario).unwrap();
    let out = common::sma()
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("AWS_ACCESS_KEY_ID", "AKIASMATESTKEY000001")
        .env("AWS_SECRET_ACCESS_KEY", "sma-test-secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", dir.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.path().join("none"))
        .args(["simulate", "--format", "json", "--function-name", name])
        .args(["--endpoint-url", &server.url])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("sma-test-secret") && !stdout.contains("sma-test-secret"));
    let t = serde_json::from_str(stdout.lines().next().unwrap_or("null")).unwrap_or(Value::Null);
    (out.status.code().unwrap(), t, stderr)
}

#[test]
fn a_lambda_function_answers_through_the_invoke_api() {
    let server = Invoke::start("sma-voicemail", voicemail);
    let (code, t, err) = simulate(
        &server,
        "sma-voicemail",
        "[expect]\nactions = ['Speak', 'Hangup']\nended_by = 'hangup'\n",
    );
    assert_eq!(code, 0, "{err}{t}");
    let calls = server.calls.lock().unwrap();
    assert_eq!(calls.len(), 2, "NEW_INBOUND_CALL and the HANGUP");
    assert_eq!(calls[0].0, "sma-voicemail");
    assert_eq!(calls[0].1["InvocationEventType"], "NEW_INBOUND_CALL");
    assert_eq!(
        calls[0].1, t["invocations"][0]["event"],
        "the exact event is sent"
    );
}

#[test]
fn a_function_error_is_a_failed_invocation() {
    let server = Invoke::start("sma-broken", crashes);
    let (code, t, err) = simulate(
        &server,
        "sma-broken",
        "[expect]\nended_by = 'handler-error'\n",
    );
    assert_eq!(code, 0, "{err}{t}");
    let inv = &t["invocations"][0];
    assert_eq!(inv["retried"], true);
    assert_eq!(
        inv["error"],
        "the function failed (FunctionError: Unhandled)"
    );
    assert!(inv["stderr"].as_str().unwrap().contains("TypeError"));
    assert_eq!(server.calls.lock().unwrap().len(), 2, "retried once");
}

#[test]
fn a_missing_function_cannot_start() {
    let server = Invoke::start("sma-voicemail", voicemail);
    let (code, _, err) = simulate(&server, "no-such-function", "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("Lambda function `no-such-function`")
            && err.contains("ResourceNotFoundException"),
        "{err}"
    );
}

fn floods(_: &Value) -> Result<Value, Value> {
    Ok(json!({"SchemaVersion": "1.0", "Actions": [], "Pad": "x".repeat(8 << 20)}))
}

/// An answer past Lambda's 6 MB limit (and a little slack) is not read: the invocation fails
/// with a clear error instead of holding whatever the server sends.
#[test]
fn an_answer_over_the_lambda_limit_is_cut() {
    let server = Invoke::start("sma-floods", floods);
    let (_, t, err) = simulate(
        &server,
        "sma-floods",
        "[expect]\nended_by = 'handler-error'\n",
    );
    let error = t["invocations"][0]["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("the Invoke call failed: HTTP 200, an answer over 6208 KiB (cut there)"),
        "{err}{t}"
    );
}
