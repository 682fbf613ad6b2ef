//! Token inspector: decoding, malformed input, header shape, claims and every non-signature check.
//!
//! Tokens are built here from JSON claims (see `jwt`), signed with a dummy 256-byte signature
//! unless a test needs otherwise. "Now" is 2024-12-07T12:09:18Z (`NOW`).
#![allow(clippy::unwrap_used)]

use authlens_core::token::{inspect, render_text, CheckStatus, TokenContext, TokenReport};
use authlens_core::{Span, Timestamp};
use base64::Engine;
use serde_json::{json, Value};

const NOW: i64 = 1_733_573_358;
const TID: &str = "11111111-2222-3333-4444-555555555555";

fn b64(v: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v)
}

/// `header.payload.signature` with a plausible (fake) RS256 signature of 256 bytes.
fn jwt_with(header: Value, payload: Value) -> String {
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes()),
        b64(&[7u8; 256])
    )
}

fn rs256() -> Value {
    json!({"typ": "JWT", "alg": "RS256", "kid": "k1"})
}

/// A delegated v1 Graph token for alice, valid 1 h around NOW (issued 10 min ago).
fn graph_user() -> Value {
    json!({
        "aud": "https://graph.microsoft.com",
        "iss": format!("https://sts.windows.net/{TID}/"),
        "tid": TID,
        "oid": "aaaaaaaa-0000-0000-0000-000000000001",
        "upn": "alice@contoso.onmicrosoft.com",
        "appid": "bbbbbbbb-0000-0000-0000-000000000002",
        "app_displayname": "Flow Helper",
        "scp": "User.Read Mail.Send",
        "amr": ["pwd", "mfa"],
        "ver": "1.0",
        "iat": NOW - 600, "nbf": NOW - 600, "exp": NOW + 3000,
        "xms_tcdt": 1_500_000_000,
        "custom_thing": 42
    })
}

/// An app-only v2 Graph token with User.Read.All.
fn graph_app() -> Value {
    json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"),
        "tid": TID,
        "oid": "cccccccc-0000-0000-0000-000000000003",
        "azp": "bbbbbbbb-0000-0000-0000-000000000002",
        "idtyp": "app",
        "roles": ["User.Read.All"],
        "ver": "2.0",
        "iat": NOW - 600, "nbf": NOW - 600, "exp": NOW + 3000
    })
}

fn with(mut base: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base
}

fn ctx() -> TokenContext {
    TokenContext::new(Some(Timestamp(NOW)))
}

fn ctx_url(url: &str) -> TokenContext {
    let mut c = ctx();
    c.url = Some(url.to_string());
    c
}

fn status(r: &TokenReport, id: &str) -> CheckStatus {
    r.check(id)
        .unwrap_or_else(|| panic!("no check {id} in {:#?}", r.checks))
        .status
}

fn msg<'a>(r: &'a TokenReport, id: &str) -> &'a str {
    &r.check(id).unwrap().message
}

fn span_text<'a>(input: &'a str, r: &TokenReport, id: &str) -> &'a str {
    r.check(id).unwrap().span.unwrap().slice(input)
}

use CheckStatus::{Fail, Pass, Unknown, Warn};

// ---------------------------------------------------------------- decoding

#[test]
fn decodes_a_well_formed_token_and_explains_claims() {
    let t = jwt_with(rs256(), graph_user());
    let r = inspect(&t, &ctx());
    assert_eq!(r.kind, "jwt");
    assert_eq!(status(&r, "structure"), Pass);
    assert!(!r.verified);
    assert_eq!(status(&r, "signature"), Unknown);
    assert!(msg(&r, "signature").contains("Decoded, not verified"));
    assert_eq!(r.header.as_ref().unwrap()["kid"], "k1");
    assert_eq!(
        r.payload.as_ref().unwrap()["upn"],
        "alice@contoso.onmicrosoft.com"
    );
    // Redacted: signature removed.
    let (h, p, _) = {
        let mut it = t.split('.');
        (it.next().unwrap(), it.next().unwrap(), it.next())
    };
    assert_eq!(r.redacted, format!("{h}.{p}."));
    assert_eq!(r.token_span, Some(Span::new(0, t.len())));

    let claim = |n: &str| r.claims.iter().find(|c| c.name == n).unwrap();
    assert_eq!(
        claim("exp").display,
        format!("{} (expires in 50 min)", Timestamp(NOW + 3000).to_rfc3339())
    );
    assert!(claim("iat").display.ends_with("(10 min ago)"));
    assert!(claim("aud").display.contains("Microsoft Graph"));
    assert!(claim("scp").explanation.contains("DELEGATED"));
    assert!(claim("xms_tcdt").explanation.contains("Tenant creation"));
    assert_eq!(claim("custom_thing").display, "42");
    assert_eq!(claim("custom_thing").explanation, "");

    let f = r.facts.as_ref().unwrap();
    assert_eq!(f.aud, vec!["https://graph.microsoft.com"]);
    assert_eq!(f.tid.as_deref(), Some(TID));
    assert_eq!(f.scp, vec!["User.Read", "Mail.Send"]);
    assert_eq!(f.upn.as_deref(), Some("alice@contoso.onmicrosoft.com"));
    assert_eq!(
        f.appid.as_deref(),
        Some("bbbbbbbb-0000-0000-0000-000000000002")
    );
    assert_eq!(f.issuer_version.as_deref(), Some("v1"));
    assert_eq!(f.exp, Some(Timestamp(NOW + 3000)));
    assert!(!f.is_app_only);
    assert!(!f.personal_account);
    assert_eq!(f.amr, vec!["pwd", "mfa"]);
}

