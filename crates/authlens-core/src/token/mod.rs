//! Token inspector: decodes bearer tokens and Authorization header values locally and checks them.
//!
//! Public interface (used by the diagnosis engine, the CLI and the web layer):
//! - [`inspect`]: one token or Authorization header value → [`TokenReport`].
//! - [`find_tokens`]: every bearer token / JWT found anywhere in a larger paste, with spans.
//! - [`render_text`]: a deterministic plain-text rendering of a report (CLI).
//!
//! Everything is *decoded, not verified* unless a key is given in [`TokenContext::key`] and the
//! signature check passes ([`TokenReport::verified`]).
//!
//! # Check ids
//! Stable dotted names, used by the page as `data-check`. Each check is reported at most once,
//! with a status ([`CheckStatus`]) and one plain sentence. Verdicts are kept separate on purpose:
//! a time failure is never shown as a bad signature.
//!
//! The ids and what each checks are listed, with a sentence each, in [`CHECKS`].
//!
//! Spans in checks are byte offsets into the input given to [`inspect`].

mod checks;
mod claims;
#[cfg(feature = "verify")]
mod der;
mod find;
mod input;
pub(crate) mod jwt;
mod opaque;
pub mod perms;
mod render;
pub(crate) mod resource;
mod verify;

use crate::diagnostic::{CodeDoc, Diagnostic, Evidence, Severity};
use crate::span::Span;
use crate::time::Timestamp;
use serde::Serialize;

pub use find::find_tokens;
pub(crate) use find::find_tokens_lower;
pub use input::{ContainedToken, TokenRole, TokenSource};
pub use render::{claims_of_check, render_markdown, render_text};
pub use verify::KeyOutcome;

/// Every token check id, with what it checks. Ids are stable (the page's `data-check`, the
/// JSON's `checks[].id`); a test keeps this list and the checks in step.
pub const CHECKS: &[CodeDoc] = &[
    check("structure", "The input decodes", "Segment count, base64url and JSON of a JWT; JWE and opaque (non-JWT) tokens are recognised and said to be so."),
    check("signature", "Signature", "Checked only when a key is given; without one the token is decoded, not verified. Microsoft Graph tokens carry a nonce and cannot be verified outside Graph, by design."),
    check("alg", "Signing algorithm", "The `alg` header: `none`, unknown algorithms, HMAC/asymmetric confusion, a key of the wrong type."),
    check("time.expired", "Expiry", "`exp` against now, with the clock-skew tolerance: an expired token is refused everywhere; get a new one in the same run, right before the call."),
    check("time.not-yet-valid", "Not valid yet", "`nbf` against now: a token used before it becomes valid points at a clock that is off."),
    check("time.issued-in-future", "Issued in the future", "`iat` against now: a clock problem on the machine that asked for the token or on this one."),
    check("time.at-run", "Valid when the request was made", "`exp` and `nbf` against the time the failing request was made (from the paste), which is what counts for a past run."),
    check("lifetime", "Lifetime", "`exp - iat` unusually short or long; a static token pasted into an action stops working after about an hour."),
    check("audience", "Audience", "`aud` against the URL the token was sent to: a token for another API is refused with 401 even when it is valid."),
    check("permissions", "Permissions", "`scp` (delegated) or `roles` (application) against what common calls to that API need."),
    check("tenant", "Tenant", "`tid`/`iss` against a tenant named in the URL; personal Microsoft accounts."),
    check("identity", "Who the token is for", "A user (delegated) or the app itself (app-only); an ID token used where an access token is needed."),
    check("mfa", "Multi-factor authentication", "Whether `amr` shows MFA, for resources and policies that require it."),
    check("header.quoted", "Quotes", "Quotes around the header value or the token, usually from an expression or a copied JSON string."),
    check("header.scheme", "Scheme", "Missing, doubled or lowercase `Bearer`, or another scheme than the API expects."),
    check("header.whitespace", "Whitespace", "Leading or trailing whitespace, line breaks or double spaces in the value."),
    check("header.expression", "Unevaluated expression", "A Power Automate / Logic Apps expression (`@{…}`) sent as text instead of its value."),
    check("header.json-escaped", "JSON escapes", "JSON escapes (`\\\"`, `\\/`, `\\u002e`) left in the value."),
    check("header.truncated", "Cut short", "A token cut short: a missing or short signature, `...` or `…` inside."),
];

