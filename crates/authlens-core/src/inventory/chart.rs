//! The inventory's timeline of expiry dates, in the run history's manner (lanes of marks on one
//! time axis, classes the page colours, `role="img"` with a title and a description): one mark
//! per secret or certificate at its end date, in the lane of its status, with "now" and the 7-
//! and 30-day horizons drawn across.

use super::{ExpiryStatus, InventoryReport, DAY};
use crate::time::Timestamp;
use std::fmt::Write;

const W: f64 = 800.0;
const H: f64 = 230.0;
const LEFT: f64 = 110.0;
const RIGHT: f64 = 780.0;
const TOP: f64 = 30.0;
const LANE: f64 = 38.0;
const AXIS: f64 = TOP + 4.0 * LANE + 8.0;

/// The lanes, top to bottom: the status each holds, its label and the mark's class.
const LANES: [(ExpiryStatus, &str, &str); 4] = [
    (ExpiryStatus::Expired, "expired", "inv-expired"),
    (ExpiryStatus::ExpiresWithin7Days, "≤ 7 days", "inv-week"),
    (ExpiryStatus::ExpiresWithin30Days, "≤ 30 days", "inv-month"),
    (ExpiryStatus::Healthy, "later", "inv-healthy"),
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn day(t: i64) -> String {
    Timestamp(t).to_rfc3339().chars().take(10).collect()
}

/// Inline SVG without a `<style>` element (a strict CSP blocks inline styles): the page colours
/// `inv-expired`, `inv-week`, `inv-month`, `inv-healthy`, `axis` and `horizon`.
pub fn chart_svg_unstyled(r: &InventoryReport) -> String {
    let now = Timestamp::parse(&r.now).map_or(0, |t| t.0);
    let marks: Vec<(i64, &super::TimelineEntry)> = r
        .timeline
        .iter()
        .filter_map(|e| Some((Timestamp::parse(&e.date)?.0, e)))
        .collect();
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="history-chart inventory-chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="ic-title ic-desc">"#
    );
    let c = &r.counts;
    let _ = write!(
        o,
        r#"<title id="ic-title">Expiry dates: {} credentials, {} expired, {} within 7 days, {} within 30 days, {} later</title>"#,
        marks.len(),
        c.expired,
        c.expires_within_7_days,
        c.expires_within_30_days,
        c.healthy
    );
    let desc = match (marks.first(), marks.last()) {
        (Some(a), Some(b)) => format!(
            "Judged against {}. End dates from {} to {}; the table below lists each one.",
            day(now),
            day(a.0),
            day(b.0)
        ),
        _ => "No credential with an end date.".to_string(),
    };
    let _ = write!(o, r#"<desc id="ic-desc">{}</desc>"#, esc(&desc));
    if marks.is_empty() {
        let _ = write!(
            o,
            r#"<text x="{}" y="{}" text-anchor="middle">No credential with an end date</text></svg>"#,
            W / 2.0,
            H / 2.0
        );
        return o;
    }
    // The axis spans every end date, now and the 30-day horizon.
    let t0 = marks.iter().map(|m| m.0).min().unwrap_or(now).min(now);
    let t1 = marks
        .iter()
        .map(|m| m.0)
        .max()
        .unwrap_or(now)
        .max(now + 30 * DAY);
    let span = (t1 - t0).max(1) as f64;
    let x = |t: i64| LEFT + (t - t0) as f64 / span * (RIGHT - LEFT);
    for (i, (_, label, _)) in LANES.iter().enumerate() {
        let _ = write!(
            o,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{label}</text>"#,
            LEFT - 8.0,
            TOP + i as f64 * LANE + 20.0
        );
    }
    let _ = write!(
        o,
        r#"<line class="axis" x1="{LEFT}" y1="{AXIS}" x2="{RIGHT}" y2="{AXIS}"/>"#
    );
    for (t, label) in [
        (now, "now"),
        (now + 7 * DAY, "+7 d"),
        (now + 30 * DAY, "+30 d"),
    ] {
        let _ = write!(
            o,
            r#"<line class="{}" x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{AXIS}"/><text x="{x:.1}" y="{}" text-anchor="middle">{label}</text>"#,
            if t == now {
                "axis now"
            } else {
                "horizon change-point"
            },
            TOP - 8.0,
            x = x(t)
        );
    }
    for (t, anchor) in [(t0, "start"), (t1, "end")] {
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
            x(t),
            AXIS + 16.0,
            day(t)
        );
    }
    for (t, e) in &marks {
        let lane = LANES.iter().position(|l| l.0 == e.status).unwrap_or(3);
        let _ = write!(
            o,
            r#"<rect class="{}" x="{:.1}" y="{:.1}" width="4" height="24"><title>{} · {} · {}</title></rect>"#,
            LANES[lane].2,
            x(*t) - 2.0,
            TOP + lane as f64 * LANE + 4.0,
            esc(&e.label),
            day(*t),
            e.status.label()
        );
    }
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::Options;

    #[test]
    fn one_mark_per_end_date_in_the_lane_of_its_status() {
        let text = include_str!("../../tests/fixtures/inventory/az-ad-app-credential-list.json");
        let now = Timestamp::parse("2026-11-30T00:00:00Z").unwrap();
        let r = super::super::analyse(text, &Options::at(now)).unwrap();
        let svg = chart_svg_unstyled(&r);
        assert_eq!(svg.matches("<rect ").count(), r.timeline.len());
        for (status, _, class) in LANES {
            let n = r.timeline.iter().filter(|e| e.status == status).count();
            assert_eq!(
                svg.matches(&format!(r#"class="{class}""#)).count(),
                n,
                "{class}"
            );
        }
        assert!(svg.contains(r#"aria-labelledby="ic-title ic-desc""#));
        assert!(svg.contains("Judged against 2026-11-30"));
        assert!(!svg.contains("<style") && !svg.contains("<script"));
        // Labels are escaped.
        let mut r2 = r.clone();
        r2.timeline[0].label = "<b>&".into();
        assert!(chart_svg_unstyled(&r2).contains("&lt;b&gt;&amp;"));
    }
}
