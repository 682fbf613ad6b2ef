//! Pure rendering of the Diagnose view: a [`Report`] and the pasted text become escaped HTML
//! strings.
//!
//! No DOM and no analysis here, so all of it is tested natively and in the browser. Everything
//! that comes from the paste or the report goes through [`escape`]: pasted text is hostile.

use super::evidence::{self, Marks};
use crate::rules::markdown::inline;
use crate::text::{escape, wire_name, Utf16Map};
use authlens_core::{Finding, Report};

/// Largest part of the paste shown in the highlighted view (the analysis always sees everything).
pub const PREVIEW_MAX_BYTES: usize = 512 * 1024;

/// "1 finding", "3 findings": what the status region announces.
pub fn findings_status(report: &Report) -> String {
    match report.findings.len() {
        1 => String::from("1 finding"),
        n => format!("{n} findings"),
    }
}

/// "Detected: raw outputs of a failed action". The platform has its own line, where it can be
/// changed (`ids::PLATFORM`): said once, there.
pub fn input_line(report: &Report) -> String {
    format!("Detected: {}", report.input.label)
}

/// The label without the evidence text it repeats: "status 429" beside `429` reads
/// "status 429 429" otherwise.
pub fn evidence_label<'a>(label: &'a str, text: &str) -> &'a str {
    let text = text.trim();
    if text.is_empty() {
        return label;
    }
    label
        .strip_suffix(text)
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .unwrap_or(label)
}

fn render_finding(map: &Utf16Map, marks: &Marks, n: usize, f: &Finding, out: &mut String) {
    let severity = wire_name(&f.severity);
    out.push_str(&format!(
        "<li class=\"finding sev-{sev} {pal}\" data-code=\"{code}\" data-category=\"{cat}\" data-severity=\"{sev}\" data-n=\"{n}\">",
        sev = escape(&severity),
        code = escape(f.code),
        cat = escape(f.category.as_str()),
        pal = evidence::palette_class(n),
    ));
    out.push_str(&format!(
        "<h3 class=\"finding-title\"><a class=\"code\" href=\"#rule/{code}\" aria-label=\"Rule {code}: documentation\">{code}</a> {}</h3>",
        escape(&f.title),
        code = escape(f.code),
    ));
    out.push_str(&format!(
        "<p class=\"meta\"><span class=\"severity\">{}</span> · <span class=\"confidence\">confidence {}%</span> · <span class=\"category\">{}</span></p>",
        escape(&severity),
        f.confidence.min(100),
        escape(f.category.short()),
    ));
    out.push_str(&format!(
        "<p class=\"explanation\">{}</p>",
        inline(&f.explanation)
    ));
    if !f.evidence.is_empty() {
        out.push_str("<h4>Evidence</h4><ul class=\"evidence-list\">");
        for ev in &f.evidence {
            evidence::evidence_item(map, marks, n, ev, out);
        }
        out.push_str("</ul>");
    }
    out.push_str(&format!(
        "<h4>Fix <span class=\"where\">{}</span></h4>",
        escape(&f.fix.location)
    ));
    if !f.fix.steps.is_empty() {
        out.push_str("<ol class=\"steps\">");
        for step in &f.fix.steps {
            out.push_str(&format!("<li>{}</li>", inline(step)));
        }
        out.push_str("</ol>");
    }
    if let Some(avoid) = &f.fix.avoid {
        out.push_str(&format!(
            "<p class=\"avoid\"><strong>Don't:</strong> {}</p>",
            escape(avoid)
        ));
    }
    if let Some(recur) = &f.fix.if_it_recurs {
        out.push_str(&format!(
            "<p class=\"recurs\"><strong>If it breaks again:</strong> {}</p>",
            escape(recur)
        ));
    }
    out.push_str("</li>");
}

