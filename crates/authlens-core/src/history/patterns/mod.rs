//! The shapes of a history that point at a cause. Each finder reads the timeline (runs with a
//! readable time, oldest first) and returns at most one [`Pattern`]. Change points and
//! re-authentication cycles here; periods, schedules and simultaneous onsets in [`timing`].
//!
//! Only authentication failures take part: failures the engine reads as a service outage,
//! throttling or a non-authentication error are neutral (neither success nor failure), so a
//! noisy connector does not hide a credential that expires on a schedule. Failures the engine
//! cannot classify (no error text) do take part: a CSV export often has no error column.

use crate::category::Category;
use crate::history::{plural, Outcome, Pattern, PatternEvidence, Point, TriggerKind};
use crate::time::{human_duration, Timestamp};
use std::collections::{BTreeMap, HashMap};

mod timing;
use timing::{periodic, scheduled_only, several_together};

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// began-after-successes: this many successes in a row before the first failure. Five scheduled
/// runs in a row show the setup worked, not that it was lucky once.
const MIN_SUCCESSES_BEFORE: usize = 5;
/// began-after-successes: at least this many failures from the change point on; one or two
/// failures are as likely a blip.
const MIN_FAILURES_AFTER: usize = 3;
/// began-after-successes: share of failures (percent) among runs from the change point on.
/// Below 80 % the runs still mostly work and "it broke at time T" would overstate it.
const MIN_FAILURE_SHARE_AFTER_PCT: usize = 80;

/// recurs-after-reauth: this many "re-authenticated, then failed again after X" cycles. Two
/// equal intervals happen by chance; three rarely do.
const MIN_REAUTH_CYCLES: usize = 3;
/// recurs-after-reauth: an interval may differ from the typical (median) one by this share
/// (percent) or [`REAUTH_MIN_TOLERANCE`], whichever is larger: schedules quantise the times at
/// which a failure can be seen.
const REAUTH_TOLERANCE_PCT: i64 = 20;
const REAUTH_MIN_TOLERANCE: i64 = HOUR;
/// recurs-after-reauth: typical intervals from one hour up to [`PERIODIC_MIN_PERIOD`]; longer
/// cycles are reported as `periodic` (expiry policies count from issue, not from the fix).
const REAUTH_MIN_INTERVAL: i64 = HOUR;

/// periodic: shortest period reported. Sign-in frequency and token lifetimes below this are
/// `recurs-after-reauth`; expiry policies are 30 days and longer.
const PERIODIC_MIN_PERIOD: i64 = 20 * DAY;
/// periodic: at least this many gaps (three failure onsets): one gap is a coincidence.
const MIN_PERIODIC_GAPS: usize = 2;
/// periodic: a gap may differ from the median by this share (percent) or two days, whichever is
/// larger (renewals are done a little early or late; the next run shows it).
const PERIODIC_TOLERANCE_PCT: i64 = 10;
const PERIODIC_MIN_TOLERANCE: i64 = 2 * DAY;
/// periodic: a period matches a known lifetime when within this share (percent) of it.
const KNOWN_PERIOD_MATCH_PCT: i64 = 15;

/// scheduled-only: at least this many failed scheduled/automatic runs after the first one.
const MIN_SCHEDULED_FAILURES: usize = 3;
/// scheduled-only: share (percent) of scheduled/automatic runs that fail in that window.
const MIN_SCHEDULED_FAILURE_SHARE_PCT: usize = 80;
/// scheduled-only: manual runs in the same window that succeed: two, so one lucky run is not
/// enough, and at most this share (percent) of manual runs may fail.
const MIN_MANUAL_SUCCESSES: usize = 2;
const MAX_MANUAL_FAILURE_SHARE_PCT: usize = 10;

