//! Rules read from Power BI refresh and REST errors.

use crate::facts::Facts;

pub mod dataset_credentials_access_forbidden;
pub mod dataset_credentials_invalid;
pub mod dataset_credentials_never_set;
pub mod power_bi_code_reading;
pub mod power_bi_internal_error;
pub mod power_bi_not_authorized;
pub mod source_refused_credentials;

fn credentials_invalid_phrase(f: &Facts) -> Option<crate::span::Span> {
    f.phrase(&[
        "credentials provided for the",
        "InvalidConnectionCredentials",
        "credentials are invalid",
        "Credentials are required to connect",
    ])
}

fn access_forbidden(f: &Facts) -> Option<crate::span::Span> {
    f.phrase(&[
        "\"AccessForbidden\"",
        "Reason\",\"detail\":{\"type\":1,\"value\":\"AccessForbidden",
        "AccessForbidden",
    ])
}

fn deployment_context(f: &Facts) -> Option<crate::span::Span> {
    f.phrase(&[
        "Failed to save modifications to the server",
        "setCredentials",
        "deployment",
    ])
}
