//! Writing files under concurrency, special targets and signals (docs/hardening.md, "Writing
//! files" and "Signals"): parallel `--append-to` loses nothing, devices, FIFOs and sma's own
//! descriptors are written rather than renamed over, a replaced file keeps its owner, group,
//! mode and extended attributes, and SIGINT / SIGTERM / SIGHUP leave no temp file and exit
//! 130 / 143 / 129.
#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::ffi::CString;
use std::fs;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn sma() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sma"));
    for k in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(k);
    }
    cmd.stdin(Stdio::null());
    cmd
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("sma runs");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn code(out: &Output) -> i32 {
    out.status
        .code()
        .expect("sma exited (not killed by a signal)")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn c_path(path: &Path) -> CString {
    CString::new(path.as_os_str().as_bytes()).unwrap()
}

fn mkfifo(path: &Path) {
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path(path).as_ptr(), 0o644) }, 0);
}

/// A character device like /dev/null (1, 3) at `path` (root only).
fn mknod_null(path: &Path) {
    // SAFETY: a NUL-terminated path.
    let r = unsafe {
        libc::mknod(
            c_path(path).as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(1, 3),
        )
    };
    assert_eq!(r, 0, "mknod: {}", std::io::Error::last_os_error());
}

/// The type of `path` itself (a symlink is not followed).
fn kind(path: &Path) -> fs::FileType {
    fs::symlink_metadata(path).unwrap().file_type()
}

/// `--append-to` reads the file and then replaces it: anything but a regular file is refused.
fn assert_append_refused(target: &Path) {
    let out = run(&mut append(target, "b-1"));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

/// The temp files (`*.tmp`) in `dir`.
fn temps(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// Waits for `cond` (not a timing: a bound so that a bug fails the test instead of hanging it).
fn wait_for(what: &str, child: &mut Child, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("sma ended ({status}) before {what}");
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("timed out waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Whether process `pid` has a handler installed for every one of `signals`
/// (`SigCgt` in /proc/PID/status).
fn catches(pid: u32, signals: &[i32]) -> bool {
    let Ok(status) = fs::read_to_string(format!("/proc/{pid}/status")) else {
        return false;
    };
    let Some(mask) = status
        .lines()
        .find_map(|l| l.strip_prefix("SigCgt:"))
        .and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
    else {
        return false;
    };
    signals.iter().all(|s| mask & (1 << (s - 1)) != 0)
}

const SIGNALS: [(i32, i32); 3] = [
    (libc::SIGINT, 130),
    (libc::SIGTERM, 143),
    (libc::SIGHUP, 129),
];

fn signal(child: &Child, sig: i32) {
    // SAFETY: signalling the child this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
}

const EMPTY: &str = "{\"SchemaVersion\": \"1.0\", \"Actions\": []}\n";

fn buckets(path: &Path) -> Vec<String> {
    let v: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    v["Actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a["Parameters"]["RecordingDestination"]["BucketName"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn append(path: &Path, bucket: &str) -> Command {
    let mut c = sma();
    c.args([
        "record-audio",
        "generate",
        "--bucket",
        bucket,
        "--append-to",
    ])
    .arg(path)
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    c
}

/// 8 writers append to one file at once, 5 rounds (a new file each round, so the 10-action
/// limit is not reached): every append that exits 0 is in the file.
#[test]
fn parallel_appends_keep_every_action() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..5 {
        let file = dir.path().join(format!("round-{round}.json"));
        fs::write(&file, EMPTY).unwrap();
        let wanted: BTreeSet<String> = (0..8).map(|i| format!("b-{round}-{i}")).collect();
        let children: Vec<Child> = wanted
            .iter()
            .map(|b| append(&file, b).spawn().unwrap())
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_eq!(code(&out), 0, "{}", stderr(&out));
        }
        let got = buckets(&file);
        assert_eq!(got.len(), 8, "round {round}: {got:?}");
        assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), wanted);
        assert!(temps(dir.path()).is_empty());
    }
}

/// 8 writers at once on a file with 6 actions: exactly 4 get in (exit 0), 4 are refused by
/// the 10-action limit (exit 2), and the file has the 6 and the 4.
#[test]
fn the_action_limit_holds_under_concurrency() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    fs::write(&file, EMPTY).unwrap();
    for i in 0..6 {
        assert_eq!(code(&run(&mut append(&file, &format!("first-{i}")))), 0);
    }
    let children: Vec<(String, Child)> = (0..8)
        .map(|i| {
            let b = format!("late-{i}");
            let child = append(&file, &b).spawn().unwrap();
            (b, child)
        })
        .collect();
    let mut winners = BTreeSet::new();
    let mut refused = 0;
    for (b, child) in children {
        let out = child.wait_with_output().unwrap();
        match code(&out) {
            0 => {
                winners.insert(b);
            }
            2 => {
                assert!(stderr(&out).contains("at most 10"), "{}", stderr(&out));
                refused += 1;
            }
            c => panic!("exit {c}: {}", stderr(&out)),
        }
    }
    assert_eq!((winners.len(), refused), (4, 4));
    let got = buckets(&file);
    assert_eq!(got.len(), 10);
    let late: BTreeSet<String> = got.into_iter().filter(|b| b.starts_with("late-")).collect();
    assert_eq!(late, winners);
}

