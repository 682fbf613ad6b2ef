//! The fact layer between parsing and rules: everything a rule may ask about a paste, with spans.
//! Rules read facts, never raw JSON.

use crate::json::{self, Found, Leaf};
use crate::report::{InputKind, Platform};
use crate::span::Span;
use crate::text;
use crate::time::Timestamp;
use crate::token::{self, FoundToken, TokenContext, TokenReport};
use memchr::memmem::Finder;

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

/// A token found in the paste, with its inspection.
#[derive(Clone, Debug)]
pub struct Token {
    pub found: FoundToken,
    pub report: TokenReport,
    /// True when the report was made from the JSON-decoded header value (what the action sent)
    /// rather than from the paste's text, so check spans do not map onto the paste.
    pub decoded: bool,
}

/// Everything the rules may ask about one paste.
pub struct Facts<'a> {
    pub text: &'a str,
    /// `text` with ASCII letters lowercased: same byte offsets, fast case-insensitive search.
    lower: Vec<u8>,
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
    /// Identifiers used as error codes: JSON `code`/`error`/`errorCode` values and known words.
    pub codes: Vec<(String, Span)>,
    pub tokens: Vec<Token>,
    /// When the failing request was made, if the paste says.
    pub run_time: Option<Timestamp>,
    /// The URL called, if the paste carries a request.
    pub request_url: Option<String>,
    pub request_method: Option<String>,
    /// For raw inputs: whether an Authorization header or authentication object was present.
    pub request_has_credential: Option<bool>,
    pub now: Timestamp,
}

/// Cap on distinct statuses and codes kept: a paste's diagnosis never needs more, and the cap
/// bounds the work on huge histories.
const MAX_SIGNALS: usize = 64;

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

