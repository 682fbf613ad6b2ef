//! Comparison of two requests: normalisation, ranked differences in plain words, text rendering.

use super::model::{self, Auth, Body, Request, TokenFacts};
use super::{parse, ParsedSide};
use crate::order;
use crate::time::Timestamp;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
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

#[derive(Clone, Debug, Serialize)]
pub struct CompareReport {
    pub left: SideReport,
    pub right: SideReport,
    /// Most important first; expected noise last.
    pub differences: Vec<Difference>,
}

fn side_report(p: &ParsedSide) -> SideReport {
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
    }
}

/// Compares two pasted requests. Left is conventionally the working one (Postman), right the
/// failing one (the flow); each side's format is detected on its own.
pub fn compare(left: &str, right: &str, opts: &CompareOptions) -> CompareReport {
    let l = parse(left, opts.pick_left.as_deref());
    let r = parse(right, opts.pick_right.as_deref());
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
        left: side_report(&l),
        right: side_report(&r),
        differences,
    }
}

struct Out(Vec<(u8, usize, Difference)>);

impl Out {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rank: u8,
        part: &str,
        name: &str,
        left: Option<String>,
        right: Option<String>,
        severity: Severity,
        explanation: String,
        expected: bool,
    ) {
        let seq = self.0.len();
        self.0.push((
            rank,
            seq,
            Difference {
                part: part.into(),
                name: name.into(),
                left,
                right,
                severity,
                explanation,
                expected,
            },
        ));
    }
}

const R_AUTH: u8 = 0;
const R_URL: u8 = 1;
const R_METHOD: u8 = 2;
const R_CTYPE: u8 = 3;
const R_HEADER: u8 = 4;
const R_QUERY: u8 = 5;
const R_BODY: u8 = 6;

/// Compares two parsed requests; `lt`/`rt` are the times each was sent (for token expiry).
pub(crate) fn diff_requests(
    l: &Request,
    r: &Request,
    lt: Option<Timestamp>,
    rt: Option<Timestamp>,
) -> Vec<Difference> {
    let mut out = Out(Vec::new());
    auth_diffs(l.auth.as_ref(), r.auth.as_ref(), lt, rt, &mut out);
    url_diffs(l, r, &mut out);
    if l.method != r.method {
        out.push(
            R_METHOD,
            "method",
            "method",
            Some(l.method.clone()),
            Some(r.method.clone()),
            Severity::Error,
            format!(
                "the left request uses {} and the right one {}; the API may answer 404 or 405, \
                 or run a different operation",
                l.method, r.method
            ),
            false,
        );
    }
    header_diffs(l, r, &mut out);
    query_diffs(l, r, &mut out);
    body_diffs(&l.body, &r.body, &mut out);
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

// ---------------------------------------------------------------- auth

fn problem_sentence(p: &str, side: &str, a: &Auth) -> Option<(Severity, String)> {
    Some(match p {
        "quoted" => (
            Severity::Error,
            format!(
                "the {side} request sends `Authorization: \"{}\"` with quotes around the \
                 value; APIs reject that with 401. Remove the quotes in the header expression",
                match (
                    a.scheme.as_str(),
                    a.token.as_ref().map(|t| t.format.as_str())
                ) {
                    ("bearer", Some("jwt")) => "Bearer eyJ…",
                    ("bearer", _) => "Bearer …",
                    ("basic", _) => "Basic …",
                    _ => "…",
                }
            ),
        ),
        "unevaluated-expression" => (
            Severity::Error,
            format!(
                "the {side} credential still contains an unevaluated expression (`@{{…}}`): it is \
                 sent as literal text, so the API sees no valid credential. Insert it as dynamic \
                 content or an expression, not as text inside quotes"
            ),
        ),
        "missing-scheme" => (
            Severity::Error,
            format!(
                "the {side} Authorization value is a bare token without the `Bearer ` prefix; \
                 APIs expect `Authorization: Bearer <token>` and answer 401 otherwise"
            ),
        ),
        "duplicate-scheme" => (
            Severity::Error,
            format!(
                "the {side} Authorization value reads `Bearer Bearer …`: the token variable \
                 already includes the scheme, so the API cannot read the token"
            ),
        ),
        "whitespace-in-token" => (
            Severity::Error,
            format!(
                "the {side} token contains spaces or line breaks (often from copying it across \
                 lines); the API cannot validate it"
            ),
        ),
        "undecodable-jwt" => (
            Severity::Warning,
            format!(
                "the {side} token looks like a JWT but its payload does not decode; it may be \
                 truncated or altered"
            ),
        ),
        "undecodable-basic" => (
            Severity::Error,
            format!(
                "the {side} Basic credential is not base64 of `user:password`; the API cannot \
                 read it"
            ),
        ),
        _ => return None,
    })
}

fn auth_summary(a: &Auth) -> String {
    match (&a.token, a.scheme.as_str()) {
        (Some(t), _) if t.format == "jwt" => format!(
            "bearer JWT (aud {}, tid {}, appid {})",
            t.aud.as_deref().unwrap_or("?"),
            t.tid.as_deref().unwrap_or("?"),
            t.appid.as_deref().unwrap_or("?")
        ),
        _ => a.raw_value.clone(),
    }
}

fn scheme_words(a: &Auth) -> String {
    match a.scheme.as_str() {
        "bearer" => "a bearer token".into(),
        "basic" => "Basic credentials".into(),
        "apikey" => "an API key".into(),
        "oauth2-client-credentials" => "a token obtained with client credentials".into(),
        "managed-identity" => "a managed identity token".into(),
        "client-certificate" => "a client certificate".into(),
        _ => format!("`{}`", a.raw_value),
    }
}

fn expired_at(f: &TokenFacts, at: Option<Timestamp>) -> Option<bool> {
    Some(f.exp? <= at?.0)
}

fn fmt_exp(f: &TokenFacts) -> Option<String> {
    f.exp.map(|e| Timestamp(e).to_rfc3339())
}

/// The token's scopes and roles, each sorted and without duplicates.
fn set_of(f: &TokenFacts) -> (Vec<String>, Vec<String>) {
    (
        order::sorted_unique(
            f.scp
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        ),
        order::sorted_unique(f.roles.clone()),
    )
}

fn same_id(a: &str, b: &str) -> bool {
    a.trim()
        .trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim().trim_end_matches('/'))
}

