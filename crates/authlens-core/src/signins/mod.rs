//! Entra sign-in logs, joined to the failure: reads the portal's JSON and CSV downloads and
//! Microsoft Graph `auditLogs/signIns` responses, classifies every failed sign-in with the same
//! knowledge as the diagnosis, says which Conditional Access policies applied and failed, looks
//! for the shapes an admin looks for (a policy that started failing, an account failing across
//! apps, failures from one client app or place, interactive success beside non-interactive
//! failure), and matches a failed run to its sign-in.
//!
//! Entry points: [`looks_like_signins`], [`analyse`], [`join`], [`render_text`],
//! [`render_markdown`], [`chart_svg_unstyled`] (the timeline), [`mask_personal`] (what a share
//! link of the paste carries). [`SignInReport`] is the wire format of `authlens signins --json`.

mod chart;
mod join;
mod parse;
mod patterns;
mod personal;
mod render;

pub use chart::chart_svg_unstyled;
pub use join::{join, SignInMatch};
pub use personal::mask_personal;
pub use render::{render_markdown, render_text};

use crate::category::Category;
use crate::report::Fix;
use crate::time::Timestamp;
use crate::{Options, MAX_INPUT_BYTES};
use serde::Serialize;
use std::collections::HashMap;

pub const SIGNINS_VERSION: u32 = 1;

/// Failed sign-ins listed one by one; counts and patterns use every sign-in.
pub const MAX_LISTED: usize = 500;

/// How the log was exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogFormat {
    /// The Entra admin center's "Download → JSON" (an array of sign-in events).
    PortalJson,
    /// A Microsoft Graph `auditLogs/signIns` response (`{"value": [...]}`), one or more pages.
    GraphResponse,
    /// The Entra admin center's "Download → CSV".
    PortalCsv,
}

impl LogFormat {
    pub const fn label(self) -> &'static str {
        match self {
            LogFormat::PortalJson => "Entra sign-in log (portal JSON download)",
            LogFormat::GraphResponse => "Entra sign-in log (Microsoft Graph auditLogs/signIns)",
            LogFormat::PortalCsv => "Entra sign-in log (portal CSV download)",
        }
    }
}

/// One Conditional Access policy as applied to one sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaPolicy {
    pub name: String,
    /// `success`, `failure`, `notApplied`, `notEnabled`, `reportOnlyFailure`, …
    pub result: String,
    /// `Mfa`, `RequireCompliantDevice`, `Block`, …
    pub grant_controls: Vec<String>,
    /// `SignInFrequency`, `ContinuousAccessEvaluation`, …
    pub session_controls: Vec<String>,
}

impl CaPolicy {
    pub fn failed(&self) -> bool {
        self.result.eq_ignore_ascii_case("failure")
    }
}

/// One sign-in event as read from the log.
#[derive(Clone, Debug, Serialize)]
pub struct SignIn {
    #[serde(skip)]
    pub time: Option<Timestamp>,
    /// User principal name, display name, or the service principal's name.
    pub user: Option<String>,
    pub service_principal: bool,
    pub managed_identity: bool,
    pub app: Option<String>,
    pub resource: Option<String>,
    pub client_app: Option<String>,
    pub ip: Option<String>,
    pub location: Option<String>,
    pub interactive: Option<bool>,
    /// The AADSTS number; `None` for a successful sign-in.
    pub error_code: Option<u32>,
    pub failure_reason: Option<String>,
    pub additional_details: Option<String>,
    pub correlation_id: Option<String>,
    pub request_id: Option<String>,
    /// `success`, `failure` or `notApplied`.
    pub ca_status: Option<String>,
    pub mfa_required: Option<bool>,
    pub policies: Vec<CaPolicy>,
}

impl SignIn {
    pub fn failed(&self) -> bool {
        self.error_code.is_some()
    }

    /// Policies whose result was failure, blocking this sign-in.
    pub fn failed_policies(&self) -> impl Iterator<Item = &CaPolicy> {
        self.policies.iter().filter(|p| p.failed())
    }

