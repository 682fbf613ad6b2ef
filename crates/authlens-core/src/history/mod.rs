//! Failure history: reads a run history (Power BI refresh history, Logic Apps / Power Automate run
//! lists, Power Automate CSV exports), classifies every failed run with the diagnosis engine, and
//! looks for the shapes that point at a cause no single run shows: failures that began after a
//! change, that return after each re-authentication, that recur on a long period, that hit only
//! scheduled runs, or that hit several connections at once.
//!
//! Entry points: [`analyse`], [`render_text`], [`chart_svg`], [`looks_like_history`].
//! [`HistoryReport`] is the wire format of `authlens history --json` and of the page.

mod chart;
mod classify;
pub(crate) mod csv;
mod excerpt;
pub(crate) mod parse;
mod patterns;
mod render;

pub use chart::{chart_svg, chart_svg_unstyled};
pub use csv::parse_time;
pub use render::{coverage, render_markdown, render_text};

use crate::category::Category;
use crate::diagnostic::{CodeDoc, Diagnostic, Severity};
use crate::report::Platform;
use crate::time::{human_duration, Timestamp};
use crate::{Options, MAX_INPUT_BYTES};
use serde::Serialize;
use std::collections::HashMap;

pub const HISTORY_VERSION: u32 = 1;

/// Runs listed in [`HistoryReport::run_list`]: enough for a table a person scrolls, small enough
/// for the page's JSON. Counts, patterns and the chart always use every run.
pub const MAX_LISTED_RUNS: usize = 2_000;

/// What was pasted, as detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HistoryKind {
    /// Power BI REST "Get Refresh History" (`refreshType`, `serviceExceptionJson`).
    PowerBiRefreshHistory,
    /// Logic Apps run list (ARM `runs` or `az logic workflow run list`).
    LogicAppsRuns,
    /// Power Automate flow runs from the management API (`Microsoft.ProcessSimple`).
    PowerAutomateRuns,
    /// A run list of the shared flow engine that names neither product.
    FlowEngineRuns,
    /// Power Automate run history exported as CSV from the portal.
    PowerAutomateCsv,
    /// Not recognised as a run history.
    Unknown,
}

impl HistoryKind {
    pub const fn label(self) -> &'static str {
        match self {
            HistoryKind::PowerBiRefreshHistory => "Power BI refresh history",
            HistoryKind::LogicAppsRuns => "Logic Apps run history",
            HistoryKind::PowerAutomateRuns => "Power Automate flow run history (JSON)",
            HistoryKind::FlowEngineRuns => "flow engine run history (Logic Apps or Power Automate)",
            HistoryKind::PowerAutomateCsv => "Power Automate run history (CSV export)",
            HistoryKind::Unknown => "not a run history",
        }
    }

    pub const fn platform(self) -> Platform {
        match self {
            HistoryKind::PowerBiRefreshHistory => Platform::PowerBi,
            HistoryKind::LogicAppsRuns => Platform::LogicApps,
            HistoryKind::PowerAutomateRuns | HistoryKind::PowerAutomateCsv => {
                Platform::PowerAutomate
            }
            HistoryKind::FlowEngineRuns | HistoryKind::Unknown => Platform::Unknown,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Success,
    Failure,
    /// Cancelled, running, skipped, disabled, unknown.
    #[default]
    Other,
}

/// How a run was started, as far as its trigger name or refresh type tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TriggerKind {
    /// Recurrence / scheduled refresh: runs with no person present.
    Scheduled,
    /// Manual, button, on-demand or API-started refresh.
    Manual,
    /// Any other trigger (an event: new item, new e-mail, HTTP request).
    Automatic,
    Unknown,
}

#[derive(Clone, Debug, Serialize)]
pub struct CategoryCount {
    pub category: Category,
    pub count: usize,
}