impl<'a> Facts<'a> {
    pub fn gather(text: &'a str, now: Timestamp, skew_seconds: i64) -> Facts<'a> {
        let mut json = json::discover(text);
        let (lower, grams) = Trigrams::lowercase(text.as_bytes());
        let mut leaves = Vec::new();
        // Moved, not copied: rules read `Facts::leaves`, never a value's own list.
        for f in &mut json {
            leaves.append(&mut f.leaves);
        }
        let aadsts = if grams.may_contain(b"aadsts") {
            let at = memchr::memmem::find_iter(&lower, b"aadsts");
            text::prefixed_numbers_at(text, "AADSTS".len(), at)
                .into_iter()
                .filter_map(|(s, d)| d.parse().ok().map(|n| (n, s)))
                .collect()
        } else {
            Vec::new()
        };
        let mut facts = Facts {
            text,
            lower,
            grams,
            kind: InputKind::Text,
            platform: Platform::Unknown,
            json,
            leaves,
            statuses: Vec::new(),
            aadsts,
            codes: Vec::new(),
            tokens: Vec::new(),
            run_time: None,
            request_url: None,
            request_method: None,
            request_has_credential: None,
            now,
        };
        facts.statuses = facts.find_statuses();
        facts.codes = facts.find_codes();
        facts.read_request();
        facts.run_time = facts.find_run_time();
        facts.kind = facts.detect_kind();
        facts.platform = facts.detect_platform();
        let ctx = TokenContext {
            now: Some(now),
            run_time: facts.run_time,
            skew_seconds,
            url: facts.request_url.clone(),
            method: facts.request_method.clone(),
            key: None,
        };
        // Authorization values as the action sent them (JSON-decoded), e.g. with quotes inside.
        let sent: Vec<&str> = facts
            .leaves
            .iter()
            .filter(|l| l.key == "authorization")
            .map(|l| l.value.as_str())
            .collect();
        let jwts = facts.grams.may_contain(b"eyj");
        let headers = facts.grams.may_contain(b"authorization");
        facts.tokens = token::find_tokens_lower(text, &facts.lower, jwts, headers)
            .into_iter()
            .take(16)
            .map(|found| {
                let raw = found.span.slice(text);
                if let Some(value) = sent.iter().find(|v| !raw.is_empty() && v.contains(raw)) {
                    let report = token::inspect(value, &ctx);
                    return Token {
                        found,
                        report,
                        decoded: true,
                    };
                }
                let span = found.header_value.unwrap_or(found.span);
                let report = token::inspect(span.slice(text), &ctx);
                Token {
                    found,
                    report,
                    decoded: false,
                }
            })
            .collect();
        facts
    }

    /// First occurrence of an already-lowercased `needle` in the lowercased text, at or after
    /// `from`. memmem rather than `str::find`: it has a fast path on wasm32, where std's has none;
    /// callers that loop over occurrences build the `Finder` once.
    fn find_lower(&self, needle: &Finder, from: usize) -> Option<usize> {
        let hay = self.lower.get(from..)?;
        needle.find(hay).map(|i| from + i)
    }

    /// Whether the text contains `phrase`, case-insensitively.
    fn mentions(&self, phrase: &str) -> bool {
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
                self.find_lower(&Finder::new(&needle), 0)
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
        let finder = Finder::new(&needle);
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

    /// The span of an error code identifier, if the paste uses it (as a JSON code or a word).
    pub fn code(&self, id: &str) -> Option<Span> {
        self.codes
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(id))
            .map(|(_, s)| *s)
            .or_else(|| self.word(id))
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
        let finder = Finder::new(&key);
        let value_finder = Finder::new(&value_l);
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

    fn find_statuses(&self) -> Vec<Status> {
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
                        || after.starts_with(" (");
                    if ctx_before || ctx_after {
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

    fn find_codes(&self) -> Vec<(String, Span)> {
        let mut out: Vec<(String, Span)> = Vec::new();
        for l in &self.leaves {
            let code_key = matches!(
                l.key.as_str(),
                "code"
                    | "error"
                    | "errorcode"
                    | "error_code"
                    | "suberror"
                    | "sub_error"
                    | "suberrorcode"
            ) || (l.key == "name" && matches!(l.parent.as_str(), "" | "error"));
            if out.len() >= MAX_SIGNALS {
                break;
            }
            let v = l.value.trim();
            let identifier = !v.is_empty()
                && v.len() <= 80
                && v.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-');
            if code_key && identifier && !out.iter().any(|(c, _)| c == v) {
                let span = self.locate(&l.key, v).unwrap_or_default();
                out.push((v.to_string(), span));
            }
        }
        out
    }

    fn read_request(&mut self) {
        // Raw inputs of an HTTP action: {"uri": …, "method": …, "headers": {…}}.
        for f in &self.json {
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
        if let (Some(m), Some(target)) = (parts.next(), parts.next()) {
            if ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(&m) {
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
        let finder = Finder::new(&needle);
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

    /// Whether the whole paste (trimmed) is one JSON value.
    fn whole_json(&self) -> bool {
        self.json
            .first()
            .is_some_and(|f| !f.nested && f.span.len() == self.text.trim().len())
    }

    fn has_key(&self, key: &str) -> bool {
        self.leaves.iter().any(|l| l.key == key)
    }

    fn detect_kind(&self) -> InputKind {
        let t = self.text.trim();
        if t.is_empty() {
            return InputKind::Empty;
        }
        let root = self.json.first().filter(|f| !f.nested).map(|f| &f.value);
        let whole_json = self.whole_json();
        if let Some(v) = root.filter(|_| whole_json) {
            let v = v.get("inputs").or(v.get("outputs")).unwrap_or(v);
            if v.get("statusCode").is_some()
                && (v.get("body").is_some() || v.get("headers").is_some())
            {
                return InputKind::RawOutputs;
            }
            if v.get("uri").is_some()
                || (v.get("host").is_some() && v.get("operationId").is_some())
                || v.get("operationId").is_some()
            {
                return InputKind::RawInputs;
            }
            if v.get("error_description").is_some() || v.get("error_codes").is_some() {
                return InputKind::TokenEndpointError;
            }
            if v.get("runStatus").is_some()
                || v.get("value")
                    .and_then(|x| x.as_array())
                    .is_some_and(|a| a.iter().any(|r| r.get("status").is_some()))
                || (v.get("properties").is_some()
                    && (self.has_key("starttime") || self.has_key("statuses")))
                || (v.get("status").is_some()
                    && v.get("error").is_some()
                    && v.get("code").is_some())
                || v.get("properties").is_some_and(|p| {
                    p.get("status").is_some()
                        && (p.get("error").is_some() || p.get("code").is_some())
                })
            {
                return InputKind::RunHistory;
            }
            if v.get("error").is_some()
                || v.get("odata.error").is_some()
                || v.get("code").is_some()
                || v.get("Code").is_some()
            {
                return InputKind::ApiErrorJson;
            }
            return InputKind::Json;
        }
        let first = t.lines().next().unwrap_or("");
        if first.starts_with("HTTP/") {
            return InputKind::HttpResponse;
        }
        if [
            "GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS ",
        ]
        .iter()
        .any(|m| first.starts_with(m))
        {
            return InputKind::HttpRequest;
        }
        let lower_first = first.to_ascii_lowercase();
        if lower_first.starts_with("www-authenticate")
            || (t.starts_with("Bearer ") && t.contains("error="))
        {
            return InputKind::WwwAuthenticate;
        }
        let one_line = !t.contains('\n');
        if one_line && t.starts_with("eyJ") && t.matches('.').count() >= 2 {
            return InputKind::Jwt;
        }
        if one_line
            && (lower_first.starts_with("authorization:")
                || lower_first.starts_with("bearer ")
                || lower_first.starts_with("basic "))
        {
            return InputKind::AuthorizationHeader;
        }
        if self.aadsts.is_empty() && self.has_key("error_description") {
            return InputKind::TokenEndpointError;
        }
        InputKind::Text
    }

    fn detect_platform(&self) -> Platform {
        let score = |needles: &[&str]| needles.iter().filter(|n| self.mentions(n)).count();
        let pa = score(&[
            "power automate",
            "flow client error",
            "logicflows",
            "shared_",
            "apihub",
            "azure-apim.net",
            "flow '",
            "this flow",
            "your flow",
            "turn on",
            "connection reference",
            "powerapps",
            "flow run",
            "operationId",
            "DirectApiAuthorizationRequired",
            "Show raw",
            "Failed to refresh access token for service",
            "Error from token exchange",
        ]);
        let la = score(&[
            "logic app",
            "microsoft.logic",
            "workflow",
            "azconn",
            "api connection",
            "apiconnection",
            "microsoft.web/connections",
            "runstatus",
            "x-ms-workflow",
            "integration account",
        ]);
        let bi = score(&[
            "power bi",
            "powerbi",
            "pbi.error",
            "dm_gw",
            "dmts_",
            "scheduled refresh",
            "refresh history",
            "refreshtype",
            "semantic model",
            "dataset",
            "data source",
            "gateway",
            "serviceexceptionjson",
            "mashup",
            "analysisservices",
        ]);
        let entra = score(&[
            "aadsts",
            "login.microsoftonline.com",
            "error_description",
            "msal",
            "adal",
            "token endpoint",
            "invalid_grant",
        ]);
        let http = score(&[
            "http/1.1",
            "http/2",
            "www-authenticate",
            "authorization:",
            "content-type:",
        ]);
        let ranked = [
            (pa, Platform::PowerAutomate),
            (la, Platform::LogicApps),
            (bi, Platform::PowerBi),
            (entra, Platform::Entra),
            (http, Platform::Http),
        ];
        let best = ranked.iter().max_by_key(|(n, _)| *n).map_or(0, |(n, _)| *n);
        // Raw inputs/outputs come from the flow engine shared by Power Automate and Logic Apps;
        // without other hints, Power Automate is where most people see them.
        let engine_shape = matches!(self.kind, InputKind::RawOutputs | InputKind::RawInputs);
        if engine_shape && pa == 0 && la == 0 && bi == 0 {
            return Platform::PowerAutomate;
        }
        if best == 0 {
            return if self.statuses.is_empty() {
                Platform::Unknown
            } else {
                Platform::Http
            };
        }
        // First in the list wins ties: the platform a person works in over the service underneath.
        ranked
            .iter()
            .find(|(n, _)| *n == best)
            .map_or(Platform::Unknown, |(_, p)| *p)
    }
}

/// A presence bitmap of hashed byte trigrams. No false negatives: a needle whose trigrams are
/// not all present cannot occur in the text.
#[derive(Default)]
struct Trigrams {
    bits: Vec<u64>,
}

impl Trigrams {
    fn slot(v: u32, mask: usize) -> usize {
        (v.wrapping_mul(0x9E37_79B1) >> 8) as usize & mask
    }

    /// The lowercased text and its trigrams, in one pass: on a 10 MB paste this loop is a
    /// noticeable share of the whole analysis.
    fn lowercase(text: &[u8]) -> (Vec<u8>, Trigrams) {
        // About 8 bits per input byte, capped at 2^20 bits (128 KiB) for large pastes.
        let nbits = (text.len() * 8).next_power_of_two().clamp(1 << 12, 1 << 20);
        let mut bits = vec![0u64; nbits / 64];
        let mask = nbits - 1;
        let mut lower = Vec::with_capacity(text.len());
        let mut window = 0u32;
        for (i, c) in text.iter().enumerate() {
            let c = c.to_ascii_lowercase();
            lower.push(c);
            window = (window << 8 | u32::from(c)) & 0xFF_FFFF;
            if i >= 2 {
                let s = Self::slot(window, mask);
                bits[s / 64] |= 1 << (s % 64);
            }
        }
        (lower, Trigrams { bits })
    }

    fn may_contain(&self, needle: &[u8]) -> bool {
        if self.bits.is_empty() || needle.len() < 3 {
            return true;
        }
        let mask = self.bits.len() * 64 - 1;
        needle.windows(3).all(|w| {
            let v = u32::from(w[0]) << 16 | u32::from(w[1]) << 8 | u32::from(w[2]);
            let s = Self::slot(v, mask);
            self.bits[s / 64] & (1 << (s % 64)) != 0
        })
    }
}

fn reason_code(s: &str) -> Option<u16> {
    let l = s.trim().to_ascii_lowercase();
    REASONS.iter().find(|(r, _)| *r == l).map(|(_, c)| *c)
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
        assert_eq!(f.kind, InputKind::Text);
    }

    #[test]
    fn kinds_are_detected() {
        assert_eq!(
            facts(r#"{"statusCode":403,"headers":{},"body":{}}"#).kind,
            InputKind::RawOutputs
        );
        assert_eq!(
            facts(r#"{"uri":"https://x","method":"GET"}"#).kind,
            InputKind::RawInputs
        );
        assert_eq!(
            facts(r#"{"error":"invalid_grant","error_description":"AADSTS1"}"#).kind,
            InputKind::TokenEndpointError
        );
        assert_eq!(
            facts("HTTP/1.1 401 Unauthorized\r\nA: b").kind,
            InputKind::HttpResponse
        );
        assert_eq!(facts("  ").kind, InputKind::Empty);
        assert_eq!(
            facts("Authorization: Bearer abc").kind,
            InputKind::AuthorizationHeader
        );
    }

    proptest::proptest! {
        /// No false negatives: every substring of the text, in any case, may be contained.
        #[test]
        fn trigrams_never_miss_a_substring(text in "[a-dA-D \"]{0,300}", at in 0usize..300, len in 0usize..20) {
            let (lower, grams) = Trigrams::lowercase(text.as_bytes());
            proptest::prop_assert_eq!(&lower, &text.to_ascii_lowercase().into_bytes());
            let start = at.min(text.len());
            let end = (start + len).min(text.len());
            let needle = text[start..end].to_ascii_lowercase();
            proptest::prop_assert!(grams.may_contain(needle.as_bytes()), "{needle:?} in {text:?}");
        }
    }

    #[test]
    fn trigrams_rule_out_absent_phrases() {
        let (_, grams) = Trigrams::lowercase(b"The access token has EXPIRED.");
        assert!(grams.may_contain(b"token has expired"));
        assert!(!grams.may_contain(b"insufficient privileges"));
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
