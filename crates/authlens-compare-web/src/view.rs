//! The Compare view's rendering: a [`CompareReport`] becomes escaped HTML (ranked explanations,
//! expected noise folded, then an aligned side-by-side of the two normalised requests).
//!
//! The requests in a `CompareReport` are already redacted by the core; tokens are shown as their
//! decoded facts and Basic passwords as their length only.

use crate::escape;
use authlens_core::request::{
    format_name, sentence, Auth, Body, CompareReport, Difference, Request, SideReport,
};
use authlens_core::time::Timestamp;

/// "2 differences that matter" — what the status region announces.
pub fn summary(report: &CompareReport) -> String {
    authlens_core::request::summary(report)
}

fn side_html(label: &str, testid: &str, side: &SideReport, out: &mut String) {
    out.push_str(&format!(
        "<div class=\"side\"><p>{label}: <strong data-testid=\"{testid}\" data-kind=\"{k}\">{name}</strong></p>",
        k = escape(&side.kind),
        name = escape(format_name(&side.kind)),
    ));
    if let Some(e) = &side.error {
        out.push_str(&format!("<p class=\"side-error\">{}</p>", escape(e)));
    }
    if let Some(p) = &side.picked {
        out.push_str(&format!(
            "<p class=\"side-picked\" data-testid=\"{}\" data-index=\"{}\" data-by=\"{}\">Compared: <code>{}</code> ({} of {}): {}.</p>",
            testid.replace("-kind", "-picked"),
            p.index,
            escape(&p.by),
            escape(&p.name),
            p.index + 1,
            p.of,
            escape(&p.reason),
        ));
    }
    if !side.notes.is_empty() {
        out.push_str("<ul class=\"side-notes\">");
        for n in &side.notes {
            out.push_str(&format!("<li>{}</li>", escape(n)));
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>");
}

fn diff_html(d: &Difference, out: &mut String) {
    let sev = crate::wire_name(&d.severity);
    let absent = "<span class=\"absent\">(absent)</span>";
    let val = |v: &Option<String>| {
        v.as_ref()
            .map(|s| format!("<code>{}</code>", escape(s)))
            .unwrap_or_else(|| absent.to_string())
    };
    out.push_str(&format!(
        "<li class=\"diff sev-{sev}\" data-part=\"{part}\" data-name=\"{name}\" data-severity=\"{sev}\" data-expected=\"{exp}\">\
         <p class=\"diff-head\"><span class=\"severity\">{sev}</span> <span class=\"part\">{part}</span> <code class=\"name\">{name}</code></p>\
         <p class=\"explanation\">{expl}</p>\
         <dl class=\"diff-values\"><dt>Working</dt><dd>{l}</dd><dt>Failing</dt><dd>{r}</dd></dl></li>",
        sev = escape(&sev),
        part = escape(&d.part),
        name = escape(&d.name),
        exp = d.expected,
        expl = escape(&sentence(&d.explanation)),
        l = val(&d.left),
        r = val(&d.right),
    ));
}

/// One aligned row of the side-by-side: a key, a label and the value on each side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub key: String,
    pub label: String,
    pub left: Option<String>,
    pub right: Option<String>,
}

fn push(rows: &mut Vec<(String, String, String)>, key: String, label: String, value: String) {
    if let Some(r) = rows.iter_mut().find(|r| r.0 == key) {
        r.2.push_str(", ");
        r.2.push_str(&value);
    } else {
        rows.push((key, label, value));
    }
}

fn auth_rows(a: &Auth, rows: &mut Vec<(String, String, String)>) {
    let mut add = |k: &str, v: String| push(rows, format!("auth {k}"), format!("auth {k}"), v);
    add(
        "scheme",
        format!(
            "{} (from {}){}",
            a.scheme,
            a.source,
            if a.quoted { ", quoted" } else { "" }
        ),
    );
    if !a.raw_value.is_empty() {
        add("value", a.raw_value.clone());
    }
    if !a.problems.is_empty() {
        add("problems", a.problems.join(", "));
    }
    if let Some(u) = &a.user {
        add("user", u.clone());
    }
    if let Some(n) = a.password_length {
        add("password", format!("hidden ({n} characters)"));
    }
    for (k, v) in [
        ("key name", &a.key_name),
        ("key in", &a.key_in),
        ("tenant", &a.tenant),
        ("audience", &a.audience),
        ("client id", &a.client_id),
        ("identity", &a.identity),
    ] {
        if let Some(v) = v {
            add(k, v.clone());
        }
    }
    if let Some(t) = &a.token {
        add(
            "token format",
            format!("{} ({} characters)", t.format, t.length),
        );
        for (k, v) in [
            ("token aud", &t.aud),
            ("token iss", &t.iss),
            ("token tid", &t.tid),
            ("token scp", &t.scp),
            ("token appid", &t.appid),
        ] {
            if let Some(v) = v {
                add(k, v.clone());
            }
        }
        if !t.roles.is_empty() {
            add("token roles", t.roles.join(" "));
        }
        if let Some(e) = t.exp {
            add("token exp", Timestamp(e).to_rfc3339());
        }
    }
}

fn flatten_json(prefix: &str, v: &serde_json::Value, rows: &mut Vec<(String, String, String)>) {
    match v {
        serde_json::Value::Object(m) if !m.is_empty() && rows.len() < 500 => {
            for (k, x) in m {
                flatten_json(&format!("{prefix}.{k}"), x, rows);
            }
        }
        serde_json::Value::Array(a) if !a.is_empty() && rows.len() < 500 => {
            for (i, x) in a.iter().enumerate() {
                flatten_json(&format!("{prefix}[{i}]"), x, rows);
            }
        }
        other => push(
            rows,
            format!("body {prefix}"),
            format!("body {prefix}"),
            authlens_core::text::shorten(&other.to_string(), 300),
        ),
    }
}

/// A request as ordered (key, label, value) rows: method, URL, query, headers, auth, body.
fn request_rows(r: &Request) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    push(
        &mut rows,
        "1 method".into(),
        "method".into(),
        r.method.clone(),
    );
    let mut u = format!("{}://{}", r.url.scheme, r.url.host);
    if let Some(p) = r.url.port {
        u.push_str(&format!(":{p}"));
    }
    u.push_str(&r.url.path);
    push(&mut rows, "2 url".into(), "URL".into(), u);
    for (k, v) in &r.url.query {
        push(
            &mut rows,
            format!("3 query {k}"),
            format!("query {k}"),
            v.clone(),
        );
    }
    for h in &r.headers {
        let lk = h.name.to_ascii_lowercase();
        if lk == "authorization" {
            continue;
        }
        push(
            &mut rows,
            format!("4 header {lk}"),
            format!("header {}", h.name),
            h.value.clone(),
        );
    }
    let mut auth = Vec::new();
    match &r.auth {
        Some(a) => auth_rows(a, &mut auth),
        None => auth.push(("auth scheme".into(), "auth scheme".into(), "(none)".into())),
    }
    for (k, l, v) in auth {
        rows.push((format!("5 {k}"), l, v));
    }
    let mut body = Vec::new();
    match &r.body {
        Body::None => body.push(("body".into(), "body".into(), "(none)".into())),
        Body::Json(v) => flatten_json("$", v, &mut body),
        Body::Form(p) => {
            for (k, v) in p {
                push(
                    &mut body,
                    format!("body form {k}"),
                    format!("body form {k}"),
                    v.clone(),
                );
            }
        }
        Body::Text(t) => body.push((
            "body".into(),
            "body (text)".into(),
            authlens_core::text::shorten(t, 300),
        )),
    }
    for (k, l, v) in body {
        rows.push((format!("6 {k}"), l, v));
    }
    rows
}