/// The findings list items (the content of `<ol data-testid="diagnose-findings">`).
pub fn findings_html(text: &str, report: &Report) -> String {
    let mut out = String::new();
    let map = Utf16Map::for_report(text, report);
    let marks = Marks::build(text, report, PREVIEW_MAX_BYTES);
    for (i, f) in report.findings.iter().enumerate() {
        render_finding(&map, &marks, i + 1, f, &mut out);
    }
    out
}

/// The notes list items.
pub fn notes_html(report: &Report) -> String {
    report
        .notes
        .iter()
        .map(|n| format!("<li>{}</li>", inline(n)))
        .collect()
}

/// "What AuthLens saw" when nothing (or only the wording reader's lead) explains the paste:
/// the statuses, codes and services read, a Microsoft Learn search per code (a link the person
/// opens; the page fetches nothing), and what to paste next that the notes do not already say.
/// Empty when the paste is explained.
pub fn seen_html(report: &Report) -> String {
    if !report.unexplained() {
        return String::new();
    }
    let s = &report.seen;
    let mut out = String::from(
        "<h3 id=\"seen-heading\">What AuthLens saw in this paste</h3>\
         <p class=\"hint\">No known cause explains it yet. This is what could be read, and what \
         would help.</p>",
    );
    if s.is_empty() {
        out.push_str("<p>No error code, HTTP status or service address in this paste.</p>");
    } else {
        out.push_str("<dl class=\"seen-list\">");
        for (label, items) in authlens_core::render::seen_lines(report) {
            out.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>",
                escape(label),
                items
                    .iter()
                    .map(|i| format!("<code>{}</code>", escape(i)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out.push_str("</dl>");
    }
    if !s.codes.is_empty() {
        out.push_str("<ul class=\"seen-search\" data-testid=\"seen-search\">");
        for c in &s.codes {
            out.push_str(&format!(
                "<li><a href=\"{url}\" target=\"_blank\" rel=\"noopener noreferrer\">Search \
                 Microsoft Learn for {code}</a></li>",
                url = escape(&c.search_url),
                code = escape(&c.code),
            ));
        }
        out.push_str("</ul>");
    }
    let next = authlens_core::render::paste_next_beyond_notes(report);
    if !next.is_empty() {
        out.push_str(
            "<h4>What to paste next</h4><ul class=\"paste-next\" data-testid=\"paste-next\">",
        );
        for p in next {
            out.push_str(&format!("<li>{}</li>", inline(p)));
        }
        out.push_str("</ul>");
    }
    out
}

/// The pasted text, escaped, with every evidence span wrapped in a `<mark>` numbered and
/// coloured by finding (overlapping spans merged, spans that do not fit clamped) and long
/// stretches without evidence folded ([`evidence`]). `data-start`/`data-end` carry UTF-16
/// indices for scripts. Only the first [`PREVIEW_MAX_BYTES`] are shown.
pub fn highlighted_html(text: &str, report: &Report) -> String {
    evidence::highlighted(text, report, PREVIEW_MAX_BYTES)
}

/// The report as JSON for scripts, with evidence offsets converted to UTF-16 indices
/// (`start`/`end`); the original byte offsets stay as `byte_start`/`byte_end`.
pub fn report_json_utf16(text: &str, report: &Report) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or(serde_json::Value::Null);
    let map = Utf16Map::for_report(text, report);
    if let Some(findings) = value
        .get_mut("findings")
        .and_then(serde_json::Value::as_array_mut)
    {
        for f in findings {
            let Some(evs) = f
                .get_mut("evidence")
                .and_then(serde_json::Value::as_array_mut)
            else {
                continue;
            };
            for ev in evs {
                let Some(obj) = ev.as_object_mut() else {
                    continue;
                };
                for key in ["start", "end"] {
                    let byte = obj
                        .get(key)
                        .and_then(serde_json::Value::as_u64)
                        .unwrap_or(0);
                    let byte = usize::try_from(byte).unwrap_or(usize::MAX);
                    obj.insert(format!("byte_{key}"), byte.into());
                    obj.insert(key.to_string(), map.get(byte).into());
                }
            }
        }
    }
    value
}

/// The Markdown report ("Copy report"): the core's renderer, which redacts.
pub fn report_markdown(report: &Report) -> String {
    authlens_core::render::markdown(report)
}

/// The JSON report: the report serialised (evidence already redacted by the core), passed
/// through the one redaction function once more.
pub fn report_json(report: &Report) -> String {
    authlens_core::redact::redact(&serde_json::to_string_pretty(report).unwrap_or_default())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests {
    use super::*;
    use authlens_core::report::{Fix, InputInfo, REPORT_VERSION};
    use authlens_core::Evidence;
    use authlens_core::{Category, InputKind, Platform, Severity};

    pub(crate) fn sample(text: &str, evidence: Vec<(usize, usize)>) -> Report {
        Report {
            version: REPORT_VERSION,
            input: InputInfo {
                kind: InputKind::RawOutputs,
                label: InputKind::RawOutputs.label(),
                platform: Platform::PowerAutomate,
                platform_detected: None,
                bytes: text.len(),
                run_time: None,
            },
            verdict: "The <token> expired.".into(),
            findings: vec![Finding {
                code: "AL001",
                rule: "expired-token",
                category: Category::ExpiredOrRevokedCredential,
                severity: Severity::Error,
                confidence: 90,
                title: "Token <b>expired</b>".into(),
                explanation: "\"quoted\" & 'single'".into(),
                fix: Fix {
                    location: "Connections".into(),
                    steps: vec!["Step <1>".into(), "Step 2".into()],
                    avoid: Some("Reconnecting".into()),
                    if_it_recurs: None,
                },
                evidence: evidence
                    .into_iter()
                    .map(|(s, e)| Evidence {
                        start: s,
                        end: e,
                        text: text.get(s..e).unwrap_or("").into(),
                        label: "label".into(),
                    })
                    .collect(),
            }],
            notes: vec!["<script>alert(1)</script>".into()],
            seen: Default::default(),
        }
    }

    #[test]
    fn findings_carry_code_and_category_and_escape_text() {
        let text = "x <token> y";
        let r = sample(text, vec![(2, 9)]);
        let html = findings_html(text, &r);
        assert!(html.contains("data-code=\"AL001\""));
        assert!(html.contains("data-category=\"expired-or-revoked-credential\""));
        assert!(html.contains("Token &lt;b&gt;expired&lt;/b&gt;"));
        assert!(html.contains("&quot;quoted&quot; &amp; &#39;single&#39;"));
        assert!(html.contains("<li>Step &lt;1&gt;</li>"));
        assert!(!html.contains("<b>"));
        assert!(notes_html(&r).contains("&lt;script&gt;"));
    }

    #[test]
    fn evidence_labels_do_not_repeat_their_text() {
        assert_eq!(evidence_label("status 429", "429"), "status");
        assert_eq!(evidence_label("status", "401"), "status");
        assert_eq!(evidence_label("401", "401"), "401");
        assert_eq!(
            evidence_label("OAuth error", "invalid_grant"),
            "OAuth error"
        );
    }

    #[test]
    fn inline_code_in_explanations_is_code_not_backticks() {
        let mut r = sample("x", vec![]);
        r.findings[0].explanation = "Check `Authorization` <now>.".into();
        let html = findings_html("x", &r);
        assert!(
            html.contains("<code>Authorization</code> &lt;now&gt;."),
            "{html}"
        );
        assert!(!html.contains('`'));
    }

    #[test]
    fn highlights_merge_and_clamp() {
        let text = "é<x>😀 tail";
        let r = sample(text, vec![(2, 5), (4, 9), (100, 200), (8, 3)]);
        let html = highlighted_html(text, &r);
        assert_eq!(
            html,
            "é<mark id=\"ev-mark-0\" class=\"ev f1\" data-n=\"1\" title=\"Evidence of finding 1\" \
             tabindex=\"-1\" data-start=\"1\" data-end=\"6\">&lt;x&gt;😀</mark> tail"
        );
    }

    #[test]
    fn json_offsets_become_utf16() {
        let text = "😀abc";
        let r = sample(text, vec![(4, 7)]);
        let v = report_json_utf16(text, &r);
        let ev = &v["findings"][0]["evidence"][0];
        assert_eq!(ev["start"], 2);
        assert_eq!(ev["end"], 5);
        assert_eq!(ev["byte_start"], 4);
        assert_eq!(v["input"]["kind"], "raw-outputs");
    }

    #[test]
    fn status_counts() {
        let mut r = sample("", vec![]);
        assert_eq!(findings_status(&r), "1 finding");
        r.findings.clear();
        assert_eq!(findings_status(&r), "0 findings");
        // The platform is said once, on the line that lets the person change it.
        assert_eq!(input_line(&r), format!("Detected: {}", r.input.label));
        assert!(!input_line(&r).contains(r.input.platform.label()));
    }

    #[test]
    fn not_recognised_shows_what_was_seen_with_search_links_and_what_to_paste() {
        let opts = authlens_core::Options::at(authlens_core::Timestamp(1_763_900_000));
        let paste = "The refresh of the semantic model failed in Power BI.\n{\"error\":{\"code\":\"Contoso<Odd>Thing\"}}\nhttps://api.powerbi.com/v1.0/myorg/datasets";
        let r = authlens_core::diagnose(paste, &opts);
        assert!(r.unexplained(), "{:?}", r.findings);
        let html = seen_html(&r);
        assert!(html.contains("What AuthLens saw"), "{html}");
        assert!(html.contains("api.powerbi.com"), "{html}");
        // Every code gets a plain link to a documentation search; what to paste next is Power
        // BI's (the no-finding note already says it, so the section does not repeat it).
        let r2 = authlens_core::diagnose(
            "{\"error\":{\"code\":\"ContosoWidgetLocked\"}} the widget had trouble",
            &opts,
        );
        let html2 = seen_html(&r2);
        assert!(html2.contains("<a href=\"https://learn.microsoft.com/search/?terms=ContosoWidgetLocked\" target=\"_blank\" rel=\"noopener noreferrer\">"), "{html2}");
        assert!(
            r.notes.iter().any(|n| n.contains("Refresh history")),
            "{:?}",
            r.notes
        );
        assert!(!html.contains("Show raw outputs ("), "{html}");
        let explained = authlens_core::diagnose(
            "AADSTS50076: you must use multi-factor authentication.",
            &opts,
        );
        assert_eq!(seen_html(&explained), "");
    }

    #[test]
    fn finding_codes_link_to_the_rule_docs() {
        let r = sample("x", vec![]);
        let html = findings_html("x", &r);
        assert!(html.contains("href=\"#rule/AL001\""));
    }

    #[test]
    fn reports_never_carry_a_token_signature() {
        let b = |s: &str| crate::b64::encode(s.as_bytes());
        let sig = b("short-signature-not-a-secret-0123456789");
        let jwt = format!(
            "{}.{}.{sig}",
            b(r#"{"alg":"RS256","typ":"JWT"}"#),
            b(r#"{"aud":"https://graph.microsoft.com","exp":1}"#)
        );
        let paste = format!("Authorization: Bearer {jwt}\nclient_secret=abcDEF123456");
        let r = authlens_core::diagnose(
            &paste,
            &authlens_core::Options::at(authlens_core::Timestamp(1_763_900_000)),
        );
        for out in [report_markdown(&r), report_json(&r)] {
            assert!(!out.contains(&sig), "{out}");
            assert!(!out.contains("abcDEF123456"));
        }
        assert!(report_markdown(&r).contains(&r.verdict));
        serde_json::from_str::<serde_json::Value>(&report_json(&r)).expect("valid JSON");
    }
}
