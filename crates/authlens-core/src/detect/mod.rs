//! Input detection, the first stage: one pass over a paste reads what every later stage shares
//! (the lowercased text and its trigrams, embedded JSON, AADSTS codes, HTTP statuses, token
//! spans) and decides what was pasted ([`InputKind`]) and where it comes from ([`Platform`]).
//! The diagnosis builds its facts on this [`Scan`]; the front door ([`crate::analysis`]) adds
//! the history and request sniffing.

mod codes;
mod kind;
mod statuses;
mod trigrams;

pub use kind::{InputKind, Platform};
pub(crate) use statuses::MAX_SIGNALS;
pub use statuses::{Status, StatusSource};

use crate::json::{self, Found, Leaf};
use crate::span::Span;
use crate::text;
use crate::token::{self, FoundToken};
use memchr::arch::all::packedpair::HeuristicFrequencyRank;
use memchr::memmem::{Finder, FinderBuilder};
use trigrams::Trigrams;

/// How common each byte is in this paste, for memmem's choice of the needle bytes it jumps
/// between. Its built-in guess is for prose and code; in a HAR or a run history digits, `-`
/// and hex letters are everywhere (ids, times, tokens), and a needle such as "-2147024891"
/// ranked by the built-in guess stopped at every GUID of a 10 MB paste.
struct Ranks([u8; 256]);

impl Ranks {
    /// Bytes counted in up to 64 evenly spaced stretches of 4 KiB (all of a paste up to
    /// 256 KiB): enough to tell common from rare, a constant cost.
    fn of(lower: &[u8]) -> Ranks {
        const STRETCH: usize = 4096;
        const STRETCHES: usize = 64;
        let mut count = [0u32; 256];
        let step = (lower.len() / STRETCHES).max(STRETCH);
        for start in (0..lower.len()).step_by(step) {
            for &b in lower
                .get(start..(start + STRETCH).min(lower.len()))
                .unwrap_or_default()
            {
                count[usize::from(b)] += 1;
            }
        }
        let max = u64::from(count.iter().copied().max().unwrap_or(0).max(1));
        let mut rank = [0u8; 256];
        for (r, &c) in rank.iter_mut().zip(&count) {
            // 0–250: memmem gives up its fast skip above 250.
            *r = u8::try_from(u64::from(c) * 250 / max).unwrap_or(250);
        }
        Ranks(rank)
    }
}

impl HeuristicFrequencyRank for &Ranks {
    fn rank(&self, byte: u8) -> u8 {
        self.0[usize::from(byte)]
    }
}

/// What detection read from one paste, each signal computed once.
pub struct Scan<'a> {
    pub text: &'a str,
    /// `text` with ASCII letters lowercased: same byte offsets, fast case-insensitive search.
    lower: Vec<u8>,
    /// How common each byte of `lower` is, for the searches in it (boxed: the scan travels in
    /// the front door's route).
    ranks: Box<Ranks>,
    /// Which byte trigrams occur in `lower`: lets a phrase search skip the scan when one of
    /// its trigrams is absent, which is the common case for the hundreds of rule phrases.
    grams: Trigrams,
    pub kind: InputKind,
    pub platform: Platform,
    pub json: Vec<Found>,
    pub leaves: Vec<Leaf>,
    pub statuses: Vec<Status>,
    /// AADSTS codes (number, span of `AADSTS…`).
    pub aadsts: Vec<(u32, Span)>,
    /// Every bearer token or Authorization header value in the paste, in order.
    pub found_tokens: Vec<FoundToken>,
    /// Identifiers used as error codes: JSON `code`/`error`/`errorCode` values, with spans.
    pub codes: Vec<(String, Span)>,
}

