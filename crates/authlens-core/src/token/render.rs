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

/// The claims (payload names; `header.alg` style names for the decoded header) each check reads:
/// the page highlights them in the decoded JSON and links each check to them.
pub fn claims_of_check(id: &str) -> &'static [&'static str] {
    match id {
        "time.expired" => &["exp"],
        "time.not-yet-valid" => &["nbf"],
        "time.issued-in-future" => &["iat"],
        "time.at-run" => &["exp", "nbf"],
        "lifetime" => &["iat", "exp"],
        "audience" => &["aud"],
        "permissions" => &["scp", "roles"],
        "tenant" => &["tid", "iss"],
        "identity" => &["idtyp", "scp", "roles"],
        "mfa" => &["amr", "acrs"],
        "alg" | "signature" => &["header.alg", "header.kid", "header.nonce"],
        _ => &[],
    }
}

/// The report as Markdown for a ticket ("Copy report" of the Token view): kind, where the token
/// came from, the checks, the claims, the decoded header; never the token itself (its redacted
/// form at most). Deterministic; passes through [`crate::redact::redact`].
pub fn render_markdown(report: &TokenReport) -> String {
    let mut o = String::from("## AuthLens token check\n\n");
    let verified = if report.verified {
        "signature verified"
    } else {
        "decoded, not verified"
    };
    let _ = writeln!(o, "**Kind:** {} ({verified})", report.kind);
    if let Some(s) = &report.source {
        if let Some(p) = s.picked() {
            let _ = writeln!(
                o,
                "\n**Read from:** {}; inspected its {} (`{}`).",
                s.label,
                p.role.label(),
                if p.field.is_empty() { "-" } else { &p.field }
            );
        }
        for (i, t) in s.tokens.iter().enumerate() {
            if i != s.picked {
                let _ = writeln!(
                    o,
                    "- Also found: {} (`{}`): {}",
                    t.role.label(),
                    if t.field.is_empty() { "-" } else { &t.field },
                    t.role.note()
                );
            }
        }
    }
    if let Some(sc) = &report.scheme {
        let _ = writeln!(o, "\n**Scheme:** `{}`", sc.name);
    }
    if let Some(m) = &report.message {
        let _ = writeln!(o, "\n{m}");
    }
    if !report.checks.is_empty() {
        let _ = writeln!(o, "\n### Checks\n");
        for c in &report.checks {
            let _ = writeln!(
                o,
                "- **{}** `{}`: {}",
                c.status.label().to_ascii_uppercase(),
                c.id,
                c.message
            );
        }
    }
    if !report.claims.is_empty() {
        let _ = writeln!(o, "\n### Claims\n\n| claim | value |\n|---|---|");
        for c in &report.claims {
            let _ = writeln!(
                o,
                "| `{}` | {} |",
                c.name,
                crate::text::shorten(&c.display, 200)
                    .replace('|', "\\|")
                    .replace('\n', " ")
            );
        }
    }
    if let Some(h) = &report.header {
        let _ = writeln!(o, "\n**Decoded header:** `{h}`");
    }
    if !report.redacted.is_empty() {
        let _ = writeln!(o, "\n**Redacted token:** `{}`", report.redacted);
    }
    let _ = writeln!(o, "\n_Analysed locally by AuthLens; secrets redacted._");
    crate::redact::redact(&o)
}
