//! Audience (`aud` against the URL called) and permissions (`scp`/`roles` against what the call needs).

use super::{contains_ci, join_or_none};
use crate::token::perms::{self, AppAccess};
use crate::token::resource::{classify_aud, classify_host, Api, Url};
use crate::token::{Check, CheckStatus as S, ClaimFacts, TokenContext, TokenReport};

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
pub(super) fn audience(f: &ClaimFacts, url: Option<&Url>, report: &mut TokenReport) -> bool {
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

pub(super) fn permissions(
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