/// several-connections-together: failure onsets of different sources this close together point
/// at one tenant-wide change (a policy, a revoked session, an MFA rollout): two hours covers
/// hourly schedules and the propagation delay of a policy.
const TOGETHER_WINDOW: i64 = 2 * HOUR;
/// several-connections-together: this many distinct sources must start failing in the window.
const MIN_SOURCES_TOGETHER: usize = 2;
/// several-connections-together: an onset counts when its streak has this many failures or runs
/// to the end of that source's history (a lone failure is noise).
const MIN_ONSET_STREAK: usize = 2;

/// Most evidence lines per pattern.
const MAX_EVIDENCE: usize = 12;

fn is_auth_failure(p: &Point) -> bool {
    p.outcome == Outcome::Failure
        && !matches!(
            p.category,
            Some(Category::ServiceOutageOrThrottling | Category::NotAnAuthError)
        )
}

/// The success/failure sequence: `(index into points, failed)`; neutral runs left out.
fn sf<'a>(points: impl Iterator<Item = (usize, &'a Point)>) -> Vec<(usize, bool)> {
    points
        .filter_map(|(i, p)| match p.outcome {
            Outcome::Success => Some((i, false)),
            Outcome::Failure if is_auth_failure(p) => Some((i, true)),
            _ => None,
        })
        .collect()
}

/// A maximal run of failures in an [`sf`] sequence.
#[derive(Clone, Copy)]
struct Streak {
    /// Position in the sequence of the first and last failure.
    first: usize,
    last: usize,
    /// A success directly before it (so the onset time is known).
    after_success: bool,
    /// A success directly after it: the re-authentication / fix.
    recovered: bool,
}

fn streaks(seq: &[(usize, bool)]) -> Vec<Streak> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < seq.len() {
        if !seq[i].1 {
            i += 1;
            continue;
        }
        let first = i;
        while i + 1 < seq.len() && seq[i + 1].1 {
            i += 1;
        }
        out.push(Streak {
            first,
            last: i,
            after_success: first > 0,
            recovered: i + 1 < seq.len(),
        });
        i += 1;
    }
    out
}

fn at(t: i64) -> String {
    Timestamp(t).to_rfc3339()
}

fn ev(t: i64, note: impl Into<String>) -> PatternEvidence {
    PatternEvidence {
        time: at(t),
        note: note.into(),
    }
}

/// The most common category (then the most common code) among some failures.
fn dominant<'a>(
    points: impl Iterator<Item = &'a Point>,
) -> (Option<Category>, Option<&'static str>) {
    let mut cats: BTreeMap<Category, usize> = BTreeMap::new();
    let mut codes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for p in points {
        if let Some(c) = p.category {
            *cats.entry(c).or_default() += 1;
        }
        if let Some(c) = p.code {
            *codes.entry(c).or_default() += 1;
        }
    }
    (top(cats), top(codes))
}

/// The key with the highest count; the first in key order on a tie.
fn top<K: Ord>(m: BTreeMap<K, usize>) -> Option<K> {
    m.into_iter()
        .fold(None, |best: Option<(K, usize)>, (k, n)| match best {
            Some((bk, bn)) if bn >= n => Some((bk, bn)),
            _ => Some((k, n)),
        })
        .map(|(k, _)| k)
}

fn category_phrase(c: Option<Category>, code: Option<&str>) -> String {
    match (c, code) {
        (Some(c), Some(code)) => format!("{} ({}, {code})", c.short(), c.as_str()),
        (Some(c), None) => format!("{} ({})", c.short(), c.as_str()),
        _ => "failures whose cause the history does not say".into(),
    }
}

