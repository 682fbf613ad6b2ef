#![allow(clippy::unwrap_used)]

use super::*;

const SECRETS: &str = include_str!("../../tests/fixtures/inventory/az-ad-app-credential-list.json");
const CERTS: &str =
    include_str!("../../tests/fixtures/inventory/az-ad-app-credential-list-cert.json");
const APPS: &str = include_str!("../../tests/fixtures/inventory/graph-applications.json");
const SPS: &str = include_str!("../../tests/fixtures/inventory/graph-service-principals.json");
const AZ_LIST: &str =
    include_str!("../../tests/fixtures/inventory/az-resource-list-connections.json");
const AZ_SHOW: &str =
    include_str!("../../tests/fixtures/inventory/az-resource-show-connections.json");
const PP: &str = include_str!("../../tests/fixtures/inventory/pp-admin-connections.json");
const PS_JSON: &str =
    include_str!("../../tests/fixtures/inventory/get-adminpowerappconnection.json");
const PS_LIST: &str =
    include_str!("../../tests/fixtures/inventory/get-adminpowerappconnection.txt");

const ALL: &[&str] = &[
    SECRETS, CERTS, APPS, SPS, AZ_LIST, AZ_SHOW, PP, PS_JSON, PS_LIST,
];

/// 2026-11-30T00:00:00Z.
fn opts() -> Options {
    Options::at(Timestamp::parse("2026-11-30T00:00:00Z").unwrap())
}

fn statuses(r: &InventoryReport) -> Vec<ExpiryStatus> {
    r.credentials.iter().map(|c| c.status).collect()
}

#[test]
fn every_format_is_detected_and_read() {
    for text in ALL {
        assert!(looks_like_inventory(text), "{text}");
        assert!(analyse(text, &opts()).is_ok());
    }
    let r = analyse(SECRETS, &opts()).unwrap();
    assert_eq!(r.formats, vec!["az ad app credential list"]);
    assert_eq!(r.credentials.len(), 3);
    assert!(r
        .credentials
        .iter()
        .all(|c| c.kind == CredentialKind::Secret));
    let c = analyse(CERTS, &opts()).unwrap();
    assert!(c
        .credentials
        .iter()
        .all(|c| c.kind == CredentialKind::Certificate));
    assert_eq!(analyse(PS_LIST, &opts()).unwrap().connections.len(), 2);
    assert_eq!(analyse(PS_JSON, &opts()).unwrap().connections.len(), 2);
    assert_eq!(analyse(PP, &opts()).unwrap().connections.len(), 2);
    assert_eq!(analyse(AZ_SHOW, &opts()).unwrap().connections.len(), 3);
}

#[test]
fn other_pastes_are_not_inventories() {
    for text in [
        include_str!("../../tests/fixtures/signins/run-output-401.json"),
        include_str!("../../tests/fixtures/signins/portal-interactive-mfa.json"),
        include_str!("../../tests/fixtures/audit/logicapp-arm-risky.json"),
        include_str!("../../tests/fixtures/audit/flow-package-risky.json"),
        "AADSTS7000222: The provided client secret keys for app are expired.",
        "",
    ] {
        assert!(!looks_like_inventory(text));
    }
    assert!(analyse("[]", &opts()).is_err());
    assert!(analyse("{\"value\": []}", &opts()).is_err());
    assert!(analyse(&"{\n".repeat(10_000), &opts()).is_err());
}

/// The real-world and own cases are failed runs and error texts: none is taken for a list.
#[test]
fn no_diagnosis_case_is_taken_for_an_inventory_or_a_definition() {
    for file in [
        include_str!("../../tests/fixtures/corpus/cases.jsonl"),
        include_str!("../../tests/fixtures/cases/own.jsonl"),
    ] {
        for line in file.lines() {
            let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let Some(input) = case.get("input").and_then(serde_json::Value::as_str) else {
                continue;
            };
            assert!(!looks_like_inventory(input), "{}", case["id"]);
            assert!(
                !crate::audit::looks_like_definition(input),
                "{}",
                case["id"]
            );
        }
    }
}

