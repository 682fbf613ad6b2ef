use super::{assertion_times, client_assertion_out_of_time, clock_looks_wrong};
use crate::category::Category;
use crate::diagnose::rules::confidence::{LIKELY, PLAUSIBLE, STRONG};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The times inside the client assertion cannot come from a correct UTC clock: it starts
    /// in 1970, starts in the future, or has an impossible lifetime. When Entra only says that a
    /// client assertion is outside its valid time range, without the times, the clock is a
    /// reading too: the first one under the older umbrella code AADSTS50012 (whose libraries
    /// built each assertion moments before sending it), the second after a stale assertion
    /// (AL119) otherwise.
    ///
    /// ## Why it happens
    /// The code that builds the assertion uses local time instead of UTC, or a machine clock
    /// is wrong.
    ///
    /// ## Where the fix lives
    /// The code or machine that creates the assertion: build nbf/exp from UTC Unix time.
    ///
    /// ## Example
    /// ```text
    /// AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-12-07T12:09:18.3149355Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 2024-12-07T11:14:18.0000000Z.
    /// ```
    pub static ASSERTION_BUILT_WITH_WRONG_CLOCK = {
        code: "AL120", name: "assertion-built-with-wrong-clock", category: TokenNotYetValidOrClockSkew, severity: Error,
        title: "The assertion was built with a wrong clock", check: assertion_built_with_wrong_clock,
    }
}

fn assertion_built_with_wrong_clock(f: &Facts) -> Option<Hit> {
    let Some(a) = assertion_times(f) else {
        return untimed(f);
    };
    let not_yet = a.valid_from.is_some_and(|v| v.0 > a.current.0 + 300);
    if !(clock_looks_wrong(&a) || not_yet) {
        return None;
    }
    let mut h = Hit::new(
        STRONG + 2,
        "The assertion's times do not fit a correct UTC clock (a start at 1970, an impossible lifetime, or a start in the future): the code that builds it uses local time or a wrong clock.",
    )
    .with(Some(a.span), "assertion times");
    // An assertion whose expiry lies before the current time was also sent after it expired:
    // a client library that caches assertions (or a stale federated token) does that with a
    // correct clock.
    if a.expiry.is_some_and(|e| e.0 < a.current.0) {
        h.also.push(
            Hit::new(
                PLAUSIBLE,
                "The assertion had expired before it was sent: a client library or pipeline that reuses a cached assertion (or federated token) sends it after its expiry. Update the library or fetch a fresh assertion for each token request.",
            )
            .as_category(Category::ExpiredOrRevokedCredential)
            .titled("The assertion was sent after it expired")
            .with(Some(a.span), "assertion times"),
        );
    }
    Some(h)
}

/// "Client assertion is not within its valid time range" without the times that would say which
/// way it is off. Under AADSTS700024 (today's code, the era of cached assertions and minutes-long
/// federated tokens), or with no code, a stale assertion is the usual cause (AL119) and the
/// clock the other reading; under the older umbrella code 50012 the libraries built a fresh
/// assertion for each request, so a window that does not fit was the building machine's clock.
fn untimed(f: &Facts) -> Option<Hit> {
    let s = client_assertion_out_of_time(f)?;
    let conf = if f.aadsts(50012).is_some() {
        LIKELY
    } else {
        PLAUSIBLE
    };
    Some(
        Hit::new(
            conf,
            "Entra found the client assertion outside its valid time range: a wrong clock on the machine that builds it moves the window. Check its UTC time (NTP).",
        )
        .with(Some(s), "assertion time range"),
    )
}
