use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// A policy now demands multi-factor authentication for this sign-in, and the run cannot
    /// answer an MFA prompt.
    ///
    /// ## Why it happens
    /// MFA was rolled out, a Conditional Access policy changed, or the sign-in comes from a new
    /// location. Tokens stored before the change stop working.
    ///
    /// ## Where the fix lives
    /// Sign in again interactively for now; the tenant admin decides how unattended work is
    /// treated (service principal, exclusions).
    ///
    /// ## Example
    /// ```text
    /// AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.
    /// ```
    pub static MFA_REQUIRED_BY_POLICY = {
        code: "AL104", name: "mfa-required-by-policy", category: MfaRequired, severity: Error,
        title: "Multi-factor authentication is now required", check: mfa_required_by_policy,
    }
}

fn mfa_required_by_policy(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::MfaRequired, CERTAIN + 1)
}
