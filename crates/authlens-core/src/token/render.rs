//! Plain-text rendering for the CLI. Deterministic: same report, same text.

use super::TokenReport;
use std::fmt::Write;

pub fn render_text(report: &TokenReport) -> String {
    let mut out = String::new();
    let verified = if report.verified {
        "signature verified"
    } else {
        "decoded, not verified"
    };
    let _ = writeln!(out, "Token kind: {} ({verified})", report.kind);
    if let Some(s) = &report.scheme {
        let _ = write!(out, "Scheme: {}", s.name);
        if let Some(u) = &s.basic_user {
            let _ = write!(
                out,
                " (user {u}, password of {} characters)",
                s.basic_password_len.unwrap_or(0)
            );
        }
        out.push('\n');
    }
    if let Some(m) = &report.message {
        let _ = writeln!(out, "{m}");
    }
    if !report.checks.is_empty() {
        out.push_str("\nChecks:\n");
        for c in &report.checks {
            let _ = writeln!(
                out,
                "  [{:<7}] {:<21} {}",
                c.status.label().to_ascii_uppercase(),
                c.id,
                c.message
            );
        }
    }
    if let Some(h) = &report.header {
        let _ = writeln!(out, "\nHeader: {h}");
    }
    if !report.claims.is_empty() {
        out.push_str("\nClaims:\n");
        let w = report
            .claims
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(24);
        for c in &report.claims {
            let _ = writeln!(
                out,
                "  {:<w$}  {}",
                c.name,
                crate::text::shorten(&c.display, 200)
            );
            if !c.explanation.is_empty() {
                let _ = writeln!(out, "  {:<w$}  {}", "", c.explanation);
            }
        }
    }
    if !report.redacted.is_empty() {
        let _ = writeln!(out, "\nRedacted: {}", report.redacted);
    }
    out
}
