//! Signature verification with pasted keys (feature `verify`). Keys and signed tokens are the
//! TEST-ONLY fixtures in `fixtures/token/` (see its README for the claims and how they were made).
#![cfg(feature = "verify")]
#![allow(clippy::unwrap_used)]

use authlens_core::token::{
    check_key, inspect, inspect_with, CheckStatus, TokenContext, TokenReport,
};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const SIGNED: &str = include_str!("fixtures/token/signed.txt");
const RSA_PUB: &str = include_str!("fixtures/token/rsa.pub.pem");
const RSA_PKCS1: &str = include_str!("fixtures/token/rsa.pkcs1.pub.pem");
const RSA_CERT: &str = include_str!("fixtures/token/rsa.cert.pem");
const RSA_PRIVATE: &str = include_str!("fixtures/token/rsa.pem");
const EC256_PUB: &str = include_str!("fixtures/token/ec256.pub.pem");
const EC384_PUB: &str = include_str!("fixtures/token/ec384.pub.pem");
const JWKS: &str = include_str!("fixtures/token/jwks.json");

fn token(alg: &str) -> &'static str {
    SIGNED
        .lines()
        .find_map(|l| l.strip_prefix(alg).map(str::trim))
        .unwrap()
}

fn with_key(t: &str, key: &str) -> TokenReport {
    let mut c = TokenContext::new(None);
    c.key = Some(key.to_string());
    let r = inspect(t, &c);
    // The page's path (a separate verifier checks the key, the page's core renders the report)
    // must say exactly the same.
    let split = inspect_with(t, &c, check_key(t, key));
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        serde_json::to_string(&split).unwrap(),
        "check_key + inspect_with differs from inspect"
    );
    r
}

fn sig(r: &TokenReport) -> CheckStatus {
    r.check("signature").unwrap().status
}

/// Same token with one payload character changed (still valid base64url and JSON).
fn tampered(t: &str) -> String {
    let parts: Vec<&str> = t.split('.').collect();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = String::from_utf8(b64.decode(parts[1]).unwrap()).unwrap();
    let changed = payload.replace("test-subject", "evil-subject");
    assert_ne!(payload, changed);
    format!("{}.{}.{}", parts[0], b64.encode(changed), parts[2])
}

#[test]
fn every_supported_algorithm_verifies_and_detects_tampering() {
    for (alg, key) in [
        ("RS256", RSA_PUB),
        ("RS384", RSA_PUB),
        ("RS512", RSA_PUB),
        ("PS256", RSA_PUB),
        ("ES256", EC256_PUB),
        ("ES384", EC384_PUB),
    ] {
        let t = token(alg);
        let r = with_key(t, key);
        assert_eq!(sig(&r), CheckStatus::Pass, "{alg}: {:?}", r.checks);
        assert!(r.verified, "{alg}");
        let r = with_key(&tampered(t), key);
        assert_eq!(sig(&r), CheckStatus::Fail, "{alg} tampered: {:?}", r.checks);
        assert!(!r.verified);
        // Time is a separate verdict: these fixtures expired in 2023, and the signature still passes.
        let mut c = TokenContext::new(Some(authlens_core::Timestamp(1_733_573_358)));
        c.key = Some(key.to_string());
        let r = inspect(t, &c);
        assert_eq!(r.check("time.expired").unwrap().status, CheckStatus::Fail);
        assert_eq!(sig(&r), CheckStatus::Pass);
    }
}

