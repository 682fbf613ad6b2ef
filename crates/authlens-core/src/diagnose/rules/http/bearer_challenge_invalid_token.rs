use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// A `WWW-Authenticate` challenge with `error="invalid_token"` and no more specific
    /// description: the bearer token was rejected.
    ///
    /// ## Why it happens
    /// Usually an expired or revoked token; a description, when present, says if it is the
    /// audience or the signature instead.
    ///
    /// ## Where the fix lives
    /// Get a fresh token for each run; paste the token in the Token view to see why.
    ///
    /// ## Example
    /// ```text
    /// WWW-Authenticate: Bearer realm="api", error="invalid_token"
    /// ```
    pub static BEARER_CHALLENGE_INVALID_TOKEN = {
        code: "AL218", name: "bearer-challenge-invalid-token", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The bearer token was rejected (invalid_token)", check: bearer_challenge_invalid_token, fallback: true,
    }
}

fn bearer_challenge_invalid_token(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "error=\"invalid_token\"",
        "error=invalid_token",
        "\\\"invalid_token\\\"",
    ])?;
    Some(
        Hit::new(PLAUSIBLE - 4, "The service's challenge says invalid_token: the bearer token was rejected (most often expired or revoked; sometimes malformed or for another audience, which its description would say).")
            .with(Some(s), "WWW-Authenticate challenge"),
    )
}