/// One run of the listing (the accessible table behind the chart).
#[derive(Clone, Debug, Serialize)]
pub struct HistoryRun {
    /// Start time, RFC 3339; null when the row had no readable time.
    pub time: Option<String>,
    pub status: String,
    pub outcome: Outcome,
    /// For failed runs the engine could classify.
    pub category: Option<Category>,
    /// Rule code of the top finding.
    pub code: Option<&'static str>,
    /// Redacted, shortened error text.
    pub error: Option<String>,
    /// Trigger name or Power BI refresh type, as given.
    pub trigger: Option<String>,
    pub trigger_kind: TriggerKind,
    /// Flow, workflow or dataset, when the history names several.
    pub source: Option<String>,
    pub id: Option<String>,
    pub duration_seconds: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PatternEvidence {
    pub time: String,
    pub note: String,
}

/// Every history pattern id, with what it means. Ids are stable (`patterns[].id` of the JSON, the
/// chart's markers); a test keeps this list and the finders in step.
pub const PATTERNS: &[CodeDoc] = &[
    CodeDoc {
        code: "began-after-successes",
        title: "Failing since a point in time",
        doc: "Runs worked many times in a row, then kept failing: something changed between the last success and the first failure (a password reset, a new Conditional Access policy, an expired secret). Look at what changed then.",
    },
    CodeDoc {
        code: "recurs-after-reauth",
        title: "Fails again a fixed time after each re-authentication",
        doc: "Fixing the connection helps, then it breaks again after about the same time: a sign-in frequency policy or a token lifetime, not a broken credential. Change the policy or use a service principal.",
    },
    CodeDoc {
        code: "periodic",
        title: "Fails on a long regular period",
        doc: "Failures start every 30, 60, 90 days or so: a password expiry or secret rotation policy. Renew ahead of time, or move to a credential that renews itself.",
    },
    CodeDoc {
        code: "scheduled-only",
        title: "Only scheduled runs fail",
        doc: "Runs started by a person succeed while scheduled ones fail: the scheduled run signs in without the person (no MFA, a different account or gateway credential).",
    },
    CodeDoc {
        code: "several-connections-together",
        title: "Several flows or datasets started failing together",
        doc: "Different flows or datasets began failing within a short time of each other: one shared cause (an account, a gateway, a tenant policy), not each connection on its own.",
    },
];

/// A shape of the history that points at a cause.
#[derive(Clone, Debug, Serialize)]
pub struct Pattern {
    /// `began-after-successes`, `recurs-after-reauth`, `periodic`, `scheduled-only`,
    /// `several-connections-together`.
    pub id: &'static str,
    pub title: String,
    pub explanation: String,
    /// 0–100.
    pub confidence: u8,
    /// The change point (first failure of the pattern), RFC 3339; the chart marks it.
    pub at: Option<String>,
    /// Typical interval or period, for `recurs-after-reauth` and `periodic`.
    pub period_seconds: Option<i64>,
    /// The category most of the pattern's failures have.
    pub category: Option<Category>,
    pub evidence: Vec<PatternEvidence>,
}

impl Diagnostic for Pattern {
    fn code(&self) -> &str {
        self.id
    }
    /// A pattern is a reading of many runs, not a failure of its own: a warning.
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn message(&self) -> &str {
        &self.title
    }
    fn explanation(&self) -> Option<&str> {
        Some(&self.explanation)
    }
    fn category(&self) -> Option<Category> {
        self.category
    }
    fn confidence(&self) -> Option<u8> {
        Some(self.confidence)
    }
    fn detail(&self) -> Option<String> {
        self.period_seconds
            .map(|s| format!("every {}", period_words(s)))
    }
    fn moments(&self) -> Vec<(&str, &str)> {
        self.evidence
            .iter()
            .map(|e| (e.time.as_str(), e.note.as_str()))
            .collect()
    }
}

/// The fix for the failures a history has most of.
#[derive(Clone, Debug, Serialize)]
pub struct TopFix {
    pub category: Category,
    /// Failed runs of that category.
    pub count: usize,
    pub fix: crate::diagnostic::Fix,
}

/// The pattern title of a pattern id ([`PATTERNS`]), or the id itself.
pub fn pattern_title(id: &str) -> &str {
    PATTERNS
        .iter()
        .find(|p| p.code == id)
        .map_or(id, |p| p.title)
}

/// One run on the timeline (all runs with a readable time, for patterns and the chart).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Point {
    pub t: i64,
    pub outcome: Outcome,
    pub category: Option<Category>,
    pub code: Option<&'static str>,
    pub trigger: TriggerKind,
    pub source: Option<u32>,
}

