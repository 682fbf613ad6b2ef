//! Input detection, parsing, counts, notes, redaction, the JSON contract and the chart.

#![allow(clippy::unwrap_used)]

use authlens_core::history::{
    analyse, chart_svg, looks_like_history, parse_time, render_text, HistoryKind, Outcome,
    TriggerKind,
};
use authlens_core::{Category, Platform, Timestamp};

const NOW: Timestamp = Timestamp(1_796_000_000);

fn read(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/history/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn detects_each_input_kind() {
    let cases = [
        (
            "pbi_began_after_successes.json",
            HistoryKind::PowerBiRefreshHistory,
            Platform::PowerBi,
        ),
        (
            "logic_scheduled_only.json",
            HistoryKind::LogicAppsRuns,
            Platform::LogicApps,
        ),
        (
            "logic_all_successes.json",
            HistoryKind::LogicAppsRuns,
            Platform::LogicApps,
        ),
        (
            "flow_runs_api.json",
            HistoryKind::PowerAutomateRuns,
            Platform::PowerAutomate,
        ),
        (
            "pa_export.csv",
            HistoryKind::PowerAutomateCsv,
            Platform::PowerAutomate,
        ),
    ];
    for (f, kind, platform) in cases {
        let text = read(f);
        assert!(looks_like_history(&text), "{f}");
        let r = analyse(&text, NOW);
        assert_eq!((r.kind, r.platform), (kind, platform), "{f}");
        assert!(render_text(&r).starts_with(&format!("History: {}", kind.label())));
    }
    // No product hint in ids or types: the shared engine.
    let bare = r#"[{"name":"1","properties":{"startTime":"2026-01-01T00:00:00Z","status":"Failed","error":{"code":"Unauthorized","message":"AADSTS50076: you must use multi-factor authentication"}}}]"#;
    let r = analyse(bare, NOW);
    assert_eq!(r.kind, HistoryKind::FlowEngineRuns);
    assert_eq!(r.counts_per_category[0].category, Category::MfaRequired);
    assert_eq!(r.run_list[0].code, Some("AL104"));
}

#[test]
fn single_pastes_are_not_histories() {
    for t in [
        r#"{"statusCode":401,"body":{"error":{"code":"InvalidAuthenticationToken"}}}"#,
        r#"{"id":"x","name":"run","properties":{"startTime":"2026-01-01T00:00:00Z","status":"Failed"}}"#,
        "AADSTS50076: multi-factor authentication required",
        "",
        "a,b,c\n1,2,3",
    ] {
        assert!(!looks_like_history(t), "{t}");
    }
    let r = analyse("just some error text", NOW);
    assert_eq!(r.kind, HistoryKind::Unknown);
    assert!(!r.notes.is_empty());
}

#[test]
fn az_cli_flattened_runs_and_failed_actions() {
    // `az logic workflow run list` flattens `properties`; the run error only says an action
    // failed, and the failed action's error says why.
    let t = r#"[
      {"id":"/subscriptions/1/resourceGroups/rg/providers/Microsoft.Logic/workflows/wf1/runs/1",
       "name":"1","type":"Microsoft.Logic/workflows/runs","status":"Failed","code":"ActionFailed",
       "startTime":"2026-02-01T10:00:00Z","endTime":"2026-02-01T10:00:05Z",
       "error":{"code":"ActionFailed","message":"An action failed. No dependent actions succeeded."},
       "trigger":{"name":"Recurrence"},
       "actions":{"HTTP":{"status":"Failed","code":"Unauthorized",
          "error":{"code":"Unauthorized","message":"AADSTS7000222: The provided client secret keys for app 'x' are expired."}},
          "Compose":{"status":"Succeeded"}}},
      {"id":"/subscriptions/1/resourceGroups/rg/providers/Microsoft.Logic/workflows/wf1/runs/2",
       "name":"2","status":"Succeeded","startTime":"2026-02-01T09:00:00Z","trigger":{"name":"manual"}}
    ]"#;
    assert!(looks_like_history(t));
    let r = analyse(t, NOW);
    assert_eq!(r.kind, HistoryKind::LogicAppsRuns);
    assert_eq!((r.runs, r.failures, r.successes), (2, 1, 1));
    let failed = &r.run_list[1];
    assert_eq!(failed.category, Some(Category::ClientSecretExpired));
    assert!(
        failed
            .error
            .as_deref()
            .unwrap()
            .starts_with("HTTP: Unauthorized"),
        "{failed:?}"
    );
    assert_eq!(failed.trigger_kind, TriggerKind::Scheduled);
    assert_eq!(failed.duration_seconds, Some(5));
    assert_eq!(r.run_list[0].trigger_kind, TriggerKind::Manual);
    assert_eq!(r.sources, ["wf1"]);
}

