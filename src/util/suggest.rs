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

/// Edit distance with adjacent transpositions counted as one edit (optimal string
/// alignment): `tlak` is one edit from `talk`.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
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
