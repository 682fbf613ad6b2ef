//! Snapshots of what Compare tells people: for every pair under `tests/fixtures/compare/` the whole
//! `CompareReport` JSON (`snapshot.json`), the CLI text (`snapshot.txt`) and the Markdown report
//! (`snapshot.md`, added later, as the CLI and the page give it), and the same for the
//! extra pairs below (`extra-pairs.snap.json`), which reach the branches the fixture pairs do not
//! (every auth problem, ports, schemes, content-type parameters, text and form bodies, ...).
//!
//! The files were generated before `request/diff.rs` was split by request part, so they pin the
//! report byte for byte: ranking, wording, severities, JSON field order. After an intended change
//! of the output, regenerate them with `AUTHLENS_UPDATE_SNAPSHOTS=1 cargo test -p authlens-core
//! --test compare_snapshots` and review the diff.
#![allow(clippy::unwrap_used)]

use authlens_core::request::{
    compare, render_markdown, render_text, CompareOptions, CompareReport,
};
use authlens_core::Timestamp;
use base64::Engine as _;
use serde_json::json;
use std::fs;
use std::path::Path;

#[path = "support/compare_pairs.rs"]
mod pairs;

/// The clock when a pair does not pin one (`now=`), as the CLI's pair test does.
const NOW: i64 = 1_899_995_000;

fn updating() -> bool {
    std::env::var_os("AUTHLENS_UPDATE_SNAPSHOTS").is_some()
}

fn pretty(report: &CompareReport) -> String {
    serde_json::to_string_pretty(report).unwrap() + "\n"
}

/// Compares `got` with the file, or writes it when updating. Returns a failure message.
fn check_file(path: &Path, got: &str) -> Option<String> {
    if updating() {
        fs::write(path, got).unwrap();
        return None;
    }
    let want = fs::read_to_string(path).unwrap_or_default();
    if want == got {
        return None;
    }
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
    Some(format!(
        "{}: differs from the snapshot at line {}\n  want: {}\n  got:  {}",
        path.display(),
        line + 1,
        want.lines().nth(line).unwrap_or("(end)"),
        got.lines().nth(line).unwrap_or("(end)")
    ))
}

