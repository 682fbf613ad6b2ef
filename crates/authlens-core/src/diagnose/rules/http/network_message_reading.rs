use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::table_reading::{table_reading, Levels};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The call failed in the network before authentication was judged: a proxy, TLS, DNS,
    /// socket, firewall or private-endpoint message from the knowledge tables.
    ///
    /// ## Why it happens
    /// A proxy wants its own sign-in, a TLS-inspecting proxy's certificate is not trusted, a
    /// host name does not resolve, or a firewall drops the connection.
    ///
    /// ## Where the fix lives
    /// The network path: proxy settings, trusted certificates, DNS, firewall rules.
    ///
    /// ## Example
    /// ```text
    /// ProxyError: 407 Proxy Authentication Required
    /// ```
    pub static NETWORK_MESSAGE_READING = {
        code: "AL225", name: "network-message-reading", category: NetworkOrFirewall, severity: Error,
        title: "A network, proxy, TLS or DNS failure", check: network_message_reading,
    }
}

/// Below the specific network rules (AL212, AL213, AL217), which read the same signals with
/// their context.
const LEVELS: Levels = Levels {
    code_field: PLAUSIBLE + 2,
    word: PLAUSIBLE - 2,
    phrase: Some(PLAUSIBLE - 4),
};

fn network_message_reading(f: &Facts) -> Option<Hit> {
    table_reading(f, &["network"], LEVELS)
}
