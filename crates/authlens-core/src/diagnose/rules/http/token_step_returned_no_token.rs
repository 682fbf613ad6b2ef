use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The expression that should read the token (`body('Get_token')?['access_token']`) found
    /// nothing, so the request could not be built with a credential.
    ///
    /// ## Why it happens
    /// The token request before it failed, returned an error body, or its output has another
    /// shape.
    ///
    /// ## Where the fix lives
    /// The token step: open its outputs and fix what it reports.
    ///
    /// ## Example
    /// ```text
    /// InvalidTemplate. Unable to process template language expressions in action 'HTTP': The template language expression 'body('Get_token')?['access_token']' cannot be evaluated because property 'access_token' doesn't exist.
    /// ```
    pub static TOKEN_STEP_RETURNED_NO_TOKEN = {
        code: "AL221", name: "token-step-returned-no-token", category: MissingCredential, severity: Error,
        title: "The step that gets the token returned none", check: token_step_returned_no_token,
    }
}

fn token_step_returned_no_token(f: &Facts) -> Option<Hit> {
    let prop = f.phrase(&[
        "property 'access_token'",
        "property access_token",
        "['access_token']",
        "?['access_token']",
    ])?;
    let s = f.phrase(&[
        "cannot be evaluated",
        "doesn't exist",
        "doesnt exist",
        "does not exist",
        "InvalidTemplate",
    ])?;
    Some(
        Hit::new(
            LIKELY,
            "The expression that reads the token found no access_token: the token request before it failed or returned something else, so no credential could be built. Open that step's outputs; its error is the real cause.",
        )
        .with(Some(prop), "token expression")
        .with(Some(s), "expression error"),
    )
}