#[test]
fn every_fixture_pair_matches_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare");
    let mut dirs: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20);
    let mut failures = Vec::new();
    for dir in &dirs {
        let mut opts = CompareOptions {
            now: Some(Timestamp(NOW)),
            ..CompareOptions::default()
        };
        for (k, v) in pairs::directives(dir) {
            match k.as_str() {
                "pick_left" => opts.pick_left = Some(v),
                "pick_right" => opts.pick_right = Some(v),
                _ => opts.now = Timestamp::parse(&v),
            }
        }
        let report = compare(
            &pairs::read_side(dir, "left"),
            &pairs::read_side(dir, "right"),
            &opts,
        );
        failures.extend(check_file(&dir.join("snapshot.json"), &pretty(&report)));
        failures.extend(check_file(&dir.join("snapshot.txt"), &render_text(&report)));
        // The Markdown report, as `authlens compare --markdown` and the page give it.
        failures.extend(check_file(
            &dir.join("snapshot.md"),
            &render_markdown(&report),
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

fn jwt(claims: serde_json::Value) -> String {
    format!(
        "{}.{}.{}",
        b64(json!({"typ": "JWT", "alg": "RS256"}).to_string().as_bytes()),
        b64(claims.to_string().as_bytes()),
        pairs::SIG
    )
}

fn graph(extra: serde_json::Value) -> String {
    let mut c = json!({
        "aud": "https://graph.microsoft.com",
        "iss": format!("https://sts.windows.net/{}/", pairs::T1),
        "exp": 1_900_000_000, "tid": pairs::T1, "appid": pairs::A1, "scp": "User.Read"
    });
    if let (Some(o), Some(x)) = (c.as_object_mut(), extra.as_object()) {
        for (k, v) in x {
            o.insert(k.clone(), v.clone());
        }
    }
    jwt(c)
}

fn flow(v: serde_json::Value) -> String {
    v.to_string()
}

/// Pairs reaching the comparison's other branches: (name, left, right).
fn extra_pairs() -> Vec<(&'static str, String, String)> {
    let g = graph(json!({}));
    let u = "https://graph.microsoft.com/v1.0/me";
    let many_left: serde_json::Map<String, serde_json::Value> =
        (0..25).map(|i| (format!("f{i:02}"), json!(i))).collect();
    let many_right: serde_json::Map<String, serde_json::Value> = (0..25)
        .map(|i| (format!("f{i:02}"), json!(i + 1)))
        .collect();
    vec![
        (
            "scheme-port-path-case",
            "curl https://api.contoso.example:8443/Items/List".into(),
            "GET http://api.contoso.example/items/list".into(),
        ),
        (
            "content-type-parameters-and-accept",
            format!("curl -H 'Accept: */*' -H 'Content-Type: application/json; charset=utf-8' -d '{{\"a\":1}}' {u}"),
            flow(json!({"uri": u, "method": "POST", "headers": {"Content-Type": "application/json"}, "body": {"a": 1}})),
        ),
        (
            "content-type-missing-with-body",
            format!("curl -X POST -H 'Content-Type: text/plain' -d 'hello there' {u}"),
            flow(json!({"uri": u, "method": "POST", "body": "hello  world"})),
        ),
        (
            "content-type-media-differs",
            format!("curl -X POST -H 'Content-Type: application/xml' -d '<a/>' {u}"),
            flow(json!({"uri": u, "method": "POST", "headers": {"Content-Type": "text/xml"}, "body": "<a/>"})),
        ),
        (
            "many-json-differences",
            flow(json!({"uri": u, "method": "POST", "body": many_left})),
            flow(json!({"uri": u, "method": "POST", "body": many_right})),
        ),
        (
            "json-arrays-secrets-and-kinds",
            flow(json!({"uri": u, "method": "POST", "body": {"items": [1, 2], "client_secret": "s3cr3t-left", "extra": {"x": 1}, "n": [1]}})),
            flow(json!({"uri": u, "method": "POST", "body": {"items": [1, 3], "client_secret": "s3cr3t-right", "only": true, "n": [1, 2]}})),
        ),
        (
            "form-bodies",
            "curl https://login.microsoftonline.com/t/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=abc -d client_secret=one -d scope=https%3A%2F%2Fgraph.microsoft.com%2F.default -d extra=1".into(),
            "curl https://login.microsoftonline.com/t/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=abd -d client_secret=two -d scope=https%3A%2F%2Fgraph.microsoft.com%2F.default".into(),
        ),
        (
            "body-none-vs-text",
            format!("curl {u}"),
            flow(json!({"uri": u, "method": "GET", "body": "plain words"})),
        ),
        (
            "text-vs-json-body",
            format!("curl -X POST -H 'Content-Type: text/plain' -d 'abc' {u}"),
            flow(json!({"uri": u, "method": "POST", "body": {"a": "b"}})),
        ),
        (
            "basic-different-users",
            format!("curl -u alice:pw1 {u}"),
            format!("curl -u bob:pw1 {u}"),
        ),
        (
            "auth-problems",
            format!("GET {u}\nAuthorization: Bearer Bearer {g}\nX-Trace: 1\n"),
            format!("GET {u}\nAuthorization: {g}\nCookie: a=1; b=2\n"),
        ),
        (
            "auth-problems-2",
            format!("GET {u}\nAuthorization: Bearer eyJabc.%%%.x\n"),
            format!("GET {u}\nAuthorization: Basic !!notbase64!!\n"),
        ),
        (
            "whitespace-in-token",
            format!("GET {u}\nAuthorization: Bearer {g}\n"),
            flow(json!({"uri": u, "method": "GET", "headers": {"Authorization": format!("Bearer {} {}", &g[..20], &g[20..])}})),
        ),
        (
            "opaque-tokens",
            format!("GET {u}\nAuthorization: Bearer opaque-token-one\n"),
            format!("GET {u}\nAuthorization: Bearer opaque-token-two\n"),
        ),
        (
            "unresolved-variable-token",
            format!("GET {u}\nAuthorization: Bearer {{{{token}}}}\n"),
            format!("GET {u}\nAuthorization: Bearer {g}\n"),
        ),
        (
            "both-expired-extra-scopes-issuer",
            format!("GET {u}\nAuthorization: Bearer {}\n", graph(json!({"exp": 1_600_000_000}))),
            format!(
                "GET {u}\nAuthorization: Bearer {}\n",
                graph(json!({"exp": 1_600_000_100, "scp": "User.Read Mail.Send", "iss": format!("https://login.microsoftonline.com/{}/v2.0", pairs::T1)}))
            ),
        ),
        (
            "same-token-kind-fetched-later",
            format!("GET {u}\nAuthorization: Bearer {g}\n"),
            format!("GET {u}\nAuthorization: Bearer {}\n", graph(json!({"iat": 5}))),
        ),
        (
            "roles-string-and-jwe",
            format!("GET {u}\nAuthorization: Bearer {}\n", graph(json!({"roles": "A.Read B.Write", "scp": null}))),
            format!("GET {u}\nAuthorization: Bearer eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d\n"),
        ),
        (
            "bearer-vs-client-credentials",
            format!("GET {u}\nAuthorization: Bearer {g}\n"),
            flow(json!({"uri": u, "method": "GET", "authentication": {"type": "ActiveDirectoryOAuth", "tenant": pairs::T2, "audience": "00000003-0000-0000-c000-000000000000", "clientId": pairs::A2, "secret": "shh"}})),
        ),
        (
            "client-credentials-both-sides",
            flow(json!({"uri": u, "method": "GET", "authentication": {"type": "ActiveDirectoryOAuth", "tenant": pairs::T1, "audience": "https://graph.microsoft.com", "clientId": pairs::A1, "secret": "one"}})),
            flow(json!({"uri": u, "method": "GET", "authentication": {"type": "ActiveDirectoryOAuth", "tenant": pairs::T1, "audience": "https://graph.microsoft.com", "clientId": pairs::A1, "secret": "two"}})),
        ),
        (
            "client-credentials-different-settings",
            flow(json!({"uri": u, "method": "GET", "authentication": {"type": "ActiveDirectoryOAuth", "tenant": pairs::T1, "audience": "https://graph.microsoft.com", "clientId": pairs::A1, "secret": "one"}})),
            flow(json!({"uri": u, "method": "GET", "authentication": {"type": "ManagedServiceIdentity", "identity": "/subscriptions/x/uami", "audience": "https://graph.microsoft.com"}})),
        ),
        (
            "basic-vs-none-and-headers",
            format!("curl -u alice:pw -H 'Ocp-Apim-Subscription-Key: k1' -H 'X-Only-Left: 1' -H 'Cookie: s=1' {u}?api-version=1&b=2"),
            format!("curl -H 'Ocp-Apim-Subscription-Key: k2' -H 'X-Other: 2' {u}?api-version=2&code=abc"),
        ),
        (
            "apikey-header-one-side",
            format!("curl -H 'x-api-key: k1' -H 'Cookie: s=1' -H 'Accept: text/html' {u}"),
            format!("curl -H 'Cookie: s=2' -H 'Accept: application/json' -H 'x-ms-client-request-id: 1' {u}"),
        ),
        (
            "expression-in-url-and-token",
            flow(json!({"uri": "https://x.example/@{variables('id')}", "method": "GET", "headers": {"Authorization": "Bearer @{body('Get_token')?['access_token']}"}})),
            flow(json!({"uri": "https://x.example/1", "method": "GET", "headers": {"Authorization": "Bearer @{body('Get_token')?['access_token']}"}})),
        ),
        (
            "repeated-header-lines",
            format!("GET {u}\nAccept: a\nAccept: b\nPrefer: x\n"),
            format!("GET {u}\nAccept: b, a\nPrefer: y\n"),
        ),
        ("unknown-and-empty", "hello world".into(), "".into()),
        ("bad-json", "{\"uri\":".into(), "{\"outputs\":{}}".into()),
    ]
}

#[test]
fn extra_pairs_match_their_snapshot() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare/extra-pairs.snap.json");
    let opts = CompareOptions {
        now: Some(Timestamp(NOW)),
        ..CompareOptions::default()
    };
    let mut all = serde_json::Map::new();
    for (name, l, r) in extra_pairs() {
        let report = compare(&l, &r, &opts);
        all.insert(
            name.to_string(),
            json!({"report": report, "text": render_text(&report)}),
        );
    }
    let got = serde_json::to_string_pretty(&all).unwrap() + "\n";
    if let Some(f) = check_file(&path, &got) {
        panic!("{f}");
    }
}
