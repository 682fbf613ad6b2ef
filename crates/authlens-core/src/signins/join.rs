//! Joining a failed run to its sign-in: by correlation or request id when the run's output
//! carries one, otherwise by account or error code within a time window. The diagnosis then names
//! the policy instead of saying "a policy".

use super::{SignIn, SignInReport};
use crate::report::Report;
use crate::text::prefixed_numbers;
use crate::time::Timestamp;
use serde::Serialize;

/// How far apart a run and its sign-in may be when matched by time (the run's clock, the
/// token's cache and the log's clock differ by minutes, not hours).
const WINDOW_SECONDS: i64 = 15 * 60;

/// The sign-in a run was matched to.
#[derive(Clone, Debug, Serialize)]
pub struct SignInMatch {
    /// `correlation id`, `request id`, `account and time`, `error code and time`.
    pub by: &'static str,
    pub time: Option<String>,
    pub user: Option<String>,
    pub error_code: Option<u32>,
    /// Names of the Conditional Access policies that failed for this sign-in.
    pub failed_policies: Vec<String>,
    /// Their grant controls (MFA, compliant device, …), without repeats.
    pub grant_controls: Vec<String>,
}

fn guids(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 36 <= b.len() {
        let w = &b[i..i + 36];
        let shape = w.iter().enumerate().all(|(j, c)| match j {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
        if shape {
            out.push(text[i..i + 36].to_ascii_lowercase());
            i += 36;
        } else {
            i += 1;
        }
    }
    out
}

/// Times the run's output states: ISO times (`startTime`, `timestamp`) and the HTTP `Date` header.
fn times(text: &str) -> Vec<Timestamp> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i + 19 <= b.len() {
        let looks_iso = b[i..i + 4].iter().all(u8::is_ascii_digit)
            && b[i + 4] == b'-'
            && b[i + 7] == b'-'
            && matches!(b[i + 10], b'T' | b' ');
        if looks_iso {
            let end = text[i..]
                .find(|c: char| c == '"' || c == '\'' || c == ',' || c.is_whitespace() && c != ' ')
                .map_or(text.len(), |e| i + e);
            let end = text.floor_char_boundary(end.min(i + 35));
            if let Some(t) =
                Timestamp::parse(&text[i..end]).or_else(|| Timestamp::parse(&text[i..i + 19]))
            {
                out.push(t);
            }
            i += 19;
        } else {
            i += 1;
        }
    }
    for line in text.lines() {
        // `Date: …` in a raw response, `"Date": "…",` in a run's JSON outputs.
        let l = line.trim_start().trim_start_matches('"');
        let v = l
            .strip_prefix("Date")
            .or_else(|| l.strip_prefix("date"))
            .map(|v| v.trim_start_matches('"').trim_start());
        if let Some(v) = v.and_then(|v| v.strip_prefix(':')) {
            let v = v.trim().trim_end_matches(',').trim_matches('"');
            if let Some(t) = Timestamp::parse(v) {
                out.push(t);
            }
        }
    }
    out
}

fn near(a: Option<Timestamp>, times: &[Timestamp]) -> Option<i64> {
    let a = a?;
    times
        .iter()
        .map(|t| (t.0 - a.0).abs())
        .filter(|d| *d <= WINDOW_SECONDS)
        .min()
}

/// Finds the sign-in of the failed run in `run_text` and, when found, names it (and its failing
/// policy) in the diagnosis: the top finding's explanation, or a new top finding when the sign-in
/// tells a different, more specific story than the run's output.
pub fn join(
    run_text: &str,
    diagnosis: &mut Report,
    log: &SignInReport,
    opts: &crate::Options,
) -> Option<SignInMatch> {
    let failed: Vec<&SignIn> = log.sign_ins.iter().filter(|s| s.failed()).collect();
    let ids = guids(run_text);
    let by_id = failed.iter().find_map(|s| {
        let hit = |v: &Option<String>| {
            v.as_ref()
                .is_some_and(|v| ids.contains(&v.to_ascii_lowercase()))
        };
        if hit(&s.correlation_id) {
            Some((*s, "correlation id"))
        } else if hit(&s.request_id) {
            Some((*s, "request id"))
        } else {
            None
        }
    });
    let (sign_in, by) = match by_id {
        Some(m) => m,
        None => {
            let when = times(run_text);
            let lower = run_text.to_ascii_lowercase();
            let codes: Vec<u32> = prefixed_numbers(run_text, "AADSTS")
                .into_iter()
                .filter_map(|(_, n)| n.parse().ok())
                .collect();
            let mut best: Option<(u8, i64, &SignIn, &'static str)> = None;
            for s in &failed {
                let Some(dist) = near(s.time, &when) else {
                    continue;
                };
                let user = s
                    .user
                    .as_ref()
                    .is_some_and(|u| u.len() > 3 && lower.contains(&u.to_ascii_lowercase()));
                let code = s.error_code.is_some_and(|c| codes.contains(&c));
                let (score, by) = match (user, code) {
                    (true, true) => (3, "account and time"),
                    (true, false) => (2, "account and time"),
                    (false, true) => (1, "error code and time"),
                    (false, false) => continue,
                };
                if best.is_none_or(|(bs, bd, ..)| score > bs || (score == bs && dist < bd)) {
                    best = Some((score, dist, s, by));
                }
            }
            let (_, _, s, by) = best?;
            (s, by)
        }
    };

    let failed_policies: Vec<String> = sign_in.failed_policies().map(|p| p.name.clone()).collect();
    let mut grant_controls: Vec<String> = Vec::new();
    for c in sign_in.failed_policies().flat_map(|p| &p.grant_controls) {
        if !grant_controls.contains(c) {
            grant_controls.push(c.clone());
        }
    }
    let m = SignInMatch {
        by,
        time: sign_in.time.map(Timestamp::to_rfc3339),
        user: sign_in.user.clone(),
        error_code: sign_in.error_code,
        failed_policies,
        grant_controls,
    };
    name_in_diagnosis(diagnosis, sign_in, &m, opts);
    Some(m)
}

fn name_in_diagnosis(
    diagnosis: &mut Report,
    sign_in: &SignIn,
    m: &SignInMatch,
    opts: &crate::Options,
) {
    let who = m.user.as_deref().unwrap_or("the account");
    let when = m.time.as_deref().unwrap_or("the time of the run");
    let mut sentence = format!(
        "The Entra sign-in log has the matching sign-in ({who}, {when}, matched by {})",
        m.by
    );
    if let Some(code) = m.error_code {
        sentence.push_str(&format!(", failed with AADSTS{code}"));
    }
    if !m.failed_policies.is_empty() {
        let names: Vec<String> = m
            .failed_policies
            .iter()
            .map(|n| format!("\u{201c}{n}\u{201d}"))
            .collect();
        sentence.push_str(&format!(
            ": Conditional Access policy {} blocked it",
            names.join(" and ")
        ));
        if !m.grant_controls.is_empty() {
            sentence.push_str(&format!(" (it requires {})", m.grant_controls.join(", ")));
        }
    }
    sentence.push('.');

    // The sign-in's own reading, through the diagnosis engine.
    let sign_in_reading = sign_in.error_code.and_then(|code| {
        let text = format!(
            "AADSTS{code}: {}",
            sign_in.failure_reason.as_deref().unwrap_or("")
        );
        crate::diagnose(&text, opts).findings.into_iter().next()
    });
    let top_matches = diagnosis
        .findings
        .first()
        .zip(sign_in_reading.as_ref())
        .is_some_and(|(a, b)| a.category == b.category);
    match sign_in_reading {
        Some(mut f) if !top_matches => {
            // The log is the stronger evidence: the run's output only showed the symptom.
            diagnosis.findings.retain(|x| x.category != f.category);
            f.evidence.clear();
            f.explanation = format!("{} {sentence}", f.explanation);
            // The verdict follows the new top finding; the run's status stays in front.
            let status = diagnosis
                .verdict
                .split_once(" · ")
                .filter(|(s, _)| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .map(|(s, _)| format!("{s} · "))
                .unwrap_or_default();
            diagnosis.verdict = format!("{status}{}. Fix: {}", f.title, f.fix.location);
            diagnosis.findings.insert(0, f);
        }
        _ => match diagnosis.findings.first_mut() {
            Some(top) => {
                top.explanation.push(' ');
                top.explanation.push_str(&sentence);
            }
            None => diagnosis.notes.push(sentence),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_guids_and_times() {
        let t = "x-ms-correlation-request-id: 0A1B2C3D-0000-4000-8000-00000000000A\nDate: Mon, 23 Nov 2026 05:30:12 GMT\n\"startTime\": \"2026-11-23T05:29:58.123Z\"";
        assert_eq!(
            guids(t),
            vec!["0a1b2c3d-0000-4000-8000-00000000000a".to_string()]
        );
        let ts = times(t);
        assert!(ts.contains(&Timestamp::parse("2026-11-23T05:29:58Z").unwrap_or(Timestamp(0))));
        assert!(ts.contains(&Timestamp::parse("2026-11-23T05:30:12Z").unwrap_or(Timestamp(0))));
    }
}
