use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// A firewall or IP restriction refused the caller's network address.
    ///
    /// ## Why it happens
    /// The target only accepts selected networks or private endpoints.
    ///
    /// ## Where the fix lives
    /// The target's networking settings.
    ///
    /// ## Example
    /// ```text
    /// AuthorizationSourceIPMismatch: This request is not authorized to perform this operation using this source IP 20.1.2.3.
    /// ```
    pub static NETWORK_RULE_BLOCKED = {
        code: "AL213", name: "network-rule-blocked", category: NetworkOrFirewall, severity: Error,
        title: "A network rule blocks the caller", check: network_rule_blocked,
    }
}

fn network_rule_blocked(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "AuthorizationSourceIPMismatch",
        "ClientIpAddressNotAuthorized",
        "ForbiddenByFirewall",
        "Ip Forbidden",
        "IP address is not allowed",
        "is not allowed by the firewall",
        "denied by the firewall",
        "ForbiddenByConnectivity",
        "public network access is disabled",
        "Public access is disabled",
        "not authorized to access this resource from the current IP",
    ])?;
    Some(Hit::new(CERTAIN, "The service's network rules (firewall, IP restriction, private endpoint) refused the caller's address.").with(Some(s), "network rule"))
}
