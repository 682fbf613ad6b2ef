//! The last-resort reader: when no rule recognises a code or message, the paste's wording still
//! says something ("consent", "proxy", "disabled", a 429). Its lexicon is data
//! (`knowledge/lexicon.tsv`: phrase, category, weight, what the words read as), matched in one
//! pass over the paste.

use crate::category::Category;
use crate::facts::{Facts, StatusSource};
use crate::span::Span;
use std::sync::OnceLock;

pub mod model;
pub mod reading_from_wording;

/// The lexicon as shipped.
pub const LEXICON_TSV: &str = include_str!("../../../knowledge/lexicon.tsv");

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
    /// The phrase's first eight bytes (little-endian) and the mask of those present: one
    /// comparison rejects almost every candidate.
    head: u64,
    mask: u64,
}

/// Up to eight bytes from `b`, ASCII-lowercased, little-endian; absent bytes are zero.
#[inline(always)]
fn head8(b: &[u8]) -> u64 {
    let mut w = 0u64;
    for (k, x) in b.iter().take(8).enumerate() {
        w |= u64::from(x.to_ascii_lowercase()) << (8 * k);
    }
    w
}

/// The parsed lexicon with its index: row numbers by the first three bytes of their phrase
/// (`rows[starts[k]..starts[k + 1]]` for bucket `k`).
pub struct Lexicon {
    pub entries: Vec<Entry>,
    starts: Vec<u16>,
    rows: Vec<u16>,
}

/// A row that does not parse; the lexicon test reports these.
#[derive(Debug, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    pub why: &'static str,
}

/// Byte classes for the scan: the index slot of a letter or digit (0–35, case folded), a word
/// byte that has no slot (`_`), a byte that ends a URL, or anything else. A table, because the
/// scan looks at every byte of pastes of many megabytes.
const OTHER: u8 = 255;
const UNDERSCORE: u8 = 254;
const ENDS_URL: u8 = 253;
static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = match b {
            b'a'..=b'z' => b - b'a',
            b'A'..=b'Z' => b - b'A',
            b'0'..=b'9' => 26 + b - b'0',
            b'_' => UNDERSCORE,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'"' | b'\'' | b'<' | b'>' | b'(' | b')'
            | b'[' | b']' | b'\\' => ENDS_URL,
            _ => OTHER,
        };
        c += 1;
    }
    t
};

#[inline(always)]
fn slot(b: u8) -> Option<usize> {
    let c = CLASS[usize::from(b)];
    (c < 36).then_some(usize::from(c))
}

/// How far a stem's evidence may run past the stem.
const MAX_STEM_TAIL: usize = 24;

/// Buckets of the index: rows by their first three bytes, hashed.
const BUCKETS: usize = 4096;

#[inline(always)]
fn key(b: &[u8]) -> Option<usize> {
    // Bytes after the first that are not alphanumeric ("2fa" is fine, "a-b" keys on 'a' and a
    // placeholder) share the slot 36.
    let s = |i: usize| b.get(i).and_then(|&x| slot(x)).unwrap_or(36);
    let first = slot(*b.first()?)?;
    Some((first * 37 * 37 + s(1) * 37 + s(2)) % BUCKETS)
}

