use super::{bare_status_reading, message_names_other_cause, specific_auth_code, wrapped_answer};
use crate::category::Category;
use crate::diagnose::rules::confidence::{BACKGROUND, HINT};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::span::Span;

declare_rule! {
    /// ## What it means
    /// A 401 Unauthorized: the service did not accept the credential. It is missing, expired
    /// or revoked. The Power BI and Fabric REST APIs are the exception: they answer 401 to a
    /// caller that signed in but may not do what it asked (no workspace access, an admin API,
    /// a service principal outside the tenant setting's group), so there the reading is a
    /// missing permission, with the expired credential as the second reading.
    ///
    /// ## Why it happens
    /// A connection's sign-in expired or was revoked, a static token aged out, or no token
    /// was sent. When "Unauthorized" is only a wrapper's word around another answer of the
    /// service (a 404, a 400, a 429, a 5xx inside it), that answer leads and this reading
    /// stays below it; a bare 401 with nothing from the service also lists a wrong URL or the
    /// tool itself, lowest.
    ///
    /// ## Where the fix lives
    /// Where the connection lives (Fix connection, Authorize, Edit credentials), or in how
    /// the request gets its token.
    ///
    /// ## Example
    /// ```text
    /// {"statusCode": 401, "headers": {}, "body": {"message": "Unauthorized"}}
    /// ```
    pub static CREDENTIAL_REJECTED_401 = {
        code: "AL201", name: "credential-rejected-401", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The service rejected the credential (401)", check: credential_rejected_401, fallback: true,
    }
}

fn credential_rejected_401(f: &Facts) -> Option<Hit> {
    let s = f.statuses.iter().find(|s| s.code == 401)?;
    // A 403 said anywhere in the body is the more specific answer (senior-admin reading).
    if f.statuses.iter().any(|x| x.code == 403)
        || specific_auth_code(f)
        || message_names_other_cause(f)
    {
        return None;
    }
    // "Unauthorized" printed by a wrapper around the service's own 404, 400, 429 or 5xx: that
    // answer leads; the credential stays a reading below it.
    if let Some((_, inner)) = wrapped_answer(f) {
        return Some(
            Hit::new(BACKGROUND, "The 401 / “Unauthorized” here is the wrapper's word around another answer of the service (highlighted): read that first. Only if it does not explain the failure, check the connection's or token's credential.")
                .with(Some(s.span), "status 401 (wrapper)")
                .with(Some(inner), "the service's own answer"),
        );
    }
    let mut h = Hit::new(
        HINT - 1,
        "A 401 means the service did not accept the credential: it is missing, expired or revoked. The fix lives where the connection or token comes from, not in the target system's permissions.",
    )
    .with(Some(s.span), "status 401");
    if let Some(w) = f.header_value("www-authenticate") {
        h = h.with(Some(w), "WWW-Authenticate challenge");
    }
    let bare = bare_status_reading(f, s.span);
    if let Some(api) = power_bi_api(f) {
        let mut p = Hit::new(
            HINT,
            "The Power BI and Fabric REST APIs answer 401 when the caller signed in but may not do this: it has no access to the workspace or item, the API is an admin API, or a service principal is not in the group the tenant setting \"Service principals can use Fabric APIs\" allows. Check those before reconnecting.",
        )
        .as_category(Category::InsufficientPermission)
        .titled("Power BI refused the call (401): the identity may not do this")
        .with(Some(s.span), "status 401")
        .with(Some(api), "Power BI / Fabric API");
        h.confidence = HINT - 6;
        p.also.push(h);
        p.also.extend(bare);
        return Some(p);
    }
    h.also.extend(bare);
    Some(h)
}

/// The paste is a call to the Power BI or Fabric service itself (its REST API, cmdlets or
/// endpoints), not a data source's answer relayed by a refresh (those 401s are the source's
/// credentials).
fn power_bi_api(f: &Facts) -> Option<Span> {
    let api = f.phrase(&[
        "api.powerbi.com",
        "api.fabric.microsoft.com",
        "analysis.windows.net",
        "powerbi.com",
        "-powerbi",
        "powerbi",
        "power bi",
        "pbi",
    ])?;
    let source = f.phrase(&[
        "datasource",
        "data source",
        "web.contents",
        "credential",
        "dm_gwpipeline",
        "mashup",
    ]);
    source.is_none().then_some(api)
}
