use crate::category::Category;
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
    // DirectApiAuthorizationRequired is also what a request trigger answers a caller that sent
    // no SAS signature or token ("…authenticated only by Shared Access scheme"): only the
    // connection's own banner ("…authorization for the connection…") is about its sign-in.
    let banner = f
        .code("DirectApiAuthorizationRequired")
        .filter(|_| f.phrase(&["connection"]).is_some());
    let s = banner.or_else(|| {
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
    // "Missing refresh token": the provider never issued one (a custom connector whose OAuth
    // settings do not ask for offline access or have no refresh URL), so every reconnect dies
    // with its first access token: the connector's security settings need fixing, not the sign-in.
    if let Some(m) = f.phrase(&["Missing refresh token", "no refresh token"]) {
        return Some(
            Hit::new(
                LIKELY,
                "The connection never received a refresh token, so it stops working when its first access token expires; signing in again only lasts until then. Where the fix lives: the custom connector's Security settings (a scope that grants offline access, the refresh URL), then a new connection.",
            )
            .as_category(Category::ConnectionNotFoundOrMisconfigured)
            .titled("The connector's OAuth setup gives no refresh token")
            .with(Some(m), "missing refresh token")
            .with(Some(s), "connection state"),
        );
    }
    Some(
        Hit::new(
            LIKELY,
            "The connection's stored sign-in no longer works (expired, revoked, or never completed): the platform cannot get a token with it.",
        )
        .with(Some(s), "connection state"),
    )
}