#[test]
fn power_bi_statuses_and_refresh_types() {
    let t = r#"[
      {"requestId":"a","refreshType":"OnDemand","startTime":"2026-03-01T10:00:00Z","status":"Completed"},
      {"requestId":"b","refreshType":"Scheduled","startTime":"2026-03-01T11:00:00Z","status":"Unknown"},
      {"requestId":"c","refreshType":"ViaApi","startTime":"2026-03-01T12:00:00Z","status":"Cancelled"},
      {"requestId":"d","refreshType":"Scheduled","startTime":"2026-03-01T13:00:00Z","status":"Disabled"},
      {"requestId":"e","refreshType":"Scheduled","startTime":"2026-03-01T14:00:00Z","status":"Failed",
       "serviceExceptionJson":"{\"errorCode\":\"ModelRefresh_ShortMessage_ProcessingError\",\"errorDescription\":\"The credentials provided for the SQL source are invalid.\"}"}
    ]"#;
    let r = analyse(t, NOW);
    assert_eq!(r.kind, HistoryKind::PowerBiRefreshHistory);
    assert_eq!((r.successes, r.failures, r.other), (1, 1, 3));
    let last = r.run_list.last().unwrap();
    assert_eq!(last.outcome, Outcome::Failure);
    assert!(last.category.is_some());
    assert!(last
        .error
        .as_deref()
        .unwrap()
        .starts_with("ModelRefresh_ShortMessage_ProcessingError: The credentials"));
    assert_eq!(r.run_list[0].trigger_kind, TriggerKind::Manual);
    assert_eq!(r.run_list[2].trigger_kind, TriggerKind::Manual);
}

#[test]
fn csv_export_quoted_fields_and_notes() {
    let r = analyse(&read("pa_export.csv"), NOW);
    assert_eq!(r.runs, 11);
    assert_eq!((r.successes, r.failures), (6, 5));
    assert_eq!(r.first_run.as_deref(), Some("2026-01-05T09:00:00Z"));
    assert_eq!(r.first_failure.as_deref(), Some("2026-01-11T09:00:00Z"));
    assert_eq!(r.counts_per_category[0].category, Category::ConsentRequired);
    assert_eq!(r.counts_per_category[0].count, 5);
    let notes = r.notes.join("\n");
    assert!(notes.contains("1 row had no status"), "{notes}");
    assert!(
        notes.contains("1 row had no readable start time"),
        "{notes}"
    );
    assert!(notes.contains("read as UTC"), "{notes}");
    let failed = r
        .run_list
        .iter()
        .find(|x| x.time.is_some() && x.outcome == Outcome::Failure)
        .unwrap();
    let e = failed.error.as_deref().unwrap();
    assert!(e.contains("with ID \"app\""), "{e}");
    assert!(!e.contains('\n'), "{e}");
    assert_eq!(failed.id.as_deref(), Some("0858000006"));
    assert_eq!(failed.trigger.as_deref(), Some("Recurrence"));
}

#[test]
fn csv_semicolons_and_other_headers() {
    let t = "Flow;Start;Status;Error details\norders;20.11.2026 10:02:11;Failed;AADSTS50076: use multi-factor authentication\norders;2026-11-20 11:02:11;Succeeded;\n";
    assert!(looks_like_history(t));
    let r = analyse(t, NOW);
    assert_eq!(r.kind, HistoryKind::PowerAutomateCsv);
    assert_eq!(r.first_failure.as_deref(), Some("2026-11-20T10:02:11Z"));
    assert_eq!(r.sources, ["orders"]);
    assert_eq!(r.counts_per_category[0].category, Category::MfaRequired);
}

#[test]
fn tolerant_times() {
    assert_eq!(
        parse_time("11/20/2026 10:02 AM"),
        Timestamp::parse("2026-11-20T10:02:00Z")
    );
    assert_eq!(
        parse_time("2026-11-20T10:02:11.5+01:00"),
        Timestamp::parse("2026-11-20T09:02:11Z")
    );
    assert_eq!(parse_time("soon"), None);
}

