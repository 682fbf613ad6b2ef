//! Credentials: problems in an Authorization value, a side without credentials, different
//! schemes, a ready-made token against connector settings, and two credentials of one scheme
//! (the tokens themselves are compared in [`super::tokens`]).

use super::tokens::token_diffs;
use super::{Difference, Out, Rank};
use crate::diagnostic::Severity;
use crate::request::model::Auth;
use crate::time::Timestamp;

/// When each request was sent (left, right), to tell whether its token had expired.
pub(super) type Times = (Option<Timestamp>, Option<Timestamp>);

fn auth_diff(name: &str) -> Difference {
    Difference::new("auth", name)
}

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

/// A credential in one line: a JWT's audience, tenant and app, else the redacted value.
pub(super) fn auth_summary(a: &Auth) -> String {
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

fn same_id(a: &str, b: &str) -> bool {
    a.trim()
        .trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim().trim_end_matches('/'))
}

/// Two optional ids are the same when both are absent or both name the same id.
pub(super) fn same_opt_id(x: &Option<String>, y: &Option<String>) -> bool {
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

fn identical(l: Option<&Auth>, r: Option<&Auth>) -> bool {
    match (l, r) {
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
    }
}

pub(super) fn auth_diffs(l: Option<&Auth>, r: Option<&Auth>, times: Times, out: &mut Out) {
    if identical(l, r) {
        return;
    }
    let lv = l.map(|a| a.raw_value.clone());
    let rv = r.map(|a| a.raw_value.clone());
    let header = || auth_diff("Authorization").values(lv.clone(), rv.clone());
    for (side, a) in [("left", l), ("right", r)] {
        let Some(a) = a else { continue };
        for p in &a.problems {
            if let Some((sev, text)) = problem_sentence(p, side, a) {
                out.push(Rank::Auth, header().severity(sev).explain(text));
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
                Rank::Auth,
                header().severity(Severity::Error).explain(format!(
                    "the {has} request sends {} ({}) and the {lacks} request sends no \
                     credentials at all; the API answers 401 without them",
                    scheme_words(a),
                    auth_summary(a)
                )),
            );
            return;
        }
        (None, None) => return,
    };
    let scheme = || auth_diff("scheme").values(lv.clone(), rv.clone());
    if a.scheme == "apikey" || b.scheme == "apikey" {
        if a.scheme != b.scheme {
            out.push(
                Rank::Auth,
                scheme().severity(Severity::Warning).explain(format!(
                    "the left request authenticates with {} and the right one with {}",
                    scheme_words(a),
                    scheme_words(b)
                )),
            );
        }
        return;
    }
    if a.scheme == b.scheme {
        same_scheme(a, b, times, out);
        return;
    }
    let fetched =
        |x: &Auth| x.scheme == "oauth2-client-credentials" || x.scheme == "managed-identity";
    if (a.scheme == "bearer" && fetched(b)) || (b.scheme == "bearer" && fetched(a)) {
        bearer_vs_settings(a, b, scheme(), out);
        return;
    }
    out.push(
        Rank::Auth,
        scheme().severity(Severity::Error).explain(format!(
            "the left request authenticates with {} and the right one with {}; the API accepts \
             only what it is configured for",
            scheme_words(a),
            scheme_words(b)
        )),
    );
}

/// One side sends a ready-made bearer token, the other has the connector fetch one (client
/// credentials, managed identity): the scheme difference, then the token's facts against the
/// settings.
fn bearer_vs_settings(a: &Auth, b: &Auth, scheme: Difference, out: &mut Out) {
    let (bearer, settings, bearer_side, settings_side) = if a.scheme == "bearer" {
        (a, b, "left", "right")
    } else {
        (b, a, "right", "left")
    };
    out.push(
        Rank::Auth,
        scheme.severity(Severity::Info).explain(format!(
            "the {bearer_side} request sends a ready-made bearer token while the {settings_side} \
             one has the connector fetch {}; they can only match if the fetched token has the \
             same audience, tenant and permissions",
            scheme_words(settings)
        )),
    );
    let Some(f) = bearer.token.as_ref().filter(|f| f.format == "jwt") else {
        return;
    };
    // Values in left/right order whichever side holds the token.
    let pair = |token_value: &String, setting: &String| {
        let (x, y) = (Some(token_value.clone()), Some(setting.clone()));
        if bearer_side == "left" {
            (x, y)
        } else {
            (y, x)
        }
    };
    if let (Some(aud), Some(want)) = (&f.aud, &settings.audience) {
        if !same_id(aud, want) {
            let (x, y) = pair(aud, want);
            // An app ID against an App ID URI may name the same API: only a warning.
            let sev = if is_guid(aud) != is_guid(want) {
                Severity::Warning
            } else {
                Severity::Error
            };
            out.push(
                Rank::Auth,
                auth_diff("audience")
                    .values(x, y)
                    .severity(sev)
                    .explain(format!(
                    "the {settings_side} request asks for a token for audience `{want}` but the \
                     working token is for `{aud}`; a token for the wrong audience is rejected \
                     with 401{}",
                    if sev == Severity::Warning {
                        " (one is an app ID and the other a URI: check they name the same API)"
                    } else {
                        ""
                    }
                )),
            );
        }
    }
    if let (Some(tid), Some(ten)) = (&f.tid, &settings.tenant) {
        if is_guid(ten) && !same_id(tid, ten) {
            let (x, y) = pair(tid, ten);
            out.push(
                Rank::Auth,
                auth_diff("tenant")
                    .values(x, y)
                    .severity(Severity::Error)
                    .explain(format!(
                        "the {settings_side} request gets its token from tenant `{ten}` but the \
                         working token was issued by tenant `{tid}`"
                    )),
            );
        }
    }
    if let (Some(app), Some(cid)) = (&f.appid, &settings.client_id) {
        if !same_id(app, cid) {
            let (x, y) = pair(app, cid);
            out.push(
                Rank::Auth,
                auth_diff("client id")
                    .values(x, y)
                    .severity(Severity::Warning)
                    .explain(format!(
                        "the {settings_side} request signs in as client `{cid}` but the working \
                         token belongs to app `{app}`; that app may lack the permissions or \
                         roles the API requires"
                    )),
            );
        }
    }
}

/// Two credentials of the same scheme.
fn same_scheme(a: &Auth, b: &Auth, times: Times, out: &mut Out) {
    match a.scheme.as_str() {
        "bearer" => same_bearer(a, b, times, out),
        "basic" => same_basic(a, b, out),
        _ => same_settings(a, b, out),
    }
}

fn same_bearer(a: &Auth, b: &Auth, times: Times, out: &mut Out) {
    if a.secret == b.secret {
        return;
    }
    let (Some(fa), Some(fb)) = (&a.token, &b.token) else {
        return;
    };
    let token = || auth_diff("token").values(Some(a.raw_value.clone()), Some(b.raw_value.clone()));
    let variable = [("left", fa), ("right", fb)]
        .into_iter()
        .find(|(_, f)| f.format == "variable");
    if let Some((side, f)) = variable {
        out.push(
            Rank::Auth,
            token().severity(Severity::Info).explain(format!(
                "the {side} token is `{}`, a value its script gets at run time, so its contents \
                 cannot be compared here; check the script requests the token for this API",
                f.redacted
            )),
        );
        return;
    }
    if fa.format != "jwt" || fb.format != "jwt" {
        let unresolved = [("left", a), ("right", b)]
            .into_iter()
            .find(|(_, x)| x.secret.as_deref().is_some_and(|t| t.contains("{{")));
        if let Some((side, _)) = unresolved {
            out.push(
                Rank::Auth,
                token().severity(Severity::Error).explain(format!(
                    "the {side} token is an unresolved Postman variable (`{{{{…}}}}`): export \
                     or paste the environment that defines it, or the token itself"
                )),
            );
        } else if fa.format != "expression" && fb.format != "expression" {
            out.push(
                Rank::Auth,
                token().severity(Severity::Warning).explain(
                    "the two requests send different bearer tokens and at least one is not a \
                     JWT, so their contents cannot be compared; check both were issued for this \
                     API",
                ),
            );
        }
        return;
    }
    let before = out.len();
    token_diffs(fa, fb, times, out);
    if out.len() == before {
        out.push(
            Rank::Auth,
            auth_diff("token")
                .values(Some(fa.redacted.clone()), Some(fb.redacted.clone()))
                .severity(Severity::Info)
                .explain(
                    "the tokens differ but have the same audience, tenant, app, permissions and \
                     validity: probably the same kind of token fetched at another time",
                ),
        );
    }
}

fn same_basic(a: &Auth, b: &Auth, out: &mut Out) {
    if a.user != b.user {
        out.push(
            Rank::Auth,
            auth_diff("user")
                .values(a.user.clone(), b.user.clone())
                .severity(Severity::Error)
                .explain("the Basic credentials use different user names"),
        );
    } else if a.secret != b.secret && a.secret.is_some() && b.secret.is_some() {
        out.push(
            Rank::Auth,
            auth_diff("password")
                .values(
                    a.password_length.map(|n| format!("{n} chars")),
                    b.password_length.map(|n| format!("{n} chars")),
                )
                .severity(Severity::Error)
                .explain(
                    "same user name but the passwords differ (only their lengths are shown); a \
                     wrong password gives 401",
                ),
        );
    }
}

/// Connector settings (client credentials, managed identity, certificate, other schemes).
fn same_settings(a: &Auth, b: &Auth, out: &mut Out) {
    let before = out.len();
    let fields: [(&str, &Option<String>, &Option<String>, Severity); 4] = [
        ("tenant", &a.tenant, &b.tenant, Severity::Error),
        ("audience", &a.audience, &b.audience, Severity::Error),
        ("client id", &a.client_id, &b.client_id, Severity::Error),
        ("identity", &a.identity, &b.identity, Severity::Warning),
    ];
    for (name, x, y, sev) in fields {
        if !same_opt_id(x, y) {
            out.push(
                Rank::Auth,
                auth_diff(name)
                    .values(x.clone(), y.clone())
                    .severity(sev)
                    .explain(format!(
                        "the two requests get their token with a different {name}; the token \
                         the API receives differs accordingly"
                    )),
            );
        }
    }
    if out.len() == before && a.secret != b.secret && a.secret.is_some() && b.secret.is_some() {
        out.push(
            Rank::Auth,
            auth_diff("secret")
                .values(Some("(hidden)".into()), Some("(hidden)".into()))
                .severity(Severity::Warning)
                .explain(
                    "the credentials use different secrets or certificates (hidden); an expired \
                     or wrong secret fails the token request",
                ),
        );
    }
}
