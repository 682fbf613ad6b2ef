//! Token inspector: decodes bearer tokens and Authorization header values locally and checks them.
//!
//! Public interface (used by the diagnosis engine, the CLI and the web layer):
//! - [`inspect`]: one token or Authorization header value → [`TokenReport`].
//! - [`find_tokens`]: every bearer token / JWT found anywhere in a larger paste, with spans.
//!
//! STUB: filled in by the token-inspector work (issue 4).

use crate::span::Span;
use crate::time::Timestamp;
use serde::Serialize;

/// What the caller knows besides the token itself.
#[derive(Clone, Debug, Default)]
pub struct TokenContext {
    /// "Now" as the caller's clock says (the core never reads a clock).
    pub now: Option<Timestamp>,
    /// When the failing request was made, if the paste carries it (Date header, startTime, ...).
    pub run_time: Option<Timestamp>,
    /// Clock-skew tolerance in seconds (default 300).
    pub skew_seconds: i64,
    /// The URL the token was sent to, if known.
    pub url: Option<String>,
    /// A pasted verification key (JWK, JWKS, PEM, or an HS256 secret).
    pub key: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Fail,
    Warn,
    Unknown,
}

/// One check: a stable id (`time.expired`, `header.quoted`, ...), a status and a sentence.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    pub id: &'static str,
    pub status: CheckStatus,
    pub message: String,
    /// The offending characters, relative to the inspected input.
    pub span: Option<Span>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct TokenReport {
    /// "jwt", "jwe", "opaque", "basic", "other-scheme", "empty", ...
    pub kind: String,
    pub checks: Vec<Check>,
}

/// A token found inside a larger text.
#[derive(Clone, Debug, Serialize)]
pub struct FoundToken {
    /// The token itself (no scheme).
    pub span: Span,
    /// The whole header value when the token sat in an Authorization header (`Bearer eyJ…`).
    pub header_value: Option<Span>,
}

pub fn inspect(_input: &str, _ctx: &TokenContext) -> TokenReport {
    TokenReport::default()
}

pub fn find_tokens(_text: &str) -> Vec<FoundToken> {
    Vec::new()
}
