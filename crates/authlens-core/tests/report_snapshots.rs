//! Snapshots of what a user reads: the plain-text report (`render::text`, what the CLI prints)
//! of every rule fixture (the docs' example it fires on, the near miss it stays quiet on) and of
//! every corpus and own case. A change in wording, ranking or evidence shows up as a snapshot
//! diff in review. Regenerate with `INSTA_UPDATE=always cargo test -p authlens-core --test
//! report_snapshots`, then read the diff.
#![allow(clippy::unwrap_used)]

use authlens_core::{diagnose, render, rules::RULES, Options, Timestamp};
use serde_json::Value;

/// The fixed "now" of every fixture test: reports must not depend on the clock.
const NOW: Timestamp = Timestamp(1_763_900_000);

fn snapshot(name: &str, input: &str) {
    let report = diagnose(input, &Options::at(NOW));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    // The input, shortened: enough to recognise the case in a review.
    let head: String = input.chars().take(240).collect();
    settings.set_description(head);
    settings.bind(|| insta::assert_snapshot!(name, render::text(&report)));
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
