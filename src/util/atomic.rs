//! Writing files: a temp file in the target's directory, fsynced, then renamed over it.
//!
//! A reader (or a crash) sees the old file or the new one, never half of one. The temp file
//! has the target's mode from its first byte (a new file: 0666 less the umask), then its
//! owner, group and extended attributes; it is removed on every error path, when a `Writer`
//! is dropped without `commit`, and on SIGINT / SIGTERM / SIGHUP (`util::signal`). A run
//! killed before it could clean up (SIGKILL) leaves its temp file; the next write beside the
//! same target removes it.
//!
//! Targets that are not regular files are never renamed over: `-`, `/dev/stdout`,
//! `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` (or a symlink to one, or the very file
//! sma's stdout or stderr is) are written through sma's own descriptor, at its offset and
//! with its flags (`>> log` appends); other existing non-regular files (`/dev/null`, a FIFO, a
//! device) are opened and written in place. Symlinks are followed, dangling ones too: the
//! file they name is written and the link stays.
use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::signal;

/// What to do when the target exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Fail with `AlreadyExists` and leave it alone (a regular file; a device, FIFO or
    /// descriptor is written to: there is nothing in it to keep).
    Refuse,
    /// Replace it, keeping its mode, owner, group and extended attributes.
    Replace,
}

/// The longest file name most file systems take (NAME_MAX).
const NAME_MAX: usize = 255;
/// Names longer than this are shortened in temp and lock names (`stem`), so that
/// `.STEM.sma-PID-N.tmp` stays within `NAME_MAX`.
const STEM_MAX: usize = 200;

/// What went wrong but did not stop a write (a `security.*` attribute that could not be
/// kept), for the command to print: see `take_warnings`.
static WARNINGS: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[cfg_attr(not(unix), allow(dead_code))]
fn warn(message: String) {
    if let Ok(mut w) = WARNINGS.lock() {
        w.push(message);
    }
}

/// The warnings of the writes so far (each once), e.g. a `security.*` extended attribute that
/// could not be kept; `sma::run` prints them on stderr.
pub fn take_warnings() -> Vec<String> {
    WARNINGS
        .lock()
        .map(|mut w| std::mem::take(&mut *w))
        .unwrap_or_default()
}

/// A streaming write to a file: bytes go to a temp file beside the target and `commit`
/// renames it into place; dropped without `commit`, the temp file is removed and the target
/// is untouched. For a special target (see the module docs) bytes go straight to it.
pub struct Writer {
    out: Option<BufWriter<File>>,
    temp: Option<Temp>,
}

impl Writer {
    /// Starts a write to `target`. With `Existing::Refuse`, an existing regular file is an
    /// `AlreadyExists` error (and `commit` does not clobber one that appears meanwhile).
    /// A read-only file is not replaced (`PermissionDenied`).
    pub fn create(target: &Path, existing: Existing) -> io::Result<Writer> {
        let (file, temp) = match resolve(target)? {
            Resolved::Descriptor(fd) => (descriptor(fd)?, None),
            Resolved::InPlace(path) => (OpenOptions::new().write(true).open(path)?, None),
            Resolved::Regular(path, meta) => {
                if let Some(meta) = &meta {
                    if existing == Existing::Refuse {
                        return Err(already_exists(&path));
                    }
                    // a rename would replace a read-only file too; respect the protection
                    if meta.permissions().readonly() {
                        return Err(io::Error::new(
                            io::ErrorKind::PermissionDenied,
                            format!("`{}` is read-only", path.display()),
                        ));
                    }
                }
                let (temp, file) = create_temp(&path, existing, meta.as_ref())?;
                (file, Some(temp))
            }
        };
        Ok(Writer {
            out: Some(BufWriter::new(file)),
            temp,
        })
    }

    /// Finishes the write: flushes, fsyncs and renames the temp file over the target (or,
    /// with `Existing::Refuse`, links it there unless a file appeared meanwhile).
    pub fn commit(mut self) -> io::Result<()> {
        let Some(out) = self.out.take() else {
            return Ok(());
        };
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        let Some(temp) = &mut self.temp else {
            return Ok(());
        };
        file.sync_all()?;
        drop(file);
        match temp.existing {
            Existing::Replace => {
                fs::rename(&temp.path, &temp.target)?;
                temp.done = true;
            }
            // the link fails if the target appeared meanwhile; `Temp::drop` then removes the
            // temp name (and after a successful link too: the target keeps the inode)
            Existing::Refuse => match fs::hard_link(&temp.path, &temp.target) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(already_exists(&temp.target));
                }
                // no hard links here (some network and FAT file systems): checked at create
                Err(_) => {
                    fs::rename(&temp.path, &temp.target)?;
                    temp.done = true;
                }
            },
        }
        sync_dir(parent(&temp.target));
        Ok(())
    }
}

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.out {
            Some(out) => out.write(buf),
            None => Err(io::Error::other("write after commit")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // not committed: what is still buffered is dropped, not written
        if let Some(out) = self.out.take() {
            drop(out.into_parts());
        }
    }
}

