#![allow(clippy::unwrap_used)]

use super::*;

const PA_RISKY: &str = include_str!("../../tests/fixtures/audit/flow-package-risky.json");
const PA_CLEAN: &str = include_str!("../../tests/fixtures/audit/flow-package-clean.json");
const SOLUTION: &str = include_str!("../../tests/fixtures/audit/solution-clientdata.json");
const ARM_RISKY: &str = include_str!("../../tests/fixtures/audit/logicapp-arm-risky.json");
const ARM_CLEAN: &str = include_str!("../../tests/fixtures/audit/logicapp-arm-clean.json");
const CODEVIEW: &str = include_str!("../../tests/fixtures/audit/logicapp-codeview.json");
const STANDARD: &str =
    include_str!("../../tests/fixtures/audit/standard-workflow-and-connections.json");
const PEEK: &str = include_str!("../../tests/fixtures/audit/peek-code-http.json");
const PEEK_CLASSIC: &str =
    include_str!("../../tests/fixtures/audit/peek-code-classic-connector.json");
const AZ_SHOW: &str = include_str!("../../tests/fixtures/audit/az-logic-workflow-show.json");

const ALL: &[&str] = &[
    PA_RISKY,
    PA_CLEAN,
    SOLUTION,
    ARM_RISKY,
    ARM_CLEAN,
    CODEVIEW,
    STANDARD,
    PEEK,
    PEEK_CLASSIC,
    AZ_SHOW,
];

fn codes(text: &str) -> Vec<(&'static str, String)> {
    analyse(text)
        .unwrap()
        .findings
        .into_iter()
        .map(|f| (f.code, f.action))
        .collect()
}

fn fired(text: &str, code: &str, action: &str) -> bool {
    codes(text).iter().any(|(c, a)| *c == code && a == action)
}

fn count(text: &str, code: &str) -> usize {
    codes(text).iter().filter(|(c, _)| *c == code).count()
}

#[test]
fn every_format_is_detected_and_read() {
    for (text, format, actions) in [
        (PA_RISKY, DefinitionFormat::FlowPackage, 14),
        (PA_CLEAN, DefinitionFormat::FlowPackage, 8),
        (SOLUTION, DefinitionFormat::FlowSolution, 4),
        (ARM_RISKY, DefinitionFormat::ArmTemplate, 4),
        (ARM_CLEAN, DefinitionFormat::ArmTemplate, 4),
        (CODEVIEW, DefinitionFormat::LogicAppsCodeView, 4),
        (STANDARD, DefinitionFormat::LogicAppsStandard, 3),
        (PEEK, DefinitionFormat::PeekCode, 1),
        (PEEK_CLASSIC, DefinitionFormat::PeekCode, 1),
        (AZ_SHOW, DefinitionFormat::LogicAppsResource, 4),
    ] {
        assert!(looks_like_definition(text));
        let r = analyse(text).unwrap();
        assert_eq!(
            (r.format, r.actions),
            (format, actions),
            "{}",
            r.format_label
        );
    }
    // An ARM template's workflow is named by its parameter's default.
    assert_eq!(
        analyse(ARM_RISKY).unwrap().workflows,
        vec!["la-orders-intake".to_string()]
    );
    let s = analyse(SOLUTION).unwrap();
    assert_eq!(s.workflows, vec!["Invoice import".to_string()]);
    assert_eq!(s.platform, crate::Platform::PowerAutomate);
    assert_eq!(
        analyse(STANDARD).unwrap().platform,
        crate::Platform::LogicApps
    );
}

#[test]
fn other_pastes_are_not_definitions() {
    for text in [
        include_str!("../../tests/fixtures/signins/run-output-401.json"),
        include_str!("../../tests/fixtures/signins/portal-interactive-mfa.json"),
        r#"{"statusCode":401,"headers":{},"body":{"error":{"code":"InvalidAuthenticationToken"}}}"#,
        "AADSTS50076: Due to a configuration change made by your administrator",
        "",
    ] {
        assert!(!looks_like_definition(text), "{text}");
        assert!(analyse(text).is_err());
    }
}

