//! JSON Pointers (RFC 6901): the one place where reference tokens are escaped and unescaped.
//!
//! Findings, spans, ignores and baselines all name a value by its pointer
//! (`/Actions/0/Parameters/SilenceThreshold`); build one by pushing keys and indices, never
//! with `format!`, so a key holding `/` or `~` is escaped (`~1`, `~0`) every time.
use std::borrow::Cow;
use std::fmt;

/// A JSON Pointer, kept in its escaped text form (`""` is the whole document).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document: `""`.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// A pointer from its escaped text, as found in a report or a config file.
    pub fn from_escaped(text: impl Into<String>) -> Self {
        Pointer(text.into())
    }

    /// This pointer with `key` appended (escaped).
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut p = self.clone();
        p.push_key(key);
        p
    }

    /// This pointer with an array index appended.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut p = self.clone();
        p.push_index(index);
        p
    }

    /// This pointer with each key of `path` appended: `p.keys(["RecordingDestination", "Prefix"])`.
    #[must_use]
    pub fn keys<'k>(&self, path: impl IntoIterator<Item = &'k str>) -> Self {
        let mut p = self.clone();
        for key in path {
            p.push_key(key);
        }
        p
    }

    /// Appends `key` (escaped).
    pub fn push_key(&mut self, key: &str) {
        self.0.push('/');
        self.0.push_str(&escape(key));
    }

    /// Appends an array index.
    pub fn push_index(&mut self, index: usize) {
        use fmt::Write;
        let _ = write!(self.0, "/{index}");
    }

    /// The escaped text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped reference tokens (none for the root).
    pub fn segments(&self) -> impl Iterator<Item = Cow<'_, str>> {
        segments(&self.0)
    }

    /// The pointer one level up (the root's parent is the root).
    #[must_use]
    pub fn parent(&self) -> Self {
        Pointer(self.0[..self.0.rfind('/').unwrap_or(0)].to_string())
    }
}

impl std::ops::Deref for Pointer {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Pointer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

impl From<&Pointer> for String {
    fn from(p: &Pointer) -> String {
        p.0.clone()
    }
}

/// The unescaped reference tokens of an escaped pointer text (none for `""`).
pub fn segments(pointer: &str) -> impl Iterator<Item = Cow<'_, str>> {
    pointer.split('/').skip(1).map(unescape)
}

/// Escapes one reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> Cow<'_, str> {
    // byte searches (memchr) rather than a char-set search: keys can be megabytes long
    if token.as_bytes().contains(&b'~') || token.as_bytes().contains(&b'/') {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

/// Unescapes one reference token (`~1` → `/` first, then `~0` → `~`).
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_indices_are_escaped_once_and_read_back() {
        let p = Pointer::root()
            .key("Actions")
            .index(0)
            .key("a/b~c")
            .keys(["x", "~1"]);
        assert_eq!(p.as_str(), "/Actions/0/a~1b~0c/x/~01");
        let back: Vec<_> = p.segments().collect();
        assert_eq!(back, ["Actions", "0", "a/b~c", "x", "~1"]);
        assert_eq!(p.parent().as_str(), "/Actions/0/a~1b~0c/x");
        assert_eq!(Pointer::root().parent(), Pointer::root());
        assert_eq!(Pointer::root().segments().count(), 0);
        assert_eq!(Pointer::root().key("").as_str(), "/");
    }
}
