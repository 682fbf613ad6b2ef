//! The report as plain text for the CLI.

use super::auth::auth_summary;
use super::headers::group_headers;
use super::params::group_pairs;
use super::{CompareReport, Difference, SideReport};
use crate::order;
use crate::request::model::{Body, Request};
use std::collections::BTreeMap;

fn side_lines(out: &mut String, label: &str, s: &SideReport) {
    out.push_str(&format!("{label}: {}\n", s.kind));
    if let Some(e) = &s.error {
        out.push_str(&format!("  error: {e}\n"));
    }
    for n in &s.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
}

/// Rows of the side-by-side listing; `r` is already redacted, so values are shown as they are.
pub(super) fn rows(r: &Request) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("1 method".to_string(), r.method.clone());
    m.insert("2 url".to_string(), {
        let mut u = format!("{}://{}", r.url.scheme, r.url.host);
        if let Some(p) = r.url.port {
            u.push_str(&format!(":{p}"));
        }
        u.push_str(&r.url.path);
        u
    });
    m.insert(
        "3 auth".to_string(),
        r.auth
            .as_ref()
            .map(auth_summary)
            .unwrap_or_else(|| "(none)".into()),
    );
    for (k, vs) in group_pairs(&r.url.query) {
        m.insert(format!("4 query {k}"), vs.join(", "));
    }
    for (k, (_, vs)) in group_headers(r) {
        if k == "authorization" {
            continue;
        }
        m.insert(format!("5 header {k}"), vs.join(", "));
    }
    let body = match &r.body {
        Body::None => "(none)".to_string(),
        Body::Json(v) => crate::text::shorten(&v.to_string(), 200),
        Body::Form(p) => p
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&"),
        Body::Text(t) => crate::text::shorten(t, 200),
    };
    m.insert("6 body".to_string(), body);
    m
}

/// The report as text for the CLI: sides, ranked differences (expected noise folded), then a
/// side-by-side normalised listing. Deterministic.
pub fn render_text(report: &CompareReport) -> String {
    let mut out = String::new();
    out.push_str("AuthLens request comparison\n\n");
    side_lines(&mut out, "Left", &report.left);
    side_lines(&mut out, "Right", &report.right);
    out.push('\n');
    let (real, noise): (Vec<&Difference>, Vec<&Difference>) =
        report.differences.iter().partition(|d| !d.expected);
    if report.left.request.is_none() || report.right.request.is_none() {
        out.push_str("No comparison: a side could not be read (see the error above).\n");
        return out;
    }
    if real.is_empty() {
        out.push_str("No differences that matter");
    } else {
        out.push_str(&format!("Differences ({})", real.len()));
    }
    if noise.is_empty() {
        out.push_str(".\n");
    } else {
        out.push_str(&format!(
            "; {} expected client-added difference(s) folded ({}).\n",
            noise.len(),
            noise
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (i, d) in real.iter().enumerate() {
        out.push_str(&format!(
            "{:>2}. [{}] {} {}: {}\n",
            i + 1,
            d.severity.as_str(),
            d.part,
            d.name,
            d.explanation
        ));
        out.push_str(&format!(
            "      left:  {}\n      right: {}\n",
            d.left.as_deref().unwrap_or("(absent)"),
            d.right.as_deref().unwrap_or("(absent)")
        ));
    }
    if let (Some(l), Some(r)) = (&report.left.request, &report.right.request) {
        out.push_str("\nSide by side (normalised; `=` same, `≠` different):\n");
        let (ml, mr) = (rows(l), rows(r));
        let keys = order::sorted_unique(ml.keys().chain(mr.keys()).collect());
        for k in keys {
            let label = k.split_once(' ').map_or(k.as_str(), |(_, x)| x);
            let a = ml.get(k).map_or("(absent)", String::as_str);
            let b = mr.get(k).map_or("(absent)", String::as_str);
            if a == b {
                out.push_str(&format!("  = {label}: {a}\n"));
            } else {
                out.push_str(&format!(
                    "  ≠ {label}:\n      left:  {a}\n      right: {b}\n"
                ));
            }
        }
    }
    out
}
