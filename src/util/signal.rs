//! SIGINT, SIGTERM and SIGHUP: the one handler for every command. It removes the temp files
//! being written (`util::atomic` registers them), kills the process group of the handler
//! `sma simulate` is running, and exits 130, 143 or 129 (128 + the signal's number).
//!
//! The handler does only async-signal-safe things: atomic swaps, unlink(2), kill(2) and
//! _exit(2). A temp path is registered before its file is created and unregistered only after
//! the file was renamed into place or removed, so there is no moment at which a signal leaves
//! it behind. Signals that were ignored when sma started (`nohup`, a background job's SIGINT)
//! stay ignored. Elsewhere than Unix nothing is installed; a temp file left by Ctrl-C there is
//! removed by the next write beside the same target (`atomic`'s stale-file cleanup).
use std::path::Path;

#[cfg(unix)]
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, Ordering};

/// How many temp files can be registered at once; more are written unregistered (a signal
/// then leaves them to the stale-file cleanup).
#[cfg(unix)]
const SLOTS: usize = 256;

/// The registered temp paths, as NUL-terminated strings owned by whoever swaps them out.
#[cfg(unix)]
static TEMPS: [AtomicPtr<libc::c_char>; SLOTS] =
    [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

/// The process group of the handler `sma simulate` runs now (0: none).
#[cfg(unix)]
static GROUP: AtomicI32 = AtomicI32::new(0);

#[cfg(unix)]
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// While a handler is being started (its group not known yet), a signal is held here and
/// acted on once the group is registered (see `Deferred`).
#[cfg(unix)]
static DEFERRING: AtomicBool = AtomicBool::new(false);
#[cfg(unix)]
static PENDING: AtomicI32 = AtomicI32::new(0);

/// The exit status for a signal: 128 + its number (SIGINT 130, SIGTERM 143, SIGHUP 129).
pub fn exit_code(signal: i32) -> i32 {
    128 + signal
}

#[cfg(unix)]
extern "C" fn on_signal(sig: libc::c_int) {
    if DEFERRING.load(Ordering::SeqCst) {
        PENDING.store(sig, Ordering::SeqCst);
        return;
    }
    let group = GROUP.swap(0, Ordering::SeqCst);
    if group > 0 {
        // SAFETY: kill(2) is async-signal-safe.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    }
    for slot in &TEMPS {
        let path = slot.swap(std::ptr::null_mut(), Ordering::SeqCst);
        if !path.is_null() {
            // SAFETY: unlink(2) is async-signal-safe; `path` is a NUL-terminated string that
            // was leaked into the slot and is never freed once swapped out here.
            unsafe {
                libc::unlink(path);
            }
        }
    }
    // SAFETY: _exit(2) is async-signal-safe and ends every thread at once.
    unsafe { libc::_exit(exit_code(sig)) }
}

/// Installs the handler for SIGINT, SIGTERM and SIGHUP (once; later calls do nothing).
pub fn install() {
    #[cfg(unix)]
    {
        if INSTALLED.swap(true, Ordering::SeqCst) {
            return;
        }
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: sigaction with a zeroed struct queries the current action; the handler
            // installed only calls async-signal-safe functions.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, std::ptr::null(), &mut old) != 0
                    || old.sa_sigaction == libc::SIG_IGN
                {
                    continue;
                }
                let mut new: libc::sigaction = std::mem::zeroed();
                new.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                libc::sigemptyset(&mut new.sa_mask);
                libc::sigaction(sig, &new, std::ptr::null_mut());
            }
        }
    }
}

/// A temp path the signal handler removes until this is dropped.
#[derive(Debug)]
pub struct Registered {
    #[cfg(unix)]
    slot: Option<usize>,
}

/// Registers `path` (before its file is created) for removal on a signal.
pub fn register(path: &Path) -> Registered {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(absolute) = std::path::absolute(path) else {
            return Registered { slot: None };
        };
        let Ok(c) = std::ffi::CString::new(absolute.as_os_str().as_bytes()) else {
            return Registered { slot: None };
        };
        let raw = c.into_raw();
        for (i, slot) in TEMPS.iter().enumerate() {
            if slot
                .compare_exchange(
                    std::ptr::null_mut(),
                    raw,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                )
                .is_ok()
            {
                return Registered { slot: Some(i) };
            }
        }
        // SAFETY: `raw` came from `into_raw` above and was stored nowhere.
        drop(unsafe { std::ffi::CString::from_raw(raw) });
        Registered { slot: None }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Registered {}
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(i) = self.slot {
            let raw = TEMPS[i].swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !raw.is_null() {
                // SAFETY: swapped out here, so the handler never saw it after this point and
                // nothing else owns it; it came from `CString::into_raw`.
                drop(unsafe { std::ffi::CString::from_raw(raw) });
            }
        }
    }
}

/// Holds off a signal while a child is started, so that it cannot come between the spawn and
/// `set_child_group` (the child would outlive sma): a signal meanwhile is acted on when this
/// is dropped.
pub struct Deferred(());

/// Starts deferring signals until the returned guard is dropped.
pub fn defer() -> Deferred {
    #[cfg(unix)]
    DEFERRING.store(true, Ordering::SeqCst);
    Deferred(())
}

impl Drop for Deferred {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            DEFERRING.store(false, Ordering::SeqCst);
            let sig = PENDING.swap(0, Ordering::SeqCst);
            if sig != 0 {
                on_signal(sig);
            }
        }
    }
}

/// The process group a signal kills (the handler `sma simulate` runs): `Some` while it runs.
pub fn set_child_group(group: Option<u32>) {
    #[cfg(unix)]
    GROUP.store(
        group.and_then(|g| i32::try_from(g).ok()).unwrap_or(0),
        Ordering::SeqCst,
    );
    #[cfg(not(unix))]
    let _ = group;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn registration_takes_a_slot_and_gives_it_back() {
        let taken = |p: &std::path::Path| {
            use std::os::unix::ffi::OsStrExt;
            TEMPS.iter().any(|s| {
                let raw = s.load(Ordering::SeqCst);
                // SAFETY: the slot stays owned by the `Registered` alive in this test.
                !raw.is_null()
                    && unsafe { std::ffi::CStr::from_ptr(raw) }.to_bytes()
                        == std::path::absolute(p).unwrap().as_os_str().as_bytes()
            })
        };
        let path = std::path::Path::new("registration-test.tmp");
        let r = register(path);
        assert!(taken(path));
        drop(r);
        assert!(!taken(path));
    }

    #[test]
    fn exit_codes_are_128_plus_the_signal() {
        assert_eq!(exit_code(2), 130);
        assert_eq!(exit_code(15), 143);
        assert_eq!(exit_code(1), 129);
    }
}
