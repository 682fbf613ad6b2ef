//! Tokens that are not JWTs: say what they look like and what can and cannot be known.

use super::input::PreparedToken;
use super::{Check, CheckStatus as S, ExplainedClaim, TokenContext, TokenReport};
use crate::time::{human_duration, Timestamp};

const COMPACT_HINT: &str = "If Microsoft Graph answered \"CompactToken parsing failed\", it \
    received something that is not a complete token: usually a truncated or quoted value, an \
    empty variable or an unevaluated expression.";

fn query_param<'a>(t: &'a str, key: &str) -> Option<&'a str> {
    t.trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or(""), 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn classify(token: &PreparedToken, ctx: &TokenContext, report: &mut TokenReport) {
    let t = token.text.as_str();
    report.token_span = Some(token.m.whole());
    report.redacted = "[token removed]".into();
    let (kind, msg): (&str, String) = if query_param(t, "sig").is_some()
        && (query_param(t, "sv").is_some() || query_param(t, "sr").is_some())
    {
        sas(t, ctx, report);
        return;
    } else if t.starts_with("Ew") && t.len() > 100 {
        (
            "msa-compact",
            format!(
                "This looks like a Microsoft personal-account (MSA) compact token: it is \
                 encrypted/opaque, only Microsoft can read it, and AuthLens cannot see its \
                 audience, expiry or permissions. Graph accepts such tokens only for personal \
                 accounts. {COMPACT_HINT}"
            ),
        )
    } else if (t.starts_with("0.A") || t.starts_with("1.A")) && t.len() > 60 {
        (
            "refresh-token",
            "This looks like an Entra ID refresh token or authorization code (opaque, starts with \
             `0.A`/`1.A`): it cannot call an API. Exchange it at the token endpoint for an \
             access token."
                .into(),
        )
    } else if t.len() >= 34
        && t.len() <= 44
        && t.get(5..6) == Some("~")
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || "~._-".contains(c))
    {
        (
            "client-secret",
            "This looks like an Entra ID client secret (the `~` after five characters), not a token. \
             Never send a secret as a Bearer value: exchange it for a token at the token \
             endpoint (client credentials), and rotate this secret if it was shared."
                .into(),
        )
    } else if (t.len() == 32 && t.chars().all(|c| c.is_ascii_hexdigit()))
        || ["sk-", "ghp_", "github_pat_", "xox", "AIza", "glpat-"]
            .iter()
            .any(|p| t.starts_with(p))
    {
        (
            "api-key",
            "This looks like an API key, not an OAuth token. API keys usually go in their own \
             header (api-key, x-api-key, Ocp-Apim-Subscription-Key) rather than `Bearer`; check \
             the API's documentation."
                .into(),
        )
    } else {
        let looks_cut = t.starts_with("eyJ");
        (
            "opaque",
            if looks_cut {
                format!(
                    "This starts like a JWT (`eyJ`) but is a single segment: it was cut after \
                     the header. {COMPACT_HINT}"
                )
            } else {
                format!(
                    "This is not a JWT: an opaque token ({} characters). Only its issuer can \
                     read it; AuthLens cannot tell its audience, expiry or permissions. \
                     {COMPACT_HINT}",
                    t.chars().count()
                )
            },
        )
    };
    report.kind = kind.into();
    let status = match kind {
        "opaque" if t.starts_with("eyJ") => S::Fail,
        "client-secret" | "refresh-token" => S::Fail,
        _ => S::Warn,
    };
    report.message = Some(msg.clone());
    report.push(Check::new("structure", status, msg).at(Some(token.m.whole())));
}

fn sas(t: &str, ctx: &TokenContext, report: &mut TokenReport) {
    report.kind = "sas".into();
    let mut claims = Vec::new();
    let mut add = |name: &str, expl: &str| {
        if let Some(v) = query_param(t, name) {
            let v = percent_decode(v);
            claims.push(ExplainedClaim {
                name: name.into(),
                value: serde_json::Value::String(v.clone()),
                display: v,
                explanation: expl.into(),
            });
        }
    };
    add("sv", "Storage service version of the signature.");
    add(
        "sr",
        "Signed resource (b blob, c container, or the Service Bus / Event Hubs URI).",
    );
    add(
        "sp",
        "Signed permissions (r read, w write, d delete, l list, a add, c create).",
    );
    add("st", "Start time of validity.");
    add("se", "Expiry time.");
    add(
        "skn",
        "Name of the shared access policy (Service Bus / Event Hubs).",
    );
    report.claims = claims;
    let mut redacted = String::new();
    for kv in t.split('&') {
        if !redacted.is_empty() {
            redacted.push('&');
        }
        match kv.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("sig") => redacted.push_str("sig=[removed]"),
            _ => redacted.push_str(kv),
        }
    }
    report.redacted = redacted;
    let msg = "This is a shared access signature (SAS), not an Entra ID token: it grants what its \
               `sp`/`sr` say until `se`. Storage SAS belongs in the URL query, not in an \
               Authorization header; Service Bus / Event Hubs SAS goes in Authorization as \
               `SharedAccessSignature sr=…&sig=…&se=…&skn=…`.";
    report.message = Some(msg.into());
    report.push(Check::new("structure", S::Pass, msg));
    let se = query_param(t, "se").map(percent_decode);
    let exp = se.as_deref().and_then(|s| {
        s.parse::<i64>()
            .ok()
            .map(Timestamp)
            .or_else(|| Timestamp::parse(s))
    });
    match (exp, ctx.now) {
        (Some(e), Some(now)) if e.0 < now.0 - ctx.skew() => report.push(Check::new(
            "time.expired",
            S::Fail,
            format!(
                "The SAS expired {} ago (se {}): create a new one.",
                human_duration(now.0 - e.0),
                e.to_rfc3339()
            ),
        )),
        (Some(e), Some(now)) => report.push(Check::new(
            "time.expired",
            S::Pass,
            format!(
                "The SAS is valid until {} ({} left).",
                e.to_rfc3339(),
                human_duration(e.0 - now.0)
            ),
        )),
        (Some(_), None) => report.push(Check::new(
            "time.expired",
            S::Unknown,
            "The current time is not known, so the SAS expiry was not checked.",
        )),
        (None, _) => report.push(Check::new(
            "time.expired",
            S::Unknown,
            "The SAS has no readable expiry (`se`).",
        )),
    }
}