#[test]
fn credentials_are_judged_against_now() {
    let r = analyse(SECRETS, &opts()).unwrap();
    assert_eq!(
        statuses(&r),
        vec![
            ExpiryStatus::Expired,
            ExpiryStatus::ExpiresWithin7Days,
            ExpiryStatus::Healthy
        ]
    );
    let expired = &r.credentials[0];
    assert_eq!(expired.days_left, Some(-10));
    assert_eq!(expired.category, Some(Category::ClientSecretExpired));
    assert!(expired.fix.is_some());
    assert_eq!(r.credentials[2].category, None);
    assert!(r.credentials[2].fix.is_none());
    assert_eq!(
        (
            r.counts.expired,
            r.counts.expires_within_7_days,
            r.counts.healthy
        ),
        (1, 1, 1)
    );
    // The expiring secrets have a healthy successor on the same app ("pipeline", 2027).
    assert!(expired
        .replaced_by
        .as_deref()
        .is_some_and(|n| n.contains("pipeline")));
    assert!(expired.fix.as_ref().unwrap().steps[0].contains("newer credential"));
    let c = analyse(CERTS, &opts()).unwrap();
    assert!(c.credentials[0].replaced_by.is_some());
    // hr-sync's and orders-integration's credentials are not each other's successors.
    let apps = analyse(APPS, &opts()).unwrap();
    assert!(apps.credentials.iter().all(|c| c.replaced_by.is_none()));
    assert_eq!(
        statuses(&c),
        vec![ExpiryStatus::ExpiresWithin30Days, ExpiryStatus::Healthy]
    );
    assert_eq!(
        c.credentials[0].category,
        Some(Category::CertificateExpired)
    );
    // The same paste a year earlier: everything healthy.
    let earlier = Options::at(Timestamp::parse("2025-11-30T00:00:00Z").unwrap());
    let e = analyse(CERTS, &earlier).unwrap();
    assert!(e
        .credentials
        .iter()
        .all(|c| c.status == ExpiryStatus::Healthy));
    assert!(e.summary.contains("0 expired"), "{}", e.summary);
}

#[test]
fn apps_and_service_principals() {
    let r = analyse(APPS, &opts()).unwrap();
    assert_eq!(r.credentials.len(), 3);
    assert_eq!(r.credentials[0].app.as_deref(), Some("orders-integration"));
    assert_eq!(r.credentials[0].owner, "application");
    assert!(
        r.summary
            .contains("orders-integration's client secret expired 10 days ago"),
        "{}",
        r.summary
    );
    // Managed identities' certificates are Azure's to rotate: left out, with a note.
    let s = analyse(SPS, &opts()).unwrap();
    assert_eq!(s.credentials.len(), 1);
    assert_eq!(s.credentials[0].owner, "service principal");
    assert_eq!(s.credentials[0].status, ExpiryStatus::ExpiresWithin7Days);
    assert!(s.notes.iter().any(|n| n.contains("managed identities")));
}

#[test]
fn consumers_shown_in_the_paste_are_named() {
    let both = format!("{APPS}\n{AZ_SHOW}");
    let r = analyse(&both, &opts()).unwrap();
    let secret = r
        .credentials
        .iter()
        .find(|c| {
            c.app.as_deref() == Some("orders-integration") && c.kind == CredentialKind::Secret
        })
        .unwrap();
    assert_eq!(
        secret.consumers,
        vec!["Azure API connection “orders arm (service principal)”".to_string()]
    );
    let fix = secret.fix.as_ref().unwrap();
    assert!(fix.steps.iter().any(|s| s.contains("orders arm")));
    // hr-sync's secret has no consumer in the paste.
    let hr = r
        .credentials
        .iter()
        .find(|c| c.app.as_deref() == Some("hr-sync"))
        .unwrap();
    assert!(hr.consumers.is_empty());
    // A Power Platform connection signing in as the app (connectionParametersSet).
    let pp = analyse(&format!("{APPS}\n{PP}"), &opts()).unwrap();
    let hr = pp
        .credentials
        .iter()
        .find(|c| c.app.as_deref() == Some("hr-sync"))
        .unwrap();
    assert_eq!(
        hr.consumers,
        vec!["Power Platform connection “Dataverse (service principal)”".to_string()]
    );
    // A flow definition pasted with the app list names the HTTP actions that sign in with it.
    let flow = include_str!("../../tests/fixtures/audit/flow-package-clean.json");
    let with_flow = analyse(&format!("{APPS}\n{flow}"), &opts()).unwrap();
    let secret = with_flow
        .credentials
        .iter()
        .find(|c| {
            c.app.as_deref() == Some("orders-integration") && c.kind == CredentialKind::Secret
        })
        .unwrap();
    assert_eq!(
        secret.consumers,
        vec!["HTTP action “Read_Graph_users” in “Sync invoices to Graph (fixed)”".to_string()]
    );
    // Alone, the app list says what to paste to see the consumers.
    assert!(analyse(APPS, &opts())
        .unwrap()
        .notes
        .iter()
        .any(|n| n.contains("Microsoft.Web/connections")));
}

