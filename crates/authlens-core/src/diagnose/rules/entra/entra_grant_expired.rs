use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Microsoft Entra ID refused the stored grant: the refresh token, authorization code,
    /// password or assertion the connection relies on has expired or been revoked.
    ///
    /// ## Why it happens
    /// Passwords expire, sessions are revoked by admins, authorization codes are single-use,
    /// and assertions live for minutes.
    ///
    /// ## Where the fix lives
    /// Where the connection lives: Fix connection (Power Automate), Authorize (Logic Apps),
    /// Edit credentials (Power BI).
    ///
    /// ## Example
    /// ```text
    /// AADSTS50055: Password is expired.
    /// ```
    pub static ENTRA_GRANT_EXPIRED = {
        code: "AL101", name: "entra-grant-expired", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The stored sign-in has expired or was revoked", check: entra_grant_expired,
    }
}

fn entra_grant_expired(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::ExpiredOrRevokedCredential, CERTAIN)
}
