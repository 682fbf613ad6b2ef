//! The last-resort reader: when no rule recognises a code or message, the paste's wording still
//! says something ("consent", "proxy", "disabled", a 429). Its lexicon is data
//! (`knowledge/lexicon.tsv`: phrase, category, weight, what the words read as), matched in one
//! pass over the paste.

use crate::category::Category;
use crate::facts::{Facts, StatusSource};
use crate::span::Span;
use std::sync::OnceLock;

pub mod reading_from_wording;

/// The lexicon as shipped.
pub const LEXICON_TSV: &str = include_str!("../../knowledge/lexicon.tsv");

/// One row of the lexicon.
#[derive(Debug)]
pub struct Entry {
    /// Lowercase, without the stem marker.
    pub phrase: &'static str,
    /// `*` at the end of the row's phrase: it may continue into a longer word.
    pub stem: bool,
    /// `None` for a cue (`error`): the paste reports a failure, no category of its own.
    pub category: Option<Category>,
    pub weight: u8,
    /// What the words read as, for the finding's explanation.
    pub reads_as: &'static str,
    /// For `status:NNN` rows: the status (`5xx` is 500).
    pub status: Option<u16>,
}

/// The parsed lexicon with its index: row numbers by the first two bytes of their phrase.
pub struct Lexicon {
    pub entries: Vec<Entry>,
    index: Vec<Vec<u16>>,
}

/// A row that does not parse; the lexicon test reports these.
#[derive(Debug, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    pub why: &'static str,
}

/// Slot of a lowercase ASCII letter or digit in the index (36 per dimension).
fn slot(b: u8) -> Option<usize> {
    match b.to_ascii_lowercase() {
        c @ b'a'..=b'z' => Some(usize::from(c - b'a')),
        c @ b'0'..=b'9' => Some(26 + usize::from(c - b'0')),
        _ => None,
    }
}

