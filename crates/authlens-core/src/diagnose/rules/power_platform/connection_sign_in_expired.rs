use crate::category::Category;
use crate::diagnose::rules::confidence::{LIKELY, PLAUSIBLE};
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
    // DirectApiAuthorizationRequired names a connection to sign in again, or (from a Logic
    // Apps request trigger) a call without its SAS signature: the latter is not a connection.
    let trigger_call = f
        .phrase(&["Shared Access scheme", "Shared Access Signature"])
        .is_some();
    let s = f
        .code("DirectApiAuthorizationRequired")
        .filter(|_| !trigger_call)
        .or_else(|| {
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
    // A refresh that failed because there never was a refresh token: the connector's OAuth
    // set-up does not obtain one (no offline_access scope, no refresh URL), so every connection
    // dies when its first access token expires. Re-signing in only buys an hour.
    if let Some(m) = f.phrase(&[
        "Missing refresh token",
        "No refresh token",
        "refresh token is missing",
        "refresh_token is missing",
    ]) {
        let mut h = Hit::new(
            LIKELY,
            "The connection never received a refresh token, so it fails as soon as its first access token expires: the connector's OAuth set-up does not obtain one (in a custom connector: the scope offline_access, or the identity provider's refresh URL).",
        )
        .as_category(Category::ConnectionNotFoundOrMisconfigured)
        .titled("The connector's OAuth set-up gets no refresh token")
        .with(Some(m), "no refresh token")
        .with(Some(s), "connection state");
        h.also.push(
            Hit::new(
                PLAUSIBLE,
                "Signing the connection in again gets a working token for a while; the failure comes back when it expires.",
            )
            .with(Some(s), "connection state"),
        );
        return Some(h);
    }
    Some(
        Hit::new(
            LIKELY,
            "The connection's stored sign-in no longer works (expired, revoked, or never completed): the platform cannot get a token with it.",
        )
        .with(Some(s), "connection state"),
    )
}
