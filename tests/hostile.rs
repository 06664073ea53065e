//! Hostile input (issue 8): whatever `sma` is given, it answers with a clear diagnostic or
//! result, never a panic, a hang or the machine's memory. Every run goes through `bounded`,
//! which kills the child after a generous limit, so a hang fails the test instead of CI.
//!
//! As root (CI runs as root) permission bits do not stop reads, so the unreadable-file case
//! uses `/proc/self/mem`, which fails to read (EIO) even for root; the `chmod 000` case runs
//! only for other users.
mod common;

use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

fn sma() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sma"));
    for k in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(k);
    }
    cmd
}

/// Runs `cmd` with `stdin` as its input, killing it after `limit` seconds (then panicking).
fn bounded(mut cmd: Command, stdin: &[u8], limit: u64) -> Run {
    let start = Instant::now();
    let mut child: Child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sma runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let reader = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let (out, err) = (reader(Box::new(out)), reader(Box::new(err)));
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(limit) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("sma did not finish within {limit} s: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = feeder.join();
    let stdout = String::from_utf8_lossy(&out.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "sma panicked: {cmd:?}\n{stderr}"
    );
    Run {
        code: status.code().expect("sma exited (not killed by a signal)"),
        stdout,
        stderr,
        took: start.elapsed(),
    }
}

fn lint<I: AsRef<OsStr>>(args: impl IntoIterator<Item = I>, limit: u64) -> Run {
    let mut cmd = sma();
    cmd.arg("lint").args(args);
    bounded(cmd, b"", limit)
}

/// `sma lint --format F -` on `text`, pretty then JSON; returns the JSON run. (Concise costs
/// what JSON does, and the debug binary CI tests is slow enough to keep runs few.)
fn lint_stdin_pretty_and_json(text: &[u8], limit: u64) -> (Run, serde_json::Value) {
    let mut cmd = sma();
    cmd.args(["lint", "-", "--stdin-filename", "h.json"]);
    let run = bounded(cmd, text, limit);
    assert!(run.code == 0 || run.code == 1, "pretty: {}", run.stderr);
    let mut cmd = sma();
    cmd.args([
        "lint",
        "--format",
        "json",
        "-",
        "--stdin-filename",
        "h.json",
    ]);
    let run = bounded(cmd, text, limit);
    let report = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            &run.stdout[..run.stdout.len().min(500)]
        )
    });
    (run, report)
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_million_nested_arrays_and_objects_is_one_error() {
    for text in [
        format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000)),
        format!("{}1{}", "{\"a\":".repeat(1_000_000), "}".repeat(1_000_000)),
    ] {
        let (run, report) = lint_stdin_pretty_and_json(text.as_bytes(), 30);
        assert_eq!(run.code, 1);
        assert_eq!(codes(&report), ["SMA004"]);
    }
}

#[test]
fn invalid_utf8_nul_bytes_and_odd_numbers() {
    let cases: &[(&[u8], &[&str])] = &[
        (b"{\"a\": \"\xff\xfe\"}", &["SMA003"]),
        (b"\xc3", &["SMA003"]),
        (b"{\"a\": \"\x00\"}", &["SMA001"]),
        (b"{\"a\": 1}\x00", &["SMA001"]),
        (b"{\"a\x01\": 1}", &["SMA001"]),
        (b"\x00\x00\x00\x00", &["SMA001"]),
        (
            br#"{"Type": "Pause", "Parameters": {"DurationInMilliseconds": 1e400}}"#,
            // out of range: reported once, not read further (no stand-in null to judge again)
            &["SMA007"],
        ),
        (
            br#"[1e400, -1e400, 1e-400, -0.0e-0]"#,
            // two out of range, each reported; the document is not read further
            &["SMA007", "SMA007"],
        ),
        (
            br#"{"Type": "Pause", "Parameters": {"DurationInMilliseconds": -0, "CallId": "\u0000"}}"#,
            // -0 is 0, out of range for a pause; an escaped NUL is a fine string
            &["SMA103"],
        ),
    ];
    for (text, expected) in cases {
        let (run, report) = lint_stdin_pretty_and_json(text, 20);
        assert_eq!(
            codes(&report),
            *expected,
            "{}",
            String::from_utf8_lossy(text)
        );
        assert_eq!(run.code, 1);
    }
}

