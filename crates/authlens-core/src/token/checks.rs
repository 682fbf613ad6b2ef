//! Checks on a decoded JWT: time, lifetime, audience, permissions, tenant, identity, MFA.

use super::input::PreparedToken;
use super::perms::{self, AppAccess};
use super::resource::{
    classify_aud, classify_host, parse_url, tenant_in_url, Api, Url, MSA_TENANT,
};
use super::{Check, CheckStatus as S, ClaimFacts, TokenContext, TokenReport};
use crate::time::{human_duration, Timestamp};

pub fn run(_token: &PreparedToken, ctx: &TokenContext, report: &mut TokenReport) {
    let Some(f) = report.facts.clone() else {
        return;
    };
    let url = ctx.url.as_deref().and_then(parse_url);
    time_checks(&f, ctx, report);
    lifetime(&f, report);
    let aud_ok = audience(&f, url.as_ref(), report);
    permissions(&f, ctx, url.as_ref(), aud_ok, report);
    tenant(&f, url.as_ref(), report);
    identity(&f, report);
    mfa(&f, report);
}

fn at(t: Timestamp) -> String {
    t.to_rfc3339()
}

fn time_checks(f: &ClaimFacts, ctx: &TokenContext, report: &mut TokenReport) {
    let skew = ctx.skew();
    let tol = format!("(clock-skew tolerance {})", human_duration(skew));
    match (f.exp, ctx.now) {
        (None, _) => report.push(Check::new(
            "time.expired",
            S::Warn,
            "The token has no `exp` claim: it never expires by itself. Entra ID always sets one; \
             most APIs reject tokens without it.",
        )),
        (Some(_), None) => report.push(Check::new(
            "time.expired",
            S::Unknown,
            "The current time is not known, so expiry was not checked.",
        )),
        (Some(exp), Some(now)) => {
            let d = now.0 - exp.0;
            if d > skew {
                report.push(Check::new(
                    "time.expired",
                    S::Fail,
                    format!(
                        "The token expired {} ago (exp {}). Get a new token: tokens are \
                         short-lived; fetch one in the same run right before the call.",
                        human_duration(d),
                        at(exp)
                    ),
                ));
            } else if d > 0 {
                report.push(Check::new(
                    "time.expired",
                    S::Warn,
                    format!(
                        "The token expired {} ago (exp {}), within the {} clock-skew tolerance: \
                         some APIs still accept it, strict ones do not.",
                        human_duration(d),
                        at(exp),
                        human_duration(skew)
                    ),
                ));
            } else {
                report.push(Check::new(
                    "time.expired",
                    S::Pass,
                    format!(
                        "Not expired: valid for another {} (exp {}) {tol}.",
                        human_duration(-d),
                        at(exp)
                    ),
                ));
            }
        }
    }
    match (f.nbf, ctx.now) {
        (None, _) => report.push(Check::new(
            "time.not-yet-valid",
            S::Unknown,
            "The token has no `nbf` (not before) claim.",
        )),
        (Some(_), None) => report.push(Check::new(
            "time.not-yet-valid",
            S::Unknown,
            "The current time is not known, so `nbf` was not checked.",
        )),
        (Some(nbf), Some(now)) => {
            let d = nbf.0 - now.0;
            if d > skew {
                report.push(Check::new(
                    "time.not-yet-valid",
                    S::Fail,
                    format!(
                        "The token is not valid yet: it becomes valid in {} (nbf {}). Usually a \
                         clock problem on the machine that issued or checks it.",
                        human_duration(d),
                        at(nbf)
                    ),
                ));
            } else {
                report.push(Check::new(
                    "time.not-yet-valid",
                    S::Pass,
                    format!("Already valid (nbf {}) {tol}.", at(nbf)),
                ));
            }
        }
    }
    match (f.iat, ctx.now) {
        (None, _) => report.push(Check::new(
            "time.issued-in-future",
            S::Unknown,
            "The token has no `iat` (issued at) claim.",
        )),
        (Some(_), None) => report.push(Check::new(
            "time.issued-in-future",
            S::Unknown,
            "The current time is not known, so `iat` was not checked.",
        )),
        (Some(iat), Some(now)) => {
            let d = iat.0 - now.0;
            if d > skew {
                report.push(Check::new(
                    "time.issued-in-future",
                    S::Fail,
                    format!(
                        "The token says it was issued {} in the future (iat {}): a clock is \
                         wrong, here or on the machine that made the token.",
                        human_duration(d),
                        at(iat)
                    ),
                ));
            } else {
                report.push(Check::new(
                    "time.issued-in-future",
                    S::Pass,
                    format!("Issued {} ago (iat {}).", human_duration(-d), at(iat)),
                ));
            }
        }
    }
    match ctx.run_time {
        None => report.push(Check::new(
            "time.at-run",
            S::Unknown,
            "The time of the failing request is not known (paste the response with its Date \
             header, or the run's start time, to check the token against it).",
        )),
        Some(run) => {
            let expired_by = f.exp.map(|e| run.0 - e.0);
            let early_by = f.nbf.map(|n| n.0 - run.0);
            if let Some(d) = expired_by.filter(|d| *d > skew) {
                report.push(Check::new(
                    "time.at-run",
                    S::Fail,
                    format!(
                        "This token had been expired for {} when the request was made (request \
                         at {}, token expired at {}).",
                        human_duration(d),
                        at(run),
                        f.exp.map(at).unwrap_or_default()
                    ),
                ));
            } else if let Some(d) = early_by.filter(|d| *d > skew) {
                report.push(Check::new(
                    "time.at-run",
                    S::Fail,
                    format!(
                        "This token was not valid yet when the request was made: it became \
                         valid {} later (nbf {}).",
                        human_duration(d),
                        f.nbf.map(at).unwrap_or_default()
                    ),
                ));
            } else if let Some(d) = expired_by {
                let msg = if d > 0 {
                    format!(
                        "At the time of the request ({}) the token had just expired ({} ago), \
                         within the clock-skew tolerance.",
                        at(run),
                        human_duration(d)
                    )
                } else {
                    format!(
                        "The token was valid when the request was made ({}); it had {} left.",
                        at(run),
                        human_duration(-d)
                    )
                };
                report.push(Check::new(
                    "time.at-run",
                    if d > 0 { S::Warn } else { S::Pass },
                    msg,
                ));
            } else {
                report.push(Check::new(
                    "time.at-run",
                    S::Unknown,
                    "The token has no `exp`, so it cannot be compared with the request time.",
                ));
            }
        }
    }
}