/// Writes `bytes` to `target` atomically: `Writer::create`, `write_all`, `commit`.
pub fn write(target: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    let mut w = Writer::create(target, existing)?;
    w.write_all(bytes)?;
    w.commit()
}

/// Whether a write to `target` would replace an existing file (a rename over a regular
/// file); `false` for a new file and for targets written in place or through a descriptor.
pub fn replaces(target: &Path) -> bool {
    matches!(resolve(target), Ok(Resolved::Regular(_, Some(_))))
}

/// Whether a write to `target` goes to it directly (stdout, `/dev/fd/N`, a device, a FIFO)
/// rather than through a temp file renamed into place.
pub fn direct(target: &Path) -> bool {
    !matches!(resolve(target), Ok(Resolved::Regular(..)) | Err(_))
}

/// An exclusive lock for a read-modify-write of `target` (`--append-to`), held until dropped.
///
/// The lock is on a sidecar file, `.NAME.sma-lock` beside the target (left in place): a lock
/// on the target itself would protect nothing once a rename replaced its inode. Every sma run
/// resolves symlinks the same way, so all of them lock the same sidecar. A target that is not
/// a regular file (or does not exist) is refused before anything is created.
pub struct Lock {
    _file: File,
}

/// Takes the lock for `target`, waiting for another sma run that holds it.
pub fn lock(target: &Path) -> io::Result<Lock> {
    let path = match resolve(target)? {
        Resolved::Regular(path, Some(_)) => path,
        Resolved::Regular(_, None) => {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                "no such file (--append-to adds to an existing handler response)",
            ));
        }
        Resolved::Descriptor(_) | Resolved::InPlace(_) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file (the file appended to is read and then replaced, so FIFOs, devices and descriptors such as /dev/stdout are refused)",
            ));
        }
    };
    let name = sidecar(&path, b".sma-lock")?;
    let lock_path = parent(&path).join(name);
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    // a symlink planted in a shared directory does not make sma create or open another file
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = match options.open(&lock_path) {
        Ok(f) => f,
        // someone else's lock file that we may not write: reading is enough to lock it
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            options.write(false).create(false).open(&lock_path)?
        }
        Err(e) => return Err(e),
    };
    file.lock()?;
    Ok(Lock { _file: file })
}

/// Where a write goes.
enum Resolved {
    /// Through sma's own descriptor.
    Descriptor(i32),
    /// An existing file that is not regular, opened and written in place.
    InPlace(PathBuf),
    /// A regular file (its metadata when it exists): a temp file renamed over it.
    Regular(PathBuf, Option<fs::Metadata>),
}

/// How many symlinks are followed before giving up (Linux's MAXSYMLINKS).
const MAX_LINKS: usize = 40;

/// Follows `target`'s symlinks (dangling ones too) to what a write should go to.
fn resolve(target: &Path) -> io::Result<Resolved> {
    if target.as_os_str() == "-" {
        return Ok(Resolved::Descriptor(1));
    }
    let mut path = target.to_path_buf();
    for _ in 0..=MAX_LINKS {
        if let Some(fd) = descriptor_path(&path) {
            return Ok(Resolved::Descriptor(fd));
        }
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Resolved::Regular(path, None));
            }
            Err(e) => return Err(e),
        };
        if meta.file_type().is_symlink() {
            let link = fs::read_link(&path)?;
            path = parent(&path).join(link);
            continue;
        }
        if meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        }
        if !meta.is_file() {
            return Ok(Resolved::InPlace(path));
        }
        if let Some(fd) = same_as_output(&meta) {
            return Ok(Resolved::Descriptor(fd));
        }
        return Ok(Resolved::Regular(path, Some(meta)));
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// The descriptor a path names by itself: `/dev/stdout` (1), `/dev/stderr` (2), `/dev/stdin`
/// (0), `/dev/fd/N`, `/proc/self/fd/N`, `/proc/thread-self/fd/N`, `/proc/PID/fd/N` for sma's
/// own PID. Matched on the path's text with `.` and `..` folded.
fn descriptor_path(path: &Path) -> Option<i32> {
    if !cfg!(unix) || !path.is_absolute() {
        return None;
    }
    let mut parts: Vec<&OsStr> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p),
            Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    let parts: Vec<&str> = parts.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    let number = |n: &str| {
        n.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| n.parse::<i32>().ok())
            .flatten()
    };
    let me = std::process::id().to_string();
    match parts[..] {
        ["dev", "stdin"] => Some(0),
        ["dev", "stdout"] => Some(1),
        ["dev", "stderr"] => Some(2),
        ["dev", "fd", n] => number(n),
        ["proc", who, "fd", n] if who == "self" || who == "thread-self" || who == me => number(n),
        _ => None,
    }
}

