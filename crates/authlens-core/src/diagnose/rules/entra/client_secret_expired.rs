use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The app's client secret has passed its expiry date.
    ///
    /// ## Why it happens
    /// Client secrets are created with an expiry (at most 24 months); nobody rotated it in
    /// time.
    ///
    /// ## Where the fix lives
    /// App registration → Certificates & secrets → New client secret; then update every
    /// consumer.
    ///
    /// ## Example
    /// ```text
    /// AADSTS7000222: The provided client secret keys for app '00000000-0000-0000-0000-000000000001' are expired.
    /// ```
    pub static CLIENT_SECRET_EXPIRED = {
        code: "AL110", name: "client-secret-expired", category: ClientSecretExpired, severity: Error,
        title: "The app's client secret has expired", check: client_secret_expired,
    }
}

fn client_secret_expired(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::ClientSecretExpired, CERTAIN + 5)
}
