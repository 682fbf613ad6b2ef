use super::failing;
use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The bearer token's audience (`aud`) is not the service the request calls.
    ///
    /// ## Why it happens
    /// A Graph token sent to SharePoint REST, an ARM token sent to Graph, or an app's own
    /// `api://` audience sent elsewhere.
    ///
    /// ## Where the fix lives
    /// The audience / resource / scope of the token request.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://contoso.sharepoint.com/_api/web", "method": "GET", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}}
    /// ```
    pub static BEARER_TOKEN_AUDIENCE_MISMATCH = {
        code: "AL602", name: "bearer-token-audience-mismatch", category: WrongAudience, severity: Error,
        title: "The bearer token is for another service", check: bearer_token_audience_mismatch,
    }
}

fn bearer_token_audience_mismatch(f: &Facts) -> Option<Hit> {
    let (c, s) = failing(f, &["audience"])?;
    Some(Hit::new(STRONG + 2, c.message.clone()).with(Some(s), "token audience"))
}
