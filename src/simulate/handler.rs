//! Running the team's handler: `sh -c CMD` once per invocation, in its own process group, the
//! event on stdin, the response read from stdout (capped at Lambda's 6 MB), stderr kept up to
//! 1 MB (the rest counted), killed with its whole group on timeout or when sma is interrupted.
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::util::signal;

/// Lambda's response payload limit.
pub const MAX_RESPONSE: usize = 6 * 1024 * 1024;
/// How much of the handler's stderr is kept per invocation.
pub const MAX_STDERR: usize = 1024 * 1024;

/// What one invocation of the handler gave.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    /// stdout, when the handler exited 0 in time.
    pub stdout: Option<Vec<u8>>,
    pub stderr: String,
    /// Why the invocation failed (non-zero exit, killed, timeout, response too large).
    pub error: Option<String>,
}

/// The handler could not be started at all (sh's 126 / 127, or no `sh`).
#[derive(Debug, Clone)]
pub struct CannotStart(pub String);

/// Something that answers invocation events.
pub trait Handler {
    fn invoke(&mut self, event: &[u8]) -> Result<Reply, CannotStart>;
}

/// sma's Node.js runner (runners/node-runner.js): `FILE EXPORT` as its last two arguments.
const NODE_RUNNER: &str = include_str!("../../runners/node-runner.js");
/// sma's Python runner (runners/python-runner.py): `DIR MODULE FUNC` as its last three.
const PYTHON_RUNNER: &str = include_str!("../../runners/python-runner.py");

/// `text` quoted for `sh`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The command that runs a handler function through sma's runners:
/// `node:FILE#EXPORT` (EXPORT defaults to `handler`) or `python:MODULE.FUNC`, where MODULE
/// may be a path (`handlers/ivr/app.handler`: module `app` in `handlers/ivr`).
pub fn function_command(spec: &str) -> Result<String, String> {
    if let Some(rest) = spec.strip_prefix("node:") {
        let (file, export) = rest.split_once('#').unwrap_or((rest, "handler"));
        if file.is_empty() || export.is_empty() {
            return Err(format!(
                "`{spec}`: write node:FILE#EXPORT, e.g. node:index.js#handler"
            ));
        }
        if !std::path::Path::new(file).is_file() {
            return Err(format!("`{spec}`: there is no file `{file}`"));
        }
        return Ok(format!(
            "node -e {} {} {}",
            shell_quote(NODE_RUNNER),
            shell_quote(file),
            shell_quote(export)
        ));
    }
    if let Some(rest) = spec.strip_prefix("python:") {
        let Some((module_path, func)) = rest
            .rsplit_once('.')
            .filter(|(m, f)| !m.is_empty() && !f.is_empty())
        else {
            return Err(format!(
                "`{spec}`: write python:MODULE.FUNC, e.g. python:app.handler"
            ));
        };
        let (dir, module) = match module_path.rsplit_once('/') {
            Some((d, m)) => (if d.is_empty() { "/" } else { d }, m),
            None => (".", module_path),
        };
        let file = std::path::Path::new(dir).join(format!("{}.py", module.replace('.', "/")));
        if !file.is_file() && !std::path::Path::new(dir).join(module).is_dir() {
            return Err(format!("`{spec}`: there is no module `{}`", file.display()));
        }
        return Ok(format!(
            "python3 -c {} {} {} {}",
            shell_quote(PYTHON_RUNNER),
            shell_quote(dir),
            shell_quote(module),
            shell_quote(func)
        ));
    }
    Err(format!(
        "`{spec}`: a handler is node:FILE#EXPORT or python:MODULE.FUNC (or give a command with --handler-cmd)"
    ))
}

/// `sh -c CMD`.
pub struct Shell {
    pub command: String,
    pub timeout: Duration,
}

/// What a reader thread has read of a pipe so far.
#[derive(Default)]
struct Sink {
    kept: std::sync::Mutex<Vec<u8>>,
    total: std::sync::atomic::AtomicUsize,
    done: std::sync::atomic::AtomicBool,
}

/// Reads `r` on a thread until its end, keeping at most `cap` bytes and counting the rest.
fn drain(mut r: impl Read + Send + 'static, cap: usize) -> std::sync::Arc<Sink> {
    let sink = std::sync::Arc::new(Sink::default());
    let s = sink.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 64 * 1024];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    s.total.fetch_add(n, Ordering::SeqCst);
                    if let Ok(mut kept) = s.kept.lock() {
                        let room = cap.saturating_sub(kept.len());
                        kept.extend_from_slice(&buf[..n.min(room)]);
                    }
                }
            }
        }
        s.done.store(true, Ordering::SeqCst);
    });
    sink
}

