//! Rules read from HTTP statuses, challenges, .NET token-validation codes and network signals.

use crate::facts::{Facts, StatusSource};
use crate::knowledge::aadsts;
use crate::span::Span;

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
pub mod program_error;
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

/// What the service itself answered, when a wrapper's auth word is all the paste says about
/// authentication (see [`wrapped_answer`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Answer {
    /// 404 / 410, or a `…NotFound` code: a wrong site, list, path or id.
    NotFound,
    /// 400 / 405 / 409 / 412 / 413 / 415 / 422, or a validation or template code.
    Invalid,
    /// 429, or a throttling code.
    Throttled,
    /// 5xx, or a timeout, an unavailable service or a failed gateway.
    ServerError,
}

impl Answer {
    fn of_status(code: u16) -> Option<Answer> {
        match code {
            404 | 410 => Some(Answer::NotFound),
            400 | 405 | 409 | 412 | 413 | 415 | 422 => Some(Answer::Invalid),
            429 => Some(Answer::Throttled),
            500..=599 => Some(Answer::ServerError),
            _ => None,
        }
    }

    /// A generic error code that names a failure other than sign-in or permission.
    fn of_code(code: &str) -> Option<Answer> {
        let l = code.to_ascii_lowercase();
        // Throttling is throttling whoever is throttled (`ApplicationThrottled`).
        if ["toomanyrequests", "throttled", "ratelimitexceeded"]
            .iter()
            .any(|t| l.contains(t))
        {
            return Some(Answer::Throttled);
        }
        // Codes about the connection, tenant or principal are not an item of the request.
        let about_identity = [
            "token",
            "auth",
            "grant",
            "client",
            "credential",
            "key",
            "secret",
            "certificate",
            "permission",
            "access",
            "role",
            "consent",
            "license",
            "licence",
        ];
        if IDENTITY_TARGETS
            .iter()
            .chain(&about_identity)
            .any(|w| l.contains(w))
        {
            return None;
        }
        let server = [
            "internalservererror",
            "serviceunavailable",
            "gatewaytimeout",
            "badgateway",
            "requesttimeout",
            "timeout",
            "serverbusy",
            "servicebusy",
            "noresponse",
            "serviceerror",
        ];
        let invalid = [
            "badrequest",
            "invalidtemplate",
            "invalidrequestcontent",
            "invalidrequestformat",
            "invalidargument",
            "invalidparameter",
            "validationerror",
            "conflict",
            "preconditionfailed",
            "requestentitytoolarge",
            "payloadtoolarge",
            "unsupportedmediatype",
            "expressionevaluationfailed",
        ];
        let bare = l.trim_start_matches("request_");
        if server.contains(&bare) {
            Some(Answer::ServerError)
        } else if bare.ends_with("notfound") || bare == "resourcenotfound" {
            Some(Answer::NotFound)
        } else if invalid.contains(&bare) {
            Some(Answer::Invalid)
        } else {
            None
        }
    }
}

/// Words that speak of the credential or permission itself, not only of a call that failed:
/// with any of them the auth reading stays.
const AUTH_CONTENT: &[&str] = &[
    "token",
    "credential",
    "consent",
    "permission",
    "denied",
    "not authorized",
    "not authorised",
    "does not have access",
    "do not have access",
    "no access",
    "privilege",
    "sign-in",
    "sign in",
    "signin",
    "login",
    "log in",
    "password",
    "expired",
    "dlp",
    "data loss",
    "data policy",
    "security role",
    "roles",
    "role assignment",
    "licen",
    "scope",
    "audience",
    "tenant",
    "certificate",
    "secret",
    "multi-factor",
    "mfa",
    "conditional access",
    "authorization header",
    "bearer",
    "api key",
    "subscription key",
    "insufficient",
    "not allowed",
    "www-authenticate",
];

/// The auth words a wrapper prints around any failed call ("Unauthorized", a flow's
/// `status code "Forbidden"`, "authentication failed"): with nothing else, they say the call
/// failed, not why.
const WRAPPER_WORDS: &[&str] = &["authentication failed", "authenticationfailed"];

