#![allow(clippy::unwrap_used)]

use super::*;
use crate::{diagnose, Options, Timestamp};

#[test]
fn codes_and_names_are_unique_and_sorted() {
    let codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "RULES must stay sorted by code");
    sorted.dedup();
    assert_eq!(sorted.len(), codes.len(), "duplicate rule code");
    let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), RULES.len(), "duplicate rule name");
    for r in RULES {
        assert!(
            r.code.starts_with("AL") && r.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            r.code
        );
        assert!(
            r.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()),
            "{}",
            r.name
        );
    }
}

#[test]
fn docs_have_the_fixed_headings() {
    for r in RULES {
        let d = r.docs();
        let mut at = 0;
        for h in [
            "## What it means",
            "## Why it happens",
            "## Where the fix lives",
            "## Example",
        ] {
            let i = d[at..].find(h).map(|i| i + at);
            assert!(i.is_some(), "{} docs lack '{h}' (in order)", r.code);
            at = i.unwrap();
        }
    }
}

/// Each rule's documented example must produce that rule as the first finding (biome-style
/// executable docs).
#[test]
fn doc_examples_fire_their_rule_first() {
    let opts = Options::at(Timestamp(1_763_900_000));
    let mut wrong = Vec::new();
    for r in RULES {
        let ex = r
            .example()
            .unwrap_or_else(|| panic!("{} has no example", r.code));
        let report = diagnose(&ex, &opts);
        if report.findings.first().map(|f| f.code) != Some(r.code) {
            let got: Vec<_> = report
                .findings
                .iter()
                .map(|f| (f.code, f.confidence))
                .collect();
            wrong.push(format!("{} {}: got {got:?}", r.code, r.name));
        }
    }
    assert!(
        wrong.is_empty(),
        "examples not firing their rule first:\n{}",
        wrong.join("\n")
    );
}

/// `docs/rules.md` is generated from the registry; this fails when it is stale.
#[test]
fn rules_doc_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    let want = super::catalog_doc::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run UPDATE_DOCS=1 cargo test -p authlens-core rules_doc"
    );
}
