//! Rules read from HTTP statuses, challenges, .NET token-validation codes and network signals.

use crate::facts::Facts;
use crate::knowledge::aadsts;

pub mod access_token_empty;
pub mod account_disabled_message;
pub mod authorization_header_missing;
pub mod bearer_challenge_invalid_token;
pub mod credential_rejected_401;
pub mod database_login_failed;
pub mod item_not_found;
pub mod licence_missing;
pub mod network_message_reading;
pub mod network_rule_blocked;
pub mod network_unreachable;
pub mod permission_denied_403;
pub mod permission_denied_message;
pub mod query_data_error;
pub mod request_invalid;
pub mod service_error_5xx;
pub mod storage_firewall_blocked;
pub mod throttled_429;
pub mod token_audience_rejected;
pub mod token_issuer_rejected;
pub mod token_lifetime_rejected;
pub mod token_not_well_formed;
pub mod token_not_yet_valid_rejected;
pub mod token_signature_rejected;
pub mod token_step_returned_no_token;

/// Words that make a paste about authentication at all.
pub(super) fn auth_signal(f: &Facts) -> bool {
    f.aadsts.iter().any(|(c, _)| aadsts::lookup(*c).is_some())
        || f.statuses.iter().any(|s| s.code == 401 || s.code == 403)
        || f.phrase(&[
            "unauthorized",
            "forbidden",
            "token",
            "credential",
            "authenticat",
            "authoriz",
            "consent",
            "permission",
            "access denied",
            "denied",
            "dlp",
            "data loss",
            "data policy",
            "policies",
            "privilege",
            "sign-in",
            "password",
        ])
        .is_some()
}

fn specific_auth_code(f: &Facts) -> bool {
    f.aadsts
        .iter()
        .any(|(c, _)| aadsts::lookup(*c).is_some() && !aadsts::WRAPPERS.contains(c))
}

/// The paste's own message names a cause that is not about sign-in or permission (a retired
/// API, a call only valid for another kind of sign-in, a template or data error): a bare 401
/// or 403 next to it is the service's way of refusing that request, and the generic status
/// readings step aside for the wording, which says what it is.
pub(super) fn message_names_other_cause(f: &Facts) -> bool {
    f.lexicon_has(|e| {
        e.category == Some(crate::category::Category::NotAnAuthError)
            && e.status.is_none()
            && e.weight >= 4
    })
}