const STATIC_ADVICE: &str = "A static token pasted into an HTTP action stops working after \
    ~60–90 min: fetch it fresh each run (an HTTP action to the token endpoint, or a connector / \
    managed identity that handles tokens for you).";

fn lifetime(f: &ClaimFacts, report: &mut TokenReport) {
    let start = f.iat.or(f.nbf);
    let (Some(start), Some(exp)) = (start, f.exp) else {
        report.push(Check::new(
            "lifetime",
            S::Unknown,
            "The lifetime cannot be computed (no `iat`/`nbf` or no `exp`).",
        ));
        return;
    };
    let life = exp.0 - start.0;
    if life <= 0 {
        report.push(Check::new(
            "lifetime",
            S::Fail,
            "The token expires before (or when) it was issued: it was never usable.",
        ));
    } else if life < 5 * 60 {
        report.push(Check::new(
            "lifetime",
            S::Warn,
            format!(
                "Unusually short lifetime ({}): it may expire between being fetched and being \
                 used. {STATIC_ADVICE}",
                human_duration(life)
            ),
        ));
    } else if life > 28 * 3600 {
        report.push(Check::new(
            "lifetime",
            S::Warn,
            format!(
                "Unusually long lifetime ({}): Entra ID access tokens normally live 60–90 min \
                 (up to 28 h with Continuous Access Evaluation). A token this long-lived is \
                 probably not an Entra ID access token, or a custom policy applies.",
                human_duration(life)
            ),
        ));
    } else {
        report.push(Check::new(
            "lifetime",
            S::Pass,
            format!(
                "Lifetime {} (normal for Entra ID). {STATIC_ADVICE}",
                human_duration(life)
            ),
        ));
    }
}