fn generate_to(target: &Path) -> Command {
    let mut c = sma();
    c.args(["record-audio", "generate", "--bucket", "b-1", "-o"])
        .arg(target);
    c
}

fn good_response(dir: &Path) -> PathBuf {
    let good = dir.join("good.json");
    fs::write(&good, EMPTY).unwrap();
    good
}

fn policy_file(dir: &Path) -> PathBuf {
    let p = dir.join("policy.json");
    fs::write(
        &p,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "voiceconnector.chime.amazonaws.com"}, "Action": ["s3:PutObject", "s3:PutObjectAcl"], "Resource": "arn:aws:s3:::my-recordings/*"}]}"#,
    )
    .unwrap();
    p
}

/// Every writer, given `target` as its output file.
fn every_writer(dir: &Path, target: &Path) -> Vec<Command> {
    let good = good_response(dir);
    let policy = policy_file(dir);
    let mut out = Vec::new();
    let mut c = generate_to(target);
    c.arg("--force");
    out.push(c);
    // a device or descriptor has nothing to keep: no --force needed
    out.push(generate_to(target));
    let mut c = sma();
    c.arg("lint").arg(&good).arg("--write-baseline").arg(target);
    out.push(c);
    let mut c = sma();
    c.arg("lint")
        .arg(&good)
        .arg("--format")
        .arg(format!("json:{}", target.display()));
    out.push(c);
    let mut c = sma();
    c.args(["check-bucket", "--bucket", "my-recordings", "--policy-file"])
        .arg(&policy)
        .arg("--format")
        .arg(format!("json:{}", target.display()));
    out.push(c);
    let mut c = sma();
    c.args(["types", "python", "--out"]).arg(target);
    out.push(c);
    out
}

