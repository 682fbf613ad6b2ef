//! The fact layer between detection and rules: everything a rule may ask about a paste, with
//! spans. Facts extend the detection [`Scan`] (reachable through `Deref`: `facts.statuses`,
//! `facts.phrase(…)`) with error codes, the request the paste carries, the run time and the
//! inspection of every token found. Rules read facts, never raw JSON.

use crate::detect::Scan;
use crate::span::Span;
use crate::time::Timestamp;
use crate::token::{self, FoundToken, TokenContext, TokenReport};

pub use crate::detect::{Status, StatusSource};

/// A token found in the paste, with its inspection.
#[derive(Clone, Debug)]
pub struct InspectedToken {
    pub found: FoundToken,
    pub report: TokenReport,
    /// True when the report was made from the JSON-decoded header value (what the action sent)
    /// rather than from the paste's text, so check spans do not map onto the paste.
    pub decoded: bool,
}

/// The former name of [`InspectedToken`] (the token module has its own `Token`).
pub type Token = InspectedToken;

/// Tokens inspected per paste: a diagnosis never needs more, and inspection is the costly part.
const MAX_INSPECTED_TOKENS: usize = 16;

/// Everything the rules may ask about one paste.
pub struct Facts<'a> {
    scan: Scan<'a>,
    pub tokens: Vec<InspectedToken>,
    /// When the failing request was made, if the paste says.
    pub run_time: Option<Timestamp>,
    /// The URL called, if the paste carries a request.
    pub request_url: Option<String>,
    pub request_method: Option<String>,
    /// For raw inputs: whether an Authorization header or authentication object was present.
    pub request_has_credential: Option<bool>,
    pub now: Timestamp,
}

/// The facts extend the scan: rules read detection's signals (`facts.statuses`, `facts.kind`,
/// `facts.phrase(…)`) as their own.
impl<'a> std::ops::Deref for Facts<'a> {
    type Target = Scan<'a>;
    fn deref(&self) -> &Scan<'a> {
        &self.scan
    }
}

/// Inspects the first tokens found. A token that sits in a JSON string is inspected as the action
/// sent it (JSON-decoded, e.g. with quotes inside) when a leaf `authorization` holds it.
fn inspect_tokens(scan: &Scan<'_>, ctx: &TokenContext) -> Vec<InspectedToken> {
    let text = scan.text;
    let sent: Vec<&str> = scan
        .leaves
        .iter()
        .filter(|l| l.key == "authorization")
        .map(|l| l.value.as_str())
        .collect();
    scan.found_tokens
        .iter()
        .take(MAX_INSPECTED_TOKENS)
        .map(|found| {
            let found = found.clone();
            let raw = found.span.slice(text);
            if let Some(value) = sent.iter().find(|v| !raw.is_empty() && v.contains(raw)) {
                let report = token::inspect(value, ctx);
                return InspectedToken {
                    found,
                    report,
                    decoded: true,
                };
            }
            let span = found.header_value.unwrap_or(found.span);
            let report = token::inspect(span.slice(text), ctx);
            InspectedToken {
                found,
                report,
                decoded: false,
            }
        })
        .collect()
}

