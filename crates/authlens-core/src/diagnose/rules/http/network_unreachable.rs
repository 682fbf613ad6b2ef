use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The request failed at the network level: the service was never asked to judge the
    /// credential.
    ///
    /// ## Why it happens
    /// A wrong host name, DNS, a firewall dropping the connection, TLS problems, or a private
    /// endpoint that the platform's outbound addresses cannot reach.
    ///
    /// ## Where the fix lives
    /// The network path: host name, firewall, private endpoint or an on-premises data gateway.
    ///
    /// ## Example
    /// ```text
    /// The remote name could not be resolved: 'api.contoso.internal'
    /// ```
    pub static NETWORK_UNREACHABLE = {
        code: "AL217", name: "network-unreachable", category: NetworkOrFirewall, severity: Error,
        title: "The service could not be reached", check: network_unreachable,
    }
}

fn network_unreachable(f: &Facts) -> Option<Hit> {
    let s = f
        .phrase(&[
            "could not be resolved",
            "No such host is known",
            "Name or service not known",
            "A connection attempt failed because the connected party did not properly respond",
            "actively refused",
            "The SSL connection could not be established",
            "private endpoint",
        ])
        // Node's error names are whole words: "ENOTFOUND" inside "Request_ResourceNotFound" is a
        // missing item, not a DNS failure.
        .or_else(|| {
            ["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND"]
                .iter()
                .find_map(|w| f.word(w))
        })?;
    Some(
        Hit::new(PLAUSIBLE + 4, "The call never reached a service that could judge the credential: name resolution, a refused or timed-out connection, TLS, or a private endpoint the platform cannot reach.")
            .with(Some(s), "network error"),
    )
}
