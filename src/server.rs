//! `sma server`: a language server over stdio (LSP; messages framed and parsed by
//! `lsp-server`, the crate rust-analyzer uses).
//!
//! Diagnostics on open and change, with the codes, spans, severities and `sma.toml` of
//! `sma lint` (only for SMA documents: other JSON gets none); code actions from the fixes the
//! findings carry; hover on keys with the parameter's help and the rule docs of the findings
//! there. Positions are UTF-16 code units unless the client offers `utf-8`. A panic while
//! checking a document is logged to the client and the server goes on.
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use std::io::{BufRead, Read, Write};

use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use serde_json::{Value, json};

use crate::config;
use crate::diagnostic::{Checked, Diagnostic, Severity};
use crate::engine;
use crate::rules::CATALOG;
use crate::source::SourceFile;

/// How positions count characters within a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        }
    }
}

/// The LSP position of byte `offset` in `text`.
pub fn position(text: &str, offset: usize, enc: Encoding) -> Value {
    let offset = offset.min(text.len());
    let mut offset = offset;
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = &text[start..offset];
    let character = match enc {
        Encoding::Utf8 => col.len(),
        Encoding::Utf16 => col.chars().map(char::len_utf16).sum(),
    };
    json!({"line": line, "character": character})
}

/// The byte offset of an LSP position (clamped to its line).
pub fn offset(text: &str, pos: &Value, enc: Encoding) -> usize {
    let line = pos["line"].as_u64().unwrap_or(0) as usize;
    let character = pos["character"].as_u64().unwrap_or(0) as usize;
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= character {
            return start + i;
        }
        units += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
    }
    end
}

fn range(text: &str, start: usize, end: usize, enc: Encoding) -> Value {
    json!({"start": position(text, start, enc), "end": position(text, end, enc)})
}

/// `file:///a/b.json` → `/a/b.json` (percent-decoded); `None` for other schemes.
fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&rest[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8_lossy(&out).into_owned()))
}

/// An open document and its last findings.
struct Doc {
    text: String,
    diagnostics: Vec<Diagnostic>,
}

/// The server's state.
pub struct Server {
    enc: Encoding,
    docs: HashMap<String, Doc>,
}

/// The findings `sma lint` would report for `text` at `path` (SMA documents only), with
/// `sma.toml` found above it applied (severities, ignores).
fn check(path: Option<&Path>, text: &str) -> Vec<Diagnostic> {
    let name = path.map_or_else(|| "<unsaved>".into(), |p| p.display().to_string());
    let Some(checked) = engine::check_walked(&name, text.as_bytes().to_vec(), None) else {
        return Vec::new();
    };
    let mut files = [checked];
    let found = path
        .and_then(Path::parent)
        .and_then(config::discover)
        .and_then(|p| config::load(&p).ok());
    if let Some(c) = found {
        let root = c.root.clone();
        config::suppress::apply(&mut files, &c.levels, &c.ignores, None, |s| {
            let path = Path::new(&s.name);
            crate::source::key_text(path.strip_prefix(&root).unwrap_or(path).as_os_str())
        });
    }
    let [Checked { diagnostics, .. }] = files;
    diagnostics
}

impl Server {
    pub fn new(enc: Encoding) -> Self {
        Server {
            enc,
            docs: HashMap::new(),
        }
    }

    /// The capabilities answered to `initialize`, for a client with `capabilities`.
    pub fn negotiate(capabilities: &Value) -> (Encoding, Value) {
        let offers_utf8 = capabilities["general"]["positionEncodings"]
            .as_array()
            .is_some_and(|a| a.iter().any(|e| e == "utf-8"));
        let enc = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let result = json!({
            "capabilities": {
                "positionEncoding": enc.name(),
                "textDocumentSync": {"openClose": true, "change": 1},
                "codeActionProvider": {"codeActionKinds": ["quickfix"]},
                "hoverProvider": true,
            },
            "serverInfo": {"name": "sma", "version": env!("CARGO_PKG_VERSION")},
        });
        (enc, result)
    }

