//! Input text: a file or stdin read into a `SourceFile`, byte spans, and line/column lookup.
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The largest lint input read (a file, stdin, an event): 512 MiB. Handler responses are
/// kilobytes; past this a file is refused instead of filling memory (and the parser's cap of
/// 1,000,000 values binds long before).
pub const MAX_INPUT: u64 = 512 * 1024 * 1024;
/// The largest `--policy-file`: 1 MiB (S3 caps a bucket policy at 20 KB).
pub const MAX_POLICY: u64 = 1024 * 1024;
/// The largest `sma.toml` (`--config`): 1 MiB.
pub const MAX_CONFIG: u64 = 1024 * 1024;
/// The largest baseline (`--baseline`): 64 MiB, room for about 500,000 recorded findings.
pub const MAX_BASELINE: u64 = 64 * 1024 * 1024;

fn too_large(max: u64) -> io::Error {
    let (n, unit) = if max >= 1 << 20 {
        (max >> 20, "MiB")
    } else {
        (max >> 10, "KiB")
    };
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("larger than {n} {unit}, not read (inputs are capped)"),
    )
}

/// Reads a whole lint input file (capped at `MAX_INPUT`); see `read_capped_file`.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    read_capped_file(path, MAX_INPUT)
}

/// The one reader for every file sma reads: refuses what would block or never end (FIFOs,
/// sockets, devices and directories are refused without being read: the file is opened
/// non-blocking and checked once open, so a symlink to `/dev/zero` or a FIFO is refused too),
/// and a file over `max` bytes.
pub fn read_capped_file(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (FIFOs, devices and directories are not read; pass a pipe as `-`)",
        ));
    }
    if meta.len() > max {
        return Err(too_large(max));
    }
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    read_capped_stream(file, capacity, max)
}

/// Reads a text file through `read_capped_file`; bytes that are not UTF-8 are an error.
pub fn read_text(path: &Path, max: u64) -> io::Result<String> {
    String::from_utf8(read_capped_file(path, max)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("not UTF-8 text ({e})")))
}

/// Reads a stream (stdin) to its end, up to `MAX_INPUT` bytes (more is an error).
pub fn read_capped(reader: impl Read, capacity: usize) -> io::Result<Vec<u8>> {
    read_capped_stream(reader, capacity, MAX_INPUT)
}

/// Reads a stream (stdin) to its end, up to `max` bytes (more is an error, after reading
/// `max + 1`): stdin as another kind of input than a lint input (`--policy-file -`).
pub fn read_capped_max(reader: impl Read, max: u64) -> io::Result<Vec<u8>> {
    read_capped_stream(reader, 0, max)
}

fn read_capped_stream(reader: impl Read, capacity: usize, max: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(capacity);
    reader.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(bytes)
}

/// A half-open byte range `start..end` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start, s.len()).into()
    }
}

/// A 1-based position: line, column in characters, and the byte offset it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// The text of a name as baseline keys and SARIF URIs hold it: `%` as `%25` and each byte
/// that is not UTF-8 as `%XX` (uppercase hex); the rest as it is. Two names never share a key,
/// and a UTF-8 name without `%` is its own key. (On Windows a name that is not Unicode has
/// its WTF-8 bytes encoded.)
pub fn key_text(name: &std::ffi::OsStr) -> String {
    key_of_bytes(name.as_encoded_bytes())
}

/// `key_text` of a name's bytes.
fn key_of_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(&chunk.valid().replace('%', "%25"));
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The UTF-8 name a key stands for (`key_text` undone), or `None` when it stands for bytes
/// that are not UTF-8 (or is not a key: a `%` not followed by two hex digits).
pub fn key_name(key: &str) -> Option<String> {
    String::from_utf8(key_bytes(key)?).ok()
}

/// Whether `text` is what `key_text` writes for some name (so not a name from before keys
/// were encoded: those hold a `%` as it is).
pub fn is_key(text: &str) -> bool {
    key_bytes(text).is_some_and(|b| key_of_bytes(&b) == text)
}

