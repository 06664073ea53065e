//! IAM wildcard globs (`*` = any run of characters, `?` = exactly one character) and the
//! key-space reasoning the evaluator needs.
//!
//! Everything here is iterative and near-linear. A glob is a sequence of star-free segments
//! separated by `*`; a `*` absorbs anything, so placing each segment at its leftmost
//! occurrence after the previous one is optimal. Segments are found with a bit-parallel
//! (Shift-And) scan, so matching one string costs O((|pattern| + |text|)·⌈s/64⌉) where `s` is
//! the longest segment — linear for segments up to 64 characters, with no backtracking and no
//! blow-up on patterns such as `*a*a*a…b`. The key-space questions use the same placement
//! over the fixed prefix instead of simulating the glob as an NFA.

/// One pattern element. Literal `*`/`?` (from `${*}`/`${?}` or from non-wildcard operators)
/// are `Lit`, so they never act as wildcards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Star,
    One,
    Lit(char),
}

impl Tok {
    /// Whether this non-`*` token matches the character `c`.
    fn accepts(self, c: char) -> bool {
        match self {
            Tok::Lit(l) => l == c,
            Tok::One => true,
            Tok::Star => false,
        }
    }
}

/// Whether the star-free `seg` matches `text` exactly (same length, token by token).
fn anchored(seg: &[Tok], text: &[char]) -> bool {
    seg.len() == text.len() && seg.iter().zip(text).all(|(t, &c)| t.accepts(c))
}

/// A star-free segment compiled for Shift-And search: bit `i` of a character's mask is set
/// when token `i` accepts the character.
struct Segment {
    len: usize,
    /// Words per mask (`⌈len/64⌉`).
    words: usize,
    /// The distinct literal characters, sorted; `chars[k]`'s mask is block `k + 1`.
    chars: Vec<char>,
    /// Masks, `words` each: block 0 is for characters the segment does not name (only its
    /// `?` bits), then one block per entry of `chars`.
    masks: Vec<u64>,
}

impl Segment {
    fn new(seg: &[Tok]) -> Self {
        let len = seg.len();
        let words = len.div_ceil(64).max(1);
        let mut chars: Vec<char> = seg
            .iter()
            .filter_map(|t| match *t {
                Tok::Lit(c) => Some(c),
                _ => None,
            })
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let mut masks = vec![0u64; (chars.len() + 1) * words];
        for (i, t) in seg.iter().enumerate() {
            let bit = 1u64 << (i % 64);
            match *t {
                // A `?` accepts every character: set its bit in every block.
                Tok::One => {
                    for block in masks.chunks_mut(words) {
                        block[i / 64] |= bit;
                    }
                }
                Tok::Lit(c) => {
                    let k = chars.binary_search(&c).map_or(0, |k| k + 1);
                    masks[k * words + i / 64] |= bit;
                }
                Tok::Star => {}
            }
        }
        Segment {
            len,
            words,
            chars,
            masks,
        }
    }

    fn mask(&self, c: char) -> &[u64] {
        let k = self.chars.binary_search(&c).map_or(0, |k| k + 1);
        &self.masks[k * self.words..(k + 1) * self.words]
    }

    /// Scans `text` left to right and calls `found(end)` for each occurrence ending at `end`
    /// (exclusive, relative to `text`), stopping early when it returns `true`. O(|text|·words).
    fn scan(&self, text: &[char], mut found: impl FnMut(usize) -> bool) {
        if self.len == 0 {
            for end in 0..=text.len() {
                if found(end) {
                    return;
                }
            }
            return;
        }
        let top = (self.len - 1) / 64;
        let top_bit = 1u64 << ((self.len - 1) % 64);
        if self.words == 1 {
            let mut state = 0u64;
            for (j, &c) in text.iter().enumerate() {
                state = ((state << 1) | 1) & self.mask(c)[0];
                if state & top_bit != 0 && found(j + 1) {
                    return;
                }
            }
            return;
        }
        let mut state = vec![0u64; self.words];
        for (j, &c) in text.iter().enumerate() {
            let mask = self.mask(c);
            let mut carry = 1u64;
            for (d, m) in state.iter_mut().zip(mask) {
                let next_carry = *d >> 63;
                *d = ((*d << 1) | carry) & m;
                carry = next_carry;
            }
            if state[top] & top_bit != 0 && found(j + 1) {
                return;
            }
        }
    }

