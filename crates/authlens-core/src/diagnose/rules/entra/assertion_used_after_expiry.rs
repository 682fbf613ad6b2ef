use super::{assertion_times, client_assertion_out_of_time, clock_looks_wrong};
use crate::diagnose::rules::confidence::{CERTAIN, LIKELY, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::time::human_duration;

declare_rule! {
    /// ## What it means
    /// A client assertion or user assertion was presented after it had expired, and its own
    /// times are consistent, so the clock is fine: a stale assertion was reused.
    ///
    /// ## Why it happens
    /// A pipeline's federated (OIDC) token or an on-behalf-of user token lives for minutes;
    /// a long job presents it hours later; a client library that caches its assertion sends it
    /// stale. When Entra gives no times (AADSTS700024 alone), that is still the usual cause.
    ///
    /// ## Where the fix lives
    /// The client: get a fresh assertion right before each token request.
    ///
    /// ## Example
    /// ```text
    /// AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-05-28T06:01:42.5853621Z, assertion valid from 2024-05-28T02:19:01.0000000Z, expiry time of assertion 2024-05-28T02:29:01.0000000Z.
    /// ```
    pub static ASSERTION_USED_AFTER_EXPIRY = {
        code: "AL119", name: "assertion-used-after-expiry", category: ExpiredOrRevokedCredential, severity: Error,
        title: "A short-lived assertion was used after it expired", check: assertion_used_after_expiry,
    }
}

fn assertion_used_after_expiry(f: &Facts) -> Option<Hit> {
    let Some(a) = assertion_times(f) else {
        return untimed(f);
    };
    let expiry = a.expiry?;
    if clock_looks_wrong(&a) || a.current.0 <= expiry.0 + 300 {
        return None;
    }
    let lifetime = a
        .valid_from
        .map(|v| format!(" It was valid for {} only.", human_duration(expiry.0 - v.0)))
        .unwrap_or_default();
    Some(
        Hit::new(
            CERTAIN,
            format!(
                "The assertion expired {} before it was presented, and its own times are consistent: a short-lived assertion (such as a pipeline's federated token) was reused after it expired, the clock is fine.{lifetime} Get a fresh one right before the call.",
                human_duration(a.current.0 - expiry.0)
            ),
        )
        .with(Some(a.span), "assertion times"),
    )
}

/// A client assertion outside its valid time range, without the times. Under AADSTS700024 (or
/// with no code) the usual cause is a stale assertion (libraries that cached it, federated tokens that live
/// minutes); under the older umbrella code 50012 it is the second reading, after the clock
/// (AL120).
fn untimed(f: &Facts) -> Option<Hit> {
    let s = client_assertion_out_of_time(f)?;
    let conf = if f.aadsts(50012).is_some() {
        PLAUSIBLE
    } else {
        LIKELY - 2
    };
    Some(
        Hit::new(
            conf,
            "Entra found the client assertion outside its valid time range: most often it was sent after it expired, by a client library that caches its assertion or by a pipeline whose federated token (valid for minutes) was used late. Fetch a fresh assertion right before each token request; update the library.",
        )
        .with(Some(s), "assertion time range"),
    )
}
