//! The failure categories of `docs/taxonomy.md` (a copy of the team's shared taxonomy).
//!
//! The serialised names are a contract: reports, share links and the CLI's JSON use them.

use serde::{Deserialize, Serialize};

macro_rules! categories {
    ($($variant:ident = $name:literal, $short:literal;)*) => {
        /// What kind of failure a finding describes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Category {
            $(#[serde(rename = $name)] $variant,)*
        }

        impl Category {
            pub const ALL: &'static [Category] = &[$(Category::$variant,)*];

            /// The taxonomy word, e.g. `expired-or-revoked-credential`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Category::$variant => $name,)* }
            }

            /// A short phrase for headlines ("expired or revoked credential").
            pub const fn short(self) -> &'static str {
                match self { $(Category::$variant => $short,)* }
            }

            pub fn parse(s: &str) -> Option<Category> {
                match s { $($name => Some(Category::$variant),)* _ => None }
            }
        }
    };
}

categories! {
    ExpiredOrRevokedCredential = "expired-or-revoked-credential", "expired or revoked credential";
    RefreshTokenInactivity = "refresh-token-inactivity", "refresh token expired from inactivity";
    PasswordChanged = "password-changed", "password changed or reset";
    MfaRequired = "mfa-required", "multi-factor authentication required";
    ConditionalAccessBlocked = "conditional-access-blocked", "blocked by Conditional Access";
    ConsentRequired = "consent-required", "consent missing";
    InsufficientPermission = "insufficient-permission", "identity lacks permission";
    DlpPolicyBlocked = "dlp-policy-blocked", "blocked by a DLP policy";
    WrongAudience = "wrong-audience", "token for the wrong resource (audience)";
    WrongTenant = "wrong-tenant", "wrong tenant";
    InvalidClientCredentials = "invalid-client-credentials", "wrong client secret or assertion";
    ClientSecretExpired = "client-secret-expired", "client secret expired";
    CertificateExpired = "certificate-expired", "certificate expired";
    AppNotFound = "app-not-found", "application not found in the tenant";
    UserDisabledOrDeleted = "user-disabled-or-deleted", "account disabled, locked or deleted";
    InvalidUserCredentials = "invalid-user-credentials", "wrong user name or password";
    ConnectionNotFoundOrMisconfigured = "connection-not-found-or-misconfigured", "connection missing or misconfigured";
    MissingCredential = "missing-credential", "no credential sent";
    MalformedAuthorizationHeader = "malformed-authorization-header", "malformed Authorization header";
    TokenNotYetValidOrClockSkew = "token-not-yet-valid-or-clock-skew", "token not yet valid or clock skew";
    NetworkOrFirewall = "network-or-firewall", "blocked by network rules or firewall";
    ServiceOutageOrThrottling = "service-outage-or-throttling", "service outage or throttling";
    NotAnAuthError = "not-an-auth-error", "not an authentication error";
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The enum and the taxonomy document must list the same words in the same order.
    #[test]
    fn matches_the_taxonomy_document() {
        let doc = include_str!("../../../docs/taxonomy.md");
        let words: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split('`').next())
            .collect();
        let ours: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(words, ours);
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::json!(c.as_str()))
            );
        }
    }
}
