//! Time checks: `exp`, `nbf`, `iat` against now and the run time; the token's lifetime.

use super::at;
use crate::time::human_duration;
use crate::token::{Check, CheckStatus as S, ClaimFacts, TokenContext, TokenReport};

pub(super) fn time_checks(f: &ClaimFacts, ctx: &TokenContext, report: &mut TokenReport) {
    let skew = ctx.skew();
    let tol = format!("(clock-skew tolerance {})", human_duration(skew));
    match (f.exp, ctx.now) {
        (None, _) => report.push(Check::new(
            "time.expired",
            S::Warn,
            "The token has no `exp` claim: it never expires by itself. Entra ID always sets one; \
             most APIs reject tokens without it.",
        )),
        (Some(_), None) => report.push(Check::new(
            "time.expired",
            S::Unknown,
            "The current time is not known, so expiry was not checked.",
        )),
        (Some(exp), Some(now)) => {
            let d = now.0 - exp.0;
            if d > skew {
                report.push(Check::new(
                    "time.expired",
                    S::Fail,
                    format!(
                        "The token expired {} ago (exp {}). Get a new token: tokens are \
                         short-lived; fetch one in the same run right before the call.",
                        human_duration(d),
                        at(exp)
                    ),
                ));
            } else if d > 0 {
                report.push(Check::new(
                    "time.expired",
                    S::Warn,
                    format!(
                        "The token expired {} ago (exp {}), within the {} clock-skew tolerance: \
                         some APIs still accept it, strict ones do not.",
                        human_duration(d),
                        at(exp),
                        human_duration(skew)
                    ),
                ));
            } else {
                report.push(Check::new(
                    "time.expired",
                    S::Pass,
                    format!(
                        "Not expired: valid for another {} (exp {}) {tol}.",
                        human_duration(-d),
                        at(exp)
                    ),
                ));
            }
        }
    }
    match (f.nbf, ctx.now) {
        (None, _) => report.push(Check::new(
            "time.not-yet-valid",
            S::Unknown,
            "The token has no `nbf` (not before) claim.",
        )),
        (Some(_), None) => report.push(Check::new(
            "time.not-yet-valid",
            S::Unknown,
            "The current time is not known, so `nbf` was not checked.",
        )),
        (Some(nbf), Some(now)) => {
            let d = nbf.0 - now.0;
            if d > skew {
                report.push(Check::new(
                    "time.not-yet-valid",
                    S::Fail,
                    format!(
                        "The token is not valid yet: it becomes valid in {} (nbf {}). Usually a \
                         clock problem on the machine that issued or checks it.",
                        human_duration(d),
                        at(nbf)
                    ),
                ));
            } else {
                report.push(Check::new(
                    "time.not-yet-valid",
                    S::Pass,
                    format!("Already valid (nbf {}) {tol}.", at(nbf)),
                ));
            }
        }
    }
    match (f.iat, ctx.now) {
        (None, _) => report.push(Check::new(
            "time.issued-in-future",
            S::Unknown,
            "The token has no `iat` (issued at) claim.",
        )),
        (Some(_), None) => report.push(Check::new(
            "time.issued-in-future",
            S::Unknown,
            "The current time is not known, so `iat` was not checked.",
        )),
        (Some(iat), Some(now)) => {
            let d = iat.0 - now.0;
            if d > skew {
                report.push(Check::new(
                    "time.issued-in-future",
                    S::Fail,
                    format!(
                        "The token says it was issued {} in the future (iat {}): a clock is \
                         wrong, here or on the machine that made the token.",
                        human_duration(d),
                        at(iat)
                    ),
                ));
            } else {
                report.push(Check::new(
                    "time.issued-in-future",
                    S::Pass,
                    format!("Issued {} ago (iat {}).", human_duration(-d), at(iat)),
                ));
            }
        }
    }
    match ctx.run_time {
        None => report.push(Check::new(
            "time.at-run",
            S::Unknown,
            "The time of the failing request is not known (paste the response with its Date \
             header, or the run's start time, to check the token against it).",
        )),
        Some(run) => {
            let expired_by = f.exp.map(|e| run.0 - e.0);
            let early_by = f.nbf.map(|n| n.0 - run.0);
            if let Some(d) = expired_by.filter(|d| *d > skew) {
                report.push(Check::new(
                    "time.at-run",
                    S::Fail,
                    format!(
                        "This token had been expired for {} when the request was made (request \
                         at {}, token expired at {}).",
                        human_duration(d),
                        at(run),
                        f.exp.map(at).unwrap_or_default()
                    ),
                ));
            } else if let Some(d) = early_by.filter(|d| *d > skew) {
                report.push(Check::new(
                    "time.at-run",
                    S::Fail,
                    format!(
                        "This token was not valid yet when the request was made: it became \
                         valid {} later (nbf {}).",
                        human_duration(d),
                        f.nbf.map(at).unwrap_or_default()
                    ),
                ));
            } else if let Some(d) = expired_by {
                let msg = if d > 0 {
                    format!(
                        "At the time of the request ({}) the token had just expired ({} ago), \
                         within the clock-skew tolerance.",
                        at(run),
                        human_duration(d)
                    )
                } else {
                    format!(
                        "The token was valid when the request was made ({}); it had {} left.",
                        at(run),
                        human_duration(-d)
                    )
                };
                report.push(Check::new(
                    "time.at-run",
                    if d > 0 { S::Warn } else { S::Pass },
                    msg,
                ));
            } else {
                report.push(Check::new(
                    "time.at-run",
                    S::Unknown,
                    "The token has no `exp`, so it cannot be compared with the request time.",
                ));
            }
        }
    }
}

const STATIC_ADVICE: &str = "A static token pasted into an HTTP action stops working after \
    ~60–90 min: fetch it fresh each run (an HTTP action to the token endpoint, or a connector / \
    managed identity that handles tokens for you).";

pub(super) fn lifetime(f: &ClaimFacts, report: &mut TokenReport) {
    let start = f.iat.or(f.nbf);
    let (Some(start), Some(exp)) = (start, f.exp) else {
        report.push(Check::new(
            "lifetime",
            S::Unknown,
            "The lifetime cannot be computed (no `iat`/`nbf` or no `exp`).",
        ));
        return;
    };
    let life = exp.0 - start.0;
    if life <= 0 {
        report.push(Check::new(
            "lifetime",
            S::Fail,
            "The token expires before (or when) it was issued: it was never usable.",
        ));
    } else if life < 5 * 60 {
        report.push(Check::new(
            "lifetime",
            S::Warn,
            format!(
                "Unusually short lifetime ({}): it may expire between being fetched and being \
                 used. {STATIC_ADVICE}",
                human_duration(life)
            ),
        ));
    } else if life > 28 * 3600 {
        report.push(Check::new(
            "lifetime",
            S::Warn,
            format!(
                "Unusually long lifetime ({}): Entra ID access tokens normally live 60–90 min \
                 (up to 28 h with Continuous Access Evaluation). A token this long-lived is \
                 probably not an Entra ID access token, or a custom policy applies.",
                human_duration(life)
            ),
        ));
    } else {
        report.push(Check::new(
            "lifetime",
            S::Pass,
            format!(
                "Lifetime {} (normal for Entra ID). {STATIC_ADVICE}",
                human_duration(life)
            ),
        ));
    }
}