/// As root: a character device made with `mknod` stays a device whatever writes to it, and
/// `--append-to` refuses it.
#[test]
fn devices_are_written_in_place_never_replaced() {
    if !is_root() {
        eprintln!("skipped: mknod needs root (CI runs as root)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dev = dir.path().join("null-device");
    mknod_null(&dev);
    let is_device = || kind(&dev).is_char_device();
    for mut c in every_writer(dir.path(), &dev) {
        let out = run(&mut c);
        assert_eq!(code(&out), 0, "{c:?}: {}", stderr(&out));
        assert!(is_device(), "{c:?} replaced the device");
        assert!(temps(dir.path()).is_empty());
    }
    // sma schema --out DIR: one of its files a device
    let schemas = dir.path().join("schemas");
    fs::create_dir(&schemas).unwrap();
    let bundle = schemas.join("sma.schema.json");
    mknod_null(&bundle);
    let out = run(sma().args(["schema", "--out"]).arg(&schemas));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(kind(&bundle).is_char_device());
    // read, then replaced: not something a device can be
    assert_append_refused(&dev);
    assert!(is_device());
    // a symlink to the device is the device
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&dev, &link).unwrap();
    let out = run(generate_to(&link).arg("--force"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(kind(&link).is_symlink());
    assert!(is_device());
}

/// A FIFO is written to (a reader gets the bytes), not replaced; `--append-to` refuses it.
#[test]
fn fifos_are_written_in_place_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    for mut c in every_writer(dir.path(), &fifo) {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut got = Vec::new();
                fs::File::open(&fifo)
                    .unwrap()
                    .read_to_end(&mut got)
                    .unwrap();
                got
            })
        };
        let out = run(&mut c);
        assert_eq!(code(&out), 0, "{c:?}: {}", stderr(&out));
        let got = String::from_utf8(reader.join().unwrap()).unwrap();
        assert!(!got.is_empty() && got.ends_with('\n'), "{c:?}: {got:?}");
        assert!(kind(&fifo).is_fifo());
        assert!(temps(dir.path()).is_empty());
    }
    assert_append_refused(&fifo);
}

/// `-`, /dev/stdout, /dev/fd/1, /proc/self/fd/1 and the file stdout is: written through
/// sma's stdout, which the shell opened for appending (`>> log`): the log keeps what it had.
#[test]
fn descriptor_targets_append_through_sma_own_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    fs::write(&log, "before\n").unwrap();
    let inode = fs::metadata(&log).unwrap().ino();
    let targets = [
        PathBuf::from("/dev/stdout"),
        PathBuf::from("/dev/fd/1"),
        PathBuf::from("/proc/self/fd/1"),
        log.clone(),
    ];
    let mut runs = 0;
    for target in &targets {
        for mut c in every_writer(dir.path(), target) {
            let stdout = fs::OpenOptions::new().append(true).open(&log).unwrap();
            let out = run(c.stdout(stdout));
            assert_eq!(code(&out), 0, "{c:?}: {}", stderr(&out));
            runs += 1;
        }
    }
    let mut c = sma();
    c.args(["types", "typescript", "--out", "-"]);
    let out = run(c.stdout(fs::OpenOptions::new().append(true).open(&log).unwrap()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = fs::read_to_string(&log).unwrap();
    assert!(text.starts_with("before\n"), "{}", &text[..200]);
    assert_eq!(
        fs::metadata(&log).unwrap().ino(),
        inode,
        "the log was replaced"
    );
    // every run's output is there: one `"version"` per baseline / lint / check-bucket report
    assert_eq!(text.matches("\"version\"").count(), 3 * targets.len());
    assert_eq!(
        text.matches("\"b-1\"").count(),
        2 * targets.len(),
        "{runs} runs"
    );
    assert!(text.contains("export "), "typescript types went to the log");
    // the same through stderr
    let err = dir.path().join("err");
    fs::write(&err, "kept\n").unwrap();
    let out = run(generate_to(Path::new("/dev/stderr"))
        .stderr(fs::OpenOptions::new().append(true).open(&err).unwrap()));
    assert_eq!(code(&out), 0);
    let text = fs::read_to_string(&err).unwrap();
    assert!(
        text.starts_with("kept\n") && text.contains("\"BucketName\""),
        "{text}"
    );
    assert!(temps(dir.path()).is_empty());
}

/// Replacing a file keeps its mode, owner and group (as root) and its extended attributes.
#[cfg(target_os = "linux")]
#[test]
fn replaced_files_keep_owner_group_mode_and_xattrs() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    fs::write(&target, "{}").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    let c = c_path(&target);
    let name = CString::new("user.sma-test").unwrap();
    // SAFETY: NUL-terminated strings and a 4-byte value.
    let xattrs =
        unsafe { libc::setxattr(c.as_ptr(), name.as_ptr(), b"kept".as_ptr().cast(), 4, 0) == 0 };
    if !xattrs {
        eprintln!(
            "extended attributes not checked: {}",
            std::io::Error::last_os_error()
        );
    }
    if is_root() {
        // SAFETY: as above.
        assert_eq!(unsafe { libc::chown(c.as_ptr(), 65534, 65534) }, 0);
    } else {
        eprintln!("owner and group not checked: chown needs root");
    }
    let before = fs::metadata(&target).unwrap();
    let out = run(generate_to(&target).arg("--force"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let after = fs::metadata(&target).unwrap();
    assert_ne!(after.ino(), before.ino(), "replaced by a rename");
    assert!(fs::read_to_string(&target).unwrap().contains("RecordAudio"));
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if xattrs {
        let mut buf = [0u8; 16];
        // SAFETY: the buffer outlives the call.
        let n = unsafe {
            libc::getxattr(
                c_path(&target).as_ptr(),
                name.as_ptr(),
                buf.as_mut_ptr().cast(),
                buf.len(),
            )
        };
        assert_eq!(n, 4, "{}", std::io::Error::last_os_error());
        assert_eq!(&buf[..4], b"kept");
    }
}

/// Run as another user (nobody), sma cannot keep a root-owned file's owner or its
/// `security.*` attribute: both are warnings, and the write goes on.
#[test]
fn what_cannot_be_kept_without_root_is_a_warning() {
    use std::os::unix::process::CommandExt;
    if !is_root() {
        eprintln!("skipped: needs root to make a file only root could fully recreate");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let target = dir.path().join("shared.json");
    fs::write(&target, "{}").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o666)).unwrap();
    let name = CString::new("security.sma-test").unwrap();
    // SAFETY: NUL-terminated strings and a 4-byte value.
    let set = unsafe {
        libc::setxattr(
            c_path(&target).as_ptr(),
            name.as_ptr(),
            b"kept".as_ptr().cast(),
            4,
            0,
        )
    };
    let security = set == 0;
    if !security {
        eprintln!(
            "security.* not checked: {}",
            std::io::Error::last_os_error()
        );
    }
    let out = run(generate_to(&target).arg("--force").uid(65534).gid(65534));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: ") && err.contains("could not keep its owner and group"),
        "{err}"
    );
    if security {
        assert!(
            err.contains("could not keep its extended attribute `security.sma-test`"),
            "{err}"
        );
    }
    assert!(fs::read_to_string(&target).unwrap().contains("RecordAudio"));
    assert_eq!(fs::metadata(&target).unwrap().mode() & 0o777, 0o666);
    assert!(temps(dir.path()).is_empty());
}

