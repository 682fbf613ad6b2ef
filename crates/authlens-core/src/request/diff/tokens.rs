//! Two decoded bearer tokens: audience, tenant, issuer, app, permissions, expiry.

use super::auth::same_opt_id;
use super::{Difference, Out, Rank};
use crate::diagnostic::Severity;
use crate::order;
use crate::request::bearer::RequestToken;
use crate::time::Timestamp;

fn expired_at(f: &RequestToken, at: Option<Timestamp>) -> Option<bool> {
    Some(f.exp? <= at?.0)
}

fn fmt_exp(f: &RequestToken) -> Option<String> {
    f.exp.map(|e| Timestamp(e).to_rfc3339())
}

/// The token's scopes and roles, each sorted and without duplicates.
fn set_of(f: &RequestToken) -> (Vec<String>, Vec<String>) {
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

/// One identity fact of the two tokens: a difference when they do not name the same id.
/// Returns whether they do.
fn fact(
    out: &mut Out,
    name: &str,
    (x, y): (&Option<String>, &Option<String>),
    sev: Severity,
    why: &str,
) -> bool {
    let same = same_opt_id(x, y);
    if !same {
        out.push(
            Rank::Auth,
            Difference::new("auth", name)
                .values(x.clone(), y.clone())
                .severity(sev)
                .explain(why),
        );
    }
    same
}

/// The scopes (`scp`) and the roles of the two tokens.
fn permission_diffs(fa: &RequestToken, fb: &RequestToken, out: &mut Out) {
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
        out.push(
            Rank::Auth,
            Difference::new("auth", name)
                .values(join(x), join(y))
                .severity(sev)
                .explain(text),
        );
    }
}

/// Whether each token had expired when its request was sent (`lt`, `rt`).
fn expiry_diffs(
    fa: &RequestToken,
    fb: &RequestToken,
    (lt, rt): (Option<Timestamp>, Option<Timestamp>),
    out: &mut Out,
) {
    let ea = expired_at(fa, lt);
    let eb = expired_at(fb, rt);
    let exp = Difference::new("auth", "token exp").values(fmt_exp(fa), fmt_exp(fb));
    match (ea, eb) {
        (Some(false), Some(true)) | (Some(true), Some(false)) => {
            let side = if eb == Some(true) { "right" } else { "left" };
            out.push(
                Rank::Auth,
                exp.severity(Severity::Error).explain(format!(
                    "the {side} token had expired when the request was made; an expired token \
                     is rejected with 401 — fetch a fresh token for every run instead of pasting \
                     one"
                )),
            );
        }
        (Some(true), Some(true)) => out.push(
            Rank::Auth,
            exp.severity(Severity::Warning)
                .explain("both tokens had expired at the time checked"),
        ),
        _ => {}
    }
}

/// Compares two decoded JWTs; `times` are when each request was sent.
pub(super) fn token_diffs(
    fa: &RequestToken,
    fb: &RequestToken,
    times: (Option<Timestamp>, Option<Timestamp>),
    out: &mut Out,
) {
    fact(
        out,
        "token aud",
        (&fa.aud, &fb.aud),
        Severity::Error,
        "the tokens are for different audiences (aud); an API rejects a token issued for \
         another resource with 401 — request the token for the API's own resource or scope",
    );
    let same_tenant = fact(
        out,
        "token tid",
        (&fa.tid, &fb.tid),
        Severity::Error,
        "the tokens come from different tenants (tid); the API trusts only its own tenant \
         unless it is multi-tenant",
    );
    if same_tenant {
        fact(
            out,
            "token iss",
            (&fa.iss, &fb.iss),
            Severity::Warning,
            "the tokens have different issuers (v1 `sts.windows.net` vs v2 \
             `login.microsoftonline.com/…/v2.0`); an API that validates one issuer rejects the \
             other",
        );
    }
    fact(
        out,
        "token appid",
        (&fa.appid, &fb.appid),
        Severity::Warning,
        "the tokens were issued to different client apps (appid/azp); the other app may not \
         have the same permissions or be allowed by the API",
    );
    permission_diffs(fa, fb, out);
    expiry_diffs(fa, fb, times, out);
}