fn sharepoint_tenant(host: &str) -> &str {
    let first = host.split('.').next().unwrap_or(host);
    first
        .strip_suffix("-my")
        .or_else(|| first.strip_suffix("-admin"))
        .unwrap_or(first)
}

fn how_to_get(api: Api, host: Option<&str>, f: &ClaimFacts) -> String {
    let res = api.resource(host);
    if res.starts_with("https://") {
        let scope = format!("{}/.default", res.trim_end_matches('/'));
        match f.issuer_version.as_deref() {
            Some("v2") => format!("Request the token with scope `{scope}` (v2 endpoint)."),
            Some("v1") => format!("Request the token with resource `{res}` (v1 endpoint)."),
            _ => format!("Request the token for `{res}` (v1: resource={res}; v2: scope={scope})."),
        }
    } else {
        format!("Request the token for {res}.")
    }
}

/// Returns true when the audience matches (or could not be judged).
fn audience(f: &ClaimFacts, url: Option<&Url>, report: &mut TokenReport) -> bool {
    let auds: Vec<(Api, Option<String>, &String)> = f
        .aud
        .iter()
        .map(|a| {
            let (api, host) = classify_aud(a);
            (api, host, a)
        })
        .collect();
    let aud_text = if f.aud.is_empty() {
        "(none)".to_string()
    } else {
        f.aud.join(", ")
    };
    let Some(first) = auds.first() else {
        report.push(Check::new(
            "audience",
            S::Fail,
            "The token has no `aud` (audience) claim: no API will accept it as an access token.",
        ));
        return false;
    };
    let tok_desc = match first.0 {
        Api::Custom => format!("a token for `{aud_text}`"),
        api => format!("a {} token (aud `{aud_text}`)", api.name()),
    };
    if f.aud.iter().any(|a| a.contains("/.default")) {
        report.push(Check::new(
            "audience",
            S::Fail,
            format!(
                "The audience `{aud_text}` contains `/.default`: a v2 scope string was used \
                 where a v1 resource was expected. Use the resource without `/.default` on the \
                 v1 endpoint, or the scope on the v2 endpoint."
            ),
        ));
        return false;
    }
    let Some(url) = url else {
        report.push(Check::new(
            "audience",
            S::Unknown,
            format!(
                "This is {tok_desc}. The request URL is not known, so AuthLens cannot check that \
                 it matches the API called."
            ),
        ));
        return true;
    };
    let url_api = classify_host(&url.host);
    if url_api == Api::TokenEndpoint {
        report.push(Check::new(
            "audience",
            S::Unknown,
            format!(
                "This is {tok_desc}. The URL is the Entra ID sign-in endpoint ({}), not an API, \
                 so there is no audience to compare.",
                url.host
            ),
        ));
        return true;
    }
    // Any audience value that matches wins.
    let mut partial: Option<String> = None;
    for (api, host, raw) in &auds {
        if *api != url_api {
            if *api == Api::Custom && url_api == Api::Custom {
                if let Some(h) = host {
                    if *h == url.host {
                        report.push(Check::new(
                            "audience",
                            S::Pass,
                            format!("The audience `{raw}` matches the host {}.", url.host),
                        ));
                        return true;
                    }
                }
            }
            continue;
        }
        match (api, host) {
            (Api::SharePoint, Some(h)) if sharepoint_tenant(h) != sharepoint_tenant(&url.host) => {
                partial = Some(format!(
                    "This SharePoint token is for {h}, but the request went to {}: another \
                     tenant's SharePoint. {}",
                    url.host,
                    how_to_get(Api::SharePoint, Some(&url.host), f)
                ));
            }
            (Api::Dataverse, Some(h)) if *h != url.host => {
                partial = Some(format!(
                    "This Dataverse token is for {h}, but the request went to {}: each \
                     environment has its own audience. {}",
                    url.host,
                    how_to_get(Api::Dataverse, Some(&url.host), f)
                ));
            }
            (Api::Custom, _) => {
                report.push(Check::new(
                    "audience",
                    S::Unknown,
                    format!(
                        "This is {tok_desc}, sent to {}. AuthLens cannot tell which audience this \
                         API expects: compare `aud` with the Application ID URI of the API's app \
                         registration.",
                        url.host
                    ),
                ));
                return true;
            }
            _ => {
                report.push(Check::new(
                    "audience",
                    S::Pass,
                    format!(
                        "This is {tok_desc}, and the request went to {} ({}): they match.",
                        url.host,
                        url_api.name()
                    ),
                ));
                return true;
            }
        }
    }
    if let Some(msg) = partial {
        report.push(Check::new("audience", S::Fail, msg));
        return false;
    }
    let (status, msg) = match (first.0, url_api) {
        (Api::Custom, Api::Custom) => (
            S::Unknown,
            format!(
                "This is {tok_desc}, sent to {}. AuthLens cannot tell which audience that API \
                 expects: compare `aud` with the Application ID URI of its app registration.",
                url.host
            ),
        ),
        (_, Api::Custom) => (
            S::Warn,
            format!(
                "This is {tok_desc}, but the request went to {}, which is not {}. Unless that \
                 service forwards the token to {}, it expects a token issued for its own \
                 audience (its Application ID URI, often api://…).",
                url.host,
                first.0.name(),
                first.0.name()
            ),
        ),
        (_, target) => (
            S::Fail,
            format!(
                "This is {tok_desc}, but the request went to {} ({}). {} rejects tokens issued \
                 for another API (\"invalid audience\"). {}",
                url.host,
                target.name(),
                target.name(),
                how_to_get(target, Some(&url.host), f)
            ),
        ),
    };
    report.push(Check::new("audience", status, msg));
    status != S::Fail
}

