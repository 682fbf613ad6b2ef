use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service says the token had expired when the request arrived.
    ///
    /// ## Why it happens
    /// Access tokens live 60–90 minutes; a static token pasted into an action, or a token
    /// fetched early in a long run, ages out.
    ///
    /// ## Where the fix lives
    /// Fetch a fresh token in each run, right before the call.
    ///
    /// ## Example
    /// ```text
    /// IDX10223: Lifetime validation failed. The token is expired.
    /// ```
    pub static TOKEN_LIFETIME_REJECTED = {
        code: "AL207", name: "token-lifetime-rejected", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The service says the token has expired", check: token_lifetime_rejected,
    }
}

/// What services answer when a token's lifetime is over: a service that says so read the token.
pub(crate) const LIFETIME_PHRASES: &[&str] = &[
    "IDX10223",
    "Lifetime validation failed",
    "ExpiredAuthenticationToken",
    "token is expired",
    "token has expired",
    "Access token has expired",
    "Signature has expired",
    "JWT expired",
    "token expired",
    "error_description=\"The token expired",
];

fn token_lifetime_rejected(f: &Facts) -> Option<Hit> {
    let s = f.phrase(LIFETIME_PHRASES)?;
    // "The refresh token has expired due to inactivity" is the sign-in's answer about the refresh
    // token behind a connection, not a service rejecting an access token: the inactivity readings
    // (AL102, the Entra message table) say what to do.
    if f.phrase(&["refresh token"]).is_some() && f.phrase(&["inactivity", "inactive"]).is_some() {
        return None;
    }
    let not_yet = f
        .phrase(&["IDX10222", "not yet valid", "not valid yet"])
        .is_some();
    if not_yet && f.phrase(&["IDX10223", "expired"]).is_none() {
        return None;
    }
    Some(Hit::new(STRONG, "The service says the token's lifetime is over: it was expired when the request arrived.").with(Some(s), "expired token"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::{diagnose as run, Options};

    fn diagnose(text: &str) -> crate::Report {
        run(text, &Options::at(crate::time::Timestamp(1_700_000_000)))
    }

    #[test]
    fn an_access_token_past_its_lifetime_is_read() {
        let r = diagnose("HTTP 401: IDX10223: Lifetime validation failed. The token is expired.");
        assert!(r.findings.iter().any(|f| f.code == "AL207"));
    }

    #[test]
    fn a_refresh_token_expired_from_inactivity_is_not_an_expired_access_token() {
        let r = diagnose("invalid_grant: The refresh token has expired due to inactivity.");
        assert!(
            r.findings.iter().all(|f| f.code != "AL207"),
            "{:?}",
            r.findings
        );
        assert_eq!(
            r.findings.first().map(|f| f.category),
            Some(crate::Category::RefreshTokenInactivity)
        );
    }
}
