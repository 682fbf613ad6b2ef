//! Readings added from the fourth mined batch's training cases: statuses written in people's
//! prose, request-trigger answers that are not about a connection, reachability 404s, ASP.NET's
//! issuer challenge, connectors that never get a refresh token, and the network and gateway
//! messages of the tables. Every text here is written for the test (the standard wording of the
//! service around it), not a mined case.
#![allow(clippy::unwrap_used)]

use authlens_core::detect::scan;
use authlens_core::{diagnose, Category, Options, Timestamp};

fn top(text: &str) -> Option<Category> {
    let r = diagnose(text, &Options::at(Timestamp(1_763_900_000)));
    r.findings.first().map(|f| f.category)
}

fn statuses(text: &str) -> Vec<u16> {
    scan(text).statuses.iter().map(|s| s.code).collect()
}

#[test]
fn statuses_in_prose_are_read() {
    assert!(statuses("Calling the endpoint returns a 401.").contains(&401));
    assert!(statuses("HTTP 403 from the storage account").contains(&403));
    assert!(statuses("We keep getting 429 errors from the action").contains(&429));
    assert!(statuses("it failed with 502 when the gateway restarted").contains(&502));
}

#[test]
fn numbers_that_are_not_statuses_stay_numbers() {
    // A log line's milliseconds before its level, a size, a count.
    assert!(statuses("2024-07-15 11:14:02,463 ERROR [worker] started").is_empty());
    assert!(statuses("a VM with a 500 GB disk").is_empty());
    assert!(statuses("returned 404 rows from the table").is_empty());
}

#[test]
fn a_request_trigger_without_its_signature_is_not_a_connection_sign_in() {
    let trigger = r#"{"error":{"code":"DirectApiAuthorizationRequired","message":"The request must be authenticated only by Shared Access scheme."}}"#;
    assert_eq!(top(trigger), Some(Category::MissingCredential));
    // The same code in a connection's banner is about the connection's sign-in.
    let banner = r#"{"error":{"code":"DirectApiAuthorizationRequired","message":"The request requires authorization for the connection 'shared_sharepointonline'. Sign in to the connection again."}}"#;
    assert_eq!(top(banner), Some(Category::ExpiredOrRevokedCredential));
}

#[test]
fn two_schemes_on_one_trigger_call_are_a_header_problem() {
    let t = "The request has SAS authentication scheme and 'Basic' authorization scheme. Only one scheme should be used.";
    assert_eq!(top(t), Some(Category::MalformedAuthorizationHeader));
}

#[test]
fn a_404_that_says_the_target_is_unreachable_is_about_the_network() {
    let t =
        r#"{"status": 404, "message": "The gateway is either offline or could not be reached."}"#;
    assert_eq!(top(t), Some(Category::NetworkOrFirewall));
    // A plain 404 is still a missing item.
    let plain = r#"{"status": 404, "message": "The specified item was not found."}"#;
    assert_eq!(top(plain), Some(Category::NotAnAuthError));
}

#[test]
fn the_bearer_challenge_naming_a_refused_issuer_is_a_tenant_problem() {
    let t = r#"HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer error="invalid_token", error_description="The issuer 'https://sts.windows.net/00000000-0000-0000-0000-000000000009/' is invalid""#;
    assert_eq!(top(t), Some(Category::WrongTenant));
}

#[test]
fn a_connector_that_never_got_a_refresh_token_is_misconfigured() {
    let t = "Failed to refresh access token for service: oauth2. Error: Missing refresh token.";
    assert_eq!(top(t), Some(Category::ConnectionNotFoundOrMisconfigured));
    let expired = "Failed to refresh access token for service: office365.";
    assert_eq!(top(expired), Some(Category::ExpiredOrRevokedCredential));
}

#[test]
fn front_proxy_and_dns_messages_are_read() {
    assert_eq!(
        top("upstream connect error or disconnect/reset before headers. reset reason: connection termination"),
        Some(Category::ServiceOutageOrThrottling)
    );
    assert_eq!(
        top("HttpRequestException: Name does not resolve (login.microsoftonline.com:443)"),
        Some(Category::NetworkOrFirewall)
    );
    assert_eq!(
        top("ProxyError('Cannot connect to proxy.', OSError('Tunnel connection failed: 403 Forbidden'))"),
        Some(Category::NetworkOrFirewall)
    );
}

#[test]
fn storage_signature_mismatch_is_read_without_the_service_named() {
    // Tools often print Storage's detail alone, with no host or product name around it.
    let t = "AuthenticationErrorDetail: Signature did not match. String to sign used was r\n2025-01-01T00:00:00Z";
    assert_eq!(top(t), Some(Category::InvalidClientCredentials));
}