/// What usually changed when a working connection starts failing with this category.
fn likely_change(c: Option<Category>) -> &'static str {
    use Category::*;
    match c {
        Some(MfaRequired) => "an MFA requirement was rolled out (security defaults or a new Conditional Access policy) for the account behind the connection",
        Some(ConditionalAccessBlocked) => "a Conditional Access or device-compliance policy was created or changed",
        Some(ConsentRequired) => "consent was revoked, or the app now asks for a permission nobody consented to",
        Some(PasswordChanged) | Some(InvalidUserCredentials) => "the account's password was changed or reset",
        Some(ExpiredOrRevokedCredential) => "the stored credential expired or was revoked (sessions revoked by an admin, password reset, or the token outlived its lifetime)",
        Some(RefreshTokenInactivity) => "the connection went unused longer than its refresh token's inactivity window",
        Some(ClientSecretExpired) => "the app registration's client secret reached its expiry date",
        Some(CertificateExpired) => "the certificate credential reached its expiry date",
        Some(InvalidClientCredentials) => "the client secret was rotated or replaced without updating this connection",
        Some(UserDisabledOrDeleted) => "the account behind the connection was disabled, blocked or deleted (often: its owner left)",
        Some(InsufficientPermission) => "a permission or role assignment was removed from the identity",
        Some(DlpPolicyBlocked) => "a data loss prevention policy was created or changed",
        Some(AppNotFound) => "the app registration was deleted or its consent removed from the tenant",
        Some(ConnectionNotFoundOrMisconfigured) => "the connection was deleted, re-created or edited",
        Some(WrongTenant) | Some(WrongAudience) => "the connection or the action was edited to point at another tenant or resource",
        Some(NetworkOrFirewall) => "a network rule, firewall or private endpoint setting changed",
        _ => "something changed at that time: compare the audit log of the flow, the connection and the tenant for that window",
    }
}

pub fn find(points: &[Point], sources: &[String]) -> Vec<Pattern> {
    let mut out = Vec::new();
    out.extend(began_after_successes(points));
    let scheduled = scheduled_only(points);
    // Manual successes between scheduled failures are not re-authentications: when only
    // scheduled runs fail, the "failed again after X" intervals are just the schedule.
    if scheduled.is_none() {
        out.extend(recurs_after_reauth(points));
    }
    out.extend(scheduled);
    out.extend(periodic(points));
    out.extend(several_together(points, sources));
    crate::order::sort_by(&mut out, |a, b| {
        b.confidence.cmp(&a.confidence).then(a.id.cmp(b.id))
    });
    out
}

fn began_after_successes(points: &[Point]) -> Option<Pattern> {
    let seq = sf(points.iter().enumerate());
    let n = seq.len();
    let mut suffix_fail = vec![0usize; n + 1];
    for k in (0..n).rev() {
        suffix_fail[k] = suffix_fail[k + 1] + usize::from(seq[k].1);
    }
    // Among the points that qualify, the change point is the one after which failures most
    // outnumber successes (a CUSUM-style split): the earliest qualifying point could lie weeks
    // before the change when occasional failures precede it, the latest could be a late blip.
    let mut best: Option<(usize, usize, i64)> = None; // (k, successes before, score)
    let mut run_of_successes = 0;
    for k in 0..n {
        if !seq[k].1 {
            run_of_successes += 1;
            continue;
        }
        let before = run_of_successes;
        run_of_successes = 0;
        if before < MIN_SUCCESSES_BEFORE {
            continue;
        }
        let total = n - k;
        let fails = suffix_fail[k];
        if fails < MIN_FAILURES_AFTER || fails * 100 < total * MIN_FAILURE_SHARE_AFTER_PCT {
            continue;
        }
        let score = fails as i64 - (total - fails) as i64;
        if best.is_none_or(|b| score > b.2) {
            best = Some((k, before, score));
        }
    }
    {
        let (k, before, _) = best?;
        let total = n - k;
        let fails = suffix_fail[k];
        let first = &points[seq[k].0];
        let last_ok = &points[seq[k - 1].0];
        let failed: Vec<&Point> = seq[k..]
            .iter()
            .filter(|(_, f)| *f)
            .map(|(i, _)| &points[*i])
            .collect();
        let (cat, code) = dominant(failed.iter().copied());
        let mut evidence = vec![
            ev(
                points[seq[k - before].0].t,
                format!("first of {before} successful runs in a row"),
            ),
            ev(last_ok.t, "last successful run"),
            ev(
                first.t,
                format!(
                    "first failure: {}",
                    first.category.map_or("unclassified", Category::as_str)
                ),
            ),
        ];
        if let Some(last) = failed.last().filter(|l| l.t != first.t) {
            evidence.push(ev(last.t, "latest failure"));
        }
        let confidence =
            (60 + (before - MIN_SUCCESSES_BEFORE).min(15) + (fails - MIN_FAILURES_AFTER).min(15))
                .min(95) as u8;
        Some(Pattern {
            id: "began-after-successes",
            title: format!("Failing since {} after {before} successful runs", at(first.t)),
            explanation: format!(
                "Runs succeeded {before} times in a row until {}; from {} on, {fails} of {total} runs failed, mostly with {}. The likely change between those two runs: {}.",
                at(last_ok.t),
                at(first.t),
                category_phrase(cat, code),
                likely_change(cat)
            ),
            confidence,
            at: Some(at(first.t)),
            period_seconds: None,
            category: cat,
            evidence,
        })
    }
}