fn permissions(
    f: &ClaimFacts,
    ctx: &TokenContext,
    url: Option<&Url>,
    aud_ok: bool,
    report: &mut TokenReport,
) {
    let have = if f.is_app_only {
        format!("application roles: {}", join_or_none(&f.roles))
    } else {
        format!("delegated scopes: {}", join_or_none(&f.scp))
    };
    if f.is_app_only && f.roles.is_empty()
        || !f.is_app_only && f.scp.is_empty() && f.roles.is_empty()
    {
        let msg = if f.idtyp.as_deref() == Some("app") || f.is_app_only {
            "This app-only token carries no application permissions (no `roles`): either none \
             were added to the app registration, or an admin has not granted consent for them. \
             Add the application permissions and click \"Grant admin consent\"."
        } else {
            "The token carries no permissions at all (no `scp`, no `roles`): the app has no \
             API permissions for this resource, or consent was not granted."
        };
        let status = if classify_first_aud(f) == Api::Custom || !aud_ok {
            S::Warn
        } else {
            S::Fail
        };
        report.push(Check::new("permissions", status, msg));
        return;
    }
    let Some(url) = url else {
        report.push(Check::new(
            "permissions",
            S::Unknown,
            format!("The token carries {have}. The request URL is not known, so they were not compared with what the call needs."),
        ));
        return;
    };
    if !aud_ok {
        report.push(Check::new(
            "permissions",
            S::Unknown,
            format!("Not checked: the token is for a different API than the one called (see audience). It carries {have}."),
        ));
        return;
    }
    let api = classify_host(&url.host);
    let method = ctx.method.clone().or_else(|| url.method.clone());
    let Some(rule) = perms::lookup(api.key(), method.as_deref(), &url.path) else {
        report.push(Check::new(
            "permissions",
            S::Unknown,
            format!(
                "AuthLens has no table entry for {} {}{}. The token carries {have}.",
                method.as_deref().unwrap_or("GET"),
                url.host,
                url.path
            ),
        ));
        return;
    };
    let m = method.as_deref().unwrap_or("GET (assumed)");
    let call = format!("{m} {}{}", url.host, url.path);
    let note = if rule.note.is_empty() {
        String::new()
    } else {
        format!(" Note: {}", rule.note)
    };
    if f.is_app_only {
        match &rule.application {
            AppAccess::NotSupported => report.push(Check::new(
                "permissions",
                S::Fail,
                format!("{call} cannot be called with an app-only token.{note}"),
            )),
            AppAccess::Elsewhere => report.push(Check::new(
                "permissions",
                S::Unknown,
                format!("For {call} the token's roles do not decide.{note}"),
            )),
            AppAccess::Roles(need) => {
                if let Some(hit) = f.roles.iter().find(|r| contains_ci(need, r)) {
                    report.push(Check::new(
                        "permissions",
                        S::Pass,
                        format!("The token has the application permission {hit}, which {call} accepts.{note}"),
                    ));
                } else {
                    report.push(Check::new(
                        "permissions",
                        S::Fail,
                        format!(
                            "{call} needs one of these application permissions: {}. The token \
                             has {have}. Add one to the app registration (API permissions → \
                             Application permissions) and grant admin consent, then get a new \
                             token.{note}",
                            need.join(", ")
                        ),
                    ));
                }
            }
        }
    } else if rule.delegated.is_empty() {
        report.push(Check::new(
            "permissions",
            S::Unknown,
            format!("The table lists no delegated permission for {call}.{note}"),
        ));
    } else if let Some(hit) = f.scp.iter().find(|s| contains_ci(&rule.delegated, s)) {
        report.push(Check::new(
            "permissions",
            S::Pass,
            format!("The token has the delegated permission {hit}, which {call} accepts.{note}"),
        ));
    } else {
        let admin = if rule.delegated.iter().all(|d| d.ends_with(".All")) {
            " These need admin consent."
        } else {
            ""
        };
        report.push(Check::new(
            "permissions",
            S::Fail,
            format!(
                "{call} needs one of these delegated permissions: {}. The token has {have}. Add \
                 one to the app registration (API permissions → Delegated) and consent to it, \
                 then sign in again to get a new token.{admin}{note}",
                rule.delegated.join(", ")
            ),
        ));
    }
}

