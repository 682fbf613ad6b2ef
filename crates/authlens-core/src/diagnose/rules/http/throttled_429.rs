use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service is throttling the caller (429 Too Many Requests).
    ///
    /// ## Why it happens
    /// Too many calls in a short time, from this flow or from everything sharing the
    /// connection or tenant.
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
    let s = f.has_status(429).or_else(|| {
        f.phrase(&[
            "Rate limit is exceeded",
            "TooManyRequests",
            "too many requests",
        ])
    })?;
    Some(
        Hit::new(CERTAIN, "429: the service is throttling the caller. This is not an authentication problem, whatever the surrounding text says.")
            .with(Some(s), "status 429")
            .with(f.header_value("retry-after"), "Retry-After"),
    )
}
