//! The secret corpus (tests/fixtures/secrets/corpus.jsonl, every kind of issue 14) through
//! `redact` and through every export the core produces: diagnosis JSON, Markdown and text
//! reports, compare output (JSON and text, the paste on either side), history report, token
//! inspection (its redacted form, JSON and text). No secret, and no 12-character piece of one,
//! may survive in any of them, nor in any base64 run of them once decoded.
#![allow(clippy::unwrap_used)]

use authlens_core::redact::{passes_needed, redact};
use authlens_core::request::{self, CompareOptions};
use authlens_core::token::{self, TokenContext};
use authlens_core::{diagnose, history, render, Options, Timestamp};
use base64::Engine;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Case {
    id: String,
    input: String,
    secrets: Vec<String>,
}

const NOW: Timestamp = Timestamp(1_733_573_358);
const PIECE: usize = 12;

/// A request with no secret, for the other side of Compare.
const NEUTRAL: &str = r#"{"inputs": {"uri": "https://api.contoso.example/v1/orders", "method": "GET", "headers": {"Accept": "application/json"}}}"#;

pub fn corpus() -> Vec<Case> {
    let text = include_str!("fixtures/secrets/corpus.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every export of `input`, by name.
fn exports(input: &str) -> Vec<(&'static str, String)> {
    let mut out = vec![("redact", redact(input))];
    let report = diagnose(input, &Options::at(NOW));
    out.push(("diagnose json", serde_json::to_string(&report).unwrap()));
    out.push(("diagnose markdown", render::markdown(&report)));
    out.push(("diagnose text", render::text(&report)));
    let opts = CompareOptions {
        now: Some(NOW),
        ..CompareOptions::default()
    };
    for (name, l, r) in [
        ("compare left", input, NEUTRAL),
        ("compare right", NEUTRAL, input),
    ] {
        let c = request::compare(l, r, &opts);
        out.push((name, serde_json::to_string(&c).unwrap()));
        out.push((name, request::render_text(&c)));
    }
    let h = history::analyse(input, NOW);
    out.push(("history json", serde_json::to_string(&h).unwrap()));
    out.push(("history text", history::render_text(&h)));
    let t = token::inspect(input.trim(), &TokenContext::new(Some(NOW)));
    out.push(("token redacted", t.redacted.clone()));
    out.push(("token json", serde_json::to_string(&t).unwrap()));
    out.push(("token text", token::render_text(&t)));
    out
}

/// `text`, plus every base64 / base64url run of 16 characters or more decoded (lossily).
pub fn with_decoded(text: &str) -> String {
    let mut all = text.to_string();
    let b = text.as_bytes();
    let is_b64 = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_');
    let mut i = 0;
    while i < b.len() {
        if !is_b64(b[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && is_b64(b[i]) {
            i += 1;
        }
        if i - s >= 16 {
            let run: String = text[s..i].replace('-', "+").replace('_', "/");
            let run = &run[..run.len() & !3];
            if let Ok(d) = base64::engine::general_purpose::STANDARD.decode(run) {
                all.push('\n');
                all.push_str(&String::from_utf8_lossy(&d));
            }
        }
    }
    all
}

/// The first 12-character piece of `secret` found in `text`.
pub fn leaked_piece(text: &str, secret: &str) -> Option<String> {
    let chars: Vec<char> = secret.chars().collect();
    chars
        .windows(PIECE.min(chars.len()))
        .map(|w| w.iter().collect::<String>())
        .find(|w| text.contains(w.as_str()))
}

#[test]
fn corpus_is_large_and_well_formed() {
    let cases = corpus();
    assert!(cases.len() >= 80, "{} cases", cases.len());
    for c in &cases {
        assert!(!c.secrets.is_empty(), "{}", c.id);
        for s in &c.secrets {
            assert!(s.chars().count() >= PIECE, "{}: short secret {s:?}", c.id);
        }
    }
}

#[test]
fn no_secret_survives_any_export() {
    let mut failures = Vec::new();
    for c in corpus() {
        for (export, text) in exports(&c.input) {
            let seen = with_decoded(&text);
            for s in &c.secrets {
                if let Some(p) = leaked_piece(&seen, s) {
                    failures.push(format!("{} / {export}: {p:?} of {s:?}", c.id));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} leaks:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_redaction_is_idempotent_and_bounded() {
    for c in corpus() {
        let once = redact(&c.input);
        assert_eq!(redact(&once), once, "{}", c.id);
        // Real pastes are final after one pass (the second only confirms it).
        assert_eq!(passes_needed(&c.input), 1, "{}", c.id);
        assert!(
            once.len() <= c.input.len() + 32 * once.matches('[').count(),
            "{} grew",
            c.id
        );
    }
}