#[test]
fn a_10_mb_key_is_linted_and_not_echoed_in_full() {
    let key = "k".repeat(10 << 20);
    let text =
        format!("{{\"SchemaVersion\": \"1.0\", \"Actions\": [], \"{key}\": 1, \"{key}\": 2}}");
    // one run (the debug binary takes seconds per 10 MB); the JSON report would carry each
    // finding's exact pointer, which holds the key, so only pretty output is bounded
    let mut cmd = sma();
    cmd.args(["lint", "-", "--color", "never"]);
    let pretty = bounded(cmd, text.as_bytes(), 60);
    assert!(
        pretty.stdout.len() < 64 << 10,
        "{} bytes of output",
        pretty.stdout.len()
    );
    assert_eq!(pretty.code, 1);
    assert!(pretty.stdout.contains("SMA006"), "{}", pretty.stdout);
    assert!(pretty.stdout.contains("kkkkkkkk…`"), "{}", pretty.stdout);
}

#[test]
fn a_hundred_thousand_duplicate_keys_are_counted_past_the_first_thousand() {
    let one_line = format!(
        "{{\"SchemaVersion\": \"1.0\", \"Actions\": [], {}}}",
        (0..100_000)
            .map(|i| format!("\"a\": {i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let many_lines = one_line.replace(", ", ",\n  ");
    for text in [one_line, many_lines] {
        let (run, report) = lint_stdin_pretty_and_json(text.as_bytes(), 60);
        assert_eq!(run.code, 1);
        let codes = codes(&report);
        assert_eq!(codes.len(), 1001);
        assert!(codes[..1000].iter().all(|c| c == "SMA006"));
        assert_eq!(codes[1000], "SMA008");
        let last = &report["files"][0]["diagnostics"][1000]["message"];
        assert!(
            // 99,999 duplicates and one unknown key `a` (SMA109), less the first 1,000
            last.as_str().unwrap()
                == "99000 more findings not listed (98999 errors, 1 warning): only the first 1000 of a file are",
            "{last}"
        );
    }
}

/// A 100 MB response: `TransactionAttributes` with 100 MB of values. The memory bound is a
/// benchmark (`scripts/hostile-bench`), not a test; this checks the answer and the time.
#[test]
fn a_100_mb_file_is_linted_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    let mut f = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    write!(
        f,
        "{{\"SchemaVersion\": \"1.0\", \"Actions\": [], \"TransactionAttributes\": {{"
    )
    .unwrap();
    let value = "v".repeat(1 << 20);
    for i in 0..100 {
        let sep = if i == 0 { "" } else { ",\n" };
        write!(f, "{sep}\"k{i}\": \"{value}\"").unwrap();
    }
    write!(f, "}}}}").unwrap();
    drop(f);
    assert!(fs::metadata(&path).unwrap().len() >= 100 << 20);
    let run = lint(
        [OsStr::new("--format"), OsStr::new("json"), path.as_os_str()],
        120,
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found = codes(&report);
    // too many attributes (SMA105), each value too long (SMA219)
    assert!(found.contains(&"SMA105".to_string()), "{found:?}");
    assert!(found.contains(&"SMA219".to_string()), "{found:?}");
    assert_eq!(run.code, 1);
    eprintln!("100 MB file linted in {:?}", run.took);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_never_read() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("good.json"),
        r#"{"SchemaVersion": "1.0", "Actions": []}"#,
    )
    .unwrap();
    mkfifo(&d.join("fifo.json"));
    symlink(d.join("fifo.json"), d.join("to-fifo.json")).unwrap();
    symlink("/dev/zero", d.join("zero.json")).unwrap();
    symlink("/dev/urandom", d.join("urandom.json")).unwrap();
    symlink("loop-b.json", d.join("loop-a.json")).unwrap();
    symlink("loop-a.json", d.join("loop-b.json")).unwrap();
    fs::create_dir(d.join("sub")).unwrap();
    symlink("..", d.join("sub/up")).unwrap();
    symlink(".", d.join("sub/here.json")).unwrap();
    if is_root() {
        // a real device node named *.json (mknod needs root)
        let _ = Command::new("mknod")
            .arg(d.join("null.json"))
            .args(["c", "1", "3"])
            .status();
    }
    // the walk takes regular files only: the good file, nothing else, no hang
    let run = lint(
        [OsStr::new("--format"), OsStr::new("concise"), d.as_os_str()],
        20,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("no problems in 1 file"),
        "{}",
        run.stdout
    );
    // named explicitly, each is refused with a clear message (exit 2), and the rest is linted
    for name in [
        "fifo.json",
        "to-fifo.json",
        "zero.json",
        "urandom.json",
        "loop-a.json",
    ] {
        let path = d.join(name);
        let good = d.join("good.json");
        let run = lint(
            [
                path.as_os_str(),
                good.as_os_str(),
                OsStr::new("--format"),
                OsStr::new("json"),
            ],
            20,
        );
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["summary"]["files"], 1, "{}", run.stdout);
    }
    // a directory whose links lead back up and to itself: walked once, nothing followed
    let run = lint([d.join("sub")], 20);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no JSON files found"), "{}", run.stderr);
    for device in ["/dev/zero", "/dev/urandom", "/dev/null", "/dev/stdin"] {
        let run = lint([device], 20);
        assert_eq!(run.code, 2, "{device}: {}", run.stderr);
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    }
    // the other places a file is read: --event, --policy-file, --from-actions, --append-to
    let fifo = d.join("fifo.json");
    let good = d.join("good.json");
    let mut runs = Vec::new();
    for target in [fifo.as_path(), Path::new("/dev/zero")] {
        let mut c = sma();
        c.arg("lint").arg(&good).arg("--event").arg(target);
        runs.push(bounded(c, b"", 20));
        let mut c = sma();
        c.args(["check-bucket", "--bucket", "bkt", "--policy-file"])
            .arg(target);
        runs.push(bounded(c, b"", 20));
        let mut c = sma();
        c.args(["check-bucket", "--from-actions"]).arg(target);
        runs.push(bounded(c, b"", 20));
        let mut c = sma();
        c.args(["record-audio", "generate", "--bucket", "b-1", "--append-to"])
            .arg(target);
        runs.push(bounded(c, b"", 20));
    }
    for run in runs {
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn config_and_baseline_special_files_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = d.join("good.json");
    fs::write(&good, r#"{"SchemaVersion": "1.0", "Actions": []}"#).unwrap();
    let fifo = d.join("sma.toml");
    mkfifo(&fifo);
    // nobody writes to the FIFO and /dev/zero never ends: a reader would block or fill memory
    for (flag, target) in [
        ("--config", fifo.as_path()),
        ("--config", Path::new("/dev/zero")),
        ("--baseline", fifo.as_path()),
        ("--baseline", Path::new("/dev/zero")),
    ] {
        let mut c = sma();
        c.current_dir(d)
            .arg("lint")
            .arg(&good)
            .arg(flag)
            .arg(target);
        let run = bounded(c, b"", 20);
        assert_eq!(run.code, 2, "{flag} {target:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("not a regular file")
                && run.stderr.contains(&*target.to_string_lossy()),
            "{flag} {target:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(run.took < Duration::from_secs(10), "{flag}: {:?}", run.took);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_is_exit_2_and_a_closed_pipe_is_quiet() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/mistakes.json");
    for args in [
        vec!["lint", example],
        vec!["lint", "--format", "json", example],
        vec!["rules"],
        vec!["record-audio", "generate", "--bucket", "my-bucket"],
        vec!["--help"],
        vec!["--version"],
    ] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = sma().args(&args).stdout(full).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: could not write to stdout: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
    // `sma lint | head -c1`: the reader leaves; no error, and the exit code is the findings'
    let mut child = sma()
        .args(["lint", example])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_reported() {
    // root reads through permission bits; /proc/self/mem fails to read (EIO) even for root
    let run = lint(["/proc/self/mem"], 20);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("could not read `/proc/self/mem`"),
        "{}",
        run.stderr
    );
    if is_root() {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret.json");
    fs::write(&file, "{}").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join("inner.json"), "{}").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let run = lint([dir.path()], 20);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("secret.json"), "{}", run.stderr);
    assert!(run.stderr.contains("locked"), "{}", run.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names_are_linted_under_a_lossy_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = OsStr::from_bytes(b"bad-\xff\xfe.json");
    let path: PathBuf = dir.path().join(name);
    fs::write(
        &path,
        r#"{"Type": "Pause", "Parameters": {"DurationInMilliseconds": 0}}"#,
    )
    .unwrap();
    for arg in [dir.path().as_os_str(), path.as_os_str()] {
        let run = lint([OsStr::new("--format"), OsStr::new("concise"), arg], 20);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stdout.contains("bad-\u{FFFD}\u{FFFD}.json:1:"),
            "{}",
            run.stdout
        );
    }
    // and as a generate target
    let out = dir.path().join(OsStr::from_bytes(b"out-\xff.json"));
    let mut c = sma();
    c.args(["record-audio", "generate", "--bucket", "b-1", "-o"])
        .arg(&out);
    assert_eq!(bounded(c, b"", 20).code, 0);
    assert!(out.exists());
}

fn policy_run(policy: &str, extra: &[&str], limit: u64) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    fs::write(&path, policy).unwrap();
    let mut c = sma();
    c.args([
        "check-bucket",
        "--bucket",
        "my-recordings",
        "--prefix",
        "voicemail/",
    ])
    .arg("--policy-file")
    .arg(&path)
    .args(["--account", "111122223333"])
    .args(if extra.is_empty() {
        &["--format", "json"][..]
    } else {
        extra
    });
    bounded(c, b"", limit)
}

#[test]
fn pathological_globs_are_evaluated_in_bounded_time() {
    let glob = format!("{}b", "*a".repeat(5000));
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": format!("voice{glob}")},
            "Action": [format!("s3:{glob}"), "s3:PutObject*"],
            "Resource": format!("arn:aws:s3:::my-recordings/{glob}"),
            "Condition": {"StringLike": {"aws:SourceAccount": glob, "aws:SourceArn": glob}},
        }, {
            "Effect": "Deny",
            "Principal": "*",
            "NotAction": glob,
            "NotResource": format!("arn:aws:s3:::{glob}"),
        }]
    });
    let run = policy_run(&policy.to_string(), &[], 30);
    assert!(run.code == 1 || run.code == 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(report["verdict"].is_string(), "{report}");
    // and the same glob as a prefix being checked
    let long_prefix = format!("{}b/", "*a".repeat(2000));
    let mut c = sma();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.json"), policy.to_string()).unwrap();
    c.args([
        "check-bucket",
        "--bucket",
        "my-recordings",
        "--prefix",
        &long_prefix,
    ])
    .arg("--policy-file")
    .arg(dir.path().join("p.json"))
    .arg("--fix");
    let run = bounded(c, b"", 30);
    assert!((0..=2).contains(&run.code), "{}", run.stderr);
}

