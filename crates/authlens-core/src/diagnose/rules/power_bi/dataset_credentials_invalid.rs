use super::{access_forbidden, credentials_invalid_phrase, deployment_context};
use crate::diagnose::rules::confidence::{LIKELY, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Power BI cannot use the data source credentials stored for the semantic model.
    ///
    /// ## Why it happens
    /// OAuth credentials expire or are revoked (password change, MFA rollout, inactivity);
    /// basic credentials change.
    ///
    /// ## Where the fix lives
    /// Semantic model settings → Data source credentials → Edit credentials (or the gateway
    /// connection). Scheduled refresh is disabled after repeated failures: turn it back on.
    ///
    /// ## Example
    /// ```text
    /// The credentials provided for the SharePoint source are invalid. (Source at https://contoso.sharepoint.com/sites/finance.)
    /// ```
    pub static DATASET_CREDENTIALS_INVALID = {
        code: "AL501", name: "dataset-credentials-invalid", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The semantic model's stored credentials no longer work", check: dataset_credentials_invalid,
    }
}

fn dataset_credentials_invalid(f: &Facts) -> Option<Hit> {
    let s = credentials_invalid_phrase(f)?;
    if access_forbidden(f).is_some() || deployment_context(f).is_some() {
        return None;
    }
    let mut h = Hit::new(
        PLAUSIBLE - 2,
        "Power BI could not use the data source credentials stored for the semantic model: they expired (OAuth sign-in older than its lifetime, a changed password, an MFA rollout) or were revoked.",
    )
    .with(Some(s), "Power BI credential error");
    if let Some(g) = f.code("invalid_grant").or(f.word("invalid_grant")) {
        h = h.with(Some(g), "OAuth error");
        h.confidence = LIKELY - 4;
    }
    Some(h)
}
