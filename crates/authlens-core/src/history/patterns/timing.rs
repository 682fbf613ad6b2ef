//! The timing patterns: a long period between failure onsets (`periodic`), failures of scheduled
//! runs only (`scheduled-only`) and several sources failing together
//! (`several-connections-together`).

use super::*;

/// Names of the expiry and lifetime policies a period matches.
const KNOWN_PERIODS: &[(i64, &str)] = &[
    (30, "a 30-day password expiry or secret rotation policy"),
    (60, "a 60-day password expiry or secret rotation policy"),
    (90, "the 90-day lifetime of a user's refresh token or OAuth consent when nobody signs in interactively, or a 90-day password or secret expiry policy"),
    (180, "a 180-day client secret lifetime (the portal's recommended default) or password expiry policy"),
    (365, "a one-year client secret or certificate lifetime"),
];

fn regular(times: &[i64]) -> Option<i64> {
    if times.len() < MIN_PERIODIC_GAPS + 1 {
        return None;
    }
    let gaps: Vec<i64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    let m = median(&gaps);
    if m < PERIODIC_MIN_PERIOD {
        return None;
    }
    let tol = (m * PERIODIC_TOLERANCE_PCT / 100).max(PERIODIC_MIN_TOLERANCE);
    gaps.iter().all(|g| (g - m).abs() <= tol).then_some(m)
}

pub(super) fn periodic(points: &[Point]) -> Option<Pattern> {
    let seq = sf(points.iter().enumerate());
    // (onset time, index of its first failure)
    let onsets: Vec<(i64, usize)> = streaks(&seq)
        .into_iter()
        .filter(|s| s.after_success)
        .map(|s| (points[seq[s.first].0].t, seq[s.first].0))
        .collect();
    let regular_of = |v: &[(i64, usize)]| regular(&v.iter().map(|o| o.0).collect::<Vec<_>>());
    // When unrelated failures break the rhythm, the main category alone may still keep it.
    let (chosen, period) = match regular_of(&onsets) {
        Some(p) => (onsets, p),
        None => {
            let (main, _) = dominant(onsets.iter().map(|o| &points[o.1]));
            let main = main?;
            let only: Vec<(i64, usize)> = onsets
                .into_iter()
                .filter(|o| points[o.1].category == Some(main))
                .collect();
            let p = regular_of(&only)?;
            (only, p)
        }
    };
    let times: Vec<i64> = chosen.iter().map(|o| o.0).collect();
    let days = (period + DAY / 2) / DAY;
    let known = KNOWN_PERIODS
        .iter()
        .find(|(d, _)| (days - d).abs() * 100 <= d * KNOWN_PERIOD_MATCH_PCT);
    let (cat, code) = dominant(chosen.iter().map(|o| &points[o.1]));
    let evidence = times
        .iter()
        .enumerate()
        .take(MAX_EVIDENCE)
        .map(|(i, t)| {
            if i == 0 {
                ev(*t, "failures begin")
            } else {
                ev(
                    *t,
                    format!(
                        "failures begin again, {} later",
                        crate::history::period_words(t - times[i - 1])
                    ),
                )
            }
        })
        .collect();
    let why = known.map_or(
        "a fixed expiry or rotation policy: look for a credential issued on that cycle",
        |k| k.1,
    );
    Some(Pattern {
        id: "periodic",
        title: format!("Failures start every {} days", days),
        explanation: format!(
            "Failures started {} times at regular intervals of about {days} days, mostly with {}. That rhythm points at {why}. Put the next date ({}) in a calendar, or move to a credential that does not expire this way (managed identity, certificate with monitored expiry).",
            times.len(),
            category_phrase(cat, code),
            times.last().map_or(String::new(), |t| at(t + period))
        ),
        confidence: (if known.is_some() { 75 } else { 60 } + 5 * (times.len() - 3).min(3)) as u8,
        at: times.first().map(|t| at(*t)),
        period_seconds: Some(period),
        category: cat,
        evidence,
    })
}