#[test]
fn facts_for_app_only_v2_tokens() {
    let r = inspect(&jwt_with(rs256(), graph_app()), &ctx());
    let f = r.facts.unwrap();
    assert!(f.is_app_only);
    assert_eq!(f.issuer_version.as_deref(), Some("v2"));
    assert_eq!(
        f.appid.as_deref(),
        Some("bbbbbbbb-0000-0000-0000-000000000002")
    );
    assert_eq!(f.roles, vec!["User.Read.All"]);
    // App-only also without idtyp: roles and no scp.
    let r = inspect(
        &jwt_with(rs256(), with(graph_app(), json!({"idtyp": null}))),
        &ctx(),
    );
    assert!(r.facts.unwrap().is_app_only);
}

#[test]
fn tolerates_padding_and_the_standard_alphabet() {
    let t = jwt_with(rs256(), graph_user());
    let mut parts: Vec<String> = t.split('.').map(str::to_string).collect();
    parts[1] = parts[1].replace('-', "+").replace('_', "/");
    while !parts[1].len().is_multiple_of(4) {
        parts[1].push('=');
    }
    let r = inspect(&parts.join("."), &ctx());
    assert_eq!(r.kind, "jwt");
    assert_eq!(status(&r, "structure"), Pass);
}

#[test]
fn bad_base64_names_segment_and_character() {
    let t = jwt_with(rs256(), graph_user());
    let dot = t.find('.').unwrap();
    let mut bytes = t.clone().into_bytes();
    bytes[dot + 17] = b'%';
    let bad = String::from_utf8(bytes).unwrap();
    let r = inspect(&bad, &ctx());
    assert_eq!(r.kind, "malformed");
    assert_eq!(status(&r, "structure"), Fail);
    let m = r.message.as_deref().unwrap();
    assert!(
        m.contains("The second segment (payload) is not valid base64url at character 17 (`%`)"),
        "{m}"
    );
    assert_eq!(span_text(&bad, &r, "structure"), "%");
}

#[test]
fn bad_json_and_non_text_are_reported() {
    let bad_json = format!(
        "{}.{}.{}",
        b64(b"{\"alg\":\"RS256\""),
        b64(b"{}"),
        b64(&[1; 256])
    );
    let r = inspect(&bad_json, &ctx());
    assert_eq!(status(&r, "structure"), Fail);
    let m = r.message.unwrap();
    assert!(
        m.contains("The first segment (header) decodes, but not to valid JSON"),
        "{m}"
    );
    assert!(m.contains("stops early"), "{m}");

    let binary = format!(
        "{}.{}.{}",
        b64(b"{\"alg\":\"RS256\"}"),
        b64(&[0xff, 0xfe, 0x00]),
        "x"
    );
    let r = inspect(&binary, &ctx());
    assert!(r
        .message
        .unwrap()
        .contains("The second segment (payload) decodes to bytes that are not text"));

    let not_object = format!("{}.{}.sig", b64(b"{\"alg\":\"RS256\"}"), b64(b"[1,2]"));
    let r = inspect(&not_object, &ctx());
    assert!(r.message.unwrap().contains("is JSON but not an object"));
}

#[test]
fn impossible_lengths_are_reported() {
    let t = jwt_with(rs256(), graph_user());
    let dot2 = t.rfind('.').unwrap();
    // Drop characters from the payload until its length is 4n+1.
    let mut payload = t[t.find('.').unwrap() + 1..dot2].to_string();
    while payload.len() % 4 != 1 {
        payload.pop();
    }
    let bad = format!(
        "{}.{}.{}",
        &t[..t.find('.').unwrap()],
        payload,
        &t[dot2 + 1..]
    );
    let r = inspect(&bad, &ctx());
    assert!(r.message.unwrap().contains("impossible base64 length"));
}