/// A dangling symlink is written through (the file it names is created, the link stays);
/// names of 239 to 255 bytes get temp and lock names within NAME_MAX.
#[test]
fn dangling_symlinks_and_long_names() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("made.json", &link).unwrap();
    let out = run(&mut generate_to(&link));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(kind(&link).is_symlink());
    assert!(
        fs::read_to_string(dir.path().join("made.json"))
            .unwrap()
            .contains("RecordAudio")
    );
    // once it exists, -o refuses it like any existing file
    assert_eq!(code(&run(&mut generate_to(&link))), 2);

    for len in [239, 247, 255] {
        let name = format!("{}.json", "n".repeat(len - 5));
        let target = dir.path().join(&name);
        fs::write(&target, EMPTY).unwrap();
        let out = run(&mut append(&target, "b-1"));
        assert_eq!(code(&out), 0, "{len}: {}", stderr(&out));
        let out = run(&mut append(&target, "b-2"));
        assert_eq!(code(&out), 0, "{len}: {}", stderr(&out));
        assert_eq!(buckets(&target), ["b-1", "b-2"]);
        let out = run(generate_to(&target).arg("--force"));
        assert_eq!(code(&out), 0, "{len}: {}", stderr(&out));
        let report = dir.path().join(format!("{}.sarif", "r".repeat(len - 6)));
        let out = run(sma()
            .arg("lint")
            .arg(good_response(dir.path()))
            .arg("--format")
            .arg(format!("sarif:{}", report.display())));
        assert_eq!(code(&out), 0, "{len}: {}", stderr(&out));
        assert!(report.is_file());
    }
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
}

