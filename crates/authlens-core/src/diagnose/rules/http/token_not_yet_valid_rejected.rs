use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service says the token is not valid yet.
    ///
    /// ## Why it happens
    /// The clock of the service or of the token issuer is off.
    ///
    /// ## Where the fix lives
    /// The clock of the machine that issues or checks the token.
    ///
    /// ## Example
    /// ```text
    /// IDX10222: Lifetime validation failed. The token is not yet valid.
    /// ```
    pub static TOKEN_NOT_YET_VALID_REJECTED = {
        code: "AL208", name: "token-not-yet-valid-rejected", category: TokenNotYetValidOrClockSkew, severity: Error,
        title: "The service says the token is not valid yet", check: token_not_yet_valid_rejected,
    }
}

fn token_not_yet_valid_rejected(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "IDX10222",
        "token is not yet valid",
        "not valid yet",
        "nbf claim",
    ])?;
    Some(Hit::new(LIKELY + 2, "The service says the token is not valid yet: its nbf lies in the service's future, which means the clocks disagree.").with(Some(s), "not-yet-valid token"))
}
