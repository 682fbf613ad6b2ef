use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The token was requested for a resource (audience) that does not exist in the tenant,
    /// or a scope that does not belong to it.
    ///
    /// ## Why it happens
    /// A typo or a bare host in the resource URL, the tenant's vanity domain instead of the
    /// service's host, or a scope for another API.
    ///
    /// ## Where the fix lives
    /// The token request's resource, audience or scope.
    ///
    /// ## Example
    /// ```text
    /// AADSTS500011: The resource principal named https://contoso.com was not found in the tenant named Contoso.
    /// ```
    pub static TOKEN_REQUESTED_FOR_UNKNOWN_RESOURCE = {
        code: "AL107", name: "token-requested-for-unknown-resource", category: WrongAudience, severity: Error,
        title: "The token was requested for the wrong resource", check: token_requested_for_unknown_resource,
    }
}

fn token_requested_for_unknown_resource(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::WrongAudience, STRONG + 2)
}