    /// Checks a document; returns the `publishDiagnostics` notification (or a log message
    /// when checking panicked).
    fn publish(&mut self, uri: &str, text: String) -> Vec<Notification> {
        let path = uri_path(uri);
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check(path.as_deref(), &text)
        }));
        let mut out = Vec::new();
        let diagnostics = match checked {
            Ok(d) => d,
            Err(_) => {
                out.push(Notification::new(
                    "window/logMessage".into(),
                    json!({"type": 1, "message": format!("sma: checking {uri} failed (an internal error); the server goes on")}),
                ));
                Vec::new()
            }
        };
        let items: Vec<Value> = diagnostics
            .iter()
            .map(|d| self.lsp_diagnostic(&text, d))
            .collect();
        out.push(Notification::new(
            "textDocument/publishDiagnostics".into(),
            json!({"uri": uri, "diagnostics": items}),
        ));
        self.docs.insert(uri.to_string(), Doc { text, diagnostics });
        out
    }

    fn lsp_diagnostic(&self, text: &str, d: &Diagnostic) -> Value {
        json!({
            "range": range(text, d.span.start, d.span.end, self.enc),
            "severity": match d.severity { Severity::Error => 1, Severity::Warning => 2 },
            "code": d.code,
            "source": "sma",
            "message": if d.help.is_empty() { d.message.clone() } else { format!("{}\nhelp: {}", d.message, d.help) },
            "data": {"pointer": d.pointer},
        })
    }

    /// Quick fixes for the findings in `params.range` that carry a fix.
    fn code_actions(&self, params: &Value) -> Value {
        let uri = params["textDocument"]["uri"].as_str().unwrap_or_default();
        let Some(doc) = self.docs.get(uri) else {
            return json!([]);
        };
        let from = offset(&doc.text, &params["range"]["start"], self.enc);
        let to = offset(&doc.text, &params["range"]["end"], self.enc);
        let actions: Vec<Value> = doc
            .diagnostics
            .iter()
            .filter(|d| !d.fix.is_empty() && d.span.start <= to && from <= d.span.end)
            .map(|d| {
                let edits: Vec<Value> = d
                    .fix
                    .iter()
                    .map(|e| json!({"range": range(&doc.text, e.span.start, e.span.end, self.enc), "newText": e.text}))
                    .collect();
                json!({
                    "title": format!("Fix {}: {}", d.code, d.message),
                    "kind": "quickfix",
                    "diagnostics": [self.lsp_diagnostic(&doc.text, d)],
                    "isPreferred": true,
                    "edit": {"changes": {uri: edits}},
                })
            })
            .collect();
        json!(actions)
    }

    /// Markdown for the key or value at a position: the parameter's help, and the docs of the
    /// rules whose findings are there.
    fn hover(&self, params: &Value) -> Value {
        let uri = params["textDocument"]["uri"].as_str().unwrap_or_default();
        let Some(doc) = self.docs.get(uri) else {
            return Value::Null;
        };
        let at = offset(&doc.text, &params["position"], self.enc);
        let mut parts: Vec<String> = Vec::new();
        if let Some(help) = parameter_at(&doc.text, at) {
            parts.push(help);
        }
        for d in doc
            .diagnostics
            .iter()
            .filter(|d| d.span.start <= at && at <= d.span.end)
        {
            if let Some(m) = CATALOG.iter().find(|m| m.code == d.code) {
                parts.push(format!(
                    "**{} `{}`**: {}\n\n{}",
                    m.code,
                    m.name,
                    m.summary,
                    m.docs_text()
                ));
            }
        }
        if parts.is_empty() {
            return Value::Null;
        }
        json!({"contents": {"kind": "markdown", "value": parts.join("\n\n---\n\n")}})
    }

    /// Answers one request (`shutdown` is answered by `serve`).
    pub fn request(&self, req: &Request) -> Response {
        match req.method.as_str() {
            "textDocument/codeAction" => {
                Response::new_ok(req.id.clone(), self.code_actions(&req.params))
            }
            "textDocument/hover" => Response::new_ok(req.id.clone(), self.hover(&req.params)),
            other => Response::new_err(
                req.id.clone(),
                ErrorCode::MethodNotFound as i32,
                format!("sma server does not handle {other}"),
            ),
        }
    }

    /// Handles one notification; returns what to send back.
    pub fn notification(&mut self, n: &Notification) -> Vec<Notification> {
        let uri = n.params["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let text = n.params["textDocument"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                self.publish(&uri, text)
            }
            "textDocument/didChange" => {
                // full sync: the last change holds the whole text
                let text = n.params["contentChanges"]
                    .as_array()
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str())
                    .unwrap_or_default()
                    .to_string();
                self.publish(&uri, text)
            }
            "textDocument/didClose" => {
                self.docs.remove(&uri);
                vec![Notification::new(
                    "textDocument/publishDiagnostics".into(),
                    json!({"uri": uri, "diagnostics": []}),
                )]
            }
            _ => Vec::new(),
        }
    }
}

/// The help of the action parameter whose key is at byte `at` (`"SilenceThreshold"` inside a
/// RecordAudio's `Parameters`), found by walking the document's values with their spans.
fn parameter_at(text: &str, at: usize) -> Option<String> {
    let source = SourceFile::new("<hover>", text.to_string());
    let doc = engine::load(source)?;
    for action in doc.actions() {
        let Some(kind) = action.type_name else {
            continue;
        };
        let Some(params) = action.params else {
            continue;
        };
        for key in params.keys() {
            let span = action.param_key_span(key);
            if span.start <= at && at <= span.end {
                let help = crate::schema::parameter_help(kind, key)?;
                return Some(format!("**{kind}.{key}**: {help}"));
            }
        }
    }
    None
}

/// The largest message read (a document of up to 512 MiB is not an editor's; 64 MiB is plenty).
pub const MAX_MESSAGE: u64 = 64 * 1024 * 1024;

