use super::oauth;
use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The token endpoint answered `invalid_resource`: the resource asked for is unknown.
    ///
    /// ## Why it happens
    /// A wrong resource URL or scope in the token request.
    ///
    /// ## Where the fix lives
    /// The token request's resource / audience.
    ///
    /// ## Example
    /// ```text
    /// {"error":"invalid_resource","error_description":"The resource could not be found."}
    /// ```
    pub static OAUTH_INVALID_RESOURCE = {
        code: "AL124", name: "oauth-invalid-resource", category: WrongAudience, severity: Error,
        title: "The token was requested for an unknown resource", check: oauth_invalid_resource,
    }
}

fn oauth_invalid_resource(f: &Facts) -> Option<Hit> {
    let s = oauth(f, "invalid_resource")?;
    Some(Hit::new(LIKELY - 2, "invalid_resource: the resource the token was requested for does not exist in the tenant.").with(Some(s), "OAuth error"))
}
