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
    /// When the failing request was made: as the person set it, or as the paste says. Every
    /// token time check of the diagnosis is judged at this time when it is known.
    pub run_time: Option<Timestamp>,
    /// Where [`Facts::run_time`] came from, in words ("the response's Date header").
    pub run_time_source: Option<&'static str>,
    /// The URL called, if the paste carries a request.
    pub request_url: Option<String>,
    pub request_method: Option<String>,
    /// For raw inputs: whether an Authorization header or authentication object was present.
    pub request_has_credential: Option<bool>,
    pub now: Timestamp,
    /// The wording lexicon's matches in the text, found once: three readings ask for them, and
    /// each search is a pass over the whole paste.
    lexicon: std::cell::OnceCell<Vec<(usize, Span)>>,
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

    /// `Lexicon::get().find(text)`: the first occurrence of every lexicon row (computed once).
    pub(crate) fn lexicon_matches(&self) -> &[(usize, Span)] {
        self.lexicon
            .get_or_init(|| crate::diagnose::rules::wording::Lexicon::get().find(self.scan.text))
    }

    /// Whether the wording lexicon matches a row `wanted` accepts. Without the lexicon pass
    /// when the trigram index rules out every such row's phrase (a pass over the whole paste;
    /// a 401 rule asks this of every HAR with a 401).
    pub(crate) fn lexicon_has(
        &self,
        wanted: impl Fn(&crate::diagnose::rules::wording::Entry) -> bool,
    ) -> bool {
        let lex = crate::diagnose::rules::wording::Lexicon::get();
        // Status rows are never matched in the text (`Lexicon::find` skips them).
        let possible = self.lexicon.get().is_some()
            || lex.entries.iter().any(|e| {
                e.status.is_none() && wanted(e) && self.scan.may_contain(e.phrase.as_bytes())
            });
        possible
            && self
                .lexicon_matches()
                .iter()
                .any(|(i, _)| lex.entries.get(*i).is_some_and(&wanted))
    }

    /// The facts of a scanned paste: codes, request, run time, and each token inspected.
    pub fn from_scan(scan: Scan<'a>, now: Timestamp, skew_seconds: i64) -> Facts<'a> {
        let mut opts = crate::Options::at(now);
        opts.skew_seconds = skew_seconds;
        Facts::with_options(scan, &opts)
    }

    /// [`Facts::from_scan`] with everything the host says: a run time the person set wins over
    /// the paste's.
    pub fn with_options(scan: Scan<'a>, opts: &crate::Options) -> Facts<'a> {
        let (now, skew_seconds) = (opts.now, opts.skew_seconds);
        let mut facts = Facts {
            scan,
            tokens: Vec::new(),
            run_time: None,
            run_time_source: None,
            request_url: None,
            request_method: None,
            request_has_credential: None,
            now,
            lexicon: std::cell::OnceCell::new(),
        };
        facts.read_request();
        let found = match opts.run_time {
            Some(t) => Some((t, "the run time you set")),
            None => facts.find_run_time(),
        };
        facts.run_time = found.map(|(t, _)| t);
        facts.run_time_source = found.map(|(_, from)| from);
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
                // A bare "GET url" line followed by no headers names the endpoint called (in a
                // log or a question); only a request shown with its protocol or headers tells
                // what was sent.
                let shows_headers = head.lines().nth(1).is_some_and(|l| {
                    l.trim().split_once(':').is_some_and(|(name, _)| {
                        !name.is_empty()
                            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    })
                });
                let auth = self.header_value("authorization").is_some();
                self.request_has_credential =
                    (auth || shows_headers || first.split_whitespace().nth(2).is_some())
                        .then_some(auth);
            }
        }
    }

    /// When the failing request was made, as the paste says, and where it says so. The
    /// response's `Date` is when the service judged the token; the request's `x-ms-date` when
    /// it was sent; the error's `timestamp`, the action's or refresh's `startTime` / `endTime`
    /// come next.
    fn find_run_time(&self) -> Option<(Timestamp, &'static str)> {
        const KEYS: [(&str, &str); 8] = [
            ("date", "the response's Date header"),
            ("x-ms-date", "the request's x-ms-date header"),
            ("starttime", "the run's startTime"),
            ("timestamp", "the error's timestamp"),
            ("time", "the error's time"),
            ("endtime", "the run's endTime"),
            ("requesttime", "the request's time"),
            ("x-ms-creation-time", "the x-ms-creation-time header"),
        ];
        for (key, from) in KEYS {
            if let Some((t, parent)) = self
                .leaves
                .iter()
                .filter(|l| l.key == key)
                // A bare `date` or `time` is a run's or an error's only where those keep it: a
                // request body's `date` (an invoice's, a meeting's) says nothing about the run.
                .filter(|l| {
                    !matches!(key, "date" | "time")
                        || matches!(l.parent.as_str(), "" | "headers" | "innererror" | "error")
                })
                .find_map(|l| Timestamp::parse(&l.value).map(|t| (t, l.parent.as_str())))
            {
                // Graph and SharePoint errors carry `innerError.date`: the error's, not a header.
                let from = if key == "date" && parent != "headers" {
                    "the error's date"
                } else {
                    from
                };
                return Some((t, from));
            }
        }
        // Header lines of a raw response or request; "Time:" of Power BI's error details.
        for (name, from) in [
            ("date", "the response's Date header"),
            ("x-ms-date", "the request's x-ms-date header"),
            ("time", "the error details' Time"),
        ] {
            if let Some(s) = self.header_value(name) {
                if let Some(t) = zoned(s.slice(self.text)) {
                    return Some((t, from));
                }
            }
        }
        // "Timestamp: 2018-10-05 07:30:02Z" in Entra error text.
        let i = self.phrase(&["timestamp: "])?.start;
        let rest = self.text.get(i + 11..(i + 11 + 20).min(self.text.len()))?;
        Timestamp::parse(rest.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
            .map(|t| (t, "the error's Timestamp"))
    }
}

