//! `request::detect` never misses a request `request::parse` finds, and names the same format:
//! the page loads its request parser only when `detect` says so (crates/authlens-web).
#![allow(clippy::unwrap_used)]

use authlens_core::request::{detect, parse};
use std::fs;
use std::path::Path;

fn check(what: &str, text: &str) -> bool {
    let side = parse(text, None);
    let found = side.request.is_some();
    if found {
        assert_eq!(
            detect(text).map(|f| f.as_str()),
            Some(side.kind.as_str()),
            "{what}: parse read a {} request",
            side.kind
        );
    } else if let Some(kind) = detect(text) {
        // A format with no readable request (an empty HAR, a cURL without URL): allowed.
        assert_eq!(kind.as_str(), side.kind, "{what}");
    }
    found
}

#[test]
fn detect_agrees_with_parse_on_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut texts: Vec<(String, String)> = Vec::new();
    for dir in fs::read_dir(root.join("compare")).unwrap() {
        let dir = dir.unwrap().path();
        for side in [
            "left.json",
            "right.json",
            "left.txt",
            "right.txt",
            "left.har",
            "right.har",
        ] {
            if let Ok(t) = fs::read_to_string(dir.join(side)) {
                texts.push((format!("{}/{side}", dir.display()), t));
            }
        }
    }
    for file in ["cases/own.jsonl", "corpus/cases.jsonl"] {
        for (i, line) in fs::read_to_string(root.join(file))
            .unwrap()
            .lines()
            .enumerate()
        {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(t) = v["input"].as_str() {
                texts.push((format!("{file}:{}", i + 1), t.to_string()));
            }
        }
    }
    for dir in ["history", "token"] {
        for f in fs::read_dir(root.join(dir)).unwrap() {
            let p = f.unwrap().path();
            if let Ok(t) = fs::read_to_string(&p) {
                texts.push((p.display().to_string(), t));
            }
        }
    }
    let mut requests = 0;
    for (what, text) in &texts {
        requests += usize::from(check(what, text));
    }
    assert!(
        requests >= 20,
        "only {requests} requests among {} fixtures",
        texts.len()
    );
    for t in [
        "",
        "curl https://x.example/a",
        "GET https://x.example/a HTTP/1.1\nAuthorization: Bearer x",
        "POST /token",
        r#"{"uri":"https://x.example","method":"GET"}"#,
        r#"{"log":{"entries":[]}}"#,
        r#"{"statusCode":401,"headers":{},"body":{}}"#,
        "```bash\ncurl -H 'a: b' https://x.example\n```",
        "\u{feff}  curl https://x.example",
        "{not json",
        "AADSTS700082: The refresh token has expired",
    ] {
        check(t, t);
    }
}