#[test]
fn wrong_segment_counts_and_jwe() {
    let t = jwt_with(rs256(), graph_user());
    let (h, rest) = t.split_once('.').unwrap();

    let r = inspect(h, &ctx());
    assert_eq!(status(&r, "structure"), Fail);
    assert!(r.message.unwrap().contains("has no dots"));

    let four = format!("{t}.abc");
    let r = inspect(&four, &ctx());
    assert!(r.message.unwrap().contains("4 segments"));

    let jwe_header = b64(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
    let jwe = format!("{jwe_header}.a2V5.aXY.Y2lwaGVy.dGFn");
    let r = inspect(&jwe, &ctx());
    assert_eq!(r.kind, "jwe");
    assert!(r.message.unwrap().contains("This is a JWE (5 segments)"));
    assert_eq!(r.header.unwrap()["enc"], "A256GCM");
    assert!(r.payload.is_none());

    // Two segments: signature missing.
    let payload = rest.split('.').next().unwrap();
    let two = format!("{h}.{payload}");
    let r = inspect(&two, &ctx());
    assert_eq!(r.kind, "jwt");
    assert_eq!(status(&r, "header.truncated"), Fail);
    assert!(msg(&r, "header.truncated").contains("only two segments"));
}

#[test]
fn truncated_signatures_and_ellipses() {
    let t = jwt_with(rs256(), graph_user());
    let r = inspect(&t, &ctx());
    assert_eq!(status(&r, "header.truncated"), Pass);

    let empty_sig = format!("{}.", &t[..t.rfind('.').unwrap()]);
    let r = inspect(&empty_sig, &ctx());
    assert_eq!(status(&r, "header.truncated"), Fail);
    assert!(msg(&r, "header.truncated").contains("signature segment is empty"));

    let short = &t[..t.rfind('.').unwrap() + 40];
    let r = inspect(short, &ctx());
    assert_eq!(status(&r, "header.truncated"), Fail);
    assert!(
        msg(&r, "header.truncated").contains("too short for RS256"),
        "{:?}",
        r.checks
    );

    let cut = format!("Bearer {}...{}", &t[..60], &t[t.len() - 10..]);
    let r = inspect(&cut, &ctx());
    assert_eq!(status(&r, "header.truncated"), Fail);
    assert_eq!(span_text(&cut, &r, "header.truncated"), "...");

    let cut2 = format!("{}…", &t[..t.rfind('.').unwrap() + 20]);
    let r = inspect(&cut2, &ctx());
    assert_eq!(span_text(&cut2, &r, "header.truncated"), "…");
    assert_eq!(r.kind, "jwt");
}

#[test]
fn empty_inputs() {
    for input in ["", "   \n\t"] {
        let r = inspect(input, &ctx());
        assert_eq!(r.kind, "empty");
        assert_eq!(status(&r, "structure"), Fail);
    }
    let r = inspect("Bearer ", &ctx());
    assert_eq!(r.kind, "empty");
    assert!(msg(&r, "structure").contains("no token after `Bearer`"));
    let r = inspect("Authorization: Bearer", &ctx());
    assert_eq!(r.kind, "empty");
}

// ---------------------------------------------------------------- non-JWT tokens

#[test]
fn non_jwt_tokens_are_named() {
    let msa = format!("EwBwA8l6BAAU{}!AQ==", "a".repeat(300));
    let r = inspect(&format!("Bearer {msa}"), &ctx());
    assert_eq!(r.kind, "msa-compact");
    assert!(r
        .message
        .as_deref()
        .unwrap()
        .contains("CompactToken parsing failed"));

    let r = inspect("abc8Q~abcdefghijklmnopqrstuvwxyz0123456", &ctx());
    assert_eq!(r.kind, "client-secret");
    assert_eq!(status(&r, "structure"), Fail);

    let r = inspect("0123456789abcdef0123456789abcdef", &ctx());
    assert_eq!(r.kind, "api-key");

    let r = inspect(&format!("0.AXoA{}", "b".repeat(200)), &ctx());
    assert_eq!(r.kind, "refresh-token");

    let r = inspect("Bearer someopaquevalue123", &ctx());
    assert_eq!(r.kind, "opaque");
    assert!(r.message.unwrap().contains("not a JWT"));
}

#[test]
fn sas_tokens_show_expiry_and_hide_the_signature() {
    let sas = "sv=2022-11-02&ss=b&srt=o&sp=r&se=2024-12-07T10:00:00Z&sig=SECRETSIG%3D";
    let r = inspect(sas, &ctx());
    assert_eq!(r.kind, "sas");
    assert_eq!(status(&r, "time.expired"), Fail);
    assert!(!r.redacted.contains("SECRETSIG"));
    assert!(r.claims.iter().any(|c| c.name == "sp" && c.display == "r"));

    let sb = format!(
        "SharedAccessSignature sr=https%3A%2F%2Fns.servicebus.windows.net%2Fq&sig=abc%3D&se={}&skn=send",
        NOW + 3600
    );
    let r = inspect(&sb, &ctx());
    assert_eq!(r.kind, "sas");
    assert_eq!(status(&r, "time.expired"), Pass);
    assert_eq!(r.scheme.unwrap().name, "SharedAccessSignature");
}

#[test]
fn basic_shows_user_and_password_length_only() {
    let input = format!("Authorization: Basic {}", b64(b"svc-user:hunter2secret"));
    let r = inspect(&input, &ctx());
    assert_eq!(r.kind, "basic");
    let s = r.scheme.as_ref().unwrap();
    assert_eq!(s.basic_user.as_deref(), Some("svc-user"));
    assert_eq!(s.basic_password_len, Some(13));
    assert_eq!(status(&r, "structure"), Pass);
    let everything = format!(
        "{r:?}{}{}",
        serde_json::to_string(&r).unwrap(),
        render_text(&r)
    );
    assert!(!everything.contains("hunter2"), "password leaked");
    assert!(r.redacted.starts_with("Basic svc-user:*"));

    let r = inspect("Basic !!notbase64", &ctx());
    assert_eq!(status(&r, "structure"), Fail);
    let r = inspect(&format!("Basic {}", b64(b"nocolon")), &ctx());
    assert!(msg(&r, "structure").contains("no `:`"));
}

#[test]
fn other_schemes_are_named() {
    let r = inspect("SharedKey myaccount:abc123signature=", &ctx());
    assert_eq!(r.kind, "other-scheme");
    assert_eq!(r.scheme.unwrap().name, "SharedKey");
    assert_eq!(
        status(&inspect("NTLM TlRMTVNTUAABAAAA", &ctx()), "header.scheme"),
        Warn
    );
}

// ---------------------------------------------------------------- header shape

#[test]
fn header_forms_are_unwrapped() {
    let t = jwt_with(rs256(), graph_user());
    for input in [
        format!("Authorization: Bearer {t}"),
        format!("\"Authorization\": \"Bearer {t}\","),
        format!("-H 'Authorization: Bearer {t}'"),
        format!("Bearer {t}"),
    ] {
        let r = inspect(&input, &ctx());
        assert_eq!(r.kind, "jwt", "{input}");
        assert_eq!(status(&r, "header.scheme"), Pass, "{input}");
        assert!(
            r.check("header.quoted").is_none(),
            "{input}: {:?}",
            r.checks
        );
        assert_eq!(r.token_span.unwrap().slice(&input), t, "{input}");
    }
}

#[test]
fn quotes_are_flagged() {
    let t = jwt_with(rs256(), graph_user());
    let input = format!("Authorization: \"Bearer {t}\"");
    let r = inspect(&input, &ctx());
    assert_eq!(status(&r, "header.quoted"), Fail);
    assert_eq!(span_text(&input, &r, "header.quoted"), "\"");
    assert_eq!(r.kind, "jwt");

    let bare = format!("\"Bearer {t}\"");
    assert_eq!(status(&inspect(&bare, &ctx()), "header.quoted"), Warn);

    let inner = format!("Bearer \"{t}\"");
    let r = inspect(&inner, &ctx());
    assert_eq!(status(&r, "header.quoted"), Fail);
    assert_eq!(r.check("header.quoted").unwrap().span.unwrap().start, 7);

    let json_inner = format!("\"Authorization\": \"\\\"Bearer {t}\\\"\"");
    let r = inspect(&json_inner, &ctx());
    assert_eq!(status(&r, "header.quoted"), Fail);
    assert_eq!(r.kind, "jwt");
}

#[test]
fn json_escapes_are_flagged_and_decoded() {
    let t = jwt_with(rs256(), graph_user());
    let escaped = format!("Bearer {}", t.replacen('.', "\\u002e", 1));
    let r = inspect(&escaped, &ctx());
    assert_eq!(status(&r, "header.json-escaped"), Fail);
    assert_eq!(span_text(&escaped, &r, "header.json-escaped"), "\\u002e");
    assert_eq!(r.kind, "jwt");
    assert_eq!(status(&r, "structure"), Pass);

    let slash = format!("{}\\/", &t[..t.len() - 1]);
    let r = inspect(&slash, &ctx());
    assert_eq!(span_text(&slash, &r, "header.json-escaped"), "\\/");

    assert!(inspect(&t, &ctx()).check("header.json-escaped").is_none());
}

#[test]
fn unevaluated_expressions_are_flagged() {
    for (input, expr) in [
        (
            "Bearer @{body('Get_token')?['access_token']}",
            "@{body('Get_token')?['access_token']}",
        ),
        (
            "Authorization: Bearer @{variables('token')}",
            "@{variables('token')}",
        ),
        (
            "@body('HTTP')?['access_token']",
            "@body('HTTP')?['access_token']",
        ),
        ("Bearer {{token}}", "{{token}}"),
    ] {
        let r = inspect(input, &ctx());
        assert_eq!(r.kind, "expression", "{input}");
        assert_eq!(status(&r, "header.expression"), Fail);
        assert_eq!(span_text(input, &r, "header.expression"), expr, "{input}");
    }
    let t = jwt_with(rs256(), graph_user());
    assert!(inspect(&t, &ctx()).check("header.expression").is_none());
}

#[test]
fn scheme_problems() {
    let t = jwt_with(rs256(), graph_user());
    let lower = format!("bearer {t}");
    let r = inspect(&lower, &ctx());
    assert_eq!(status(&r, "header.scheme"), Warn);
    assert_eq!(span_text(&lower, &r, "header.scheme"), "bearer");

    let doubled = format!("Bearer Bearer {t}");
    let r = inspect(&doubled, &ctx());
    assert_eq!(status(&r, "header.scheme"), Fail);
    assert_eq!(
        r.check("header.scheme").unwrap().span,
        Some(Span::new(7, 13))
    );
    assert_eq!(r.kind, "jwt");

    let missing = format!("Authorization: {t}");
    let r = inspect(&missing, &ctx());
    assert_eq!(status(&r, "header.scheme"), Fail);
    assert!(msg(&r, "header.scheme").contains("no scheme"));

    // A bare token is not a header: no scheme verdict.
    assert!(inspect(&t, &ctx()).check("header.scheme").is_none());
}

#[test]
fn whitespace_problems() {
    let t = jwt_with(rs256(), graph_user());
    let double = format!("Bearer  {t}");
    let r = inspect(&double, &ctx());
    assert_eq!(status(&r, "header.whitespace"), Warn);
    assert_eq!(span_text(&double, &r, "header.whitespace"), "  ");

    let trailing = format!("Bearer {t}\n");
    let r = inspect(&trailing, &ctx());
    assert_eq!(status(&r, "header.whitespace"), Warn);
    assert!(msg(&r, "header.whitespace").contains("line break"));
    assert_eq!(span_text(&trailing, &r, "header.whitespace"), "\n");

    let wrapped = format!("{}\n{}", &t[..50], &t[50..]);
    let r = inspect(&wrapped, &ctx());
    assert_eq!(status(&r, "header.whitespace"), Warn);
    assert_eq!(span_text(&wrapped, &r, "header.whitespace"), "\n");
    assert_eq!(status(&r, "structure"), Pass);

    assert!(inspect(&format!("Bearer {t}"), &ctx())
        .check("header.whitespace")
        .is_none());
}

// ---------------------------------------------------------------- time

#[test]
fn expiry_against_now() {
    let ok = inspect(&jwt_with(rs256(), graph_user()), &ctx());
    assert_eq!(status(&ok, "time.expired"), Pass);
    assert!(msg(&ok, "time.expired").contains("valid for another 50 min"));
    assert!(msg(&ok, "time.expired").contains("tolerance 5 min"));

    let p = with(
        graph_user(),
        json!({"iat": NOW - 14400, "nbf": NOW - 14400, "exp": NOW - 10800}),
    );
    let r = inspect(&jwt_with(rs256(), p), &ctx());
    assert_eq!(status(&r, "time.expired"), Fail);
    assert!(msg(&r, "time.expired").contains("expired 3 h ago"));
    let exp = r.claims.iter().find(|c| c.name == "exp").unwrap();
    assert!(
        exp.display.ends_with("(expired 3 h ago)"),
        "{}",
        exp.display
    );

    let p = with(graph_user(), json!({"exp": NOW - 60}));
    assert_eq!(
        status(
            &inspect(&jwt_with(rs256(), p.clone()), &ctx()),
            "time.expired"
        ),
        Warn
    );
    let mut strict = ctx();
    strict.skew_seconds = 30;
    assert_eq!(
        status(&inspect(&jwt_with(rs256(), p), &strict), "time.expired"),
        Fail
    );

    let r = inspect(&jwt_with(rs256(), graph_user()), &TokenContext::default());
    assert_eq!(status(&r, "time.expired"), Unknown);
    let r = inspect(
        &jwt_with(rs256(), with(graph_user(), json!({"exp": null}))),
        &ctx(),
    );
    assert_eq!(status(&r, "time.expired"), Warn);
}

#[test]
fn not_before_and_issued_in_future() {
    let p = with(
        graph_user(),
        json!({"nbf": NOW + 3600, "iat": NOW + 3600, "exp": NOW + 7200}),
    );
    let r = inspect(&jwt_with(rs256(), p), &ctx());
    assert_eq!(status(&r, "time.not-yet-valid"), Fail);
    assert_eq!(status(&r, "time.issued-in-future"), Fail);
    assert!(msg(&r, "time.issued-in-future").contains("60 min in the future"));

    let r = inspect(&jwt_with(rs256(), graph_user()), &ctx());
    assert_eq!(status(&r, "time.not-yet-valid"), Pass);
    assert_eq!(status(&r, "time.issued-in-future"), Pass);
}

#[test]
fn validity_at_the_time_of_the_run() {
    let mut c = ctx();
    c.run_time = Some(Timestamp(NOW + 3000 + 40 * 60));
    let r = inspect(&jwt_with(rs256(), graph_user()), &c);
    assert_eq!(status(&r, "time.at-run"), Fail);
    assert!(msg(&r, "time.at-run")
        .starts_with("This token had been expired for 40 min when the request was made"));

    c.run_time = Some(Timestamp(NOW));
    assert_eq!(
        status(
            &inspect(&jwt_with(rs256(), graph_user()), &c),
            "time.at-run"
        ),
        Pass
    );

    c.run_time = Some(Timestamp(NOW - 3600));
    assert_eq!(
        status(
            &inspect(&jwt_with(rs256(), graph_user()), &c),
            "time.at-run"
        ),
        Fail
    );

    assert_eq!(
        status(
            &inspect(&jwt_with(rs256(), graph_user()), &ctx()),
            "time.at-run"
        ),
        Unknown
    );
}

#[test]
fn lifetime_verdicts() {
    let life = |secs: i64| {
        let p = with(
            graph_user(),
            json!({"iat": NOW - 10, "nbf": NOW - 10, "exp": NOW - 10 + secs}),
        );
        inspect(&jwt_with(rs256(), p), &ctx())
    };
    let r = life(3600);
    assert_eq!(status(&r, "lifetime"), Pass);
    assert!(msg(&r, "lifetime").contains("fetch it fresh each run"));
    assert_eq!(status(&life(120), "lifetime"), Warn);
    assert_eq!(status(&life(30 * 86_400), "lifetime"), Warn);
    assert_eq!(status(&life(-5), "lifetime"), Fail);
    let r = inspect(
        &jwt_with(
            rs256(),
            with(graph_user(), json!({"iat": null, "nbf": null})),
        ),
        &ctx(),
    );
    assert_eq!(status(&r, "lifetime"), Unknown);
}

// ---------------------------------------------------------------- audience

#[test]
fn audience_against_url() {
    let graph = jwt_with(rs256(), graph_user());
    let r = inspect(&graph, &ctx_url("https://graph.microsoft.com/v1.0/me"));
    assert_eq!(status(&r, "audience"), Pass);

    let r = inspect(
        &graph,
        &ctx_url("https://contoso.sharepoint.com/sites/x/_api/web"),
    );
    assert_eq!(status(&r, "audience"), Fail);
    let m = msg(&r, "audience");
    assert!(
        m.contains("Microsoft Graph token") && m.contains("SharePoint Online"),
        "{m}"
    );
    assert!(
        m.contains("resource `https://contoso.sharepoint.com`"),
        "{m}"
    );

    // v2 token: the advice uses the scope form.
    let r = inspect(
        &jwt_with(rs256(), graph_app()),
        &ctx_url("https://management.azure.com/subscriptions/x"),
    );
    assert_eq!(status(&r, "audience"), Fail);
    assert!(msg(&r, "audience").contains("scope `https://management.azure.com/.default`"));

    // SharePoint by GUID is fine for any tenant host; by host must match the tenant.
    let spo_guid = with(
        graph_user(),
        json!({"aud": "00000003-0000-0ff1-ce00-000000000000"}),
    );
    let r = inspect(
        &jwt_with(rs256(), spo_guid),
        &ctx_url("https://contoso.sharepoint.com/_api/web"),
    );
    assert_eq!(status(&r, "audience"), Pass);
    let spo_other = with(
        graph_user(),
        json!({"aud": "https://fabrikam.sharepoint.com"}),
    );
    let r = inspect(
        &jwt_with(rs256(), spo_other.clone()),
        &ctx_url("https://contoso.sharepoint.com/_api/web"),
    );
    assert_eq!(status(&r, "audience"), Fail);
    let r = inspect(
        &jwt_with(rs256(), spo_other),
        &ctx_url("https://fabrikam-my.sharepoint.com/_api/web"),
    );
    assert_eq!(status(&r, "audience"), Pass);

    let dv = with(
        graph_user(),
        json!({"aud": "https://org1.crm.dynamics.com"}),
    );
    let r = inspect(
        &jwt_with(rs256(), dv.clone()),
        &ctx_url("https://org2.api.crm.dynamics.com/api/data/v9.2/accounts"),
    );
    assert_eq!(status(&r, "audience"), Fail);
    let r = inspect(
        &jwt_with(rs256(), dv),
        &ctx_url("https://org1.crm.dynamics.com/api/data/v9.2/accounts"),
    );
    assert_eq!(status(&r, "audience"), Pass);

    let arm = with(
        graph_user(),
        json!({"aud": "https://management.core.windows.net/"}),
    );
    let r = inspect(
        &jwt_with(rs256(), arm.clone()),
        &ctx_url("https://graph.microsoft.com/v1.0/me"),
    );
    assert_eq!(status(&r, "audience"), Fail);
    let r = inspect(
        &jwt_with(rs256(), arm),
        &ctx_url("https://management.azure.com/subscriptions"),
    );
    assert_eq!(status(&r, "audience"), Pass);

    let kv = with(graph_user(), json!({"aud": "https://vault.azure.net"}));
    let r = inspect(
        &jwt_with(rs256(), kv),
        &ctx_url("https://myvault.vault.azure.net/secrets/x"),
    );
    assert_eq!(status(&r, "audience"), Pass);

    // Custom API audience: cannot be judged; sent to Graph: wrong.
    let custom = with(graph_user(), json!({"aud": "api://my-api"}));
    let r = inspect(
        &jwt_with(rs256(), custom.clone()),
        &ctx_url("https://myapi.azurewebsites.net/x"),
    );
    assert_eq!(status(&r, "audience"), Unknown);
    let r = inspect(
        &jwt_with(rs256(), custom),
        &ctx_url("https://graph.microsoft.com/v1.0/me"),
    );
    assert_eq!(status(&r, "audience"), Fail);

    let r = inspect(&graph, &ctx_url("https://myapi.azurewebsites.net/x"));
    assert_eq!(status(&r, "audience"), Warn);

    let r = inspect(&graph, &ctx());
    assert_eq!(status(&r, "audience"), Unknown);
    assert!(msg(&r, "audience").contains("Microsoft Graph"));

    let dflt = with(
        graph_user(),
        json!({"aud": "https://graph.microsoft.com/.default"}),
    );
    assert_eq!(
        status(&inspect(&jwt_with(rs256(), dflt), &ctx()), "audience"),
        Fail
    );
}

// ---------------------------------------------------------------- permissions

#[test]
fn delegated_permissions() {
    let t = jwt_with(rs256(), graph_user());
    let r = inspect(
        &t,
        &ctx_url("POST https://graph.microsoft.com/v1.0/me/sendMail"),
    );
    assert_eq!(status(&r, "permissions"), Pass);
    assert!(msg(&r, "permissions").contains("Mail.Send"));

    let r = inspect(&t, &ctx_url("https://graph.microsoft.com/v1.0/groups"));
    assert_eq!(status(&r, "permissions"), Fail);
    let m = msg(&r, "permissions");
    assert!(
        m.contains("Group.Read.All") && m.contains("User.Read, Mail.Send"),
        "{m}"
    );

    let mut c = ctx_url("https://graph.microsoft.com/v1.0/users/x/messages");
    c.method = Some("GET".into());
    assert_eq!(status(&inspect(&t, &c), "permissions"), Fail);

    let r = inspect(
        &t,
        &ctx_url("https://graph.microsoft.com/v1.0/somethingNew"),
    );
    assert_eq!(status(&r, "permissions"), Unknown);
    assert_eq!(status(&inspect(&t, &ctx()), "permissions"), Unknown);
}

#[test]
fn application_permissions() {
    let t = jwt_with(rs256(), graph_app());
    let r = inspect(&t, &ctx_url("https://graph.microsoft.com/v1.0/users"));
    assert_eq!(status(&r, "permissions"), Pass);

    let r = inspect(&t, &ctx_url("https://graph.microsoft.com/v1.0/me"));
    assert_eq!(status(&r, "permissions"), Fail);
    assert!(msg(&r, "permissions").contains("app-only"));

    let r = inspect(
        &t,
        &ctx_url("POST https://graph.microsoft.com/v1.0/users/x/sendMail"),
    );
    assert_eq!(status(&r, "permissions"), Fail);
    assert!(msg(&r, "permissions").contains("Mail.Send"));

    let none = with(graph_app(), json!({"roles": null}));
    let r = inspect(
        &jwt_with(rs256(), none),
        &ctx_url("https://graph.microsoft.com/v1.0/users"),
    );
    assert_eq!(status(&r, "permissions"), Fail);
    assert!(msg(&r, "permissions").contains("admin consent"));

    // Dataverse app-only: access comes from the application user, not roles.
    let dv = with(
        graph_app(),
        json!({"aud": "https://org1.crm.dynamics.com", "roles": ["x"]}),
    );
    let r = inspect(
        &jwt_with(rs256(), dv),
        &ctx_url("https://org1.crm.dynamics.com/api/data/v9.2/accounts"),
    );
    assert_eq!(status(&r, "permissions"), Unknown);
    assert!(msg(&r, "permissions").contains("application user"));

    // Audience wrong: permissions not judged.
    let r = inspect(&t, &ctx_url("https://contoso.sharepoint.com/_api/web"));
    assert_eq!(status(&r, "permissions"), Unknown);
}

// ---------------------------------------------------------------- tenant, identity, MFA

#[test]
fn tenant_checks() {
    let t = jwt_with(rs256(), graph_user());
    let r = inspect(
        &t,
        &ctx_url(&format!(
            "https://login.microsoftonline.com/{TID}/oauth2/v2.0/token"
        )),
    );
    assert_eq!(status(&r, "tenant"), Pass);
    let other = "99999999-2222-3333-4444-555555555555";
    let r = inspect(
        &t,
        &ctx_url(&format!(
            "https://login.microsoftonline.com/{other}/oauth2/token"
        )),
    );
    assert_eq!(status(&r, "tenant"), Fail);
    assert!(msg(&r, "tenant").contains(other));
    let r = inspect(
        &t,
        &ctx_url(&format!(
            "https://management.azure.com/subscriptions/{other}/resourceGroups"
        )),
    );
    assert_eq!(status(&r, "tenant"), Unknown);
    let r = inspect(
        &t,
        &ctx_url("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token"),
    );
    assert_eq!(status(&r, "tenant"), Pass);

    let msa = with(
        graph_user(),
        json!({"tid": "9188040d-6c67-4c5b-b112-36a304b66dad",
               "iss": "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"}),
    );
    let r = inspect(&jwt_with(rs256(), msa), &ctx());
    assert_eq!(status(&r, "tenant"), Warn);
    assert!(r.facts.unwrap().personal_account);

    let mismatch = with(graph_user(), json!({"tid": other}));
    assert_eq!(
        status(&inspect(&jwt_with(rs256(), mismatch), &ctx()), "tenant"),
        Warn
    );
}

#[test]
fn identity_and_mfa() {
    let r = inspect(&jwt_with(rs256(), graph_user()), &ctx());
    assert_eq!(status(&r, "identity"), Pass);
    assert!(msg(&r, "identity").contains("on behalf of alice@contoso.onmicrosoft.com"));
    assert!(msg(&r, "identity").contains("\"Flow Helper\""));
    assert_eq!(status(&r, "mfa"), Pass);

    let r = inspect(&jwt_with(rs256(), graph_app()), &ctx());
    assert!(msg(&r, "identity").starts_with("App-only token"));
    assert_eq!(status(&r, "mfa"), Unknown);

    let pwd = with(graph_user(), json!({"amr": ["pwd"]}));
    let r = inspect(&jwt_with(rs256(), pwd), &ctx());
    assert_eq!(status(&r, "mfa"), Warn);

    let id_token = json!({
        "aud": "bbbbbbbb-0000-0000-0000-000000000002",
        "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"),
        "tid": TID, "nonce": "n-0S6", "sub": "s", "oid": "o",
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3000, "ver": "2.0"
    });
    let r = inspect(&jwt_with(rs256(), id_token), &ctx());
    assert_eq!(status(&r, "identity"), Fail);
    assert!(msg(&r, "identity").contains("ID token"));

    let nothing = json!({"aud": "x", "exp": NOW + 60});
    assert_eq!(
        status(&inspect(&jwt_with(rs256(), nothing), &ctx()), "identity"),
        Warn
    );
}

