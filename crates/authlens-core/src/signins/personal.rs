//! Personal data in a pasted sign-in log: people's names, user principal names, IP addresses,
//! places and device names. The page shows them (the admin's own screen), but a share link or a
//! report leaves the machine, so there they are replaced by stand-ins (`user 1`, `IP 2`,
//! `city 1`, …): the same value always by the same stand-in, numbered in the export's order, so
//! the patterns and the join to a run (by account) read the same for the recipient.
//!
//! Masking a masked paste changes nothing (a stand-in stands for itself). The stand-ins are the
//! one mechanism of [`crate::redact::personal::StandIns`]; this file says what in a sign-in log
//! is personal, and where (JSON fields, CSV columns).

use super::parse;
use crate::history::csv;
use crate::redact::personal::{apply_stand_ins, StandInCut as Cut, StandIns};
use serde_json::Value;
/// Free-text search costs values × bytes; above this budget only the text outside the log (a
/// run's output pasted beside it) is searched.
const FREE_TEXT_BUDGET: usize = 64 << 20;

fn str_at<'v>(v: &'v Value, path: &[&str]) -> Option<&'v str> {
    let mut cur = v;
    for k in path {
        cur = cur.get(k)?;
    }
    cur.as_str()
}

/// The personal values of one JSON sign-in event, with their kinds.
const JSON_FIELDS: &[(&str, &[&str])] = &[
    ("user", &["userPrincipalName"]),
    ("name", &["userDisplayName"]),
    ("IP", &["ipAddress"]),
    ("city", &["location", "city"]),
    ("region", &["location", "state"]),
    ("country", &["location", "countryOrRegion"]),
    ("device", &["deviceDetail", "displayName"]),
];

/// The CSV columns (lowercased) that hold personal values, with their kinds.
const CSV_COLUMNS: &[(&str, &str)] = &[
    ("username", "user"),
    ("user principal name", "user"),
    ("user", "name"),
    ("user display name", "name"),
    ("ip address", "IP"),
    ("location", "place"),
    ("device", "device"),
];

