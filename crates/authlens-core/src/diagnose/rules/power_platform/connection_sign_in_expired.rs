use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The connection's stored sign-in no longer works and must be renewed.
    ///
    /// ## Why it happens
    /// The refresh token expired or was revoked, or the connection was never fully signed in.
    ///
    /// ## Where the fix lives
    /// Power Automate → Connections → Fix connection; Logic Apps → API connection → Authorize.
    ///
    /// ## Example
    /// ```text
    /// {"status":"Error","error":{"code":"Unauthenticated","message":"Failed to refresh access token for service: office365."}}
    /// ```
    pub static CONNECTION_SIGN_IN_EXPIRED = {
        code: "AL404", name: "connection-sign-in-expired", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The connection must be signed in again", check: connection_sign_in_expired,
    }
}

fn connection_sign_in_expired(f: &Facts) -> Option<Hit> {
    let s = f.code("DirectApiAuthorizationRequired").or_else(|| {
        f.phrase(&[
            "Failed to refresh access token",
            "connection has expired",
            "connection is expired",
            "connection expired",
            "re-authenticate the connection",
            "reauthenticate the connection",
            "is not authenticated",
            "connection is not authorized",
            "connection is not authenticated",
            "is Unauthenticated",
            "\"Unauthenticated\"",
            "Action failed due to authentication error",
            "needs to be reauthenticated",
            "Fix connection",
        ])
    })?;
    Some(
        Hit::new(
            LIKELY,
            "The connection's stored sign-in no longer works (expired, revoked, or never completed): the platform cannot get a token with it.",
        )
        .with(Some(s), "connection state"),
    )
}