/// The analysis of one run history.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryReport {
    pub version: u32,
    pub kind: HistoryKind,
    /// Human wording of `kind`.
    pub label: &'static str,
    pub platform: Platform,
    pub runs: usize,
    pub failures: usize,
    pub successes: usize,
    /// Cancelled, running, skipped and other non-final runs.
    pub other: usize,
    /// Failed runs with no error text or an error the engine does not recognise.
    pub unclassified_failures: usize,
    /// Sorted by count (most first), then by name.
    pub counts_per_category: Vec<CategoryCount>,
    pub first_run: Option<String>,
    pub last_run: Option<String>,
    pub first_failure: Option<String>,
    pub last_failure: Option<String>,
    pub last_success_before_first_failure: Option<String>,
    /// Flows, workflows or datasets the history names (several enable
    /// `several-connections-together`).
    pub sources: Vec<String>,
    /// The runs, oldest first; at most [`MAX_LISTED_RUNS`] (the latest ones).
    pub run_list: Vec<HistoryRun>,
    /// True when `run_list` holds fewer runs than `runs`.
    pub truncated: bool,
    /// Strongest first.
    pub patterns: Vec<Pattern>,
    /// Runs drawn in the chart (and read by the patterns): those with a readable start time.
    pub charted: usize,
    /// What to do about the most frequent failure: its category's fix for the history's
    /// platform, from the same knowledge as a diagnosis. Absent when no failure was classified.
    pub top_fix: Option<TopFix>,
    pub notes: Vec<String>,
    #[serde(skip)]
    pub(crate) timeline: Vec<Point>,
}

/// True when `text` looks like a run history (a cheap check of its start): the page routes such
/// pastes to [`analyse`] instead of [`crate::diagnose`].
pub fn looks_like_history(text: &str) -> bool {
    parse::looks_like_history(text)
}

fn rfc(t: Option<Timestamp>) -> Option<String> {
    t.map(Timestamp::to_rfc3339)
}

/// Analyses a run history. `now` is handed to the engine (token time checks). Never panics.
pub fn analyse(text: &str, now: Timestamp) -> HistoryReport {
    analyse_parsed(read(text), &Options::at(now))
}

/// Reads a run history (nothing over [`MAX_INPUT_BYTES`]): the front door reads once, in its
/// detection stage, and analyses what it read.
pub(crate) fn read(text: &str) -> parse::Parsed {
    if text.len() > MAX_INPUT_BYTES {
        return parse::Parsed {
            kind: HistoryKind::Unknown,
            runs: Vec::new(),
            skipped_no_status: 0,
            notes: vec![format!(
                "This paste is {} MB; AuthLens analyses up to {} MB. Export a shorter period.",
                text.len() / (1024 * 1024),
                MAX_INPUT_BYTES / (1024 * 1024)
            )],
        };
    }
    parse::parse(text)
}

/// Oldest first; rows without a readable time first of all, so the latest runs are the tail.
fn sort_runs(raw: &mut Vec<parse::RawRun>) {
    // Histories come in time order, one way or the other: then no run has to move through the
    // sort's buffer (runs are large structs, and a 10 MB history has tens of thousands).
    if raw.windows(2).all(|w| w[0].start > w[1].start) {
        raw.reverse(); // strictly newest first: reversing is the stable sort
    } else if !raw.is_sorted_by_key(|r| r.start) {
        // Sort (time, position) pairs, then move each run once.
        let mut keyed: Vec<(Option<Timestamp>, usize)> =
            raw.iter().enumerate().map(|(i, r)| (r.start, i)).collect();
        crate::order::sort(&mut keyed);
        let mut old: Vec<Option<parse::RawRun>> = raw.drain(..).map(Some).collect();
        raw.extend(keyed.iter().filter_map(|&(_, i)| old.get_mut(i)?.take()));
    }
}

/// The whole error text of run `index` of [`HistoryReport::run_list`] (read again from the
/// paste: the list keeps a short excerpt), for opening one failed run in a diagnosis. Not
/// redacted: it stays in the page, like the paste it comes from.
pub fn run_error(text: &str, index: usize) -> Option<String> {
    let mut raw = read(text).runs;
    sort_runs(&mut raw);
    let skip = raw.len().saturating_sub(MAX_LISTED_RUNS);
    raw.into_iter().nth(skip.checked_add(index)?)?.error_text
}

