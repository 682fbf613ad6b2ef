//! Renders a definition audit ([`AuditReport`], a flow or workflow definition pasted into
//! Diagnose) as escaped HTML, laid out like a run history: the summary, the findings (each
//! pointing at the action by name and path, with why it matters and the fix), who each
//! connection signs in as and what uses it, and the notes. Accounts are shown here as in the
//! export (the maker's own screen); the reports are made from the masked paste
//! (`analysis::mask_personal`), as the share link is.

use crate::text::escape;
use authlens_core::audit::AuditReport;
use authlens_core::Severity;
use std::fmt::Write;

/// The note under reports made from a masked paste.
pub const STAND_IN_NOTE: &str =
    "Accounts, people's names and object ids are replaced by stand-ins (user 1, name 1, id 1); secrets are redacted.";

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// One line for the status region.
pub fn summary(r: &AuditReport) -> String {
    format!(
        "Definition audit: {}, {} that fail runs, {} that put runs at risk, {}",
        plural(r.actions, "action"),
        r.errors,
        r.warnings,
        plural(r.connections.len(), "connection")
    )
}

pub fn audit_html(r: &AuditReport) -> String {
    let mut o = String::new();
    let names = if r.workflows.is_empty() {
        String::new()
    } else {
        format!(" “{}”", r.workflows.join("”, “"))
    };
    let _ = write!(
        o,
        r#"<p class="input-kind" data-testid="audit-kind" data-format="{}" data-platform="{}">Detected: {}{} · {} · {}</p>"#,
        crate::text::wire_name(&r.format),
        crate::text::wire_name(&r.platform),
        escape(r.format_label),
        escape(&names),
        plural(r.triggers, "trigger"),
        plural(r.actions, "action"),
    );
    let _ = write!(
        o,
        r#"<p class="verdict" data-testid="audit-summary" data-errors="{}" data-warnings="{}">{}</p>"#,
        r.errors,
        r.warnings,
        escape(&r.summary)
    );
    findings(r, &mut o);
    connections(r, &mut o);
    if !r.notes.is_empty() {
        o.push_str(r#"<h3 id="audit-notes-heading">What the paste could not tell</h3><ul data-testid="audit-notes" aria-labelledby="audit-notes-heading">"#);
        for n in &r.notes {
            let _ = write!(o, "<li>{}</li>", escape(n));
        }
        o.push_str("</ul>");
    }
    o
}

fn findings(r: &AuditReport, o: &mut String) {
    o.push_str(r#"<h3 id="audit-findings-heading">Findings</h3>"#);
    if r.findings.is_empty() {
        o.push_str(r#"<p data-testid="audit-no-findings">No authentication risk found: no fixed token or key, no secret shown in run history, no connection signing in as a person where an identity of its own would do.</p>"#);
    }
    o.push_str(r#"<ol class="findings" data-testid="audit-findings" aria-labelledby="audit-findings-heading">"#);
    for f in &r.findings {
        let sev = severity(f.severity);
        let _ = write!(
            o,
            r#"<li class="finding severity-{sev}" data-code="{code}" data-check="{check}" data-category="{cat}" data-severity="{sev}" data-action="{action}"><h4><code>{code}</code> {title}</h4><p class="meta">{sev} · category <code>{cat}</code> · at <strong>{action}</strong> · <code class="path">{path}</code></p><p>{explanation}</p>"#,
            code = escape(f.code),
            check = escape(f.check),
            cat = f.category.as_str(),
            action = escape(&f.action),
            title = escape(&f.title),
            path = escape(&f.path),
            explanation = escape(&f.explanation),
        );
        if let Some(e) = &f.evidence {
            let _ = write!(
                o,
                r#"<p class="evidence-line">Found: <code>{}</code></p>"#,
                escape(e)
            );
        }
        // Where the fix lives stays in view; why and the steps fold, so a long audit reads as
        // a list of places to go.
        let _ = write!(
            o,
            r#"<p class="fix"><strong>Fix:</strong> {}</p><details class="finding-more"><summary>Why it matters and the steps</summary><p class="why">{}</p>"#,
            escape(&f.fix.location),
            escape(f.why),
        );
        if !f.fix.steps.is_empty() {
            o.push_str(r#"<ol class="steps">"#);
            for s in &f.fix.steps {
                let _ = write!(o, "<li>{}</li>", escape(s));
            }
            o.push_str("</ol>");
        }
        o.push_str("</details>");
        o.push_str("</li>");
    }
    o.push_str("</ol>");
}

fn connections(r: &AuditReport, o: &mut String) {
    if r.connections.is_empty() {
        return;
    }
    o.push_str(r#"<h3 id="audit-connections-heading">Connections: who signs in, what uses them</h3><div class="table-wrap" tabindex="0" role="region" aria-labelledby="audit-connections-heading"><table class="history-counts audit-connections" data-testid="audit-connections"><thead><tr><th scope="col">connection</th><th scope="col">connector</th><th scope="col">signs in as</th><th scope="col">used by</th><th scope="col">if that person leaves</th></tr></thead><tbody>"#);
    for c in &r.connections {
        let who = match &c.account {
            Some(a) => format!("{} ({})", escape(a), escape(c.identity_label)),
            None => escape(c.identity_label),
        };
        let from = c
            .identity_from
            .map(|f| format!(r#" <span class="meta">from {}</span>"#, escape(f)))
            .unwrap_or_default();
        let _ = write!(
            o,
            r#"<tr data-connection="{name}" data-identity="{}"><th scope="row">{name}</th><td><code>{}</code></td><td>{who}{from}</td><td>{}</td><td>{}</td></tr>"#,
            crate::text::wire_name(&c.identity),
            escape(&c.connector),
            if c.used_by.is_empty() {
                "—".to_string()
            } else {
                escape(&c.used_by.join(", "))
            },
            escape(&c.if_person_leaves),
            name = escape(&c.name),
        );
    }
    o.push_str("</tbody></table></div>");
}

/// The Markdown report, made from the masked paste's audit (accounts already stand-ins).
pub fn report_markdown(masked: &AuditReport) -> String {
    format!(
        "{}\n{STAND_IN_NOTE}\n",
        authlens_core::audit::render_markdown(masked, false)
            .trim_end()
            .trim_end_matches("Accounts are replaced by stand-ins; secrets are redacted.")
            .trim_end()
    )
}

#[cfg(all(test, feature = "full", not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use authlens_core::{analyse, Options, Timestamp};

    const RISKY: &str =
        include_str!("../../authlens-core/tests/fixtures/audit/logicapp-arm-risky.json");

    #[test]
    fn renders_findings_at_their_actions_and_the_connections_escaped() {
        let a = analyse(RISKY, &Options::at(Timestamp(1_764_000_000)));
        let r = a.audit().expect("an audit");
        let html = audit_html(r);
        for id in [
            "audit-kind",
            "audit-summary",
            "audit-findings",
            "audit-connections",
        ] {
            assert!(html.contains(&format!(r#"data-testid="{id}""#)), "{id}");
        }
        assert!(html.contains(r#"data-code="AU008""#), "{html}");
        assert!(html.contains(r#"data-action="List_users""#));
        assert!(html.contains(r#"data-connection="office365" data-identity="user""#));
        assert!(html.contains("maker.one@contoso.example"), "shown locally");
        assert!(!html.contains("style=") && !html.contains("<style"));
        assert!(summary(r).starts_with("Definition audit: "));
        let mut evil = r.clone();
        evil.findings[0].action = "<img src=x onerror=alert(1)>".into();
        assert!(!audit_html(&evil).contains("<img"));
    }
}