/// Two optional ids are the same when both are absent or both name the same id.
fn same_opt_id(x: &Option<String>, y: &Option<String>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => same_id(x, y),
        (None, None) => true,
        _ => false,
    }
}

fn is_guid(s: &str) -> bool {
    let s = s.trim();
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

fn auth_diffs(
    l: Option<&Auth>,
    r: Option<&Auth>,
    lt: Option<Timestamp>,
    rt: Option<Timestamp>,
    out: &mut Out,
) {
    let identical = match (l, r) {
        (Some(a), Some(b)) => {
            a.scheme == b.scheme
                && a.secret == b.secret
                && a.problems == b.problems
                && a.tenant == b.tenant
                && a.audience == b.audience
                && a.client_id == b.client_id
                && a.identity == b.identity
                && a.user == b.user
        }
        (None, None) => true,
        _ => false,
    };
    if identical {
        return;
    }
    let lv = l.map(|a| a.raw_value.clone());
    let rv = r.map(|a| a.raw_value.clone());
    for (side, a) in [("left", l), ("right", r)] {
        let Some(a) = a else { continue };
        for p in &a.problems {
            if let Some((sev, text)) = problem_sentence(p, side, a) {
                out.push(
                    R_AUTH,
                    "auth",
                    "Authorization",
                    lv.clone(),
                    rv.clone(),
                    sev,
                    text,
                    false,
                );
            }
        }
    }
    let (a, b) = match (l, r) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) | (None, Some(a)) => {
            if a.scheme == "apikey" {
                return; // the key header or query parameter is compared with the others
            }
            let (has, lacks) = if l.is_some() {
                ("left", "right")
            } else {
                ("right", "left")
            };
            out.push(
                R_AUTH,
                "auth",
                "Authorization",
                lv,
                rv,
                Severity::Error,
                format!(
                    "the {has} request sends {} ({}) and the {lacks} request sends no \
                     credentials at all; the API answers 401 without them",
                    scheme_words(a),
                    auth_summary(a)
                ),
                false,
            );
            return;
        }
        (None, None) => return,
    };
    if a.scheme == "apikey" || b.scheme == "apikey" {
        if a.scheme != b.scheme {
            out.push(
                R_AUTH,
                "auth",
                "scheme",
                lv,
                rv,
                Severity::Warning,
                format!(
                    "the left request authenticates with {} and the right one with {}",
                    scheme_words(a),
                    scheme_words(b)
                ),
                false,
            );
        }
        return;
    }
    if a.scheme == b.scheme {
        same_scheme(a, b, lt, rt, lv, rv, out);
        return;
    }
    let fetched =
        |x: &Auth| x.scheme == "oauth2-client-credentials" || x.scheme == "managed-identity";
    if (a.scheme == "bearer" && fetched(b)) || (b.scheme == "bearer" && fetched(a)) {
        let (bearer, settings, bearer_side, settings_side) = if a.scheme == "bearer" {
            (a, b, "left", "right")
        } else {
            (b, a, "right", "left")
        };
        out.push(
            R_AUTH,
            "auth",
            "scheme",
            lv.clone(),
            rv.clone(),
            Severity::Info,
            format!(
                "the {bearer_side} request sends a ready-made bearer token while the \
                 {settings_side} one has the connector fetch {}; they can only match if the \
                 fetched token has the same audience, tenant and permissions",
                scheme_words(settings)
            ),
            false,
        );
        if let Some(f) = bearer.token.as_ref().filter(|f| f.format == "jwt") {
            let pair = |x: Option<String>, y: Option<String>| {
                if bearer_side == "left" {
                    (x, y)
                } else {
                    (y, x)
                }
            };
            if let (Some(aud), Some(want)) = (&f.aud, &settings.audience) {
                if !same_id(aud, want) {
                    let (x, y) = pair(Some(aud.clone()), Some(want.clone()));
                    let sev = if is_guid(aud) != is_guid(want) {
                        Severity::Warning
                    } else {
                        Severity::Error
                    };
                    out.push(
                        R_AUTH,
                        "auth",
                        "audience",
                        x,
                        y,
                        sev,
                        format!(
                            "the {settings_side} request asks for a token for audience `{want}` \
                             but the working token is for `{aud}`; a token for the wrong \
                             audience is rejected with 401{}",
                            if sev == Severity::Warning {
                                " (one is an app ID and the other a URI: check they name the \
                                 same API)"
                            } else {
                                ""
                            }
                        ),
                        false,
                    );
                }
            }
            if let (Some(tid), Some(ten)) = (&f.tid, &settings.tenant) {
                if is_guid(ten) && !same_id(tid, ten) {
                    let (x, y) = pair(Some(tid.clone()), Some(ten.clone()));
                    out.push(
                        R_AUTH,
                        "auth",
                        "tenant",
                        x,
                        y,
                        Severity::Error,
                        format!(
                            "the {settings_side} request gets its token from tenant `{ten}` but \
                             the working token was issued by tenant `{tid}`"
                        ),
                        false,
                    );
                }
            }
            if let (Some(app), Some(cid)) = (&f.appid, &settings.client_id) {
                if !same_id(app, cid) {
                    let (x, y) = pair(Some(app.clone()), Some(cid.clone()));
                    out.push(
                        R_AUTH,
                        "auth",
                        "client id",
                        x,
                        y,
                        Severity::Warning,
                        format!(
                            "the {settings_side} request signs in as client `{cid}` but the \
                             working token belongs to app `{app}`; that app may lack the \
                             permissions or roles the API requires"
                        ),
                        false,
                    );
                }
            }
        }
        return;
    }
    out.push(
        R_AUTH,
        "auth",
        "scheme",
        lv,
        rv,
        Severity::Error,
        format!(
            "the left request authenticates with {} and the right one with {}; the API accepts \
             only what it is configured for",
            scheme_words(a),
            scheme_words(b)
        ),
        false,
    );
}