// ---------------------------------------------------------------- alg and signature (no key)

#[test]
fn alg_checks_without_key() {
    let none = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(graph_user().to_string().as_bytes())
    );
    let r = inspect(&none, &ctx());
    assert_eq!(status(&r, "alg"), Fail);
    assert_eq!(status(&r, "signature"), Fail);
    assert!(r.check("header.truncated").is_none());

    let hs = jwt_with(json!({"alg": "HS256"}), graph_user());
    let r = inspect(&hs, &ctx());
    assert_eq!(status(&r, "alg"), Fail);
    assert!(msg(&r, "alg").contains("not issued by Entra ID"));

    let hs_custom = jwt_with(
        json!({"alg": "HS256"}),
        json!({"iss": "https://example.org", "aud": "x"}),
    );
    assert_eq!(status(&inspect(&hs_custom, &ctx()), "alg"), Pass);

    let r = inspect(&jwt_with(rs256(), graph_user()), &ctx());
    assert_eq!(status(&r, "alg"), Pass);
    let r = inspect(&jwt_with(json!({"typ": "JWT"}), graph_user()), &ctx());
    assert_eq!(status(&r, "alg"), Fail);
    let r = inspect(&jwt_with(json!({"alg": "XY999"}), graph_user()), &ctx());
    assert_eq!(status(&r, "alg"), Warn);
}