#[test]
fn key_formats() {
    let t = token("RS256");
    for key in [RSA_PKCS1, RSA_CERT, JWKS] {
        let r = with_key(t, key);
        assert_eq!(sig(&r), CheckStatus::Pass, "{key}: {:?}", r.checks);
    }
    // Single JWK picked out of the JWKS.
    let jwks: serde_json::Value = serde_json::from_str(JWKS).unwrap();
    let jwk = jwks["keys"][1].to_string();
    assert_eq!(sig(&with_key(t, &jwk)), CheckStatus::Pass);
    // Bare base64 certificate (as in x5c).
    let bare: String = RSA_CERT
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    assert_eq!(sig(&with_key(t, &bare)), CheckStatus::Pass);
    // The decoy key alone: kid does not match.
    let decoy = format!("{{\"keys\":[{}]}}", jwks["keys"][0]);
    let r = with_key(t, &decoy);
    assert_eq!(sig(&r), CheckStatus::Unknown);
    assert!(r
        .check("signature")
        .unwrap()
        .message
        .contains("no key with kid `test-rsa-1`"));
}

#[test]
fn private_keys_and_garbage_are_refused_clearly() {
    let t = token("RS256");
    let r = with_key(t, RSA_PRIVATE);
    assert_eq!(sig(&r), CheckStatus::Unknown);
    assert!(r
        .check("signature")
        .unwrap()
        .message
        .contains("PRIVATE key"));
    let r = with_key(t, "{\"kty\": \"RSA\"}");
    assert_eq!(sig(&r), CheckStatus::Unknown);
    let r = with_key(t, "just some words");
    assert_eq!(sig(&r), CheckStatus::Unknown);
    assert!(r
        .check("signature")
        .unwrap()
        .message
        .contains("plain secret"));
}

fn hs256_token(secret: &[u8], header: &str) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let input = format!(
        "{}.{}",
        b64.encode(header),
        b64.encode(r#"{"sub":"s","aud":"x","iss":"https://example.org"}"#)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64.encode(mac.finalize().into_bytes()))
}

#[test]
fn hs256_with_a_secret() {
    let secret = "test-only-secret-0123456789abcdef";
    let t = hs256_token(secret.as_bytes(), r#"{"alg":"HS256","typ":"JWT"}"#);
    assert_eq!(sig(&with_key(&t, secret)), CheckStatus::Pass);
    assert_eq!(sig(&with_key(&t, "another-secret")), CheckStatus::Fail);
    let jwk = format!(
        "{{\"kty\":\"oct\",\"k\":\"{}\"}}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
    );
    assert_eq!(sig(&with_key(&t, &jwk)), CheckStatus::Pass);
}

#[test]
fn algorithm_confusion_and_key_type_mismatch() {
    // HS256 token "signed" with the RSA public key PEM as the HMAC secret: the classic forgery.
    let forged = hs256_token(RSA_PUB.as_bytes(), r#"{"alg":"HS256","typ":"JWT"}"#);
    let r = with_key(&forged, RSA_PUB);
    assert_eq!(r.check("alg").unwrap().status, CheckStatus::Fail);
    assert!(r
        .check("alg")
        .unwrap()
        .message
        .contains("Algorithm confusion"));
    assert_eq!(sig(&r), CheckStatus::Fail);
    assert!(!r.verified);

    let r = with_key(token("ES256"), RSA_PUB);
    assert_eq!(r.check("alg").unwrap().status, CheckStatus::Fail);
    assert!(r
        .check("alg")
        .unwrap()
        .message
        .contains("Key type mismatch"));
    assert_eq!(sig(&r), CheckStatus::Unknown);

    // Correct pairing: alg passes.
    assert_eq!(
        with_key(token("ES256"), EC256_PUB)
            .check("alg")
            .unwrap()
            .status,
        CheckStatus::Pass
    );
}

#[test]
fn nonce_tokens_never_read_as_tampered() {
    // A Graph-style header with a nonce: the signature cannot match outside Graph.
    let t = token("RS256");
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = b64.encode(r#"{"alg":"RS256","typ":"JWT","kid":"test-rsa-1","nonce":"xyz"}"#);
    let rest = t.split_once('.').unwrap().1;
    let r = with_key(&format!("{header}.{rest}"), RSA_PUB);
    assert_eq!(sig(&r), CheckStatus::Unknown);
    assert!(r
        .check("signature")
        .unwrap()
        .message
        .contains("Not verifiable by design"));
}
