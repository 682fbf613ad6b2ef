use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The request carried an empty token.
    ///
    /// ## Why it happens
    /// The expression that should produce the token returned nothing (a failed token step, a
    /// wrong property name, a variable never set).
    ///
    /// ## Where the fix lives
    /// The step that gets the token and the header expression that uses it.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}
    /// ```
    pub static ACCESS_TOKEN_EMPTY = {
        code: "AL219", name: "access-token-empty", category: MissingCredential, severity: Error,
        title: "The request carried an empty token", check: access_token_empty,
    }
}

fn access_token_empty(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "Access token is empty",
        "Bearer token is missing",
        "No bearer token",
        "token was not provided",
        "Authorization header is empty",
        "missing access token",
    ])?;
    Some(Hit::new(STRONG + 2, "The request arrived without a token value: the header or the expression that should produce the token was empty.").with(Some(s), "empty token"))
}