/// Scans a paste: signals, kind, platform and token spans.
pub fn scan(text: &str) -> Scan<'_> {
    let mut json = json::discover(text);
    let (lower, grams) = Trigrams::lowercase(text.as_bytes());
    let mut leaves = Vec::new();
    // Moved, not copied: rules read `Facts::leaves`, never a value's own list.
    for f in &mut json {
        leaves.append(&mut f.leaves);
    }
    let mut aadsts: Vec<(u32, Span)> = if grams.may_contain(b"aadsts") {
        let at = memchr::memmem::find_iter(&lower, b"aadsts");
        text::prefixed_numbers_at(text, "AADSTS".len(), at)
            .into_iter()
            .filter_map(|(s, d)| d.parse().ok().map(|n| (n, s)))
            .collect()
    } else {
        Vec::new()
    };
    // The Entra sign-in error page prints its code without the prefix ("Error Code: 53003",
    // then "Request Id", "Correlation Id", "Timestamp"). Five to seven digits on such a page
    // are an Entra code; an HTTP status has three.
    if aadsts.is_empty()
        && grams.may_contain(b"error code: ")
        && grams.may_contain(b"correlation id")
    {
        let at = memchr::memmem::find_iter(&lower, b"error code: ");
        aadsts = text::prefixed_numbers_at(text, "Error Code: ".len(), at)
            .into_iter()
            .filter(|(_, d)| (5..=7).contains(&d.len()))
            .filter_map(|(s, d)| d.parse().ok().map(|n| (n, s)))
            .collect();
    }
    let ranks = Box::new(Ranks::of(&lower));
    let mut s = Scan {
        text,
        lower,
        ranks,
        grams,
        kind: InputKind::Text,
        platform: Platform::Unknown,
        json,
        leaves,
        statuses: Vec::new(),
        aadsts,
        found_tokens: Vec::new(),
        codes: Vec::new(),
    };
    s.statuses = s.find_statuses();
    s.codes = s.find_codes();
    s.kind = s.detect_kind();
    s.platform = s.detect_platform();
    let jwts = s.grams.may_contain(b"eyj");
    let headers = s.grams.may_contain(b"authorization");
    s.found_tokens = token::find_tokens_lower(text, &s.lower, jwts, headers);
    s
}