/// How long the pipes may stay open after the handler's group is gone (a process that left
/// the group can hold them): then what was read is the answer.
const PIPE_GRACE: Duration = Duration::from_millis(300);

impl Handler for Shell {
    fn invoke(&mut self, event: &[u8]) -> Result<Reply, CannotStart> {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(&self.command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        // a signal between the spawn and the registration would miss the group
        let deferred = signal::defer();
        let mut child = cmd
            .spawn()
            .map_err(|e| CannotStart(format!("could not run `sh`: {e}")))?;
        let pid = i32::try_from(child.id()).unwrap_or(0);
        signal::set_child_group(Some(child.id()));
        drop(deferred);
        let mut stdin = child.stdin.take().expect("piped");
        let input = event.to_vec();
        let writer = std::thread::spawn(move || {
            // a handler that does not read its input may close stdin early
            let _ = stdin.write_all(&input);
        });
        let out = drain(child.stdout.take().expect("piped"), MAX_RESPONSE + 1);
        let err = drain(child.stderr.take().expect("piped"), MAX_STDERR);
        let started = Instant::now();
        let mut too_large = false;
        let status = loop {
            if out.total.load(Ordering::SeqCst) > MAX_RESPONSE {
                too_large = true;
                break None;
            }
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() >= self.timeout => break None,
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => break None,
            }
        };
        // the whole group: a handler's own children must not outlive it
        #[cfg(unix)]
        if pid > 0 {
            // SAFETY: kill(2) on our own child's process group.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        // cleared before the reap: until then the group's id cannot be reused
        signal::set_child_group(None);
        let _ = child.wait();
        // not joined: a process outside the group may hold stdin without reading it
        drop(writer);
        let grace = Instant::now();
        while !(out.done.load(Ordering::SeqCst) && err.done.load(Ordering::SeqCst))
            && grace.elapsed() < PIPE_GRACE
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        let stdout_len = out.total.load(Ordering::SeqCst);
        let stdout = out.kept.lock().map(|k| k.clone()).unwrap_or_default();
        let stderr_len = err.total.load(Ordering::SeqCst);
        let stderr = err.kept.lock().map(|k| k.clone()).unwrap_or_default();
        let mut stderr = String::from_utf8_lossy(&stderr).into_owned();
        if stderr_len > MAX_STDERR {
            stderr.push_str(&format!(
                "\n[{} more bytes not kept]",
                stderr_len - MAX_STDERR
            ));
        }
        if too_large {
            return Ok(Reply {
                stdout: None,
                stderr,
                error: Some(format!(
                    "response over Lambda's 6 MB limit ({stdout_len} bytes read; stopped)"
                )),
            });
        }
        let error = match status {
            None => Some(format!(
                "timed out after {} s (the SMA waits 20 s)",
                self.timeout.as_secs_f64()
            )),
            Some(s) if s.code() == Some(126) || s.code() == Some(127) => {
                return Err(CannotStart(format!(
                    "`{}` cannot start (sh exited {}): {}",
                    self.command,
                    s.code().unwrap_or_default(),
                    stderr.trim()
                )));
            }
            Some(s) if !s.success() => Some(match s.code() {
                Some(code) => format!("exited with status {code}"),
                None => "killed by a signal".to_string(),
            }),
            Some(_) if stdout_len > MAX_RESPONSE => Some(format!(
                "response of {stdout_len} bytes is over Lambda's 6 MB limit"
            )),
            Some(_) => None,
        };
        Ok(Reply {
            stdout: error.is_none().then_some(stdout),
            stderr,
            error,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_specs() {
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert!(
            function_command("ruby:x")
                .unwrap_err()
                .contains("node:FILE#EXPORT")
        );
        assert!(
            function_command("node:")
                .unwrap_err()
                .contains("node:FILE#EXPORT")
        );
        assert!(
            function_command("node:missing.js#h")
                .unwrap_err()
                .contains("no file")
        );
        assert!(
            function_command("python:nomodule")
                .unwrap_err()
                .contains("MODULE.FUNC")
        );
        assert!(
            function_command("python:missing_mod.handler")
                .unwrap_err()
                .contains("no module")
        );
    }
}