/// The bytes of the name a key stands for (`%XX` decoded), or `None` when a `%` is not
/// followed by two hex digits.
fn key_bytes(key: &str) -> Option<Vec<u8>> {
    if !key.contains('%') {
        return Some(key.as_bytes().to_vec());
    }
    let bytes = key.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// One input document: the name it is reported under and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown: the path as given, with bytes that are not UTF-8 as U+FFFD.
    pub name: String,
    /// The path itself when `name` does not hold it exactly (it is not UTF-8): keys and URIs
    /// are made from it (`key_text`), so two such files never share one.
    pub path: Option<Arc<Path>>,
    pub text: Arc<String>,
    /// The size of the input in bytes: `text.len()`, unless bytes that were not UTF-8 were
    /// replaced (`parse::decode`).
    pub size: usize,
    /// Where lines start, worked out the first time a position is asked for (most inputs have
    /// no finding and never need it); clones share it.
    lines: Arc<OnceLock<Lines>>,
}

/// The line and character index of a text.
#[derive(Debug)]
struct Lines {
    starts: Vec<usize>,
    /// Characters before each `BLOCK`-byte boundary, so a column costs at most one block's
    /// scan however long its line (a 100 MB one-line file has thousands of findings' columns).
    block_chars: Vec<usize>,
}

impl Lines {
    fn of(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut block_chars = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            block_chars.push(chars);
            chars += char_starts(block);
        }
        Lines {
            starts,
            block_chars,
        }
    }
}

/// Bytes per entry of `Lines::block_chars`.
const BLOCK: usize = 4096;

/// Counts the characters starting in `bytes` (the bytes that are not UTF-8 continuations).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl SourceFile {
    /// Builds a source from its reporting name and its (already decoded) text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text: String = text.into();
        SourceFile {
            name: name.into(),
            path: None,
            size: text.len(),
            text: Arc::new(text),
            lines: Arc::default(),
        }
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| Lines::of(&self.text))
    }

    /// Keeps the path the source was read from when its name cannot hold it (see `path`).
    pub fn with_path(mut self, path: &Path) -> Self {
        if path.to_str().is_none() {
            self.path = Some(Arc::from(path));
        }
        self
    }

    /// Returns the number of characters in `text[..offset]` (`offset` on a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let Some(&before) = self.lines().block_chars.get(block) else {
            return char_starts(&self.text.as_bytes()[..offset]);
        };
        before + char_starts(&self.text.as_bytes()[block * BLOCK..offset])
    }

    /// Returns the 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.lines().starts.partition_point(|&s| s <= offset) - 1
    }

    /// Returns the byte offset where the 0-based line `index` starts (the text's end past the last).
    pub fn line_start(&self, index: usize) -> usize {
        self.lines()
            .starts
            .get(index)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Returns the number of lines (at least 1).
    pub fn line_count(&self) -> usize {
        self.lines().starts.len()
    }

    /// Returns the 1-based line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = &self.lines().starts;
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        Position {
            line,
            column,
            offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_stream_is_refused_past_its_cap() {
        let max = MAX_POLICY;
        let exact = vec![b' '; usize::try_from(max).unwrap()];
        assert_eq!(read_capped_max(&exact[..], max).unwrap().len(), exact.len());
        let over = vec![b' '; exact.len() + 1];
        let e = read_capped_max(&over[..], max).unwrap_err();
        assert!(e.to_string().contains("larger than 1 MiB"), "{e}");
        // an endless stream stops at the cap
        assert!(read_capped_max(io::repeat(b'x'), max).is_err());
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let s = SourceFile::new("t.json", "{\n  \"ü\": 1\n}");
        assert_eq!(s.position(0).line, 1);
        assert_eq!(s.position(0).column, 1);
        let p = s.position(s.text.find(':').unwrap());
        assert_eq!((p.line, p.column), (2, 6));
        let end = s.position(s.text.len());
        assert_eq!((end.line, end.column), (3, 2));
        // an offset inside a multi-byte character snaps back to its start
        let inside = s.text.find('ü').unwrap() + 1;
        assert_eq!(s.position(inside).column, 4);
    }

    #[test]
    fn columns_are_exact_across_blocks_of_long_lines() {
        let text = format!("{}\n{}x", "é".repeat(5000), "ü€".repeat(3000));
        let s = SourceFile::new("t.json", text.clone());
        for offset in (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .step_by(7)
        {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[start..offset].chars().count() + 1;
            assert_eq!(s.position(offset).column, expected, "at {offset}");
        }
    }
}
