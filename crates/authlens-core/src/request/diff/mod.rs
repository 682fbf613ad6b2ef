//! Comparison of two requests: normalisation, ranked differences in plain words, text rendering.
//!
//! One module per request part, each adding its [`Difference`]s with a rank that orders the parts
//! by how often they explain a failure: [`auth`] (and the decoded tokens, [`tokens`]), [`url`] (and
//! the method), [`headers`] (the Content-Type first), [`params`] (query and form parameters),
//! [`body`]. [`text`] renders a report for the CLI, [`markdown`] for a ticket.

mod auth;
mod body;
mod headers;
mod markdown;
mod params;
mod text;
mod tokens;
mod url;

pub use markdown::{format_name, render_markdown, sentence, summary};
pub use text::render_text;

use super::model::Request;
use super::pick::{best_match, PickReport};
use super::{parse, parse_with, ParsedSide, Pick};
use crate::diagnostic::{CodeDoc, Severity};
use crate::order;
use crate::time::Timestamp;
use serde::Serialize;

#[derive(Clone, Debug, Default)]
pub struct CompareOptions {
    /// Request to use on the left / right (Postman name, HAR index or URL part).
    pub pick_left: Option<String>,
    pub pick_right: Option<String>,
    /// The caller's clock, to tell whether tokens had expired (used when a side has no time).
    pub now: Option<Timestamp>,
}

/// One side as reported: detected format, the request with secrets removed, notes, error.
#[derive(Clone, Debug, Serialize)]
pub struct SideReport {
    pub kind: String,
    pub request: Option<Request>,
    pub notes: Vec<String>,
    pub error: Option<String>,
    /// Which request of a multi-request paste (Postman collection, HAR) was compared, and why;
    /// absent when the paste holds one request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picked: Option<PickReport>,
}

/// One difference between the two requests.
#[derive(Clone, Debug, Serialize)]
pub struct Difference {
    /// `method`, `url`, `query`, `header`, `auth` or `body`.
    pub part: String,
    /// What differs within the part (header name, query parameter, JSON path, `host`, ...).
    pub name: String,
    /// Left / right values, secrets removed; `None` when absent on that side.
    pub left: Option<String>,
    pub right: Option<String>,
    pub severity: Severity,
    /// A sentence saying what differs and why it matters.
    pub explanation: String,
    /// Noise clients add on their own (Postman-Token, x-ms-* tracking, ...): folded by the UI.
    pub expected: bool,
}

impl Difference {
    /// A difference in `part` (`auth`, `url`, ...) about `name`; a warning with no values and no
    /// explanation until the builder methods say otherwise.
    pub(crate) fn new(part: &str, name: &str) -> Self {
        Difference {
            part: part.into(),
            name: name.into(),
            left: None,
            right: None,
            severity: Severity::Warning,
            explanation: String::new(),
            expected: false,
        }
    }

    /// The left and right values as shown (secrets already removed).
    pub(crate) fn values(mut self, left: Option<String>, right: Option<String>) -> Self {
        self.left = left;
        self.right = right;
        self
    }

    pub(crate) fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub(crate) fn explain(mut self, explanation: impl Into<String>) -> Self {
        self.explanation = explanation.into();
        self
    }

    /// Marks noise the clients add on their own (folded by the UI).
    pub(crate) fn expected(mut self) -> Self {
        self.expected = true;
        self
    }
}

/// A difference speaks the crate's diagnostic protocol: its part is the code (`auth`, `header`,
/// …), what differs within it the qualifier, its explanation the message.
impl crate::diagnostic::Diagnostic for Difference {
    fn code(&self) -> &str {
        &self.part
    }

    fn severity(&self) -> Severity {
        self.severity
    }

    fn message(&self) -> &str {
        &self.explanation
    }

    fn detail(&self) -> Option<String> {
        Some(self.name.clone())
    }
}