#[test]
fn literal_tokens_and_keys_fire_and_references_stay_quiet() {
    // AU001: a JWT typed into the Authorization header.
    assert!(fired(PA_RISKY, "AU001", "Call_Graph_with_pasted_token"));
    assert_eq!(count(PA_CLEAN, "AU001"), 0);
    // AU002: a client secret in a form body, keys in a header and a query string.
    assert!(fired(PA_RISKY, "AU002", "Get_token"));
    assert_eq!(count(PEEK, "AU002"), 2);
    assert_eq!(count(PA_CLEAN, "AU002") + count(ARM_CLEAN, "AU002"), 0);
}

#[test]
fn secure_inputs_and_outputs() {
    assert!(fired(PA_RISKY, "AU003", "Call_Graph_with_pasted_token"));
    assert!(fired(PA_RISKY, "AU003", "Get_token"));
    // A Key Vault read without secure outputs, connector and built-in.
    assert!(fired(PA_RISKY, "AU003", "Get_secret"));
    assert!(fired(STANDARD, "AU003", "Get_secret"));
    assert!(fired(PEEK, "AU003", "(this action)"));
    for quiet in [PA_CLEAN, ARM_CLEAN, ARM_RISKY, CODEVIEW] {
        assert_eq!(count(quiet, "AU003"), 0);
    }
}

#[test]
fn authorization_header_shapes() {
    assert!(fired(PA_RISKY, "AU004", "Call_API_quoted"));
    assert!(fired(PA_RISKY, "AU005", "Call_API_with_variable"));
    assert!(fired(PA_RISKY, "AU006", "Call_API_bare_token"));
    assert!(fired(PA_RISKY, "AU007", "Call_API_misspelled"));
    // Inside text without @{…}, even in a peeked action.
    assert!(fired(PEEK, "AU007", "(this action)"));
    // A secret read from a parameter the definition does not declare.
    assert!(fired(CODEVIEW, "AU007", "Call_partner_Graph"));
    // Each fires once, on its own action.
    for code in ["AU004", "AU005", "AU006", "AU007"] {
        assert_eq!(count(PA_RISKY, code), 1, "{code}");
        assert_eq!(count(PA_CLEAN, code), 0, "{code}");
    }
}

#[test]
fn oauth_settings() {
    // Graph audience for a SharePoint URL; ARM audience for Graph with the managed identity.
    assert!(fired(PA_RISKY, "AU008", "Read_SharePoint_list"));
    assert!(fired(ARM_RISKY, "AU008", "List_users"));
    assert_eq!(count(PA_CLEAN, "AU008") + count(ARM_CLEAN, "AU008"), 0);
    assert!(fired(PA_RISKY, "AU009", "Read_SharePoint_list"));
    assert!(fired(CODEVIEW, "AU009", "Call_partner_Graph"));
    assert_eq!(count(PA_CLEAN, "AU009"), 0);
    assert!(fired(PA_RISKY, "AU010", "Read_SharePoint_list"));
    assert!(fired(CODEVIEW, "AU010", "Post_to_partner"));
    assert_eq!(count(PA_CLEAN, "AU010") + count(STANDARD, "AU010"), 0);
}