#[test]
fn error_excerpts_are_redacted_and_short() {
    let long = "x".repeat(1000);
    let t = format!(
        r#"{{"value":[{{"name":"1","properties":{{"startTime":"2026-01-01T00:00:00Z","status":"Failed","error":{{"code":"Unauthorized","message":"client_secret=Sup3rS3cretValue1 Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ {long}"}}}}}}]}}"#
    );
    let r = analyse(&t, NOW);
    let e = r.run_list[0].error.as_deref().unwrap();
    assert!(!e.contains("Sup3rS3cretValue1"), "{e}");
    assert!(!e.contains("c2lnbmF0dXJlLXNpZ25hdHVyZQ"), "{e}");
    assert!(e.chars().count() <= 201, "{}", e.chars().count());
    assert!(!render_text(&r).contains("Sup3rS3cretValue1"));
}

#[test]
fn counts_are_sorted_by_count_then_name() {
    let item = |i: u32, msg: &str| {
        format!(
            r#"{{"name":"{i}","properties":{{"startTime":"2026-01-01T{:02}:00:00Z","status":"Failed","error":{{"code":"Unauthorized","message":"{msg}"}}}}}}"#,
            i
        )
    };
    let mfa = "AADSTS50076: you must use multi-factor authentication";
    let ca = "AADSTS53003: Access has been blocked by Conditional Access policies.";
    let consent = "AADSTS65001: The user or administrator has not consented to use the application";
    let runs = [
        item(1, ca),
        item(2, mfa),
        item(3, consent),
        item(4, mfa),
        item(5, consent),
    ];
    let r = analyse(&format!("[{}]", runs.join(",")), NOW);
    let got: Vec<(&str, usize)> = r
        .counts_per_category
        .iter()
        .map(|c| (c.category.as_str(), c.count))
        .collect();
    assert_eq!(
        got,
        [
            ("consent-required", 2),
            ("mfa-required", 2),
            ("conditional-access-blocked", 1)
        ]
    );
}

