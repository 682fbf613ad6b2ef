//! HTTP statuses in a paste: JSON status fields, status lines and phrases, bare reason words.

use super::Scan;
use crate::span::Span;

/// Where an HTTP status was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusSource {
    /// A JSON field (`statusCode`, `status`, `code`).
    Field,
    /// An HTTP status line or a phrase like "(401) Unauthorized".
    Text,
    /// A bare reason word ("Forbidden") used as a code or message.
    Reason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status {
    pub code: u16,
    pub span: Span,
    pub source: StatusSource,
}

/// Cap on distinct statuses and codes kept: a paste's diagnosis never needs more, and the cap
/// bounds the work on huge histories.
pub(crate) const MAX_SIGNALS: usize = 64;

const REASONS: &[(&str, u16)] = &[
    ("unauthorized", 401),
    ("authenticationfailed", 401),
    ("forbidden", 403),
    ("badrequest", 400),
    ("bad request", 400),
    ("notfound", 404),
    ("not found", 404),
    ("toomanyrequests", 429),
    ("too many requests", 429),
    ("internalservererror", 500),
    ("internal server error", 500),
    ("badgateway", 502),
    ("serviceunavailable", 503),
    ("service unavailable", 503),
    ("gatewaytimeout", 504),
];

/// Words that put a bare status number in people's prose: "HTTP 401", "returns a 401",
/// "getting 403", "fails with 500".
const PROSE_BEFORE: &[&str] = &[
    "http",
    "returns a",
    "returned a",
    "return a",
    "returns",
    "returned",
    "got a",
    "get a",
    "getting a",
    "getting",
    "received a",
    "receive a",
    "receiving a",
    "throws a",
    "throwing a",
    "gives a",
    "giving a",
    "is a",
    "fails with",
    "failed with",
    "fails with a",
    "failed with a",
];

impl Scan<'_> {
    pub(super) fn find_statuses(&self) -> Vec<Status> {
        let mut out: Vec<Status> = Vec::new();
        // Each distinct (key, value) is located once: histories and HARs repeat them thousands of times.
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for l in &self.leaves {
            if out.len() >= MAX_SIGNALS || seen.contains(&(l.key.as_str(), l.value.as_str())) {
                continue;
            }
            let status_key = matches!(
                l.key.as_str(),
                "statuscode" | "status" | "httpstatuscode" | "httpstatus" | "status_code"
            ) || (l.key == "code" && l.is_number)
                || (l.key == "code" && l.parent == "runerror");
            if !status_key {
                continue;
            }
            let n: Option<u16> = l.value.parse().ok().filter(|n| (400..=599).contains(n));
            let n = n.or_else(|| reason_code(&l.value));
            if let Some(code) = n {
                seen.push((l.key.as_str(), l.value.as_str()));
                let span = self.locate(&l.key, &l.value).unwrap_or_default();
                out.push(Status {
                    code,
                    span,
                    source: StatusSource::Field,
                });
            }
        }
        // Status lines and phrases: "HTTP/1.1 401", "(401) Unauthorized", "status=401",
        // "status-code: 401", "http error: 503", "403 Forbidden", "Status: Unauthorized (401)".
        let t = self.text;
        let b = t.as_bytes();
        let mut i = 0;
        while i + 3 <= b.len() && out.len() < 64 {
            // Only '4' and '5' can start a status: skip ahead to the next one.
            match memchr::memchr2(b'4', b'5', &b[i..b.len() - 2]) {
                Some(k) => i += k,
                None => break,
            }
            let is_num = b[i + 1].is_ascii_digit()
                && b[i + 2].is_ascii_digit()
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
                && (i + 3 == b.len() || !b[i + 3].is_ascii_alphanumeric());
            if is_num {
                let code: u16 = t[i..i + 3].parse().unwrap_or(0);
                if (400..=599).contains(&code) {
                    let before =
                        &t[t.floor_char_boundary(i.saturating_sub(24))..i].to_ascii_lowercase();
                    let after = t
                        .get(i + 3..(i + 25).min(t.len()))
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    let reason = REASONS.iter().find(|(_, c)| *c == code).map(|(r, _)| *r);
                    let ctx_before = [
                        "http/1.1 ",
                        "http/2 ",
                        "http/1.0 ",
                        "status",
                        "error: ",
                        "error ",
                        "code ",
                        "(",
                    ]
                    .iter()
                    .any(|p| {
                        before
                            .trim_end_matches([' ', ':', '=', '"'])
                            .ends_with(p.trim_end())
                    });
                    let ctx_after = reason
                        .is_some_and(|r| after.trim_start_matches([')', ' ']).starts_with(r))
                        || after.starts_with(") ")
                        || after.starts_with(" (")
                        // "429 errors", "a 401 error", "401 response": people's own wording,
                        // when the number stands alone (not the milliseconds of a log line's
                        // "11:14:02,463 ERROR").
                        || ((i == 0 || matches!(b[i - 1], b' ' | b'(' | b'"' | b'\''))
                            && [" error", " response", " status"]
                                .iter()
                                .any(|p| after.starts_with(p)));
                    // "HTTP 401", "returns a 401.", "getting 403 when…": a verb or "http" right
                    // before, and the number ending its phrase (not "with a 500 GB disk").
                    let ctx_prose = PROSE_BEFORE.iter().any(|p| {
                        before
                            .trim_end()
                            .strip_suffix(p)
                            .is_some_and(|rest| rest.is_empty() || rest.ends_with([' ', '(', '"']))
                    }) && (after.is_empty()
                        || after.starts_with(['.', ',', ';', ':', ')', '!', '\n', '\r'])
                        || [
                            " when", " from", " on ", " for ", " if ", " and ", " while", " with",
                        ]
                        .iter()
                        .any(|p| after.starts_with(p)));
                    if ctx_before || ctx_after || ctx_prose {
                        let span = Span::new(i, i + 3);
                        if !out.iter().any(|s: &Status| s.span == span) {
                            out.push(Status {
                                code,
                                span,
                                source: StatusSource::Text,
                            });
                        }
                    }
                }
                i += 3;
                continue;
            }
            i += 1;
        }
        // Reason words used alone ("Error: Forbidden", "code": "Unauthorized", "(Forbidden)").
        for (word, code) in REASONS {
            if word.contains(' ') {
                continue;
            }
            // Not inside URLs, paths or hyphenated words ("/forbidden-and-unauthorized").
            let b = self.text.as_bytes();
            let in_token = |s: Span| {
                (s.start > 0 && matches!(b[s.start - 1], b'/' | b'-' | b'.' | b'='))
                    || (b
                        .get(s.end)
                        .is_some_and(|c| matches!(c, b'-' | b'/' | b'.' | b'='))
                        && b.get(s.end + 1).is_some_and(|c| c.is_ascii_alphanumeric()))
            };
            if let Some(s) = self.word(word).filter(|s| !in_token(*s)) {
                out.push(Status {
                    code: *code,
                    span: s,
                    source: StatusSource::Reason,
                });
            }
        }
        out
    }
}

fn reason_code(s: &str) -> Option<u16> {
    let l = s.trim().to_ascii_lowercase();
    REASONS.iter().find(|(r, _)| *r == l).map(|(_, c)| *c)
}
