//! The shapes an admin looks for in a sign-in log.

use super::{LogPattern, PolicySummary, SignIn};
use crate::time::Timestamp;

/// Distinct apps an account must fail in before the failure is the account's, not an app's.
const ACROSS_APPS: usize = 3;
/// Failures needed before "all from one client app / place" means anything.
const ONE_SOURCE_MIN_FAILURES: usize = 3;

/// Every policy that applied (success or failure), most failures first.
pub(super) fn policy_summaries(sign_ins: &[SignIn]) -> Vec<PolicySummary> {
    let mut out: Vec<PolicySummary> = Vec::new();
    for s in sign_ins {
        for p in &s.policies {
            let failed = p.failed();
            let succeeded = p.result.eq_ignore_ascii_case("success");
            if !failed && !succeeded {
                continue;
            }
            let i = match out.iter().position(|x| x.name == p.name) {
                Some(i) => i,
                None => {
                    out.push(PolicySummary {
                        name: p.name.clone(),
                        failures: 0,
                        successes: 0,
                        first_failure: None,
                        grant_controls: Vec::new(),
                        session_controls: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let e = &mut out[i];
            if failed {
                e.failures += 1;
                if e.first_failure.is_none() {
                    e.first_failure = s.time.map(Timestamp::to_rfc3339);
                }
            } else {
                e.successes += 1;
            }
            for c in &p.grant_controls {
                if !e.grant_controls.contains(c) {
                    e.grant_controls.push(c.clone());
                }
            }
            for c in &p.session_controls {
                if !e.session_controls.contains(c) {
                    e.session_controls.push(c.clone());
                }
            }
        }
    }
    crate::order::sort_by(&mut out, |a, b| {
        b.failures.cmp(&a.failures).then(a.name.cmp(&b.name))
    });
    out
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The patterns of a log whose sign-ins are in time order.
pub(super) fn find(sign_ins: &[SignIn], policies: &[PolicySummary]) -> Vec<LogPattern> {
    let mut out = Vec::new();
    policy_started_failing(sign_ins, policies, &mut out);
    account_across_apps(sign_ins, &mut out);
    one_source(
        sign_ins,
        "one-client-app",
        "client app",
        |s| s.client_app.as_deref(),
        &mut out,
    );
    one_source(
        sign_ins,
        "one-location",
        "location",
        |s| s.location.as_deref(),
        &mut out,
    );
    interactive_vs_not(sign_ins, &mut out);
    out
}

fn policy_started_failing(
    sign_ins: &[SignIn],
    policies: &[PolicySummary],
    out: &mut Vec<LogPattern>,
) {
    for p in policies.iter().filter(|p| p.failures > 0) {
        let first_fail = sign_ins
            .iter()
            .position(|s| s.policies.iter().any(|x| x.name == p.name && x.failed()));
        let Some(first_fail) = first_fail else {
            continue;
        };
        let satisfied_before = sign_ins[..first_fail].iter().any(|s| {
            s.policies
                .iter()
                .any(|x| x.name == p.name && x.result.eq_ignore_ascii_case("success"))
        });
        let at = p
            .first_failure
            .clone()
            .unwrap_or_else(|| "an unknown time".into());
        let controls = if p.grant_controls.is_empty() {
            String::new()
        } else {
            format!(" It enforces {}.", p.grant_controls.join(", "))
        };
        let (title, detail) = if satisfied_before {
            (
                format!("Policy \u{201c}{}\u{201d} started failing at {at}", p.name),
                format!(
                    "Sign-ins satisfied it before, then {} failed it from {at} on: something changed then (the policy, the device, the location, or the account's MFA registration).{controls}",
                    plural(p.failures, "sign-in")
                ),
            )
        } else {
            (
                format!("Policy \u{201c}{}\u{201d} blocked {}", p.name, plural(p.failures, "sign-in")),
                format!("Every sign-in it applied to in this log failed it, the first at {at}.{controls}"),
            )
        };
        out.push(LogPattern {
            code: "policy-started-failing",
            title,
            detail,
        });
    }
}

fn account_across_apps(sign_ins: &[SignIn], out: &mut Vec<LogPattern>) {
    let mut by_user: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in sign_ins.iter().filter(|s| s.failed()) {
        let (Some(u), Some(a)) = (s.user.as_deref(), s.app.as_deref()) else {
            continue;
        };
        match by_user.iter_mut().find(|(x, _)| *x == u) {
            Some((_, apps)) if !apps.contains(&a) => apps.push(a),
            Some(_) => {}
            None => by_user.push((u, vec![a])),
        }
    }
    for (user, apps) in by_user.into_iter().filter(|(_, a)| a.len() >= ACROSS_APPS) {
        out.push(LogPattern {
            code: "account-failing-across-apps",
            title: format!("One account fails in {} apps", apps.len()),
            detail: format!(
                "{user} fails to sign in to {}: the account itself (its password, MFA registration, a block or a risk policy) is the cause, not any one app or connection.",
                apps.join(", ")
            ),
        });
    }
}

fn one_source(
    sign_ins: &[SignIn],
    code: &'static str,
    what: &str,
    key: impl Fn(&SignIn) -> Option<&str>,
    out: &mut Vec<LogPattern>,
) {
    let failed: Vec<&str> = sign_ins
        .iter()
        .filter(|s| s.failed())
        .filter_map(&key)
        .collect();
    let Some(first) = failed.first() else { return };
    if failed.len() < ONE_SOURCE_MIN_FAILURES || failed.iter().any(|k| k != first) {
        return;
    }
    let others_ok = sign_ins
        .iter()
        .filter(|s| !s.failed())
        .filter_map(&key)
        .any(|k| k != *first);
    if others_ok {
        out.push(LogPattern {
            code,
            title: format!("Failures come from one {what} only"),
            detail: format!(
                "All {} failed sign-ins come from the {what} \u{201c}{first}\u{201d}, while sign-ins from elsewhere succeed: look for a policy condition on that {what}.",
                failed.len()
            ),
        });
    }
}

fn interactive_vs_not(sign_ins: &[SignIn], out: &mut Vec<LogPattern>) {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for s in sign_ins
        .iter()
        .filter(|s| s.failed() && s.interactive == Some(false))
    {
        let (Some(u), Some(target)) = (
            s.user.as_deref(),
            s.app.as_deref().or(s.resource.as_deref()),
        ) else {
            continue;
        };
        if seen.contains(&(u, target)) {
            continue;
        }
        let ok_interactive = sign_ins.iter().any(|o| {
            !o.failed()
                && o.interactive == Some(true)
                && o.user.as_deref() == Some(u)
                && (o.app.as_deref() == Some(target) || o.resource.as_deref() == Some(target))
        });
        if ok_interactive {
            seen.push((u, target));
            out.push(LogPattern {
                code: "interactive-ok-non-interactive-fails",
                title: "Interactive sign-ins succeed, unattended ones fail".into(),
                detail: format!(
                    "{u} signs in to {target} when present (interactive), but the background sign-ins (a connection refreshing its token) fail with AADSTS{}: the signature of a connection that needs MFA or a fresh sign-in the unattended run cannot give. Move the connection to a service principal or exempt it in the policy.",
                    s.error_code.unwrap_or_default()
                ),
            });
        }
    }
}
