//! Input text: a file or stdin read into a `SourceFile`, byte spans, and line/column lookup.
use std::sync::Arc;

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

/// One input document: the name it is reported under and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<String>,
    line_starts: Arc<Vec<usize>>,
    /// Whether the text is all ASCII: columns are then byte distances, found without counting
    /// characters (a one-line 30 MB file with thousands of findings would otherwise count
    /// megabytes of characters per finding).
    ascii: bool,
}

impl SourceFile {
    /// Builds a source from its reporting name and its (already decoded) text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text: String = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name: name.into(),
            ascii: text.is_ascii(),
            text: Arc::new(text),
            line_starts: Arc::new(line_starts),
        }
    }

    /// Returns the 1-based line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = if self.ascii {
            offset - start + 1
        } else {
            self.text[start..offset].chars().count() + 1
        };
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
}