/// The two requests aligned: rows in section order, left's order first, right-only rows after.
pub fn aligned_rows(left: &Request, right: &Request) -> Vec<Row> {
    let (l, r) = (request_rows(left), request_rows(right));
    let mut out: Vec<Row> = Vec::new();
    for (k, label, v) in &l {
        out.push(Row {
            key: k.clone(),
            label: label.clone(),
            left: Some(v.clone()),
            right: r.iter().find(|x| &x.0 == k).map(|x| x.2.clone()),
        });
    }
    for (k, label, v) in &r {
        if out.iter().any(|x| &x.key == k) {
            continue;
        }
        // Insert after the last row of the same section so sections stay together.
        let section = &k[..1];
        let at = out
            .iter()
            .rposition(|x| x.key[..1] <= *section)
            .map_or(0, |i| i + 1);
        out.insert(
            at,
            Row {
                key: k.clone(),
                label: label.clone(),
                left: None,
                right: Some(v.clone()),
            },
        );
    }
    out
}

fn side_by_side_html(left: &Request, right: &Request, report: &CompareReport, out: &mut String) {
    let noise: Vec<String> = report
        .differences
        .iter()
        .filter(|d| d.expected)
        .map(|d| d.name.to_ascii_lowercase())
        .collect();
    out.push_str(
        "<h3 id=\"side-by-side-heading\">Side by side (normalised, secrets masked)</h3>\
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"side-by-side-heading\"><table class=\"side-by-side\" data-testid=\"compare-side-by-side\">\
         <thead><tr><th scope=\"col\">Part</th><th scope=\"col\">Working</th><th scope=\"col\">Failing</th></tr></thead><tbody>",
    );
    for row in aligned_rows(left, right) {
        let differs = row.left != row.right;
        let is_noise = differs
            && noise
                .iter()
                .any(|n| row.label.to_ascii_lowercase().ends_with(&format!(" {n}")));
        let class = match (differs, is_noise) {
            (false, _) => "same",
            (true, false) => "differs",
            (true, true) => "differs noise",
        };
        let cell = |v: &Option<String>| {
            v.as_ref()
                .map(|s| format!("<code>{}</code>", escape(s)))
                .unwrap_or_else(|| "<span class=\"absent\">(absent)</span>".into())
        };
        let marker = if differs {
            "<span class=\"marker\" aria-hidden=\"true\">≠</span><span class=\"visually-hidden\"> (differs)</span>"
        } else {
            ""
        };
        out.push_str(&format!(
            "<tr class=\"{class}\" data-row=\"{key}\"><th scope=\"row\">{label}{marker}</th><td>{l}</td><td>{r}</td></tr>",
            key = escape(&row.key),
            label = escape(&row.label),
            l = cell(&row.left),
            r = cell(&row.right),
        ));
    }
    out.push_str("</tbody></table></div>");
}

