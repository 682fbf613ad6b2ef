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

/// Personal data: stand-ins and the optional markers (`personal.rs`).
mod personal {
    use super::super::personal::*;
    use serde_json::Value;

    #[test]
    fn removes_people_and_keeps_services() {
        let t = r#"{"userPrincipalName":"ada.lovelace@contoso.onmicrosoft.com","displayName":"Ada Lovelace","id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","appId":"00000003-0000-0000-c000-000000000000","ipAddress":"203.0.113.7","v6":"2001:db8::8a2e:370:7334","at":"12:09:18"}"#;
        let r = redact_personal(t);
        for gone in [
            "ada.lovelace",
            "Ada Lovelace",
            "3fa85f64",
            "203.0.113.7",
            "2001:db8",
        ] {
            assert!(!r.contains(gone), "{gone} in {r}");
        }
        for kept in [
            "00000003-0000-0000-c000-000000000000",
            "12:09:18",
            "[email]",
            "[name]",
        ] {
            assert!(r.contains(kept), "{kept} not in {r}");
        }
        assert_eq!(redact_personal(&r), r);
    }

    #[test]
    fn stand_ins_are_numbered_kept_and_stop_at_word_edges() {
        let mut s = StandIns::default();
        assert_eq!(s.add("IP", "10.0.0.1").as_deref(), Some("IP 1"));
        assert_eq!(s.add("user", "ann@contoso.com").as_deref(), Some("user 1"));
        assert_eq!(
            s.add("user", " ann@contoso.com ").as_deref(),
            Some("user 1")
        );
        // A stand-in stands for itself; later numbers start above it.
        assert_eq!(s.add("user", "user 4").as_deref(), Some("user 4"));
        assert_eq!(s.add("user", "bob@contoso.com").as_deref(), Some("user 5"));
        let t = "from 10.0.0.1, not 10.0.0.10; ann@contoso.com. xann@contoso.com";
        assert_eq!(
            s.scrub(t),
            "from IP 1, not 10.0.0.10; user 1. xann@contoso.com"
        );
        let j = r#"{"a":"ann@contoso.com","b":"user 4","c":"ann@contoso.com\u0000"}"#;
        let m = s.mask(j);
        assert!(m.starts_with(r#"{"a":"user 1","b":"user 4""#), "{m}");
    }

    #[test]
    fn people_are_found_in_definitions_and_lists_and_apps_are_not() {
        let v: Value = serde_json::from_str(
            r#"{"displayName":"orders-app","appId":"aaaaaaaa-0000-4000-8000-000000000001",
            "createdBy":{"id":"9a9a0000-aaaa-4bbb-8ccc-000000000002","displayName":"Maker Two","email":"maker.two@contoso.example","type":"User"},
            "owner":{"displayName":"sync-app","type":"ServicePrincipal","id":"x"},
            "authenticatedUser":{"name":"maker.one@contoso.example"},
            "path":"/users/@{encodeURIComponent('someone@contoso.example')}/manager"}"#,
        )
        .unwrap_or_default();
        let mut s = StandIns::default();
        people_in_json(&v, &mut s, 0);
        people_in_text(
            "CreatedBy : @{id=9a9a0000-aaaa-4bbb-8ccc-000000000003; displayName=Service Mailbox; email=svc@contoso.example; type=User}",
            &mut s,
        );
        for (value, kind) in [
            ("Maker Two", "name"),
            ("maker.two@contoso.example", "user"),
            ("9a9a0000-aaaa-4bbb-8ccc-000000000002", "id"),
            ("maker.one@contoso.example", "user"),
            ("someone@contoso.example", "user"),
            ("Service Mailbox", "name"),
            ("9a9a0000-aaaa-4bbb-8ccc-000000000003", "id"),
        ] {
            assert!(s.get(value).is_some_and(|x| x.starts_with(kind)), "{value}");
        }
        for app in [
            "orders-app",
            "sync-app",
            "aaaaaaaa-0000-4000-8000-000000000001",
            "x",
        ] {
            assert!(s.get(app).is_none(), "{app}");
        }
    }

    #[test]
    fn keeps_the_ids_support_asks_for_and_removes_object_ids() {
        let t = "Trace ID: 0b0c3e5a-1111-2222-3333-444455556666\nCorrelation ID: 7d1e2f3a-aaaa-bbbb-cccc-ddddeeeeffff\nTimestamp: 2026-11-30 02:00:05Z\n\
                 {\"request-id\":\"5c2d6b3e-1234-4cde-9abc-0123456789ab\",\"client-request-id\":\"11112222-3333-4444-5555-666677778888\",\"date\":\"2026-11-30T02:00:05\"}\n\
                 x-ms-correlation-request-id: 9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a1\n\"activityId\":\"a1b2c3d4-e5f6-4711-8899-aabbccddeef0\"\n\
                 user oid 4a5b6c7d-1111-2222-3333-444455556666 \"userId\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\"";
        let r = redact_personal(t);
        for kept in [
            "0b0c3e5a-1111-2222-3333-444455556666",
            "7d1e2f3a-aaaa-bbbb-cccc-ddddeeeeffff",
            "2026-11-30 02:00:05Z",
            "5c2d6b3e-1234-4cde-9abc-0123456789ab",
            "11112222-3333-4444-5555-666677778888",
            "2026-11-30T02:00:05",
            "9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a1",
            "a1b2c3d4-e5f6-4711-8899-aabbccddeef0",
        ] {
            assert!(r.contains(kept), "{kept} not in {r}");
        }
        for gone in [
            "4a5b6c7d-1111-2222-3333-444455556666",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ] {
            assert!(!r.contains(gone), "{gone} in {r}");
        }
        assert_eq!(redact_personal(&r), r);
    }

    #[test]
    fn is_linear_on_repeated_openings() {
        for unit in ["a@", "1.1.1.", "::", "\"displayName\":\""] {
            let t = unit.repeat(50_000);
            let start = std::time::Instant::now();
            let r = redact_personal(&t);
            assert_eq!(redact_personal(&r), r);
            assert!(start.elapsed().as_secs() < 5, "{unit}");
        }
    }
}

#[test]
fn a_key_path_naming_a_setting_is_not_a_secret_value() {
    // Audit findings point at `….runtimeConfiguration.secureData` of an action that may be
    // named like a secret (`Get_secret`): the path stays readable in every report.
    for t in [
        r#"      "path": "$.properties.definition.actions['Get_secret'].runtimeConfiguration.secureData","#,
        "At: Get_secret ($.definition.actions['Get_secret'].runtimeConfiguration.secureData)",
        "client secret runtimeConfiguration.secureData.properties",
    ] {
        assert_eq!(redact(t), t);
    }
    // A secret value after the same words still goes, dots or not.
    for (t, secret) in [
        (
            "Get_secret'].Xk3.abcDEF123ghiJKL456mnoPQR",
            "abcDEF123ghiJKL456",
        ),
        (
            "client secret: 8Q~kZ.abcdefghijklmnopqrstuvwxyzAB",
            "abcdefghijklmnopqrstuvwxyz",
        ),
        ("secret value .AbcDefGhiJkl.MnoPqr7StuVwx", "MnoPqr7StuVwx"),
    ] {
        let r = redact(t);
        assert!(!r.contains(secret), "{t} → {r}");
    }
}
