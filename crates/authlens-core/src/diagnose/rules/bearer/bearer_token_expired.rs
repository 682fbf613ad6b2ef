use super::failing;
use crate::diagnose::rules::confidence::{CERTAIN, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The bearer token in the paste had expired when the request was made (or is expired
    /// now, when the paste says nothing about the run's time).
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
    let (c, s) = failing(f, &["time.at-run"]).or_else(|| failing(f, &["time.expired"]))?;
    let conf = if f.has_status(401).is_some() || f.statuses.is_empty() {
        CERTAIN
    } else {
        PLAUSIBLE
    };
    Some(Hit::new(conf, format!("{} A token pasted or stored once stops working after about 60–90 minutes: fetch it fresh in every run.", c.message)).with(Some(s), "token expiry"))
}
