use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::{CERTAIN, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The refresh token behind the connection was not used within its inactivity window
    /// (90 days by default) and has expired.
    ///
    /// ## Why it happens
    /// A flow, dataset or tool that runs rarely, or a connection nobody uses, ages out.
    ///
    /// ## Where the fix lives
    /// Re-authenticate the connection. For unattended work move to a service principal or
    /// managed identity.
    ///
    /// ## Example
    /// ```text
    /// {"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity."}
    /// ```
    pub static REFRESH_TOKEN_INACTIVE = {
        code: "AL102", name: "refresh-token-inactive", category: RefreshTokenInactivity, severity: Error,
        title: "The refresh token expired from inactivity", check: refresh_token_inactive,
    }
}

fn refresh_token_inactive(f: &Facts) -> Option<Hit> {
    let mut h = catalogued(f, Category::RefreshTokenInactivity, CERTAIN + 2)?;
    // AADSTS70008 once covered revocation too: when its message names the revocation (and not
    // inactivity), the password change (AL103) leads.
    if super::revoked_by_password_change(f).is_some() && f.phrase(&["inactiv"]).is_none() {
        h.confidence = PLAUSIBLE;
    }
    Some(h)
}