#[test]
fn connections_that_sign_in_as_a_person() {
    let r = analyse(ARM_RISKY).unwrap();
    let f = r.findings.iter().find(|f| f.code == "AU011").unwrap();
    assert_eq!(f.action, "Send_an_email_(V2)");
    assert!(f.title.contains("maker.one@contoso.example"), "{}", f.title);
    let c = r
        .connections
        .iter()
        .find(|c| c.name == "office365")
        .unwrap();
    assert_eq!(c.identity, IdentityKind::User);
    assert_eq!(c.used_by, vec!["Send_an_email_(V2)".to_string()]);
    assert!(c.if_person_leaves.contains("AADSTS50173"));
    // Connectors that only sign in as a user, without the account named.
    assert!(fired(PA_RISKY, "AU011", "Send_an_email_(V2)"));
    assert_eq!(count(SOLUTION, "AU011"), 1);
    let sol = analyse(SOLUTION).unwrap();
    let sp = sol
        .connections
        .iter()
        .find(|c| c.name == "shared_sharepointonline")
        .unwrap();
    let mut users = sp.used_by.clone();
    users.sort();
    assert_eq!(
        users,
        vec!["Get_items".to_string(), "Update_item".to_string()]
    );
    assert_eq!(sp.connection.as_deref(), Some("cr_sharepointfinance"));
    assert!(fired(STANDARD, "AU011", "Notify_team"));
    assert!(fired(CODEVIEW, "AU011", "Get_manager"));
    // Run-only users' connections, managed identities and keys are not a person's.
    for quiet in [PA_CLEAN, ARM_CLEAN] {
        assert_eq!(count(quiet, "AU011"), 0);
    }
    let std = analyse(STANDARD).unwrap();
    let kinds: Vec<(String, IdentityKind)> = std
        .connections
        .iter()
        .map(|c| (c.name.clone(), c.identity))
        .collect();
    assert!(kinds.contains(&("keyVault".into(), IdentityKind::ManagedIdentity)));
    assert!(kinds.contains(&("serviceBus".into(), IdentityKind::Key)));
    let clean = analyse(PA_CLEAN).unwrap();
    assert_eq!(clean.connections[0].identity, IdentityKind::Invoker);
    assert_eq!(
        clean.connections[0].used_by,
        vec!["Add_a_new_row".to_string()]
    );
}

#[test]
fn request_triggers() {
    assert!(fired(PA_RISKY, "AU012", "manual"));
    assert_eq!(count(PA_CLEAN, "AU012") + count(SOLUTION, "AU012"), 0);
    // Logic Apps: a policy without an issuer, audience the workflow's own URL.
    assert!(fired(ARM_RISKY, "AU013", "manual"));
    assert_eq!(count(ARM_CLEAN, "AU013"), 0);
    // The code view cannot show accessControl: it says so instead of guessing.
    let cv = analyse(CODEVIEW).unwrap();
    assert_eq!(count(CODEVIEW, "AU013"), 0);
    assert!(cv.notes.is_empty() || cv.notes.iter().all(|n| !n.contains("accessControl")));
}

#[test]
fn secret_parameters_and_key_vault() {
    let r = analyse(ARM_RISKY).unwrap();
    let params: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.code == "AU014")
        .map(|f| f.action.as_str())
        .collect();
    assert_eq!(params, vec!["erpApiKey", "sqlPassword"]);
    assert!(fired(PA_RISKY, "AU014", "ApiPassword"));
    assert_eq!(count(ARM_CLEAN, "AU014") + count(PA_CLEAN, "AU014"), 0);
    // Key Vault over HTTP with a client secret, through a connection without a managed identity.
    assert!(fired(ARM_RISKY, "AU015", "Read_vault_secret"));
    assert!(fired(ARM_RISKY, "AU015", "Get_order_secret"));
    assert!(fired(PA_RISKY, "AU015", "Get_secret"));
    assert_eq!(count(ARM_CLEAN, "AU015") + count(STANDARD, "AU015"), 0);
}

#[test]
fn every_check_fires_somewhere_and_is_quiet_somewhere() {
    for c in CHECKS {
        let on = ALL.iter().filter(|t| count(t, c.code) > 0).count();
        assert!(on > 0, "{} never fires", c.code);
        assert!(on < ALL.len(), "{} fires everywhere", c.code);
    }
}

#[test]
fn findings_point_at_the_action_by_path() {
    let r = analyse(PA_RISKY).unwrap();
    let f = r.findings.iter().find(|f| f.code == "AU005").unwrap();
    assert_eq!(
        f.path,
        "$.properties.definition.actions['Scope_calls'].actions['Check_amount'].else.actions['Call_API_with_variable'].inputs.headers['Authorization']"
    );
    let sw = r.findings.iter().find(|f| f.code == "AU006").unwrap();
    assert!(sw
        .path
        .contains(".cases['Case_EU'].actions['Call_API_bare_token']"));
    assert_eq!((r.errors, r.warnings), (7, 9));
    // Errors first.
    let first_warning = r
        .findings
        .iter()
        .position(|f| f.severity != crate::Severity::Error)
        .unwrap();
    assert!(r.findings[first_warning..]
        .iter()
        .all(|f| f.severity != crate::Severity::Error));
}

