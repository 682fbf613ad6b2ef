use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service could not parse the bearer token at all.
    ///
    /// ## Why it happens
    /// A space, quote or line break inside the token, a truncated copy, or an expression that
    /// was not evaluated.
    ///
    /// ## Where the fix lives
    /// The header expression that builds `Bearer <token>`.
    ///
    /// ## Example
    /// ```text
    /// IDX12709: CanReadToken() returned false. JWT is not well formed.
    /// ```
    pub static TOKEN_NOT_WELL_FORMED = {
        code: "AL206", name: "token-not-well-formed", category: MalformedAuthorizationHeader, severity: Error,
        title: "The token sent is not a well-formed JWT", check: token_not_well_formed,
    }
}

fn token_not_well_formed(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "IDX12709",
        "IDX12741",
        "IDX14100",
        "IDX14101",
        "IDX14102",
        "JWT is not well formed",
        "CompactToken parsing failed",
        "Invalid JWT token. The token is not in JWS format",
        "token is malformed",
        "malformed token",
    ])?;
    Some(
        Hit::new(
            STRONG,
            "The service could not even parse the token: it is not a well-formed JWT as sent. Typical causes are a space, quote or line break inside the value, a truncated token, or an expression left unevaluated.",
        )
        .with(Some(s), "token parse error"),
    )
}
