use super::oauth;
use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The token endpoint answered `invalid_client`: the app's own credential was rejected.
    ///
    /// ## Why it happens
    /// A wrong, rotated or expired client secret or certificate.
    ///
    /// ## Where the fix lives
    /// App registration → Certificates & secrets.
    ///
    /// ## Example
    /// ```text
    /// {"error":"invalid_client","error_description":"Client authentication failed."}
    /// ```
    pub static OAUTH_INVALID_CLIENT = {
        code: "AL122", name: "oauth-invalid-client", category: InvalidClientCredentials, severity: Error,
        title: "The app's credential was rejected", check: oauth_invalid_client,
    }
}

fn oauth_invalid_client(f: &Facts) -> Option<Hit> {
    let s = oauth(f, "invalid_client")?;
    Some(Hit::new(LIKELY - 5, "invalid_client: the token endpoint rejected the app's own credential (client secret or certificate).").with(Some(s), "OAuth error"))
}
