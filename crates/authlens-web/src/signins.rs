//! Renders an Entra sign-in log pasted into Diagnose ([`SignInAnalysis`]) as escaped HTML, laid
//! out like a run history: the summary, the errors with their category and fix, the Conditional
//! Access policies with their grant controls, the patterns, the timeline chart and the failed
//! sign-ins behind it. Personal data is shown here as in the log (the admin's own screen); the
//! reports are made from the masked paste (`signins::mask_personal`), as the share link is.

use crate::text::{escape, time_html};
use authlens_core::analysis::SignInAnalysis;
use authlens_core::signins::{self, SignInReport};
use std::fmt::Write;

/// Failed sign-ins listed in the table (the newest); the chart and counts use every sign-in.
pub const TABLE_ROWS: usize = 200;

/// The note under reports made from a masked paste.
pub const STAND_IN_NOTE: &str =
    "Names, accounts, IP addresses, places and devices are replaced by stand-ins (user 1, IP 1, …).";

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// One line for the status region.
pub fn summary(a: &SignInAnalysis) -> String {
    let r = &a.log;
    let mut s = format!(
        "Entra sign-in log: {}, {} failed, {}",
        plural(r.total, "sign-in"),
        r.failed,
        match r.patterns.len() {
            0 => "no pattern".to_string(),
            n => plural(n, "pattern"),
        }
    );
    if let Some(m) = &a.sign_in {
        let _ = write!(s, "; the failed run matches a sign-in by {}", m.by);
    }
    s
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        escape(&v.join(", "))
    }
}

fn or_dash(v: Option<&str>) -> String {
    escape(v.unwrap_or("—"))
}

pub fn signins_html(a: &SignInAnalysis) -> String {
    let r = &a.log;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<p class="input-kind" data-testid="signins-kind" data-format="{}">Detected: {} · {} · {} failed</p>"#,
        crate::text::wire_name(&r.format),
        escape(r.format_label),
        plural(r.total, "sign-in"),
        r.failed
    );
    let _ = write!(
        o,
        r#"<p class="verdict" data-testid="signins-summary">{}</p>"#,
        escape(&r.summary)
    );
    if let Some(m) = &a.sign_in {
        let _ = write!(
            o,
            r#"<p data-testid="signins-match" data-by="{}">The failed run above is this sign-in: {} · {} · matched by {}{}{}.</p>"#,
            escape(m.by),
            m.time
                .as_deref()
                .map(time_html)
                .unwrap_or_else(|| "—".into()),
            or_dash(m.user.as_deref()),
            escape(m.by),
            m.error_code
                .map(|c| format!(" · AADSTS{c}"))
                .unwrap_or_default(),
            if m.failed_policies.is_empty() {
                String::new()
            } else {
                format!(
                    " · failed policy: {} (requires {})",
                    list(&m.failed_policies),
                    list(&m.grant_controls)
                )
            }
        );
    }
    errors(r, &mut o);
    policies(r, &mut o);
    patterns(r, &mut o);

    o.push_str(r#"<h3 id="signins-chart-heading">Timeline</h3><figure class="history-figure" data-testid="signins-timeline">"#);
    o.push_str(&signins::chart_svg_unstyled(r));
    o.push_str("<figcaption>Each mark is a sign-in (or a count per time slot): green succeeded, coloured failed by category; dashed lines mark the first failure of each failing Conditional Access policy. The table below lists the failed sign-ins.</figcaption></figure>");
    failures(r, &mut o);
    o
}

