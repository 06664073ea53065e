//! IAM wildcard globs (`*` = any run of characters, `?` = exactly one character) and the
//! key-space reasoning the evaluator needs.
//!
//! Everything here is iterative: matching one string is the greedy two-pointer algorithm
//! (O(|pattern|·|text|) worst case, no recursion), and the key-space questions simulate the
//! glob as an NFA over a fixed prefix (O(|pattern|·|prefix|)).

/// One pattern element. Literal `*`/`?` (from `${*}`/`${?}` or from non-wildcard operators)
/// are `Lit`, so they never act as wildcards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Star,
    One,
    Lit(char),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Glob(pub(crate) Vec<Tok>);

impl Glob {
    /// `*` and `?` are wildcards.
    pub(crate) fn wild(s: &str) -> Self {
        Glob(
            s.chars()
                .map(|c| match c {
                    '*' => Tok::Star,
                    '?' => Tok::One,
                    c => Tok::Lit(c),
                })
                .collect(),
        )
    }

    /// Every character is literal.
    pub(crate) fn literal(s: &str) -> Self {
        Glob(s.chars().map(Tok::Lit).collect())
    }

    pub(crate) fn lowercase(&self) -> Self {
        Glob(
            self.0
                .iter()
                .flat_map(|t| match *t {
                    Tok::Lit(c) => c.to_lowercase().map(Tok::Lit).collect::<Vec<_>>(),
                    t => vec![t],
                })
                .collect(),
        )
    }

    pub(crate) fn is_match_all(&self) -> bool {
        !self.0.is_empty() && self.0.iter().all(|t| *t == Tok::Star)
    }

    pub(crate) fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        self.matches_chars(&text)
    }

    /// Greedy two-pointer wildcard match: on a mismatch, resume after the most recent `*`
    /// with one more character consumed by it. Never recurses.
    pub(crate) fn matches_chars(&self, text: &[char]) -> bool {
        let p = &self.0;
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

    /// Splits on the first five literal `:` (ARN segments: arn, partition, service, region,
    /// account, resource). `None` if there are fewer than six segments.
    pub(crate) fn split_arn(&self) -> Option<[Glob; 6]> {
        let mut segs: [Glob; 6] = Default::default();
        let mut n = 0;
        for t in &self.0 {
            if n < 5 && *t == Tok::Lit(':') {
                n += 1;
            } else {
                segs[n].0.push(*t);
            }
        }
        (n == 5).then_some(segs)
    }

    /// Relation of this glob to the key space `fixed·Σ+` (fixed followed by a non-empty
    /// suffix): whether it matches at least one string of the space, and which suffix lengths
    /// it matches *whatever the characters are* (see [`Coverage`]).
    pub(crate) fn space_relation(&self, fixed: &[char]) -> (bool, Coverage) {
        let p = &self.0;
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
        // A live state with pattern left can always be completed by a non-empty suffix.
        let hits = cur[..m].iter().any(|&b| b);
        // Suffix statistics, right to left: (literals, stars, question marks).
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
