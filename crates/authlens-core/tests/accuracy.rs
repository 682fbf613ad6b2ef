//! Accuracy floors: `./x accuracy` prints the figures; this test keeps them from sliding back.
//! The floors are the figures when they were set; raise them as the knowledge grows, never
//! lower them to let a change through. Sets that are not in the tree (mined, frozen) are
//! skipped.
#![allow(clippy::unwrap_used)]

#[path = "support/accuracy.rs"]
mod accuracy;

use authlens_core::{diagnose, Options};

/// (set, top-1 floor %, top-3 floor %, no-finding ceiling %), from `./x accuracy` when they
/// were last set (rounded towards failing). The corpus, own and mined figures include what the
/// wording model learned from those very cases; `./x train` prints their cross-validated
/// figures, and the frozen set is the honest measure.
const FLOORS: &[(&str, f64, f64, f64)] = &[
    ("corpus", 96.7, 98.6, 0.0),
    ("own", 100.0, 100.0, 0.0),
    ("mined", 77.7, 86.1, 2.9),
    ("frozen", 61.4, 68.1, 5.3),
];

#[test]
fn accuracy_stays_above_its_floors() {
    let mut low = Vec::new();
    for set in accuracy::sets() {
        let s = accuracy::score(&set.cases);
        let (_, top1, top3, none) = FLOORS.iter().find(|f| f.0 == set.name).unwrap();
        let t = s.total;
        if t.top1_pct() < *top1 || t.top3_pct() < *top3 || t.none_pct() > *none {
            low.push(format!(
                "{}: top-1 {:.1}% (floor {top1}), top-3 {:.1}% (floor {top3}), no finding {:.1}% (ceiling {none})",
                set.name,
                t.top1_pct(),
                t.top3_pct(),
                t.none_pct()
            ));
        }
    }
    assert!(
        low.is_empty(),
        "below the floors (see ./x accuracy):\n{}",
        low.join("\n")
    );
}

/// A paste that carries an authentication signal (a 401 or 403, an AADSTS code) never ends
/// with no finding, in any labelled set we may read case by case (the frozen set is read
/// through `./x accuracy`'s totals only).
#[test]
fn auth_signals_always_get_a_finding() {
    let opts = Options::at(accuracy::NOW);
    for set in accuracy::sets().into_iter().filter(|s| s.name != "frozen") {
        for c in &set.cases {
            let r = diagnose(&c.input, &opts);
            let lower = c.input.to_ascii_lowercase();
            let signal = lower.contains("aadsts")
                || [" 401", " 403", ":401", ":403", "(401)", "(403)"]
                    .iter()
                    .any(|p| lower.contains(p));
            if signal {
                assert!(
                    !r.findings.is_empty(),
                    "{}: a paste with an auth signal got no finding: {}",
                    set.name,
                    c.input.chars().take(160).collect::<String>()
                );
            }
        }
    }
}
