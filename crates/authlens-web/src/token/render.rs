//! The Token view's rendering: a [`TokenReport`] becomes escaped HTML (checks first, the
//! timeline, claims with their explanations, the decoded header, the redacted form).

use crate::text::escape;
use authlens_core::time::{relative, Timestamp};
use authlens_core::token::{claims_of_check, Check, CheckStatus, TokenReport};
use std::collections::BTreeMap;

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
        let read: Vec<String> = claims_read(report, c.id)
            .into_iter()
            .map(|(name, anchor)| {
                format!(
                    "<a href=\"#{anchor}\" class=\"claim-link\" data-claim-link=\"{n}\"><code>{n}</code></a>",
                    n = escape(name)
                )
            })
            .collect();
        let reads = if read.is_empty() {
            String::new()
        } else {
            format!(
                " <span class=\"check-reads\">Reads {}.</span>",
                read.join(", ")
            )
        };
        out.push_str(&format!(
            "<li class=\"check st-{st}\" data-check=\"{id}\" data-status=\"{st}\"><span class=\"badge\">{st}</span> <span class=\"check-name\">{name}</span> <span class=\"msg\">{msg}</span>{reads}</li>",
            id = escape(c.id),
            name = escape(&check_label(c.id)),
            msg = escape(&c.message),
        ));
    }
    out.push_str("</ul>");
}

/// The anchor of a claim's line in the decoded JSON (`header.alg` for the header's).
fn claim_anchor(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("tok-claim-{safe}")
}

/// The claims a check read that the token has: (name as written, anchor).
fn claims_read<'a>(report: &TokenReport, id: &str) -> Vec<(&'a str, String)> {
    claims_of_check(id)
        .iter()
        .filter(|name| {
            let (json, key) = match name.strip_prefix("header.") {
                Some(k) => (&report.header, k),
                None => (&report.payload, **name),
            };
            json.as_ref().is_some_and(|j| j.get(key).is_some())
        })
        .map(|name| (*name, claim_anchor(name)))
        .collect()
}

/// For every claim some check read: the worst status among those checks and their labels.
fn claim_uses(report: &TokenReport) -> BTreeMap<&'static str, (CheckStatus, Vec<String>)> {
    let mut uses: BTreeMap<&'static str, (CheckStatus, Vec<String>)> = BTreeMap::new();
    for c in &report.checks {
        for name in claims_of_check(c.id) {
            let e = uses.entry(name).or_insert((CheckStatus::Pass, Vec::new()));
            if status_rank(c.status) < status_rank(e.0) {
                e.0 = c.status;
            }
            e.1.push(format!("{} ({})", check_label(c.id), c.status.label()));
        }
    }
    uses
}

/// A decoded JSON object, pretty, each top-level claim on its own line; the claims a check
/// read are marked (class and words, not colour only) and are the targets of the checks' links.
fn json_html(
    value: &serde_json::Value,
    prefix: &str,
    uses: &BTreeMap<&'static str, (CheckStatus, Vec<String>)>,
) -> String {
    // A claim value of hundreds of KB is one line: its middle is folded (laying out a 700 KB
    // line blocked the page for most of a second).
    let fold_ids = if prefix.is_empty() {
        "tok-pfold"
    } else {
        "tok-hfold"
    };
    let mut folds = 0;
    let folded = |line: &str, folds: &mut usize| {
        let mut o = String::new();
        crate::diagnose::evidence::fold_long_lines(line, fold_ids, folds, &mut o);
        o
    };
    let Some(obj) = value.as_object() else {
        return folded(
            &serde_json::to_string_pretty(value).unwrap_or_default(),
            &mut folds,
        );
    };
    let mut out = String::from("{\n");
    let n = obj.len();
    for (i, (k, v)) in obj.iter().enumerate() {
        let pretty = serde_json::to_string_pretty(v)
            .unwrap_or_default()
            .replace('\n', "\n  ");
        let line = format!(
            "  {}: {}{}",
            serde_json::to_string(k).unwrap_or_default(),
            pretty,
            if i + 1 < n { "," } else { "" }
        );
        let full = format!("{prefix}{k}");
        match uses.get_key_value(full.as_str()) {
            Some((name, (st, by))) => out.push_str(&format!(
                "<mark class=\"claim-used st-{st}\" id=\"{anchor}\" tabindex=\"-1\" data-claim-used=\"{name}\">{line}<span class=\"visually-hidden\"> (read by: {by})</span></mark>\n",
                st = st.label(),
                anchor = claim_anchor(name),
                name = escape(name),
                line = folded(&line, &mut folds),
                by = escape(&by.join(", ")),
            )),
            None => {
                out.push_str(&folded(&line, &mut folds));
                out.push('\n');
            }
        }
    }
    out.push('}');
    out
}

