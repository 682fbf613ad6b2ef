//! The inventory as plain text (the CLI, snapshots) and as Markdown for a ticket. Error messages
//! were redacted when read; the Markdown report also replaces the accounts behind connections by
//! stand-ins (`user 1`) unless asked to keep them.

use super::{CredentialKind, InventoryReport};
use crate::diagnostic::Doc;
use crate::redact::personal::StandIns;
use std::fmt::Write;

fn body(r: &InventoryReport, md: bool, keep_personal: bool) -> String {
    let mut o = String::new();
    // Accounts, and display names that are accounts (Power Platform names connections so):
    // stand-ins by the one mechanism (`user 1`, as a share link's masked paste has them).
    let mut people = StandIns::default();
    let named = r.connections.iter().filter_map(|c| {
        c.display_name
            .as_deref()
            .filter(|d| d.contains('@') && !d.contains(' '))
    });
    for a in r
        .connections
        .iter()
        .filter_map(|c| c.account.as_deref())
        .chain(named)
    {
        people.add("user", a);
    }
    let doc = Doc::new(md, keep_personal, people);
    let h = |o: &mut String, t: &str| doc.heading(o, t);
    let scrub = |s: &str| doc.scrub(s);
    if md {
        let _ = writeln!(o, "# AuthLens credential and connection inventory\n");
    }
    let _ = writeln!(
        o,
        "Read: {}. Judged against {}.",
        r.formats.join("; "),
        r.now
    );
    let _ = writeln!(o, "{}", r.summary);
    if !r.credentials.is_empty() {
        h(&mut o, "Credentials (most urgent first)");
        for c in &r.credentials {
            let kind = match c.kind {
                CredentialKind::Secret => "secret",
                CredentialKind::Certificate => "certificate",
            };
            let app = c.app.as_deref().or(c.app_id.as_deref()).unwrap_or("app");
            let days = match c.days_left {
                Some(d) if d < 0 => format!(", {} days ago", -d),
                Some(d) => format!(", in {d} days"),
                None => String::new(),
            };
            let _ = writeln!(
                o,
                "- [{}] {app} · {kind} “{}” · ends {}{days}",
                c.status_label,
                c.description.as_deref().unwrap_or("(no description)"),
                c.end.as_deref().unwrap_or("?"),
            );
            if !c.consumers.is_empty() {
                let _ = writeln!(o, "  Breaks: {}", c.consumers.join(", "));
            }
            if let Some(n) = &c.replaced_by {
                let _ = writeln!(o, "  Newer credential: {n}");
            }
            if let Some(f) = &c.fix {
                let _ = writeln!(o, "  Fix: {}", f.location);
            }
        }
    }
    if !r.connections.is_empty() {
        h(&mut o, "Connections (failed first)");
        for c in &r.connections {
            let status = c.status.as_deref().unwrap_or("status not listed");
            let _ = write!(
                o,
                "- {} “{}” ({}) · {status}",
                c.source,
                c.display_name.as_deref().unwrap_or(&c.name),
                c.connector.as_deref().unwrap_or("connector unknown")
            );
            if let Some(a) = &c.account {
                let _ = write!(o, " · {}", scrub(a));
            }
            o.push('\n');
            if c.failed {
                if let Some(cat) = c.category {
                    let _ = writeln!(
                        o,
                        "  [{}] {}",
                        cat.as_str(),
                        c.meaning.as_deref().unwrap_or("")
                    );
                }
                if let Some(m) = &c.error_message {
                    let _ = writeln!(
                        o,
                        "  {}: {}",
                        c.error_code.as_deref().unwrap_or("Error"),
                        scrub(&crate::text::shorten(m, 300))
                    );
                }
                if let Some(f) = &c.fix {
                    let _ = writeln!(o, "  Fix: {}", f.location);
                }
            }
        }
    }
    if !r.timeline.is_empty() {
        h(&mut o, "Timeline");
        for t in &r.timeline {
            let _ = writeln!(o, "- {} · {} · {}", t.date, t.label, t.status.label());
        }
    }
    doc.finish(o, &r.notes)
}

/// Plain text, accounts as listed (the person's own screen).
pub fn render_text(r: &InventoryReport) -> String {
    body(r, false, true)
}

/// Markdown for a ticket; accounts replaced unless `keep_personal`.
pub fn render_markdown(r: &InventoryReport, keep_personal: bool) -> String {
    body(r, true, keep_personal)
}
