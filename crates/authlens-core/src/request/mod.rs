//! The canonical request model, parsers for every request format people paste, and the comparison
//! of two requests (issue 5).
//!
//! - [`detect`]: the typed sniff of a paste's request format ([`RequestFormat`]), without building
//!   anything; [`parse`] dispatches on the same sniff.
//! - [`parse`]: one paste → [`ParsedSide`] (format detected automatically, see [`ParsedSide::kind`]).
//! - [`compare`]: two pastes → [`CompareReport`] (ranked differences, secrets removed).
//! - [`render_text`]: the report as plain text for the CLI.
//!
//! Formats: `flow-raw-inputs`, `postman-collection`, `postman-console`, `raw-http`, `curl`, `har`,
//! `powershell`, `fetch`.

mod bearer;
mod curl;
mod diff;
mod fetch;
mod flow;
mod har;
pub mod model;
mod multipart;
mod pick;
mod postman;
mod powershell;
mod raw_http;
mod shell;
mod url;

pub use bearer::RequestToken;
pub use diff::{
    compare, format_name, render_markdown, render_text, sentence, summary, CompareOptions,
    CompareReport, Difference, SideReport, PARTS,
};
pub use model::{auth_from_header_value, Auth, Body, Header, Request, Url};
pub use pick::PickReport;

use crate::time::Timestamp;
use serde::Serialize;

/// One side parsed: what format was detected and the request, or why it could not be read.
///
/// `request` keeps secrets (the diagnosis engine needs them); call [`Request::redacted`] before
/// showing it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ParsedSide {
    /// Detected format: `flow-raw-inputs`, `postman-collection`, `postman-console`, `raw-http`,
    /// `curl`, `har`, `powershell`, `fetch` ([`RequestFormat::as_str`]); `empty` or `unknown` when
    /// nothing could be recognised.
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
    /// The method and URL of each of `picks`, for the best-match pick.
    #[serde(skip)]
    pub(crate) candidates: Vec<Candidate>,
    /// The index in `picks` of the request read.
    #[serde(skip)]
    pub(crate) picked_index: Option<usize>,
}

/// One request of a multi-request paste, as far as choosing among them needs.
#[derive(Clone, Debug, Default)]
pub(crate) struct Candidate {
    pub method: String,
    pub url: String,
}

/// Which request of a multi-request paste (Postman collection, HAR) to read.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pick<'a> {
    /// The first, with a note saying there are others.
    First,
    /// Chosen by the person: a name, an index or part of the URL.
    Given(&'a str),
    /// By position, chosen by the comparison (the best match of the other side).
    Index(usize),
}

fn serialize_redacted<S: serde::Serializer>(r: &Option<Request>, s: S) -> Result<S::Ok, S::Error> {
    r.as_ref().map(Request::redacted).serialize(s)
}

/// A request format [`detect`] recognises: what [`parse`] then reads the paste as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestFormat {
    /// A HAR file (`log.entries`).
    Har,
    /// A Postman collection (v2.0 / v2.1).
    PostmanCollection,
    /// A flow's or Logic App's raw inputs (`uri`, `method`, ...).
    FlowRawInputs,
    /// A cURL command (bash, Windows cmd or PowerShell quoting).
    Curl,
    /// `GET /path HTTP/1.1` with `Host:` and headers.
    RawHttp,
    /// Postman's console: `GET https://…`, headers, body.
    PostmanConsole,
    /// PowerShell's `Invoke-RestMethod` / `Invoke-WebRequest` (and "Copy as PowerShell").
    PowerShell,
    /// A `fetch(url, {…})` call ("Copy as fetch", "Copy as fetch (Node.js)").
    Fetch,
}

impl RequestFormat {
    /// The name used as [`ParsedSide::kind`] (`har`, `postman-collection`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            RequestFormat::Har => "har",
            RequestFormat::PostmanCollection => "postman-collection",
            RequestFormat::FlowRawInputs => "flow-raw-inputs",
            RequestFormat::Curl => "curl",
            RequestFormat::RawHttp => "raw-http",
            RequestFormat::PostmanConsole => "postman-console",
            RequestFormat::PowerShell => "powershell",
            RequestFormat::Fetch => "fetch",
        }
    }
}

/// How much of a paste the script readers (PowerShell, fetch) read: scripts are small, and their
/// readers hold the text as characters.
const READ_BYTES: usize = 1 << 20;

/// What a paste is, read once: the text without fence and BOM, its JSON if it is JSON, and the
/// request format recognised.
enum Sniff<'a> {
    TooLarge,
    Empty,
    /// JSON that parses: the format when a request format was recognised.
    Json(serde_json::Value, Option<RequestFormat>),
    /// Starts like JSON but does not parse.
    BadJson(serde_json::Error),
    /// A Postman collection pasted with its environment (or globals), the variables merged in,
    /// and a note saying so.
    EnvJson(serde_json::Value, String),
    /// Text: the format when recognised.
    Text(&'a str, Option<RequestFormat>),
}

