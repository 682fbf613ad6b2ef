//! The canonical request model, parsers for every request format people paste, and the comparison
//! of two requests (issue 5).
//!
//! - [`parse`]: one paste → [`ParsedSide`] (format detected automatically, see [`ParsedSide::kind`]).
//! - [`compare`]: two pastes → [`CompareReport`] (ranked differences, secrets removed).
//! - [`render_text`]: the report as plain text for the CLI.
//!
//! Formats: `flow-raw-inputs`, `postman-collection`, `postman-console`, `raw-http`, `curl`, `har`.

mod curl;
mod diff;
mod flow;
mod har;
pub mod model;
mod postman;
mod raw_http;
mod url;

pub use diff::{compare, render_text, CompareOptions, CompareReport, Difference, SideReport};
pub use model::{auth_from_header_value, Auth, Body, Header, Request, TokenFacts, Url};

use crate::time::Timestamp;
use serde::Serialize;

/// One side parsed: what format was detected and the request, or why it could not be read.
///
/// `request` keeps secrets (the diagnosis engine needs them); call [`Request::redacted`] before
/// showing it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ParsedSide {
    /// Detected format: `flow-raw-inputs`, `postman-collection`, `postman-console`, `raw-http`,
    /// `curl`, `har`; `empty` or `unknown` when nothing could be recognised.
    pub kind: String,
    /// Serialised redacted (see [`Request::redacted`]); the value in memory keeps the secrets.
    #[serde(serialize_with = "serialize_redacted")]
    pub request: Option<Request>,
    /// Why no request could be read (a sentence saying what was wrong and where).
    pub error: Option<String>,
    /// Things worth knowing about how the paste was read (assumptions, ignored options, ...).
    pub notes: Vec<String>,
    /// Requests available in a multi-request paste (Postman names, HAR entries), to pick from.
    pub picks: Vec<String>,
    /// Which of `picks` was used.
    pub picked: Option<String>,
    /// When the request was sent, if the paste says so (HAR `startedDateTime`).
    pub sent_at: Option<Timestamp>,
}

fn serialize_redacted<S: serde::Serializer>(r: &Option<Request>, s: S) -> Result<S::Ok, S::Error> {
    r.as_ref().map(Request::redacted).serialize(s)
}

/// Parses one side. `pick` chooses a request in a Postman collection (by name) or a HAR file
/// (index, or a substring of the URL); the first is used when absent.
pub fn parse(text: &str, pick: Option<&str>) -> ParsedSide {
    let mut side = ParsedSide::default();
    if text.len() > crate::MAX_INPUT_BYTES {
        side.kind = "unknown".into();
        side.error = Some(format!(
            "the paste is {} bytes, above the {}-byte limit",
            text.len(),
            crate::MAX_INPUT_BYTES
        ));
        return side;
    }
    let t = strip_fence(text.trim_start_matches('\u{feff}').trim());
    if t.is_empty() {
        side.kind = "empty".into();
        side.error = Some("nothing was pasted on this side".into());
        return side;
    }
    let result = if t.starts_with('{') || t.starts_with('[') {
        parse_json_side(t, pick, &mut side)
    } else if curl::is_curl(t) {
        side.kind = "curl".into();
        curl::parse_curl(t, &mut side)
    } else if let Some(kind) = raw_http::detect(t) {
        side.kind = kind.into();
        raw_http::parse_raw(t, &mut side)
    } else {
        side.kind = "unknown".into();
        Err(format!(
            "could not recognise the format of `{}`: expected a flow's raw inputs (JSON), a \
             Postman collection, a HAR file, a cURL command, or an HTTP request starting with a \
             line like `GET https://host/path`",
            // Redacted whole before shortening: a cut-off secret may no longer look like one.
            crate::text::shorten(&crate::redact::redact(t.lines().next().unwrap_or("")), 60)
        ))
    };
    match result {
        Ok(r) => side.request = Some(r),
        // Parser messages may quote the paste.
        Err(e) => side.error = Some(crate::redact::redact(&e)),
    }
    if pick.is_some() && side.picks.is_empty() && side.error.is_none() {
        side.notes.push(format!(
            "a pick was given but a {} paste holds a single request; the pick was ignored",
            side.kind
        ));
    }
    side
}