fn classify_first_aud(f: &ClaimFacts) -> Api {
    f.aud.first().map_or(Api::Custom, |a| classify_aud(a).0)
}

fn contains_ci(list: &[&str], x: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(x))
}

fn join_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn guid_in(s: &str) -> Option<String> {
    let l = s.to_ascii_lowercase();
    l.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .find(|p| super::resource::is_guid(p))
        .map(str::to_string)
}

fn tenant(f: &ClaimFacts, url: Option<&Url>, report: &mut TokenReport) {
    let iss_tid = f.iss.as_deref().and_then(guid_in);
    let tid = f.tid.clone().or(iss_tid.clone());
    if f.personal_account {
        report.push(Check::new(
            "tenant",
            S::Warn,
            format!(
                "This token is for a personal Microsoft account (tenant {MSA_TENANT}: outlook.com, \
                 hotmail.com, live.com). Work-or-school APIs such as SharePoint Online, Dataverse \
                 and organisation data in Graph reject it: sign in with a work or school account."
            ),
        ));
        return;
    }
    if let (Some(t), Some(i)) = (&f.tid, &iss_tid) {
        if t != i {
            report.push(Check::new(
                "tenant",
                S::Warn,
                format!(
                    "The issuer names tenant {i} but `tid` is {t}: unusual; the token may have \
                     been issued by a different tenant than the one it describes (B2B guest or \
                     a multi-tenant app)."
                ),
            ));
            return;
        }
    }
    let Some(tid) = tid else {
        report.push(Check::new(
            "tenant",
            S::Unknown,
            "The token names no tenant (no `tid`, no tenant in `iss`): probably not an Entra ID \
             token.",
        ));
        return;
    };
    let Some(want) = url.and_then(tenant_in_url) else {
        report.push(Check::new(
            "tenant",
            S::Unknown,
            format!("Issued by tenant {tid}. The URL names no tenant to compare it with."),
        ));
        return;
    };
    if super::resource::is_guid(&want) {
        if want == tid {
            report.push(Check::new(
                "tenant",
                S::Pass,
                format!("The token's tenant {tid} is the tenant in the URL."),
            ));
        } else {
            report.push(Check::new(
                "tenant",
                S::Fail,
                format!(
                    "The token was issued by tenant {tid}, but the URL names tenant {want}: \
                     wrong tenant. Get the token from https://login.microsoftonline.com/{want}/… \
                     (the tenant that owns the resource), not from /common or another tenant."
                ),
            ));
        }
    } else {
        let domain_match = f
            .upn
            .as_deref()
            .and_then(|u| u.rsplit_once('@'))
            .is_some_and(|(_, d)| d.eq_ignore_ascii_case(&want));
        if domain_match {
            report.push(Check::new(
                "tenant",
                S::Pass,
                format!("The URL names {want}, the domain of the signed-in user (tenant {tid})."),
            ));
        } else {
            report.push(Check::new(
                "tenant",
                S::Unknown,
                format!(
                    "The URL names the tenant by domain ({want}); the token has tenant ID {tid}. \
                     AuthLens cannot map a domain to a tenant ID offline: check that {want} \
                     belongs to {tid}."
                ),
            ));
        }
    }
}

