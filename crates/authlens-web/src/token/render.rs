//! The Token view's rendering: a [`TokenReport`] becomes escaped HTML (checks first, the
//! timeline, claims with their explanations, the decoded header, the redacted form).

use crate::text::escape;
use authlens_core::time::{relative, Timestamp};
use authlens_core::token::{Check, CheckStatus, TokenReport};

fn status_rank(s: CheckStatus) -> u8 {
    match s {
        CheckStatus::Fail => 0,
        CheckStatus::Warn => 1,
        CheckStatus::Unknown => 2,
        CheckStatus::Pass => 3,
    }
}

/// The checks, failures first (stable within a status).
pub fn sorted_checks(report: &TokenReport) -> Vec<&Check> {
    let mut checks: Vec<&Check> = report.checks.iter().collect();
    authlens_core::order::sort_by_key(&mut checks, |c| status_rank(c.status));
    checks
}

/// "2 checks failed, 1 warning" — what the status region announces.
pub fn summary(report: &TokenReport) -> String {
    let count = |s| report.checks.iter().filter(|c| c.status == s).count();
    let (fail, warn) = (count(CheckStatus::Fail), count(CheckStatus::Warn));
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    format!(
        "Token: {} failed, {}",
        plural(fail, "check", "checks"),
        plural(warn, "warning", "warnings")
    )
}

/// A check's id in words for the page ("time.at-run" → "Time, at run"): the id itself stays in
/// `data-check` for scripts and support, not in the text people read.
pub fn check_label(id: &str) -> String {
    let mut parts = id.splitn(2, '.');
    let group = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("").replace(['-', '_', '.'], " ");
    let mut label: String = group.chars().take(1).flat_map(char::to_uppercase).collect();
    label.push_str(&group.chars().skip(1).collect::<String>());
    if !rest.is_empty() {
        label.push_str(", ");
        label.push_str(&rest);
    }
    label
}

fn checks_html(report: &TokenReport, out: &mut String) {
    out.push_str("<ul id=\"token-checks\" class=\"checks\" data-testid=\"token-checks\">");
    for c in sorted_checks(report) {
        let st = c.status.label();
        out.push_str(&format!(
            "<li class=\"check st-{st}\" data-check=\"{id}\" data-status=\"{st}\"><span class=\"badge\">{st}</span> <span class=\"check-name\">{name}</span> <span class=\"msg\">{msg}</span></li>",
            id = escape(c.id),
            name = escape(&check_label(c.id)),
            msg = escape(&c.message),
        ));
    }
    out.push_str("</ul>");
}

/// The times worth drawing: (short label, long label, time).
fn times(
    report: &TokenReport,
    now: Timestamp,
    run: Option<Timestamp>,
) -> Vec<(&'static str, &'static str, Timestamp)> {
    let mut v = Vec::new();
    if let Some(f) = &report.facts {
        if let Some(t) = f.iat {
            v.push(("iat", "issued", t));
        }
        if let Some(t) = f.nbf {
            v.push(("nbf", "valid from", t));
        }
        if let Some(t) = f.exp {
            v.push(("exp", "expires", t));
        }
    }
    if v.is_empty() {
        return v;
    }
    v.push(("now", "now", now));
    if let Some(r) = run {
        v.push(("run", "the run", r));
    }
    v
}

