//! Browser tests of the web layer (headless Chromium via `wasm-bindgen-test-runner`).
//! Run with `./x test` (or see the README for the exact `cargo test --target wasm32…` line).
#![cfg(target_arch = "wasm32")]

use authlens_web::text::{escape, utf16_index};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = r#"
<textarea id="input" data-testid="diagnose-input"></textarea>
<button id="analyze" type="button">Analyze</button>
<p id="status" aria-live="polite"></p>
<div id="error" hidden></div>
<section id="result" hidden>
  <p id="input-kind"></p><p id="verdict"></p>
  <ol id="findings" data-testid="diagnose-findings"></ol><p id="no-findings"></p>
  <section id="notes-section"><ul id="notes"></ul></section>
  <pre id="highlighted"></pre>
</section>"#;

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn el(id: &str) -> web_sys::Element {
    document().get_element_by_id(id).expect(id)
}

/// Mounts the page once per test binary (listeners are attached once).
fn mounted() {
    thread_local!(static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !DONE.with(|d| d.replace(true)) {
        // Append, never replace: the test runner reports through its own elements in <body>.
        let host = document().create_element("div").expect("div");
        host.set_inner_html(PAGE);
        document()
            .body()
            .expect("body")
            .append_child(&host)
            .expect("append");
        authlens_web::mount().expect("mount");
    }
}

fn paste_and_click(text: &str) {
    el("input")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .expect("textarea")
        .set_value(text);
    el("analyze")
        .dyn_into::<web_sys::HtmlElement>()
        .expect("button")
        .click();
}

#[wasm_bindgen_test]
fn escaping_and_utf16_in_the_browser() {
    assert_eq!(
        escape("<img src=x onerror=alert(1)>"),
        "&lt;img src=x onerror=alert(1)&gt;"
    );
    let t = "😀x";
    assert_eq!(utf16_index(t, 4), 2);
    // JavaScript agrees: the index we compute is the JS string index of "x".
    let js = js_sys::JsString::from(t);
    assert_eq!(js.char_code_at(2) as u32, 'x' as u32);
}

#[wasm_bindgen_test]
fn marks_readiness() {
    mounted();
    let ready = js_sys::Reflect::get(&web_sys::window().expect("window"), &"authlensReady".into())
        .expect("get");
    assert_eq!(ready.as_bool(), Some(true));
    assert_eq!(
        document()
            .body()
            .expect("body")
            .get_attribute("data-ready")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
fn analyze_renders_kind_verdict_and_status_without_executing_the_paste() {
    mounted();
    let hostile = r#"{"statusCode":401,"body":"<img src=x onerror=window.__pwned=1><script>window.__pwned=1</script>"}"#;
    paste_and_click(hostile);
    assert!(!el("result").has_attribute("hidden"));
    assert!(el("input-kind")
        .text_content()
        .unwrap_or_default()
        .starts_with("Detected: "));
    assert!(!el("verdict").text_content().unwrap_or_default().is_empty());
    assert!(
        el("status")
            .text_content()
            .unwrap_or_default()
            .ends_with("findings")
            || el("status").text_content().unwrap_or_default() == "1 finding"
    );
    // The paste is shown as text, never as markup.
    let pre = el("highlighted");
    assert!(pre.text_content().unwrap_or_default().contains("<script>"));
    assert_eq!(pre.query_selector("img").expect("query").map(|_| ()), None);
    assert_eq!(
        pre.query_selector("script").expect("query").map(|_| ()),
        None
    );
    // Every finding element carries its code and category.
    let items = el("findings").children();
    for i in 0..items.length() {
        let f = items.item(i).expect("item");
        assert!(f.has_attribute("data-code"));
        assert!(f.has_attribute("data-category"));
    }
}

#[wasm_bindgen_test]
fn clearing_the_input_hides_the_result() {
    mounted();
    paste_and_click("Access token has expired");
    assert!(!el("result").has_attribute("hidden"));
    paste_and_click("   ");
    assert!(el("result").has_attribute("hidden"));
    // An empty box is answered with what to paste, never with a stale result.
    assert!(el("status")
        .text_content()
        .unwrap_or_default()
        .starts_with("Nothing to analyse yet"));
}

#[wasm_bindgen_test]
fn diagnose_export_returns_a_report_object() {
    let v = authlens_web::diagnose_js(&"Access token has expired".into()).expect("report");
    let input = js_sys::Reflect::get(&v, &"input".into()).expect("input");
    let kind = js_sys::Reflect::get(&input, &"kind".into()).expect("kind");
    assert!(kind.as_string().is_some());
    let findings = js_sys::Reflect::get(&v, &"findings".into()).expect("findings");
    assert!(js_sys::Array::is_array(&findings));
}

#[wasm_bindgen_test]
fn rule_docs_render_as_escaped_markup_in_the_browser() {
    let host = document().create_element("div").expect("div");
    host.set_inner_html(&authlens_web::rules::markdown::to_html(
        "## <img src=x onerror=window.__pwned=1>\n```text\n<script>x</script>\n```",
        1,
    ));
    assert_eq!(host.query_selector("img").expect("query").map(|_| ()), None);
    assert_eq!(
        host.query_selector("script").expect("query").map(|_| ()),
        None
    );
    assert!(host.query_selector("h3").expect("query").is_some());
    let rule = document().create_element("div").expect("div");
    rule.set_inner_html(&authlens_web::rules::rule_html("AL104"));
    assert!(rule
        .text_content()
        .unwrap_or_default()
        .contains("What it means"));
}

#[wasm_bindgen_test]
fn share_state_round_trips_redacted_in_the_browser() {
    let state = authlens_web::chrome::link::ShareState {
        view: authlens_web::view::View::Token,
        token: "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLXNlY3JldC0wMTIzNDU2Nzg5".into(),
        ..Default::default()
    };
    let (frag, shown) = authlens_web::chrome::link::fragment(&state).expect("fits");
    assert!(!shown.token.contains("c2lnbmF0dXJl"));
    assert_eq!(authlens_web::chrome::link::parse(&frag), Some(shown));
}

#[wasm_bindgen_test]
fn text_crosses_into_wasm_by_encode_into_unchanged() {
    use authlens_web::bridge::utf8_of;
    for s in [
        "",
        "plain ASCII 401",
        "é naïve — “quotes” 日本語 🙂 mixed after ASCII",
        "🙂🙂🙂",
    ] {
        assert_eq!(utf8_of(&s.into()), s);
    }
    // Longer than one buffer of its UTF-16 length: the non-ASCII rest is encoded in a second step.
    let long = format!("{}{}", "a".repeat(10_000), "ü€🙂".repeat(5_000));
    assert_eq!(utf8_of(&long.as_str().into()), long);
    // A lone surrogate (possible in a JS string, not in UTF-8) becomes U+FFFD, as in wasm-bindgen's glue.
    let lone = js_sys::JsString::from_char_code1(0xD800).concat(&"x".into());
    assert_eq!(utf8_of(&lone), "\u{FFFD}x");
}
