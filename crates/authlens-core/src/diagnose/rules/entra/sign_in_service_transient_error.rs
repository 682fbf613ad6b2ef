use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::{CERTAIN, STRONG};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The sign-in service itself failed or throttled the client; the credentials are not the
    /// problem, even though the error comes from an authentication library.
    ///
    /// ## Why it happens
    /// Service incidents, or a client that asks for tokens in a tight loop.
    ///
    /// ## Where the fix lives
    /// Nowhere in your credentials: retry with back-off and check service health.
    ///
    /// ## Example
    /// ```text
    /// {"error":"temporarily_unavailable","error_description":"AADSTS90033: A transient error has occurred. Please try again."}
    /// ```
    pub static SIGN_IN_SERVICE_TRANSIENT_ERROR = {
        code: "AL117", name: "sign-in-service-transient-error", category: ServiceOutageOrThrottling, severity: Warning,
        title: "The sign-in service had a transient problem", check: sign_in_service_transient_error,
    }
}

fn sign_in_service_transient_error(f: &Facts) -> Option<Hit> {
    let h = catalogued(f, Category::ServiceOutageOrThrottling, CERTAIN + 2);
    let unavailable = f.code("temporarily_unavailable");
    match (h, unavailable) {
        (Some(h), u) => Some(h.with(u, "OAuth error")),
        (None, Some(u)) => Some(Hit::new(STRONG - 1, "The token endpoint answered temporarily_unavailable: the sign-in service had a transient problem.").with(Some(u), "OAuth error")),
        (None, None) => None,
    }
}