/// Every request part a [`Difference`] names (its `part`, its diagnostic code), with what a
/// difference there usually means. Codes are stable (the JSON's `differences[].part`, the page's
/// `data-part`); a test keeps this list and the comparison in step.
pub const PARTS: &[CodeDoc] = &[
    part("auth", "Authentication", "The Authorization header or the connection's authentication: a missing or different scheme, a token for another audience or tenant, expired, quoted, or an expression sent as text. The most common reason a request works in Postman and fails in the flow."),
    part("method", "Method", "GET against POST and the like: the API answers another operation, often with 404 or 405 rather than an authentication error."),
    part("url", "URL", "Scheme, host, port or path differ: a token is only valid for the API it was issued for, so another host or API version can turn a working token into a 401."),
    part("query", "Query parameters", "A query parameter missing, added or different (an `api-version`, a `$filter`, a key passed in the URL)."),
    part("header", "Headers", "A header missing or different: the Content-Type first, then headers the API needs (`Accept`, `If-Match`, `x-ms-*`); headers clients add on their own are folded as expected noise."),
    part("body", "Body", "The body differs: JSON values, form parameters or the raw text; a body sent with the wrong Content-Type is read as something else."),
];

const fn part(code: &'static str, title: &'static str, doc: &'static str) -> CodeDoc {
    CodeDoc { code, title, doc }
}

#[derive(Clone, Debug, Serialize)]
pub struct CompareReport {
    pub left: SideReport,
    pub right: SideReport,
    /// Most important first; expected noise last.
    pub differences: Vec<Difference>,
}

