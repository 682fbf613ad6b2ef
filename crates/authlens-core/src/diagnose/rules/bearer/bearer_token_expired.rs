use super::{failing, failing_if};
use crate::diagnose::rules::confidence::{CERTAIN, LIKELY, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The bearer token in the paste had expired when the request was made. When neither the
    /// paste (`Date`, `startTime`, `timestamp`, …) nor the person says when the run failed, it
    /// says the token is expired now and that its state at run time is unknown: a token pasted a
    /// day after the run is always expired by then.
    ///
    /// ## Why it happens
    /// Access tokens live 60–90 minutes. A token pasted into an HTTP action, stored in a
    /// variable, or fetched at the start of a long run ages out.
    ///
    /// ## Where the fix lives
    /// The action that sends it: get a token in the same run, right before the call, or use
    /// the action's built-in authentication (Microsoft Entra ID OAuth, managed identity).
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://graph.microsoft.com/v1.0/me", "method": "GET", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjE2MDAwMDAwMDAsImlhdCI6MTU5OTk5NjQwMCwibmJmIjoxNTk5OTk2NDAwfQ.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}}
    /// ```
    pub static BEARER_TOKEN_EXPIRED = {
        code: "AL601", name: "bearer-token-expired", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The bearer token had expired", check: bearer_token_expired,
    }
}

fn bearer_token_expired(f: &Facts) -> Option<Hit> {
    let answered_401 = f.has_status(401).is_some() || f.statuses.is_empty();
    const ADVICE: &str = "A token pasted or stored once stops working after about 60–90 minutes: fetch it fresh in every run.";
    if let Some(run) = f.run_time {
        // Judged at the run's time only: expired now says nothing once the run's time is known.
        let expired_then = |r: &crate::token::TokenReport| {
            r.facts
                .as_ref()
                .and_then(|c| c.exp)
                .is_some_and(|exp| exp < run)
        };
        let (c, s) = failing_if(f, &["time.at-run"], expired_then)?;
        let conf = if answered_401 { CERTAIN } else { PLAUSIBLE };
        let from = f.run_time_source.unwrap_or("the paste");
        return Some(
            Hit::new(
                conf,
                format!("{} (The run's time is from {from}.) {ADVICE}", c.message),
            )
            .titled("The bearer token had expired when the request was made")
            .with(Some(s), "token expiry"),
        );
    }
    let (c, s) = failing(f, &["time.expired"])?;
    // Expired now, but the paste may be a day old: likely, not certain.
    let conf = if answered_401 { LIKELY } else { PLAUSIBLE - 4 };
    Some(
        Hit::new(
            conf,
            format!(
                "{} That is now: the paste does not say when the run failed, so whether the token \
                 had expired at run time is unknown. Set the run's time in Diagnose (from the run \
                 history) to check it. {ADVICE}",
                c.message
            ),
        )
        .titled("The bearer token is expired now; unknown at run time")
        .with(Some(s), "token expiry"),
    )
}
