use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::{CERTAIN, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Nobody (neither the user nor an admin) has consented to the permissions the app asks
    /// for.
    ///
    /// ## Why it happens
    /// A new permission was added, user consent is disabled in the tenant, or the app is used
    /// in a new tenant.
    ///
    /// ## Where the fix lives
    /// Entra ID → App registrations / Enterprise applications → API permissions → Grant admin
    /// consent.
    ///
    /// ## Example
    /// ```text
    /// AADSTS65001: The user or administrator has not consented to use the application with ID '00000000-0000-0000-0000-000000000001'.
    /// ```
    pub static CONSENT_MISSING = {
        code: "AL106", name: "consent-missing", category: ConsentRequired, severity: Error,
        title: "The app has no consent for the permissions it needs", check: consent_missing,
    }
}

fn consent_missing(f: &Facts) -> Option<Hit> {
    let mut h = catalogued(f, Category::ConsentRequired, CERTAIN)?;
    // The app registration does not list the API at all (the message says so): no consent can
    // grant what it does not ask for, so its API permissions are the fix, and consent follows.
    if let Some(s) = super::phrase_or_form_encoded(
        f,
        &[
            "requiredResourceAccess",
            "not listed in the requested permissions",
        ],
    ) {
        let consent = h.confidence;
        h.confidence = PLAUSIBLE;
        h.also.push(
            Hit::new(
                consent,
                "The app registration does not list the API it asked a token for: add that API's permission under API permissions, then grant consent.",
            )
            .as_category(Category::InsufficientPermission)
            .titled("The app registration lacks the API permission")
            .with(Some(s), "permission not in the registration"),
        );
    }
    Some(h)
}
