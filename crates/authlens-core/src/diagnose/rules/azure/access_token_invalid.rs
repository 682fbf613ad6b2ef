use crate::diagnose::rules::confidence::{PLAUSIBLE, STRONG};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service rejected the access token as invalid, without saying it is malformed or
    /// for another audience: in practice expired or revoked.
    ///
    /// ## Why it happens
    /// Personal-account (compact) tokens and Entra tokens live about an hour.
    ///
    /// ## Where the fix lives
    /// Get a new token for each run.
    ///
    /// ## Example
    /// ```text
    /// {'error': {'code': 'InvalidAuthenticationToken', 'message': 'CompactToken validation failed with reason code: 80049228.'}}
    /// ```
    pub static ACCESS_TOKEN_INVALID = {
        code: "AL309", name: "access-token-invalid", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The access token was rejected as invalid", check: access_token_invalid,
    }
}

fn access_token_invalid(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "CompactToken validation failed",
        "InvalidAuthenticationToken",
    ])?;
    if f.phrase(&[
        "CompactToken parsing failed",
        "audience",
        "IDX1",
        "token is empty",
        "is missing",
    ])
    .is_some()
    {
        return None;
    }
    let compact = f.phrase(&["CompactToken validation failed"]);
    let detail = if compact.is_some() {
        "Microsoft Graph could not validate a personal-account (compact) token: it has most likely expired (they live about an hour) or was revoked. Get a new one."
    } else {
        "The service rejected the access token as invalid: usually expired or revoked. Get a new token for each run."
    };
    Some(
        Hit::new(
            if compact.is_some() {
                STRONG - 2
            } else {
                PLAUSIBLE
            },
            detail,
        )
        .with(Some(s), "token error"),
    )
}