#[test]
fn reports_never_quote_a_secret() {
    let secrets = [
        "c2lnbmF0dXJlLW5vdC1yZWFs",
        "Q1w~FAKE-secret-value-0000",
        "7d1f0c5e9b2a4c6e8f00aa11bb22cc33",
        "5e7c0d1f2a3b4c5d6e7f8091a2b3c4d5",
        "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    ];
    for text in ALL {
        let r = analyse(text).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        let outputs = [json, render_text(&r), render_markdown(&r, false)];
        for out in &outputs {
            for s in secrets {
                assert!(!out.contains(s), "{s} quoted in\n{out}");
            }
        }
    }
    let r = analyse(ARM_RISKY).unwrap();
    let md = render_markdown(&r, false);
    assert!(!md.contains("maker.one@contoso.example"), "{md}");
    assert!(md.contains("user 1"));
    assert!(render_text(&r).contains("maker.one@contoso.example"));
}

#[test]
fn hostile_inputs_end_in_a_message() {
    assert!(analyse(&"{\n".repeat(10_000)).is_err());
    assert!(analyse(r#"{"definition": {"actions": 5}}"#).is_err());
    let deep = format!(
        "{{\"actions\": {}{}}}",
        "{\"a\": {\"type\": \"Scope\", \"actions\": ".repeat(200),
        "{}".to_string() + &"}}".repeat(200)
    );
    // Deep nesting is read to a limit, never overflows.
    let _ = analyse(&deep);
}

/// `docs/audit.md` is generated from the registry; this fails when it is stale.
#[test]
fn audit_doc_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/audit.md");
    let want = reference_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/audit.md is stale: run UPDATE_DOCS=1 cargo test -p authlens-core audit_doc"
    );
}

#[test]
fn resources_shown_by_az_and_classic_peek_code() {
    // `az logic workflow show` flattens properties: accessControl sits beside the definition.
    let r = analyse(AZ_SHOW).unwrap();
    assert_eq!(r.workflows, vec!["la-graph-report".to_string()]);
    let au013 = r.findings.iter().find(|f| f.code == "AU013").unwrap();
    assert!(au013.title.contains("SAS is disabled"), "{}", au013.title);
    assert_eq!(au013.path, "$.accessControl.triggers");
    // A variable holding the bare access_token used as the whole header.
    assert!(fired(AZ_SHOW, "AU006", "Call_Graph"));
    // A Postman variable copied into the header.
    let pm = r
        .findings
        .iter()
        .find(|f| f.code == "AU007" && f.action == "Call_partner_copied_from_Postman")
        .unwrap();
    assert!(
        pm.explanation.contains("{{partnerToken}}"),
        "{}",
        pm.explanation
    );
    // A secret read from an undeclared parameter in a form body is not a credential header:
    // only the header and the authentication settings are held to AU007.
    assert_eq!(count(AZ_SHOW, "AU007"), 1);
    // The classic designer's Peek code of a connector action: read, the connection named.
    let p = analyse(PEEK_CLASSIC).unwrap();
    assert_eq!(p.connections.len(), 1);
    assert_eq!(p.connections[0].connector, "shared_sharepointonline");
    assert_eq!(p.connections[0].used_by, vec!["(this action)".to_string()]);
    let codes: Vec<&str> = p.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, vec!["AU011"]);
    // A connector that can use a service principal is not assumed to be a person's.
    let dataverse =
        PEEK_CLASSIC.replace("shared_sharepointonline", "shared_commondataserviceforapps");
    let d = analyse(&dataverse).unwrap();
    assert_eq!(d.connections[0].identity, IdentityKind::Unknown);
    assert!(d.findings.is_empty());
}

