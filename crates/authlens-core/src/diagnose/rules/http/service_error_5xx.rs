use super::{specific_auth_code, wrapped_answer, Answer};
use crate::diagnose::rules::confidence::{BACKGROUND, HINT, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::{Facts, StatusSource};

declare_rule! {
    /// ## What it means
    /// A 5xx status: the service or a gateway failed.
    ///
    /// ## Why it happens
    /// Outages and transient faults. Some services wrap a permission error in a 500; when the
    /// text says so, the permission finding ranks first. Wrappers that print "Unauthorized" or
    /// "authentication failed" around a 5xx (or a `GatewayTimeout`, `ServiceUnavailable` code)
    /// do not make it an authentication problem: the server error leads.
    ///
    /// ## Where the fix lives
    /// Retry and service health, not credentials.
    ///
    /// ## Example
    /// ```text
    /// HTTP/1.1 503 Service Unavailable
    /// ```
    pub static SERVICE_ERROR_5XX = {
        code: "AL204", name: "service-error-5xx", category: ServiceOutageOrThrottling, severity: Warning,
        title: "The service failed (5xx)", check: service_error_5xx, fallback: true,
    }
}

fn service_error_5xx(f: &Facts) -> Option<Hit> {
    // Inside a wrapper, an error code alone (`GatewayTimeout`, `ServiceUnavailable`) is the
    // service's answer too.
    let wrapped = wrapped_answer(f).filter(|(a, _)| *a == Answer::ServerError);
    let numeric = f
        .statuses
        .iter()
        .find(|s| (500..=599).contains(&s.code) && s.source != StatusSource::Reason)
        .map(|s| s.span);
    let s = numeric
        .or(wrapped.map(|(_, at)| at))
        // An error-code field that names a server failure (`"code": "ServiceUnavailable"`,
        // `GatewayTimeout`, `InternalServerError`) is the service's status in words.
        .or_else(|| {
            f.codes
                .iter()
                .find(|(c, _)| Answer::of_code(c) == Some(Answer::ServerError))
                .map(|(_, s)| *s)
        })
        // The reason phrase alone ("Internal Server Error", "Service Unavailable") is the
        // status in words.
        .or_else(|| {
            f.statuses
                .iter()
                .find(|s| (500..=599).contains(&s.code))
                .map(|s| s.span)
        })?;
    let (conf, detail) = if wrapped.is_some() {
        (PLAUSIBLE, "The auth word comes from the wrapper around the call; the service's own answer inside is a server error (5xx: a failure, an unavailable service or a timeout), not a rejected credential. Retry with back-off and check service health before touching the connection.")
    } else if auth_signal_beyond_status(f) {
        (BACKGROUND, "The service returned a server error; the text also speaks of authorization, so read the other findings first.")
    } else {
        // The status only in words (a code or a reason phrase) is less sure than a status
        // line or field: gateways print "BadGateway" around a network failure too, whose own
        // reading then leads.
        let conf = if numeric.is_some() {
            PLAUSIBLE
        } else {
            HINT + 4
        };
        (conf, "A 5xx status is a failure of the service (or a gateway in front of it), not of your credentials: retry with back-off and check service health.")
    };
    Some(Hit::new(conf, detail).with(Some(s), "server error status"))
}

fn auth_signal_beyond_status(f: &Facts) -> bool {
    specific_auth_code(f)
        || f.phrase(&[
            "does not have authorization",
            "unauthorized",
            "forbidden",
            "access denied",
            "permission",
            "credential",
        ])
        .is_some()
}
