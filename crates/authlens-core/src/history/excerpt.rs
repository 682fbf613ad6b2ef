//! The error text kept per listed run: redacted, one line, short, with the ids support asks for.

use crate::redact::redact;
use crate::text::shorten;

/// Characters of error text kept per listed run.
const EXCERPT_CHARS: usize = 200;

/// Redacted, one line, at most [`EXCERPT_CHARS`] characters. Redaction runs first: a cut secret
/// would no longer be recognised. When the cut drops the ids support asks for (Trace ID,
/// Correlation ID, request ids, the timestamp), they are added after it: they are no secret.
pub(super) fn excerpt(error: &str) -> String {
    let one_line = redact(error)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let short = shorten(&one_line, EXCERPT_CHARS);
    if short.len() >= one_line.len() {
        return short;
    }
    let kept = short.trim_end_matches('…');
    let ids: Vec<String> = support_ids(&one_line)
        .into_iter()
        .map(|(_, id)| id)
        .filter(|id| !kept.contains(id.as_str()))
        .collect();
    if ids.is_empty() {
        short
    } else {
        format!("{short} {}", ids.join(" "))
    }
}

/// The labels after which error texts carry the ids support looks a failure up by.
const ID_LABELS: &[&str] = &[
    "Trace ID:",
    "Correlation ID:",
    "Timestamp:",
    "RequestId:",
    "Request ID:",
    "request-id:",
    "client-request-id:",
    "x-ms-request-id:",
    "ActivityId:",
    "Activity ID:",
];

/// Each `Label: value` of [`ID_LABELS`] in `text` (one line), with where it starts.
fn support_ids(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for label in ID_LABELS {
        let mut from = 0;
        while let Some(k) = crate::text::find_ci(text, label, from) {
            from = k + label.len();
            let rest = text.get(from..).unwrap_or("").trim_start();
            // A timestamp is two words ("2026-11-30 02:00:05Z"); an id is one.
            let words = if label.eq_ignore_ascii_case("Timestamp:") {
                2
            } else {
                1
            };
            let value: Vec<&str> = rest.split_whitespace().take(words).collect();
            let value = value.join(" ");
            let value = value.trim_end_matches([',', ';', '"', '}', '\\']);
            if !value.is_empty() {
                out.push((k, format!("{label} {value}")));
            }
        }
    }
    crate::order::sort_by_key(&mut out, |(k, _)| *k);
    out
}
