//! Small text-scanning helpers shared by the parsers and rules. All byte-offset based, all total:
//! they never panic on any input, including invalid char boundaries in the caller's offsets.

use crate::span::Span;

/// Defined beside [`Evidence`](crate::span::Evidence), whose text it cuts: `span` stays a leaf.
pub use crate::span::shorten;

/// Whole JSON strings (quotes included) that the front door's kind checks look for
/// (definitions, credential and connection lists). [`Probe`] finds all of them in one pass.
const QUOTED: &[&str] = &[
    "\"clientdata\"",
    "\"managedApiConnections\"",
    "\"serviceProviderConnections\"",
    "\"triggers\"",
    "\"actions\"",
    "\"definition\"",
    "\"connectionReferences\"",
    "\"runAfter\"",
    "\"inputs\"",
    "\"operationMetadataId\"",
    "\"triggerAuthenticationType\"",
    "\"passwordCredentials\"",
    "\"keyCredentials\"",
    "\"keyId\"",
    "\"endDateTime\"",
    "\"endDate\"",
    "\"Microsoft.Web/connections\"",
    "\"microsoft.web/connections\"",
    "\"ConnectionName\"",
    "\"Statuses\"",
    "\"ConnectorName\"",
    "\"apiId\"",
    "\"statuses\"",
];

/// Substring tests over one paste. A needle of [`QUOTED`] is answered from one pass over the
/// paste's quotes (made at the first such question), any other by its own search: the kind
/// checks ask for a dozen quoted keys, each a whole pass over a 10 MB paste that has none.
pub(crate) struct Probe<'t> {
    text: &'t [u8],
    quoted: std::cell::OnceCell<u32>,
}

