use super::failing;
use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The bearer token was issued by another tenant than the one in the URL or the rest of
    /// the paste, or by the personal-account tenant.
    ///
    /// ## Why it happens
    /// The token was requested from `common` or a default tenant.
    ///
    /// ## Where the fix lives
    /// The authority (tenant) of the token request.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/oauth2/v2.0/token", "method": "POST", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJ0aWQiOiIyMjIyMjIyMi0yMjIyLTIyMjItMjIyMi0yMjIyMjIyMjIyMjIiLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}}
    /// ```
    pub static BEARER_TOKEN_TENANT_MISMATCH = {
        code: "AL604", name: "bearer-token-tenant-mismatch", category: WrongTenant, severity: Error,
        title: "The bearer token comes from another tenant", check: bearer_token_tenant_mismatch,
    }
}

fn bearer_token_tenant_mismatch(f: &Facts) -> Option<Hit> {
    let (c, s) = failing(f, &["tenant"])?;
    Some(Hit::new(LIKELY + 2, c.message.clone()).with(Some(s), "token tenant"))
}