    /// End (exclusive) of the leftmost occurrence in `text`.
    fn find(&self, text: &[char]) -> Option<usize> {
        let mut first = None;
        self.scan(text, |end| {
            first = Some(end);
            true
        });
        first
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Glob(pub(crate) Vec<Tok>);

impl Glob {
    /// `*` and `?` are wildcards.
    pub(crate) fn wild(s: &str) -> Self {
        let mut toks = Vec::with_capacity(s.len());
        toks.extend(s.chars().map(|c| match c {
            '*' => Tok::Star,
            '?' => Tok::One,
            c => Tok::Lit(c),
        }));
        Glob(toks)
    }

    /// `Glob::wild(&s.to_lowercase())`, without the intermediate string when `s` is ASCII.
    pub(crate) fn wild_lowercase(s: &str) -> Self {
        if !s.is_ascii() {
            return Glob::wild(&s.to_lowercase());
        }
        let mut toks = Vec::with_capacity(s.len());
        toks.extend(s.bytes().map(|b| match b {
            b'*' => Tok::Star,
            b'?' => Tok::One,
            b => Tok::Lit(char::from(b.to_ascii_lowercase())),
        }));
        Glob(toks)
    }

    /// Every character is literal.
    pub(crate) fn literal(s: &str) -> Self {
        let mut toks = Vec::with_capacity(s.len());
        toks.extend(s.chars().map(Tok::Lit));
        Glob(toks)
    }

    pub(crate) fn lowercase(&self) -> Self {
        let mut out = Vec::with_capacity(self.0.len());
        for t in &self.0 {
            match *t {
                Tok::Lit(c) => out.extend(c.to_lowercase().map(Tok::Lit)),
                t => out.push(t),
            }
        }
        Glob(out)
    }

    pub(crate) fn is_match_all(&self) -> bool {
        !self.0.is_empty() && self.0.iter().all(|t| *t == Tok::Star)
    }

    pub(crate) fn matches(&self, text: &str) -> bool {
        matches_str(&self.0, text)
    }

    #[cfg(test)]
    pub(crate) fn matches_chars(&self, text: &[char]) -> bool {
        matches_chars(&self.0, text)
    }

    /// The six ARN segments as slices (see [`Glob::split_arn`]), without copying.
    pub(crate) fn arn_parts(&self) -> Option<[&[Tok]; 6]> {
        let mut parts: [&[Tok]; 6] = [&[]; 6];
        let (mut n, mut start) = (0, 0);
        for (i, t) in self.0.iter().enumerate() {
            if n < 5 && *t == Tok::Lit(':') {
                parts[n] = &self.0[start..i];
                n += 1;
                start = i + 1;
            }
        }
        parts[5] = &self.0[start..];
        (n == 5).then_some(parts)
    }

    /// Splits on the first five literal `:` (ARN segments: arn, partition, service, region,
    /// account, resource). `None` if there are fewer than six segments.
    pub(crate) fn split_arn(&self) -> Option<[Glob; 6]> {
        self.arn_parts()
            .map(|parts| parts.map(|p| Glob(p.to_vec())))
    }

    /// Relation of this glob to the key space `fixed·Σ+`; see [`space_relation`].
    #[cfg(test)]
    pub(crate) fn space_relation(&self, fixed: &[char]) -> (bool, Coverage) {
        space_relation(&self.0, fixed)
    }
}

/// Whether the pattern `p` is exactly the literal text `s` (no wildcards).
pub(crate) fn is_literal(p: &[Tok], s: &str) -> bool {
    let mut chars = s.chars();
    p.iter().all(|t| match *t {
        Tok::Lit(l) => chars.next() == Some(l),
        _ => false,
    }) && chars.next().is_none()
}

/// Whole-text match of the pattern `p` against `text`.
pub(crate) fn matches_str(p: &[Tok], text: &str) -> bool {
    if !p.contains(&Tok::Star) {
        // No `*`: token by token, without collecting the text.
        let mut chars = text.chars();
        return p.iter().all(|t| chars.next().is_some_and(|c| t.accepts(c)))
            && chars.next().is_none();
    }
    let mut buf = ['\0'; 128];
    if text.len() <= buf.len() {
        let mut n = 0;
        for c in text.chars() {
            buf[n] = c;
            n += 1;
        }
        return matches_chars(p, &buf[..n]);
    }
    let text: Vec<char> = text.chars().collect();
    matches_chars(p, &text)
}

/// Whole-text match: the segment before the first `*` is anchored at the start, the one
/// after the last `*` at the end, and the segments in between are placed leftmost, in
/// order, in what remains. Never recurses or backtracks.
pub(crate) fn matches_chars(p: &[Tok], text: &[char]) -> bool {
    let (Some(first), Some(last)) = (
        p.iter().position(|t| *t == Tok::Star),
        p.iter().rposition(|t| *t == Tok::Star),
    ) else {
        return anchored(p, text);
    };
    let (head, tail) = (&p[..first], &p[last + 1..]);
    if head.len() + tail.len() > text.len()
        || !anchored(head, &text[..head.len()])
        || !anchored(tail, &text[text.len() - tail.len()..])
    {
        return false;
    }
    let mut rest = &text[head.len()..text.len() - tail.len()];
    let middle = if first < last {
        &p[first + 1..last]
    } else {
        &[]
    };
    for seg in middle.split(|t| *t == Tok::Star) {
        if seg.is_empty() {
            continue;
        }
        match Segment::new(seg).find(rest) {
            Some(end) => rest = &rest[end..],
            None => return false,
        }
    }
    true
}

/// Relation of this glob to the key space `fixed·Σ+` (fixed followed by a non-empty
/// suffix): whether it matches at least one string of the space, and which suffix lengths
/// it matches *whatever the characters are* (see [`Coverage`]).
///
/// Both follow from the glob's live states after reading `fixed`: the glob matches some
/// string of the space iff a state short of the end is live (pattern left can always be
/// completed by a non-empty suffix), and a live state followed only by wildcards matches
/// suffixes by length alone. Liveness comes from the leftmost placement of the segments:
/// the `*` closing segment `i` is live iff segments `0..=i` can be placed in `fixed`, and
/// a state `o` tokens into the segment after a live `*` is live iff those tokens match
/// the last `o` characters of `fixed` without overlapping the earlier segments.
pub(crate) fn space_relation(p: &[Tok], fixed: &[char]) -> (bool, Coverage) {
    let (m, n) = (p.len(), fixed.len());
    // Before the first star, only the state `n` tokens in can be live.
    let head = p.iter().position(|t| *t == Tok::Star).unwrap_or(m);
    let head_live = n <= head && anchored(&p[..n.min(head)], fixed);
    // Whether the first star is live (the segment before it matches the start of `fixed`).
    let placed = head < m && head <= n && anchored(&p[..head], &fixed[..head]);
    // Some state short of the end is live (the glob hits the key space) iff either holds.
    let hits = placed || (n < head && head_live);
    if !hits {
        return (false, Coverage::default());
    }
    let stars: Vec<usize> = (0..m).filter(|&s| p[s] == Tok::Star).collect();
    // ends[i]: the least end of a placement of the segments before stars[i]; its length
    // is the number of live stars (once one cannot be placed, none after can).
    let mut ends: Vec<usize> = Vec::with_capacity(stars.len());
    if placed {
        ends.push(head);
        for (i, w) in stars.windows(2).enumerate() {
            let seg = &p[w[0] + 1..w[1]];
            if seg.is_empty() {
                ends.push(ends[i]);
                continue;
            }
            match Segment::new(seg).find(&fixed[ends[i]..]) {
                Some(end) => ends.push(ends[i] + end),
                None => break,
            }
        }
    }
    // The wildcard-only tail p[tail..] and, in its segment, the tokens before it (`lits`).
    let tail = p
        .iter()
        .rposition(|t| matches!(t, Tok::Lit(_)))
        .map_or(0, |l| l + 1);
    let seg_of = |s: usize| stars.partition_point(|&z| z < s);
    let j = seg_of(tail);
    let start = if j == 0 { 0 } else { stars[j - 1] + 1 };
    // For the tail's first segment (when it follows a live star and has literals before
    // the tail): `lit_end[q]` = those literals end exactly `q` characters before the end,
    // after the earlier segments. Only q ≤ number of `?` in the tail segment matters.
    let q_max = p[tail..].iter().take_while(|t| **t == Tok::One).count();
    let mut lit_end = vec![false; 0];
    if tail < m && j >= 1 && j <= ends.len() && tail > start {
        lit_end = vec![false; q_max + 1];
        let lits = &p[start..tail];
        let from = ends[j - 1].max(n.saturating_sub(q_max + lits.len()));
        if from <= n {
            Segment::new(lits).scan(&fixed[from..], |end| {
                lit_end[n - (from + end)] = true;
                false
            });
        }
    }
    let mut cov = Coverage::default();
    let (mut stars_after, mut ones) = (0usize, 0usize);
    for s in (tail..m).rev() {
        let live = match p[s] {
            Tok::Star => {
                stars_after += 1;
                stars.binary_search(&s).is_ok_and(|i| i < ends.len())
            }
            _ => {
                ones += 1;
                let j = seg_of(s);
                if j == 0 {
                    s == n && head_live
                } else if j > ends.len() {
                    false
                } else {
                    let start = stars[j - 1] + 1;
                    let o = s - start;
                    if start >= tail {
                        ends[j - 1] + o <= n
                    } else {
                        // Literals p[start..tail] then `q` question marks.
                        let q = s - tail;
                        q < lit_end.len() && lit_end[q]
                    }
                }
            }
        };
        if live {
            cov.add(stars_after > 0, ones);
        }
    }
    (true, cov)
}

/// Suffix lengths that are matched regardless of their characters.
///
/// Only wildcard-only pattern tails can match a suffix made of characters that appear
/// nowhere in the pattern, and such tails match by length alone (`*`-tails: every length
/// ≥ number of `?`; `?`-only tails: exactly that length). So a union of globs covers every
/// non-empty suffix **iff** the union of these length sets contains every length ≥ 1. This
/// makes union coverage across several Resource entries exact.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Coverage {
    min_open: Option<usize>,
    exact: Vec<usize>,
}

impl Coverage {
    pub(crate) fn total() -> Self {
        Coverage {
            min_open: Some(0),
            exact: Vec::new(),
        }
    }