#[test]
fn json_contract_fields() {
    let r = analyse(&read("logic_scheduled_only.json"), NOW);
    let v = serde_json::to_value(&r).unwrap();
    for key in [
        "version",
        "kind",
        "label",
        "platform",
        "runs",
        "failures",
        "successes",
        "other",
        "unclassified_failures",
        "counts_per_category",
        "first_run",
        "last_run",
        "first_failure",
        "last_failure",
        "last_success_before_first_failure",
        "sources",
        "run_list",
        "truncated",
        "patterns",
        "notes",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert!(v.get("timeline").is_none());
    assert_eq!(v["kind"], "logic-apps-runs");
    assert_eq!(v["platform"], "logic-apps");
    assert_eq!(v["counts_per_category"][0]["category"], "mfa-required");
    let run = &v["run_list"][35];
    assert_eq!(run["outcome"], "failure");
    assert_eq!(run["trigger_kind"], "scheduled");
    assert_eq!(run["code"], "AL104");
    let p = &v["patterns"][0];
    for key in ["id", "title", "explanation", "confidence", "evidence", "at"] {
        assert!(p.get(key).is_some(), "pattern missing {key}");
    }
    assert!(p["evidence"][0]["time"].is_string() && p["evidence"][0]["note"].is_string());
}

#[test]
fn chart_marks_runs_patterns_and_summary() {
    let r = analyse(&read("logic_several_together.json"), NOW);
    let svg = chart_svg(&r);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(svg.contains(r#"role="img""#));
    assert!(svg.contains(
        "<title id=\"hc-title\">Run history: 288 runs, 137 failed, 151 succeeded</title>"
    ));
    assert!(svg.contains("<desc"));
    assert!(svg.contains("run-success"));
    assert!(svg.contains("run-failure cat-mfa-required"));
    assert!(svg.contains("run-failure cat-consent-required"));
    assert_eq!(
        svg.matches("class=\"change-point\"").count(),
        r.patterns.len()
    );
    // Change points are labelled with the pattern's title, not its id.
    assert!(svg.contains(">Several flows or datasets started failing together</text>"));
    assert!(!svg.contains(">several-connections-together</text>"));
    assert!(svg.contains(">2026-01-05</text>"), "{svg}");
    assert!(svg.contains("<style>"));
    // Empty history: still an accessible image.
    let empty = chart_svg(&analyse("[]", NOW));
    assert!(empty.contains("No runs with a readable time"));
}

#[test]
fn hostile_inputs_never_panic() {
    let deep = "[".repeat(10_000);
    let quotes = "\"".repeat(50_001);
    let wide = format!("Start,Status{}\n", ",x".repeat(20_000));
    let odd_times = "Start,Status,Error\n99/99/9999 99:99 PM,Failed,x\n0/0/0,Failed,\n12/31/2026 12:00 AM,Succeeded,\n";
    let cases: Vec<String> = vec![
        deep,
        quotes,
        wide,
        odd_times.into(),
        "{\"value\":[1,\"a\",null,{}]}".into(),
        "{\"value\":[{\"status\":\"Failed\",\"startTime\":\"2026-01-01T00:00:00Z\",\"error\":7}]}".into(),
        "[{\"refreshType\":\"Scheduled\",\"status\":\"Failed\",\"serviceExceptionJson\":\"{not json\"}]".into(),
        "\u{feff}".into(),
        "é,ü\n\u{0}".into(),
    ];
    for c in &cases {
        let r = analyse(c, NOW);
        let _ = render_text(&r);
        let _ = chart_svg(&r);
        let _ = looks_like_history(c);
        let _ = serde_json::to_string(&r).unwrap();
    }
    let odd = analyse(odd_times, NOW);
    assert_eq!(odd.runs, 3);
    assert!(
        odd.notes
            .iter()
            .any(|n| n.contains("2 rows had no readable start time")),
        "{:?}",
        odd.notes
    );
}

/// The history says what to do about its most frequent failure (the category's fix for the
/// history's platform), counts read / charted / listed in one wording, and opens a failed run's
/// whole error text for a diagnosis.
#[test]
fn top_fix_coverage_and_a_failed_runs_error() {
    let mut runs = Vec::new();
    for d in 1..=8 {
        runs.push(format!(r#"{{"id":"r{d}","startTime":"2026-11-{d:02}T02:00:00Z","status":"Completed","refreshType":"Scheduled"}}"#));
    }
    for d in 9..=14 {
        runs.push(format!(
            r#"{{"id":"r{d}","startTime":"2026-11-{d:02}T02:00:00Z","status":"Failed","refreshType":"Scheduled","serviceExceptionJson":"{{\"errorCode\":\"ModelRefresh_ShortMessage_ProcessingError\",\"errorDescription\":\"AADSTS50076: Due to a configuration change made by your administrator you must use multi-factor authentication. Trace ID: 0b0c3e5a-1111-2222-3333-444455556666 Correlation ID: 7d1e2f3a-aaaa-bbbb-cccc-ddddeeeeffff Timestamp: 2026-11-{d:02} 02:00:05Z\"}}"}}"#
        ));
    }
    runs.push(r#"{"id":"r15","status":"Failed","refreshType":"Scheduled"}"#.to_string());
    let text = format!(r#"{{"value":[{}]}}"#, runs.join(","));
    let r = authlens_core::history::analyse(&text, Timestamp(1_800_000_000));
    let fix = r.top_fix.as_ref().unwrap();
    assert_eq!(fix.category.as_str(), "mfa-required");
    assert_eq!(fix.count, 6);
    assert!(!fix.fix.steps.is_empty());
    assert_eq!(r.charted, 14);
    assert_eq!(
        authlens_core::history::coverage(&r, 10, "the table"),
        "15 runs read · the chart shows 14 (those with a readable start time) · the table has the latest 10"
    );
    let md = authlens_core::history::render_markdown(&r);
    assert!(
        md.contains("What to do about the most frequent failure"),
        "{md}"
    );
    assert!(md.contains(&fix.fix.steps[0]));
    // Support looks runs up by their ids and the Entra ids and times in the message: kept.
    assert!(md.contains("| r14 |"), "{md}");
    assert!(md.contains("0b0c3e5a-1111-2222-3333-444455556666"), "{md}");
    // The listed run of index i has its whole error text.
    let i = r
        .run_list
        .iter()
        .position(|x| x.id.as_deref() == Some("r9"))
        .unwrap();
    let err = authlens_core::history::run_error(&text, i).unwrap();
    assert!(
        err.contains("AADSTS50076") && err.contains("Correlation ID"),
        "{err}"
    );
    assert!(authlens_core::history::run_error(&text, usize::MAX).is_none());
}