fn sniff(text: &str) -> Sniff<'_> {
    if text.len() > crate::MAX_INPUT_BYTES {
        return Sniff::TooLarge;
    }
    let t = strip_fence(text.trim_start_matches('\u{feff}').trim());
    if t.is_empty() {
        Sniff::Empty
    } else if t.starts_with('{') || t.starts_with('[') {
        match serde_json::from_str::<serde_json::Value>(t) {
            Ok(value) => {
                let format = if value.pointer("/log/entries").is_some() {
                    Some(RequestFormat::Har)
                } else if postman::is_collection(&value) {
                    Some(RequestFormat::PostmanCollection)
                } else if flow::is_flow(&value) {
                    Some(RequestFormat::FlowRawInputs)
                } else {
                    None
                };
                Sniff::Json(value, format)
            }
            // A collection followed by its environment: two JSON documents, one request format
            // (tried only when a whole document was followed by more: no second parse of JSON
            // that is merely cut or broken).
            Err(e) if e.to_string().starts_with("trailing characters") => {
                match postman::with_environment(t) {
                    Some((value, note)) => Sniff::EnvJson(value, note),
                    None => Sniff::BadJson(e),
                }
            }
            Err(e) => Sniff::BadJson(e),
        }
    } else if powershell::is_powershell(t) {
        // Before cURL: `curl -Uri …` is Windows PowerShell's alias of Invoke-WebRequest.
        Sniff::Text(t, Some(RequestFormat::PowerShell))
    } else if curl::is_curl(t) {
        Sniff::Text(t, Some(RequestFormat::Curl))
    } else if fetch::is_fetch(t) {
        Sniff::Text(t, Some(RequestFormat::Fetch))
    } else {
        Sniff::Text(t, raw_http::detect(t))
    }
}

/// The format [`parse`] reads `text` as, when that format carries a request; `None` means
/// `parse` finds no request, for certain. Both go through the same sniffing, so they cannot
/// disagree. The page uses it to load its request parser (part of the Compare module) only for
/// pastes that may hold a request.
pub fn detect(text: &str) -> Option<RequestFormat> {
    match sniff(text) {
        Sniff::Json(_, format) | Sniff::Text(_, format) => format,
        Sniff::EnvJson(..) => Some(RequestFormat::PostmanCollection),
        Sniff::TooLarge | Sniff::Empty | Sniff::BadJson(_) => None,
    }
}

/// Parses one side. `pick` chooses a request in a Postman collection (by name) or a HAR file
/// (index, or a substring of the URL); the first is used when absent.
pub fn parse(text: &str, pick: Option<&str>) -> ParsedSide {
    let how = match pick.map(str::trim).filter(|p| !p.is_empty()) {
        None => Pick::First,
        Some(p) => Pick::Given(p),
    };
    let mut side = parse_with(text, how);
    if pick.is_some() && side.picks.is_empty() && side.error.is_none() {
        side.notes.push(format!(
            "a pick was given but a {} paste holds a single request; the pick was ignored",
            side.kind
        ));
    }
    side
}

/// [`parse`] with the request of a multi-request paste chosen by `pick`.
pub(crate) fn parse_with(text: &str, pick: Pick) -> ParsedSide {
    let mut side = ParsedSide {
        kind: "unknown".into(),
        ..ParsedSide::default()
    };
    let result = match sniff(text) {
        Sniff::TooLarge => Err(format!(
            "the paste is {} bytes, above the {}-byte limit",
            text.len(),
            crate::MAX_INPUT_BYTES
        )),
        Sniff::Empty => {
            side.kind = "empty".into();
            Err("nothing was pasted on this side".into())
        }
        Sniff::BadJson(e) => Err(format!(
            "the paste looks like JSON but does not parse: {e}; paste the whole document"
        )),
        Sniff::Json(value, None) => Err(unrecognised_json(&value)),
        Sniff::Text(t, None) => Err(format!(
            "could not recognise the format of `{}`: expected a flow's raw inputs (JSON), a \
             Postman collection, a HAR file, a cURL command, a PowerShell Invoke-RestMethod, a \
             fetch(…) call, or an HTTP request starting with a line like `GET https://host/path`",
            // Redacted whole before shortening: a cut-off secret may no longer look like one.
            crate::text::shorten(&crate::redact::redact(t.lines().next().unwrap_or("")), 60)
        )),
        Sniff::EnvJson(value, note) => {
            side.kind = RequestFormat::PostmanCollection.as_str().into();
            side.notes.push(note);
            postman::parse_collection(&value, pick, &mut side)
        }
        Sniff::Json(value, Some(format)) => {
            side.kind = format.as_str().into();
            match format {
                RequestFormat::Har => har::parse_har(&value, pick, &mut side),
                RequestFormat::PostmanCollection => {
                    postman::parse_collection(&value, pick, &mut side)
                }
                _ => flow::parse_flow(&value, &mut side),
            }
        }
        Sniff::Text(t, Some(format)) => {
            side.kind = format.as_str().into();
            match format {
                RequestFormat::Curl => curl::parse_curl(t, &mut side),
                RequestFormat::PowerShell => powershell::parse_powershell(t, pick, &mut side),
                RequestFormat::Fetch => fetch::parse_fetch(t, pick, &mut side),
                _ => raw_http::parse_raw(t, &mut side),
            }
        }
    };
    match result {
        Ok(r) => side.request = Some(r),
        // Parser messages may quote the paste.
        Err(e) => side.error = Some(crate::redact::redact(&e)),
    }
    side
}

/// Drops a Markdown code fence around the paste (```bash … ```).
fn strip_fence(t: &str) -> &str {
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    let body = rest.split_once('\n').map_or("", |(_, b)| b);
    body.trim_end().strip_suffix("```").unwrap_or(body).trim()
}

/// Why JSON that parses is not a request: what it holds instead, and a hint for raw outputs.
fn unrecognised_json(value: &serde_json::Value) -> String {
    let obj = value.as_object();
    let has = |k: &str| obj.is_some_and(|o| o.contains_key(k));
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
    } else if has("values") && has("_postman_variable_scope") {
        " (this is a Postman environment: paste the collection, then this environment after it)"
    } else {
        ""
    };
    format!(
        "{what} is neither a flow's raw inputs (`uri` and `method`), a Postman collection \
         (`info.schema` with collection/v2) nor a HAR file (`log.entries`){hint}"
    )
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