/// The descriptor (1 or 2) whose file is the one `meta` describes: `-o out.json > out.json`
/// writes through stdout rather than rename over the file the shell opened.
fn same_as_output(meta: &fs::Metadata) -> Option<i32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        for fd in [1, 2] {
            // SAFETY: fstat writes into the zeroed struct it is given.
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            if unsafe { libc::fstat(fd, &mut st) } == 0
                && st.st_dev as u64 == meta.dev()
                && st.st_ino as u64 == meta.ino()
            {
                return Some(fd);
            }
        }
        None
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// A new handle on sma's descriptor `fd` (its offset and flags shared).
fn descriptor(fd: i32) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::fd::FromRawFd;
        // SAFETY: F_DUPFD_CLOEXEC returns a new descriptor (or -1), owned by the File.
        let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
        if new < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(unsafe { File::from_raw_fd(new) })
    }
    #[cfg(not(unix))]
    {
        use std::os::windows::io::AsHandle;
        let handle = match fd {
            1 => io::stdout().as_handle().try_clone_to_owned()?,
            2 => io::stderr().as_handle().try_clone_to_owned()?,
            _ => return Err(io::Error::other("no such descriptor")),
        };
        Ok(File::from(handle))
    }
}

/// A temp file that is removed when dropped unless it was renamed into place.
struct Temp {
    path: PathBuf,
    target: PathBuf,
    existing: Existing,
    done: bool,
    /// Dropped after the file is removed (see `signal`).
    _registered: signal::Registered,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A file name's bytes (lossy only where names are not bytes, on Windows).
fn name_bytes(name: &OsStr) -> Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Cow::Borrowed(name.as_bytes())
    }
    #[cfg(not(unix))]
    match name.to_string_lossy() {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

fn name_from(bytes: Vec<u8>) -> OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        OsString::from_vec(bytes)
    }
    #[cfg(not(unix))]
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// The part of temp and lock names that stands for the target's name: the name itself, or
/// for a name over `STEM_MAX` bytes its first 180 bytes (cut at a character when it is
/// UTF-8), `~` and a hash of the whole name, so `.STEM.sma-PID-N.tmp` fits in `NAME_MAX`.
fn stem(name: &[u8]) -> Vec<u8> {
    if name.len() <= STEM_MAX {
        return name.to_vec();
    }
    let mut cut = 180;
    if let Ok(text) = std::str::from_utf8(name) {
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
    }
    // FNV-1a: stable across builds, so every sma version names the same lock file
    let hash = name.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let mut out = name[..cut].to_vec();
    out.extend_from_slice(format!("~{hash:016x}").as_bytes());
    out
}

/// `.STEM` + `suffix`, for the file beside `target`.
fn sidecar(target: &Path, suffix: &[u8]) -> io::Result<OsString> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut out = vec![b'.'];
    out.extend(stem(&name_bytes(name)));
    out.extend_from_slice(suffix);
    Ok(name_from(out))
}

