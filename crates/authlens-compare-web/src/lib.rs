//! The Compare view of the AuthLens page, as a wasm module of its own.
//!
//! Comparing two requests (the core's `request::compare`: Postman, cURL, PowerShell, fetch, raw
//! HTTP and HAR parsing, the ranked differences) and rendering the result ([`view`]) is about a fifth of what
//! the page would otherwise download at start, for a view many visits never open. The page's
//! wasm (`authlens-web`) asks `www/analysis-client.js` for [`compare_view`], which loads this
//! module on first use; and for [`request_handoff`] when a Diagnose paste may hold a request
//! (`request::detect`), to offer "Compare this request". No DOM, no network, no state.
//!
//! This crate must not depend on `authlens-web`: its `#[wasm_bindgen]` exports would all be
//! linked in here. Hence the two small helpers below instead of the page's own.

pub mod view;

use authlens_core::request::{compare, CompareOptions};
use authlens_core::Timestamp;
use wasm_bindgen::prelude::*;

/// The Compare view for two pasted requests: `{"html": …, "summary": …}` (escaped HTML, and the
/// sentence for the status region). `pick_*`: which request of a collection or HAR ("" = the one
/// that best matches the other side); `now`: the browser's clock, in seconds since the epoch.
#[wasm_bindgen(js_name = compareView)]
pub fn compare_view(
    left: &str,
    right: &str,
    pick_left: &str,
    pick_right: &str,
    now: f64,
) -> String {
    let pick = |p: &str| Some(p.trim().to_string()).filter(|p| !p.is_empty());
    let opts = CompareOptions {
        pick_left: pick(pick_left),
        pick_right: pick(pick_right),
        now: Some(Timestamp(now.floor() as i64)),
    };
    let report = compare(left, right, &opts);
    serde_json::json!({
        "html": view::compare_html(&report),
        "summary": view::summary(&report),
        "markdown": markdown(&report),
        "json": authlens_core::redact::redact(
            &serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
    })
    .to_string()
}

/// The comparison as Markdown for a ticket: the core's, as `authlens compare --markdown` prints
/// it (redacted there, like every report).
pub fn markdown(report: &authlens_core::request::CompareReport) -> String {
    authlens_core::request::render_markdown(report)
}

/// The request in a Diagnose paste, for the page's hand-offs: `{"side": "left"|"right", "url":
/// "GET https://…"}` (`right` for a flow's raw inputs, `left` for a working client's request), or
/// `null` when the paste holds no readable request.
#[wasm_bindgen(js_name = requestHandoff)]
pub fn request_handoff(text: &str) -> String {
    let side = authlens_core::request::parse(text, None);
    match &side.request {
        Some(req) => serde_json::json!({
            "side": if side.kind == "flow-raw-inputs" { "right" } else { "left" },
            "url": format!("{} {}", req.method, req.url.to_display()),
        })
        .to_string(),
        None => "null".into(),
    }
}

pub use authlens_core::render::html_escape as escape;

/// The serde name of an enum value (`"error"` for `Severity::Error`), as the page's `render::wire_name`.
pub fn wire_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::from("unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_json_with_html_and_summary() {
        let left = "curl -H 'Authorization: Bearer abc' https://graph.microsoft.com/v1.0/me";
        let right = r#"{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET"}"#;
        let v: serde_json::Value =
            serde_json::from_str(&compare_view(left, right, "", "", 1.9e9)).unwrap_or_default();
        assert!(v["html"]
            .as_str()
            .is_some_and(|h| h.contains("data-testid")));
        assert!(v["summary"].as_str().is_some_and(|s| !s.is_empty()));
        // The reports: redacted, the differences in them.
        let md = v["markdown"].as_str().unwrap_or_default();
        assert!(md.starts_with("## AuthLens request comparison"), "{md}");
        assert!(md.contains("graph.microsoft.com"));
        let secret = "curl -H 'Authorization: Bearer s3cr3tS3cr3tS3cr3tS3cr3tS3cr3t' https://graph.microsoft.com/v1.0/me";
        let v: serde_json::Value =
            serde_json::from_str(&compare_view(secret, right, "", "", 1.9e9)).unwrap_or_default();
        for k in ["markdown", "json"] {
            let r = v[k].as_str().unwrap_or_default();
            assert!(!r.is_empty() && !r.contains("s3cr3tS3cr3t"), "{k}: {r}");
        }
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn hands_off_requests_by_side() {
        let flow = r#"{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET","headers":{"Authorization":"Bearer abc"}}"#;
        let v: serde_json::Value = serde_json::from_str(&request_handoff(flow)).unwrap_or_default();
        assert_eq!(v["side"], "right");
        assert_eq!(v["url"], "GET https://graph.microsoft.com/v1.0/me");
        let v: serde_json::Value =
            serde_json::from_str(&request_handoff("curl https://x.example/a")).unwrap_or_default();
        assert_eq!(v["side"], "left");
        assert_eq!(request_handoff("AADSTS700082: expired"), "null");
    }
}
