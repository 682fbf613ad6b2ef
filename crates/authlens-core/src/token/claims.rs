//! Claims in plain words, and the typed facts the diagnosis engine reads.

use super::resource::{classify_aud, Api, MSA_TENANT};
use super::{ClaimFacts, ExplainedClaim, TokenContext, TokenReport};
use crate::time::{relative, Timestamp};
use serde_json::Value;

fn s(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A string, a space-separated string, or an array of strings.
fn list(v: Option<&Value>, split_spaces: bool) -> Vec<String> {
    match v {
        Some(Value::String(s)) if split_spaces => {
            s.split_whitespace().map(str::to_string).collect()
        }
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Token times beyond ±2^40 s (about ±35,000 years) are clamped: no real token carries them, and
/// the clamp keeps every later subtraction on times far from overflow.
const TIME_LIMIT: i64 = 1 << 40;

fn time(v: Option<&Value>) -> Option<Timestamp> {
    let t = match v? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }?;
    Some(Timestamp(t.clamp(-TIME_LIMIT, TIME_LIMIT)))
}

pub fn facts(p: &Value) -> ClaimFacts {
    let g = |k: &str| p.get(k);
    let iss = s(g("iss"));
    let issuer_version = iss.as_deref().and_then(|i| {
        let l = i.to_ascii_lowercase();
        if l.contains("sts.windows.net") {
            Some("v1".to_string())
        } else if l.contains("/v2.0") {
            Some("v2".to_string())
        } else {
            None
        }
    });
    let tid = s(g("tid")).map(|t| t.to_ascii_lowercase());
    let scp = list(g("scp"), true);
    let roles = list(g("roles"), false);
    let idtyp = s(g("idtyp"));
    let is_app_only = idtyp.as_deref() == Some("app") || (scp.is_empty() && !roles.is_empty());
    let personal_account = tid.as_deref() == Some(MSA_TENANT)
        || iss
            .as_deref()
            .is_some_and(|i| i.to_ascii_lowercase().contains(MSA_TENANT));
    ClaimFacts {
        aud: list(g("aud"), false),
        iss,
        tid,
        oid: s(g("oid")),
        sub: s(g("sub")),
        appid: s(g("appid")).or_else(|| s(g("azp"))),
        app_displayname: s(g("app_displayname")),
        upn: s(g("upn"))
            .or_else(|| s(g("unique_name")))
            .or_else(|| s(g("preferred_username"))),
        scp,
        roles,
        idtyp,
        amr: list(g("amr"), false),
        ver: s(g("ver")),
        iat: time(g("iat")),
        nbf: time(g("nbf")),
        exp: time(g("exp")),
        is_app_only,
        issuer_version,
        personal_account,
    }
}

fn explanation(name: &str) -> &'static str {
    match name {
        "aud" => "Audience: the API this token is for. The API rejects tokens issued for anything else.",
        "iss" => "Issuer: who issued the token. sts.windows.net/{tenant}/ is a v1 token, login.microsoftonline.com/{tenant}/v2.0 a v2 token; the GUID is the tenant.",
        "tid" => "Tenant ID: the Entra ID directory (organisation) that issued the token.",
        "oid" => "Object ID of the user or service principal in that tenant: the stable identity the API sees.",
        "sub" => "Subject: an identifier of the user or app, unique per application; do not use it across apps.",
        "appid" => "Application (client) ID of the app that requested the token (v1 tokens).",
        "azp" => "Authorized party: application (client) ID of the app that requested the token (v2 tokens).",
        "appidacr" | "azpacr" => "How the client app authenticated: 0 = public client (no secret), 1 = client secret, 2 = certificate.",
        "app_displayname" => "Display name of the application that requested the token.",
        "upn" => "User principal name: the user's sign-in name.",
        "unique_name" => "A human-readable name of the user (v1 tokens); not guaranteed unique.",
        "preferred_username" => "The user's sign-in name (v2 tokens); display only, it can change.",
        "name" => "The user's display name.",
        "given_name" | "family_name" => "Part of the user's name.",
        "email" => "The user's e-mail address, if the app asked for it.",
        "scp" => "Scopes: DELEGATED permissions. The app acts on behalf of the signed-in user and can do at most what both the app and the user are allowed to.",
        "roles" => "In an app-only token: APPLICATION permissions (admin-consented, the app acts as itself). In a user token: app roles assigned to the user.",
        "wids" => "Directory role template IDs of the user (e.g. Global Administrator).",
        "groups" => "Security groups of the user (object IDs).",
        "idtyp" => "Token type: `app` for an app-only token, `user` for a token on behalf of a user.",
        "amr" => "Authentication methods used at sign-in: `pwd` password, `mfa` multi-factor, `rsa`/`ngcmfa`/`fido` strong methods.",
        "acr" => "Authentication context class: 0 means the user did not meet the ISO/IEC 29115 requirements (e.g. anonymous); 1 means authenticated.",
        "acrs" => "Authentication context IDs satisfied at sign-in (Conditional Access authentication contexts).",
        "ver" => "Token format version: 1.0 (v1 endpoint) or 2.0 (v2 endpoint). The resource's app registration decides which one it gets.",
        "iat" => "Issued at: when the token was created.",
        "nbf" => "Not before: the token is not valid before this time.",
        "exp" => "Expires: the token is not accepted after this time (a few minutes of clock skew are tolerated).",
        "auth_time" => "When the user last authenticated interactively.",
        "ipaddr" => "IP address the user or app authenticated from.",
        "nonce" => "A value the client sent to bind the token to its request (ID tokens).",
        "uti" => "Token identifier used by Microsoft internally (for revocation and tracing).",
        "rh" => "Internal Microsoft claim used to revalidate the token.",
        "aio" => "Internal Microsoft claim used to reuse the token; ignore it.",
        "xms_tcdt" => "Tenant creation date (Microsoft internal).",
        "xms_cc" => "Client capabilities: `cp1` means the client supports Continuous Access Evaluation (CAE), which allows longer-lived tokens that can be revoked at once.",
        "xms_ssm" | "xms_pdl" | "xms_pl" | "xms_tpl" | "xms_st" | "xms_mirid" | "xms_idrel" | "xms_ftd" => "Microsoft internal (xms_*) claim; not needed for diagnosis.",
        "sid" => "Session ID of the user's sign-in session.",
        "onprem_sid" => "The user's on-premises Active Directory security identifier.",
        "puid" | "altsecid" => "Identifier of the account in Microsoft's consumer or external identity systems.",
        "idp" => "Identity provider that authenticated the user, when not the tenant itself (e.g. live.com for a guest with a personal account).",
        "hasgroups" | "_claim_names" | "_claim_sources" => "The user has too many groups to list in the token; the API must query Graph for them.",
        "signin_state" => "Sign-in state: `kmsi` keep me signed in, `dvc_mngd` managed device, `dvc_cmp` compliant device.",
        "deviceid" => "ID of the device the user signed in from.",
        "cnf" => "Proof-of-possession confirmation key: the token is bound to a key the client holds.",
        "tenant_region_scope" | "tenant_ctry" => "Region of the tenant.",
        "jti" => "Unique token ID.",
        _ => "",
    }
}

fn is_time_claim(name: &str) -> bool {
    matches!(
        name,
        "iat" | "nbf" | "exp" | "auth_time" | "xms_tcdt" | "xms_ftd_time"
    )
}

fn display(name: &str, v: &Value, ctx: &TokenContext) -> String {
    if is_time_claim(name) {
        if let Some(t) = time(Some(v)) {
            let date = t.to_rfc3339();
            return match ctx.now {
                Some(now) if name == "exp" && t.0 < now.0 => {
                    format!("{date} (expired {})", relative(t, now))
                }
                Some(now) if name == "exp" => format!("{date} (expires {})", relative(t, now)),
                Some(now) => format!("{date} ({})", relative(t, now)),
                None => date,
            };
        }
    }
    match name {
        "aud" => {
            let auds = list(Some(v), false);
            return auds
                .iter()
                .map(|a| match classify_aud(a) {
                    (Api::Custom, _) => a.clone(),
                    (api, _) => format!("{a} ({})", api.name()),
                })
                .collect::<Vec<_>>()
                .join(", ");
        }
        "tid" if v.as_str().map(str::to_ascii_lowercase).as_deref() == Some(MSA_TENANT) => {
            return format!("{MSA_TENANT} (personal Microsoft accounts)");
        }
        "idtyp" => match v.as_str() {
            Some("app") => return "app (app-only: no user)".into(),
            Some("user") => return "user (delegated: on behalf of a user)".into(),
            _ => {}
        },
        "appidacr" | "azpacr" => match v.as_str() {
            Some("0") => return "0 (public client, no secret)".into(),
            Some("1") => return "1 (client secret)".into(),
            Some("2") => return "2 (certificate)".into(),
            _ => {}
        },
        "amr" => {
            let m = list(Some(v), false);
            let mfa = if m.iter().any(|x| x == "mfa") {
                " (multi-factor)"
            } else {
                ""
            };
            return format!("{}{mfa}", m.join(", "));
        }
        "roles" | "groups" | "wids" => return list(Some(v), false).join(", "),
        _ => {}
    }
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub fn explain_into(report: &mut TokenReport, ctx: &TokenContext) {
    let Some(Value::Object(map)) = report.payload.as_ref() else {
        return;
    };
    let mut claims = Vec::with_capacity(map.len());
    for (name, v) in map {
        let mut explanation = explanation(name).to_string();
        if explanation.is_empty() && name.starts_with("xms_") {
            explanation = "Microsoft extension claim (xms_*).".into();
        }
        claims.push(ExplainedClaim {
            name: name.clone(),
            value: v.clone(),
            display: display(name, v, ctx),
            explanation,
        });
    }
    let facts = report.payload.as_ref().map(facts);
    report.claims = claims;
    report.facts = facts;
}
