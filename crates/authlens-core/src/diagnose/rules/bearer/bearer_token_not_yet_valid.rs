use super::{failing, failing_if};
use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The bearer token was not valid yet at the time of the request (its `nbf` or `iat` lies
    /// in the future).
    ///
    /// ## Why it happens
    /// The clock of the machine that issued or received it is off.
    ///
    /// ## Where the fix lives
    /// The clocks involved; retry after `nbf`.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://graph.microsoft.com/v1.0/me", "method": "GET", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6NDEwMjQ0MTIwMCwibmJmIjo0MTAyNDQxMjAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}}
    /// ```
    pub static BEARER_TOKEN_NOT_YET_VALID = {
        code: "AL605", name: "bearer-token-not-yet-valid", category: TokenNotYetValidOrClockSkew, severity: Error,
        title: "The bearer token was not valid yet", check: bearer_token_not_yet_valid,
    }
}

fn bearer_token_not_yet_valid(f: &Facts) -> Option<Hit> {
    // Not valid now means not valid at the run either (the run was earlier); a token valid now
    // may still have been early at the run's time.
    let early_then = |r: &crate::token::TokenReport| {
        let nbf = r.facts.as_ref().and_then(|c| c.nbf);
        f.run_time.zip(nbf).is_some_and(|(run, nbf)| nbf > run)
    };
    let (c, s) = failing(f, &["time.not-yet-valid", "time.issued-in-future"])
        .or_else(|| failing_if(f, &["time.at-run"], early_then))?;
    Some(Hit::new(STRONG - 2, c.message.clone()).with(Some(s), "token validity start"))
}