/// Where the token came from when the paste held several (a token response, an MSAL cache
/// entry, a HAR entry), and a button per other token to inspect it instead.
fn source_html(report: &TokenReport, out: &mut String) {
    let Some(src) = &report.source else {
        return;
    };
    let Some(p) = src.picked() else {
        return;
    };
    let field = |f: &str| {
        if f.is_empty() {
            String::new()
        } else {
            format!(" (<code>{}</code>)", escape(f))
        }
    };
    out.push_str(&format!(
        "<div id=\"token-source\" class=\"token-source\" tabindex=\"-1\" data-testid=\"token-source\" data-container=\"{c}\" data-picked=\"{role}\"><p>Read from {label}: inspecting its <strong>{what}</strong>{field}. {note}</p>",
        c = escape(src.container),
        role = p.role.wire(),
        label = escape(src.label),
        what = escape(p.role.label()),
        field = field(&p.field),
        note = escape(p.role.note()),
    ));
    let others: Vec<_> = src
        .tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != src.picked)
        .collect();
    if !others.is_empty() {
        out.push_str("<ul class=\"token-others\" data-testid=\"token-others\">");
        for (_, t) in others {
            let pick = format!("{}:{}", t.role.wire(), t.span.start);
            out.push_str(&format!(
                "<li data-role=\"{role}\">Also in the paste: {what}{field}. {note} <button type=\"button\" class=\"secondary\" data-action=\"token-pick\" data-pick=\"{pick}\">Inspect this {what} instead</button></li>",
                role = t.role.wire(),
                what = escape(t.role.label()),
                field = field(&t.field),
                note = escape(t.role.note()),
                pick = escape(&pick),
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>");
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

/// The Token view's report section: the core's Markdown and the report as JSON, both redacted.
pub fn report_html(report: &TokenReport) -> String {
    let (md, json) = reports(report);
    crate::chrome::report::section_html("token", &md, Some(&json))
}

/// The ticket reports: Markdown and (redacted) JSON.
pub fn reports(report: &TokenReport) -> (String, String) {
    let json =
        authlens_core::redact::redact(&serde_json::to_string_pretty(report).unwrap_or_default());
    (authlens_core::token::render_markdown(report), json)
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
    source_html(report, &mut out);
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
    let uses = claim_uses(report);
    if let Some(h) = &report.header {
        out.push_str(&format!(
            "<h3>Decoded header</h3><pre class=\"json\" data-testid=\"token-header\" tabindex=\"0\">{}</pre>",
            json_html(h, "header.", &uses)
        ));
    }
    if let Some(p) = &report.payload {
        out.push_str(&format!(
            "<h3>Decoded payload</h3><p class=\"hint\">The claims a check read are marked; each check links to them.</p><pre class=\"json\" data-testid=\"token-payload\" tabindex=\"0\">{}</pre>",
            json_html(p, "", &uses)
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
    fn a_token_response_shows_its_source_the_others_and_the_claims_checks_read() {
        let now = Timestamp(1_700_000_000);
        let at = jwt(r#"{"aud":"https://graph.microsoft.com","exp":1699996400,"iat":1699992800}"#);
        let rt = format!("0.AXoA{}", "Zm9vYmFy_-".repeat(10));
        let text = format!(
            r#"{{"token_type":"Bearer","expires_in":3599,"access_token":"{at}","refresh_token":"{rt}"}}"#
        );
        let r = inspect(&text, &TokenContext::new(Some(now)));
        let html = token_html(&r, now, None);
        assert!(
            html.contains(r#"data-container="token-response" data-picked="access""#),
            "{html}"
        );
        assert!(
            html.contains(r#"data-action="token-pick" data-pick="refresh:"#),
            "{html}"
        );
        assert!(html.contains("Opaque: a refresh token is not a JWT"));
        // The failing expiry check links to the exp line, which is marked as read by it.
        let check = html
            .split("data-check=\"time.expired\"")
            .nth(1)
            .unwrap_or_default();
        assert!(check
            .split("</li>")
            .next()
            .unwrap_or_default()
            .contains("href=\"#tok-claim-exp\""));
        assert!(
            html.contains(r#"<mark class="claim-used st-fail" id="tok-claim-exp""#),
            "{html}"
        );
        assert!(html.contains(r#"data-testid="token-payload""#));
        let report = report_html(&r);
        assert!(report.contains(r#"data-testid="token-report-markdown""#));
        assert!(!report.contains(&rt) && !html.contains(&rt));
        let sig = at.rsplit('.').next().unwrap_or_default();
        assert!(!report.contains(sig));
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