fn collect(text: &str) -> (StandIns, bool, Vec<(usize, usize)>) {
    let mut s = StandIns::default();
    let json = parse::each_json_event(text, |e| {
        for (kind, path) in JSON_FIELDS {
            if let Some(v) = str_at(e, path) {
                s.add(kind, v);
            }
        }
        // The place as the parser joins it ("city, state, country"), which pattern details and
        // reports quote.
        if let Some(l) = e.get("location") {
            let parts: Vec<&str> = ["city", "state", "countryOrRegion"]
                .iter()
                .filter_map(|k| l.get(k).and_then(Value::as_str))
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            if parts.len() > 1 {
                s.add("place", &parts.join(", "));
            }
        }
    });
    if let Some((_, ranges)) = json {
        return (s, true, ranges);
    }
    if let Some((_, (start, end))) = parse::from_csv(text) {
        let csv_text = text.get(start..end).unwrap_or("");
        let rows = csv::records(csv_text, csv::detect_separator(csv_text));
        if let Some((header, body)) = rows.split_first() {
            let cols: Vec<(usize, &'static str)> = header
                .iter()
                .enumerate()
                .filter_map(|(i, h)| {
                    let h = h.trim().to_ascii_lowercase();
                    CSV_COLUMNS
                        .iter()
                        .find(|(c, _)| *c == h)
                        .map(|(_, k)| (i, *k))
                })
                .collect();
            for row in body.iter().take(parse::MAX_SIGN_INS) {
                for (i, kind) in &cols {
                    if let Some(v) = row.get(*i) {
                        s.add(kind, v);
                    }
                }
            }
        }
        return (s, false, vec![(start, end)]);
    }
    (s, false, Vec::new())
}

/// Whole CSV cells equal to a personal value (quoted or not).
fn csv_cell_cuts(text: &str, base: usize, s: &StandIns, cuts: &mut Vec<Cut>) {
    let sep = csv::detect_separator(text);
    let b = text.as_bytes();
    let mut i = 0;
    while i <= b.len() {
        // One cell from `i`.
        let (start, end, next) = if b.get(i) == Some(&b'"') {
            let mut j = i + 1;
            while j < b.len() {
                if b[j] == b'"' {
                    if b.get(j + 1) == Some(&b'"') {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            let after = text[j.min(b.len())..]
                .find([sep, '\n'])
                .map_or(b.len(), |k| j + k);
            (i + 1, j.min(b.len()), after)
        } else {
            let e = text[i.min(b.len())..]
                .find([sep, '\n', '\r'])
                .map_or(b.len(), |k| i + k);
            (i, e, e)
        };
        if let Some(cell) = text.get(start..end) {
            if let Some(stand_in) = s.get(&cell.replace("\"\"", "\"")) {
                if stand_in != cell.trim() {
                    cuts.push((base + start, base + end, stand_in.to_string()));
                }
            }
        }
        // Past the separator or line end (a `\r\n` counts as one).
        let mut n = next;
        while n < b.len() && b[n] == b'\r' {
            n += 1;
        }
        i = n + 1;
    }
}

/// `text` with every personal value of the sign-in log it holds (user principal names, display
/// names, IP addresses, places, device names) replaced by a stand-in, wherever it appears in the
/// paste (the log, and a run's output pasted beside it). A paste without a sign-in log comes back
/// unchanged.
pub fn mask_personal(text: &str) -> String {
    if text.len() > crate::MAX_INPUT_BYTES || !super::looks_like_signins(text) {
        return text.to_string();
    }
    let (s, json, ranges) = collect(text);
    if s.is_empty() {
        return text.to_string();
    }
    let mut cuts: Vec<Cut> = Vec::new();
    if json {
        // JSON strings anywhere: the log's, and a run output's (`"user": "…"`).
        s.json_string_cuts(text, 0, &mut cuts);
    } else if let Some(&(start, end)) = ranges.first() {
        csv_cell_cuts(text.get(start..end).unwrap_or(""), start, &s, &mut cuts);
    }
    // Free text: longest values first, so a name inside an address is not cut on its own.
    let values = s.values_for_free_text();
    let small = values.len().saturating_mul(text.len()) <= FREE_TEXT_BUDGET;
    let mut at = 0;
    let mut segments: Vec<(usize, usize, bool)> = Vec::new();
    for &(start, end) in &ranges {
        segments.push((at, start.max(at), false));
        segments.push((start.max(at), end.max(at), true));
        at = end.max(at);
    }
    segments.push((at, text.len(), false));
    for (start, end, in_log) in segments {
        if start >= end || (in_log && !small) {
            continue;
        }
        if let Some(seg) = text.get(start..end) {
            if !in_log && !json {
                s.json_string_cuts(seg, start, &mut cuts);
            }
            s.free_text_cuts(seg, start, &values, &mut cuts);
        }
    }
    apply_stand_ins(text, cuts)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{Options, Timestamp};

    const PORTAL: &str = include_str!("../../tests/fixtures/signins/portal-interactive-mfa.json");
    const GRAPH: &str = include_str!("../../tests/fixtures/signins/graph-two-pages.json");
    const CA: &str = include_str!("../../tests/fixtures/signins/portal-ca-block-across-apps.json");
    const CSV: &str = include_str!("../../tests/fixtures/signins/portal-interactive.csv");
    const SP_CSV: &str = include_str!("../../tests/fixtures/signins/service-principal.csv");
    const RUN: &str = include_str!("../../tests/fixtures/signins/run-output-401.json");

    fn opts() -> Options {
        Options::at(Timestamp(1_764_000_000))
    }

    /// Every personal value the parser read, for the assertions.
    fn personal(text: &str) -> Vec<String> {
        let r = super::super::analyse(text, &opts()).unwrap();
        let mut out = Vec::new();
        for s in &r.sign_ins {
            if s.service_principal || s.managed_identity {
                continue;
            }
            out.extend(s.user.clone());
            out.extend(s.ip.clone());
            out.extend(s.location.clone());
        }
        out
    }

    #[test]
    fn every_personal_value_is_replaced_and_the_analysis_reads_the_same() {
        for text in [PORTAL, GRAPH, CA, CSV] {
            let masked = mask_personal(text);
            let values = personal(text);
            assert!(!values.is_empty());
            for v in &values {
                assert!(!masked.contains(v.as_str()), "{v} left in {masked}");
            }
            assert!(
                masked.contains("user 1") && masked.contains("IP 1"),
                "{masked}"
            );
            let a = super::super::analyse(text, &opts()).unwrap();
            let b = super::super::analyse(&masked, &opts()).unwrap();
            assert_eq!((a.total, a.failed), (b.total, b.failed));
            let codes = |r: &super::super::SignInReport| {
                r.patterns.iter().map(|p| p.code).collect::<Vec<_>>()
            };
            assert_eq!(codes(&a), codes(&b));
            assert_eq!(a.policies.len(), b.policies.len());
            assert_eq!(mask_personal(&masked), masked, "masking is idempotent");
        }
    }

    #[test]
    fn a_run_beside_the_log_loses_the_account_too_and_ids_stay() {
        let both = format!("{RUN}\n{PORTAL}");
        let masked = mask_personal(&both);
        assert!(!masked.contains("flow.owner@contoso.com"), "{masked}");
        assert!(!masked.contains("198.51.100.7"));
        assert!(masked.contains("The connection's account user 1 could not"));
        // Correlation ids and error codes are what support asks for: kept.
        assert!(masked.contains("0a1b2c3d-0000-4000-8000-00000000000a"));
        assert!(masked.contains("50076"));
        // The recipient's reading: the masked run still joins the masked log.
        let log = super::super::analyse(&masked, &opts()).unwrap();
        let run = &masked[..masked.find("\n[").unwrap()];
        let mut report = crate::diagnose(run, &opts());
        let m = super::super::join(run, &mut report, &log, &opts()).unwrap();
        assert_eq!(m.user.as_deref(), Some("user 1"));
        let top = &report.findings[0].explanation;
        assert!(top.contains("Require MFA for all users"), "{top}");
    }

    #[test]
    fn a_run_above_a_csv_download_is_masked_and_diagnosed_beside_it() {
        let both = format!("{RUN}\n{CSV}");
        let masked = mask_personal(&both);
        assert!(!masked.contains("flow.owner@contoso.com") && !masked.contains("198.51.100.7"));
        assert!(masked.starts_with("{\n  \"statusCode\": 401"));
        assert_eq!(mask_personal(&masked), masked);
        let log = super::super::analyse(&both, &opts()).unwrap();
        assert_eq!((log.total, log.failed), (3, 2));
        // The log starts where its header does: the run above it stays the run's.
        assert_eq!(log.ranges, vec![(RUN.len() + 1, both.len())]);
        // A sentence naming a failure reason and a date is not a CSV header.
        let mail = "Hi,\nFailure reason: MFA required, Date: 2026-11-23, request id 1, see below, thanks\n";
        assert!(!super::super::looks_like_signins(mail));
    }

    #[test]
    fn service_principals_and_other_pastes_are_left_alone() {
        // App names are not personal; the places of the calls are.
        let masked = mask_personal(SP_CSV);
        assert!(masked.contains("nightly-export-app"));
        assert!(!masked.contains("192.0.2.10") && !masked.contains("Dublin, Leinster, IE"));
        assert_eq!(mask_personal(RUN), RUN);
        let text = "AADSTS50076 for flow.owner@contoso.com";
        assert_eq!(mask_personal(text), text);
    }
}