#[test]
fn connections_in_error_are_read_with_the_diagnosis_knowledge() {
    let r = analyse(AZ_SHOW, &opts()).unwrap();
    assert_eq!(r.counts.connections_failed, 2);
    let cat = |name: &str| {
        r.connections
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .category
    };
    assert_eq!(cat("office365"), Some(Category::RefreshTokenInactivity));
    assert_eq!(cat("sharepointonline"), Some(Category::PasswordChanged));
    assert_eq!(cat("arm"), None);
    assert!(r.connections[0].failed && r.connections[0].fix.is_some());
    assert!(!r.connections[2].failed);
    let pp = analyse(PP, &opts()).unwrap();
    assert_eq!(pp.connections[0].category, Some(Category::MfaRequired));
    assert_eq!(
        pp.connections[0].account.as_deref(),
        Some("maker.one@contoso.example")
    );
    for text in [PS_LIST, PS_JSON] {
        let ps = analyse(text, &opts()).unwrap();
        assert_eq!(
            ps.connections[0].error_code.as_deref(),
            Some("Unauthenticated")
        );
        assert_eq!(
            ps.connections[0].category,
            Some(Category::UserDisabledOrDeleted),
            "{text}"
        );
        assert!(!ps.connections[1].failed);
    }
    // A list without statuses says how to get them.
    let list = analyse(AZ_LIST, &opts()).unwrap();
    assert_eq!(list.counts.connections_failed, 0);
    assert!(list.notes.iter().any(|n| n.contains("az resource show")));
}

#[test]
fn timeline_is_sorted_for_the_chart() {
    let all = format!("{APPS}\n{SPS}\n{CERTS}");
    let r = analyse(&all, &opts()).unwrap();
    let days: Vec<i64> = r.timeline.iter().map(|t| t.days_left).collect();
    let mut sorted = days.clone();
    sorted.sort_unstable();
    assert_eq!(days, sorted);
    assert_eq!(r.timeline.len(), r.credentials.len());
    assert_eq!(r.timeline[0].status, ExpiryStatus::Expired);
}

#[test]
fn reports_redact_and_hide_accounts() {
    let r = analyse(AZ_SHOW, &opts()).unwrap();
    let md = render_markdown(&r, false);
    assert!(!md.contains("maker.one@contoso.example"), "{md}");
    assert!(md.contains("user 1"));
    assert!(render_text(&r).contains("maker.one@contoso.example"));
    assert!(render_markdown(&r, true).contains("maker.one@contoso.example"));
    // Power Platform names connections after their account: the name is hidden too.
    let pp = render_markdown(&analyse(PS_LIST, &opts()).unwrap(), false);
    assert!(!pp.contains("@contoso.example"), "{pp}");
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"refresh-token-inactivity\""));
}

#[test]
fn large_lists_stay_linear() {
    let item = r#"{"customKeyIdentifier": null, "displayName": "x", "endDateTime": "2026-12-01T00:00:00Z", "keyId": "k", "startDateTime": "2025-12-01T00:00:00Z"}"#;
    let text = format!("[{}]", vec![item; 20_000].join(","));
    let started = std::time::Instant::now();
    let r = analyse(&text, &opts()).unwrap();
    assert_eq!(r.counts.expires_within_7_days, 20_000);
    assert_eq!(r.timeline.len(), 20_000);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn files_written_by_powershell_start_with_a_byte_order_mark() {
    for text in [PS_LIST, PS_JSON, SECRETS] {
        let bom = format!("\u{feff}{}", text.trim_start());
        assert!(looks_like_inventory(&bom));
        let r = analyse(&bom, &opts()).unwrap();
        assert_eq!(
            r.credentials.len() + r.connections.len(),
            analyse(text, &opts()).unwrap().credentials.len()
                + analyse(text, &opts()).unwrap().connections.len()
        );
    }
    let def = format!(
        "\u{feff}{}",
        include_str!("../../tests/fixtures/audit/peek-code-http.json")
    );
    assert!(crate::audit::looks_like_definition(&def));
    assert!(crate::audit::analyse(&def).is_ok());
}

#[test]
fn an_error_without_a_code_still_says_where_to_look() {
    let pp = r#"{"value":[{"name":"c1","properties":{"displayName":"SQL Server","apiId":"/providers/Microsoft.PowerApps/apis/shared_sql","statuses":[{"status":"Error"}],"createdBy":{"displayName":"Maker"}}}]}"#;
    let r = analyse(pp, &opts()).unwrap();
    let c = &r.connections[0];
    assert!(c.failed);
    assert_eq!(
        c.category,
        Some(Category::ConnectionNotFoundOrMisconfigured)
    );
    assert!(c.fix.as_ref().unwrap().location.contains("Power Automate"));
}