#[allow(clippy::too_many_arguments)]
fn same_scheme(
    a: &Auth,
    b: &Auth,
    lt: Option<Timestamp>,
    rt: Option<Timestamp>,
    lv: Option<String>,
    rv: Option<String>,
    out: &mut Out,
) {
    let before = out.0.len();
    match a.scheme.as_str() {
        "bearer" => {
            if a.secret == b.secret {
                return;
            }
            let (Some(fa), Some(fb)) = (&a.token, &b.token) else {
                return;
            };
            if fa.format != "jwt" || fb.format != "jwt" {
                let unresolved = [("left", a), ("right", b)]
                    .into_iter()
                    .find(|(_, x)| x.secret.as_deref().is_some_and(|t| t.contains("{{")));
                if let Some((side, _)) = unresolved {
                    out.push(
                        R_AUTH,
                        "auth",
                        "token",
                        lv,
                        rv,
                        Severity::Error,
                        format!(
                            "the {side} token is an unresolved Postman variable (`{{{{…}}}}`): \
                             export or paste the environment that defines it, or the token itself"
                        ),
                        false,
                    );
                } else if fa.format != "expression" && fb.format != "expression" {
                    out.push(
                        R_AUTH,
                        "auth",
                        "token",
                        lv,
                        rv,
                        Severity::Warning,
                        "the two requests send different bearer tokens and at least one is not \
                         a JWT, so their contents cannot be compared; check both were issued for \
                         this API"
                            .into(),
                        false,
                    );
                }
                return;
            }
            token_diffs(fa, fb, lt, rt, out);
            if out.0.len() == before {
                out.push(
                    R_AUTH,
                    "auth",
                    "token",
                    Some(fa.redacted.clone()),
                    Some(fb.redacted.clone()),
                    Severity::Info,
                    "the tokens differ but have the same audience, tenant, app, permissions and \
                     validity: probably the same kind of token fetched at another time"
                        .into(),
                    false,
                );
            }
        }
        "basic" => {
            if a.user != b.user {
                out.push(
                    R_AUTH,
                    "auth",
                    "user",
                    a.user.clone(),
                    b.user.clone(),
                    Severity::Error,
                    "the Basic credentials use different user names".into(),
                    false,
                );
            } else if a.secret != b.secret && a.secret.is_some() && b.secret.is_some() {
                out.push(
                    R_AUTH,
                    "auth",
                    "password",
                    a.password_length.map(|n| format!("{n} chars")),
                    b.password_length.map(|n| format!("{n} chars")),
                    Severity::Error,
                    "same user name but the passwords differ (only their lengths are shown); a \
                     wrong password gives 401"
                        .into(),
                    false,
                );
            }
        }
        _ => {
            let fields: [(&str, &Option<String>, &Option<String>, Severity); 4] = [
                ("tenant", &a.tenant, &b.tenant, Severity::Error),
                ("audience", &a.audience, &b.audience, Severity::Error),
                ("client id", &a.client_id, &b.client_id, Severity::Error),
                ("identity", &a.identity, &b.identity, Severity::Warning),
            ];
            for (name, x, y, sev) in fields {
                if !same_opt_id(x, y) {
                    out.push(
                        R_AUTH,
                        "auth",
                        name,
                        x.clone(),
                        y.clone(),
                        sev,
                        format!(
                            "the two requests get their token with a different {name}; the \
                             token the API receives differs accordingly"
                        ),
                        false,
                    );
                }
            }
            if out.0.len() == before
                && a.secret != b.secret
                && a.secret.is_some()
                && b.secret.is_some()
            {
                out.push(
                    R_AUTH,
                    "auth",
                    "secret",
                    Some("(hidden)".into()),
                    Some("(hidden)".into()),
                    Severity::Warning,
                    "the credentials use different secrets or certificates (hidden); an \
                     expired or wrong secret fails the token request"
                        .into(),
                    false,
                );
            }
        }
    }
}

