use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// ARM (or Graph) says the access token has expired.
    ///
    /// ## Why it happens
    /// A token was stored or fetched too early and used after its ~1 hour lifetime.
    ///
    /// ## Where the fix lives
    /// Fetch a token in every run, right before use.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time is earlier than current UTC time."}}
    /// ```
    pub static ARM_TOKEN_EXPIRED = {
        code: "AL303", name: "arm-token-expired", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The access token has expired", check: arm_token_expired,
    }
}

fn arm_token_expired(f: &Facts) -> Option<Hit> {
    let s = f.code("ExpiredAuthenticationToken")?;
    Some(
        Hit::new(
            CERTAIN + 2,
            "ARM says the access token has expired: get a new token for each run.",
        )
        .with(Some(s), "ARM error code"),
    )
}
