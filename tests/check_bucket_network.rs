//! `sma check-bucket` when the network or the identity fails: each failure is one plain
//! sentence (never a debug dump), exit 2, within the timeout, and `-v` shows the calls that
//! failed without credentials. Every endpoint is local: servers bind 127.0.0.1, stop when the
//! test ends (their loops are bounded in time too), and DNS failures use `.invalid` names.
mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::moto::elapsed_under;

const KEY: &str = "AKIASMANETKEY0000042";
const SECRET: &str = "sma-net-SECRET-do-not-print-51c7";
const TOKEN: &str = "sma-net-SESSION-TOKEN-do-not-print-0d2e";

/// sma with credentials in the environment only (no profile files, no IMDS).
fn sma_env(home: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = common::sma();
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_ACCESS_KEY_ID", KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_SESSION_TOKEN", TOKEN)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("none"))
        .args(["check-bucket", "--color", "never"]);
    cmd
}

/// Runs `check-bucket -v ARGS` and returns (exit code, stderr), checking what every failure
/// output must be: no stdout, exactly one `error:` line (last), no credential, no debug dump.
fn fail(args: &[&str]) -> (Option<i32>, String) {
    let home = tempfile::tempdir().unwrap();
    let out = sma_env(home.path()).arg("-v").args(args).output().unwrap();
    checked(&out)
}

fn checked(out: &Output) -> (Option<i32>, String) {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    for secret in [SECRET, TOKEN, KEY, "Signature="] {
        assert!(!stderr.contains(secret), "`{secret}` leaked: {stderr}");
    }
    for dump in [
        "DispatchFailure",
        "ConnectorError",
        "ServiceError",
        "ErrorMetadata",
        "source:",
        "Some(",
        "Os {",
        "kind:",
    ] {
        assert!(!stderr.contains(dump), "debug dump (`{dump}`): {stderr}");
    }
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    assert!(
        stderr
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("error:"),
        "{stderr}"
    );
    (out.status.code(), stderr)
}

fn error_line(stderr: &str) -> &str {
    stderr.lines().find(|l| l.starts_with("error:")).unwrap()
}

