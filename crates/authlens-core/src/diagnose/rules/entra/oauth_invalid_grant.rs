use super::oauth;
use crate::category::Category;
use crate::diagnose::rules::confidence::{HINT, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The token endpoint answered `invalid_grant` without a more specific code: the refresh
    /// token, code or assertion is no longer accepted.
    ///
    /// ## Why it happens
    /// Expiry, revocation, a password change or a new MFA requirement; the AADSTS code, when
    /// present, tells which.
    ///
    /// ## Where the fix lives
    /// Re-authenticate where the connection lives.
    ///
    /// ## Example
    /// ```text
    /// Failed to refresh the token: invalid_grant
    /// ```
    pub static OAUTH_INVALID_GRANT = {
        code: "AL121", name: "oauth-invalid-grant", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The stored grant is no longer accepted", check: oauth_invalid_grant,
    }
}

fn oauth_invalid_grant(f: &Facts) -> Option<Hit> {
    let s = oauth(f, "invalid_grant")?;
    // invalid_grant is the envelope; a standard Entra message inside it that names a more
    // precise cause (inactivity, a password change, MFA) is the reading, so this one steps back.
    let precise = crate::knowledge::read::rows(f, &["entra"]).iter().any(|m| {
        !m.row.weak
            && m.row.category != Category::ExpiredOrRevokedCredential
            && m.names_auth_cause()
    });
    let confidence = if precise { HINT } else { PLAUSIBLE + 2 };
    Some(Hit::new(confidence, "invalid_grant: the refresh token, code or assertion the client presented is no longer accepted (expired, revoked, or the user must sign in again).").with(Some(s), "OAuth error"))
}