fn errors(r: &SignInReport, o: &mut String) {
    if r.errors.is_empty() {
        return;
    }
    o.push_str(r#"<h3 id="signins-errors-heading">Errors</h3><ol class="findings" data-testid="signins-errors" aria-labelledby="signins-errors-heading">"#);
    for e in &r.errors {
        let cat = e.category.map_or("unclassified", |c| c.as_str());
        let _ = write!(
            o,
            r#"<li class="finding" data-code="AADSTS{code}" data-category="{cat}"><h4>AADSTS{code}: {}</h4><p class="meta">{} · category <code>{cat}</code> · first {} · last {}</p>"#,
            escape(&e.meaning),
            plural(e.count, "sign-in"),
            e.first
                .as_deref()
                .map(time_html)
                .unwrap_or_else(|| "—".into()),
            e.last
                .as_deref()
                .map(time_html)
                .unwrap_or_else(|| "—".into()),
            code = e.code,
        );
        if let Some(fix) = &e.fix {
            let _ = write!(
                o,
                r#"<p class="fix"><strong>Fix:</strong> {}</p>"#,
                escape(&fix.location)
            );
            if !fix.steps.is_empty() {
                o.push_str("<ol class=\"steps\">");
                for s in &fix.steps {
                    let _ = write!(o, "<li>{}</li>", escape(s));
                }
                o.push_str("</ol>");
            }
        }
        o.push_str("</li>");
    }
    o.push_str("</ol>");
}

fn policies(r: &SignInReport, o: &mut String) {
    o.push_str(r#"<h3 id="signins-policies-heading">Conditional Access policies</h3>"#);
    if r.policies.is_empty() {
        o.push_str(r#"<p data-testid="signins-no-policies">No Conditional Access policy applied to these sign-ins, or the export does not say (the CSV download leaves the policies out: download JSON for them).</p>"#);
        return;
    }
    o.push_str(r#"<table class="history-counts" data-testid="signins-policies" aria-labelledby="signins-policies-heading"><thead><tr><th scope="col">policy</th><th scope="col">failed</th><th scope="col">satisfied</th><th scope="col">first failure</th><th scope="col">grant controls</th><th scope="col">session controls</th></tr></thead><tbody>"#);
    for p in &r.policies {
        let _ = write!(
            o,
            r#"<tr data-policy="{name}" data-failures="{}"><th scope="row">{name}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            p.failures,
            p.failures,
            p.successes,
            p.first_failure
                .as_deref()
                .map(time_html)
                .unwrap_or_else(|| "—".into()),
            list(&p.grant_controls),
            list(&p.session_controls),
            name = escape(&p.name),
        );
    }
    o.push_str("</tbody></table>");
}

fn patterns(r: &SignInReport, o: &mut String) {
    o.push_str(r#"<h3 id="signins-patterns-heading">What the log shows</h3>"#);
    if r.patterns.is_empty() {
        o.push_str(r#"<p data-testid="signins-no-pattern">No pattern: the failures do not share a policy, an account, a client app or a place. Read the failed sign-ins below one by one.</p>"#);
    }
    o.push_str(r#"<ol class="findings" data-testid="signins-patterns" aria-labelledby="signins-patterns-heading">"#);
    for p in &r.patterns {
        let _ = write!(
            o,
            r#"<li class="finding" data-code="{}"><h4>{}</h4><p>{}</p></li>"#,
            escape(p.code),
            escape(&p.title),
            escape(&p.detail)
        );
    }
    o.push_str("</ol>");
}

fn failures(r: &SignInReport, o: &mut String) {
    if r.failures.is_empty() {
        return;
    }
    let shown: Vec<_> = r.failures.iter().take(TABLE_ROWS).collect();
    let _ = write!(
        o,
        r#"<details class="history-runs" open><summary>Failed sign-ins ({} of {}, newest first)</summary><div class="table-wrap" tabindex="0" role="region" aria-label="Failed sign-ins"><table data-testid="signins-failures"><thead><tr><th scope="col">time</th><th scope="col">account</th><th scope="col">app → resource</th><th scope="col">error</th><th scope="col">client app</th><th scope="col">IP, place</th><th scope="col">failed policies</th></tr></thead><tbody>"#,
        shown.len(),
        r.failed
    );
    for f in shown {
        let s = &f.sign_in;
        let failed: Vec<String> = s.failed_policies().map(|p| p.name.clone()).collect();
        let _ = write!(
            o,
            r#"<tr data-code="{}"><td>{}</td><td>{} <span class="meta">({}{})</span></td><td>{} → {}</td><td><code>AADSTS{}</code> {}</td><td>{}</td><td>{}, {}</td><td>{}</td></tr>"#,
            s.error_code.unwrap_or_default(),
            f.time
                .as_deref()
                .map(time_html)
                .unwrap_or_else(|| "—".into()),
            or_dash(s.user.as_deref()),
            f.identity,
            match s.interactive {
                Some(true) => ", interactive",
                Some(false) => ", non-interactive",
                None => "",
            },
            or_dash(s.app.as_deref()),
            or_dash(s.resource.as_deref()),
            s.error_code.unwrap_or_default(),
            escape(&f.meaning),
            or_dash(s.client_app.as_deref()),
            or_dash(s.ip.as_deref()),
            or_dash(s.location.as_deref()),
            list(&failed),
        );
    }
    o.push_str("</tbody></table></div></details>");
}

/// The Markdown report of a sign-in analysis made from the masked paste: the joined run's
/// diagnosis first, then the log (its values already stand-ins, so kept as they are: the
/// report, the JSON and the share link use the same ones).
pub fn report_markdown(masked: &SignInAnalysis) -> String {
    let mut o = String::new();
    if let Some(run) = &masked.run {
        o.push_str(&authlens_core::render::markdown(run));
        o.push_str("\n\n");
    }
    o.push_str(&signins::render_markdown(&masked.log, true));
    let _ = write!(o, "\n{STAND_IN_NOTE}\n");
    o
}

#[cfg(all(test, feature = "full", not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use authlens_core::{analyse, Options, Timestamp};

    const LOG: &str =
        include_str!("../../authlens-core/tests/fixtures/signins/portal-interactive-mfa.json");

    #[test]
    fn renders_every_part_escaped_without_inline_style() {
        let a = analyse(LOG, &Options::at(Timestamp(1_764_000_000)));
        let s = a.sign_ins().expect("a sign-in log");
        let html = signins_html(s);
        for id in [
            "signins-summary",
            "signins-errors",
            "signins-policies",
            "signins-patterns",
            "signins-timeline",
            "signins-failures",
        ] {
            assert!(html.contains(&format!(r#"data-testid="{id}""#)), "{id}");
        }
        assert!(
            html.contains(r#"data-code="policy-started-failing""#),
            "{html}"
        );
        assert!(html.contains(r#"data-policy="Require MFA for all users""#));
        assert!(html.contains("<td>Mfa</td>"));
        assert!(html.contains(r#"data-code="AADSTS50076" data-category="mfa-required""#));
        assert!(!html.contains("style=") && !html.contains("<style"));
        // Shown locally as in the log.
        assert!(html.contains("flow.owner@contoso.com"));
        assert!(summary(s).starts_with("Entra sign-in log: 5 sign-ins, 3 failed"));
    }
}