    fn identity_kind(&self) -> &'static str {
        if self.managed_identity {
            "managed identity"
        } else if self.service_principal {
            "service principal"
        } else {
            "user"
        }
    }
}

/// A failed sign-in as reported: the event plus its reading.
#[derive(Clone, Debug, Serialize)]
pub struct FailedSignIn {
    pub time: Option<String>,
    pub identity: &'static str,
    #[serde(flatten)]
    pub sign_in: SignIn,
    pub category: Option<Category>,
    /// What the error code means, in plain words.
    pub meaning: String,
}

/// All failures with one error code.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorGroup {
    pub code: u32,
    pub category: Option<Category>,
    pub meaning: String,
    pub count: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    pub fix: Option<Fix>,
}

/// One Conditional Access policy across the log.
#[derive(Clone, Debug, Serialize)]
pub struct PolicySummary {
    pub name: String,
    pub failures: usize,
    pub successes: usize,
    pub first_failure: Option<String>,
    pub grant_controls: Vec<String>,
    pub session_controls: Vec<String>,
}

/// A shape over the whole log.
#[derive(Clone, Debug, Serialize)]
pub struct LogPattern {
    /// Stable slug: `policy-started-failing`, `account-failing-across-apps`, `one-client-app`,
    /// `one-location`, `interactive-ok-non-interactive-fails`.
    pub code: &'static str,
    pub title: String,
    pub detail: String,
}

/// One point of the timeline.
#[derive(Clone, Debug, Serialize)]
pub struct TimelinePoint {
    pub time: String,
    pub failed: bool,
    pub category: Option<Category>,
}

/// The analysis of one sign-in log.
#[derive(Clone, Debug, Serialize)]
pub struct SignInReport {
    pub version: u32,
    pub format: LogFormat,
    pub format_label: &'static str,
    pub total: usize,
    pub failed: usize,
    /// One line: the reading a senior admin would give first.
    pub summary: String,
    pub errors: Vec<ErrorGroup>,
    pub policies: Vec<PolicySummary>,
    pub patterns: Vec<LogPattern>,
    /// Failed sign-ins, newest first, at most [`MAX_LISTED`].
    pub failures: Vec<FailedSignIn>,
    pub timeline: Vec<TimelinePoint>,
    #[serde(skip)]
    pub sign_ins: Vec<SignIn>,
    /// Byte ranges of the paste that hold the log (the rest may be a run's output).
    #[serde(skip)]
    pub ranges: Vec<(usize, usize)>,
}

/// True when `text` holds an Entra sign-in log in a format AuthLens reads.
pub fn looks_like_signins(text: &str) -> bool {
    // The CSV download, perhaps below a run's output.
    if parse::csv_range(text).is_some() {
        return true;
    }
    // memmem, not `str::contains`: each test is a pass over the paste, up to 10 MB.
    let has = |n: &str| memchr::memmem::find(text.as_bytes(), n.as_bytes()).is_some();
    (has("\"createdDateTime\"")
        && (has("\"appliedConditionalAccessPolicies\"")
            || has("\"clientAppUsed\"")
            || has("\"conditionalAccessStatus\"")))
        || has("auditLogs/signIns")
}

/// The reading of an AADSTS code: the diagnosis engine run on the code and its reason, so a log
/// is read with exactly the knowledge a pasted error gets.
/// An error code's reading: its category, its meaning (the finding's title) and its fix.
type Reading = (Option<Category>, String, Option<Fix>);

fn classify(code: u32, reason: Option<&str>, opts: &Options) -> Reading {
    let text = format!("AADSTS{code}: {}", reason.unwrap_or(""));
    let report = crate::diagnose(&text, opts);
    match report.findings.into_iter().next() {
        Some(f) => (Some(f.category), f.title, Some(f.fix)),
        None => (
            None,
            reason.map_or_else(|| format!("AADSTS{code}"), str::to_string),
            None,
        ),
    }
}

fn iso(t: Option<Timestamp>) -> Option<String> {
    t.map(Timestamp::to_rfc3339)
}

