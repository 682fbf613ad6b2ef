//! The history as an inline SVG: one mark per run (or stacked counts per time slot for long
//! histories), coloured through CSS classes the page's themes can restyle, with the change point
//! of each pattern marked. The accessible table behind it is [`HistoryReport::run_list`].

use super::{HistoryReport, Outcome, Point};
use crate::category::Category;
use crate::time::Timestamp;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Above this many runs, runs are counted per time slot instead of drawn one by one: keeps the
/// SVG a few kilobytes for 100,000 runs.
const MAX_MARKS: usize = 600;
/// Time slots of the bucketed chart.
const SLOTS: usize = 120;

const W: f64 = 800.0;
const H: f64 = 220.0;
const LEFT: f64 = 50.0;
const RIGHT: f64 = 780.0;
const TOP: f64 = 28.0;
const AXIS: f64 = 180.0;

/// Fallback colours; the page overrides them per theme. Failures default to red; categories
/// get distinct hues so stacked slots stay readable.
const PALETTE: &[&str] = &[
    "#e8590c", "#9c36b5", "#f08c00", "#1971c2", "#d6336c", "#0c8599", "#5c940d", "#862e9c",
    "#364fc7", "#a61e4d",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn class_of(p: &Point) -> String {
    match p.outcome {
        Outcome::Success => "run-success".into(),
        Outcome::Other => "run-other".into(),
        Outcome::Failure => match p.category {
            Some(c) => format!("run-failure cat-{}", c.as_str()),
            None => "run-failure cat-unclassified".into(),
        },
    }
}

fn date_label(t: i64, short_span: bool) -> String {
    let s = Timestamp(t).to_rfc3339();
    if short_span {
        // "11-20 10:02"
        format!(
            "{} {}",
            s.get(5..10).unwrap_or(""),
            s.get(11..16).unwrap_or("")
        )
    } else {
        s.get(..10).unwrap_or("").to_string()
    }
}

/// Inline SVG of the history (`role="img"`, with `<title>` and `<desc>` summarising it), with
/// fallback colours in an SVG `<style>` so it stands alone (files, README, the CLI).
pub fn chart_svg(r: &HistoryReport) -> String {
    render(r, true)
}

/// The same chart without the `<style>` element, for pages that colour its classes
/// (`run-success`, `run-other`, `run-failure`, `cat-<category>`, `axis`, `change-point`) from
/// their own stylesheet: a strict CSP blocks inline `<style>`.
pub fn chart_svg_unstyled(r: &HistoryReport) -> String {
    render(r, false)
}

fn render(r: &HistoryReport, styled: bool) -> String {
    let pts = &r.timeline;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="history-chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="hc-title hc-desc">"#
    );
    let _ = write!(
        o,
        r#"<title id="hc-title">Run history: {} runs, {} failed, {} succeeded</title>"#,
        r.runs, r.failures, r.successes
    );
    let mut desc = String::new();
    if r.charted < r.runs {
        let _ = write!(
            desc,
            "Shows the {} of {} runs with a readable start time. ",
            r.charted, r.runs
        );
    }
    if let (Some(a), Some(b)) = (&r.first_run, &r.last_run) {
        let _ = write!(desc, "From {a} to {b}. ");
    }
    if !r.counts_per_category.is_empty() {
        let cats: Vec<String> = r
            .counts_per_category
            .iter()
            .map(|c| format!("{} {}", c.category, c.count))
            .collect();
        let _ = write!(desc, "Failures by category: {}. ", cats.join(", "));
    }
    if r.unclassified_failures > 0 {
        let _ = write!(desc, "Unclassified failures: {}. ", r.unclassified_failures);
    }
    for p in &r.patterns {
        let _ = write!(
            desc,
            "Pattern {}{}. ",
            p.title,
            p.at.as_deref()
                .map(|a| format!(" from {a}"))
                .unwrap_or_default()
        );
    }
    if pts.len() > MAX_MARKS {
        let _ = write!(desc, "Runs are counted per time slot.");
    }
    let _ = write!(o, r#"<desc id="hc-desc">{}</desc>"#, esc(desc.trim()));

    // Fallback styles, scoped to the chart (a `<style>` in inline SVG applies to the whole
    // page); the page's theme rules override them with a more specific selector.
    let mut present: Vec<Category> = r.counts_per_category.iter().map(|c| c.category).collect();
    crate::order::sort(&mut present);
    if styled {
        o.push_str("<style>.history-chart text{fill:currentColor;font:11px sans-serif}.history-chart .axis{stroke:currentColor;stroke-width:1}.history-chart .change-point{stroke:currentColor;stroke-dasharray:4 3}.history-chart .run-success{fill:#2f9e44}.history-chart .run-other{fill:#868e96}.history-chart .run-failure{fill:#c92a2a}");
        for (i, c) in present.iter().enumerate() {
            let _ = write!(
                o,
                ".history-chart .cat-{}{{fill:{}}}",
                c.as_str(),
                PALETTE[i % PALETTE.len()]
            );
        }
        o.push_str("</style>");
    }

    if pts.is_empty() {
        let _ = write!(
            o,
            r#"<text x="{}" y="{}" text-anchor="middle">No runs with a readable time</text></svg>"#,
            W / 2.0,
            H / 2.0
        );
        return o;
    }
    let t0 = pts[0].t;
    let t1 = pts[pts.len() - 1].t;
    let span = (t1 - t0).max(1) as f64;
    let x = |t: i64| LEFT + (t - t0) as f64 / span * (RIGHT - LEFT);

    if pts.len() <= MAX_MARKS {
        // One mark per run, in three lanes: failures on top, other in the middle, successes low.
        for p in pts {
            let y = match p.outcome {
                Outcome::Failure => TOP + 10.0,
                Outcome::Other => TOP + 60.0,
                Outcome::Success => TOP + 110.0,
            };
            let _ = write!(
                o,
                r#"<rect class="{}" x="{:.1}" y="{y}" width="3" height="24"/>"#,
                class_of(p),
                x(p.t) - 1.5
            );
        }
        for (label, y) in [
            ("failed", TOP + 26.0),
            ("other", TOP + 76.0),
            ("ok", TOP + 126.0),
        ] {
            let _ = write!(
                o,
                r#"<text x="{}" y="{y}" text-anchor="end">{label}</text>"#,
                LEFT - 6.0
            );
        }
    } else {
        // Stacked counts per slot: successes at the bottom, then other, then failures by
        // category.
        let slot_len = span / SLOTS as f64;
        let mut slots: Vec<BTreeMap<String, usize>> = vec![BTreeMap::new(); SLOTS];
        for p in pts {
            let i = (((p.t - t0) as f64 / slot_len) as usize).min(SLOTS - 1);
            let key = match p.outcome {
                Outcome::Success => "0 run-success".to_string(),
                Outcome::Other => "1 run-other".to_string(),
                Outcome::Failure => format!("2 {}", class_of(p)),
            };
            *slots[i].entry(key).or_default() += 1;
        }
        let max = slots
            .iter()
            .map(|s| s.values().sum::<usize>())
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let bar_w = (RIGHT - LEFT) / SLOTS as f64;
        for (i, s) in slots.iter().enumerate() {
            let mut y = AXIS;
            for (key, n) in s {
                let h = *n as f64 / max * (AXIS - TOP);
                y -= h;
                let _ = write!(
                    o,
                    r#"<rect class="{}" x="{:.1}" y="{y:.1}" width="{:.1}" height="{h:.1}"/>"#,
                    key.get(2..).unwrap_or(""),
                    LEFT + i as f64 * bar_w,
                    (bar_w - 1.0).max(0.5)
                );
            }
        }
        let _ = write!(
            o,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            LEFT - 6.0,
            TOP + 8.0,
            max as usize
        );
    }

    // Axis with dates.
    let _ = write!(
        o,
        r#"<line class="axis" x1="{LEFT}" y1="{AXIS}" x2="{RIGHT}" y2="{AXIS}"/>"#
    );
    let short = t1 - t0 < 2 * 86_400;
    let ticks = if t1 == t0 { 1 } else { 5 };
    for k in 0..ticks {
        let t = t0 + ((t1 - t0) as f64 * k as f64 / (ticks.max(2) - 1) as f64) as i64;
        let xx = x(t);
        let anchor = match k {
            0 => "start",
            k if k + 1 == ticks => "end",
            _ => "middle",
        };
        let _ = write!(
            o,
            r#"<line class="axis" x1="{xx:.1}" y1="{AXIS}" x2="{xx:.1}" y2="{}"/><text x="{xx:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
            AXIS + 4.0,
            AXIS + 16.0,
            date_label(t, short)
        );
    }

    // Change points.
    for (n, p) in r.patterns.iter().enumerate() {
        let Some(t) = p.at.as_deref().and_then(Timestamp::parse) else {
            continue;
        };
        let xx = x(t.0);
        let anchor = if xx > (LEFT + RIGHT) / 2.0 {
            "end"
        } else {
            "start"
        };
        let dx = if anchor == "end" { -3.0 } else { 3.0 };
        let _ = write!(
            o,
            r#"<line class="change-point" x1="{xx:.1}" y1="{}" x2="{xx:.1}" y2="{AXIS}"><title>{}</title></line><text class="change-label" x="{:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
            TOP - 14.0 + 12.0 * n as f64,
            esc(&p.title),
            xx + dx,
            TOP - 4.0 + 12.0 * n as f64,
            esc(super::pattern_title(p.id))
        );
    }
    o.push_str("</svg>");
    o
}
