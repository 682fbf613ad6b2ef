//! Tenant (`tid`/`iss` against the URL), identity (user or app, ID token misuse) and MFA (`amr`).

use super::guid_in;
use crate::token::resource::{self, tenant_in_url, Url, MSA_TENANT};
use crate::token::{Check, CheckStatus as S, ClaimFacts, TokenReport};

pub(super) fn tenant(f: &ClaimFacts, url: Option<&Url>, report: &mut TokenReport) {
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
    if resource::is_guid(&want) {
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

pub(super) fn identity(f: &ClaimFacts, report: &mut TokenReport) {
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

pub(super) fn mfa(f: &ClaimFacts, report: &mut TokenReport) {
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