/// A lint run writing a report file is stopped while its temp file exists (the next report
/// target is a FIFO nobody reads): each signal removes the temp file and sets the exit code.
#[test]
fn a_signal_mid_write_removes_the_temp_file() {
    for (sig, expected) in SIGNALS {
        let dir = tempfile::tempdir().unwrap();
        let good = good_response(dir.path());
        let fifo = dir.path().join("blocked");
        mkfifo(&fifo);
        let report = dir.path().join("report.json");
        let mut child = sma()
            .arg("lint")
            .arg(&good)
            .arg("--format")
            .arg(format!("json:{}", report.display()))
            .arg("--format")
            .arg(format!("concise:{}", fifo.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for("the report's temp file", &mut child, || {
            !temps(dir.path()).is_empty()
        });
        signal(&child, sig);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(expected), "signal {sig}: {status}");
        assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
        assert!(!report.exists());
    }
}

/// Every command that can block gets the same exit codes: lint reading a slow stdin,
/// generate writing to a FIFO, generate waiting for another append's lock, check-bucket
/// writing to a FIFO, simulate running a handler (whose group dies with it).
#[test]
fn every_command_exits_128_plus_the_signal() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("blocked");
    mkfifo(&fifo);
    let response = dir.path().join("r.json");
    fs::write(&response, EMPTY).unwrap();
    let policy = policy_file(dir.path());
    let scenario = dir.path().join("call.toml");
    fs::write(&scenario, "").unwrap();
    let marker = dir.path().join("handler-started");
    let survivor = dir.path().join("handler-child-survived");
    let handler = format!(
        "touch {}; (sleep 3; touch {}) & sleep 60",
        marker.display(),
        survivor.display()
    );
    let all = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];
    for (i, (sig, expected)) in SIGNALS.into_iter().cycle().take(15).enumerate() {
        let _ = fs::remove_file(&marker);
        let mut c = sma();
        let mut lock = None;
        match i / 3 {
            0 => {
                c.args(["lint", "-"]).stdin(Stdio::piped());
            }
            1 => {
                c.args(["record-audio", "generate", "--bucket", "b-1", "-o"])
                    .arg(&fifo);
            }
            2 => {
                // another run holds the append lock
                let f = fs::File::create(dir.path().join(".r.json.sma-lock")).unwrap();
                f.lock().unwrap();
                lock = Some(f);
                c.args(["record-audio", "generate", "--bucket", "b-1", "--append-to"])
                    .arg(&response);
            }
            3 => {
                c.args(["check-bucket", "--bucket", "my-recordings", "--policy-file"])
                    .arg(&policy)
                    .arg("--format")
                    .arg(format!("json:{}", fifo.display()));
            }
            _ => {
                c.args([
                    "simulate",
                    "--handler-timeout",
                    "120",
                    "--handler-cmd",
                    &handler,
                ])
                .arg(&scenario);
            }
        }
        let mut child = c
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        wait_for("the signal handlers", &mut child, || catches(pid, &all));
        if i / 3 == 4 {
            wait_for("the handler", &mut child, || marker.exists());
        }
        if lock.is_some() {
            wait_for("a blocked lock", &mut child, || {
                fs::read_to_string("/proc/locks").is_ok_and(|l| {
                    l.lines()
                        .any(|l| l.contains("->") && l.contains(&format!(" {pid} ")))
                })
            });
        }
        signal(&child, sig);
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(expected),
            "case {i}, signal {sig}: {status}"
        );
        drop(lock);
        assert_eq!(fs::read_to_string(&response).unwrap(), EMPTY);
        assert!(temps(dir.path()).is_empty());
    }
    // the handler's background child was killed with its group (it would touch this at 3 s)
    std::thread::sleep(Duration::from_secs(4));
    assert!(!survivor.exists(), "a handler's child outlived sma");
}