#[test]
fn parameters_outside_the_definition_are_not_missing() {
    // ARM expressions resolve against the template; Standard's parameters.json is not pasted.
    let arm = ARM_CLEAN.replace(
        "\"audience\": \"https://graph.microsoft.com\" }",
        "\"audience\": \"[parameters('graphAudience')]\" }",
    );
    assert_ne!(arm, ARM_CLEAN);
    assert_eq!(count(&arm, "AU007"), 0);
    let std = STANDARD.replace(
        "\"password\": \"@body('Get_secret')?['value']\"",
        "\"password\": \"@parameters('erpPassword')\"",
    );
    assert_ne!(std, STANDARD);
    assert_eq!(count(&std, "AU007"), 0);
    // The same reference in a Consumption definition is missing.
    let cv = CODEVIEW.replace("partnerSecret", "partnerSecret2");
    assert!(fired(&cv, "AU007", "Call_partner_Graph"));
}

#[test]
fn large_definitions_stay_linear() {
    // 3000 HTTP actions, each reading a token from the one before: every reference resolves.
    let mut actions = Vec::new();
    for i in 0..3000 {
        actions.push(format!(
            r#""A{i}": {{"type": "Http", "runAfter": {{}}, "inputs": {{"method": "GET", "uri": "https://api.contoso.example/{i}", "headers": {{"Authorization": "Bearer @{{body('A{}')?['t']}}"}}}}, "runtimeConfiguration": {{"secureData": {{"properties": ["inputs"]}}}}}}"#,
            if i == 0 { 0 } else { i - 1 }
        ));
    }
    let text = format!(
        r#"{{"definition": {{"triggers": {{}}, "actions": {{{}}}}}}}"#,
        actions.join(",")
    );
    let started = std::time::Instant::now();
    let r = analyse(&text).unwrap();
    assert_eq!(r.actions, 3000);
    assert!(r.findings.is_empty(), "{:?}", r.findings.first());
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn a_connection_named_after_its_account_is_a_persons() {
    // Exported templates often lack authenticatedUser; the portal still names the connection
    // after the account that authorised it.
    let named = ARM_RISKY
        .replace(
            "\"authenticatedUser\": { \"name\": \"maker.one@contoso.example\" },",
            "",
        )
        .replace(
            "\"displayName\": \"orders mailbox\"",
            "\"displayName\": \"maker.two@contoso.example\"",
        );
    assert!(!named.contains("maker.one"));
    let r = analyse(&named).unwrap();
    let c = r
        .connections
        .iter()
        .find(|c| c.name == "office365")
        .unwrap();
    assert_eq!(c.account.as_deref(), Some("maker.two@contoso.example"));
    assert!(c
        .identity_from
        .is_some_and(|f| f.starts_with("displayName")));
    // A display name that is a description is not an account.
    let clean = analyse(ARM_CLEAN).unwrap();
    assert!(clean.connections.iter().all(|c| c.account.is_none()));
}

#[test]
fn a_peeked_trigger_is_checked_as_a_trigger() {
    let anyone = r#"{"type": "Request", "kind": "Http", "inputs": {"triggerAuthenticationType": "All", "schema": {}}}"#;
    assert!(looks_like_definition(anyone));
    assert!(fired(anyone, "AU012", "(this action)"));
    let tenant = anyone.replace("\"All\"", "\"Tenant\"");
    assert!(codes(&tenant).is_empty());
}

#[test]
fn audiences_that_fit_their_api_stay_quiet() {
    let call = |aud: &str, uri: &str| {
        let text = format!(
            r#"{{"type": "Http", "runAfter": {{}}, "inputs": {{"method": "GET", "uri": "{uri}", "authentication": {{"type": "ManagedServiceIdentity", "audience": "{aud}"}}}}}}"#
        );
        count(&text, "AU008")
    };
    for (aud, uri) in [
        (
            "https://org1.crm4.dynamics.com",
            "https://org1.api.crm4.dynamics.com/api/data/v9.2/accounts",
        ),
        (
            "https://storage.azure.com/",
            "https://acct1.blob.core.windows.net/c/b",
        ),
        (
            "https://management.core.windows.net/",
            "https://management.azure.com/subscriptions",
        ),
        (
            "https://vault.azure.net",
            "https://kv1.vault.azure.net/secrets/s",
        ),
        (
            "https://analysis.windows.net/powerbi/api",
            "https://api.powerbi.com/v1.0/myorg/groups",
        ),
        ("api://orders-api", "https://orders.contoso.example/api"),
    ] {
        assert_eq!(call(aud, uri), 0, "{aud} → {uri}");
    }
    for (aud, uri) in [
        (
            "https://org2.crm4.dynamics.com",
            "https://org1.api.crm4.dynamics.com/api/data/v9.2/accounts",
        ),
        (
            "https://contoso.sharepoint.com",
            "https://contoso-my.sharepoint.com/personal/x",
        ),
        (
            "https://graph.microsoft.com/.default",
            "https://graph.microsoft.com/v1.0/me",
        ),
        ("api://orders-api", "https://graph.microsoft.com/v1.0/users"),
    ] {
        assert_eq!(call(aud, uri), 1, "{aud} → {uri}");
    }
}

#[test]
fn a_token_in_a_json_body_is_a_fixed_token() {
    let jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGk6Ly94In0.c2lnbmF0dXJl";
    let text = format!(
        r#"{{"type": "Http", "runAfter": {{}}, "inputs": {{"method": "POST", "uri": "https://api.contoso.example/x", "body": {{"refresh_token": "{jwt}", "client_secret": "plain-secret-1"}}}}, "runtimeConfiguration": {{"secureData": {{"properties": ["inputs"]}}}}}}"#
    );
    let c = codes(&text);
    assert_eq!(
        c.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        vec!["AU001", "AU002"],
        "{c:?}"
    );
    let json = serde_json::to_string(&analyse(&text).unwrap()).unwrap();
    assert!(
        !json.contains("c2lnbmF0dXJl") && !json.contains("plain-secret-1"),
        "{json}"
    );
}

#[test]
fn clientdata_copied_on_its_own_is_read() {
    let row: serde_json::Value = serde_json::from_str(SOLUTION).unwrap();
    let clientdata = row["value"][0]["clientdata"].clone();
    let pasted = serde_json::to_string(&clientdata).unwrap();
    assert!(pasted.starts_with('"'));
    assert!(looks_like_definition(&pasted));
    let r = analyse(&pasted).unwrap();
    assert_eq!(r.format, DefinitionFormat::FlowSolution);
    assert_eq!(r.actions, 4);
    assert!(!looks_like_definition("\"just a string\""));
}

#[test]
fn a_scheme_from_the_token_response_is_a_scheme() {
    let header = |v: &str| {
        format!(
            r#"{{"type": "Http", "runAfter": {{}}, "inputs": {{"method": "GET", "uri": "https://api.contoso.example/x", "headers": {{"Authorization": "{v}"}}}}, "runtimeConfiguration": {{"secureData": {{"properties": ["inputs"]}}}}}}"#
        )
    };
    let token_type =
        header("@{body('Get_token')?['token_type']} @{body('Get_token')?['access_token']}");
    assert!(codes(&token_type).is_empty(), "{:?}", codes(&token_type));
    let concat = header("@{concat('Bearer ', body('Get_token')?['access_token'])}");
    assert!(codes(&concat).is_empty());
    let doubled =
        header("Bearer @{body('Get_token')?['token_type']} @{body('Get_token')?['access_token']}");
    assert_eq!(
        codes(&doubled).iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        vec!["AU005"]
    );
    let bare = header("@body('Get_token')?['access_token']");
    assert_eq!(codes(&bare).len(), 1);
}

#[test]
fn findings_speak_the_shared_diagnostic_protocol() {
    use crate::diagnostic::{write_text, Diagnostic};
    let r = analyse(PA_RISKY).unwrap();
    let f = &r.findings[0];
    assert_eq!(f.code(), "AU001");
    assert_eq!(
        Diagnostic::category(f),
        Some(Category::ExpiredOrRevokedCredential)
    );
    let mut o = String::new();
    write_text(&mut o, 1, f);
    assert!(
        o.contains("AU001") && o.contains("Call_Graph_with_pasted_token"),
        "{o}"
    );
    assert!(!o.contains("c2lnbmF0dXJlLW5vdC1yZWFs"));
}