fn identity(f: &ClaimFacts, report: &mut TokenReport) {
    let app = match (&f.app_displayname, &f.appid) {
        (Some(n), Some(id)) => format!("app \"{n}\" ({id})"),
        (None, Some(id)) => format!("app {id}"),
        (Some(n), None) => format!("app \"{n}\""),
        (None, None) => "an unnamed app".into(),
    };
    // An ID token used as an access token: aud is the client itself, no permissions.
    let is_id_token = f.scp.is_empty()
        && f.roles.is_empty()
        && f.aud.len() == 1
        && f.appid.is_none()
        && report.payload.as_ref().is_some_and(|p| {
            p.get("nonce").is_some() || p.get("at_hash").is_some() || p.get("c_hash").is_some()
        });
    if is_id_token {
        report.push(Check::new(
            "identity",
            S::Fail,
            format!(
                "This looks like an ID token (it proves who signed in to app {}), not an access \
                 token: APIs reject it. Use the `access_token` from the token response, not \
                 `id_token`.",
                f.aud.first().map(String::as_str).unwrap_or("?")
            ),
        ));
        return;
    }
    if f.is_app_only {
        report.push(Check::new(
            "identity",
            S::Pass,
            format!(
                "App-only token: {app} acting as itself, with no signed-in user{}.",
                f.oid
                    .as_deref()
                    .map(|o| format!(" (service principal {o})"))
                    .unwrap_or_default()
            ),
        ));
    } else if f.scp.is_empty() && f.upn.is_none() && f.oid.is_none() {
        report.push(Check::new(
            "identity",
            S::Warn,
            "AuthLens cannot tell whether this token is for a user or an app: it has no `scp`, \
             `roles`, `idtyp`, user name or object ID.",
        ));
    } else {
        let who = f
            .upn
            .clone()
            .or_else(|| f.oid.as_ref().map(|o| format!("user {o}")))
            .unwrap_or_else(|| "a user".into());
        report.push(Check::new(
            "identity",
            S::Pass,
            format!("Delegated token: {app} acting on behalf of {who}."),
        ));
    }
}

fn mfa(f: &ClaimFacts, report: &mut TokenReport) {
    if f.is_app_only {
        report.push(Check::new(
            "mfa",
            S::Unknown,
            "Not applicable: an app-only token has no user sign-in, so no MFA.",
        ));
    } else if f.amr.is_empty() {
        report.push(Check::new(
            "mfa",
            S::Unknown,
            "The token has no `amr` claim, so it does not say how the user signed in.",
        ));
    } else if f.amr.iter().any(|m| m.eq_ignore_ascii_case("mfa")) {
        report.push(Check::new(
            "mfa",
            S::Pass,
            format!(
                "The user signed in with multi-factor authentication (amr: {}).",
                f.amr.join(", ")
            ),
        ));
    } else {
        report.push(Check::new(
            "mfa",
            S::Warn,
            format!(
                "No multi-factor authentication in this sign-in (amr: {}). If a Conditional \
                 Access policy requires MFA for the API, it is refused (AADSTS50076/50079): \
                 re-authenticate the connection with MFA.",
                f.amr.join(", ")
            ),
        ));
    }
}