/// The whole Compare result (the content of `#compare-result`).
pub fn compare_html(report: &CompareReport) -> String {
    let mut out =
        String::from("<h2 id=\"compare-result-heading\">Comparison</h2><div class=\"sides\">");
    side_html(
        "Working (left)",
        "compare-left-kind",
        &report.left,
        &mut out,
    );
    side_html(
        "Failing (right)",
        "compare-right-kind",
        &report.right,
        &mut out,
    );
    out.push_str("</div>");
    let (real, noise): (Vec<&Difference>, Vec<&Difference>) =
        report.differences.iter().partition(|d| !d.expected);
    let readable = report.left.request.is_some() && report.right.request.is_some();
    out.push_str(&format!(
        "<p class=\"verdict\" data-testid=\"compare-verdict\">{}</p>",
        escape(&if !readable {
            "No comparison: a side could not be read (see above).".to_string()
        } else if real.is_empty() {
            "No differences that matter: the two requests are the same after normalisation."
                .to_string()
        } else {
            format!(
                "{} difference{} that matter{}, most likely cause first.",
                real.len(),
                if real.len() == 1 { "" } else { "s" },
                if real.len() == 1 { "s" } else { "" }
            )
        })
    ));
    out.push_str("<div id=\"compare-diff\" data-testid=\"compare-diff\"><ol class=\"diffs\">");
    for d in &real {
        diff_html(d, &mut out);
    }
    out.push_str("</ol>");
    if !noise.is_empty() {
        out.push_str(&format!(
            "<details class=\"noise\"><summary>Show {} expected difference{} (added by the clients on their own)</summary><ol class=\"diffs\">",
            noise.len(),
            if noise.len() == 1 { "" } else { "s" }
        ));
        for d in &noise {
            diff_html(d, &mut out);
        }
        out.push_str("</ol></details>");
    }
    out.push_str("</div>");
    if let (Some(l), Some(r)) = (&report.left.request, &report.right.request) {
        side_by_side_html(l, r, report, &mut out);
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use authlens_core::request::{compare, CompareOptions};

    #[test]
    fn explanations_read_as_sentences() {
        assert_eq!(
            sentence("header missing on the failing side"),
            "Header missing on the failing side."
        );
        assert_eq!(sentence("Already one."), "Already one.");
        assert_eq!(sentence("  "), "");
        // A header name keeps its spelling.
        assert_eq!(
            sentence("x-ms-client-request-id is added by the client"),
            "x-ms-client-request-id is added by the client."
        );
    }

    const JWT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLW5vdC1zZWNyZXQtMDEyMzQ1Njc4OQ";

    #[test]
    fn quoted_header_is_the_first_difference_and_secrets_stay_masked() {
        let left =
            format!("curl -H 'Authorization: Bearer {JWT}' https://graph.microsoft.com/v1.0/me");
        let right = format!(
            r#"{{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET","headers":{{"Authorization":"\"Bearer {JWT}\"","x-ms-workflow-name":"abc"}}}}"#
        );
        let r = compare(&left, &right, &CompareOptions::default());
        let html = compare_html(&r);
        let first = html.find("<li class=\"diff").expect("a difference");
        assert!(html[first..].contains("data-part=\"auth\""));
        let first_part = &html[first..first + 200];
        assert!(first_part.contains("data-part=\"auth\""), "{first_part}");
        assert!(html.contains("<details class=\"noise\">"));
        assert!(html.contains("class=\"differs"));
        assert!(!html.contains("c2lnbmF0dXJlLW5vdC1zZWNyZXQ"));
        assert!(html.contains("token aud"));
        assert!(summary(&r).contains("1 difference"));
    }

    #[test]
    fn basic_password_hidden_and_rows_aligned() {
        let left = "curl -u alice:hunter2hunter2 https://x.example/a?b=1";
        let right = r#"{"uri":"https://x.example/a?b=2","method":"GET","headers":{"Authorization":"Basic YWxpY2U6aHVudGVyMg=="}}"#;
        let r = compare(left, right, &CompareOptions::default());
        let html = compare_html(&r);
        assert!(!html.contains("hunter2"));
        assert!(html.contains("hidden (14 characters)"));
        let (l, rr) = (
            r.left.request.as_ref().expect("l"),
            r.right.request.as_ref().expect("r"),
        );
        let rows = aligned_rows(l, rr);
        assert_eq!(rows[0].label, "method");
        let q = rows
            .iter()
            .find(|x| x.label == "query b")
            .expect("query row");
        assert_eq!(
            (q.left.as_deref(), q.right.as_deref()),
            (Some("1"), Some("2"))
        );
    }

    #[test]
    fn the_request_picked_from_a_collection_is_shown() {
        let collection = r#"{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Other", "request": {"method": "GET", "url": "https://y.example/z"}},
                     {"name": "Me", "request": {"method": "GET", "url": "https://graph.microsoft.com/v1.0/me"}}]}"#;
        let flow = r#"{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET"}"#;
        let html = compare_html(&compare(collection, flow, &CompareOptions::default()));
        assert!(html.contains(
            "data-testid=\"compare-left-picked\" data-index=\"1\" data-by=\"best-match\""
        ));
        assert!(html.contains("Compared: <code>Me</code> (2 of 2)"));
        assert!(!html.contains("compare-right-picked"));
    }

    #[test]
    fn unreadable_side_says_so() {
        let r = compare("", "{}", &CompareOptions::default());
        let html = compare_html(&r);
        assert!(html.contains("No comparison"));
        assert!(summary(&r).contains("could not be read"));
    }
}
