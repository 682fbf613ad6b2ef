use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The app registration or connection is set up in a way the sign-in does not accept: a
    /// reply URL that does not match, a missing field, a response type not enabled.
    ///
    /// ## Why it happens
    /// The connection or custom connector was configured against an app registration that
    /// changed, or was never completed.
    ///
    /// ## Where the fix lives
    /// The app registration's settings and the connection; re-create the connection after the
    /// fix.
    ///
    /// ## Example
    /// ```text
    /// AADSTS50011: The reply URL specified in the request does not match the reply URLs configured for the application.
    /// ```
    pub static APP_REGISTRATION_MISMATCH = {
        code: "AL115", name: "app-registration-mismatch", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "The app registration does not match the connection's settings", check: app_registration_mismatch,
    }
}

fn app_registration_mismatch(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::ConnectionNotFoundOrMisconfigured, STRONG - 1)
}