#[test]
fn thousands_of_statements_are_evaluated_in_bounded_time() {
    let statements: Vec<serde_json::Value> = (0..5000)
        .map(|i| {
            serde_json::json!({
                "Sid": format!("S{i}"),
                "Effect": if i % 2 == 0 { "Allow" } else { "Deny" },
                "Principal": {"Service": "voiceconnector.chime.amazonaws.com"},
                "Action": ["s3:PutObject", "s3:PutObjectAcl"],
                "Resource": format!("arn:aws:s3:::my-recordings/other-{i}/*"),
            })
        })
        .collect();
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
    let run = policy_run(&policy.to_string(), &[], 40);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["verdict"], "not-granted", "{}", &run.stdout[..500]);
    // pretty, with thousands of warnings: bounded output
    let run = policy_run(&policy.to_string(), &["--format", "pretty", "--fix"], 40);
    assert_eq!(run.code, 1);
    assert!(run.stderr.len() < 4 << 20, "{} bytes", run.stderr.len());
    // invalid statements by the thousand: one clear SMA313 list, capped
    let bad: Vec<serde_json::Value> = (0..5000)
        .map(|_| serde_json::json!({"Effect": "Maybe"}))
        .collect();
    let run = policy_run(&serde_json::json!({"Statement": bad}).to_string(), &[], 40);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("SMA313"),
        "{}",
        &run.stderr[..run.stderr.len().min(500)]
    );
}

