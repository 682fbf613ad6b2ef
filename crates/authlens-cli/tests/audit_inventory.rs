//! `authlens audit` and `authlens inventory`: exit codes, the JSON wire shape, redaction.

mod common;

use common::{fixture, run};

#[test]
fn audit_json_has_findings_with_codes_paths_and_connections() {
    let out = run(&["audit", "--json", &fixture("audit/logicapp-arm-risky.json")]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["version"], 1);
    assert_eq!(v["format"], "arm-template");
    assert_eq!(v["platform"], "logic-apps");
    let findings = v["findings"].as_array().expect("findings");
    let au008 = findings
        .iter()
        .find(|f| f["code"] == "AU008")
        .expect("AU008 fires");
    assert_eq!(au008["category"], "wrong-audience");
    assert_eq!(au008["severity"], "error");
    assert_eq!(au008["action"], "List_users");
    assert!(au008["path"]
        .as_str()
        .is_some_and(|p| p.ends_with("actions['List_users'].inputs.authentication.audience")));
    assert!(au008["fix"]["where"].is_string() && au008["why"].is_string());
    let office = v["connections"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "office365"))
        .expect("office365 connection");
    assert_eq!(office["identity"], "user");
    assert_eq!(office["account"], "maker.one@contoso.example");
}

#[test]
fn audit_markdown_redacts_secrets_and_accounts() {
    for f in [
        "audit/flow-package-risky.json",
        "audit/logicapp-arm-risky.json",
    ] {
        let out = run(&["audit", "--markdown", &fixture(f)]);
        assert_eq!(out.status.code(), Some(0));
        let md = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(md.starts_with("# AuthLens definition audit"));
        for secret in [
            "Q1w~FAKE-secret-value-0000",
            "c2lnbmF0dXJlLW5vdC1yZWFs",
            "maker.one@",
        ] {
            assert!(!md.contains(secret), "{secret} in {f}:\n{md}");
        }
    }
    let kept = run(&[
        "audit",
        "--markdown",
        "--keep-personal",
        &fixture("audit/logicapp-arm-risky.json"),
    ]);
    assert!(String::from_utf8_lossy(&kept.stdout).contains("maker.one@contoso.example"));
}

#[test]
fn audit_of_something_else_is_an_input_error() {
    let out = run(&["audit", &fixture("signins/run-output-401.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No flow or workflow definition"));
    let out = run(&["audit", "--now", "x", "f"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn inventory_judges_against_now() {
    let file = fixture("inventory/az-ad-app-credential-list.json");
    let at = |now: &str| -> serde_json::Value {
        let out = run(&["inventory", "--json", "--now", now, &file]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let v = at("2026-11-30T00:00:00Z");
    assert_eq!(v["counts"]["expired"], 1);
    assert_eq!(v["counts"]["expires_within_7_days"], 1);
    assert_eq!(v["credentials"][0]["status"], "expired");
    assert_eq!(v["credentials"][0]["category"], "client-secret-expired");
    assert_eq!(v["credentials"][1]["status"], "expires-within-7-days");
    assert_eq!(v["credentials"][1]["days_left"], 4);
    assert_eq!(v["timeline"][0]["date"], "2026-11-20T09:15:00Z");
    assert_eq!(v["timeline"].as_array().map(Vec::len), Some(3));
    let earlier = at("2025-12-01T00:00:00Z");
    assert_eq!(earlier["counts"]["expired"], 0);
}

#[test]
fn inventory_reads_connections_and_powershell_lists() {
    let out = run(&[
        "inventory",
        "--now",
        "2026-11-30T00:00:00Z",
        &fixture("inventory/get-adminpowerappconnection.txt"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("[user-disabled-or-deleted]"), "{text}");
    let md = run(&[
        "inventory",
        "--markdown",
        "--now",
        "2026-11-30T00:00:00Z",
        &fixture("inventory/az-resource-show-connections.json"),
    ]);
    let md = String::from_utf8(md.stdout).expect("UTF-8");
    assert!(md.contains("refresh-token-inactivity"));
    assert!(!md.contains("maker.one@contoso.example"), "{md}");
    let out = run(&["inventory", &fixture("audit/peek-code-http.json")]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn explain_knows_the_audit_checks() {
    let out = run(&["explain", "AU011"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        text.starts_with("AU011 connection-signs-in-as-user (user-disabled-or-deleted)"),
        "{text}"
    );
    let out = run(&["explain", "--json", "oauth-audience-mismatch"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["code"], "AU008");
    assert_eq!(v["category"], "wrong-audience");
}
