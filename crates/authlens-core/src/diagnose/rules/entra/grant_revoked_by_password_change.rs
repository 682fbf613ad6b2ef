use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The grant was issued before the account's password was last changed or reset, so
    /// Entra ID revoked it.
    ///
    /// ## Why it happens
    /// A password change or reset (or a scheduled rotation) revokes every refresh token of the
    /// account, so every connection signed in with it breaks at once.
    ///
    /// ## Where the fix lives
    /// Re-authenticate the connection; for unattended work use a service principal.
    ///
    /// ## Example
    /// ```text
    /// AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.
    /// ```
    pub static GRANT_REVOKED_BY_PASSWORD_CHANGE = {
        code: "AL103", name: "grant-revoked-by-password-change", category: PasswordChanged, severity: Error,
        title: "The sign-in was revoked by a password change", check: grant_revoked_by_password_change,
    }
}

fn grant_revoked_by_password_change(f: &Facts) -> Option<Hit> {
    if let Some(h) = catalogued(f, Category::PasswordChanged, CERTAIN + 2) {
        return Some(h.with(f.phrase(&["TokensValidFrom"]), "revocation date"));
    }
    // Older codes (AADSTS70008 before 50173 had its own) and wrappers that drop the code say
    // it in words: the token predates the account's revocation date, which a password change
    // or reset moves.
    let s = super::revoked_by_password_change(f)?;
    Some(
        Hit::new(
            CERTAIN,
            "The refresh token was revoked: it was issued before the account's StsRefreshTokensValidFrom date, which a password change or reset moves. Sign in again (re-authenticate the connection).",
        )
        .with(Some(s), "revocation"),
    )
}
