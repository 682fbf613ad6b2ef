use super::oauth;
use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The token endpoint needs the user to sign in interactively, usually for MFA.
    ///
    /// ## Why it happens
    /// A new MFA or Conditional Access requirement; a background run cannot show a prompt.
    ///
    /// ## Where the fix lives
    /// Sign in again interactively; the tenant admin for unattended work.
    ///
    /// ## Example
    /// ```text
    /// {"error":"interaction_required","error_description":"The user must sign in again."}
    /// ```
    pub static OAUTH_INTERACTION_REQUIRED = {
        code: "AL123", name: "oauth-interaction-required", category: MfaRequired, severity: Error,
        title: "The sign-in needs user interaction", check: oauth_interaction_required,
    }
}

fn oauth_interaction_required(f: &Facts) -> Option<Hit> {
    let s = oauth(f, "interaction_required")?;
    Some(Hit::new(PLAUSIBLE - 5, "interaction_required: the user must sign in interactively, usually to satisfy MFA; an unattended run cannot.").with(Some(s), "OAuth error"))
}