/// Reads and analyses a sign-in log. `Err` says why the paste is not one.
pub fn analyse(text: &str, opts: &Options) -> Result<SignInReport, String> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "The paste is larger than {} MiB; export a shorter time range.",
            MAX_INPUT_BYTES >> 20
        ));
    }
    let (mut sign_ins, format, ranges) = match parse::from_json(text) {
        Some(found) => found,
        None => match parse::from_csv(text) {
            Some((rows, range)) => (rows, LogFormat::PortalCsv, vec![range]),
            None => {
                return Err("No Entra sign-in log found: paste the JSON or CSV download of Microsoft Entra → Sign-in logs, or a Microsoft Graph auditLogs/signIns response.".into())
            }
        },
    };
    // Oldest first for the patterns; ties keep the export's order.
    crate::order::sort_by_key(&mut sign_ins, |s| s.time.map_or(i64::MIN, |t| t.0));

    let mut readings: HashMap<(u32, String), Reading> = HashMap::new();
    let mut reading = |s: &SignIn| {
        let code = s.error_code?;
        let reason = s.failure_reason.clone().unwrap_or_default();
        Some(
            readings
                .entry((code, reason.clone()))
                .or_insert_with(|| classify(code, Some(&reason), opts))
                .clone(),
        )
    };

    let mut errors: Vec<ErrorGroup> = Vec::new();
    let mut failures = Vec::new();
    let mut timeline = Vec::new();
    for s in &sign_ins {
        let r = reading(s);
        if let Some(t) = s.time {
            timeline.push(TimelinePoint {
                time: t.to_rfc3339(),
                failed: s.failed(),
                category: r.as_ref().and_then(|r| r.0),
            });
        }
        let (Some(code), Some((category, meaning, fix))) = (s.error_code, r) else {
            continue;
        };
        match errors.iter_mut().find(|g| g.code == code) {
            Some(g) => {
                g.count += 1;
                g.last = iso(s.time).or(g.last.take());
            }
            None => errors.push(ErrorGroup {
                code,
                category,
                meaning: meaning.clone(),
                count: 1,
                first: iso(s.time),
                last: iso(s.time),
                fix,
            }),
        }
        failures.push(FailedSignIn {
            time: iso(s.time),
            identity: s.identity_kind(),
            sign_in: s.clone(),
            category,
            meaning,
        });
    }
    crate::order::sort_by(&mut errors, |a, b| {
        b.count.cmp(&a.count).then(a.code.cmp(&b.code))
    });
    let failed = failures.len();
    failures.reverse();
    failures.truncate(MAX_LISTED);

    let policies = patterns::policy_summaries(&sign_ins);
    let patterns = patterns::find(&sign_ins, &policies);
    let summary = summary(&sign_ins, failed, &errors, &policies);
    Ok(SignInReport {
        version: SIGNINS_VERSION,
        format,
        format_label: format.label(),
        total: sign_ins.len(),
        failed,
        summary,
        errors,
        policies,
        patterns,
        failures,
        timeline,
        sign_ins,
        ranges,
    })
}

fn summary(
    sign_ins: &[SignIn],
    failed: usize,
    errors: &[ErrorGroup],
    policies: &[PolicySummary],
) -> String {
    if sign_ins.is_empty() {
        return "The log holds no sign-ins: widen the time range or the filters of the export."
            .into();
    }
    if failed == 0 {
        return format!(
            "All {} sign-ins succeeded: the failure is not an Entra sign-in failure in this window.",
            sign_ins.len()
        );
    }
    let mut s = format!("{failed} of {} sign-ins failed", sign_ins.len());
    if let Some(top) = errors.first() {
        s.push_str(&format!(
            "; most often AADSTS{} ({}), {} time{}",
            top.code,
            top.meaning.trim_end_matches('.'),
            top.count,
            if top.count == 1 { "" } else { "s" }
        ));
    }
    if let Some(p) = policies.iter().find(|p| p.failures > 0) {
        s.push_str(&format!(
            "; Conditional Access policy \u{201c}{}\u{201d} failed {} time{}",
            p.name,
            p.failures,
            if p.failures == 1 { "" } else { "s" }
        ));
        if !p.grant_controls.is_empty() {
            s.push_str(&format!(" (requires {})", p.grant_controls.join(", ")));
        }
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests;