/// A time in a paste, read only when it says its zone (the core knows no local time): ISO,
/// HTTP dates, JavaScript's `Mon Nov 23 2026 05:30:00 GMT+0100 (…)`.
fn zoned(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    Timestamp::parse(s).or_else(|| {
        let r = crate::time::read_time(s, crate::time::DateOrder::MonthFirst).ok()?;
        r.offset.map(|o| Timestamp(r.wall.0 - o))
    })
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
    fn a_bare_request_line_does_not_say_what_was_sent() {
        // The endpoint named in a log line or a question: nothing about its headers.
        let f = facts("GET https://api.powerbi.com/v1.0/myorg/datasets\nError 403 Forbidden");
        assert_eq!(f.request_has_credential, None);
        // A request shown with its headers, or its protocol, says it.
        let f = facts("GET https://graph.microsoft.com/v1.0/me\nAccept: application/json\n");
        assert_eq!(f.request_has_credential, Some(false));
        let f = facts("GET https://graph.microsoft.com/v1.0/me HTTP/1.1\n");
        assert_eq!(f.request_has_credential, Some(false));
        let f = facts("GET https://graph.microsoft.com/v1.0/me\nAuthorization: Bearer x\n");
        assert_eq!(f.request_has_credential, Some(true));
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
        assert_eq!(f.run_time_source, Some("the response's Date header"));
    }

    #[test]
    fn run_time_from_every_place_a_paste_keeps_it() {
        let at = |t: &str| {
            let f = facts(t);
            (f.run_time.map(|t| t.to_rfc3339()), f.run_time_source)
        };
        let want = Some("2026-11-23T05:30:00Z".to_string());
        for (paste, from) in [
            (r#"{"startTime":"2026-11-23T05:30:00Z","status":"Failed"}"#, "the run's startTime"),
            (r#"{"status":"Failed","endTime":"2026-11-23T05:30:00.1234567Z"}"#, "the run's endTime"),
            (r#"{"error":{"code":"x","innerError":{"date":"2026-11-23T05:30:00"}}}"#, "the error's date"),
            (r#"{"error":"invalid_grant","timestamp":"2026-11-23 05:30:00Z"}"#, "the error's timestamp"),
            (r#"{"headers":{"x-ms-date":"Mon, 23 Nov 2026 05:30:00 GMT"}}"#, "the request's x-ms-date header"),
            ("HTTP/1.1 401 Unauthorized\nDate: Mon, 23 Nov 2026 05:30:00 GMT\n\n{}", "the response's Date header"),
            ("GET /v1.0/me HTTP/1.1\nx-ms-date: Mon, 23 Nov 2026 05:30:00 GMT\n", "the request's x-ms-date header"),
            ("Something went wrong.\nActivity ID: 1\nTime: Mon Nov 23 2026 06:30:00 GMT+0100 (Central European Standard Time)\n", "the error details' Time"),
            ("AADSTS700082: The refresh token has expired.\nTimestamp: 2026-11-23 05:30:00Z", "the error's Timestamp"),
        ] {
            assert_eq!(at(paste), (want.clone(), Some(from)), "{paste}");
        }
        assert_eq!(
            at("Time: 11/23/2026 5:30 AM").0,
            None,
            "no zone, no local time here"
        );
    }

    #[test]
    fn a_run_time_the_person_set_wins() {
        let t = r#"{"statusCode":401,"headers":{"Date":"Thu, 07 May 2020 22:37:01 GMT"}}"#;
        let mut opts = crate::Options::at(Timestamp(1_700_000_000));
        opts.run_time = Some(Timestamp(1_600_000_000));
        let f = Facts::with_options(crate::detect::scan(t), &opts);
        assert_eq!(f.run_time, Some(Timestamp(1_600_000_000)));
        assert_eq!(f.run_time_source, Some("the run time you set"));
    }
}
