use super::*;

const JWT: &str = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2VjcmV0LXNpZ25hdHVyZS1ieXRlcw";

#[test]
fn a_cut_that_swallows_a_quote_is_redacted_to_a_fixpoint() {
    // Found by the redact fuzz target: the first pass hides the quote that ended the inner
    // `-u '…'` value, which then reaches a colon and a "password" further on.
    let t = "curl -u \"l -u 'svcva \u{FFFD}Bearer \u{FFFD}ZZZZZ)2: Error valr z'sv\":\"{\\\"access_tojz\\";
    let single = redact_once(t, 0);
    let _ = single;
    let once = redact(t);
    assert_eq!(redact(&once), once);
}

#[test]
fn overlapping_cuts_hide_their_union() {
    // Found by the redact fuzz target: a Bearer value inside an unterminated `-u '…'`, whose
    // password cut starts inside the scheme cut and reaches past it.
    let t = "-u 'Bearer \u{FFFD}as:ET : ";
    let once = redact(t);
    assert_eq!(once, "-u 'Bearer [redacted]");
    assert_eq!(redact(&once), once);
}

#[test]
fn removes_jwt_signatures_only() {
    let r = redact(&format!("Authorization: Bearer {JWT}"));
    assert_eq!(
        r,
        "Authorization: Bearer eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.[signature-removed]"
    );
}

#[test]
fn removes_whole_jwe() {
    let r = redact("x eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn y");
    assert_eq!(r, "x [encrypted-token-removed] y");
}

