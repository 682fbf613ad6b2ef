//! Renders a credential and connection inventory ([`InventoryReport`], pasted into Diagnose) as
//! escaped HTML, laid out like a run history: the summary against the chosen "now", one item per
//! secret or certificate (status, end date, what it breaks, the fix) and per connection (state,
//! category, meaning, fix), the timeline of expiry dates (the history chart's manner) and the
//! notes. Accounts are shown as listed (the admin's own screen); the reports are made from the
//! masked paste (`analysis::mask_personal`), as the share link is.

use crate::text::{escape, time_html};
use authlens_core::inventory::{chart_svg_unstyled, CredentialKind, InventoryReport};
use std::fmt::Write;

/// The note under reports made from a masked paste.
pub const STAND_IN_NOTE: &str =
    "Accounts, people's names and object ids are replaced by stand-ins (user 1, name 1, id 1); secrets are redacted.";

/// One line for the status region.
pub fn summary(r: &InventoryReport) -> String {
    format!("Credentials and connections: {}", r.summary)
}

fn kind(k: CredentialKind) -> &'static str {
    match k {
        CredentialKind::Secret => "client secret",
        CredentialKind::Certificate => "certificate",
    }
}

pub fn inventory_html(r: &InventoryReport) -> String {
    let mut o = String::new();
    let c = &r.counts;
    let _ = write!(
        o,
        r#"<p class="input-kind" data-testid="inventory-kind">Detected: {} · judged against {}</p>"#,
        escape(&r.formats.join("; ")),
        time_html(&r.now)
    );
    let _ = write!(
        o,
        r#"<p class="verdict" data-testid="inventory-summary" data-expired="{}" data-week="{}" data-month="{}" data-failed-connections="{}">{}</p>"#,
        c.expired,
        c.expires_within_7_days,
        c.expires_within_30_days,
        c.connections_failed,
        escape(&r.summary)
    );
    items(r, &mut o);
    if !r.timeline.is_empty() {
        o.push_str(r#"<h3 id="inventory-chart-heading">Timeline of expiry dates</h3><figure class="history-figure" data-testid="inventory-timeline" tabindex="0">"#);
        o.push_str(&chart_svg_unstyled(r));
        o.push_str("<figcaption>Each mark is a secret's or certificate's end date, in the lane of its status; the solid line is “now”, the dashed lines 7 and 30 days from it. The list above has each one.</figcaption></figure>");
    }
    if !r.notes.is_empty() {
        o.push_str(r#"<h3 id="inventory-notes-heading">Notes</h3><ul data-testid="inventory-notes" aria-labelledby="inventory-notes-heading">"#);
        for n in &r.notes {
            let _ = write!(o, "<li>{}</li>", escape(n));
        }
        o.push_str("</ul>");
    }
    o
}

fn fix_html(fix: Option<&authlens_core::report::Fix>, o: &mut String) {
    let Some(f) = fix else { return };
    let _ = write!(
        o,
        r#"<p class="fix"><strong>Fix:</strong> {}</p>"#,
        escape(&f.location)
    );
    if !f.steps.is_empty() {
        o.push_str(r#"<ol class="steps">"#);
        for s in &f.steps {
            let _ = write!(o, "<li>{}</li>", escape(s));
        }
        o.push_str("</ol>");
    }
}

fn items(r: &InventoryReport, o: &mut String) {
    o.push_str(r#"<h3 id="inventory-items-heading">Secrets, certificates and connections (most urgent first)</h3><ol class="findings" data-testid="inventory-items" aria-labelledby="inventory-items-heading">"#);
    for c in &r.credentials {
        let app = c.app.as_deref().or(c.app_id.as_deref()).unwrap_or("app");
        let when = match c.days_left {
            Some(d) if d < 0 => format!(", {} days ago", -d),
            Some(0) => ", today".to_string(),
            Some(d) => format!(", in {d} days"),
            None => String::new(),
        };
        let _ = write!(
            o,
            r#"<li class="finding inventory-item" data-item="credential" data-kind="{}" data-status="{}"{}><h4>{} · {} “{}”: {}</h4><p class="meta">ends {}{when} · {} · key id <code>{}</code>{}</p>"#,
            crate::text::wire_name(&c.kind),
            crate::text::wire_name(&c.status),
            c.category
                .map(|k| format!(r#" data-category="{}""#, k.as_str()))
                .unwrap_or_default(),
            escape(app),
            kind(c.kind),
            escape(c.description.as_deref().unwrap_or("no description")),
            escape(c.status_label),
            c.end
                .as_deref()
                .map(time_html)
                .unwrap_or_else(|| "—".into()),
            escape(c.owner),
            escape(c.key_id.as_deref().unwrap_or("—")),
            c.app_id
                .as_deref()
                .map(|id| format!(" · app <code>{}</code>", escape(id)))
                .unwrap_or_default(),
        );
        if !c.consumers.is_empty() {
            let _ = write!(
                o,
                "<p><strong>Breaks:</strong> {}</p>",
                escape(&c.consumers.join(", "))
            );
        }
        if let Some(n) = &c.replaced_by {
            let _ = write!(o, "<p>Newer credential: {}</p>", escape(n));
        }
        fix_html(c.fix.as_ref(), o);
        o.push_str("</li>");
    }
    for c in &r.connections {
        let status = if c.failed {
            "error"
        } else if c.status.is_some() {
            "connected"
        } else {
            "unknown"
        };
        let _ = write!(
            o,
            r#"<li class="finding inventory-item" data-item="connection" data-status="{status}"{}><h4>{} “{}” · {}</h4><p class="meta">connector <code>{}</code>{}{}</p>"#,
            c.category
                .map(|k| format!(r#" data-category="{}""#, k.as_str()))
                .unwrap_or_default(),
            escape(c.source),
            escape(c.display_name.as_deref().unwrap_or(&c.name)),
            escape(c.status.as_deref().unwrap_or("status not listed")),
            escape(c.connector.as_deref().unwrap_or("unknown")),
            c.account
                .as_deref()
                .map(|a| format!(" · signs in as {}", escape(a)))
                .unwrap_or_default(),
            c.category
                .map(|k| format!(" · category <code>{}</code>", k.as_str()))
                .unwrap_or_default(),
        );
        if let Some(m) = &c.meaning {
            let _ = write!(o, "<p>{}</p>", escape(m));
        }
        if let Some(m) = &c.error_message {
            let _ = write!(
                o,
                r#"<p class="evidence-line"><code>{}</code>: {}</p>"#,
                escape(c.error_code.as_deref().unwrap_or("Error")),
                escape(m)
            );
        }
        fix_html(c.fix.as_ref(), o);
        o.push_str("</li>");
    }
    o.push_str("</ol>");
}

/// The Markdown report, made from the masked paste's inventory (accounts already stand-ins).
pub fn report_markdown(masked: &InventoryReport) -> String {
    format!(
        "{}\n{STAND_IN_NOTE}\n",
        authlens_core::inventory::render_markdown(masked, false)
            .trim_end()
            .trim_end_matches("Accounts are replaced by stand-ins; secrets are redacted.")
            .trim_end()
    )
}

#[cfg(all(test, feature = "full", not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use authlens_core::{analyse, Options, Timestamp};

    const PS: &str = include_str!(
        "../../authlens-core/tests/fixtures/inventory/get-adminpowerappconnection.json"
    );
    const CREDS: &str =
        include_str!("../../authlens-core/tests/fixtures/inventory/az-ad-app-credential-list.json");

    #[test]
    fn renders_each_item_with_its_status_and_the_timeline_escaped() {
        let now = Options::at(Timestamp::parse("2026-11-30T00:00:00Z").unwrap_or(Timestamp(0)));
        let a = analyse(CREDS, &now);
        let r = a.inventory().expect("an inventory");
        let html = inventory_html(r);
        for id in [
            "inventory-kind",
            "inventory-summary",
            "inventory-items",
            "inventory-timeline",
        ] {
            assert!(html.contains(&format!(r#"data-testid="{id}""#)), "{id}");
        }
        assert_eq!(
            html.matches(r#"data-item="credential""#).count(),
            r.credentials.len()
        );
        assert!(html.contains(r#"data-status="expired""#), "{html}");
        assert!(html.contains(r#"data-status="healthy""#));
        assert!(!html.contains("style=") && !html.contains("<style"));
        let a = analyse(PS, &now);
        let html = inventory_html(a.inventory().expect("connections"));
        assert!(html.contains(r#"data-item="connection" data-status="error""#));
        assert!(summary(a.inventory().expect("x")).starts_with("Credentials and connections: "));
    }
}