    fn add(&mut self, open: bool, len: usize) {
        if open {
            self.min_open = Some(self.min_open.map_or(len, |m| m.min(len)));
        } else if !self.exact.contains(&len) {
            self.exact.push(len);
        }
    }

    pub(crate) fn merge(&mut self, other: &Coverage) {
        if let Some(m) = other.min_open {
            self.add(true, m);
        }
        for &l in &other.exact {
            self.add(false, l);
        }
    }

    /// Every suffix length ≥ 1 is covered.
    pub(crate) fn is_total(&self) -> bool {
        self.min_open
            .is_some_and(|m| (1..m).all(|l| self.exact.contains(&l)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The previous greedy two-pointer matcher, kept as a reference for the new one.
    fn reference_matches(p: &[Tok], text: &[char]) -> bool {
        let (mut i, mut j) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while j < text.len() {
            match p.get(i) {
                Some(Tok::Star) => {
                    star = Some((i, j));
                    i += 1;
                }
                Some(Tok::One) => {
                    i += 1;
                    j += 1;
                }
                Some(Tok::Lit(c)) if *c == text[j] => {
                    i += 1;
                    j += 1;
                }
                _ => match star {
                    Some((si, sj)) => {
                        star = Some((si, sj + 1));
                        i = si + 1;
                        j = sj + 1;
                    }
                    None => return false,
                },
            }
        }
        p[i..].iter().all(|t| *t == Tok::Star)
    }

    /// The previous NFA simulation of the key-space relation, kept as a reference.
    fn reference_space_relation(p: &[Tok], fixed: &[char]) -> (bool, Coverage) {
        let m = p.len();
        let closure = |set: &mut Vec<bool>| {
            for s in 0..m {
                if set[s] && p[s] == Tok::Star {
                    set[s + 1] = true;
                }
            }
        };
        let mut cur = vec![false; m + 1];
        cur[0] = true;
        closure(&mut cur);
        for &c in fixed {
            let mut next = vec![false; m + 1];
            for s in (0..m).filter(|&s| cur[s]) {
                match p[s] {
                    Tok::Star => next[s] = true,
                    Tok::One => next[s + 1] = true,
                    Tok::Lit(l) if l == c => next[s + 1] = true,
                    Tok::Lit(_) => {}
                }
            }
            closure(&mut next);
            cur = next;
            if !cur.iter().any(|&b| b) {
                return (false, Coverage::default());
            }
        }
        let hits = cur[..m].iter().any(|&b| b);
        let mut cov = Coverage::default();
        let (mut lits, mut stars, mut ones) = (0usize, 0usize, 0usize);
        for s in (0..m).rev() {
            match p[s] {
                Tok::Star => stars += 1,
                Tok::One => ones += 1,
                Tok::Lit(_) => lits += 1,
            }
            if cur[s] && lits == 0 {
                cov.add(stars > 0, ones);
            }
        }
        (hits, cov)
    }

    /// Patterns over a tiny alphabet (plus a non-ASCII letter), so that segments overlap
    /// and repeat often.
    fn pattern() -> impl Strategy<Value = Vec<Tok>> {
        let tok = prop_oneof![
            3 => Just(Tok::Star),
            2 => Just(Tok::One),
            3 => Just(Tok::Lit('a')),
            2 => Just(Tok::Lit('b')),
            1 => Just(Tok::Lit('é')),
        ];
        prop::collection::vec(tok, 0..12)
    }

    fn text() -> impl Strategy<Value = Vec<char>> {
        prop::collection::vec(prop_oneof![Just('a'), Just('b'), Just('é')], 0..14)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn matching_agrees_with_reference(p in pattern(), t in text()) {
            let g = Glob(p.clone());
            prop_assert_eq!(g.matches_chars(&t), reference_matches(&p, &t));
            let s: String = t.iter().collect();
            prop_assert_eq!(g.matches(&s), reference_matches(&p, &t));
        }

        #[test]
        fn space_relation_agrees_with_reference(p in pattern(), f in text()) {
            let (h, c) = Glob(p.clone()).space_relation(&f);
            let (rh, rc) = reference_space_relation(&p, &f);
            prop_assert_eq!(h, rh);
            prop_assert_eq!(c, rc);
        }
    }

    #[test]
    fn long_segments_use_several_words() {
        // Segments longer than 64 tokens exercise the multi-word Shift-And.
        let seg = format!("{}?b{}", "a".repeat(70), "a".repeat(60));
        let p = format!("x*{seg}*y");
        let text = format!(
            "x{}{}yb{}y",
            "a".repeat(200),
            "a".repeat(70),
            "a".repeat(60)
        );
        let g = Glob::wild(&p);
        let t: Vec<char> = text.chars().collect();
        assert_eq!(g.matches(&text), reference_matches(&g.0, &t));
        assert!(g.matches(&text));
        let f: Vec<char> = text[..text.len() - 1].chars().collect();
        assert_eq!(g.space_relation(&f), reference_space_relation(&g.0, &f));
        let shorter: Vec<char> = f[..f.len() - 5].to_vec();
        assert_eq!(
            g.space_relation(&shorter),
            reference_space_relation(&g.0, &shorter)
        );
    }

    fn covers(p: &str, fixed: &str) -> bool {
        let f: Vec<char> = fixed.chars().collect();
        Glob::wild(p).space_relation(&f).1.is_total()
    }
    fn hits(p: &str, fixed: &str) -> bool {
        let f: Vec<char> = fixed.chars().collect();
        Glob::wild(p).space_relation(&f).0
    }

    #[test]
    fn matching_basics() {
        let m = |p: &str, t: &str| Glob::wild(p).matches(t);
        assert!(m("*", ""));
        assert!(m("*", "anything/at:all"));
        assert!(m("s3:PutObject*", "s3:PutObject"));
        assert!(m("s3:PutObject*", "s3:PutObjectAcl"));
        assert!(m("s3:PutObjec?", "s3:PutObject"));
        assert!(!m("s3:PutObjec?", "s3:PutObjectAcl"));
        assert!(m("a*b*c", "aXXbYYc"));
        assert!(!m("a*b*c", "aXXbYY"));
        assert!(m("b/*/test/*", "b/x/y/test/z"));
        assert!(!m("", "x"));
        assert!(m("", ""));
        assert!(m("??", "éü"), "? is one character, not one byte");
        assert!(!Glob::literal("a*").matches("abc"));
        assert!(Glob::literal("a*").matches("a*"));
    }

    #[test]
    fn pathological_pattern_is_fast_and_correct() {
        let p = format!("{}b", "*a".repeat(30));
        let text = "a".repeat(100_000);
        assert!(!Glob::wild(&p).matches(&text));
        assert!(Glob::wild(&p).matches(&format!("{text}b")));
        let fixed: Vec<char> = "a".repeat(20_000).chars().collect();
        let (h, c) = Glob::wild(&p).space_relation(&fixed);
        assert!(h && !c.is_total());
    }

    #[test]
    fn long_literal_runs_do_not_backtrack() {
        // A backtracking matcher retries the 2000-character run at every text position
        // (~2·10^8 steps); the Shift-And scan reads the text once.
        let p = format!("*{}b", "a".repeat(2000));
        let text = "a".repeat(100_000);
        assert!(!Glob::wild(&p).matches(&text));
        assert!(Glob::wild(&p).matches(&format!("{text}b")));
        let p = format!("x*{}?b*", "a".repeat(2000));
        let fixed: Vec<char> = format!("x{text}").chars().collect();
        let (h, c) = Glob::wild(&p).space_relation(&fixed);
        assert!(h && !c.is_total());
    }

    #[test]
    fn key_space() {
        assert!(covers("bkt/*", "bkt/"));
        assert!(covers("bkt/rec*", "bkt/rec/"));
        assert!(covers("bkt*", "bkt/rec/"));
        assert!(covers("*/*", "bkt/"));
        assert!(covers("bkt/?*", "bkt/"));
        assert!(!covers("bkt/??*", "bkt/"), "one-character keys are missed");
        assert!(
            covers("*??", "bkt/"),
            "every key is at least 5 characters long"
        );
        assert!(!covers("bkt/", "bkt/"));
        assert!(!hits("bkt/", "bkt/"), "only the empty key");
        assert!(!covers("bkt/voicemail/*", "bkt/rec/"));
        assert!(!hits("bkt/voicemail/*", "bkt/rec/"));
        assert!(hits("bkt/rec/*.wav", "bkt/rec/"));
        assert!(!covers("bkt/rec/*.wav", "bkt/rec/"));
        assert!(hits("bkt/*", "bkt/rec/") && covers("bkt/*", "bkt/rec/"));
        assert!(!hits("other/*", "bkt/"));
        // Union: "bkt/?" (length 1) plus "bkt/??*" (length ≥ 2) covers everything.
        let f: Vec<char> = "bkt/".chars().collect();
        let mut c = Glob::wild("bkt/?").space_relation(&f).1;
        assert!(!c.is_total());
        c.merge(&Glob::wild("bkt/??*").space_relation(&f).1);
        assert!(c.is_total());
    }

    #[test]
    fn arn_split() {
        let s = Glob::wild("arn:aws:s3:::b/x:y").split_arn().unwrap();
        assert_eq!(s[5], Glob::wild("b/x:y"));
        assert!(Glob::wild("arn:aws:s3").split_arn().is_none());
    }
}
