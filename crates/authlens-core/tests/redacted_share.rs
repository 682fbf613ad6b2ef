//! A share link or copied report holds the paste redacted: a JWT keeps `header.payload.` and its
//! signature becomes `[signature-removed]`. The recipient's analysis must read that marker as
//! "signature not shown", never as a malformed or cut-off token (issue 17, item 1), so both
//! sides see the same most likely cause.
#![allow(clippy::unwrap_used)]

use authlens_core::redact::{redact, SIGNATURE_REMOVED};
use authlens_core::token::{find_tokens, inspect, CheckStatus, TokenContext};
use authlens_core::{diagnose, Options, Timestamp};
use base64::Engine;
use serde_json::json;

/// 2023-11-14T20:00:00Z: the token below is valid then (exp 22:13).
const NOW: Timestamp = Timestamp(1_699_992_000);

fn b64(v: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v)
}

fn token() -> String {
    let h = json!({"typ": "JWT", "alg": "RS256"});
    let p = json!({"aud": "https://graph.microsoft.com", "exp": 1_700_000_000, "iat": 1_699_990_000,
        "tid": "11111111-2222-3333-4444-555555555555", "scp": "User.Read"});
    format!(
        "{}.{}.{}",
        b64(h.to_string().as_bytes()),
        b64(p.to_string().as_bytes()),
        b64(&[9u8; 256])
    )
}

fn pastes() -> Vec<String> {
    let t = token();
    vec![
        format!(
            "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error=\"invalid_token\", \
             error_description=\"The token is expired\"\n\nGET https://graph.microsoft.com/v1.0/me\n\
             Authorization: Bearer {t}\n"
        ),
        format!(
            "{{\"uri\":\"https://graph.microsoft.com/v1.0/me\",\"method\":\"GET\",\"headers\":\
             {{\"Authorization\":\"Bearer {t}\"}}}}\n{{\"statusCode\":403,\"body\":{{\"error\":\
             {{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges to \
             complete the operation.\"}}}}}}"
        ),
    ]
}

#[test]
fn redaction_keeps_the_marker_where_the_signature_was() {
    for p in pastes() {
        let r = redact(&p);
        assert!(r.contains(SIGNATURE_REMOVED), "{r}");
    }
}

#[test]
fn a_redacted_paste_gets_the_same_top_finding_and_no_malformed_reading() {
    for p in pastes() {
        let before = diagnose(&p, &Options::at(NOW));
        let after = diagnose(&redact(&p), &Options::at(NOW));
        let codes =
            |r: &authlens_core::Report| r.findings.iter().map(|f| f.code).collect::<Vec<_>>();
        assert_eq!(
            codes(&after).first(),
            codes(&before).first(),
            "before {:?}, after {:?}",
            codes(&before),
            codes(&after)
        );
        assert!(
            after
                .findings
                .iter()
                .all(|f| f.rule != "authorization-header-malformed"),
            "{:?}",
            codes(&after)
        );
    }
}

#[test]
fn the_found_token_includes_the_marker() {
    let r = redact(&pastes()[0]);
    let found = find_tokens(&r);
    assert_eq!(found.len(), 1);
    assert!(found[0].span.slice(&r).ends_with(SIGNATURE_REMOVED));
}

#[test]
fn the_token_view_says_signature_not_shown_never_truncated() {
    let t = token();
    let (hp, _) = t.rsplit_once('.').unwrap();
    let value = format!("Bearer {hp}.{SIGNATURE_REMOVED}");
    let report = inspect(&value, &TokenContext::new(Some(NOW)));
    assert_eq!(report.kind, "jwt");
    let truncated = report.check("header.truncated").unwrap();
    assert_eq!(
        truncated.status,
        CheckStatus::Unknown,
        "{}",
        truncated.message
    );
    assert!(truncated.message.contains("not shown"));
    let sig = report.check("signature").unwrap();
    assert_eq!(sig.status, CheckStatus::Unknown);
    assert!(sig.message.contains("Not shown"));
    assert!(
        report.checks.iter().all(|c| c.status != CheckStatus::Fail),
        "{:?}",
        report
            .checks
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .map(|c| &c.id)
            .collect::<Vec<_>>()
    );
    // A real cut-off signature is still reported.
    let cut = inspect(&format!("Bearer {hp}."), &TokenContext::new(Some(NOW)));
    assert_eq!(
        cut.check("header.truncated").unwrap().status,
        CheckStatus::Fail
    );
}