/// An inline SVG of iat/nbf/exp against now (and the run time), with a text legend. Attributes
/// only: the page's CSP forbids inline styles, classes carry the colours.
pub fn timeline_html(report: &TokenReport, now: Timestamp, run: Option<Timestamp>) -> String {
    let pts = times(report, now, run);
    if pts.is_empty() {
        return String::new();
    }
    let min = pts.iter().map(|p| p.2 .0).min().unwrap_or(0);
    let max = pts.iter().map(|p| p.2 .0).max().unwrap_or(0);
    let span = (max - min).max(1) as f64;
    let (left, width) = (30.0, 540.0);
    let x = |t: Timestamp| left + (t.0 - min) as f64 / span * width;
    let facts = report.facts.as_ref();
    let start = facts.and_then(|f| f.nbf.or(f.iat));
    let exp = facts.and_then(|f| f.exp);
    let expired = exp.is_some_and(|e| e < now);
    let mut desc = Vec::new();
    for (_, long, t) in &pts {
        desc.push(format!("{long} {}", t.to_rfc3339()));
    }
    let mut svg = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 600 96\" width=\"100%\" height=\"96\" role=\"img\" aria-labelledby=\"timeline-title\" focusable=\"false\"><title id=\"timeline-title\">Token lifetime: {}</title>",
        escape(&desc.join("; "))
    );
    svg.push_str("<line class=\"axis\" x1=\"30\" y1=\"48\" x2=\"570\" y2=\"48\"/>");
    if let (Some(s), Some(e)) = (start, exp) {
        let (a, b) = (x(s), x(e));
        svg.push_str(&format!(
            "<rect class=\"{}\" x=\"{a:.1}\" y=\"40\" width=\"{:.1}\" height=\"16\" rx=\"3\"/>",
            if expired {
                "window expired"
            } else {
                "window valid"
            },
            (b - a).max(2.0)
        ));
    }
    let (mut below, mut above) = (0, 0);
    for (short, _, t) in &pts {
        let px = x(*t);
        let is_token_time = matches!(*short, "iat" | "nbf" | "exp");
        let y = if is_token_time {
            below += 1;
            if below % 2 == 1 {
                74
            } else {
                90
            }
        } else {
            above += 1;
            if above % 2 == 1 {
                26
            } else {
                12
            }
        };
        let anchor = if px < 60.0 {
            "start"
        } else if px > 540.0 {
            "end"
        } else {
            "middle"
        };
        svg.push_str(&format!(
            "<line class=\"tick tick-{short}\" x1=\"{px:.1}\" y1=\"34\" x2=\"{px:.1}\" y2=\"62\"/><text class=\"label label-{short}\" x=\"{px:.1}\" y=\"{y}\" text-anchor=\"{anchor}\">{short}</text>"
        ));
    }
    svg.push_str("</svg>");
    let mut legend = String::from("<ul class=\"timeline-legend\">");
    for (short, long, t) in &pts {
        let rel = if *short == "now" {
            String::new()
        } else {
            format!(" ({})", relative(*t, now))
        };
        legend.push_str(&format!(
            "<li><code>{short}</code> {long}: <time datetime=\"{iso}\">{iso}</time>{rel}</li>",
            iso = escape(&t.to_rfc3339()),
            rel = escape(&rel),
        ));
    }
    legend.push_str("</ul>");
    format!("<div class=\"timeline-box\">{svg}{legend}</div>")
}

/// Characters of a claim value shown before "Show all".
const CLAIM_SHOWN: usize = 400;

/// The redacted form when it is too long to put in the page's markup (the page then holds it
/// and the box shows its start: laying out a 1 MB line took the browser over a second), else "".
pub fn held_redacted(report: &TokenReport) -> String {
    if report.redacted.len() < crate::large::HOLD_BYTES {
        return String::new();
    }
    authlens_core::redact::redact(&report.redacted)
}

fn claims_html(report: &TokenReport, out: &mut String) {
    if report.claims.is_empty() {
        return;
    }
    out.push_str(
        "<h3 id=\"claims-heading\">Claims</h3><p class=\"hint\">Hover, focus or press a claim name for what it means.</p>\
         <div class=\"table-wrap\"><table class=\"claims\" data-testid=\"token-claims\" aria-labelledby=\"claims-heading\"><thead><tr><th scope=\"col\">Claim</th><th scope=\"col\">Value</th></tr></thead><tbody>",
    );
    for (i, c) in report.claims.iter().enumerate() {
        let name = if c.explanation.is_empty() {
            format!("<code>{}</code>", escape(&c.name))
        } else {
            format!(
                "<button type=\"button\" class=\"claim\" data-action=\"tip\" aria-expanded=\"false\" aria-describedby=\"claim-tip-{i}\"><code>{name}</code></button><span class=\"tip\" role=\"tooltip\" id=\"claim-tip-{i}\">{exp}</span>",
                name = escape(&c.name),
                exp = escape(&c.explanation),
            )
        };
        // A long value (a claim of hundreds of KB) shows its start; the whole value is in a
        // closed <details>, which the browser does not lay out until it is opened.
        let more = if c.display.chars().nth(CLAIM_SHOWN).is_some() {
            format!(
                "<details class=\"claim-more\"><summary>Show all ({})</summary><code class=\"value-full\">{}</code></details>",
                crate::text::human_bytes(c.display.len() as f64),
                escape(&c.display)
            )
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<tr data-claim=\"{}\"><th scope=\"row\">{name}</th><td><code class=\"value\">{}</code>{more}</td></tr>",
            escape(&c.name),
            escape(&authlens_core::text::shorten(&c.display, CLAIM_SHOWN)),
        ));
    }
    out.push_str("</tbody></table></div>");
}