impl<'a> Facts<'a> {
    /// Detection and facts in one call: [`crate::detect::scan`], then [`Facts::from_scan`].
    pub fn gather(text: &'a str, now: Timestamp, skew_seconds: i64) -> Facts<'a> {
        Facts::from_scan(crate::detect::scan(text), now, skew_seconds)
    }

    /// The facts of a scanned paste: codes, request, run time, and each token inspected.
    pub fn from_scan(scan: Scan<'a>, now: Timestamp, skew_seconds: i64) -> Facts<'a> {
        let mut facts = Facts {
            scan,
            tokens: Vec::new(),
            run_time: None,
            request_url: None,
            request_method: None,
            request_has_credential: None,
            now,
        };
        facts.read_request();
        facts.run_time = facts.find_run_time();
        let ctx = TokenContext {
            now: Some(now),
            run_time: facts.run_time,
            skew_seconds,
            url: facts.request_url.clone(),
            method: facts.request_method.clone(),
            key: None,
        };
        facts.tokens = inspect_tokens(&facts.scan, &ctx);
        facts
    }

    /// The span of an error code identifier, if the paste uses it (as a JSON code or a word).
    pub fn code(&self, id: &str) -> Option<Span> {
        self.codes
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(id))
            .map(|(_, s)| *s)
            .or_else(|| self.word(id))
    }

    fn read_request(&mut self) {
        // Raw inputs of an HTTP action: {"uri": …, "method": …, "headers": {…}}.
        for f in &self.scan.json {
            let v = f.value.get("inputs").unwrap_or(&f.value);
            if let Some(uri) = v.get("uri").and_then(|u| u.as_str()) {
                self.request_url = Some(uri.to_string());
                self.request_method = v
                    .get("method")
                    .and_then(|m| m.as_str())
                    .map(str::to_ascii_uppercase);
                let auth_header = v
                    .get("headers")
                    .and_then(|h| h.as_object())
                    .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("authorization")));
                let auth_obj = v.get("authentication").is_some();
                self.request_has_credential = Some(auth_header || auth_obj);
                return;
            }
        }
        // Raw HTTP request line: "GET https://… HTTP/1.1" or "GET /path" + Host header.
        // The first line, looked for in the first 64 KiB only: a one-line 10 MB JSON has no
        // request line, and `lines()` would scan all of it for a line end.
        let head = self.text.trim_start();
        let head = &head[..head.floor_char_boundary(64 * 1024)];
        let first = head.lines().next().unwrap_or("");
        let mut parts = first.split_whitespace();
        // A request line ends with its protocol, or at the target: "GET url 403 (Forbidden)"
        // is a browser console or log line that reports the answer, not the request sent.
        let request_line = |rest: Option<&str>| rest.is_none_or(|p| p.starts_with("HTTP/"));
        if let (Some(m), Some(target)) = (parts.next(), parts.next()) {
            if ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(&m)
                && request_line(parts.next())
            {
                self.request_method = Some(m.to_string());
                if target.starts_with("http") {
                    self.request_url = Some(target.to_string());
                } else if let Some(host) = self.header_value("host") {
                    self.request_url = Some(format!(
                        "https://{}{}",
                        host.slice(self.text).trim(),
                        target
                    ));
                }
                self.request_has_credential = Some(self.header_value("authorization").is_some());
            }
        }
    }

    fn find_run_time(&self) -> Option<Timestamp> {
        for key in ["date", "starttime", "timestamp", "time", "endtime"] {
            if let Some(l) = self.leaves.iter().find(|l| l.key == key) {
                if let Some(t) = Timestamp::parse(&l.value) {
                    return Some(t);
                }
            }
        }
        if let Some(s) = self.header_value("date") {
            if let Some(t) = Timestamp::parse(s.slice(self.text)) {
                return Some(t);
            }
        }
        // "Timestamp: 2018-10-05 07:30:02Z" in Entra error text.
        let i = self.phrase(&["timestamp: "])?.start;
        let rest = self.text.get(i + 11..(i + 11 + 20).min(self.text.len()))?;
        Timestamp::parse(rest.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(t: &str) -> Facts<'_> {
        Facts::gather(t, Timestamp(1_700_000_000), 300)
    }

    #[test]
    fn statuses_from_fields_lines_and_phrases() {
        let f = facts(r#"{"statusCode": 401, "body": {}}"#);
        assert_eq!(f.primary_status().map(|s| s.code), Some(401));
        let f = facts("The remote server returned an error: (401) Unauthorized.");
        assert_eq!(f.primary_status().map(|s| s.code), Some(401));
        let f = facts("Get Token request returned http error: 503 and server response");
        assert_eq!(f.primary_status().map(|s| s.code), Some(503));
        let f = facts("Put token failed. status-code: 401, status-description: x");
        assert_eq!(f.primary_status().map(|s| s.code), Some(401));
        let f = facts("Request id 4031 took 500ms");
        assert!(f.statuses.is_empty(), "{:?}", f.statuses);
    }

    #[test]
    fn codes_come_from_json_code_fields() {
        let f = facts(r#"x {"error":{"code":"AuthorizationFailed","message":"m"}}"#);
        assert!(f.code("AuthorizationFailed").is_some());
        assert_eq!(f.kind, crate::detect::InputKind::Text);
    }

    #[test]
    fn header_values_start_lines() {
        let t = "x-note: host: nope\r\n  Host:  example.com\r\nDate: Thu, 07 May 2020\n";
        let f = facts(t);
        assert_eq!(
            f.header_value("host").map(|s| s.slice(t)),
            Some("example.com")
        );
        assert_eq!(
            f.header_value("DATE").map(|s| s.slice(t)),
            Some("Thu, 07 May 2020")
        );
        assert_eq!(f.header_value("note"), None);
        assert_eq!(f.header_value("authorization"), None);
        assert_eq!(facts("Host").header_value("host"), None);
    }

    #[test]
    fn run_time_from_date_header_in_raw_outputs() {
        let f = facts(
            r#"{"statusCode":401,"headers":{"Date":"Thu, 07 May 2020 22:37:01 GMT"},"body":{}}"#,
        );
        assert_eq!(
            f.run_time.map(|t| t.to_rfc3339()),
            Some("2020-05-07T22:37:01Z".into())
        );
    }
}
