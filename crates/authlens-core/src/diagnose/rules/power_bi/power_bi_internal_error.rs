use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Power BI reports an internal or transient service error.
    ///
    /// ## Why it happens
    /// Service-side incidents; OAuth-sounding inner codes are a consequence.
    ///
    /// ## Where the fix lives
    /// Retry later; Power BI service status; support if it persists.
    ///
    /// ## Example
    /// ```text
    /// The last refresh attempt failed because of an internal service error. This is usually a transient issue.
    /// ```
    pub static POWER_BI_INTERNAL_ERROR = {
        code: "AL505", name: "power-bi-internal-error", category: ServiceOutageOrThrottling, severity: Warning,
        title: "Power BI had an internal service error", check: power_bi_internal_error,
    }
}

fn power_bi_internal_error(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "internal service error",
        "This is usually a transient issue",
        "temporarily unavailable",
        "transient error",
    ])?;
    // The same words from another service ("The service is temporarily unavailable" from
    // Graph or a connector) are that service's outage: say so, not Power BI's.
    let power_bi = f.platform == crate::detect::Platform::PowerBi
        || f.phrase(&[
            "refresh",
            "power bi",
            "powerbi",
            "semantic model",
            "dataset",
            "dmts_",
        ])
        .is_some();
    if !power_bi {
        return Some(
            Hit::new(
                LIKELY - 4,
                "The service reports an internal or transient error of its own: an outage or a passing fault, not your credentials. Retry later with back-off and check the service's health.",
            )
            .titled("The service reports a transient error")
            .with(Some(s), "service error"),
        );
    }
    Some(
        Hit::new(
            LIKELY - 4,
            "Power BI itself reports an internal or transient service error; error codes that mention OAuth inside such a message follow from the service failure, not from your credentials. Retry later and check the Power BI service status.",
        )
        .with(Some(s), "service error"),
    )
}