/// The service's own answer inside a wrapper: the paste's only auth evidence is a wrapper's
/// word (a 401 / 403 reason or status line, "authentication failed") around an error object
/// or status that names something else — a 404 or `ResourceNotFound`, a 400 or
/// `InvalidTemplate`, a 429, a 5xx or `GatewayTimeout`. Tools, connectors and flows print
/// "Unauthorized" or "Forbidden" for failures of every kind; the inner answer is the one the
/// service gave. The wrapper must be outside the error it wraps (in the text before the JSON
/// that holds the inner answer, or its error object's own code ahead of an `innerError`): a
/// 401 quoted inside a 400's message is the inner answer, not a wrapper. A 401 / 403 in a
/// JSON status field stays the service's answer.
pub(super) fn wrapped_answer(f: &Facts) -> Option<(Answer, Span)> {
    if !f.aadsts.is_empty() || f.phrase(AUTH_CONTENT).is_some() {
        return None;
    }
    let auth_statuses: Vec<&crate::facts::Status> = f
        .statuses
        .iter()
        .filter(|s| s.code == 401 || s.code == 403)
        .collect();
    if auth_statuses
        .iter()
        .any(|s| s.source == StatusSource::Field)
    {
        return None;
    }
    let mut wrappers: Vec<Span> = auth_statuses.iter().map(|s| s.span).collect();
    wrappers.extend(f.phrase(WRAPPER_WORDS));
    if wrappers.is_empty() {
        return None;
    }
    // The inner answer, most structural first: a JSON status field, an error-code field, then
    // a status line in the text.
    let field = f
        .statuses
        .iter()
        .filter(|s| s.source == StatusSource::Field)
        .find_map(|s| Answer::of_status(s.code).map(|a| (a, s.span, true)));
    let code = || {
        f.codes
            .iter()
            .find_map(|(c, s)| Answer::of_code(c).map(|a| (a, *s, true)))
    };
    let line = || {
        f.statuses
            .iter()
            .filter(|s| s.source == StatusSource::Text)
            .find_map(|s| Answer::of_status(s.code).map(|a| (a, s.span, false)))
    };
    let (answer, at, structural) = field.or_else(code).or_else(line)?;
    if at.is_empty() {
        return None;
    }
    // The JSON value that holds the inner answer (the smallest); a wrapper is outside it, or
    // is that value's own error code ahead of the answer.
    let holder = f
        .json
        .iter()
        .filter(|j| j.span.start <= at.start && at.end <= j.span.end)
        .min_by_key(|j| j.span.len())
        .map(|j| j.span);
    // Wrappers print their summary first, then the details: an auth word after the error
    // object is another answer (a later call, a retry), not its wrapper.
    let outside = |w: &Span| match holder {
        Some(h) => w.end <= h.start,
        None => w.start < at.start,
    };
    let own_code_ahead = |w: &Span| w.start < at.start && f.codes.iter().any(|(_, s)| s == w);
    let wrapped = wrappers.iter().all(|w| outside(w) || own_code_ahead(w))
        && (structural || wrappers.iter().all(|w| w.start < at.start));
    wrapped.then_some((answer, at))
}

/// A 401 / 403 with nothing from the service around it (no error code, no message about the
/// credential, no challenge, no token): a tool's "(403) Forbidden" or "[401] Unauthorized".
/// The same bare status also comes from requests that were never about permission — a URL
/// that names no site or endpoint the service knows, a request the tool or library version
/// builds wrongly, an operation the API does not offer to this kind of caller — so that
/// reading is listed too, lowest, with what to compare. `None` when the paste says more.
pub(super) fn bare_status_reading(f: &Facts, status: Span) -> Option<crate::diagnose::rules::Hit> {
    use crate::category::Category;
    use crate::diagnose::rules::{confidence::BACKGROUND, Hit};
    let reason_only = f.codes.iter().all(|(c, _)| {
        let l = c.to_ascii_lowercase();
        ["unauthorized", "forbidden", "authenticationfailed"].contains(&l.as_str())
            || l.parse::<u16>().is_ok()
    });
    // A message of the service's own that is more than the status in words.
    let bare_message = |v: &str| {
        let l = v.trim().trim_end_matches('.').to_ascii_lowercase();
        l.is_empty()
            || [
                "unauthorized",
                "forbidden",
                "authentication failed",
                "access denied",
            ]
            .contains(&l.as_str())
            || l.contains("invalid status code")
            || l.contains("returned an error")
    };
    let message = f.leaves.iter().any(|l| {
        matches!(
            l.key.as_str(),
            "message" | "error_description" | "value" | "detail" | "errormessage"
        ) && !l.is_number
            && !bare_message(&l.value)
    });
    let said_more = !reason_only
        || message
        || !f.aadsts.is_empty()
        || !f.tokens.is_empty()
        || f.phrase(AUTH_CONTENT).is_some()
        || f.phrase(&[
            "access",
            "'authorization' header",
            "header is missing",
            "make sure",
        ])
        .is_some()
        || f.header_value("www-authenticate").is_some();
    if said_more {
        return None;
    }
    Some(
        Hit::new(
            BACKGROUND - 2,
            "The status comes with no error from the service, and a bare 401 / 403 is also what a wrong URL (a site, list or endpoint the service does not know), a tool or library version that builds the request wrongly, or an operation the API does not offer to this caller return. If the identity's access checks out, compare the URL with one that works and try the tool's current version.",
        )
        .as_category(Category::NotAnAuthError)
        .titled("If access checks out: a wrong URL or the tool itself")
        .fix_at("The request's URL and the tool or library that sends it (its version, a known issue)")
        .with(Some(status), "status without a service error"),
    )
}

/// Words of a code or message that name the connection, tenant or principal the request ran as
/// rather than an item of the request: such a "not found" is about who called, not what.
pub(super) const IDENTITY_TARGETS: &[&str] = &[
    "connection",
    "tenant",
    "principal",
    "application",
    "user",
    "account",
    "subscription",
];

#[cfg(test)]
mod tests {
    use super::Answer;

    #[test]
    fn generic_codes_name_their_answer_and_identity_codes_none() {
        for (code, want) in [
            ("ResourceNotFound", Some(Answer::NotFound)),
            ("itemNotFound", Some(Answer::NotFound)),
            ("Request_ResourceNotFound", Some(Answer::NotFound)),
            ("BadRequest", Some(Answer::Invalid)),
            ("InvalidTemplate", Some(Answer::Invalid)),
            ("TooManyRequests", Some(Answer::Throttled)),
            ("ApplicationThrottled", Some(Answer::Throttled)),
            ("GatewayTimeout", Some(Answer::ServerError)),
            ("ServiceUnavailable", Some(Answer::ServerError)),
            // Identities and credentials that are missing are sign-in problems.
            ("ConnectionNotFound", None),
            ("UserNotFound", None),
            ("PrincipalNotFound", None),
            ("InvalidAuthenticationToken", None),
            ("SecretNotFound", None),
            ("AuthorizationFailed", None),
            ("Forbidden", None),
        ] {
            assert_eq!(Answer::of_code(code), want, "{code}");
        }
    }
}