pub(super) fn scheduled_only(points: &[Point]) -> Option<Pattern> {
    let unattended =
        |p: &Point| matches!(p.trigger, TriggerKind::Scheduled | TriggerKind::Automatic);
    let start = points
        .iter()
        .position(|p| unattended(p) && is_auth_failure(p))?;
    let window = &points[start..];
    let (mut sf_, mut ss, mut mf, mut ms) = (0usize, 0usize, 0usize, 0usize);
    let mut scheduled_kind = 0usize;
    for p in window {
        let failed = is_auth_failure(p);
        let ok = p.outcome == Outcome::Success;
        if unattended(p) {
            sf_ += usize::from(failed);
            ss += usize::from(ok);
            scheduled_kind += usize::from(failed && p.trigger == TriggerKind::Scheduled);
        } else if p.trigger == TriggerKind::Manual {
            mf += usize::from(failed);
            ms += usize::from(ok);
        }
    }
    if sf_ < MIN_SCHEDULED_FAILURES
        || sf_ * 100 < (sf_ + ss) * MIN_SCHEDULED_FAILURE_SHARE_PCT
        || ms < MIN_MANUAL_SUCCESSES
        || mf * 100 > (mf + ms) * MAX_MANUAL_FAILURE_SHARE_PCT
    {
        return None;
    }
    let word = if scheduled_kind * 2 >= sf_ {
        "scheduled"
    } else {
        "automatic"
    };
    let (cat, code) = dominant(
        window
            .iter()
            .filter(|p| unattended(p) && is_auth_failure(p)),
    );
    let first = &window[0];
    let mut evidence = vec![ev(first.t, format!("first failed {word} run"))];
    evidence.extend(
        window
            .iter()
            .filter(|p| p.trigger == TriggerKind::Manual && p.outcome == Outcome::Success)
            .take(3)
            .map(|p| ev(p.t, "manual run succeeded")),
    );
    if let Some(last) = window
        .iter()
        .rev()
        .find(|p| unattended(p) && is_auth_failure(p))
    {
        if last.t != first.t {
            evidence.push(ev(last.t, format!("latest failed {word} run")));
        }
    }
    Some(Pattern {
        id: "scheduled-only",
        title: format!("Only {word} runs fail; manual runs succeed"),
        explanation: format!(
            "Since {}, {sf_} of {} {word} runs failed, mostly with {}, while {ms} of {} manual {} succeeded. A person starting the run can satisfy an interactive sign-in (MFA, a fresh session) that the unattended run cannot: the stored credential needs a fresh interactive sign-in, or unattended runs need a service principal or service account excluded from the MFA / Conditional Access policy.",
            at(first.t),
            sf_ + ss,
            category_phrase(cat, code),
            ms + mf,
            plural(ms + mf, "run", "runs"),
        ),
        confidence: (70 + (sf_ - MIN_SCHEDULED_FAILURES).min(10) + 2 * (ms - MIN_MANUAL_SUCCESSES).min(5)).min(90) as u8,
        at: Some(at(first.t)),
        period_seconds: None,
        category: cat,
        evidence,
    })
}

pub(super) fn several_together(points: &[Point], sources: &[String]) -> Option<Pattern> {
    if sources.len() < MIN_SOURCES_TOGETHER {
        return None;
    }
    let mut by_source: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, p) in points.iter().enumerate() {
        if let Some(s) = p.source {
            by_source.entry(s).or_default().push(i);
        }
    }
    // (onset time, source, category)
    let mut onsets: Vec<(i64, u32, Option<Category>)> = Vec::new();
    for (src, idx) in &by_source {
        let seq = sf(idx.iter().map(|&i| (i, &points[i])));
        for s in streaks(&seq) {
            let len = s.last - s.first + 1;
            if s.after_success && (len >= MIN_ONSET_STREAK || !s.recovered) {
                let p = &points[seq[s.first].0];
                onsets.push((p.t, *src, p.category));
            }
        }
    }
    crate::order::sort_by_key(&mut onsets, |o| (o.0, o.1));
    let mut best: Option<(usize, usize, usize)> = None; // (distinct, from, to)
    let mut lo = 0;
    let mut in_window: HashMap<u32, usize> = HashMap::new();
    for hi in 0..onsets.len() {
        *in_window.entry(onsets[hi].1).or_default() += 1;
        while onsets[hi].0 - onsets[lo].0 > TOGETHER_WINDOW {
            if let Some(n) = in_window.get_mut(&onsets[lo].1) {
                *n -= 1;
                if *n == 0 {
                    in_window.remove(&onsets[lo].1);
                }
            }
            lo += 1;
        }
        if best.is_none_or(|b| in_window.len() > b.0) {
            best = Some((in_window.len(), lo, hi));
        }
    }
    let (count, lo, hi) = best?;
    if count < MIN_SOURCES_TOGETHER {
        return None;
    }
    let mut seen = Vec::new();
    let mut evidence = Vec::new();
    let mut cats: Vec<Category> = Vec::new();
    for (t, src, cat) in &onsets[lo..=hi] {
        if seen.contains(src) {
            continue;
        }
        seen.push(*src);
        if let Some(c) = cat {
            if !cats.contains(c) {
                cats.push(*c);
            }
        }
        let name = sources.get(*src as usize).map_or("?", String::as_str);
        if evidence.len() < MAX_EVIDENCE {
            evidence.push(ev(
                *t,
                format!(
                    "{name}: starts failing ({})",
                    cat.map_or("unclassified", Category::as_str)
                ),
            ));
        }
    }
    let first = onsets[lo].0;
    let span = onsets[hi].0 - first;
    let cat_words = match cats.len() {
        0 => "unclassified failures".to_string(),
        1 => format!("the same category, {}", cats[0].as_str()),
        _ => format!(
            "different categories ({})",
            cats.iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some(Pattern {
        id: "several-connections-together",
        title: format!("{count} flows or datasets started failing within {}", human_duration(span.max(60))),
        explanation: format!(
            "{count} of the {} flows, workflows or datasets in this history started failing between {} and {}, with {cat_words}. Separate connections breaking together points at one tenant-wide change rather than at each connection: a new Conditional Access or MFA policy, sessions revoked for the account that owns them, a password reset of a shared service account, or a DLP policy. Check the tenant's audit log for that window before fixing connections one by one.",
            sources.len(),
            at(first),
            at(onsets[hi].0)
        ),
        confidence: (60 + 10 * (count - MIN_SOURCES_TOGETHER).min(3) + if cats.len() == 1 { 5 } else { 0 }) as u8,
        at: Some(at(first)),
        period_seconds: None,
        category: if cats.len() == 1 { cats.first().copied() } else { None },
        evidence,
    })
}
