//! Did-you-mean suggestions for keys, codes and names.

/// Suggests the known name closest to `given`: same letters in another case or with stray
/// whitespace, or at most two edits away.
pub fn did_you_mean<'k>(given: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    // no known name is near 64 characters long: a longer one (a 10 MB key) is near nothing
    if given.len() > 256 {
        return None;
    }
    let norm = given.trim().to_lowercase();
    let len = norm.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        if k == given {
            return None;
        }
        // the distance is at least the difference in length, and only 2 or less is suggested:
        // a 10 MB key costs nothing here
        if len.abs_diff(k.chars().count()) > 2 {
            continue;
        }
        let d = if k.to_lowercase() == norm {
            0
        } else {
            levenshtein(&norm, &k.to_lowercase())
        };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    let (d, k) = best?;
    let limit = if len < 6 { 1 } else { 2 };
    (d <= limit).then_some(k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggestions() {
        let known = ["SilenceThreshold", "SilenceDurationInSeconds", "CallId"];
        assert_eq!(
            did_you_mean("SilenceTreshold", known),
            Some("SilenceThreshold")
        );
        assert_eq!(did_you_mean("callid", known), Some("CallId"));
        assert_eq!(did_you_mean("CallId ", known), Some("CallId"));
        assert_eq!(did_you_mean("Track", known), None);
        assert_eq!(did_you_mean("CallId", known), None);
    }
}