fn median(v: &[i64]) -> i64 {
    let mut s = v.to_vec();
    crate::order::sort(&mut s);
    s.get(s.len() / 2).copied().unwrap_or(0)
}

fn recurs_after_reauth(points: &[Point]) -> Option<Pattern> {
    let seq = sf(points.iter().enumerate());
    let st = streaks(&seq);
    // (time of the success that ended a streak, time of the next failure)
    let cycles: Vec<(i64, i64)> = st
        .windows(2)
        .filter(|w| w[0].recovered)
        .map(|w| (points[seq[w[0].last + 1].0].t, points[seq[w[1].first].0].t))
        .collect();
    if cycles.len() < MIN_REAUTH_CYCLES {
        return None;
    }
    let intervals: Vec<i64> = cycles.iter().map(|(a, b)| b - a).collect();
    let m = median(&intervals);
    if !(REAUTH_MIN_INTERVAL..PERIODIC_MIN_PERIOD).contains(&m) {
        return None;
    }
    let tol = (m * REAUTH_TOLERANCE_PCT / 100).max(REAUTH_MIN_TOLERANCE);
    if intervals.iter().any(|x| (x - m).abs() > tol) {
        return None;
    }
    let failed = st
        .iter()
        .skip(1)
        .flat_map(|s| seq[s.first..=s.last].iter().map(|(i, _)| &points[*i]));
    let (cat, code) = dominant(failed);
    let mut evidence = Vec::new();
    for ((ok, bad), gap) in cycles.iter().zip(&intervals) {
        if evidence.len() + 2 > MAX_EVIDENCE {
            break;
        }
        evidence.push(ev(*ok, "succeeded again (re-authenticated or fixed)"));
        evidence.push(ev(
            *bad,
            format!("failed again {} later", human_duration(*gap)),
        ));
    }
    let why = if m <= 26 * HOUR {
        "a Conditional Access sign-in frequency setting (for example every 12 or 24 hours) that an unattended run cannot satisfy, or a token lifetime policy"
    } else {
        "a password rotation or reset on that cycle, a sign-in frequency set in days, or an owner whose account is re-created or changed"
    };
    let n = cycles.len();
    Some(Pattern {
        id: "recurs-after-reauth",
        title: format!(
            "Failures return about {} after each re-authentication",
            human_duration(m)
        ),
        explanation: format!(
            "{n} times the runs recovered and then failed again about {} later (every interval within {} of it), mostly with {}. A clock that restarts at each re-authentication points at {why}. Re-authenticating again will not stop it: move the connection to a service principal or managed identity, or change the policy.",
            human_duration(m),
            human_duration(tol),
            category_phrase(cat, code)
        ),
        confidence: (65 + 5 * (n - MIN_REAUTH_CYCLES).min(5)).min(90) as u8,
        at: cycles.first().map(|c| at(c.1)),
        period_seconds: Some(m),
        category: cat,
        evidence,
    })
}