fn side_report(p: &ParsedSide, picked: Option<PickReport>) -> SideReport {
    let mut notes = p.notes.clone();
    if p.picks.len() > 1 {
        notes.push(format!(
            "requests available to pick: {}",
            p.picks
                .iter()
                .take(50)
                .cloned()
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    if let Some(pk) = &p.picked {
        if p.picks.len() > 1 {
            notes.push(format!("compared: {pk}"));
        }
    }
    SideReport {
        kind: p.kind.clone(),
        request: p.request.as_ref().map(Request::redacted),
        notes,
        error: p.error.clone(),
        picked,
    }
}

/// For a paste holding several requests, says which was read and why; without a pick given,
/// first re-reads the paste at the request that best matches `other` (the other side's request).
fn choose(
    text: &str,
    side: &mut ParsedSide,
    given: Option<&str>,
    other: Option<&Request>,
) -> Option<PickReport> {
    let of = side.picks.len();
    if of <= 1 {
        return None;
    }
    let report = |side: &ParsedSide, by: &str, reason: String| {
        let index = side.picked_index?;
        Some(PickReport {
            name: side.picks.get(index).cloned().unwrap_or_default(),
            index,
            of,
            by: by.into(),
            reason,
        })
    };
    if let Some(p) = given.map(str::trim).filter(|p| !p.is_empty()) {
        return report(side, "given", format!("chosen with the pick `{p}`"));
    }
    // A collection's or HAR's default is its first request, a script's its last call.
    let default = if side.kind == "powershell" || side.kind == "fetch" {
        "the script's last call"
    } else {
        "the first request"
    };
    let Some(target) = other else {
        return report(
            side,
            "first",
            format!("{default}: the other side has no request to match"),
        );
    };
    let Some((index, why)) = best_match(side, target) else {
        return report(
            side,
            "first",
            format!("{default}: none matches the other side's method, host or path"),
        );
    };
    *side = parse_with(text, Pick::Index(index));
    let reason = format!(
        "it best matches the other side's request: {}",
        why.join(", ")
    );
    side.notes.push(format!(
        "{of} requests in this paste; `{}` was compared because {reason} — give a pick to \
         compare another",
        side.picks.get(index).map_or("", String::as_str)
    ));
    report(side, "best-match", reason)
}

/// Compares two pasted requests. Left is conventionally the working one (Postman), right the
/// failing one (the flow); each side's format is detected on its own.
pub fn compare(left: &str, right: &str, opts: &CompareOptions) -> CompareReport {
    let mut l = parse(left, opts.pick_left.as_deref());
    let mut r = parse(right, opts.pick_right.as_deref());
    let l_pick = choose(left, &mut l, opts.pick_left.as_deref(), r.request.as_ref());
    let r_pick = choose(
        right,
        &mut r,
        opts.pick_right.as_deref(),
        l.request.as_ref(),
    );
    let differences = match (&l.request, &r.request) {
        (Some(a), Some(b)) => {
            let lt = l.sent_at.or(opts.now);
            let rt = r.sent_at.or(opts.now);
            diff_requests(a, b, lt, rt)
        }
        _ => Vec::new(),
    };
    // Values and explanations may quote the pastes: every one through the redactor too.
    let differences = differences
        .into_iter()
        .map(|mut d| {
            d.left = d.left.map(|v| crate::redact::redact_body(&v));
            d.right = d.right.map(|v| crate::redact::redact_body(&v));
            d.explanation = crate::redact::redact(&d.explanation);
            d
        })
        .collect();
    CompareReport {
        left: side_report(&l, l_pick),
        right: side_report(&r, r_pick),
        differences,
    }
}

/// The order of the parts in the ranking, most likely cause of a failure first. Within the same
/// rank and severity, differences keep the order they were found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Auth,
    Url,
    Method,
    ContentType,
    Header,
    Query,
    Body,
}

/// The differences found so far, each with its rank and the order it was found in.
#[derive(Default)]
struct Out(Vec<(Rank, usize, Difference)>);

impl Out {
    fn push(&mut self, rank: Rank, d: Difference) {
        let seq = self.0.len();
        self.0.push((rank, seq, d));
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Compares two parsed requests; `lt`/`rt` are the times each was sent (for token expiry).
pub(crate) fn diff_requests(
    l: &Request,
    r: &Request,
    lt: Option<Timestamp>,
    rt: Option<Timestamp>,
) -> Vec<Difference> {
    let mut out = Out::default();
    auth::auth_diffs(l.auth.as_ref(), r.auth.as_ref(), (lt, rt), &mut out);
    url::url_diffs(l, r, &mut out);
    url::method_diff(l, r, &mut out);
    headers::header_diffs(l, r, &mut out);
    params::query_diffs(l, r, &mut out);
    body::body_diffs(&l.body, &r.body, &mut out);
    let mut v = out.0;
    order::sort_by_key(&mut v, |(rank, seq, d)| {
        (
            d.expected,
            d.severity == Severity::Info,
            *rank,
            d.severity,
            *seq,
        )
    });
    v.into_iter().map(|(_, _, d)| d).collect()
}

#[cfg(test)]
mod parts_tests {
    use super::PARTS;

    /// The parts the comparison can name: `Difference::new("…"` and `part: "…"` under `diff/`.
    fn parts_in_source() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/request/diff");
        let mut parts = Vec::new();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            for needle in ["Difference::new(\"", "part: \""] {
                for (i, _) in text.match_indices(needle) {
                    let lit = text[i + needle.len()..]
                        .split('"')
                        .next()
                        .unwrap_or_default();
                    if !lit.is_empty() && lit.bytes().all(|c| c.is_ascii_lowercase()) {
                        parts.push(lit.to_string());
                    }
                }
            }
        }
        parts
    }

    #[test]
    fn every_part_is_documented_and_every_documented_part_is_used() {
        let used = parts_in_source();
        assert!(used.len() >= 10, "{used:?}");
        for p in &used {
            assert!(PARTS.iter().any(|d| d.code == p), "{p} is not in PARTS");
        }
        for d in PARTS {
            assert!(
                used.iter().any(|u| u == d.code),
                "{} is never named",
                d.code
            );
            assert!(!d.doc.is_empty() && !d.title.is_empty());
        }
    }
}