fn token_diffs(
    fa: &TokenFacts,
    fb: &TokenFacts,
    lt: Option<Timestamp>,
    rt: Option<Timestamp>,
    out: &mut Out,
) {
    // One identity fact of the two tokens: a difference when they are not the same id.
    let mut fact = |name: &'static str, x: &Option<String>, y: &Option<String>, sev, why: &str| {
        let same = same_opt_id(x, y);
        if !same {
            out.push(
                R_AUTH,
                "auth",
                name,
                x.clone(),
                y.clone(),
                sev,
                why.into(),
                false,
            );
        }
        same
    };
    fact(
        "token aud",
        &fa.aud,
        &fb.aud,
        Severity::Error,
        "the tokens are for different audiences (aud); an API rejects a token issued for \
         another resource with 401 — request the token for the API's own resource or scope",
    );
    let same_tenant = fact(
        "token tid",
        &fa.tid,
        &fb.tid,
        Severity::Error,
        "the tokens come from different tenants (tid); the API trusts only its own tenant \
         unless it is multi-tenant",
    );
    if same_tenant {
        fact(
            "token iss",
            &fa.iss,
            &fb.iss,
            Severity::Warning,
            "the tokens have different issuers (v1 `sts.windows.net` vs v2 \
             `login.microsoftonline.com/…/v2.0`); an API that validates one issuer rejects the \
             other",
        );
    }
    fact(
        "token appid",
        &fa.appid,
        &fb.appid,
        Severity::Warning,
        "the tokens were issued to different client apps (appid/azp); the other app may not \
         have the same permissions or be allowed by the API",
    );
    let (sa, ra) = set_of(fa);
    let (sb, rb) = set_of(fb);
    for (name, x, y) in [("token scp", &sa, &sb), ("token roles", &ra, &rb)] {
        if x == y {
            continue;
        }
        let missing: Vec<&String> = x.iter().filter(|p| !y.contains(p)).collect();
        let join = |s: &Vec<String>| Some(s.join(" ")).filter(|s| !s.is_empty());
        let what = if name == "token scp" {
            "delegated permissions (scp)"
        } else {
            "application roles (roles)"
        };
        let (sev, text) = if missing.is_empty() {
            (
                Severity::Info,
                format!("the right token carries extra {what} the left one does not"),
            )
        } else {
            (
                Severity::Error,
                format!(
                    "the right token lacks {what} the working token has ({}); the API answers \
                     401/403 when a required permission is missing — grant and consent it for \
                     the right side's app or identity",
                    missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        };
        out.push(R_AUTH, "auth", name, join(x), join(y), sev, text, false);
    }
    let ea = expired_at(fa, lt);
    let eb = expired_at(fb, rt);
    match (ea, eb) {
        (Some(false), Some(true)) | (Some(true), Some(false)) => {
            let side = if eb == Some(true) { "right" } else { "left" };
            out.push(
                R_AUTH,
                "auth",
                "token exp",
                fmt_exp(fa),
                fmt_exp(fb),
                Severity::Error,
                format!(
                    "the {side} token had expired when the request was made; an expired token \
                     is rejected with 401 — fetch a fresh token for every run instead of pasting \
                     one"
                ),
                false,
            );
        }
        (Some(true), Some(true)) => {
            out.push(
                R_AUTH,
                "auth",
                "token exp",
                fmt_exp(fa),
                fmt_exp(fb),
                Severity::Warning,
                "both tokens had expired at the time checked".into(),
                false,
            );
        }
        _ => {}
    }
}

// ---------------------------------------------------------------- url

fn url_diffs(l: &Request, r: &Request, out: &mut Out) {
    let (a, b) = (&l.url, &r.url);
    if a.scheme != b.scheme {
        out.push(
            R_URL,
            "url",
            "scheme",
            Some(a.scheme.clone()),
            Some(b.scheme.clone()),
            Severity::Error,
            "the requests use different schemes (http vs https); many APIs redirect or refuse \
             plain http, and a redirect drops the Authorization header"
                .into(),
            false,
        );
    }
    if a.host != b.host {
        out.push(
            R_URL,
            "url",
            "host",
            Some(a.host.clone()),
            Some(b.host.clone()),
            Severity::Error,
            "the requests go to different hosts: a token or key valid for one host's API is \
             usually not valid for the other"
                .into(),
            false,
        );
    }
    if a.effective_port() != b.effective_port() {
        out.push(
            R_URL,
            "url",
            "port",
            a.effective_port().map(|p| p.to_string()),
            b.effective_port().map(|p| p.to_string()),
            Severity::Error,
            "the requests use different ports, so they reach different services".into(),
            false,
        );
    }
    let (pa, pb) = (
        super::url::normalize_path(&a.path),
        super::url::normalize_path(&b.path),
    );
    if pa != pb {
        let (sev, text) = if pa.trim_end_matches('/') == pb.trim_end_matches('/') {
            (
                Severity::Warning,
                "the paths differ only by a trailing slash; some APIs treat them as different \
                 routes (404) or redirect without the Authorization header"
                    .to_string(),
            )
        } else if pa.eq_ignore_ascii_case(&pb) {
            (
                Severity::Warning,
                "the paths differ only in letter case; many APIs treat paths as case-sensitive"
                    .to_string(),
            )
        } else {
            (
                Severity::Error,
                "the requests call different paths, i.e. different operations or resources"
                    .to_string(),
            )
        };
        out.push(
            R_URL,
            "url",
            "path",
            Some(a.path.clone()),
            Some(b.path.clone()),
            sev,
            text,
            false,
        );
    }
}

// ---------------------------------------------------------------- headers

fn is_noise(lname: &str) -> bool {
    matches!(
        lname,
        "postman-token"
            | "user-agent"
            | "accept-encoding"
            | "connection"
            | "host"
            | "content-length"
            | "cache-control"
            | "pragma"
            | "dnt"
            | "priority"
            | "upgrade-insecure-requests"
            | "te"
            | "accept-language"
            | "origin"
            | "referer"
            | "traceparent"
            | "tracestate"
            | "request-id"
            | "x-ms-client-request-id"
            | "x-ms-tracking-id"
            | "x-ms-client-tracking-id"
            | "x-ms-action-tracking-id"
            | "x-ms-correlation-id"
            | "x-ms-correlation-request-id"
            | "x-ms-execution-location"
            | "x-ms-activity-vector"
            | "x-ms-request-id"
    ) || lname.starts_with("x-ms-workflow-")
        || lname.starts_with("sec-fetch-")
        || lname.starts_with("sec-ch-")
}

fn api_key_header(lname: &str) -> bool {
    matches!(
        lname,
        "ocp-apim-subscription-key" | "x-api-key" | "api-key" | "apikey" | "x-functions-key"
    )
}

type Grouped = BTreeMap<String, (String, Vec<String>)>;

fn group_headers(r: &Request) -> Grouped {
    let mut m: Grouped = BTreeMap::new();
    for h in &r.headers {
        let e = m
            .entry(h.name.to_ascii_lowercase())
            .or_insert_with(|| (h.name.clone(), Vec::new()));
        e.1.push(h.value.trim().to_string());
    }
    for v in m.values_mut() {
        order::sort(&mut v.1);
    }
    m
}

/// Whether two sides send the same values for a header. Repeated lines and one comma-separated
/// line mean the same (RFC 9110, 5.3: `Accept: a` + `Accept: b` is `Accept: a, b`), so list items
/// are compared, in any order; but not for fields whose values have commas of their own (dates,
/// cookies, challenges).
fn same_field_values(lname: &str, a: Option<&Vec<String>>, b: Option<&Vec<String>>) -> bool {
    if a == b {
        return true;
    }
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let own_commas = matches!(
        lname,
        "cookie"
            | "set-cookie"
            | "date"
            | "expires"
            | "if-modified-since"
            | "if-unmodified-since"
            | "last-modified"
            | "retry-after"
            | "user-agent"
            | "www-authenticate"
            | "authorization"
    );
    if own_commas {
        return false;
    }
    list_items(a) == list_items(b)
}

/// The comma-separated items of a header's values, trimmed and sorted.
fn list_items(values: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = values
        .iter()
        .flat_map(|x| x.split(','))
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect();
    order::sort(&mut v);
    v
}

fn show(name: &str, values: Option<&Vec<String>>) -> Option<String> {
    values.map(|vs| {
        vs.iter()
            .map(|v| {
                if model::is_secret_name(name) {
                    model::mask(v)
                } else if name.eq_ignore_ascii_case("cookie") {
                    format!("({} chars)", v.chars().count())
                } else {
                    v.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn norm_ct(v: &str) -> (String, String) {
    let v = v.to_ascii_lowercase().replace(' ', "");
    let mut parts = v.split(';');
    let media = parts.next().unwrap_or("").to_string();
    let mut params: Vec<&str> = parts.filter(|p| !p.is_empty()).collect();
    order::sort(&mut params);
    (media, params.join(";"))
}

fn header_diffs(l: &Request, r: &Request, out: &mut Out) {
    let (gl, gr) = (group_headers(l), group_headers(r));
    let names = order::sorted_unique(gl.keys().chain(gr.keys()).collect());
    let has_body = l.body != Body::None || r.body != Body::None;
    for lname in names {
        if lname == "authorization" {
            continue;
        }
        let a = gl.get(lname);
        let b = gr.get(lname);
        let display = a.or(b).map(|x| x.0.clone()).unwrap_or_default();
        let va = a.map(|x| &x.1);
        let vb = b.map(|x| &x.1);
        if same_field_values(lname, va, vb) {
            continue;
        }
        let (sl, sr) = (show(&display, va), show(&display, vb));
        if lname == "content-type" {
            if let (Some(x), Some(y)) = (va, vb) {
                let nx: Vec<_> = x.iter().map(|v| norm_ct(v)).collect();
                let ny: Vec<_> = y.iter().map(|v| norm_ct(v)).collect();
                if nx == ny {
                    continue;
                }
                let same_media = nx.iter().map(|p| &p.0).eq(ny.iter().map(|p| &p.0));
                let (sev, text) = if same_media {
                    (
                        Severity::Info,
                        "same media type, different parameters (charset); rarely matters"
                            .to_string(),
                    )
                } else {
                    (
                        if has_body {
                            Severity::Error
                        } else {
                            Severity::Warning
                        },
                        "the requests declare different Content-Types, so the API parses the \
                         body differently (415 or 400, and token endpoints accept only \
                         application/x-www-form-urlencoded)"
                            .to_string(),
                    )
                };
                out.push(R_CTYPE, "header", &display, sl, sr, sev, text, false);
            } else {
                let side = if va.is_some() { "right" } else { "left" };
                out.push(
                    R_CTYPE,
                    "header",
                    &display,
                    sl,
                    sr,
                    if has_body {
                        Severity::Warning
                    } else {
                        Severity::Info
                    },
                    format!(
                        "the {side} request has no Content-Type; the API may not parse its body \
                         as intended"
                    ),
                    false,
                );
            }
            continue;
        }
        if is_noise(lname) {
            out.push(
                R_HEADER,
                "header",
                &display,
                sl,
                sr,
                Severity::Info,
                format!(
                    "{display} is added by the client itself and does not affect authentication"
                ),
                true,
            );
            continue;
        }
        if lname == "accept" {
            let star = |v: Option<&Vec<String>>| v.is_none_or(|v| v.iter().all(|x| x == "*/*"));
            if star(va) && star(vb) {
                out.push(
                    R_HEADER,
                    "header",
                    &display,
                    sl,
                    sr,
                    Severity::Info,
                    "`Accept: */*` is a client default and changes nothing".into(),
                    true,
                );
                continue;
            }
        }
        let (sev, text) = match (va, vb) {
            (Some(_), None) | (None, Some(_)) => {
                let (has, lacks) = if va.is_some() {
                    ("left", "right")
                } else {
                    ("right", "left")
                };
                if api_key_header(lname) {
                    (
                        Severity::Error,
                        format!(
                            "the {has} request sends the API key header {display} and the \
                             {lacks} one does not; the gateway answers 401 without it"
                        ),
                    )
                } else if lname == "cookie" {
                    (
                        Severity::Warning,
                        format!(
                            "the {has} request sends cookies and the {lacks} one does not; APIs \
                             that use a session or an anti-forgery cookie reject the request \
                             without them"
                        ),
                    )
                } else {
                    (
                        Severity::Warning,
                        format!(
                            "the header {display} is sent only by the {has} request; if the API \
                             requires it, the {lacks} request fails"
                        ),
                    )
                }
            }
            _ => {
                if api_key_header(lname) {
                    (
                        Severity::Error,
                        format!(
                            "the API key in {display} differs (values hidden); a wrong or \
                             revoked key gives 401"
                        ),
                    )
                } else if lname == "cookie" {
                    (
                        Severity::Warning,
                        "the cookies differ (values hidden); a session cookie from another \
                         sign-in may not be valid"
                            .to_string(),
                    )
                } else {
                    (
                        Severity::Warning,
                        format!("the header {display} has different values"),
                    )
                }
            }
        };
        out.push(R_HEADER, "header", &display, sl, sr, sev, text, false);
    }
}

// ---------------------------------------------------------------- query and form parameters

fn group_pairs(p: &[(String, String)]) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in p {
        m.entry(k.clone()).or_default().push(v.clone());
    }
    for v in m.values_mut() {
        order::sort(v);
    }
    m
}

fn pair_diffs(
    a: &[(String, String)],
    b: &[(String, String)],
    part: &str,
    rank: u8,
    what: &str,
    out: &mut Out,
) {
    let (ga, gb) = (group_pairs(a), group_pairs(b));
    let names = order::sorted_unique(ga.keys().chain(gb.keys()).collect());
    for n in names {
        let (va, vb) = (ga.get(n), gb.get(n));
        if va == vb {
            continue;
        }
        let (sl, sr) = (show(n, va), show(n, vb));
        let secret = model::is_secret_name(n);
        let text = match (va, vb) {
            (Some(_), None) => format!("the {what} `{n}` is sent only by the left request"),
            (None, Some(_)) => format!("the {what} `{n}` is sent only by the right request"),
            _ if secret => format!("the {what} `{n}` has different values (hidden)"),
            _ => format!("the {what} `{n}` has different values"),
        };
        let important = secret
            || matches!(
                n.as_str(),
                "api-version" | "grant_type" | "scope" | "resource" | "client_id"
            );
        let sev = if important {
            Severity::Error
        } else {
            Severity::Warning
        };
        let why = if important {
            "; it decides what the API or token endpoint does"
        } else {
            ""
        };
        out.push(rank, part, n, sl, sr, sev, format!("{text}{why}"), false);
    }
}

fn query_diffs(l: &Request, r: &Request, out: &mut Out) {
    pair_diffs(
        &l.url.query,
        &r.url.query,
        "query",
        R_QUERY,
        "query parameter",
        out,
    );
}

// ---------------------------------------------------------------- body

fn body_kind(b: &Body) -> &'static str {
    match b {
        Body::None => "no body",
        Body::Json(_) => "a JSON body",
        Body::Form(_) => "a form-encoded body",
        Body::Text(_) => "a text body",
    }
}

fn show_json(v: &Value) -> String {
    crate::text::shorten(&model::mask_json(v).to_string(), 200)
}

fn json_diffs(
    a: &Value,
    b: &Value,
    path: &str,
    found: &mut Vec<(String, Option<String>, Option<String>)>,
) {
    if found.len() >= 20 || a == b {
        return;
    }
    let leaf_secret = path.rsplit('.').next().is_some_and(model::is_secret_name);
    let val = |v: &Value| {
        if leaf_secret && !v.is_object() && !v.is_array() {
            model::mask(&model::json_scalar_text(v))
        } else {
            show_json(v)
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys = order::sorted_unique(x.keys().chain(y.keys()).collect());
            for k in keys {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => json_diffs(u, v, &p, found),
                    (Some(u), None) => {
                        let s = model::is_secret_name(k);
                        found.push((
                            p,
                            Some(if s {
                                model::mask(&model::json_scalar_text(u))
                            } else {
                                show_json(u)
                            }),
                            None,
                        ));
                    }
                    (None, Some(v)) => {
                        let s = model::is_secret_name(k);
                        found.push((
                            p,
                            None,
                            Some(if s {
                                model::mask(&model::json_scalar_text(v))
                            } else {
                                show_json(v)
                            }),
                        ));
                    }
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                json_diffs(u, v, &format!("{path}[{i}]"), found);
            }
        }
        _ => found.push((path.to_string(), Some(val(a)), Some(val(b)))),
    }
}

fn body_diffs(a: &Body, b: &Body, out: &mut Out) {
    match (a, b) {
        (Body::None, Body::None) => {}
        (Body::Json(x), Body::Json(y)) => {
            if x == y {
                return;
            }
            // A JSON string holding the other side's JSON: double-encoded.
            let inner = |v: &Value| match v {
                Value::String(s) => serde_json::from_str::<Value>(s).ok(),
                _ => None,
            };
            if inner(x).as_ref() == Some(y) || inner(y).as_ref() == Some(x) {
                let side = if inner(y).is_some() { "right" } else { "left" };
                out.push(
                    R_BODY,
                    "body",
                    "$",
                    Some(show_json(x)),
                    Some(show_json(y)),
                    Severity::Error,
                    format!(
                        "the {side} body is a JSON string that contains the JSON (double-encoded, \
                         e.g. from string() or quotes around an expression); the API receives a \
                         string instead of an object"
                    ),
                    false,
                );
                return;
            }
            let mut found = Vec::new();
            json_diffs(x, y, "$", &mut found);
            let total = found.len();
            for (p, l, r) in found {
                let text = match (&l, &r) {
                    (Some(_), None) => format!("the JSON field `{p}` is only in the left body"),
                    (None, Some(_)) => format!("the JSON field `{p}` is only in the right body"),
                    _ => format!("the JSON value at `{p}` differs"),
                };
                out.push(R_BODY, "body", &p, l, r, Severity::Warning, text, false);
            }
            if total >= 20 {
                out.push(
                    R_BODY,
                    "body",
                    "$",
                    None,
                    None,
                    Severity::Info,
                    "the bodies differ in more places; only the first 20 are listed".into(),
                    false,
                );
            }
        }
        (Body::Form(x), Body::Form(y)) => {
            pair_diffs(x, y, "body", R_BODY, "form parameter", out);
        }
        (Body::Text(x), Body::Text(y)) => {
            let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            if norm(x) != norm(y) {
                out.push(
                    R_BODY,
                    "body",
                    "text",
                    Some(crate::text::shorten(x, 120)),
                    Some(crate::text::shorten(y, 120)),
                    Severity::Warning,
                    "the text bodies differ".into(),
                    false,
                );
            }
        }
        _ => {
            let describe = |b: &Body| match b {
                Body::None => None,
                Body::Json(v) => Some(show_json(v)),
                Body::Form(p) => Some(
                    p.iter()
                        .map(|(k, v)| {
                            if model::is_secret_name(k) {
                                format!("{k}={}", model::mask(v))
                            } else {
                                format!("{k}={v}")
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("&"),
                ),
                Body::Text(t) => Some(crate::text::shorten(t, 120)),
            };
            let (sev, extra) = match (a, b) {
                (Body::None, _) | (_, Body::None) => (Severity::Warning, ""),
                (Body::Form(_), Body::Json(_)) | (Body::Json(_), Body::Form(_)) => (
                    Severity::Error,
                    "; token endpoints (login.microsoftonline.com) accept only form-encoded \
                     bodies and answer AADSTS900144 to JSON",
                ),
                _ => (Severity::Error, ""),
            };
            out.push(
                R_BODY,
                "body",
                "body",
                describe(a),
                describe(b),
                sev,
                format!(
                    "the left request sends {} and the right one {}{extra}",
                    body_kind(a),
                    body_kind(b)
                ),
                false,
            );
        }
    }
}

// ---------------------------------------------------------------- text

fn side_lines(out: &mut String, label: &str, s: &SideReport) {
    out.push_str(&format!("{label}: {}\n", s.kind));
    if let Some(e) = &s.error {
        out.push_str(&format!("  error: {e}\n"));
    }
    for n in &s.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
}

/// Rows of the side-by-side listing; `r` is already redacted, so values are shown as they are.
fn rows(r: &Request) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("1 method".to_string(), r.method.clone());
    m.insert("2 url".to_string(), {
        let mut u = format!("{}://{}", r.url.scheme, r.url.host);
        if let Some(p) = r.url.port {
            u.push_str(&format!(":{p}"));
        }
        u.push_str(&r.url.path);
        u
    });
    m.insert(
        "3 auth".to_string(),
        r.auth
            .as_ref()
            .map(auth_summary)
            .unwrap_or_else(|| "(none)".into()),
    );
    for (k, vs) in group_pairs(&r.url.query) {
        m.insert(format!("4 query {k}"), vs.join(", "));
    }
    for (k, (_, vs)) in group_headers(r) {
        if k == "authorization" {
            continue;
        }
        m.insert(format!("5 header {k}"), vs.join(", "));
    }
    let body = match &r.body {
        Body::None => "(none)".to_string(),
        Body::Json(v) => crate::text::shorten(&v.to_string(), 200),
        Body::Form(p) => p
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&"),
        Body::Text(t) => crate::text::shorten(t, 200),
    };
    m.insert("6 body".to_string(), body);
    m
}

/// The report as text for the CLI: sides, ranked differences (expected noise folded), then a
/// side-by-side normalised listing. Deterministic.
pub fn render_text(report: &CompareReport) -> String {
    let mut out = String::new();
    out.push_str("AuthLens request comparison\n\n");
    side_lines(&mut out, "Left", &report.left);
    side_lines(&mut out, "Right", &report.right);
    out.push('\n');
    let (real, noise): (Vec<&Difference>, Vec<&Difference>) =
        report.differences.iter().partition(|d| !d.expected);
    if report.left.request.is_none() || report.right.request.is_none() {
        out.push_str("No comparison: a side could not be read (see the error above).\n");
        return out;
    }
    if real.is_empty() {
        out.push_str("No differences that matter");
    } else {
        out.push_str(&format!("Differences ({})", real.len()));
    }
    if noise.is_empty() {
        out.push_str(".\n");
    } else {
        out.push_str(&format!(
            "; {} expected client-added difference(s) folded ({}).\n",
            noise.len(),
            noise
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (i, d) in real.iter().enumerate() {
        out.push_str(&format!(
            "{:>2}. [{}] {} {}: {}\n",
            i + 1,
            d.severity.as_str(),
            d.part,
            d.name,
            d.explanation
        ));
        out.push_str(&format!(
            "      left:  {}\n      right: {}\n",
            d.left.as_deref().unwrap_or("(absent)"),
            d.right.as_deref().unwrap_or("(absent)")
        ));
    }
    if let (Some(l), Some(r)) = (&report.left.request, &report.right.request) {
        out.push_str("\nSide by side (normalised; `=` same, `≠` different):\n");
        let (ml, mr) = (rows(l), rows(r));
        let keys = order::sorted_unique(ml.keys().chain(mr.keys()).collect());
        for k in keys {
            let label = k.split_once(' ').map_or(k.as_str(), |(_, x)| x);
            let a = ml.get(k).map_or("(absent)", String::as_str);
            let b = mr.get(k).map_or("(absent)", String::as_str);
            if a == b {
                out.push_str(&format!("  = {label}: {a}\n"));
            } else {
                out.push_str(&format!(
                    "  ≠ {label}:\n      left:  {a}\n      right: {b}\n"
                ));
            }
        }
    }
    out
}