/// The format [`parse`] reads `text` as, when that format carries a request (`har`,
/// `postman-collection`, `flow-raw-inputs`, `curl`, `raw-http`, `postman-console`); `None` means
/// `parse` finds no request, for certain: the same dispatch, without building anything. The page
/// uses it to load its request parser (part of the Compare module) only for pastes that may hold
/// a request.
pub fn detect(text: &str) -> Option<&'static str> {
    if text.len() > crate::MAX_INPUT_BYTES {
        return None;
    }
    let t = strip_fence(text.trim_start_matches('\u{feff}').trim());
    if t.is_empty() {
        None
    } else if t.starts_with('{') || t.starts_with('[') {
        let value: serde_json::Value = serde_json::from_str(t).ok()?;
        if value.pointer("/log/entries").is_some() {
            Some("har")
        } else if postman::is_collection(&value) {
            Some("postman-collection")
        } else if flow::is_flow(&value) {
            Some("flow-raw-inputs")
        } else {
            None
        }
    } else if curl::is_curl(t) {
        Some("curl")
    } else {
        raw_http::detect(t)
    }
}

/// Drops a Markdown code fence around the paste (```bash … ```).
fn strip_fence(t: &str) -> &str {
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    let body = rest.split_once('\n').map_or("", |(_, b)| b);
    body.trim_end().strip_suffix("```").unwrap_or(body).trim()
}

fn parse_json_side(t: &str, pick: Option<&str>, side: &mut ParsedSide) -> Result<Request, String> {
    let value: serde_json::Value = match serde_json::from_str(t) {
        Ok(v) => v,
        Err(e) => {
            side.kind = "unknown".into();
            return Err(format!(
                "the paste looks like JSON but does not parse: {e}; paste the whole document"
            ));
        }
    };
    let obj = value.as_object();
    let has = |k: &str| obj.is_some_and(|o| o.contains_key(k));
    if value.pointer("/log/entries").is_some() {
        side.kind = "har".into();
        har::parse_har(&value, pick, side)
    } else if postman::is_collection(&value) {
        side.kind = "postman-collection".into();
        postman::parse_collection(&value, pick, side)
    } else if flow::is_flow(&value) {
        side.kind = "flow-raw-inputs".into();
        flow::parse_flow(&value, side)
    } else {
        side.kind = "unknown".into();
        let keys: Vec<String> = obj
            .map(|o| o.keys().take(8).cloned().collect())
            .unwrap_or_default();
        let what = if obj.is_none() {
            "a JSON array".to_string()
        } else if keys.is_empty() {
            "an empty JSON object".to_string()
        } else {
            format!("JSON with top-level keys {}", keys.join(", "))
        };
        let hint = if has("outputs") || has("statusCode") {
            " (this looks like raw outputs: paste the action's raw inputs instead)"
        } else {
            ""
        };
        Err(format!(
            "{what} is neither a flow's raw inputs (`uri` and `method`), a Postman collection \
             (`info.schema` with collection/v2) nor a HAR file (`log.entries`){hint}"
        ))
    }
}

/// Builds the request shared by every parser: URL parsed, Authorization header read into
/// `auth` unless an explicit auth setting was given, body classified.
pub(crate) fn assemble(
    method: &str,
    url_text: &str,
    headers: Vec<Header>,
    explicit_auth: Option<Auth>,
    body: Body,
    side: &mut ParsedSide,
) -> Result<Request, String> {
    let (url, extras) = url::parse_url(url_text, "https")?;
    if extras.assumed_scheme {
        side.notes.push(format!(
            "the URL has no scheme; {}:// was assumed",
            url.scheme
        ));
    }
    if model::has_expression(url_text) {
        side.notes.push(
            "the URL still contains an unevaluated expression (`@{…}`): this is the definition, \
             not the run's raw inputs"
                .into(),
        );
    }
    let header_auth = headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("authorization"))
        .map(|h| auth_from_header_value(&h.value, "authorization-header"));
    let auth = match (explicit_auth, header_auth) {
        (Some(a), Some(_)) => {
            side.notes.push(format!(
                "both an Authorization header and a {} setting are present; the {} setting is \
                 used here",
                a.source, a.source
            ));
            Some(a)
        }
        (Some(a), None) => Some(a),
        (None, Some(h)) => Some(h),
        (None, None) => extras.userinfo.as_deref().map(|ui| {
            let (u, p) = ui.split_once(':').unwrap_or((ui, ""));
            model::basic_auth(u, p, "url-userinfo")
        }),
    };
    let method = method.trim().to_ascii_uppercase();
    if method.is_empty() || !method.bytes().all(|c| c.is_ascii_alphabetic() || c == b'-') {
        return Err(format!(
            "`{}` is not an HTTP method",
            crate::text::shorten(&method, 30)
        ));
    }
    Ok(Request {
        method,
        url,
        headers,
        auth,
        body,
    })
}

/// A header from a name and a value (value trimmed).
pub(crate) fn header(name: &str, value: &str) -> Header {
    Header {
        name: name.trim().to_string(),
        value: value.trim().to_string(),
    }
}