/// `generate -o --force` and `--append-to`, SIGKILLed at random moments: the target always
/// holds the old or the new content, never a mix, and no temp file takes its name. A killed
/// run can leave its temp file (`.NAME.sma-PID-N.tmp`) beside the target; the next write
/// removes those whose process is gone.
#[cfg(unix)]
#[test]
fn generate_survives_a_kill_mid_write() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("response.json");
    let old = "{\n  \"SchemaVersion\": \"1.0\",\n  \"Actions\": [\n    {\"Type\": \"Hangup\", \"Parameters\": {}}\n  ]\n}\n";
    let flags = ["record-audio", "generate", "--bucket", "my-recordings"];
    let run_to_end = |mode: &str| {
        fs::write(&target, old).unwrap();
        let mut c = sma();
        c.args(flags).arg(mode).arg(&target);
        if mode == "-o" {
            c.arg("--force");
        }
        assert_eq!(bounded(c, b"", 30).code, 0);
        fs::read_to_string(&target).unwrap()
    };
    // kill anywhere from the start to a little past the end of a whole run
    let started = Instant::now();
    let new_append = run_to_end("--append-to");
    let new_output = run_to_end("-o");
    let span = (started.elapsed().as_micros() as u64 / 2).max(1000) * 6 / 5;
    assert_ne!(new_append, old);
    // a cheap pseudo-random sequence of kill delays
    let mut seed = std::process::id() as u64 ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut old_seen, mut new_seen) = (0, 0);
    for i in 0..40 {
        let (mode, new) = if i % 2 == 0 {
            ("--append-to", &new_append)
        } else {
            ("-o", &new_output)
        };
        fs::write(&target, old).unwrap();
        let mut c = sma();
        c.args(flags).arg(mode).arg(&target);
        if mode == "-o" {
            c.arg("--force");
        }
        let mut child = c
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(next() % span));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = fs::read_to_string(&target).unwrap();
        if now == old {
            old_seen += 1;
        } else if now == *new {
            new_seen += 1;
        } else {
            panic!("{mode}: the target is neither the old nor the new content:\n{now}");
        }
        for entry in fs::read_dir(dir.path()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name == "response.json"
                    || name == ".response.json.sma-lock"
                    || (name.starts_with(".response.json.sma-") && name.ends_with(".tmp")),
                "stray file {name}"
            );
        }
    }
    eprintln!("after SIGKILL: old content {old_seen} times, new content {new_seen} times");
    // a later write removes temp files left by killed runs
    run_to_end("-o");
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "response.json" && n != ".response.json.sma-lock")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Credentials from the environment never appear in any output, `-v` or not, whatever the
/// log level asked for, on success paths and error paths alike.
#[test]
fn no_secret_in_any_output() {
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETzz";
    const TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKENzz";
    const KEY_ID: &str = "AKIAHOSTILETESTKEYID";
    let dir = tempfile::tempdir().unwrap();
    let actions = dir.path().join("r.json");
    fs::write(
        &actions,
        r##"{"Type": "RecordAudio", "Parameters": {"RecordingTerminators": ["#"], "RecordingDestination": {"Type": "S3", "BucketName": "my-recordings"}}}"##,
    )
    .unwrap();
    let cases: Vec<Vec<&OsStr>> = vec![
        // unreachable endpoint: connection error path
        [
            "--bucket",
            "my-recordings",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "-v",
            "--timeout",
            "5",
        ]
        .map(OsStr::new)
        .to_vec(),
        [
            "--bucket",
            "my-recordings",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--format",
            "json",
            "--timeout",
            "5",
            "--account",
            "111122223333",
        ]
        .map(OsStr::new)
        .to_vec(),
        vec![
            OsStr::new("--from-actions"),
            actions.as_os_str(),
            OsStr::new("--endpoint-url"),
            OsStr::new("http://127.0.0.1:9"),
            OsStr::new("-v"),
            OsStr::new("--timeout"),
            OsStr::new("5"),
        ],
        // an endpoint that is not S3 at all
        ["--bucket", "b-1", "--endpoint-url", "not a url", "-v"]
            .map(OsStr::new)
            .to_vec(),
    ];
    for args in cases {
        for log in ["trace", "aws_smithy_runtime=trace,aws_sigv4=trace"] {
            let mut c = sma();
            c.arg("check-bucket")
                .args(&args)
                .env("AWS_ACCESS_KEY_ID", KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", SECRET)
                .env("AWS_SESSION_TOKEN", TOKEN)
                .env("AWS_REGION", "us-east-1")
                .env("RUST_LOG", log)
                .env("AWS_LOG", log)
                .env("RUST_BACKTRACE", "1");
            let run = bounded(c, b"", 30);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
            for (what, secret) in [("secret key", SECRET), ("session token", TOKEN)] {
                for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
                    assert!(
                        !text.contains(secret),
                        "{what} on {stream} for {args:?}:\n{text}"
                    );
                }
            }
        }
    }
}
