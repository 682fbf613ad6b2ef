#![allow(clippy::unwrap_used)]

use super::expr::*;
use super::flow::secret_name;
use super::registry::*;
use super::*;

#[test]
fn registry_is_sorted_unique_and_documented() {
    for w in CHECKS.windows(2) {
        assert!(w[0].code < w[1].code, "{} before {}", w[0].code, w[1].code);
    }
    let mut names: Vec<&str> = CHECKS.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CHECKS.len());
    for c in CHECKS {
        assert!(c.why.len() > 60 && !c.fix_steps.is_empty(), "{}", c.code);
    }
}

#[test]
fn secret_headers() {
    for yes in [
        "x-api-key",
        "Ocp-Apim-Subscription-Key",
        "X-Auth-Token",
        "x-functions-key",
        "client-secret",
    ] {
        assert!(secret_header(yes), "{yes}");
    }
    for no in [
        "Content-Type",
        "Accept",
        "x-ms-client-request-id",
        "Prefer",
        "ConsistencyLevel",
    ] {
        assert!(!secret_header(no), "{no}");
    }
}

#[test]
fn secret_names() {
    for yes in [
        "ApiKey",
        "sqlPassword",
        "client_secret",
        "sasToken",
        "storageAccountKey",
    ] {
        assert!(secret_name(yes), "{yes}");
    }
    for no in [
        "PartitionKey",
        "continuationToken",
        "keyVaultName",
        "ApiBaseUrl",
        "tenantId",
    ] {
        assert!(!secret_name(no), "{no}");
    }
}

#[test]
fn expressions_and_literals() {
    assert!(is_expr("@parameters('x')"));
    assert!(is_expr("Bearer @{body('a')?['access_token']}"));
    assert!(is_expr("[parameters('secret')]"));
    assert!(!is_expr("@@literal"));
    assert_eq!(literal_parts("Bearer @{variables('t')} x"), "Bearer  x");
    assert_eq!(
        references("@{body('Get_token')?['x']} @{triggerBody()} @{variables('v')}"),
        vec![
            (RefKind::Action, "Get_token".to_string()),
            (RefKind::Variable, "v".to_string())
        ]
    );
    assert!(broken_expression("Bearer @{body('x')", None).is_some());
    assert!(broken_expression("Bearer @body('x')", None).is_some());
    assert!(broken_expression("Bearer @{body('x')}", None).is_none());
    assert!(literal_bearer("Bearer @{body('x')?['access_token']}").is_none());
    assert!(literal_bearer("Bearer 0123456789abcdef0123").is_some());
}