const fn check(code: &'static str, title: &'static str, doc: &'static str) -> CodeDoc {
    CodeDoc { code, title, doc }
}

/// Default clock-skew tolerance in seconds.
pub const DEFAULT_SKEW_SECONDS: i64 = 300;

/// What the caller knows besides the token itself.
#[derive(Clone, Debug, Default)]
pub struct TokenContext {
    /// "Now" as the caller's clock says (the core never reads a clock).
    pub now: Option<Timestamp>,
    /// When the failing request was made, if the paste carries it (Date header, startTime, ...).
    pub run_time: Option<Timestamp>,
    /// Clock-skew tolerance in seconds (0 or negative means the default, 300).
    pub skew_seconds: i64,
    /// The URL the token was sent to, if known. May start with the method (`POST https://…`).
    pub url: Option<String>,
    /// The HTTP method of the request, if known (`GET`, `POST`, ...). Also read from `url`.
    pub method: Option<String>,
    /// A pasted verification key (JWK, JWKS, PEM, or an HS256 secret).
    pub key: Option<String>,
}

impl TokenContext {
    /// A context with "now" and the default skew tolerance (300 s).
    pub fn new(now: Option<Timestamp>) -> Self {
        TokenContext {
            now,
            skew_seconds: DEFAULT_SKEW_SECONDS,
            ..Default::default()
        }
    }

    /// The skew tolerance actually used (the default when unset).
    pub fn skew(&self) -> i64 {
        if self.skew_seconds > 0 {
            self.skew_seconds
        } else {
            DEFAULT_SKEW_SECONDS
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Fail,
    Warn,
    Unknown,
}

impl CheckStatus {
    pub fn label(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::Warn => "warn",
            CheckStatus::Unknown => "unknown",
        }
    }
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

impl Check {
    pub(crate) fn new(id: &'static str, status: CheckStatus, message: impl Into<String>) -> Self {
        Check {
            id,
            status,
            message: message.into(),
            span: None,
        }
    }

    pub(crate) fn at(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }
}

impl CheckStatus {
    /// The severity of the vocabulary: a failed check is an error, a warning a warning, a passed
    /// or unknown check information.
    pub const fn severity(self) -> Severity {
        match self {
            CheckStatus::Fail => Severity::Error,
            CheckStatus::Warn => Severity::Warning,
            CheckStatus::Pass | CheckStatus::Unknown => Severity::Info,
        }
    }
}

impl Diagnostic for Check {
    fn code(&self) -> &str {
        self.id
    }
    fn severity(&self) -> Severity {
        self.status.severity()
    }
    fn message(&self) -> &str {
        &self.message
    }
    /// The offending characters of the inspected input; their text is not kept (it may be the
    /// secret), so the label carries the span only.
    fn labels(&self) -> Vec<Evidence> {
        self.span
            .map(|s| Evidence {
                start: s.start,
                end: s.end,
                text: String::new(),
                label: "offending characters".into(),
            })
            .into_iter()
            .collect()
    }
}

/// One claim of the payload, explained.
#[derive(Clone, Debug, Serialize)]
pub struct ExplainedClaim {
    pub name: String,
    /// The raw JSON value.
    pub value: serde_json::Value,
    /// The value as a person reads it (dates as RFC 3339 plus relative wording, known IDs named).
    pub display: String,
    /// What the claim means, in plain words for makers and admins (empty for unknown claims).
    pub explanation: String,
}

/// The Authorization scheme of the input, when it had one.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SchemeInfo {
    /// The scheme as written (`Bearer`, `bearer`, `Basic`, `SharedAccessSignature`, ...).
    pub name: String,
    /// For Basic: the user name.
    pub basic_user: Option<String>,
    /// For Basic: the password length only (the password itself is never kept).
    pub basic_password_len: Option<usize>,
}

/// The claims of a decoded JWT as typed values, for the checks and the diagnosis (serialised as
/// `TokenReport::facts`). Compare keeps its own smaller summary of a request's token.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ClaimFacts {
    pub aud: Vec<String>,
    pub iss: Option<String>,
    pub tid: Option<String>,
    pub oid: Option<String>,
    pub sub: Option<String>,
    /// `appid` (v1) or `azp` (v2).
    pub appid: Option<String>,
    pub app_displayname: Option<String>,
    /// `upn`, `unique_name` or `preferred_username`.
    pub upn: Option<String>,
    pub scp: Vec<String>,
    pub roles: Vec<String>,
    pub idtyp: Option<String>,
    pub amr: Vec<String>,
    pub ver: Option<String>,
    pub iat: Option<Timestamp>,
    pub nbf: Option<Timestamp>,
    pub exp: Option<Timestamp>,
    pub is_app_only: bool,
    /// "v1" (`sts.windows.net`) or "v2" (`login.microsoftonline.com/…/v2.0`).
    pub issuer_version: Option<String>,
    /// Issued to a personal Microsoft account (tenant 9188040d-6c67-4c5b-b112-36a304b66dad).
    pub personal_account: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct TokenReport {
    /// "jwt", "jwe", "opaque", "msa-compact", "sas", "api-key", "client-secret",
    /// "refresh-token", "basic", "other-scheme", "expression", "malformed", "empty".
    pub kind: String,
    pub checks: Vec<Check>,
    /// True only when a key was given and the signature checked out. False means
    /// "decoded, not verified" (or verification failed: see the `signature` check).
    pub verified: bool,
    /// Why the input could not be decoded, or what a non-JWT looks like.
    pub message: Option<String>,
    /// The decoded JWT/JWE header.
    pub header: Option<serde_json::Value>,
    /// The decoded JWT payload.
    pub payload: Option<serde_json::Value>,
    pub claims: Vec<ExplainedClaim>,
    pub facts: Option<ClaimFacts>,
    pub scheme: Option<SchemeInfo>,
    /// The token without its secret part: `header.payload.` for a JWT, the user with a masked
    /// password for Basic, a marker for other secrets.
    pub redacted: String,
    /// Where the token itself sits in the input.
    pub token_span: Option<Span>,
    /// When the input held tokens in a container (a token endpoint response, an MSAL cache
    /// entry, `az account get-access-token` output, a HAR entry): which one was inspected and
    /// the others. Absent for a bare token or header value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<TokenSource>,
}

impl TokenReport {
    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }

    pub(crate) fn push(&mut self, check: Check) {
        if self.checks.iter().all(|c| c.id != check.id) {
            self.checks.push(check);
        }
    }
}

/// A token found inside a larger text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FoundToken {
    /// The token itself (no scheme).
    pub span: Span,
    /// The whole header value when the token sat in an Authorization header (`Bearer eyJ…`).
    pub header_value: Option<Span>,
}

/// Inspects one token or Authorization header value. Never panics.
pub fn inspect(input: &str, ctx: &TokenContext) -> TokenReport {
    inspect_with(input, ctx, None)
}

/// [`inspect`], with the signature already checked against `ctx.key` elsewhere (`checked`, from
/// [`check_key`] on the same input and key): the page's wasm has no verification code and asks
/// a lazily loaded verifier instead. `None` checks the key here (feature `verify`).
pub fn inspect_with(input: &str, ctx: &TokenContext, checked: Option<KeyOutcome>) -> TokenReport {
    inspect_picked(input, ctx, checked, None)
}

/// [`inspect_with`], choosing which token of a container (a token response, an MSAL cache
/// entry, a HAR entry) to inspect: `pick` is a role (`access`, `id`, `refresh`, `header`) or a
/// field name (`id_token`); `None` (or a pick that matches nothing) takes the access token first.
pub fn inspect_picked(
    input: &str,
    ctx: &TokenContext,
    checked: Option<KeyOutcome>,
    pick: Option<&str>,
) -> TokenReport {
    let Some(source) = input::locate(input, pick) else {
        return inspect_one(input, ctx, checked);
    };
    let span = source
        .picked()
        .map_or(Span::new(0, input.len()), |t| t.span);
    let mut report = inspect_one(span.slice(input), ctx, checked);
    report.shift(span.start);
    if source
        .picked()
        .is_some_and(|t| t.role == TokenRole::Refresh)
    {
        report.message = Some(format!(
            "{} {}",
            TokenRole::Refresh.note(),
            report.message.take().unwrap_or_default()
        ));
    }
    report.source = Some(source);
    report
}

