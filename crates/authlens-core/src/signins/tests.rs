#![allow(clippy::unwrap_used)]

use super::*;
use crate::Timestamp;

fn opts() -> Options {
    Options::at(Timestamp(1_764_000_000))
}

const PORTAL: &str = include_str!("../../tests/fixtures/signins/portal-interactive-mfa.json");
const GRAPH: &str = include_str!("../../tests/fixtures/signins/graph-two-pages.json");
const CA: &str = include_str!("../../tests/fixtures/signins/portal-ca-block-across-apps.json");
const CSV: &str = include_str!("../../tests/fixtures/signins/portal-interactive.csv");
const SP_CSV: &str = include_str!("../../tests/fixtures/signins/service-principal.csv");
const RUN: &str = include_str!("../../tests/fixtures/signins/run-output-401.json");

#[test]
fn every_export_format_is_detected_and_read() {
    for (text, format, total, failed) in [
        (PORTAL, LogFormat::PortalJson, 5, 3),
        (GRAPH, LogFormat::GraphResponse, 5, 3),
        (CSV, LogFormat::PortalCsv, 3, 2),
        (SP_CSV, LogFormat::PortalCsv, 2, 2),
    ] {
        assert!(looks_like_signins(text));
        let r = analyse(text, &opts()).unwrap();
        assert_eq!((r.format, r.total, r.failed), (format, total, failed));
    }
    assert!(!looks_like_signins(RUN));
    assert!(analyse(RUN, &opts()).is_err());
}

#[test]
fn failed_sign_ins_are_read_with_the_diagnosis_knowledge() {
    let r = analyse(PORTAL, &opts()).unwrap();
    assert_eq!(r.errors[0].code, 50076);
    assert_eq!(r.errors[0].category, Some(Category::MfaRequired));
    assert!(r.errors[0].fix.is_some());
    assert_eq!(r.failures.len(), 3);
    let newest = &r.failures[0];
    assert_eq!(newest.time.as_deref(), Some("2026-11-23T07:30:05Z"));
    assert_eq!(newest.sign_in.interactive, Some(false));
    assert_eq!(newest.sign_in.failed_policies().count(), 1);
    let sp = analyse(SP_CSV, &opts()).unwrap();
    assert_eq!(sp.errors[0].category, Some(Category::ClientSecretExpired));
    assert_eq!(sp.failures[0].identity, "service principal");
}

#[test]
fn policies_and_their_controls_are_summarised() {
    let r = analyse(PORTAL, &opts()).unwrap();
    let mfa = r
        .policies
        .iter()
        .find(|p| p.name == "Require MFA for all users")
        .unwrap();
    assert_eq!((mfa.failures, mfa.successes), (3, 2));
    assert_eq!(mfa.grant_controls, vec!["Mfa".to_string()]);
    // A policy that never applied is not a policy that mattered.
    assert!(r
        .policies
        .iter()
        .all(|p| p.name != "Require compliant device for admins"));
    assert!(
        r.summary.contains("Require MFA for all users"),
        "{}",
        r.summary
    );
}

#[test]
fn patterns_fire_on_their_shape_and_stay_quiet_otherwise() {
    let codes = |t: &str| -> Vec<&'static str> {
        analyse(t, &opts())
            .unwrap()
            .patterns
            .iter()
            .map(|p| p.code)
            .collect()
    };
    let portal = codes(PORTAL);
    assert!(portal.contains(&"policy-started-failing"));
    assert!(portal.contains(&"interactive-ok-non-interactive-fails"));
    assert!(portal.contains(&"one-client-app"));
    assert!(!portal.contains(&"account-failing-across-apps"));
    let ca = codes(CA);
    assert!(ca.contains(&"account-failing-across-apps"));
    assert!(!ca.contains(&"interactive-ok-non-interactive-fails"));
    // The CA-block policy never succeeded: it "blocked", it did not "start failing".
    let r = analyse(CA, &opts()).unwrap();
    let p = r
        .patterns
        .iter()
        .find(|p| p.code == "policy-started-failing")
        .unwrap();
    assert!(p.title.contains("blocked 4 sign-ins"), "{}", p.title);
    assert!(codes(SP_CSV).is_empty());
}

#[test]
fn a_run_is_joined_to_its_sign_in_and_the_policy_is_named() {
    let log = analyse(PORTAL, &opts()).unwrap();
    let mut diagnosis = crate::diagnose(RUN, &opts());
    let m = join(RUN, &mut diagnosis, &log, &opts()).unwrap();
    assert_eq!(m.by, "correlation id");
    assert_eq!(
        m.failed_policies,
        vec!["Require MFA for all users".to_string()]
    );
    let top = &diagnosis.findings[0];
    assert_eq!(top.category, Category::MfaRequired);
    assert!(
        top.explanation.contains("Require MFA for all users"),
        "{}",
        top.explanation
    );
    assert!(
        diagnosis.verdict.starts_with("401 · Multi-factor"),
        "{}",
        diagnosis.verdict
    );

    // Without the id, the account and the time still find it.
    let no_id = RUN.replace("0a1b2c3d-0000-4000-8000-00000000000a", "not-an-id");
    let mut d2 = crate::diagnose(&no_id, &opts());
    let m2 = join(&no_id, &mut d2, &log, &opts()).unwrap();
    assert_eq!(m2.by, "account and time");
    assert_eq!(m2.time.as_deref(), Some("2026-11-23T05:30:05Z"));

    // A run a day away from every failure matches nothing.
    let far = no_id.replace("23 Nov 2026", "27 Nov 2026");
    let mut d3 = crate::diagnose(&far, &opts());
    assert!(join(&far, &mut d3, &log, &opts()).is_none());
}

#[test]
fn reports_hide_personal_data_unless_asked() {
    let r = analyse(PORTAL, &opts()).unwrap();
    let md = render_markdown(&r, false);
    for personal in ["flow.owner@contoso.com", "198.51.100.7", "Dublin"] {
        assert!(!md.contains(personal), "{personal} in\n{md}");
    }
    assert!(md.contains("user 1"));
    let text = render_text(&r);
    assert!(text.contains("flow.owner@contoso.com"));
}

#[test]
fn hostile_inputs_end_in_a_message() {
    assert!(analyse("", &opts()).is_err());
    let broken = "{\n".repeat(10_000);
    assert!(analyse(&broken, &opts()).is_err());
    let not_events = r#"{"value": [{"createdDateTime": "x"}]}"#;
    assert!(analyse(not_events, &opts()).is_err());
}