impl<'t> Probe<'t> {
    pub(crate) fn new(text: &'t str) -> Probe<'t> {
        Probe {
            text: text.as_bytes(),
            quoted: std::cell::OnceCell::new(),
        }
    }

    /// Whether `needle` occurs in the text (exactly, case-sensitive).
    pub(crate) fn has(&self, needle: &str) -> bool {
        match QUOTED.iter().position(|q| *q == needle) {
            Some(k) => *self.quoted.get_or_init(|| quoted_present(self.text)) & (1 << k) != 0,
            None => memchr::memmem::find(self.text, needle.as_bytes()).is_some(),
        }
    }
}

/// Bit `k` set when `QUOTED[k]` occurs in `text`. A quoted needle holds no quote inside, so it
/// occurs at a quote exactly when the text up to the next quote is its inside: one look at each
/// pair of consecutive quotes decides every needle.
fn quoted_present(text: &[u8]) -> u32 {
    // The needles by the length of their inside: most pairs of quotes are ruled out by their
    // distance alone, the rest compared with one or two needles.
    let mut by_len = [0u32; 40];
    for (k, n) in QUOTED.iter().enumerate() {
        if let Some(slot) = by_len.get_mut(n.len() - 2) {
            *slot |= 1 << k;
        }
    }
    let mut found = 0u32;
    let mut prev: Option<usize> = None;
    // The quotes of eight bytes at a time (a JSON paste has one every ten bytes or so, too
    // dense for memchr's search to pay off); the last bytes padded with zeros.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let chunks = text.chunks_exact(8);
    let mut last = [0u8; 8];
    for (to, from) in last.iter_mut().zip(chunks.remainder()) {
        *to = *from;
    }
    let words = chunks.map(|c| {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        w
    });
    for (n, w) in words.chain([last]).enumerate() {
        let x = u64::from_le_bytes(w) ^ (ONES * u64::from(b'"'));
        // The high bit of each byte of `x` that is zero (exact: no borrow between bytes).
        let mut zero = !((x & !HIGH).wrapping_add(!HIGH) | x) & HIGH;
        while zero != 0 {
            let q = n * 8 + zero.trailing_zeros() as usize / 8;
            zero &= zero - 1;
            if let Some(p) = prev {
                let mut cands = by_len.get(q - p - 1).copied().unwrap_or(0) & !found;
                while cands != 0 {
                    let k = cands.trailing_zeros() as usize;
                    cands &= cands - 1;
                    let inside = QUOTED.get(k).and_then(|n| n.as_bytes().get(1..n.len() - 1));
                    // The first byte rules out nearly every key of the same length before
                    // the comparison (a call per candidate).
                    if inside.and_then(|n| n.first()) == text.get(p + 1)
                        && inside.is_some()
                        && inside == text.get(p + 1..q)
                    {
                        found |= 1 << k;
                    }
                }
            }
            prev = Some(q);
        }
    }
    found
}

/// ASCII case-insensitive search of `needle` in `hay`, starting at byte `from`.
pub fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || from > h.len() || n.len() > h.len() - from {
        return None;
    }
    // memchr2 jumps to candidates for the needle's rarest byte, in both cases, word-at-a-time:
    // this runs over multi-MB pastes, where the first byte alone ('a' of "authorization") would
    // stop every few bytes.
    let r = rarest(n);
    let (lo, up) = (n[r].to_ascii_lowercase(), n[r].to_ascii_uppercase());
    let last = h.len() - n.len();
    let mut at = from;
    while at <= last {
        let i = at + memchr::memchr2(lo, up, &h[at + r..=last + r])?;
        if h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Index of the byte of `n` least likely in pastes (by English letter frequency; JSON and HTTP
/// punctuation counts as common).
fn rarest(n: &[u8]) -> usize {
    const COMMON: &[u8] = b"\" :,./-_etaoinsrhldcumfpgwybvkxjqz";
    let rank = |c: u8| {
        COMMON
            .iter()
            .position(|x| *x == c.to_ascii_lowercase())
            .map_or(COMMON.len(), |p| p)
    };
    n.iter()
        .enumerate()
        .max_by_key(|(i, c)| (rank(**c), usize::MAX - i))
        .map_or(0, |(i, _)| i)
}

/// Every case-insensitive occurrence of `needle`, as spans.
pub fn find_all_ci(hay: &str, needle: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = find_ci(hay, needle, from) {
        out.push(Span::new(i, i + needle.len()));
        from = i + needle.len().max(1);
    }
    out
}

/// True when the byte before `i` and the byte at `end` are not word characters.
pub fn is_word_bounded(hay: &str, start: usize, end: usize) -> bool {
    let b = hay.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    (start == 0 || !word(b[start - 1])) && (end >= b.len() || !word(b[end]))
}

/// First case-insensitive whole-word occurrence of `needle`.
pub fn find_word_ci(hay: &str, needle: &str) -> Option<Span> {
    find_all_ci(hay, needle)
        .into_iter()
        .find(|s| is_word_bounded(hay, s.start, s.end))
}

/// Runs of ASCII digits that directly follow `prefix` (case-insensitive), e.g. `AADSTS50076`.
/// Returns the span of prefix + digits and the digits.
pub fn prefixed_numbers<'a>(hay: &'a str, prefix: &str) -> Vec<(Span, &'a str)> {
    let starts = find_all_ci(hay, prefix).into_iter().map(|s| s.start);
    prefixed_numbers_at(hay, prefix.len(), starts)
}

/// [`prefixed_numbers`] for prefix occurrences the caller found (`starts`, each of a prefix of
/// `prefix_len` bytes): lets a caller with a lowercased copy search it once.
pub fn prefixed_numbers_at(
    hay: &str,
    prefix_len: usize,
    starts: impl IntoIterator<Item = usize>,
) -> Vec<(Span, &str)> {
    let b = hay.as_bytes();
    starts
        .into_iter()
        .filter(|&s| s == 0 || !b[s - 1].is_ascii_alphanumeric())
        .filter_map(|s| {
            let digits = s + prefix_len;
            let mut end = digits;
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            (end > digits && (end >= b.len() || !b[end].is_ascii_alphanumeric()))
                .then(|| (Span::new(s, end), &hay[digits..end]))
        })
        .collect()
}

/// The line (without its terminator) containing byte `at`.
pub fn line_at(hay: &str, at: usize) -> Span {
    let at = at.min(hay.len());
    let start = hay.as_bytes()[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    let end = hay.as_bytes()[at..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(hay.len(), |i| at + i);
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_answers_as_a_plain_search() {
        assert!(
            QUOTED.len() <= 32
                && QUOTED.iter().all(|q| q.len() >= 2
                    && q.starts_with('"')
                    && q.ends_with('"')
                    && !q[1..q.len() - 1].contains('"'))
        );
        let texts = [
            r#"{"triggers":{},"actions":{"a":{"inputs":{},"runAfter":{}}}}"#,
            r#"["keyId", "endDate" ,"x"]"#,
            r#"{"a":"\"actions\"","b":"apiId"}"#,
            r#""""actions"""#,
            r#"{"type":"Microsoft.Web/connections","statuses":[]}"#,
            "",
            "\"",
        ];
        for t in texts {
            let p = Probe::new(t);
            for n in QUOTED.iter().chain(&["definition", "\\\"actions\\\""]) {
                assert_eq!(p.has(n), t.contains(n), "{n} in {t}");
            }
        }
    }

    #[test]
    fn finds_prefixed_codes_only_at_word_starts() {
        let t = "x AADSTS50076: y, aadsts7000222. XAADSTS1 AADSTS";
        let got: Vec<&str> = prefixed_numbers(t, "AADSTS")
            .into_iter()
            .map(|(_, d)| d)
            .collect();
        assert_eq!(got, ["50076", "7000222"]);
    }

    #[test]
    fn word_search_respects_boundaries() {
        assert_eq!(
            find_word_ci("Unauthorized_x unauthorized.", "unauthorized"),
            Some(Span::new(15, 27))
        );
        assert_eq!(find_word_ci("NotUnauthorized", "unauthorized"), None);
    }

    proptest::proptest! {
        /// The rare-byte search agrees with a plain scan, from any start.
        #[test]
        fn find_ci_matches_a_plain_scan(
            hay in "[aAuUtThHzZ:\" é]{0,40}",
            needle in "[aAuUtThHzZ:\" ]{1,4}",
            from in 0usize..45,
        ) {
            let plain = (from..=hay.len().saturating_sub(needle.len()))
                .filter(|_| needle.len() <= hay.len())
                .find(|&i| {
                    hay.as_bytes()
                        .get(i..i + needle.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
                });
            proptest::prop_assert_eq!(find_ci(&hay, &needle, from), plain);
        }
    }

    #[test]
    fn shorten_counts_characters_not_bytes() {
        assert_eq!(shorten("ééééé", 3), "ééé…");
        assert_eq!(shorten("abc", 3), "abc");
    }

    #[test]
    fn line_at_handles_edges() {
        let t = "one\r\ntwo\nthree";
        assert_eq!(line_at(t, 6).slice(t), "two");
        assert_eq!(line_at(t, 0).slice(t), "one");
        assert_eq!(line_at(t, 999).slice(t), "three");
    }
}
