//! Finding tokens and Authorization header values in larger pastes.
#![allow(clippy::unwrap_used)]

use authlens_core::token::{find_tokens, inspect, TokenContext};
use base64::Engine;

fn jwt() -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.{}",
        b64.encode(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64.encode(r#"{"aud":"https://graph.microsoft.com","exp":1733573358}"#),
        b64.encode([9u8; 256])
    )
}

#[test]
fn raw_http_request() {
    let t = jwt();
    let text = format!(
        "GET /v1.0/me HTTP/1.1\r\nHost: graph.microsoft.com\r\nAuthorization: Bearer {t}\r\nAccept: */*\r\n\r\n"
    );
    let found = find_tokens(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].span.slice(&text), t);
    assert_eq!(
        found[0].header_value.unwrap().slice(&text),
        format!("Bearer {t}")
    );
}

#[test]
fn json_raw_inputs_and_curl() {
    let t = jwt();
    let text = format!(
        "{{\"headers\": {{\"Authorization\": \"Bearer {t}\", \"x\": 1}}, \"body\": {{\"token\": \"{t}\"}}}}"
    );
    let found = find_tokens(&text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found[0].header_value.unwrap().slice(&text),
        format!("Bearer {t}")
    );
    assert!(found[1].header_value.is_none());
    assert!(found.iter().all(|f| f.span.slice(&text) == t));

    let curl = format!("curl -X GET https://x -H 'Authorization: bearer {t}' -H 'a: b'");
    let found = find_tokens(&curl);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].header_value.unwrap().slice(&curl),
        format!("bearer {t}")
    );
}

#[test]
fn non_jwt_header_values_and_jwe() {
    let text = "Authorization: Basic dXNlcjpwYXNz\nauthorization: SharedKey acct:c2ln\n";
    let found = find_tokens(text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].span.slice(text), "dXNlcjpwYXNz");
    assert_eq!(
        found[0].header_value.unwrap().slice(text),
        "Basic dXNlcjpwYXNz"
    );
    // Each found header value inspects cleanly.
    let r = inspect(
        found[0].header_value.unwrap().slice(text),
        &TokenContext::default(),
    );
    assert_eq!(r.kind, "basic");

    let jwe = "x eyJhbGciOiJSU0EtT0FFUCJ9.a2V5a2V5.aXZpdg.Y2lwaGVy.dGFnLg y";
    let found = find_tokens(jwe);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].span.slice(jwe).split('.').count(), 5);
}

#[test]
fn ignores_lookalikes() {
    let text = "AuthorizationFailed: eyJhbGciOi (cut) and abc.def.ghi and eyJa.b";
    assert!(find_tokens(text).is_empty(), "{:?}", find_tokens(text));
    // A sentence-ending dot is not part of the token.
    let t = jwt();
    let text = format!("token was {t}.");
    let found = find_tokens(&text);
    assert_eq!(found[0].span.slice(&text), t);
}

#[test]
fn linear_on_large_input() {
    let t = jwt();
    let mut text = String::with_capacity(11 << 20);
    while text.len() < 10 << 20 {
        text.push_str("eyJ noise eyJabc. Authorization AUTHORIZATION: x ");
        text.push_str("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.\n");
    }
    text.push_str(&format!("Authorization: Bearer {t}\n"));
    let start = std::time::Instant::now();
    let found = find_tokens(&text);
    let elapsed = start.elapsed();
    assert_eq!(found.iter().filter(|f| f.span.slice(&text) == t).count(), 1);
    // Generous bound (debug build, shared machine): a quadratic scan would take minutes.
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
}
