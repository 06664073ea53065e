//! Atomic file writes: a temp file in the target's directory, fsynced, then renamed over it.
//!
//! A reader (or a crash) sees the old file or the new one, never half of one; the temp file is
//! removed on every error path. A run killed before it could clean up (SIGKILL) leaves its
//! temp file; the next write beside the same target removes it.
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What to do when the target exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Fail with `AlreadyExists` and leave it alone.
    Refuse,
    /// Replace it, keeping its permissions.
    Replace,
}

/// A temp file that is removed when dropped unless it was renamed into place.
struct Temp {
    path: PathBuf,
    done: bool,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Removes temp files beside `target` left by runs that were killed (SIGKILL, power loss)
/// before they could clean up: `.NAME.sma-PID-N.tmp` whose process no longer exists.
fn remove_stale(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let lead = format!(".{name}.sma-");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&lead))
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = rest.split_once('-').and_then(|(p, n)| {
            n.bytes()
                .all(|b| b.is_ascii_digit())
                .then_some(p.parse::<u32>().ok()?)
        });
        if pid.is_some_and(|p| p != std::process::id() && !alive(p)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id exists (when unsure: yes, so its file is kept).
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = i32::try_from(pid) else {
            return true;
        };
        // signal 0 checks for existence only; ESRCH = no such process
        // SAFETY: kill(2) with signal 0 sends nothing and touches no memory.
        let gone = unsafe { libc::kill(pid, 0) } == -1
            && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        !gone
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Creates a fresh temp file next to `target` (`.NAME.sma-PID-N.tmp`).
fn create_temp(target: &Path) -> io::Result<(Temp, File)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = parent(target);
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy();
    remove_stale(dir, &name);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".{name}.sma-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((Temp { path, done: false }, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `target` atomically. With `Existing::Refuse` an existing target is an
/// `AlreadyExists` error and is left untouched (no-clobber via a hard link where supported).
pub fn write(target: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    // Write through a symlink to the file it names, so the link itself survives.
    let target = match fs::canonicalize(target) {
        Ok(real) => real,
        Err(_) => target.to_path_buf(),
    };
    if existing == Existing::Refuse && fs::symlink_metadata(&target).is_ok() {
        return Err(already_exists(&target));
    }
    // a rename would replace a read-only file too; respect the protection instead
    if existing == Existing::Replace
        && fs::metadata(&target).is_ok_and(|m| m.permissions().readonly())
    {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("`{}` is read-only", target.display()),
        ));
    }
    let (mut temp, mut file) = create_temp(&target)?;
    file.write_all(bytes)?;
    if existing == Existing::Replace
        && let Ok(meta) = fs::metadata(&target)
    {
        fs::set_permissions(&temp.path, meta.permissions())?;
    }
    file.sync_all()?;
    drop(file);
    match existing {
        Existing::Replace => {
            fs::rename(&temp.path, &target)?;
            temp.done = true;
        }
        // the link fails if the target appeared meanwhile; `Temp::drop` then removes the temp name
        Existing::Refuse => match fs::hard_link(&temp.path, &target) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(already_exists(&target));
            }
            // no hard links here (some network and FAT file systems): checked above, so rename
            Err(_) => {
                fs::rename(&temp.path, &target)?;
                temp.done = true;
            }
        },
    }
    sync_dir(parent(&target));
    Ok(())
}

fn already_exists(target: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("`{}` already exists", target.display()),
    )
}

/// Makes the rename durable where the platform allows fsync on a directory.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn writes_new_files_and_refuses_existing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        write(&target, b"one", Existing::Refuse).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"one");
        let e = write(&target, b"two", Existing::Refuse).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"one");
        write(&target, b"three", Existing::Replace).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"three");
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
    }

    #[test]
    fn temp_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        // pid 0x7FFFFFFE is above any pid_max; the current process is alive
        let dead = dir.path().join(".out.json.sma-2147483646-0.tmp");
        let mine = dir
            .path()
            .join(format!(".out.json.sma-{}-99.tmp", std::process::id()));
        let other = dir.path().join(".other.json.sma-2147483646-0.tmp");
        for f in [&dead, &mine, &other] {
            fs::write(f, "partial").unwrap();
        }
        write(&target, b"new", Existing::Replace).unwrap();
        assert!(!dead.exists());
        assert!(mine.exists() && other.exists());
    }

    #[test]
    fn a_missing_directory_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("nope").join("out.json");
        assert!(write(&target, b"x", Existing::Refuse).is_err());
        assert!(!target.exists());
    }

    #[test]
    fn read_only_files_are_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("ro.json");
        fs::write(&target, "keep").unwrap();
        let mut p = fs::metadata(&target).unwrap().permissions();
        p.set_readonly(true);
        fs::set_permissions(&target, p).unwrap();
        let e = write(&target, b"new", Existing::Replace).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read(&target).unwrap(), b"keep");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn replacing_keeps_permissions_and_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, b"new", Existing::Replace).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(leftovers(dir.path()).is_empty());
    }
}