#[inline(always)]
fn is_word(b: u8) -> bool {
    let c = CLASS[usize::from(b)];
    c < 36 || c == UNDERSCORE
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
                && (b.len() < 3 || phrase != phrase.to_ascii_lowercase() || key(b).is_none())
            {
                bad.push(BadRow {
                    line: n + 1,
                    why: "phrase must be lowercase, 3+ bytes, starting with a letter or digit",
                });
                continue;
            }
            let n = phrase.len().min(8);
            entries.push(Entry {
                phrase,
                stem,
                category,
                weight,
                reads_as,
                status: status.flatten(),
                head: head8(phrase.as_bytes()),
                mask: if n == 8 {
                    u64::MAX
                } else {
                    (1u64 << (8 * n)) - 1
                },
            });
        }
        let mut keyed: Vec<(usize, u16)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.status.is_none())
            .filter_map(|(i, e)| Some((key(e.phrase.as_bytes())?, u16::try_from(i).ok()?)))
            .collect();
        keyed.sort_unstable();
        let mut starts = vec![0u16; BUCKETS + 1];
        for (k, _) in &keyed {
            starts[k + 1] += 1;
        }
        for k in 0..BUCKETS {
            starts[k + 1] += starts[k];
        }
        let rows = keyed.into_iter().map(|(_, i)| i).collect();
        (
            Lexicon {
                entries,
                starts,
                rows,
            },
            bad,
        )
    }

    fn bucket(&self, k: usize) -> &[u16] {
        let (a, b) = (self.starts[k], self.starts[k + 1]);
        self.rows
            .get(usize::from(a)..usize::from(b))
            .unwrap_or_default()
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
        // Once every row is found the rest of the paste cannot add anything.
        let mut left = self.rows.len();
        let mut in_url = false;
        let mut i = 0;
        while i < b.len() && left > 0 {
            let c = b[i];
            let class = CLASS[usize::from(c)];
            if !(class < 36 || class == UNDERSCORE) {
                if class == ENDS_URL {
                    in_url = false;
                } else if c == b':' && b.get(i + 1..i + 3) == Some(b"//") {
                    in_url = true;
                }
                i += 1;
                continue;
            }
            // `i` starts a word. Its other bytes are skipped in a tight loop below: a branch
            // per byte on "word or not" mispredicted at every word edge and was most of this
            // pass on a 10 MB HAR.
            let start = i;
            i += 1;
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
            if in_url {
                continue;
            }
            let Some(k) = key(&b[start..]) else {
                continue;
            };
            let bucket = self.bucket(k);
            if bucket.is_empty() {
                continue;
            }
            let head = head8(&b[start..]);
            for &e in bucket {
                let e = usize::from(e);
                let entry = &self.entries[e];
                let end = start + entry.phrase.len();
                let p = entry.phrase.as_bytes();
                let hit = head & entry.mask == entry.head
                    && first[e].is_none()
                    && b.get(start..end).is_some_and(|w| {
                        w.iter()
                            .zip(p)
                            .skip(8)
                            .all(|(x, y)| x.to_ascii_lowercase() == *y)
                    })
                    && (entry.stem || !b.get(end).is_some_and(|&x| is_word(x)));
                if !hit {
                    continue;
                }
                // A stem's evidence runs on through the letters of the word it starts
                // ("throttl*" → "throttled"), never into digits: the words of an identifier
                // that happens to start like a stem stay out of the finding.
                let end = if entry.stem {
                    end + b[end..]
                        .iter()
                        .take(MAX_STEM_TAIL)
                        .take_while(|x| x.is_ascii_alphabetic())
                        .count()
                } else {
                    end
                };
                first[e] = Some(Span::new(start, end));
                left -= 1;
            }
        }
        first
            .into_iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
            .collect()
    }

    /// Whether `word` (one lowercase word) is a failure cue of the lexicon: a one-word `error`
    /// row, or a stem row it starts with.
    pub fn is_failure_word(&self, word: &str) -> bool {
        self.entries.iter().any(|e| {
            e.category.is_none()
                && e.status.is_none()
                && !e.phrase.contains(' ')
                && if e.stem {
                    word.starts_with(e.phrase)
                } else {
                    word == e.phrase
                }
        })
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
            "okay\tmfa-required\t2\tx\nUpper\tmfa-required\t1\tx\nz\tnope\t1\tx\nw\terror\n",
        );
        assert_eq!(lex.entries.len(), 1);
        assert_eq!(
            bad.iter().map(|b| b.line).collect::<Vec<_>>(),
            vec![2, 3, 4]
        );
    }

    /// The per-word work is bounded by the largest index bucket (one 8-byte comparison per row
    /// in it): linear in the paste.
    #[test]
    fn index_buckets_stay_small() {
        let lex = Lexicon::get();
        let max = (0..BUCKETS).map(|k| lex.bucket(k).len()).max().unwrap();
        assert!(max <= 48, "an index bucket holds {max} rows");
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
            ("The request failed: administrator consent is required before this app can be used.", Category::ConsentRequired),
            ("Error: the flow failed because the corporate proxy refused the connection (status 407).", Category::NetworkOrFirewall),
            ("Sign-in failed: the account was deleted when its owner left the organisation.", Category::UserDisabledOrDeleted),
            ("Operation failed: the user is not assigned to a role for this application.", Category::InsufficientPermission),
            ("Action failed after 4 retries: the service is throttling requests, retry after 30 seconds.", Category::ServiceOutageOrThrottling),
            ("Sign-in failed: the device state is not compliant with the organisation's requirements.", Category::ConditionalAccessBlocked),
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

    /// A specific rule, even an unsure one, outranks the wording: next to it the wording's
    /// readings are background, below it; next to a sure one they are not read at all.
    #[test]
    fn steps_aside_for_any_specific_rule() {
        let r = read(
            "{\"error\":\"interaction_required\",\"error_description\":\"Please sign in again.\"}",
        );
        assert_ne!(r[0].0, "AL701", "{r:?}");
        for f in r.iter().filter(|f| f.0 == "AL701") {
            assert!(
                f.2 <= crate::diagnose::rules::confidence::BACKGROUND,
                "{r:?}"
            );
        }
        let r = read("AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication. Please sign in again.");
        assert!(r.iter().all(|f| f.0 != "AL701"), "{r:?}");
    }

    /// When the words support more than one cause, the other readings are listed below the
    /// lead, each resting on words of the paste, never above background confidence.
    #[test]
    fn other_readings_rest_on_words_and_stay_low() {
        let mut offered = 0;
        for text in [
            "Error: Unauthorized. The user may not have permission to this site, or the token expired.",
            "Request failed: the proxy refused the connection and the service returned 503.",
            "The flow failed: access denied for the connection's account on this list.",
            "Sign-in failed: consent for this app was not granted by an administrator.",
        ] {
            let report = diagnose(text, &Options::at(Timestamp(1_763_900_000)));
            for f in report.findings.iter().filter(|f| f.title.starts_with("Another reading")) {
                offered += 1;
                assert!(!f.evidence.is_empty(), "{text}: {f:?}");
                assert!(f.confidence <= crate::diagnose::rules::confidence::BACKGROUND + 5);
                assert!(f.explanation.starts_with("Another reading from the wording"));
            }
        }
        assert!(offered > 0, "no paste got another reading");
    }

    /// The Power BI and Fabric REST APIs answer 401 to a signed-in caller that may not do
    /// what it asked: the missing permission leads, the expired credential follows.
    #[test]
    fn a_power_bi_api_401_reads_as_a_permission_first() {
        let r = read("Export job failed: the call to https://api.powerbi.com/v1.0/myorg/groups/x/reports returned 401 (Unauthorized).");
        assert_eq!(r[0].1, Category::InsufficientPermission, "{r:?}");
        assert!(
            r.iter()
                .any(|f| f.1 == Category::ExpiredOrRevokedCredential),
            "{r:?}"
        );
        // A data source's 401 relayed by a refresh is the source's credential.
        let r = read("DataSource.Error: Web.Contents failed to get contents from 'https://contoso.example/api' (401): Unauthorized. Power BI refresh failed.");
        let status = r.iter().find(|f| f.0 == "AL201");
        assert_eq!(
            status.map(|f| f.1),
            Some(Category::ExpiredOrRevokedCredential),
            "{r:?}"
        );
    }

    /// A 401 or 403 whose message names a cause that is not sign-in (a retired API) reads as
    /// what the message says, not as the generic status reading.
    #[test]
    fn a_status_next_to_a_message_naming_another_cause_steps_aside() {
        let r = read("403 Forbidden: this version of the reports API has been retired. Call the current version instead.");
        assert_eq!(r[0].1, Category::NotAnAuthError, "{r:?}");
        assert!(r.iter().all(|f| f.0 != "AL202"), "{r:?}");
    }

    /// The Entra sign-in error page prints its code without the AADSTS prefix; on such a page
    /// the code is read as the Entra code it is (an HTTP status is not).
    #[test]
    fn the_sign_in_pages_bare_error_code_is_an_entra_code() {
        let page = "Sorry, but we're having trouble signing you in.\nError Code: 50076\nRequest Id: 11111111-1111-1111-1111-111111111111\nCorrelation Id: 22222222-2222-2222-2222-222222222222\nTimestamp: 2026-01-05T10:00:00.000Z";
        assert_eq!(read(page)[0].1, Category::MfaRequired, "{:?}", read(page));
        let status = "Error Code: 40300\nthe weather is fine";
        assert!(read(status).iter().all(|f| f.1 != Category::MfaRequired));
    }
}
