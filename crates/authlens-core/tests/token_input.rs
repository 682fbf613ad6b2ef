//! The Token view's input: tokens inside a token endpoint response, an MSAL cache entry, the
//! Azure CLI's output or a HAR entry are found, the access token inspected, spans point into the
//! whole paste, and the others are listed with their role.
#![allow(clippy::unwrap_used)]

use authlens_core::b64;
use authlens_core::token::{inspect, inspect_picked, render_markdown, TokenContext, TokenRole};
use authlens_core::Timestamp;

fn jwt(claims: &str) -> String {
    let b = |s: &str| b64::encode(s.as_bytes());
    format!(
        "{}.{}.{}",
        b(r#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#),
        b(claims),
        b(&"signature-bytes-0123456789".repeat(10))
    )
}

const NOW: Timestamp = Timestamp(1_800_000_000);

#[test]
fn a_token_response_is_read_as_its_access_token() {
    let at = jwt(
        r#"{"aud":"https://graph.microsoft.com","exp":1799990000,"iat":1799986400,"scp":"User.Read","tid":"72f988bf-86f1-41af-91ab-2d7cd011db47"}"#,
    );
    let id = jwt(r#"{"aud":"11111111-2222-3333-4444-555555555555","exp":1800003600,"nonce":"n"}"#);
    let rt = format!("0.AXoA{}", "Zm9vYmFyYmF6_-".repeat(10));
    let text = format!(
        r#"{{"token_type":"Bearer","scope":"User.Read","expires_in":3599,"access_token":"{at}","refresh_token":"{rt}","id_token":"{id}"}}"#
    );
    let r = inspect(&text, &TokenContext::new(Some(NOW)));
    assert_eq!(r.kind, "jwt", "{:?}", r.message);
    let exp = r.check("time.expired").unwrap();
    assert_eq!(exp.status.label(), "fail");
    let span = r.token_span.unwrap();
    assert_eq!(
        &text[span.start..span.end],
        at,
        "spans point into the whole paste"
    );
    let src = r.source.as_ref().unwrap();
    assert_eq!(src.container, "token-response");
    assert_eq!(src.picked().unwrap().role, TokenRole::Access);
    assert_eq!(src.tokens.len(), 3);

    let r = inspect_picked(&text, &TokenContext::new(Some(NOW)), None, Some("refresh"));
    assert_eq!(r.kind, "refresh-token");
    assert!(r.message.as_deref().unwrap().contains("opaque"));

    let md = render_markdown(&inspect(&text, &TokenContext::new(Some(NOW))));
    assert!(md.contains("a token endpoint response") && md.contains("time.expired"));
    let sig = at.rsplit('.').next().unwrap();
    assert!(!md.contains(sig) && !md.contains(&rt), "{md}");
}

#[test]
fn a_bare_token_reads_as_before() {
    let at = jwt(r#"{"aud":"https://graph.microsoft.com","exp":1800003600}"#);
    for input in [
        at.clone(),
        format!("Bearer {at}"),
        format!("Authorization: Bearer {at}"),
    ] {
        let r = inspect(&input, &TokenContext::new(Some(NOW)));
        assert_eq!(r.kind, "jwt");
        assert!(r.source.is_none(), "{input}");
    }
}

#[test]
fn a_picked_token_is_named_so_that_its_redacted_copy_picks_it_too() {
    use authlens_core::redact::redact;
    use authlens_core::token::stable_pick;
    let at = jwt(r#"{"aud":"https://graph.microsoft.com","exp":1799990000}"#);
    let id1 = jwt(r#"{"aud":"11111111-2222-3333-4444-555555555555","nonce":"first"}"#);
    let id2 = jwt(r#"{"aud":"11111111-2222-3333-4444-555555555555","nonce":"second"}"#);
    let text = format!(
        r#"[{{"access_token":"{at}","id_token":"{id1}"}},{{"token_type":"Bearer","id_token":"{id2}"}}]"#
    );
    let ctx = TokenContext::new(Some(NOW));
    // The page's buttons name a token by its offset, which redaction moves.
    let offset = text.find(&id2).unwrap();
    let button = format!("id:{offset}");
    let picked = inspect_picked(&text, &ctx, None, Some(&button));
    let nonce = |r: &authlens_core::token::TokenReport| {
        r.payload
            .as_ref()
            .and_then(|p| p.get("nonce"))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    assert_eq!(nonce(&picked).as_deref(), Some("second"));
    let stable = stable_pick(&text, Some(&button)).unwrap();
    assert_eq!(stable, "id#1");
    let red = redact(&text);
    // Redaction shortens the signatures before it: the offset no longer points at it.
    let id2_start = &id2[..id2.rfind('.').unwrap()];
    assert_ne!(red.find(id2_start), Some(offset), "{red}");
    assert_eq!(
        nonce(&inspect_picked(&red, &ctx, None, Some(&stable))).as_deref(),
        Some("second"),
        "{red}"
    );
    // Nothing picked, or a pick that names nothing: nothing to carry.
    assert_eq!(stable_pick(&text, None), None);
    assert_eq!(stable_pick(&text, Some("id#7")), None);
    assert_eq!(stable_pick(&text, Some("nonsense")), None);
    assert_eq!(
        stable_pick(&at, Some("id#0")),
        None,
        "a bare token is no container"
    );
}