#[test]
fn graph_nonce_tokens_are_not_verifiable_by_design() {
    let h = json!({"typ": "JWT", "nonce": "abc", "alg": "RS256", "kid": "k1"});
    let r = inspect(&jwt_with(h, graph_user()), &ctx());
    assert_eq!(status(&r, "signature"), Unknown);
    assert!(msg(&r, "signature").contains("Not verifiable by design"));
    assert!(msg(&r, "signature").contains("does not mean the token was tampered"));
}

// ---------------------------------------------------------------- rendering and robustness

#[test]
fn render_text_is_deterministic_and_complete() {
    let t = jwt_with(rs256(), graph_user());
    let r = inspect(
        &format!("Authorization: Bearer {t}"),
        &ctx_url("https://graph.microsoft.com/v1.0/me"),
    );
    let a = render_text(&r);
    let b = render_text(&inspect(
        &format!("Authorization: Bearer {t}"),
        &ctx_url("https://graph.microsoft.com/v1.0/me"),
    ));
    assert_eq!(a, b);
    assert!(a.contains("decoded, not verified"));
    let checks_at = a.find("Checks:").unwrap();
    let claims_at = a.find("Claims:").unwrap();
    assert!(checks_at < claims_at);
    assert!(a.contains("[PASS   ] audience"));
    assert!(
        !a.contains(t.rsplit('.').next().unwrap()),
        "signature must not be rendered"
    );
}

