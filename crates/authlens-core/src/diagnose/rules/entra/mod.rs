//! Rules read from Microsoft Entra token endpoint errors: AADSTS codes and OAuth `error` values.

use super::Hit;
use crate::category::Category;
use crate::facts::Facts;
use crate::knowledge::aadsts;
use crate::span::Span;
use crate::time::Timestamp;

pub mod account_disabled_or_missing;
pub mod app_not_in_tenant;
pub mod app_registration_mismatch;
pub mod assertion_built_with_wrong_clock;
pub mod assertion_used_after_expiry;
pub mod blocked_by_conditional_access;
pub mod claims_challenge;
pub mod client_certificate_expired;
pub mod client_credential_not_sent;
pub mod client_credential_rejected;
pub mod client_secret_expired;
pub mod consent_missing;
pub mod entra_code_reading;
pub mod entra_grant_expired;
pub mod entra_message_reading;
pub mod grant_revoked_by_password_change;
pub mod mfa_required_by_policy;
pub mod oauth_interaction_required;
pub mod oauth_invalid_client;
pub mod oauth_invalid_grant;
pub mod oauth_invalid_resource;
pub mod refresh_token_inactive;
pub mod sign_in_service_transient_error;
pub mod sign_in_to_wrong_tenant;
pub mod token_requested_for_unknown_resource;
pub mod user_not_assigned_to_app;
pub mod wrong_user_name_or_password;

/// Codes with rules of their own (their meaning depends on the rest of the text).
const SPECIAL: &[u32] = &[700024, 700027, 50053];

/// The span of `AADSTSnnnn: message…` up to the end of its first sentence.
pub(super) fn sentence(f: &Facts, code_span: Span) -> Span {
    let t = f.text;
    let rest = t
        .get(code_span.end..t.floor_char_boundary(code_span.end.saturating_add(210).min(t.len())))
        .unwrap_or("");
    let mut end = rest.len().min(200);
    for stop in [". ", ".\"", "\n", "\\r", "\\n", "\r", "\"", "'"] {
        if let Some(i) = rest.find(stop) {
            if i > 2 {
                end = end.min(i + usize::from(stop.starts_with('.')));
            }
        }
    }
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    Span::new(code_span.start, code_span.end + end)
}

/// A hit for the catalogued AADSTS codes of `category` in the paste.
fn catalogued(f: &Facts, category: Category, confidence: u8) -> Option<Hit> {
    let mut hit: Option<Hit> = None;
    // A wrapper code ("Error validating credentials") counts only when nothing more specific is there.
    let specific = f
        .aadsts
        .iter()
        .any(|(c, _)| aadsts::lookup(*c).is_some() && !aadsts::WRAPPERS.contains(c));
    for (code, span) in &f.aadsts {
        let Some(entry) = aadsts::lookup(*code) else {
            continue;
        };
        let skip_wrapper = specific && aadsts::WRAPPERS.contains(code);
        if entry.category != category || SPECIAL.contains(code) || skip_wrapper {
            continue;
        }
        if hit.as_ref().is_some_and(|h| {
            h.evidence.len() >= 8
                || h.evidence
                    .iter()
                    .any(|(s, _)| s.slice(f.text).get(..span.len()) == Some(span.slice(f.text)))
        }) {
            continue;
        }
        let h = hit.get_or_insert_with(|| {
            Hit::new(confidence, format!("AADSTS{code}: {}.", entry.meaning))
        });
        *h = h.clone().with(Some(sentence(f, *span)), "Entra error code");
    }
    hit
}

fn key_expired(f: &Facts) -> Option<Span> {
    f.phrase(&[
        "key used is expired",
        "certificate has expired",
        "certificate is expired",
        "certificate expired",
    ])
}

/// `phrase` as written, or form-encoded (spaces as `+`) as it is in the `error_description` of
/// a redirect URL (`…/callback?error=invalid_client&error_description=AADSTS650057%3A+Invalid+…`).
fn phrase_or_form_encoded(f: &Facts, phrases: &[&str]) -> Option<Span> {
    f.phrase(phrases).or_else(|| {
        let encoded: Vec<String> = phrases.iter().map(|p| p.replace(' ', "+")).collect();
        let refs: Vec<&str> = encoded.iter().map(String::as_str).collect();
        f.phrase(&refs)
    })
}

/// A refresh token revoked because it predates the account's revocation date (moved by a
/// password change or reset), in words.
fn revoked_by_password_change(f: &Facts) -> Option<Span> {
    f.phrase(&[
        "changed or reset their password",
        "StsRefreshTokensValidFrom",
    ])
}

/// A client assertion outside its validity window: AADSTS700024, or its message under the older
/// umbrella code AADSTS50012.
fn client_assertion_out_of_time(f: &Facts) -> Option<Span> {
    f.phrase(&["client assertion is not within its valid time range"])
        .or(f.aadsts(700024))
}

/// Entra's own reason for a rejected assertion signature: the registered key has passed its end
/// date ("[Reason - The key used is expired.]", under AADSTS700027 or the older 50012).
fn entra_key_expired(f: &Facts) -> Option<Span> {
    let code = f.aadsts(700027).or(f.aadsts(50012))?;
    f.phrase(&["key used is expired"]).map(|_| code)
}

/// "Current time: …, assertion valid from …, expiry time of assertion …" (AADSTS700024 and kin).
struct AssertionTimes {
    current: Timestamp,
    valid_from: Option<Timestamp>,
    expiry: Option<Timestamp>,
    span: Span,
}

fn time_after(f: &Facts, label: &str) -> Option<(Timestamp, Span)> {
    let i = crate::text::find_ci(f.text, label, 0)?;
    let start = i + label.len();
    let rest = f.text.get(start..)?;
    let skip = rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '\'')
            .len();
    let tail = &rest[skip..];
    let len = tail
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '+')))
        .unwrap_or(tail.len());
    let raw = tail[..len].trim_end_matches('.');
    Some((
        Timestamp::parse(raw)?,
        Span::new(start + skip, start + skip + raw.len()),
    ))
}

fn assertion_times(f: &Facts) -> Option<AssertionTimes> {
    let code = f
        .aadsts(700024)
        .or(f.aadsts(500133))
        .or_else(|| f.phrase(&["not within its valid time range"]))?;
    let (current, cs) = time_after(f, "Current time")?;
    let valid_from = time_after(f, "valid from").map(|x| x.0);
    let expiry = time_after(f, "expiry time of assertion")
        .or_else(|| time_after(f, "expiry time"))
        .map(|x| x.0);
    Some(AssertionTimes {
        current,
        valid_from,
        expiry,
        span: Span::new(code.start.min(cs.start), cs.end),
    })
}

/// True when the assertion's own times cannot have come from a correct UTC clock.
fn clock_looks_wrong(a: &AssertionTimes) -> bool {
    let epoch_start = a.valid_from.is_some_and(|v| v.0 <= 86_400);
    let lifetime = match (a.valid_from, a.expiry) {
        (Some(v), Some(e)) => e.0 - v.0,
        _ => 600,
    };
    epoch_start || !(0..=86_400).contains(&lifetime) || a.valid_from.is_some_and(|v| v > a.current)
}

/// OAuth `error` values when no catalogued AADSTS code says more.
fn oauth(f: &Facts, value: &str) -> Option<Span> {
    let specific = f
        .aadsts
        .iter()
        .any(|(c, _)| aadsts::lookup(*c).is_some() && !aadsts::WRAPPERS.contains(c));
    if specific {
        return None;
    }
    f.code(value).or_else(|| f.word(value))
}