fn key(a: u8, b: u8) -> Option<usize> {
    // A second byte that is not alphanumeric ("2fa" is fine, "a-b" keys on 'a' alone) shares
    // the slot 36 of its first letter.
    Some(slot(a)? * 37 + slot(b).unwrap_or(36))
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Lexicon {
    /// Parses `tsv`; rows that do not parse are returned, not kept.
    pub fn parse(tsv: &'static str) -> (Lexicon, Vec<BadRow>) {
        let mut entries = Vec::new();
        let mut bad = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(raw), Some(cat), Some(weight)) = (cols.next(), cols.next(), cols.next())
            else {
                bad.push(BadRow {
                    line: n + 1,
                    why: "fewer than three columns",
                });
                continue;
            };
            let reads_as = cols.next().unwrap_or("");
            let category = match cat {
                "error" => None,
                c => match Category::parse(c) {
                    Some(c) => Some(c),
                    None => {
                        bad.push(BadRow {
                            line: n + 1,
                            why: "unknown category",
                        });
                        continue;
                    }
                },
            };
            let Ok(weight) = weight.parse::<u8>() else {
                bad.push(BadRow {
                    line: n + 1,
                    why: "weight is not a number",
                });
                continue;
            };
            let status = raw.strip_prefix("status:").map(|s| match s {
                "5xx" => Some(500),
                s => s.parse::<u16>().ok(),
            });
            if status == Some(None) {
                bad.push(BadRow {
                    line: n + 1,
                    why: "bad status row",
                });
                continue;
            }
            let (phrase, stem) = match raw.strip_suffix('*') {
                Some(p) => (p, true),
                None => (raw, false),
            };
            let b = phrase.as_bytes();
            if status.is_none()
                && (b.len() < 2
                    || phrase != phrase.to_ascii_lowercase()
                    || key(b[0], b[1]).is_none())
            {
                bad.push(BadRow {
                    line: n + 1,
                    why: "phrase must be lowercase, 2+ bytes, starting with a letter or digit",
                });
                continue;
            }
            entries.push(Entry {
                phrase,
                stem,
                category,
                weight,
                reads_as,
                status: status.flatten(),
            });
        }
        let mut index = vec![Vec::new(); 36 * 37];
        for (i, e) in entries.iter().enumerate() {
            let b = e.phrase.as_bytes();
            if e.status.is_none() {
                if let (Some(k), Ok(i)) = (key(b[0], b[1]), u16::try_from(i)) {
                    index[k].push(i);
                }
            }
        }
        (Lexicon { entries, index }, bad)
    }

    /// The shipped lexicon, parsed once.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(LEXICON_TSV).0)
    }

    /// The first occurrence of every row's phrase in `text`, in one pass: at each word start
    /// outside a URL, only the rows sharing its first two bytes are compared, so the work is
    /// linear in the paste for a given lexicon. Words inside URLs are not read: a link to a page
    /// about "forbidden" errors says nothing about this failure.
    pub fn find(&self, text: &str) -> Vec<(usize, Span)> {
        let b = text.as_bytes();
        let mut first: Vec<Option<Span>> = vec![None; self.entries.len()];
        let mut in_url = false;
        for i in 0..b.len() {
            let c = b[i];
            if c.is_ascii_whitespace()
                || matches!(
                    c,
                    b'"' | b'\'' | b'<' | b'>' | b'(' | b')' | b'[' | b']' | b'\\'
                )
            {
                in_url = false;
                continue;
            }
            if c == b':' && b.get(i + 1..i + 3) == Some(b"//") {
                in_url = true;
            }
            if in_url || !c.is_ascii_alphanumeric() || (i > 0 && is_word(b[i - 1])) {
                continue;
            }
            let Some(k) = key(c, b.get(i + 1).copied().unwrap_or(b' ')) else {
                continue;
            };
            for &e in &self.index[k] {
                let e = usize::from(e);
                let entry = &self.entries[e];
                let end = i + entry.phrase.len();
                if first[e].is_some()
                    || !b
                        .get(i..end)
                        .is_some_and(|w| w.eq_ignore_ascii_case(entry.phrase.as_bytes()))
                    || (!entry.stem && b.get(end).is_some_and(|&x| is_word(x)))
                {
                    continue;
                }
                // A stem's evidence is the whole word it starts ("throttl*" → "throttled").
                let end = if entry.stem {
                    end + b[end..].iter().take_while(|&&x| is_word(x)).count()
                } else {
                    end
                };
                first[e] = Some(Span::new(i, end));
            }
        }
        first
            .into_iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
            .collect()
    }

    /// Rows for the HTTP statuses the paste carries (from fields and status lines; reason words
    /// such as "Forbidden" are words of the lexicon already).
    pub fn statuses(&self, f: &Facts) -> Vec<(usize, Span)> {
        let mut out = Vec::new();
        for s in f
            .statuses
            .iter()
            .filter(|s| s.source != StatusSource::Reason)
        {
            let want = if (500..=599).contains(&s.code) {
                500
            } else {
                s.code
            };
            for (i, e) in self.entries.iter().enumerate() {
                if e.status == Some(want) && !out.iter().any(|(j, _)| *j == i) {
                    out.push((i, s.span));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::{diagnose, Options, Timestamp};

    fn read(text: &str) -> Vec<(&'static str, Category, u8, String)> {
        diagnose(text, &Options::at(Timestamp(1_763_900_000)))
            .findings
            .into_iter()
            .map(|f| (f.code, f.category, f.confidence, f.explanation))
            .collect()
    }

    #[test]
    fn lexicon_rows_all_parse() {
        let (lex, bad) = Lexicon::parse(LEXICON_TSV);
        assert_eq!(bad, vec![], "lexicon.tsv rows that do not parse");
        assert!(lex.entries.len() > 300);
        for e in &lex.entries {
            if e.category.is_some() {
                assert!((1..=4).contains(&e.weight), "{}: weight 1–4", e.phrase);
                assert!(
                    !e.reads_as.is_empty(),
                    "{}: says what it reads as",
                    e.phrase
                );
            }
        }
        // Every category of the taxonomy can be read from words.
        for c in Category::ALL {
            assert!(
                lex.entries.iter().any(|e| e.category == Some(*c)),
                "no lexicon row for {c}"
            );
        }
    }

    #[test]
    fn malformed_rows_are_reported() {
        let (lex, bad) = Lexicon::parse(
            "ok\tmfa-required\t2\tx\nUpper\tmfa-required\t1\tx\nz\tnope\t1\tx\nw\terror\n",
        );
        assert_eq!(lex.entries.len(), 1);
        assert_eq!(
            bad.iter().map(|b| b.line).collect::<Vec<_>>(),
            vec![2, 3, 4]
        );
    }

    /// The per-word work is bounded by the largest index bucket: linear in the paste.
    #[test]
    fn index_buckets_stay_small() {
        let lex = Lexicon::get();
        let max = lex.index.iter().map(Vec::len).max().unwrap();
        assert!(max <= 40, "an index bucket holds {max} rows");
    }

    #[test]
    fn matches_words_stems_and_skips_urls() {
        let lex = Lexicon::get();
        let found = |t: &str| -> Vec<&str> {
            lex.find(t)
                .into_iter()
                .map(|(i, _)| lex.entries[i].phrase)
                .collect()
        };
        let f = found("Request was THROTTLED by the proxy");
        assert!(f.contains(&"throttl") && f.contains(&"proxy"), "{f:?}");
        // Whole words unless a stem: "proxy" is not read inside "proxyless".
        assert!(!found("a proxyless setup").contains(&"proxy"));
        // Not inside a URL, nor in the middle of a word.
        assert!(found("see https://x.example/proxy-errors/throttling").is_empty());
        assert!(!found("unconsented").contains(&"consent"));
        // Evidence of a stem is the whole word.
        let t = "Requests are being throttled.";
        let (i, s) = lex
            .find(t)
            .into_iter()
            .find(|(i, _)| lex.entries[*i].phrase == "throttl")
            .unwrap();
        assert_eq!(s.slice(t), "throttled", "{}", lex.entries[i].phrase);
    }

    #[test]
    fn reads_auth_wording_without_a_code() {
        for (text, want) in [
            ("The request failed: this app needs admin approval before it can be used.", Category::ConsentRequired),
            ("Error: the flow failed because the connection's proxy returned 407 Proxy Authentication Required", Category::NetworkOrFirewall),
            ("Sign-in failed: the account was deleted when its owner left the organisation.", Category::UserDisabledOrDeleted),
            ("Operation failed: the user is not assigned to a role for this application.", Category::InsufficientPermission),
            ("Action failed after 4 retries: the service is throttling requests, retry after 30 seconds.", Category::ServiceOutageOrThrottling),
            ("AADSTS539999: Device is not in required device state: compliant. Conditional Access policy requires a compliant device.", Category::ConditionalAccessBlocked),
        ] {
            let r = read(text);
            assert_eq!(r.first().map(|f| f.1), Some(want), "{text}: {r:?}");
            assert_eq!(r[0].0, "AL701", "{text}");
            assert!(r[0].3.starts_with("A reading from the wording"), "{}", r[0].3);
        }
    }

    #[test]
    fn says_what_a_non_auth_paste_is() {
        let r = read("InvalidTemplate. Unable to process template language expressions in action 'Compose' inputs at line '0' and column '0': 'The template function 'concatt' is not defined or not valid.'");
        assert_eq!(
            r.first().map(|f| f.1),
            Some(Category::NotAnAuthError),
            "{r:?}"
        );
        let r = read("Flow run failed: Object reference not set to an instance of an object.");
        assert_eq!(r[0].1, Category::NotAnAuthError);
        assert!(r[0].3.contains("a null reference in code"), "{}", r[0].3);
    }

    #[test]
    fn an_auth_signal_never_ends_without_a_finding() {
        for text in [
            "AADSTS9999999: Something unexpected happened.",
            "Error: Unauthorized",
            "The remote server returned an error: (403).",
            "authentication failed",
            "Request failed: token rejected by the API",
            "Error: permission problem on the list",
        ] {
            assert!(!read(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn stays_quiet_on_text_that_reports_no_failure() {
        for text in [
            "The weather in Lisbon is sunny and 21 degrees today.",
            "To rotate the client secret, open App registrations and create a new one.",
            "Opened https://learn.example.com/errors/forbidden-and-unauthorized-explained to read.",
            "Conditional access and consent are covered in the onboarding guide.",
        ] {
            assert_eq!(read(text), vec![], "{text}");
        }
    }

    /// A specific rule, even an unsure one, outranks and silences the wording.
    #[test]
    fn steps_aside_for_any_specific_rule() {
        let r = read(
            "{\"error\":\"interaction_required\",\"error_description\":\"Please sign in again.\"}",
        );
        assert!(r.iter().all(|f| f.0 != "AL701"), "{r:?}");
    }
}
