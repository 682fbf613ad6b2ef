//! Hostile input never panics and always yields a report (or a message) quickly.

use authlens_core::{diagnose, redact::redact, render, token, Options, Timestamp};
use std::time::{Duration, Instant};

fn check(name: &str, input: &str) {
    let start = Instant::now();
    let opts = Options::at(Timestamp(1_763_900_000));
    let report = diagnose(input, &opts);
    let _ = render::text(&report);
    let _ = render::markdown(&report);
    let _ = redact(input);
    let _ = token::inspect(input, &token::TokenContext::new(Some(opts.now)));
    assert!(!report.verdict.is_empty(), "{name}: empty verdict");
    // Generous bound for debug builds on a slow machine; the benchmarks hold the real budgets.
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{name} took {:?}",
        start.elapsed()
    );
}

#[test]
fn deep_nesting() {
    check("10k arrays", &"[".repeat(10_000));
    check("10k objects", &"{\"a\":".repeat(10_000));
    check(
        "balanced deep",
        &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    );
}

#[test]
fn garbage_and_control_bytes() {
    let garbage: String = (0..200_000u32)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('x'))
        .collect();
    check("garbage", &garbage);
    check("nuls", &"\0".repeat(100_000));
    check("nul in json", "{\"statusCode\": 401, \"body\": \"\0\0\0\"}");
    check("lone braces", &"{".repeat(100_000));
}

#[test]
fn long_single_line_tokens() {
    let token = format!("eyJ0eXAiOiJKV1QifQ.{}.sig", "A".repeat(1_000_000));
    check("1 MB token", &token);
    check("1 MB header", &format!("Authorization: Bearer {token}"));
    check("many dots", &".".repeat(1_000_000));
    check("many eyJ", &"eyJ.".repeat(200_000));
}

#[test]
fn oversized_paste_is_refused_with_a_message() {
    let big = "a".repeat(authlens_core::MAX_INPUT_BYTES + 1);
    let report = diagnose(&big, &Options::at(Timestamp(0)));
    assert!(report.verdict.contains("MB"), "{}", report.verdict);
    assert!(report.findings.is_empty());
}

#[test]
fn utf8_edges_in_evidence() {
    check(
        "multibyte around codes",
        "ééé AADSTS50076: ünïcödé 日本語 (401) Unauthorized 🙂",
    );
    check("status at end", "error 401");
}

/// Evidence from token checks never carries any part of a signature into reports, even when the
/// check points at the signature itself (a truncated token).
#[test]
fn token_evidence_never_leaks_a_signature() {
    // header {"typ":"JWT","alg":"RS256"}, payload {"aud":"https://graph.microsoft.com"}, a short signature
    let sig = "c2hvcnRTaWduYXR1cmVYWVo";
    let token = format!("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.{sig}");
    for paste in [
        format!("Authorization: Bearer {token}"),
        format!(
            r#"{{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET","headers":{{"Authorization":"Bearer {token}"}}}}"#
        ),
        format!("curl -H 'Authorization: Bearer  {token}' https://graph.microsoft.com/v1.0/me"),
    ] {
        let report = diagnose(&paste, &Options::at(Timestamp(1_763_900_000)));
        let json = serde_json::to_string(&report).unwrap_or_default();
        for out in [json, render::markdown(&report), render::text(&report)] {
            assert!(
                !out.contains(&sig[..8]),
                "signature leaked for {paste}: {out}"
            );
        }
    }
}