/// Removes temp files beside `target` left by runs that were killed (SIGKILL, power loss)
/// before they could clean up: `.STEM.sma-PID-N.tmp` whose process no longer exists.
fn remove_stale(dir: &Path, lead: &[u8]) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let bytes = name_bytes(&file);
        let Some(rest) = bytes
            .strip_prefix(lead)
            .and_then(|r| r.strip_suffix(b".tmp"))
        else {
            continue;
        };
        let Some((pid, n)) = std::str::from_utf8(rest)
            .ok()
            .and_then(|r| r.split_once('-'))
        else {
            continue;
        };
        if !n.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if pid
            .parse::<u32>()
            .is_ok_and(|p| p != std::process::id() && !alive(p))
        {
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

/// Creates a fresh temp file next to `target` (`.STEM.sma-PID-N.tmp`), with the mode of the
/// file it replaces (`meta`) from the start, then that file's owner, group and extended
/// attributes.
fn create_temp(
    target: &Path,
    existing: Existing,
    meta: Option<&fs::Metadata>,
) -> io::Result<(Temp, File)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = parent(target);
    let lead = sidecar(target, b".sma-")?;
    remove_stale(dir, &name_bytes(&lead));
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut name = lead.clone();
        name.push(format!("{}-{n}.tmp", std::process::id()));
        let path = dir.join(name);
        debug_assert!(name_bytes(path.file_name().unwrap_or_default()).len() <= NAME_MAX);
        // registered first: a signal between the open and the registration would leave it
        let registered = signal::register(&path);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            options.mode(meta.map_or(0o666, |m| m.permissions().mode() & 0o777));
        }
        match options.open(&path) {
            Ok(file) => {
                let temp = Temp {
                    path,
                    target: target.to_path_buf(),
                    existing,
                    done: false,
                    _registered: registered,
                };
                if let Some(meta) = meta {
                    keep_metadata(target, &file, meta)?;
                }
                return Ok((temp, file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

/// Gives the temp file the replaced file's owner, group, mode (set after the owner: chown
/// clears set-id bits) and extended attributes. An owner or group that cannot be kept (not
/// root) and a `security.*` attribute that cannot be kept are warnings; any other attribute
/// that cannot be kept is an error (nothing is replaced).
fn keep_metadata(target: &Path, file: &File, meta: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mine = file.metadata()?;
        if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
            // SAFETY: fchown on a descriptor this function borrows.
            if unsafe { libc::fchown(file.as_raw_fd(), meta.uid(), meta.gid()) } != 0 {
                let e = io::Error::last_os_error();
                warn(format!(
                    "`{}`: could not keep its owner and group ({}:{}): {e}; the new file is {}:{}",
                    target.display(),
                    meta.uid(),
                    meta.gid(),
                    mine.uid(),
                    mine.gid()
                ));
            }
        }
        file.set_permissions(fs::Permissions::from_mode(
            meta.permissions().mode() & 0o7777,
        ))?;
        #[cfg(target_os = "linux")]
        xattrs::copy(target, file)?;
    }
    #[cfg(not(unix))]
    {
        let _ = (target, file);
        // Windows: the new file is created with the target's read-only bit only
        let _ = meta;
    }
    Ok(())
}

/// Extended attributes, through libc (Linux).
#[cfg(target_os = "linux")]
mod xattrs {
    use std::ffi::CString;
    use std::fs::File;
    use std::io;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    /// Calls `get(ptr, len)` with a growing buffer until the value fits.
    fn sized(mut get: impl FnMut(*mut libc::c_void, usize) -> isize) -> io::Result<Vec<u8>> {
        loop {
            let need = get(std::ptr::null_mut(), 0);
            if need < 0 {
                return Err(io::Error::last_os_error());
            }
            let mut buf = vec![0u8; need.unsigned_abs()];
            let got = get(buf.as_mut_ptr().cast(), buf.len());
            if got >= 0 {
                buf.truncate(got.unsigned_abs());
                return Ok(buf);
            }
            let e = io::Error::last_os_error();
            // the value grew between the two calls: ask again
            if e.raw_os_error() != Some(libc::ERANGE) {
                return Err(e);
            }
        }
    }

    /// Copies `from`'s extended attributes to `to`.
    pub(super) fn copy(from: &Path, to: &File) -> io::Result<()> {
        let path = CString::new(from.as_os_str().as_bytes())?;
        // SAFETY: the buffer pointer and length come from `sized`, which owns the buffer.
        let names = match sized(|p, n| unsafe { libc::llistxattr(path.as_ptr(), p.cast(), n) }) {
            Ok(names) => names,
            // the file system has none
            Err(e) if e.raw_os_error() == Some(libc::ENOTSUP) => return Ok(()),
            Err(e) => return Err(e),
        };
        for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
            let shown = String::from_utf8_lossy(name).into_owned();
            let cname = CString::new(name)?;
            // SAFETY: as above; both strings are NUL-terminated and outlive the calls.
            let kept =
                sized(|p, n| unsafe { libc::lgetxattr(path.as_ptr(), cname.as_ptr(), p, n) })
                    .and_then(|value| {
                        let r = unsafe {
                            libc::fsetxattr(
                                to.as_raw_fd(),
                                cname.as_ptr(),
                                value.as_ptr().cast(),
                                value.len(),
                                0,
                            )
                        };
                        if r == 0 {
                            Ok(())
                        } else {
                            Err(io::Error::last_os_error())
                        }
                    });
            match kept {
                Ok(()) => {}
                Err(e) if shown.starts_with("security.") => super::warn(format!(
                    "`{}`: could not keep its extended attribute `{shown}`: {e}",
                    from.display()
                )),
                Err(e) => {
                    return Err(io::Error::new(
                        e.kind(),
                        format!("could not keep its extended attribute `{shown}`: {e}"),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
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
    fn a_writer_dropped_without_commit_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        fs::write(&target, "old").unwrap();
        let mut w = Writer::create(&target, Existing::Replace).unwrap();
        w.write_all(&vec![b'x'; 100_000]).unwrap();
        assert_eq!(leftovers(dir.path()).len(), 1);
        drop(w);
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert!(leftovers(dir.path()).is_empty());
        // streamed in pieces, committed
        let mut w = Writer::create(&target, Existing::Replace).unwrap();
        for _ in 0..1000 {
            w.write_all(b"0123456789").unwrap();
        }
        assert_eq!(fs::read(&target).unwrap(), b"old");
        w.commit().unwrap();
        assert_eq!(fs::read(&target).unwrap().len(), 10_000);
        assert!(leftovers(dir.path()).is_empty());
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

    // Unix: NAME_MAX is in bytes there (and Windows also limits the whole path)
    #[cfg(unix)]
    #[test]
    fn long_names_get_short_temp_names_and_stale_ones_are_still_found() {
        let dir = tempfile::tempdir().unwrap();
        for len in [239, 250, 255] {
            let name = format!(
                "{}.json",
                "é".repeat((len - 5) / 2) + &"a".repeat((len - 5) % 2)
            );
            assert_eq!(name.len(), len);
            let target = dir.path().join(&name);
            let lead = sidecar(&target, b".sma-").unwrap();
            assert!(name_bytes(&lead).len() + 31 <= NAME_MAX, "{len}");
            let mut dead = lead.clone();
            dead.push("2147483646-0.tmp");
            fs::write(dir.path().join(&dead), "partial").unwrap();
            write(&target, b"x", Existing::Refuse).unwrap();
            write(&target, b"y", Existing::Replace).unwrap();
            assert_eq!(fs::read(&target).unwrap(), b"y");
            assert!(!dir.path().join(&dead).exists(), "{len}");
            drop(lock(&target).unwrap());
        }
        assert!(leftovers(dir.path()).is_empty());
        // a name of 181 bytes and one of 255 that share their first 180 do not share a stem
        let a = stem(&[b'a'; 255]);
        let b = stem(&[b'a'; 254]);
        assert_ne!(a, b);
        assert_eq!(stem(b"short.json"), b"short.json");
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
    fn descriptor_paths_are_recognised() {
        let me = std::process::id();
        for (p, fd) in [
            ("/dev/stdout", Some(1)),
            ("/dev/stderr", Some(2)),
            ("/dev/fd/7", Some(7)),
            ("/proc/self/fd/3", Some(3)),
            ("/proc/thread-self/fd/4", Some(4)),
            (&format!("/proc/{me}/fd/5"), Some(5)),
            ("/dev/./fd/../stdout", Some(1)),
            ("/proc/1/fd/5", None),
            ("/dev/fd/x", None),
            ("/dev/null", None),
            ("dev/stdout", None),
        ] {
            assert_eq!(descriptor_path(Path::new(p)), fd, "{p}");
        }
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

    /// The temp file is never more readable than the file it replaces: it has that mode
    /// before its first byte is written.
    #[cfg(unix)]
    #[test]
    fn the_temp_file_has_the_final_mode_from_the_start() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("secret.json");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        let w = Writer::create(&target, Existing::Replace).unwrap();
        let [temp] = &leftovers(dir.path())[..] else {
            panic!("one temp file")
        };
        let meta = fs::metadata(dir.path().join(temp)).unwrap();
        assert_eq!(meta.len(), 0);
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        w.commit().unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_file_is_not_followed_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("r.json");
        fs::write(&target, "{}").unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&elsewhere, dir.path().join(".r.json.sma-lock")).unwrap();
        assert!(lock(&target).is_err());
        assert!(!elsewhere.exists());
        // refused before anything is created: a missing target, a device
        let missing = dir.path().join("missing.json");
        assert_eq!(
            lock(&missing).err().unwrap().kind(),
            io::ErrorKind::NotFound
        );
        assert!(!dir.path().join(".missing.json.sma-lock").exists());
        let e = lock(Path::new("/dev/null")).err().unwrap();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
    }

    #[cfg(unix)]
    #[test]
    fn dangling_symlinks_are_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.json");
        // relative, as `ln -s real.json link.json` makes it
        std::os::unix::fs::symlink("sub/../real.json", &link).unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        write(&link, b"new", Existing::Refuse).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(dir.path().join("real.json")).unwrap(), b"new");
        // a loop is an error, not a hang
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("b", &a).unwrap();
        std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
        assert!(write(&a, b"x", Existing::Replace).is_err());
    }
}
