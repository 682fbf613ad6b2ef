use super::failing;
use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::token::CheckStatus;

declare_rule! {
    /// ## What it means
    /// The Authorization header is built in a shape APIs reject: quotes around the value, a
    /// missing or doubled `Bearer`, stray whitespace or a line break, a JSON-escaped or
    /// truncated token, or an expression that was never evaluated.
    ///
    /// ## Why it happens
    /// Expressions such as `"Bearer @{…}"` typed with quotes, or the token copied with extra
    /// characters.
    ///
    /// ## Where the fix lives
    /// The action's header expression: `Bearer <token>`, one space, nothing else.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://graph.microsoft.com/v1.0/me", "method": "GET", "headers": {"Authorization": "\"Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\""}}
    /// ```
    pub static AUTHORIZATION_HEADER_MALFORMED = {
        code: "AL603", name: "authorization-header-malformed", category: MalformedAuthorizationHeader, severity: Error,
        title: "The Authorization header is malformed", check: authorization_header_malformed,
    }
}

fn authorization_header_malformed(f: &Facts) -> Option<Hit> {
    if let Some((c, s)) = failing(f, &["header"]) {
        return Some(Hit::new(CERTAIN, c.message.clone()).with(Some(s), "Authorization header"));
    }
    // Quotes the inspector could not place: in a JSON-decoded value they are part of what was sent.
    let t = f.tokens.iter().find(|t| {
        t.decoded
            && t.report
                .check("header.quoted")
                .is_some_and(|c| c.status != CheckStatus::Pass)
    })?;
    Some(
        Hit::new(
            CERTAIN,
            "The Authorization value the action sent is wrapped in quotes (\"Bearer …\"): APIs cannot read a quoted token and answer 401. Remove the quotes around the header expression.",
        )
        .with(Some(t.found.header_value.unwrap_or(t.found.span)), "quoted Authorization value"),
    )
}