#[test]
fn hides_secret_values_in_every_shape() {
    let cases = [
        (
            r#"{"client_secret": "s3cr3t-value~x"}"#,
            r#"{"client_secret": "[redacted]"}"#,
        ),
        (
            "grant_type=client_credentials&client_secret=s3cr3t&scope=x",
            "grant_type=client_credentials&client_secret=[redacted]&scope=x",
        ),
        (
            "https://a.blob.core.windows.net/c/f?sv=2022&sig=AbCdEf%2B123&se=1",
            "https://a.blob.core.windows.net/c/f?sv=2022&sig=[redacted]&se=1",
        ),
        (
            "https://app/cb?code=0.AAAAbbbb&state=1",
            "https://app/cb?code=[redacted]&state=1",
        ),
        ("Cookie: session=abc; other=def", "Cookie: [redacted]"),
        (
            "Authorization: Basic dXNlcjpwYXNzd29yZA==",
            "Authorization: Basic [redacted]",
        ),
        (
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFy==;EndpointSuffix=x",
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=[redacted];EndpointSuffix=x",
        ),
        (
            r#"{"authentication":{"type":"Basic","username":"svc","password":"P@ss w0rd"}}"#,
            r#"{"authentication":{"type":"Basic","username":"svc","password":"[redacted]"}}"#,
        ),
        (
            r#"{"message": "{\"refresh_token\":\"0.AR8A-xyz\"}"}"#,
            r#"{"message": "{\"refresh_token\":\"[redacted]\"}"}"#,
        ),
        ("x-api-key: 12345678abcdef", "x-api-key: [redacted]"),
        (
            "curl -u svc:Hunter2x https://a",
            "curl -u svc:[redacted] https://a",
        ),
        (
            "curl --user 'svc:p w' https://a",
            "curl --user 'svc:[redacted]' https://a",
        ),
        (
            "curl --user=svc:pw -X GET",
            "curl --user=svc:[redacted] -X GET",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(redact(input), want, "{input}");
    }
}

#[test]
fn keeps_error_codes_and_plain_text() {
    let t = r#"{"error":{"code":"AuthorizationFailed","message":"The key used is expired."}}"#;
    assert_eq!(redact(t), t);
    let t = "AADSTS50076: you must use multi-factor authentication. Trace ID: 1";
    assert_eq!(redact(t), t);
}

#[test]
fn gaps_found_by_property_tests_stay_closed() {
    // A padded JWT loses its signature too.
    let r = redact(
        "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0=.c2VjcmV0LXNpZ25hdHVyZQ",
    );
    assert!(!r.contains("c2VjcmV0"), "{r}");
    // An escaped quote inside a password in JSON-in-a-string does not end the value early.
    let r = redact(r#"{"body":"{\"password\":\"Q7ab\\\"cdefgh12\"}"}"#);
    assert!(!r.contains("cdefgh12") && !r.contains("Q7ab"), "{r}");
    // Redacting twice changes nothing more.
    for t in [
        "Bearer cookie:,",
        "basic sig=x",
        "SharedAccessSignature key=: ",
    ] {
        let once = redact(t);
        assert_eq!(redact(&once), once, "{t}");
    }
}

#[test]
fn is_idempotent() {
    let t = format!("Bearer {JWT} password=abc&sig=def Basic dXNlcjpwYXNzd29yZA== Bearer opaque-token-value-123");
    let once = redact(&t);
    assert_eq!(redact(&once), once);
    assert!(!once.contains("c2VjcmV0") && !once.contains("abc&") && !once.contains("opaque-token"));
}

#[test]
fn base64_encoding_round_trips() {
    for s in ["", "a", "ab", "abc", "abcd", "client_secret=[redacted]&x=1"] {
        let enc = crate::b64::encode_standard(s.as_bytes());
        assert_eq!(enc.len() % 4, 0, "{enc}");
        assert_eq!(crate::b64::decode(&enc).unwrap_or_default(), s.as_bytes());
    }
    assert_eq!(crate::b64::encode_standard(b"abcd"), "YWJjZA==");
}

#[test]
fn text_after_an_authorization_credential_is_still_scanned() {
    let r = redact(
        "curl -H 'Authorization: Basic dXNlcjpwYXNzd29yZA==' https://x.example/a?sig=SIGSECRET123",
    );
    assert!(
        !r.contains("SIGSECRET123") && !r.contains("dXNlcjpw"),
        "{r}"
    );
}

/// Fuzz find: an unquoted `authorization:[` opened an array that never closed, and every line
/// after it went unscanned.
#[test]
fn an_unclosed_bracket_after_an_unquoted_name_ends_at_its_line() {
    let text = "GET https://erp.contoso.example/api/items\nauthorization:[ Basic c0ZjLXVzZXI6UGE1NXdvcmQh\n";
    for shape in [
        "\nclient_secret=",
        "\nx-api-key: ",
        "\nAuthorization: Bearer ",
    ] {
        let r = redact(&format!("{text}{shape}Zq9XwV3kLm8TtRr2\n"));
        assert!(!r.contains("Zq9XwV3kLm8TtRr2"), "{shape:?}: {r}");
    }
}

/// Reports keep what support asks for (Trace, Correlation and request ids, run ids, timestamps):
/// they are no secret. Tokens, keys and passwords around them still go.
#[test]
fn keeps_support_ids_and_timestamps_while_removing_secrets() {
    let t = "AADSTS50076: you must use multi-factor authentication.\n\
             Trace ID: 0b0c3e5a-1111-2222-3333-444455556666\n\
             Correlation ID: 7d1e2f3a-aaaa-bbbb-cccc-ddddeeeeffff\n\
             Timestamp: 2026-11-30 02:00:05Z\n\
             x-ms-request-id: 9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0\n\
             {\"innerError\":{\"date\":\"2026-11-30T02:00:05\",\"request-id\":\"5c2d6b3e-1234-4cde-9abc-0123456789ab\"},\
             \"clientTrackingId\":\"08584712345678901234567890123CU45\",\"startTime\":\"2026-11-30T02:00:00.1234567Z\",\
             \"client_secret\":\"Abc8Q~verysecretvalue0123456789abcdefgh\"}\n\
             Authorization: Bearer eyJhbGciOiJub25lIn0.eyJhIjoxfQ.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl\n\
             x-api-key: 7f3c9a1e5b2d4f6a8c0e1b3d5f7a9c2e\n";
    let r = redact(t);
    for kept in [
        "Trace ID: 0b0c3e5a-1111-2222-3333-444455556666",
        "Correlation ID: 7d1e2f3a-aaaa-bbbb-cccc-ddddeeeeffff",
        "Timestamp: 2026-11-30 02:00:05Z",
        "9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0",
        "5c2d6b3e-1234-4cde-9abc-0123456789ab",
        "08584712345678901234567890123CU45",
        "2026-11-30T02:00:00.1234567Z",
        "2026-11-30T02:00:05",
    ] {
        assert!(r.contains(kept), "{kept} not in {r}");
    }
    for gone in [
        "verysecretvalue",
        "c2lnbmF0dXJlc2lnbmF0dXJl",
        "7f3c9a1e5b2d4f6a8c0e1b3d5f7a9c2e",
    ] {
        assert!(!r.contains(gone), "{gone} in {r}");
    }
    // The personal-data option keeps them too.
    let p = redact_personal(&r);
    assert!(p.contains("0b0c3e5a-1111-2222-3333-444455556666") && p.contains("5c2d6b3e-1234"));
}
