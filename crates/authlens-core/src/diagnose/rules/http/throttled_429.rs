use super::Answer;
use crate::diagnose::rules::confidence::{CERTAIN, LIKELY};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service is throttling the caller (429 Too Many Requests).
    ///
    /// ## Why it happens
    /// Too many calls in a short time, from this flow or from everything sharing the
    /// connection or tenant. Wrappers often drop the 429 and keep the service's own words
    /// ("the request has been throttled") or code (`ApplicationThrottled`); those read the same.
    ///
    /// ## Where the fix lives
    /// The run's pacing: a retry policy that respects Retry-After, fewer parallel calls.
    ///
    /// ## Example
    /// ```text
    /// {"statusCode": 429, "message": "Rate limit is exceeded. Try again in 2 seconds."}
    /// ```
    pub static THROTTLED_429 = {
        code: "AL203", name: "throttled-429", category: ServiceOutageOrThrottling, severity: Warning,
        title: "The service is throttling requests (429)", check: throttled_429,
    }
}

fn throttled_429(f: &Facts) -> Option<Hit> {
    let retry_after = f.header_value("retry-after");
    if let Some(s) = f.has_status(429).or_else(|| {
        f.phrase(&[
            "Rate limit is exceeded",
            "TooManyRequests",
            "too many requests",
        ])
    }) {
        return Some(
            Hit::new(CERTAIN, "429: the service is throttling the caller. This is not an authentication problem, whatever the surrounding text says.")
                .with(Some(s), "status 429")
                .with(retry_after, "Retry-After"),
        );
    }
    // Without the status: a throttling code of the service's own (`ApplicationThrottled`,
    // `RateLimitExceeded`), or its message saying the caller was throttled.
    let code = f
        .codes
        .iter()
        .find(|(c, _)| Answer::of_code(c) == Some(Answer::Throttled))
        .map(|(_, s)| *s);
    let words = || {
        f.phrase(&[
            "has been throttled",
            "have been throttled",
            "was throttled",
            "were throttled",
            "is being throttled",
            "are being throttled",
            "is throttled",
            "rate limit exceeded",
            "exceeded the rate limit",
            "rate limit was exceeded",
        ])
    };
    let s = code.or_else(words)?;
    Some(
        Hit::new(LIKELY + 2, "The service says it throttled the caller (too many requests in a short time). This is not an authentication problem: slow down, respect Retry-After, and spread the work over time.")
            .with(Some(s), "throttling")
            .with(retry_after, "Retry-After"),
    )
}
