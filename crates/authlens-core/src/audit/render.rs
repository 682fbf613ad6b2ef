//! The audit as plain text (the CLI, snapshots) and as Markdown for a ticket. Quoted values were
//! redacted when the findings were made; the Markdown report also replaces the accounts behind
//! connections by stand-ins (`user 1`) unless asked to keep them.

use super::AuditReport;
use crate::diagnostic::Doc;
use crate::redact::personal::StandIns;
use std::fmt::Write;

fn body(r: &AuditReport, md: bool, keep_personal: bool) -> String {
    let mut o = String::new();
    // Accounts named in connections, replaced by stand-ins everywhere in the Markdown report
    // (the one stand-in mechanism: `user 1`, as a share link's masked paste has them).
    let mut people = StandIns::default();
    for a in r.connections.iter().filter_map(|c| c.account.as_deref()) {
        people.add("user", a);
    }
    let doc = Doc::new(md, keep_personal, people);
    let h = |o: &mut String, t: &str| doc.heading(o, t);
    let scrub = |s: &str| doc.scrub(s);
    if md {
        let _ = writeln!(o, "# AuthLens definition audit\n");
    }
    let names = if r.workflows.is_empty() {
        String::new()
    } else {
        format!(" “{}”", r.workflows.join("”, “"))
    };
    let _ = writeln!(
        o,
        "{}{names}: {} trigger{}, {} action{}.",
        r.format_label,
        r.triggers,
        if r.triggers == 1 { "" } else { "s" },
        r.actions,
        if r.actions == 1 { "" } else { "s" }
    );
    let _ = writeln!(o, "{}", scrub(&r.summary));
    if !r.findings.is_empty() {
        h(&mut o, "Findings");
        for f in &r.findings {
            let sev = match f.severity {
                crate::Severity::Error => "error",
                crate::Severity::Warning => "warning",
                crate::Severity::Info => "info",
            };
            let _ = writeln!(
                o,
                "- {} {} [{}] ({sev}): {}",
                f.code,
                f.check,
                f.category.as_str(),
                scrub(&f.title)
            );
            let _ = writeln!(o, "  {}", scrub(&f.explanation));
            let _ = writeln!(o, "  At: {} ({})", scrub(&f.action), f.path);
            if let Some(e) = &f.evidence {
                if md {
                    let _ = writeln!(o, "  Evidence: `{}`", scrub(e).replace('`', "'"));
                } else {
                    let _ = writeln!(o, "  Evidence: {}", scrub(e));
                }
            }
            let _ = writeln!(o, "  Why: {}", f.why);
            let _ = writeln!(o, "  Fix ({}): {}", f.fix.location, f.fix.steps.join(" "));
        }
    }
    if !r.connections.is_empty() {
        h(&mut o, "Connections");
        for c in &r.connections {
            let who = match &c.account {
                Some(a) => format!("{} ({})", scrub(a), c.identity_label),
                None => c.identity_label.to_string(),
            };
            let _ = writeln!(o, "- {} · {} · signs in as: {who}", c.name, c.connector);
            if !c.used_by.is_empty() {
                let _ = writeln!(o, "  Used by: {}", c.used_by.join(", "));
            }
            let _ = writeln!(o, "  {}", scrub(&c.if_person_leaves));
        }
    }
    doc.finish(o, &r.notes)
}

/// Plain text, accounts as in the export (the person's own screen); secrets redacted.
pub fn render_text(r: &AuditReport) -> String {
    body(r, false, true)
}

/// Markdown for a ticket; accounts replaced unless `keep_personal`; secrets redacted.
pub fn render_markdown(r: &AuditReport, keep_personal: bool) -> String {
    body(r, true, keep_personal)
}
