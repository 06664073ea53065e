//! `sma server`: a scripted LSP client session over stdio (initialize, didOpen,
//! publishDiagnostics, codeAction, hover, didChange, shutdown, exit).
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("sma"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Client {
            child,
            stdin,
            stdout,
        }
    }

    fn send(&mut self, msg: Value) {
        let text = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{text}", text.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.read();
            if m["id"] == id {
                return m;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message from the server.
    fn read(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "server closed"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let m = self.read();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

fn utf16_column(text: &str, offset: usize) -> usize {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..offset].encode_utf16().count()
}

#[test]
fn a_scripted_session() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/handler-output.json", dir.path().display());
    // non-ASCII before the finding: the column counts UTF-16 code units (😀 is two)
    let text = r##"{"SchemaVersion": "1.0", "Actions": [{"Type": "Speak", "Parameters": {"CallId": "c1", "Text": "Héllo 😀, leave a message"}},
  {"Type": "RecordAudio", "Parameters": {"CallId": "c1", "RecordingTerminators": ["#"], "SilenceTreshold": 5,
    "RecordingDestination": {"Type": "S3", "BucketName": "vm-bucket"}}}]}"##;
    let mut c = Client::start();
    let init = c.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["serverInfo"]["name"], "sma");
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(&uri);
    let typo = diags
        .iter()
        .find(|d| d["code"] == "SMA108")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    let at = text.find("\"SilenceTreshold\"").unwrap();
    assert_eq!(typo["range"]["start"]["line"], 1);
    assert_eq!(
        typo["range"]["start"]["character"],
        utf16_column(text, at),
        "{typo}"
    );
    assert_eq!(typo["severity"], 1);
    assert_eq!(typo["source"], "sma");

    // the fix the finding carries, as a code action
    let actions = c.request(
        2,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": typo["range"], "context": {"diagnostics": [typo]}}),
    );
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "\"SilenceThreshold\"");
    assert_eq!(edit["range"]["start"], typo["range"]["start"]);

    // hover on a parameter's key
    let key = text.find("RecordingTerminators").unwrap();
    let hover = c.request(
        3,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": utf16_column(text, key)}}),
    );
    let md = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("RecordAudio.RecordingTerminators"), "{md}");

    // the fixed text: the finding is gone
    let fixed = text.replace("SilenceTreshold", "SilenceThreshold");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let diags = c.diagnostics(&uri);
    assert!(!diags.iter().any(|d| d["code"] == "SMA108"), "{diags:#?}");

    // a JSON file that is no SMA document gets no diagnostics
    let other = format!("file://{}/package.json", dir.path().display());
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": other, "languageId": "json", "version": 1, "text": "{\"name\": \"x\", \"version\": \"1.0.0\"}"}}),
    );
    assert!(c.diagnostics(&other).is_empty());

    let down = c.request(4, "shutdown", Value::Null);
    assert!(down["result"].is_null());
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn a_client_offering_utf8_gets_byte_columns() {
    let mut c = Client::start();
    let init = c.request(
        1,
        "initialize",
        json!({"processId": null, "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    c.notify("initialized", json!({}));
    let text = "[{\"Type\": \"Speak\", \"Parameters\": {\"Text\": \"é\", \"Foo\": 1}}]";
    let uri = "file:///tmp/sma-lsp-utf8.json";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(uri);
    let foo = diags.iter().find(|d| d["code"] == "SMA109").unwrap();
    assert_eq!(
        foo["range"]["start"]["character"],
        text.find("\"Foo\"").unwrap()
    );
    c.request(2, "shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

/// A message that cannot be read is answered with a parse error and the session goes on; a
/// huge Content-Length is skipped, not allocated; `exit` without `shutdown` is exit code 1.
#[test]
fn bad_messages_do_not_end_the_session() {
    let mut c = Client::start();
    c.request(1, "initialize", json!({"capabilities": {}}));
    c.notify("initialized", json!({}));
    write!(c.stdin, "Content-Length: 9\r\n\r\n{{not json").unwrap();
    c.stdin.flush().unwrap();
    let err = c.read();
    assert_eq!(err["error"]["code"], -32700, "{err}");
    assert!(err["id"].is_null());
    // a lone surrogate in a document's text is no JSON string serde accepts
    let body = r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/x.json","languageId":"json","version":1,"text":"\ud800"}}}"#;
    write!(c.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    c.stdin.flush().unwrap();
    assert_eq!(c.read()["error"]["code"], -32700);
    // still serving
    let hover = c.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///none"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(hover["result"].is_null(), "{hover}");
    c.notify("exit", Value::Null);
    assert_eq!(
        c.child.wait().unwrap().code(),
        Some(1),
        "exit without shutdown"
    );
}

#[test]
fn a_huge_content_length_is_refused_without_allocating_it() {
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("sma"))
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = out;
    let mut stdin = child.stdin.take().unwrap();
    // the input ends long before 4 GB: the session ends (exit 2), at once
    write!(stdin, "Content-Length: 4000000000\r\n\r\n{{}}").unwrap();
    drop(stdin);
    let started = std::time::Instant::now();
    let status = child.wait().unwrap();
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(status.code(), Some(2));
}
