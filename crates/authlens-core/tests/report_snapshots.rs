//! Snapshots of what a user reads: the plain-text report (`render::text`, what the CLI prints)
//! of every rule fixture (the docs' example it fires on, the near miss it stays quiet on), of
//! every corpus and own case, and (`render::analysis_text`, what `authlens diagnose` prints) of
//! every run history and sign-in log fixture, the logs also with the failed run pasted above. A change in wording, ranking or evidence shows up as a snapshot
//! diff in review. Regenerate with `INSTA_UPDATE=always cargo test -p authlens-core --test
//! report_snapshots`, then read the diff.
#![allow(clippy::unwrap_used)]

use authlens_core::{analyse, diagnose, render, rules::RULES, Options, Timestamp};
use serde_json::Value;

/// The fixed "now" of every fixture test: reports must not depend on the clock.
const NOW: Timestamp = Timestamp(1_763_900_000);

/// Snapshot settings: no module prefix, no expression, the input's start as the description.
fn settings(input: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    // The input, shortened: enough to recognise the case in a review.
    let head: String = input.chars().take(240).collect();
    settings.set_description(head);
    settings
}

fn snapshot(name: &str, input: &str) {
    let report = diagnose(input, &Options::at(NOW));
    settings(input).bind(|| insta::assert_snapshot!(name, render::text(&report)));
}

/// What `authlens diagnose` prints for a paste the front door routes elsewhere (a run history,
/// a sign-in log): the text of the whole analysis.
fn snapshot_analysis(name: &str, input: &str) {
    let analysis = analyse(input, &Options::at(NOW));
    settings(input).bind(|| insta::assert_snapshot!(name, render::analysis_text(&analysis)));
}

/// The files of a fixture folder, sorted, with their text.
fn fixture_files(dir: &str) -> Vec<(String, String)> {
    let dir = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "csv"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().replace('.', "_");
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn history_reports() {
    let files = fixture_files("history");
    assert!(files.len() >= 13);
    for (name, text) in files {
        snapshot_analysis(&format!("history__{name}"), &text);
    }
}

#[test]
fn sign_in_log_reports() {
    let files = fixture_files("signins");
    let run = include_str!("fixtures/signins/run-output-401.json");
    for (name, text) in files {
        snapshot_analysis(&format!("signins__{name}"), &text);
        snapshot_analysis(
            &format!("signins__{name}__with_run"),
            &format!("{run}\n{text}"),
        );
    }
}

#[test]
fn rule_fixture_reports() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rules");
    for r in RULES {
        let id = format!("{}-{}", r.code, r.name);
        snapshot(&format!("rule__{id}__fires"), &r.example().unwrap());
        let quiet = std::fs::read_to_string(format!("{dir}/{id}/quiet.txt")).unwrap();
        snapshot(&format!("rule__{id}__quiet"), &quiet);
    }
}

fn cases(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn corpus_case_reports() {
    for c in cases(include_str!("fixtures/corpus/cases.jsonl")) {
        let id = c["id"].as_str().unwrap();
        snapshot(&format!("corpus__{id}"), c["input"].as_str().unwrap());
    }
}

#[test]
fn own_case_reports() {
    for c in cases(include_str!("fixtures/cases/own.jsonl")) {
        let id = c["id"].as_str().unwrap();
        snapshot(&format!("own__{id}"), c["input"].as_str().unwrap());
    }
}
