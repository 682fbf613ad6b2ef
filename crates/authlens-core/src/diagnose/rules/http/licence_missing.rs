use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The account lacks a licence the feature needs.
    ///
    /// ## Why it happens
    /// Premium connectors, some actions and limits depend on the plan of the account that
    /// owns or runs the flow.
    ///
    /// ## Where the fix lives
    /// Licence assignment (Microsoft 365 admin center) or the flow's owner/plan.
    ///
    /// ## Example
    /// ```text
    /// The user 'svc-flow@contoso.com' does not have a Power Automate license.
    /// ```
    pub static LICENCE_MISSING = {
        code: "AL224", name: "licence-missing", category: NotAnAuthError, severity: Warning,
        title: "A licence is missing: not an authentication error", check: licence_missing,
    }
}

fn licence_missing(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "does not have a Power Automate license",
        "does not have a license",
        "license is required",
        "LicenseRequired",
        "not licensed",
        "NotLicensed",
        "requires a premium license",
        "insufficient or trial license",
        // Power Automate's premium-connector check (MissingAdequateQuotaPolicy) and the
        // desktop app's sign-in page name the plan, not the credential.
        "service plan adequate",
        "MissingAdequateQuotaPolicy",
        "with your current license",
        "does not have a valid license",
    ])?;
    Some(
        Hit::new(LIKELY - 2, "The account lacks the licence this feature needs: assign it (or move the flow to an account or plan that has it). Credentials and permissions are not the question.")
            .with(Some(s), "licence")
            .fix_at("Microsoft 365 admin center → Billing → Licences: the account's licence or plan (not a sign-in or permission)"),
    )
}
