//! The comparison as Markdown for a ticket (`authlens compare --markdown`, the page's Compare
//! report): the sides, the differences that matter grouped by request part with their
//! explanation and both values, the expected noise folded, the side-by-side listing as a table.
//! Values are already redacted in the report; the whole text goes through the redactor once more.

use super::text::rows;
use super::{CompareReport, Difference, SideReport, PARTS};
use crate::order;
use std::fmt::Write;

/// A detected request format in words (the format's id stays in the JSON's `kind`).
pub fn format_name(kind: &str) -> &str {
    match kind {
        "flow-raw-inputs" => "the flow's raw inputs",
        "postman-collection" => "Postman collection",
        "postman-console" => "Postman console",
        "raw-http" => "raw HTTP",
        "curl" => "cURL",
        "har" => "HAR file",
        "powershell" => "PowerShell (Invoke-RestMethod / Invoke-WebRequest)",
        "fetch" => "fetch call",
        other => other,
    }
}

/// An explanation as a sentence: a capital first, a full stop last (the comparison writes
/// them as clauses: "header missing on the failing side").
pub fn sentence(text: &str) -> String {
    let t = text.trim();
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    // A plain word gets its capital; a name (`x-ms-client-request-id`, `aud`) stays as sent.
    let word = t.split(' ').next().unwrap_or("");
    let mut out = if word.bytes().all(|c| c.is_ascii_lowercase()) {
        let mut o: String = first.to_uppercase().collect();
        o.push_str(chars.as_str());
        o
    } else {
        t.to_string()
    };
    if !out.ends_with(['.', '!', '?', ':', ')']) {
        out.push('.');
    }
    out
}

/// The comparison in one line ("Compare: 2 differences that matter").
pub fn summary(report: &CompareReport) -> String {
    if report.left.request.is_none() || report.right.request.is_none() {
        return "Compare: a side could not be read".into();
    }
    match report.differences.iter().filter(|d| !d.expected).count() {
        0 => "Compare: no differences that matter".into(),
        1 => "Compare: 1 difference that matters".into(),
        n => format!("Compare: {n} differences that matter"),
    }
}

/// A value as inline code (backticks inside would end it early), or "(absent)".
fn code(v: Option<&str>) -> String {
    match v {
        Some(v) => format!("`{}`", v.replace('`', "'").replace(['\n', '\r'], " ")),
        None => "(absent)".into(),
    }
}

/// A table cell: no pipe or line break may leave it.
fn cell(v: Option<&str>) -> String {
    code(v).replace('|', "\\|")
}

fn side(o: &mut String, label: &str, s: &SideReport) {
    let _ = writeln!(o, "- **{label}:** {}", format_name(&s.kind));
    if let Some(e) = &s.error {
        let _ = writeln!(o, "  - Could not be read: {}", sentence(e));
    }
    if let Some(p) = &s.picked {
        let _ = writeln!(
            o,
            "  - Compared {} ({} of {}): {}",
            code(Some(&p.name)),
            p.index + 1,
            p.of,
            sentence(&p.reason)
        );
    }
    // "compared: …" says again what the line above says.
    for n in s
        .notes
        .iter()
        .filter(|n| s.picked.is_none() || !n.starts_with("compared: "))
    {
        let _ = writeln!(o, "  - {}", sentence(n));
    }
}

fn difference(o: &mut String, n: usize, d: &Difference) {
    let _ = writeln!(
        o,
        "{n}. **{}** {}: {}",
        d.severity.as_str(),
        code(Some(&d.name)),
        sentence(&d.explanation)
    );
    let _ = writeln!(o, "   - Working: {}", code(d.left.as_deref()));
    let _ = writeln!(o, "   - Failing: {}", code(d.right.as_deref()));
}

/// The report as Markdown. Deterministic; the same text in the CLI and the page.
pub fn render_markdown(report: &CompareReport) -> String {
    let mut o = String::from("## AuthLens request comparison\n\n");
    let summary = summary(report);
    let _ = writeln!(
        o,
        "{}\n",
        sentence(summary.strip_prefix("Compare: ").unwrap_or(&summary))
    );
    side(&mut o, "Working request", &report.left);
    side(&mut o, "Failing request", &report.right);
    if report.left.request.is_some() && report.right.request.is_some() {
        let (real, noise): (Vec<&Difference>, Vec<&Difference>) =
            report.differences.iter().partition(|d| !d.expected);
        // By request part, in the order parts explain failures (the report's ranking within).
        let mut n = 0;
        for p in PARTS {
            let here: Vec<&&Difference> = real.iter().filter(|d| d.part == p.code).collect();
            if here.is_empty() {
                continue;
            }
            let _ = writeln!(o, "\n### {} (`{}`)\n", p.title, p.code);
            for d in here {
                n += 1;
                difference(&mut o, n, d);
            }
        }
        // A part this list does not know yet still gets reported.
        let other: Vec<&&Difference> = real
            .iter()
            .filter(|d| !PARTS.iter().any(|p| p.code == d.part))
            .collect();
        if !other.is_empty() {
            o.push_str("\n### Other\n\n");
            for d in other {
                n += 1;
                difference(&mut o, n, d);
            }
        }
        if !noise.is_empty() {
            let _ = writeln!(
                o,
                "\n<details><summary>{} expected difference(s) the clients add on their own (folded)</summary>\n",
                noise.len()
            );
            for d in &noise {
                let _ = writeln!(
                    o,
                    "- {} {}: {} Working: {}; failing: {}.",
                    d.part,
                    code(Some(&d.name)),
                    sentence(&d.explanation),
                    code(d.left.as_deref()),
                    code(d.right.as_deref())
                );
            }
            o.push_str("\n</details>\n");
        }
    }
    if let (Some(l), Some(r)) = (&report.left.request, &report.right.request) {
        o.push_str("\n### Side by side (normalised)\n\n| | Part | Working | Failing |\n|---|---|---|---|\n");
        let (ml, mr) = (rows(l), rows(r));
        for k in order::sorted_unique(ml.keys().chain(mr.keys()).collect()) {
            let label = k.split_once(' ').map_or(k.as_str(), |(_, x)| x);
            let (a, b) = (ml.get(k), mr.get(k));
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                if a == b { "=" } else { "≠" },
                label.replace('|', "\\|"),
                cell(a.map(String::as_str)),
                cell(b.map(String::as_str))
            );
        }
    }
    o.push_str("\n_Analysed locally by AuthLens; secrets redacted._\n");
    crate::redact::redact(&o)
}