/// A local server on 127.0.0.1 that answers each connection with `answer` (or holds it when
/// `answer` is `None`); it stops when dropped, and after 30 s at the latest.
struct Server {
    url: String,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(answer: Option<fn(&str) -> String>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (count, stopped) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let until = Instant::now() + Duration::from_secs(30);
            let mut held = Vec::new();
            while !stopped.load(Ordering::Relaxed) && Instant::now() < until {
                match listener.accept() {
                    Ok((stream, _)) => match answer {
                        Some(answer) => {
                            if serve(stream, answer) {
                                count.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        None => held.push(stream),
                    },
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server {
            url,
            requests,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads one request head and writes the answer; false if no request came.
fn serve(mut stream: TcpStream, answer: fn(&str) -> String) -> bool {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    // a TLS ClientHello (record type 0x16) is answered at once, as a plain-HTTP server would
    while !head.windows(4).any(|w| w == b"\r\n\r\n")
        && head.len() < 65536
        && head.first() != Some(&0x16)
    {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    if head.is_empty() {
        return false;
    }
    let _ = stream.write_all(answer(&String::from_utf8_lossy(&head)).as_bytes());
    true
}

#[test]
fn an_endpoint_without_a_scheme_is_refused_before_any_call() {
    let (code, stderr) = fail(&["--bucket", "b-1", "--endpoint-url", "127.0.0.1:9"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        error_line(&stderr),
        "error: --endpoint-url `127.0.0.1:9` has no scheme: write it with http:// or https:// (e.g. http://127.0.0.1:9000)"
    );
    // nothing was resolved or sent: -v has no line before the error
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let (_, stderr) = fail(&["--bucket", "b-1", "--endpoint-url", "s3://b-1"]);
    assert!(
        error_line(&stderr).contains("has a scheme other than http:// or https://"),
        "{stderr}"
    );
}

#[test]
fn connection_refused() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    elapsed_under(Duration::from_secs(5), || {
        let (code, stderr) = fail(&["--bucket", "b-1", "--endpoint-url", &url]);
        assert_eq!(code, Some(2), "{stderr}");
        assert_eq!(
            error_line(&stderr),
            format!(
                "error: s3://b-1: could not reach S3 at {url}: connection refused (nothing is listening there)"
            )
        );
        // -v: where it went, with which identity (key id partly), and each failed call
        assert!(
            stderr.contains(&format!(
                "sma: endpoint: {url} (path-style), region us-east-1"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "sma: credentials: environment variables (AWS_ACCESS_KEY_ID) from the default chain, access key AKIA…0042"
            ),
            "{stderr}"
        );
        for call in [
            "HeadBucket",
            "GetBucketPolicy",
            "GetBucketOwnershipControls",
            "GetBucketEncryption",
        ] {
            assert!(
                stderr.contains(&format!("sma: {call}: failed: connection refused")),
                "{stderr}"
            );
        }
    });
}

#[test]
fn dns_failure() {
    let url = "http://s3.sma-test.invalid";
    elapsed_under(Duration::from_secs(8), || {
        let (code, stderr) = fail(&["--bucket", "b-1", "--endpoint-url", url]);
        assert_eq!(code, Some(2), "{stderr}");
        assert_eq!(
            error_line(&stderr),
            format!(
                "error: s3://b-1: could not reach S3 at {url}: the host name does not resolve (DNS lookup failed)"
            )
        );
        assert!(
            stderr.contains("sma: HeadBucket: failed: the host name does not resolve"),
            "{stderr}"
        );
    });
}

#[test]
fn tls_to_a_plain_http_server() {
    let server = Server::start(Some(|_| {
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into()
    }));
    let url = server.url.replace("http://", "https://");
    elapsed_under(Duration::from_secs(5), || {
        let (code, stderr) = fail(&["--bucket", "b-1", "--endpoint-url", &url]);
        assert_eq!(code, Some(2), "{stderr}");
        assert_eq!(
            error_line(&stderr),
            format!(
                "error: s3://b-1: could not reach S3 at {url}: the TLS handshake failed because the server does not speak TLS (for a plain-HTTP endpoint write http://)"
            )
        );
        assert!(
            stderr.contains("sma: HeadBucket: failed: the TLS handshake failed"),
            "{stderr}"
        );
    });
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = Server::start(None);
    elapsed_under(Duration::from_secs(4), || {
        let (code, stderr) = fail(&[
            "--bucket",
            "b-1",
            "--endpoint-url",
            &server.url,
            "--timeout",
            "1",
        ]);
        assert_eq!(code, Some(2), "{stderr}");
        assert_eq!(
            error_line(&stderr),
            format!(
                "error: s3://b-1: gave up after 1s (--timeout): S3 at {} did not answer",
                server.url
            )
        );
        assert!(
            stderr.contains("sma: HeadBucket: no answer before the timeout")
                && stderr.contains("sma: GetBucketPolicy: no answer before the timeout"),
            "{stderr}"
        );
    });
}

#[test]
fn throttling_is_retried_once_then_named() {
    // S3's answer to a request rate it will not take: 503 SlowDown (no body to a HEAD).
    let server = Server::start(Some(|head| {
        let body = if head.starts_with("HEAD ") {
            String::new()
        } else {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>\
             <Message>Please reduce your request rate.</Message><RequestId>R1</RequestId></Error>"
                .to_string()
        };
        format!(
            "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            if head.starts_with("HEAD ") {
                0
            } else {
                body.len()
            },
            body
        )
    }));
    elapsed_under(Duration::from_secs(6), || {
        let (code, stderr) = fail(&["--bucket", "b-1", "--endpoint-url", &server.url]);
        assert_eq!(code, Some(2), "{stderr}");
        assert_eq!(
            error_line(&stderr),
            "error: s3://b-1: S3 is throttling requests: HeadBucket still got HTTP 503 after 2 attempts; wait a moment and run again"
        );
        assert!(
            stderr.contains(
                "sma: GetBucketPolicy: failed: HTTP 503 SlowDown (Please reduce your request rate.)"
            ),
            "{stderr}"
        );
    });
    // four calls, each tried twice: the retry cap holds
    assert_eq!(server.requests.load(Ordering::Relaxed), 8);
}

/// A profile named with `--profile` that is in neither file is named, with the files that
/// were read; environment credentials do not stand in for it.
#[test]
fn an_unknown_profile_is_named() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::write(&config, "[profile ci]\nregion = us-east-1\n").unwrap();
    let out = sma_env(home.path())
        .env("AWS_CONFIG_FILE", &config)
        .args(["--bucket", "b-1", "--profile", "nope"])
        .args(["--endpoint-url", "http://127.0.0.1:9"])
        .output()
        .unwrap();
    let (code, stderr) = checked(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        error_line(&stderr),
        format!(
            "error: AWS profile `nope` not found in {} or {}",
            config.display(),
            home.path().join("none").display()
        )
    );
    // without -v, the error line alone
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // the default locations, as the aws CLI names them
    let out = sma_env(home.path())
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .args(["--bucket", "b-1", "--profile", "nope"])
        .args(["--endpoint-url", "http://127.0.0.1:9"])
        .output()
        .unwrap();
    let (_, stderr) = checked(&out);
    assert_eq!(
        error_line(&stderr),
        "error: AWS profile `nope` not found in ~/.aws/config or ~/.aws/credentials"
    );
}

#[test]
fn a_profile_without_credentials_says_so() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::write(&config, "[profile empty]\nregion = us-east-1\n").unwrap();
    let out = sma_env(home.path())
        .env("AWS_CONFIG_FILE", &config)
        .args(["--bucket", "b-1", "--profile", "empty"])
        .args(["--endpoint-url", "http://127.0.0.1:9"])
        .output()
        .unwrap();
    let (code, stderr) = checked(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        error_line(&stderr),
        "error: AWS profile `empty` gave no credentials: it holds no keys, credential_process, SSO settings or role_arn"
    );
}

/// `--timeout` bounds the whole command: ten buckets of `--from-actions` against a server that
/// accepts and never answers end together within about the timeout, not ten times it, and
/// each bucket is named as not checked.
#[test]
fn the_timeout_bounds_every_bucket_of_from_actions_together() {
    let server = Server::start(None);
    let home = tempfile::tempdir().unwrap();
    let actions: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"Type":"RecordAudio","Parameters":{{"CallId":"c","RecordingDestination":{{"Type":"S3","BucketName":"bucket-{i:02}"}}}}}}"#
            )
        })
        .collect();
    let file = home.path().join("h.json");
    std::fs::write(
        &file,
        format!(
            r#"{{"SchemaVersion":"1.0","Actions":[{}]}}"#,
            actions.join(",")
        ),
    )
    .unwrap();
    let took = elapsed_under(Duration::from_secs(6), || {
        let out = sma_env(home.path())
            .args(["--from-actions"])
            .arg(&file)
            .args(["--endpoint-url", &server.url, "--timeout", "2"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        for i in 0..10 {
            assert!(
                stderr.contains(&format!(
                    "error: s3://bucket-{i:02}: gave up after 2s (--timeout)"
                )),
                "bucket-{i:02}: {stderr}"
            );
        }
    });
    assert!(
        took >= Duration::from_secs(2),
        "the timeout was not waited: {took:?}"
    );
}

/// A server whose errors echo the request's credential headers (as some proxies and S3
/// look-alikes do): with `-v`, neither the session token nor the SigV4 credential scope or
/// signature reaches the output; each shows as `<redacted>` (or the token as masked).
#[test]
fn echoed_credential_headers_are_redacted() {
    let server = Server::start(Some(|head| {
        // the token header, then the signature and the credential of `Authorization` (S3
        // cuts nothing, but sma keeps 200 characters of a message)
        let header = |name: &str| {
            head.lines()
                .find_map(|l| {
                    let (n, v) = l.split_once(':')?;
                    n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
                })
                .unwrap_or_default()
        };
        let auth = header("authorization");
        let part = |key: &str| {
            auth.split(", ")
                .chain(auth.split(' '))
                .find(|p| p.starts_with(key))
                .unwrap_or_default()
                .trim_end_matches(',')
                .to_string()
        };
        let message = format!(
            "x-amz-security-token: {}; {}; {}",
            header("x-amz-security-token"),
            part("Signature="),
            part("Credential=")
        )
        .replace('&', "&amp;")
        .replace('<', "&lt;");
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidToken</Code>\
             <Message>{message}</Message><RequestId>R1</RequestId></Error>"
        );
        let len = if head.starts_with("HEAD ") {
            0
        } else {
            body.len()
        };
        format!(
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/xml\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n{}",
            if len == 0 { "" } else { body.as_str() }
        )
    }));
    let home = tempfile::tempdir().unwrap();
    let out = sma_env(home.path())
        .args(["-v", "--bucket", "b-1", "--endpoint-url", &server.url])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(server.requests.load(Ordering::Relaxed) > 0);
    // the server did echo the headers: their names are there, their values are not
    assert!(
        stderr.contains("Credential=<redacted>") && stderr.contains("Signature=<redacted>"),
        "{stderr}"
    );
    for secret in [SECRET, TOKEN, KEY, "aws4_request", "/us-east-1/s3/"] {
        assert!(!stderr.contains(secret), "`{secret}` leaked: {stderr}");
    }
    let lower = stderr.to_ascii_lowercase();
    for (i, _) in lower.match_indices("signature=") {
        assert!(lower[i..].starts_with("signature=<redacted>"), "{stderr}");
    }
}

/// A server that answers HEAD with 200 and every other request with `status` and a body that
/// does not end (chunked) or claims 200 MB (`Content-Length`), sending up to 300 MB per
/// connection; it records the most bytes of body any one connection took.
struct Flood {
    url: String,
    most_sent: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Flood {
    fn start(status: &'static str, chunked: bool) -> Flood {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let most_sent = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (most, stopped) = (most_sent.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let until = Instant::now() + Duration::from_secs(30);
            let mut workers = Vec::new();
            while !stopped.load(Ordering::Relaxed) && Instant::now() < until {
                let Ok((stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                let (most, stopped) = (most.clone(), stopped.clone());
                workers.push(std::thread::spawn(move || {
                    flood(stream, status, chunked, &most, &stopped)
                }));
            }
            for w in workers {
                let _ = w.join();
            }
        });
        Flood {
            url,
            most_sent,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Flood {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn flood(
    mut stream: TcpStream,
    status: &str,
    chunked: bool,
    most: &AtomicUsize,
    stop: &AtomicBool,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    if head.starts_with(b"HEAD ") {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nx-amz-bucket-region: us-east-1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
    }
    let length = if chunked {
        "Transfer-Encoding: chunked".to_string()
    } else {
        format!("Content-Length: {}", 200 << 20)
    };
    let start = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/xml\r\n{length}\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(start.as_bytes()).is_err() {
        return;
    }
    let piece = vec![b'x'; 64 * 1024];
    let chunk = [
        format!("{:x}\r\n", piece.len()).into_bytes(),
        piece.clone(),
        b"\r\n".to_vec(),
    ]
    .concat();
    let mut sent = 0;
    while sent < 300 << 20 && !stop.load(Ordering::Relaxed) {
        let data = if chunked { &chunk } else { &piece };
        if stream.write_all(data).is_err() {
            break;
        }
        sent += piece.len();
        most.fetch_max(sent, Ordering::Relaxed);
    }
}

/// An answer that does not end, or claims 200 MB, is cut at 1 MiB: a clear error (exit 2)
/// naming the call, soon, and the client stops reading (the server could send only a few MB
/// before its writes failed, kernel buffers included; without the cap it sends all 300 MB).
#[test]
fn endless_and_huge_answers_are_cut() {
    for (status, chunked) in [
        ("200 OK", true),
        ("400 Bad Request", true),
        ("403 Forbidden", false),
    ] {
        let server = Flood::start(status, chunked);
        let home = tempfile::tempdir().unwrap();
        elapsed_under(Duration::from_secs(20), || {
            let out = sma_env(home.path())
                .args(["--bucket", "b-1", "--endpoint-url", &server.url])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{status}: {stderr}");
            assert!(
                stderr.contains(
                    "an answer over 1 MiB (cut there): sma reads at most 1 MiB of an answer"
                ),
                "{status}: {stderr}"
            );
            assert_eq!(stderr.lines().count(), 1, "{status}: {stderr}");
        });
        let sent = server.most_sent.load(Ordering::Relaxed);
        assert!(sent < 40 << 20, "{status}: the client read {sent} bytes");
    }
}

/// An S3 error code and message holding a newline, a workflow command and a CSI (U+009B) are
/// shown escaped: one `error:` line, no line of the output starts a command.
#[test]
fn hostile_error_codes_are_escaped() {
    let server = Server::start(Some(|head| {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>Bad&#10;::error file=x::code&#x9b;2J</Code>\
             <Message>m&#10;::warning::message&#x9b;2J</Message><RequestId>R1</RequestId></Error>";
        let len = if head.starts_with("HEAD ") {
            0
        } else {
            body.len()
        };
        format!(
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/xml\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n{}",
            if len == 0 { "" } else { body }
        )
    }));
    let (code, stderr) = fail(&["--bucket", "b-1", "--endpoint-url", &server.url]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
    assert!(!stderr.lines().any(|l| l.starts_with("::")), "{stderr}");
    assert!(
        stderr.contains(r"Bad\n::error file=x::code\u{9b}2J"),
        "{stderr}"
    );
}
