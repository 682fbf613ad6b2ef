use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service rejected the token's audience: it was issued for another resource.
    ///
    /// ## Why it happens
    /// The token was requested for Graph but sent to SharePoint, for ARM but sent to a
    /// function, or the API validates a different App ID URI.
    ///
    /// ## Where the fix lives
    /// The audience / resource / scope of the token request (or the API's accepted
    /// audiences).
    ///
    /// ## Example
    /// ```text
    /// Bearer error="invalid_token", error_description="The audience 'api://other' is invalid"
    /// ```
    pub static TOKEN_AUDIENCE_REJECTED = {
        code: "AL209", name: "token-audience-rejected", category: WrongAudience, severity: Error,
        title: "The token is for another resource", check: token_audience_rejected,
    }
}

fn token_audience_rejected(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "IDX10214",
        "InvalidAudience",
        "wrong audience",
        "Invalid audience",
        "audience validation failed",
        "InvalidAuthenticationTokenAudience",
    ]);
    let s = s.or_else(|| {
        let a = f.phrase(&["The audience '"])?;
        crate::text::find_ci(f.text, "is invalid", a.end)
            .filter(|i| i - a.end < 400)
            .map(|_| a)
    })?;
    Some(Hit::new(STRONG + 2, "The service rejected the token's audience: it was issued for another resource than the one called.").with(Some(s), "audience error"))
}