#[test]
fn serialises_status_lowercase() {
    let r = inspect(&jwt_with(rs256(), graph_user()), &ctx());
    let v: Value = serde_json::to_value(&r).unwrap();
    let statuses: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert!(statuses.contains(&"pass") && statuses.contains(&"unknown"));
    assert_eq!(v["verified"], false);
}

#[test]
fn never_panics_on_odd_input() {
    let t = jwt_with(rs256(), graph_user());
    let header = format!("\"Authorization\": \"Bearer {t}\"");
    let mut inputs: Vec<String> = Vec::new();
    for (i, _) in header.char_indices() {
        inputs.push(header[..i].to_string());
        inputs.push(header[i..].to_string());
    }
    for odd in [
        "eyJ",
        "eyJ.",
        "eyJ..",
        "....",
        "eyJ....",
        "Bearer Bearer",
        "\"",
        "''",
        "\\",
        "\\u",
        "\\u00",
        "@",
        "@{",
        "{{",
        "Basic",
        "Basic =",
        "é",
        "eyJé.é.é",
        "Authorization:",
        "\"Authorization\"",
        "-H",
        "-H '",
        "Bearer …",
        "sig=&sv=",
        "eyJhbGciOiJub25lIn0.e30.",
        "eyJhbGciOiJIUzI1NiJ9.e30.AAAA",
    ] {
        inputs.push(odd.to_string());
    }
    let mut c = ctx_url("https://graph.microsoft.com/v1.0/me");
    c.run_time = Some(Timestamp(NOW));
    c.key = Some("not a key".into());
    for input in &inputs {
        let r = inspect(input, &c);
        assert!(!r.kind.is_empty(), "{input:?}: no kind");
        assert!(!r.checks.is_empty(), "{input:?}: no checks");
        for ch in &r.checks {
            if let Some(sp) = ch.span {
                assert!(
                    sp.start <= sp.end && sp.end <= input.len(),
                    "{input:?}: {ch:?}"
                );
            }
        }
        let _ = render_text(&r);
    }
}
