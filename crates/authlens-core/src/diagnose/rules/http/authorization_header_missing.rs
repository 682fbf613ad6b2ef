use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service says the request carried no Authorization header.
    ///
    /// ## Why it happens
    /// The header expression produced nothing, or a follow-up request (asynchronous polling
    /// of a Location URL, a redirect) did not carry the header the first request had.
    ///
    /// ## Where the fix lives
    /// The action's header expression or authentication settings; for asynchronous polling,
    /// turn the asynchronous pattern off and poll with your own authenticated requests.
    ///
    /// ## Example
    /// ```text
    /// {"error": {"code": "AuthenticationFailed", "message": "Authentication failed. The 'Authorization' header is missing."}}
    /// ```
    pub static AUTHORIZATION_HEADER_MISSING = {
        code: "AL205", name: "authorization-header-missing", category: MalformedAuthorizationHeader, severity: Error,
        title: "The Authorization header did not arrive", check: authorization_header_missing,
    }
}

fn authorization_header_missing(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "'Authorization' header is missing",
        "Authorization header is missing",
        "missing Authorization header",
        "No Authorization header",
        "Authorization header not found",
        "authorization header was not provided",
    ])?;
    if f.request_has_credential == Some(false) {
        return None; // REQUEST_WITHOUT_CREDENTIAL says it more precisely.
    }
    Some(
        Hit::new(
            PLAUSIBLE - 2,
            "The service received no Authorization header. When the action is set up with authentication, the header was lost on the way: an expression that evaluated to nothing, or a follow-up call (asynchronous polling of a Location URL, a redirect) that does not carry it. If the action has no authentication configured at all, it was never sent.",
        )
        .with(Some(s), "missing header"),
    )
}
