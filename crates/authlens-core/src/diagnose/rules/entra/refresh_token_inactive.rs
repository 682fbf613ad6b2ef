use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::CERTAIN;
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
    catalogued(f, Category::RefreshTokenInactivity, CERTAIN + 2)
}