/// The person's `pick` of a token in the container `input`, in a form that still names that
/// token once `input` is redacted (`id#0`: the first ID token), for a share link. `None` when
/// nothing was picked, `input` is no container or the pick names no token.
pub fn stable_pick(input: &str, pick: Option<&str>) -> Option<String> {
    let pick = pick?;
    let source = input::locate(input, Some(pick))?;
    // A pick that matched nothing fell back to the default: nothing to carry.
    input::find_pick(&source.tokens, pick)?;
    source.stable_pick()
}

/// The token (or header value) of `input` that [`inspect_with`] inspects: the picked token of a
/// container, or the whole input.
pub fn inspected_part<'a>(input: &'a str, pick: Option<&str>) -> &'a str {
    match input::locate(input, pick).and_then(|s| s.picked().map(|t| t.span)) {
        Some(span) => span.slice(input),
        None => input,
    }
}

impl TokenReport {
    /// Moves every span by `by` bytes (a token inspected out of a larger input).
    fn shift(&mut self, by: usize) {
        let mv = |s: &mut Span| *s = s.offset(by);
        for c in &mut self.checks {
            if let Some(s) = c.span.as_mut() {
                mv(s);
            }
        }
        if let Some(s) = self.token_span.as_mut() {
            mv(s);
        }
    }
}

fn inspect_one(input: &str, ctx: &TokenContext, checked: Option<KeyOutcome>) -> TokenReport {
    let mut report = TokenReport::default();
    let prepared = input::prepare(input, &mut report);
    let Some(token) = prepared else {
        return report;
    };
    if jwt::looks_like_jwt(&token.text) {
        jwt::decode_into(&token, &mut report);
    } else {
        opaque::classify(&token, ctx, &mut report);
    }
    if report.kind == "jwt" {
        claims::explain_into(&mut report, ctx);
        checks::run(&token, ctx, &mut report);
    }
    verify::signature_checks(&token, ctx, &mut report, checked);
    report
}

/// Checks the signature of the token in `input` (as [`inspect`] reads it) with `key` (JWK, JWKS,
/// PEM, certificate or HMAC secret), for [`inspect_with`]. `None` when the key plays no part:
/// not a JWT, `alg: none`, or an empty key.
#[cfg(feature = "verify")]
pub fn check_key(input: &str, key: &str) -> Option<KeyOutcome> {
    let input = inspected_part(input, None);
    let mut report = TokenReport::default();
    let token = input::prepare(input, &mut report)?;
    if !jwt::looks_like_jwt(&token.text) {
        return None;
    }
    jwt::decode_into(&token, &mut report);
    verify::key_outcome(&token, &report, key)
}

#[cfg(test)]
mod tests {
    use super::CHECKS;

    /// The first string literal of every `Check::new(` call under `src/token/`.
    fn ids_in_source() -> Vec<String> {
        let mut ids = Vec::new();
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/token")];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                for (i, _) in text.match_indices("Check::new(") {
                    let rest = text[i + "Check::new(".len()..].trim_start();
                    let lit = rest.strip_prefix('"').and_then(|l| l.split('"').next());
                    // Ids are dotted kebab-case; this test's own text is not a check.
                    if let Some(id) = lit.filter(|l| {
                        !l.is_empty()
                            && l.bytes()
                                .all(|c| c.is_ascii_lowercase() || c == b'.' || c == b'-')
                    }) {
                        ids.push(id.to_string());
                    }
                }
            }
        }
        ids
    }

    #[test]
    fn every_check_id_is_documented_and_every_documented_id_is_used() {
        let used = ids_in_source();
        assert!(used.len() > 30, "{used:?}");
        for id in &used {
            assert!(CHECKS.iter().any(|c| c.code == id), "{id} is not in CHECKS");
        }
        for c in CHECKS {
            assert!(
                used.iter().any(|u| u == c.code),
                "{} is never checked",
                c.code
            );
            assert!(!c.doc.is_empty() && !c.title.is_empty());
        }
    }
}