/// One framed message: `Ok(None)` at the end of input; `Ok(Some(Err(why)))` for a body that
/// is no JSON-RPC message (answered with a parse error, the server goes on); `Err` when the
/// framing itself is broken (no `Content-Length`), which ends the session.
fn read_message(input: &mut dyn BufRead) -> Result<Option<Result<Message, String>>, String> {
    let mut length: Option<u64> = None;
    let mut any = false;
    loop {
        let mut line = String::new();
        let n = input
            .read_line(&mut line)
            .map_err(|e| format!("could not read from the client: {e}"))?;
        if n == 0 {
            return if any {
                Err("the input ended inside a message header".into())
            } else {
                Ok(None)
            };
        }
        any = true;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                v.trim()
                    .parse()
                    .map_err(|_| format!("Content-Length `{}` is not a number", v.trim()))?,
            );
        }
    }
    let length = length.ok_or("a message header without Content-Length")?;
    if length > MAX_MESSAGE {
        // read past it without keeping it
        let skipped = std::io::copy(&mut input.take(length), &mut std::io::sink())
            .map_err(|e| format!("could not read from the client: {e}"))?;
        if skipped < length {
            return Err("the input ended inside a message".into());
        }
        return Ok(Some(Err(format!(
            "a message of {length} bytes is over sma's {MAX_MESSAGE}-byte limit"
        ))));
    }
    let mut body = Vec::with_capacity(length as usize);
    input
        .take(length)
        .read_to_end(&mut body)
        .map_err(|e| format!("could not read from the client: {e}"))?;
    if (body.len() as u64) < length {
        return Err("the input ended inside a message".into());
    }
    Ok(Some(
        serde_json::from_slice::<Message>(&body)
            .map_err(|e| format!("not a JSON-RPC message: {e}")),
    ))
}

/// How a session ended: `Ok(true)` on `exit` after `shutdown` (exit code 0), `Ok(false)` on
/// `exit` without it or the end of input (exit code 1, as the LSP specification says).
pub fn serve(input: &mut dyn BufRead, output: &mut dyn Write) -> Result<bool, String> {
    let send = |output: &mut dyn Write, msg: Message| -> Result<(), String> {
        msg.write(&mut &mut *output)
            .and_then(|()| output.flush())
            .map_err(|e| format!("could not write to the client: {e}"))
    };
    // JSON-RPC answers a message it cannot read with id null
    let parse_error = |output: &mut dyn Write, why: String| -> Result<(), String> {
        let body = json!({"jsonrpc": "2.0", "id": null, "error": {"code": ErrorCode::ParseError as i32, "message": why}})
            .to_string();
        write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| output.flush())
            .map_err(|e| format!("could not write to the client: {e}"))
    };
    let mut server: Option<Server> = None;
    let mut shut_down = false;
    while let Some(read) = read_message(input)? {
        let msg = match read {
            Ok(m) => m,
            Err(why) => {
                parse_error(output, why)?;
                continue;
            }
        };
        match msg {
            Message::Notification(n) if n.method == "exit" => return Ok(shut_down),
            Message::Request(req) if req.method == "initialize" && server.is_none() => {
                let (enc, result) = Server::negotiate(&req.params["capabilities"]);
                server = Some(Server::new(enc));
                send(output, Response::new_ok(req.id, result).into())?;
            }
            Message::Request(req) if server.is_none() => send(
                output,
                Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "initialize first".into(),
                )
                .into(),
            )?,
            Message::Request(req) if req.method == "shutdown" => {
                shut_down = true;
                send(output, Response::new_ok(req.id, Value::Null).into())?;
            }
            Message::Request(req) if shut_down => send(
                output,
                Response::new_err(
                    req.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is shutting down".into(),
                )
                .into(),
            )?,
            Message::Request(req) => {
                let resp = server.as_ref().map(|s| s.request(&req));
                if let Some(resp) = resp {
                    send(output, resp.into())?;
                }
            }
            Message::Notification(n) => {
                let out = server
                    .as_mut()
                    .map(|s| s.notification(&n))
                    .unwrap_or_default();
                for o in out {
                    send(output, o.into())?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let text = "{\n  \"é😀\": 1, \"x\": 2\n}";
        let x = text.find("\"x\"").unwrap();
        assert_eq!(
            position(text, x, Encoding::Utf16),
            json!({"line": 1, "character": 12})
        );
        assert_eq!(
            position(text, x, Encoding::Utf8),
            json!({"line": 1, "character": 15})
        );
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(offset(text, &position(text, x, enc), enc), x);
        }
        assert_eq!(
            offset(text, &json!({"line": 9, "character": 0}), Encoding::Utf16),
            text.len()
        );
        assert_eq!(
            uri_path("file:///tmp/a%20b.json"),
            Some(PathBuf::from("/tmp/a b.json"))
        );
        assert_eq!(uri_path("untitled:1"), None);
    }
}