/// The whole Token result (the content of `#token-result`).
pub fn token_html(report: &TokenReport, now: Timestamp, run: Option<Timestamp>) -> String {
    let mut out = String::new();
    let verified = if report.verified {
        "signature verified"
    } else {
        "decoded, not verified"
    };
    out.push_str(&format!(
        "<h2 id=\"token-result-heading\">Token checks</h2><p class=\"input-kind\" data-testid=\"token-kind\" data-kind=\"{k}\">Kind: {k} · {verified}</p>",
        k = escape(&report.kind),
    ));
    if let Some(m) = &report.message {
        out.push_str(&format!("<p class=\"token-message\">{}</p>", escape(m)));
    }
    if let Some(s) = &report.scheme {
        let mut line = format!("Scheme: <code>{}</code>", escape(&s.name));
        if let Some(u) = &s.basic_user {
            line.push_str(&format!(
                " · user <code>{}</code> · password hidden ({} characters)",
                escape(u),
                s.basic_password_len.unwrap_or(0)
            ));
        }
        out.push_str(&format!("<p class=\"scheme\">{line}</p>"));
    }
    checks_html(report, &mut out);
    let timeline = timeline_html(report, now, run);
    if !timeline.is_empty() {
        out.push_str("<h3>Timeline</h3>");
        out.push_str(&timeline);
    }
    claims_html(report, &mut out);
    if let Some(h) = &report.header {
        let pretty = serde_json::to_string_pretty(h).unwrap_or_default();
        out.push_str(&format!(
            "<h3>Decoded header</h3><pre class=\"json\" data-testid=\"token-header\" tabindex=\"0\">{}</pre>",
            escape(&pretty)
        ));
    }
    if !report.redacted.is_empty() {
        // The core's redacted form, through the one redaction function once more.
        // Long: left out here and held by the page (`held_redacted`).
        let red = if report.redacted.len() < crate::large::HOLD_BYTES {
            authlens_core::redact::redact(&report.redacted)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<h3>Redacted form</h3><p class=\"hint\">Safe to paste in a ticket: the signature and secrets are removed.</p>\
             <div class=\"copy-row\"><label class=\"visually-hidden\" for=\"token-redacted\">Redacted token</label><textarea id=\"token-redacted\" class=\"copy-text\" data-testid=\"token-redacted\" readonly autocomplete=\"off\" rows=\"3\">{}</textarea>\
             <button type=\"button\" data-action=\"copy\" data-copy=\"token-redacted\">Copy redacted token</button></div>",
            escape(&red)
        ));
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn check_ids_read_as_words() {
        assert_eq!(check_label("time.at-run"), "Time, at run");
        assert_eq!(check_label("header.truncated"), "Header, truncated");
        assert_eq!(check_label("audience"), "Audience");
    }
    use authlens_core::token::{inspect, TokenContext};

    fn jwt(claims: &str) -> String {
        let b = |s: &str| crate::b64::encode(s.as_bytes());
        format!(
            "{}.{}.{}",
            b(r#"{"alg":"RS256","typ":"JWT"}"#),
            b(claims),
            b(&"not-a-real-signature-0123456789".repeat(9))
        )
    }

    #[test]
    fn expired_token_shows_failed_check_first_claims_and_no_signature() {
        let now = Timestamp(1_700_000_000);
        let t = jwt(
            r#"{"aud":"https://graph.microsoft.com","iat":1699990000,"nbf":1699990000,"exp":1699996400,"upn":"<b>x</b>@contoso.example"}"#,
        );
        let r = inspect(&t, &TokenContext::new(Some(now)));
        let html = token_html(&r, now, Some(Timestamp(1_699_999_000)));
        let first = html.find("data-check=").expect("a check");
        assert!(
            html[first..].starts_with("data-check=\"time.expired\" data-status=\"fail\""),
            "{html}"
        );
        assert!(html.contains("<table class=\"claims\""));
        assert!(html.contains("aria-describedby=\"claim-tip-"));
        assert!(html.contains("<svg class=\"timeline\""));
        assert!(html.contains("label-run"));
        assert!(!html.contains("style="));
        assert!(!html.contains("<b>x"));
        let sig = t.rsplit('.').next().expect("sig");
        assert!(!html.contains(sig));
        assert!(summary(&r).starts_with("Token: "));
    }

    #[test]
    fn opaque_input_renders_without_timeline() {
        let r = inspect(
            "Basic YWxpY2U6aHVudGVyMg==",
            &TokenContext::new(Some(Timestamp(0))),
        );
        let html = token_html(&r, Timestamp(0), None);
        assert!(!html.contains("hunter2"));
        assert!(!html.contains("<svg"));
    }
}