impl Scan<'_> {
    /// A searcher for `needle` (lowercase) in the lowercased text, ranked for this paste.
    pub(crate) fn finder<'n>(&self, needle: &'n [u8]) -> Finder<'n> {
        FinderBuilder::new().build_forward_with_ranker(&*self.ranks, needle)
    }

    /// First occurrence of an already-lowercased `needle` in the lowercased text, at or after
    /// `from`. memmem rather than `str::find`: it has a fast path on wasm32, where std's has none;
    /// callers that loop over occurrences build the `Finder` once.
    pub(crate) fn find_lower(&self, needle: &Finder, from: usize) -> Option<usize> {
        let hay = self.lower.get(from..)?;
        needle.find(hay).map(|i| from + i)
    }

    /// False when the text cannot contain `lower` (already lowercased), case-insensitively;
    /// true when it may.
    pub(crate) fn may_contain(&self, lower: &[u8]) -> bool {
        self.grams.may_contain(lower)
    }

    /// Whether the text contains `phrase`, case-insensitively.
    pub(crate) fn mentions(&self, phrase: &str) -> bool {
        self.phrase(&[phrase]).is_some()
    }

    /// First case-insensitive occurrence of any of `phrases`.
    pub fn phrase(&self, phrases: &[&str]) -> Option<Span> {
        phrases
            .iter()
            .filter(|p| !p.is_empty())
            .filter_map(|p| {
                let needle = p.to_ascii_lowercase();
                if !self.grams.may_contain(needle.as_bytes()) {
                    return None;
                }
                self.find_lower(&self.finder(needle.as_bytes()), 0)
                    .map(|i| Span::new(i, i + p.len()))
            })
            .min()
    }

    /// First whole-word, case-insensitive occurrence of `word`.
    pub fn word(&self, word: &str) -> Option<Span> {
        let needle = word.to_ascii_lowercase();
        if needle.is_empty() || !self.grams.may_contain(needle.as_bytes()) {
            return None;
        }
        let mut from = 0;
        let finder = self.finder(needle.as_bytes());
        while let Some(start) = self.find_lower(&finder, from) {
            if text::is_word_bounded(self.text, start, start + needle.len()) {
                return Some(Span::new(start, start + needle.len()));
            }
            from = start + 1;
            while !self.text.is_char_boundary(from) {
                from += 1;
            }
        }
        None
    }

    pub fn aadsts(&self, code: u32) -> Option<Span> {
        self.aadsts
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, s)| *s)
    }

    pub fn has_status(&self, code: u16) -> Option<Span> {
        self.statuses
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.span)
    }

    /// The most authoritative status: a JSON field or status line beats a reason word.
    pub fn primary_status(&self) -> Option<Status> {
        self.statuses
            .iter()
            .find(|s| s.source != StatusSource::Reason)
            .or(self.statuses.first())
            .copied()
    }

    /// A leaf value under one of `keys` (lowercase), e.g. the `error` of a token endpoint reply.
    pub fn leaf(&self, keys: &[&str]) -> Option<&Leaf> {
        self.leaves.iter().find(|l| keys.contains(&l.key.as_str()))
    }

    /// Locates `value` in the text, preferring an occurrence right after `"key"`.
    pub fn locate(&self, key: &str, value: &str) -> Option<Span> {
        let (key, value_l) = (key.to_ascii_lowercase(), value.to_ascii_lowercase());
        if key.is_empty() || value_l.is_empty() {
            return None;
        }
        // Lazily, key occurrence by key occurrence: stops at the first that has the value nearby.
        let mut from = 0;
        let finder = self.finder(key.as_bytes());
        let value_finder = self.finder(value_l.as_bytes());
        while let Some(i) = self.find_lower(&finder, from) {
            let k_end = i + key.len();
            let window_end = (k_end + 40 + value_l.len()).min(self.lower.len());
            if let Some(w) = self.lower.get(k_end..window_end) {
                if let Some(j) = value_finder.find(w) {
                    return Some(Span::new(k_end + j, k_end + j + value.len()));
                }
            }
            from = k_end;
            while !self.text.is_char_boundary(from) {
                from += 1;
            }
        }
        self.find_lower(&value_finder, 0)
            .map(|i| Span::new(i, i + value.len()))
    }

    /// The value span of an HTTP header line `Name: value` anywhere in the text.
    pub fn header_value(&self, name: &str) -> Option<Span> {
        let b = self.text.as_bytes();
        let needle = name.to_ascii_lowercase();
        // In a paste that is one JSON value every line starts with JSON syntax, never a header
        // name: a HAR mentions "date" thousands of times, none of them a header line.
        if needle.is_empty() || self.whole_json() || !self.grams.may_contain(needle.as_bytes()) {
            return None;
        }
        let mut from = 0;
        let finder = self.finder(needle.as_bytes());
        while let Some(at) = self.find_lower(&finder, from) {
            from = at + 1;
            // Only occurrences that start a line (after indentation) and are followed by ':' can
            // be header names; both checks are O(1), which keeps one-line JSON such as HAR linear.
            let mut p = at;
            while p > 0 && matches!(b[p - 1], b' ' | b'\t') {
                p -= 1;
            }
            let after = at + needle.len();
            if (p > 0 && b[p - 1] != b'\n') || b.get(after) != Some(&b':') {
                continue;
            }
            let line_end =
                memchr::memchr2(b'\n', b'\r', &b[after..]).map_or(b.len(), |k| after + k);
            let rest = self.text.get(after + 1..line_end).unwrap_or("");
            let v_start = after + 1 + (rest.len() - rest.trim_start().len());
            return Some(Span::new(v_start, line_end));
        }
        None
    }

    /// Whether the whole paste (trimmed) is one JSON value.
    pub(crate) fn whole_json(&self) -> bool {
        self.json
            .first()
            .is_some_and(|f| !f.nested && f.span.len() == self.text.trim().len())
    }

    pub(crate) fn has_key(&self, key: &str) -> bool {
        self.leaves.iter().any(|l| l.key == key)
    }
}