/// Analyses a history [`read`] returned, classifying failed runs with `opts`.
pub(crate) fn analyse_parsed(parsed: parse::Parsed, opts: &Options) -> HistoryReport {
    let mut notes = Vec::new();
    let kind = parsed.kind;
    notes.extend(parsed.notes);
    let mut raw = parsed.runs;
    sort_runs(&mut raw);

    let mut classifier = classify::Classifier {
        opts: *opts,
        memo: Default::default(),
    };
    let mut source_ids: HashMap<String, u32> = HashMap::new();
    let mut sources: Vec<String> = Vec::new();
    let mut classes: Vec<Option<(Category, &'static str)>> = Vec::with_capacity(raw.len());
    let mut timeline = Vec::with_capacity(raw.len());
    let mut per_cat: HashMap<Category, usize> = HashMap::new();
    let (mut failures, mut successes, mut other, mut unclassified, mut untimed) = (0, 0, 0, 0, 0);
    let (mut failures_without_text, mut untimed_failures) = (0, 0);
    for r in &raw {
        let class = match r.outcome {
            Outcome::Failure => {
                failures += 1;
                let c = r.error_text.as_deref().and_then(|t| classifier.classify(t));
                if r.error_text.is_none() {
                    failures_without_text += 1;
                }
                match c {
                    Some((cat, _)) => *per_cat.entry(cat).or_default() += 1,
                    None => unclassified += 1,
                }
                c
            }
            Outcome::Success => {
                successes += 1;
                None
            }
            Outcome::Other => {
                other += 1;
                None
            }
        };
        classes.push(class);
        // Looked up before an entry is made: most runs name a source seen before, and the
        // entry would copy its name each time.
        let source = r.source.as_ref().map(|s| match source_ids.get(s) {
            Some(id) => *id,
            None => {
                let next = u32::try_from(sources.len()).unwrap_or(u32::MAX);
                source_ids.insert(s.clone(), next);
                sources.push(s.clone());
                next
            }
        });
        match r.start {
            Some(t) => timeline.push(Point {
                t: t.0,
                outcome: r.outcome,
                category: class.map(|c| c.0),
                code: class.map(|c| c.1),
                trigger: r
                    .trigger
                    .as_deref()
                    .map_or(TriggerKind::Unknown, parse::trigger_kind),
                source,
            }),
            None => {
                untimed += 1;
                if r.outcome == Outcome::Failure {
                    untimed_failures += 1;
                }
            }
        }
    }

    let mut counts_per_category: Vec<CategoryCount> = per_cat
        .into_iter()
        .map(|(category, count)| CategoryCount { category, count })
        .collect();
    crate::order::sort_by(&mut counts_per_category, |a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.category.as_str().cmp(b.category.as_str()))
    });

    let first_fail = timeline.iter().find(|p| p.outcome == Outcome::Failure);
    let last_fail = timeline
        .iter()
        .rev()
        .find(|p| p.outcome == Outcome::Failure);
    let last_success_before = first_fail.and_then(|f| {
        timeline
            .iter()
            .rev()
            .find(|p| p.outcome == Outcome::Success && p.t < f.t)
    });

    let skip = raw.len().saturating_sub(MAX_LISTED_RUNS);
    // One excerpt per distinct error text: a history repeats a handful of errors thousands of
    // times, and each excerpt runs the redactor (12% of a 10 MB refresh history's analysis).
    let mut excerpts: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let run_list: Vec<HistoryRun> = raw
        .iter()
        .zip(&classes)
        .skip(skip)
        .map(|(r, class)| HistoryRun {
            time: rfc(r.start),
            status: r.status.clone(),
            outcome: r.outcome,
            category: class.map(|c| c.0),
            code: class.map(|c| c.1),
            error: r.error_display.as_deref().map(|e| {
                excerpts
                    .entry(e)
                    .or_insert_with(|| excerpt::excerpt(e))
                    .clone()
            }),
            trigger: r.trigger.clone(),
            trigger_kind: r
                .trigger
                .as_deref()
                .map_or(TriggerKind::Unknown, parse::trigger_kind),
            source: r.source.clone(),
            id: r.id.clone(),
            duration_seconds: match (r.start, r.end) {
                (Some(s), Some(e)) if e.0 >= s.0 => Some(e.0 - s.0),
                _ => None,
            },
        })
        .collect();

    if parsed.skipped_no_status > 0 {
        notes.push(format!(
            "{} {} had no status and {} left out.",
            parsed.skipped_no_status,
            plural(parsed.skipped_no_status, "row", "rows"),
            if parsed.skipped_no_status == 1 {
                "was"
            } else {
                "were"
            }
        ));
    }
    if untimed > 0 {
        notes.push(format!(
            "{untimed} {} had no readable start time ({untimed_failures} of them failed): they count in the totals but not in the timeline, the patterns or the chart.",
            plural(untimed, "row", "rows")
        ));
    }
    if failures_without_text > 0 {
        notes.push(format!(
            "{failures_without_text} failed {} carry no error text, so their cause is not classified: open one such run and paste its failed action's raw outputs into Diagnose.",
            plural(failures_without_text, "run", "runs")
        ));
    }
    if unclassified > failures_without_text {
        notes.push(format!(
            "{} failed {} carry an error AuthLens does not recognise as an authentication failure.",
            unclassified - failures_without_text,
            plural(unclassified - failures_without_text, "run", "runs")
        ));
    }
    if kind == HistoryKind::PowerAutomateCsv && !timeline.is_empty() {
        notes.push("Times in a CSV export carry no time zone: they are read as UTC, so shift them by your offset when matching sign-in logs.".into());
    }
    if kind != HistoryKind::Unknown && raw.is_empty() {
        notes.push("The history holds no runs.".into());
    }

    let patterns = patterns::find(&timeline, &sources);
    let top_fix = counts_per_category
        .iter()
        .find(|c| c.category != Category::NotAnAuthError)
        .or(counts_per_category.first())
        .map(|c| TopFix {
            category: c.category,
            count: c.count,
            fix: crate::knowledge::fixes::fix_for(c.category, kind.platform()),
        });

    let mut report = HistoryReport {
        version: HISTORY_VERSION,
        kind,
        label: kind.label(),
        platform: kind.platform(),
        runs: raw.len(),
        failures,
        successes,
        other,
        unclassified_failures: unclassified,
        counts_per_category,
        first_run: timeline.first().map(|p| Timestamp(p.t).to_rfc3339()),
        last_run: timeline.last().map(|p| Timestamp(p.t).to_rfc3339()),
        first_failure: first_fail.map(|p| Timestamp(p.t).to_rfc3339()),
        last_failure: last_fail.map(|p| Timestamp(p.t).to_rfc3339()),
        last_success_before_first_failure: last_success_before.map(|p| Timestamp(p.t).to_rfc3339()),
        sources,
        truncated: run_list.len() < raw.len(),
        run_list,
        patterns,
        charted: timeline.len(),
        top_fix,
        notes,
        timeline,
    };
    if skip > 0 {
        // In the one wording of the page's and the reports' counts.
        let n = coverage(&report, report.run_list.len(), "the JSON run list");
        report
            .notes
            .push(format!("{n}; the counts and patterns use all of them."));
    }
    report
}

/// "12 h", "90 days": days rounded to the nearest day (a period of 89.9 days is "90 days").
pub(crate) fn period_words(seconds: i64) -> String {
    if seconds >= 2 * 86_400 {
        format!("{} days", (seconds + 43_200) / 86_400)
    } else {
        human_duration(seconds)
    }
}

pub(crate) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::PATTERNS;

    #[test]
    fn every_pattern_id_is_documented_and_every_documented_id_is_found() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/history/patterns");
        let mut used = Vec::new();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            for (i, _) in text.match_indices("id: \"") {
                let lit = &text[i + "id: \"".len()..];
                used.push(lit.split('"').next().unwrap_or_default().to_string());
            }
        }
        assert_eq!(used.len(), PATTERNS.len(), "{used:?}");
        for id in &used {
            assert!(
                PATTERNS.iter().any(|p| p.code == id),
                "{id} is not in PATTERNS"
            );
        }
    }
}
