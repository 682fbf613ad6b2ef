//! The front door: [`detect()`] what was pasted, once, then [`analyse`] it as the paste calls for:
//! a diagnosis ([`Report`]) or, for a run or refresh history, the history analysis
//! ([`HistoryReport`]), for an Entra sign-in log the sign-in analysis ([`SignInAnalysis`], joined
//! to a failed run pasted beside it), with what the page offers next (the token to inspect, the
//! request to compare). The page and every CLI command go through here, so they show the same
//! report.

use crate::detect::{self, InputKind, Platform, Scan};
use crate::diagnose;
use crate::history::{self, parse::Parsed, HistoryKind, HistoryReport};
use crate::report::Report;
use crate::request::{self, RequestFormat};
use crate::signins::{self, SignInMatch, SignInReport};
use crate::span::Span;
use crate::token::FoundToken;
use crate::{Options, MAX_INPUT_BYTES};
use serde::Serialize;

/// Largest paste sniffed for a request to hand to Compare: request formats are small, and the
/// sniff parses JSON pastes once more.
pub const REQUEST_SNIFF_MAX_BYTES: usize = 1024 * 1024;

/// What a paste is, as the detection stage read it. Each part is computed once; [`analyse_detected`]
/// goes on from here without reading the paste again.
pub struct Detected<'a> {
    /// The diagnosis input kind (`run-history` for a history).
    pub kind: InputKind,
    pub platform: Platform,
    /// Set when the paste is a run or refresh history: it gets the history analysis.
    pub history: Option<HistoryKind>,
    /// The request format the paste holds, as [`request::detect`] reads it (serialised `har`,
    /// `curl`, `flow-raw-inputs`, …); `None` for histories and pastes over
    /// [`REQUEST_SNIFF_MAX_BYTES`].
    pub request: Option<RequestFormat>,
    pub bytes: usize,
    route: Route<'a>,
}

enum Route<'a> {
    /// Over [`MAX_INPUT_BYTES`], and not a history: refused, nothing scanned.
    TooLarge(&'a str),
    History(Parsed),
    /// An Entra sign-in log (perhaps with a run's output beside it).
    SignIns(&'a str),
    Paste(Scan<'a>),
}

impl Detected<'_> {
    /// Every bearer token or Authorization header value found, in order (none for histories).
    pub fn tokens(&self) -> &[FoundToken] {
        match &self.route {
            Route::Paste(s) => &s.found_tokens,
            _ => &[],
        }
    }

    /// What the page can offer under the report.
    pub fn handoff(&self) -> Handoff {
        let token = match &self.route {
            Route::Paste(s) => s.found_tokens.first().and_then(|t| {
                let span = t.header_value.unwrap_or(t.span);
                trimmed(s.text, span)
            }),
            _ => None,
        };
        Handoff {
            token,
            request: self.request,
        }
    }
}

/// `span` without surrounding whitespace; `None` when nothing is left.
fn trimmed(text: &str, span: Span) -> Option<Span> {
    let raw = span.slice(text);
    let start = span.start + (raw.len() - raw.trim_start().len());
    let end = span.start + raw.trim_end().len();
    (end > start).then(|| Span::new(start, end))
}

/// Reads what was pasted: history or not, input kind, platform, token spans, request format.
pub fn detect(text: &str) -> Detected<'_> {
    if text.len() <= MAX_INPUT_BYTES && signins::looks_like_signins(text) {
        return Detected {
            kind: InputKind::SignInLog,
            platform: Platform::Entra,
            history: None,
            request: None,
            bytes: text.len(),
            route: Route::SignIns(text),
        };
    }
    if history::looks_like_history(text) {
        let parsed = history::read(text);
        return Detected {
            kind: InputKind::RunHistory,
            platform: parsed.kind.platform(),
            history: Some(parsed.kind),
            request: None,
            bytes: text.len(),
            route: Route::History(parsed),
        };
    }
    if text.len() > MAX_INPUT_BYTES {
        return Detected {
            kind: InputKind::Text,
            platform: Platform::Unknown,
            history: None,
            request: None,
            bytes: text.len(),
            route: Route::TooLarge(text),
        };
    }
    let scan = detect::scan(text);
    Detected {
        kind: scan.kind,
        platform: scan.platform,
        history: None,
        request: (text.len() <= REQUEST_SNIFF_MAX_BYTES)
            .then(|| request::detect(text))
            .flatten(),
        bytes: text.len(),
        route: Route::Paste(scan),
    }
}

/// What the Diagnose view can hand to the other views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Handoff {
    /// Where the first bearer token or Authorization header value sits (trimmed): what "Open in
    /// Token view" takes. A span, never the token, so a serialised analysis carries no secret.
    pub token: Option<Span>,
    /// The request format found (see [`Detected::request`]): "Compare this request".
    pub request: Option<RequestFormat>,
}

impl Handoff {
    /// The token value in `text`, the paste this hand-off was found in.
    pub fn token_text<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.token.map(|s| s.slice(text)).filter(|t| !t.is_empty())
    }
}

/// The report of one paste: its `analysis` field says which (`diagnosis` or `history`); the rest
/// is that report's own wire format, unchanged.
// A diagnosis is the common case and is made once per paste: kept inline (one allocation less)
// although it is larger than the boxed history and sign-in variants.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "analysis", rename_all = "kebab-case")]
pub enum AnalysisReport {
    Diagnosis(Report),
    History(Box<HistoryReport>),
    SignIns(Box<SignInAnalysis>),
}

/// An Entra sign-in log, and the failed run pasted with it when there was one.
#[derive(Clone, Debug, Serialize)]
pub struct SignInAnalysis {
    pub log: SignInReport,
    /// The diagnosis of the rest of the paste (a run's output), with its sign-in named.
    pub run: Option<Report>,
    /// The sign-in the run was matched to.
    pub sign_in: Option<SignInMatch>,
}

/// Text outside the log's ranges shorter than this is separators, not a run's output.
const MIN_RUN_TEXT: usize = 24;

fn analyse_sign_ins(text: &str, opts: &Options) -> AnalysisReport {
    let log = match signins::analyse(text, opts) {
        Ok(log) => log,
        // Looked like a log but is not one: diagnose it as any paste.
        Err(_) => return AnalysisReport::Diagnosis(diagnose::diagnose(text, opts)),
    };
    // The rest of the paste, with the log blanked out so offsets stay those of the paste.
    let mut rest = String::with_capacity(text.len());
    let mut at = 0;
    for &(start, end) in &log.ranges {
        rest.push_str(text.get(at..start).unwrap_or(""));
        rest.extend(text.get(start..end).unwrap_or("").chars().map(|c| {
            if c == '\n' {
                '\n'
            } else {
                ' '
            }
        }));
        at = end;
    }
    rest.push_str(text.get(at..).unwrap_or(""));
    let (run, sign_in) = if rest.trim().len() >= MIN_RUN_TEXT {
        let mut report = diagnose::diagnose(&rest, opts);
        let m = signins::join(&rest, &mut report, &log, opts);
        (Some(report), m)
    } else {
        (None, None)
    };
    AnalysisReport::SignIns(Box::new(SignInAnalysis { log, run, sign_in }))
}

/// What [`analyse`] returns: the report and the hand-offs. Serialised as the report's fields plus
/// `analysis` and `handoff` (what `authlens diagnose --json` prints).
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    #[serde(flatten)]
    pub report: AnalysisReport,
    pub handoff: Handoff,
}

impl Analysis {
    /// The diagnosis, when the paste was not a history.
    pub fn diagnosis(&self) -> Option<&Report> {
        match &self.report {
            AnalysisReport::Diagnosis(r) => Some(r),
            _ => None,
        }
    }

    /// The history analysis, when the paste was a history.
    pub fn history(&self) -> Option<&HistoryReport> {
        match &self.report {
            AnalysisReport::History(h) => Some(h),
            _ => None,
        }
    }

    /// The sign-in log analysis, when the paste held a sign-in log.
    pub fn sign_ins(&self) -> Option<&SignInAnalysis> {
        match &self.report {
            AnalysisReport::SignIns(s) => Some(s),
            _ => None,
        }
    }
}

/// Detects and analyses any paste. Never panics.
pub fn analyse(text: &str, opts: &Options) -> Analysis {
    analyse_detected(detect(text), opts)
}

/// Goes on from a detection: diagnoses the paste or analyses the history.
pub fn analyse_detected(detected: Detected<'_>, opts: &Options) -> Analysis {
    let handoff = detected.handoff();
    let report = match detected.route {
        Route::TooLarge(text) => AnalysisReport::Diagnosis(diagnose::too_large(text)),
        Route::History(parsed) => {
            AnalysisReport::History(Box::new(history::analyse_parsed(parsed, opts)))
        }
        Route::SignIns(text) => analyse_sign_ins(text, opts),
        Route::Paste(scan) => AnalysisReport::Diagnosis(diagnose::run(scan, opts)),
    };
    Analysis { report, handoff }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timestamp;

    fn opts() -> Options {
        Options::at(Timestamp(1_763_900_000))
    }

    #[test]
    fn a_paste_is_diagnosed_as_diagnose_does_with_its_handoffs() {
        let paste = "POST https://graph.microsoft.com/v1.0/me HTTP/1.1\nHost: graph.microsoft.com\nAuthorization:  Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.c2ln \n\n";
        let d = detect(paste);
        assert_eq!(d.kind, InputKind::HttpRequest);
        assert_eq!(d.request, Some(RequestFormat::RawHttp));
        assert_eq!(d.tokens().len(), 1);
        let a = analyse_detected(d, &opts());
        assert_eq!(
            a.handoff.token_text(paste),
            Some("Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.c2ln")
        );
        let direct = crate::diagnose(paste, &opts());
        let v = serde_json::to_value(&a).unwrap_or_default();
        assert_eq!(v["analysis"], "diagnosis");
        assert_eq!(v["verdict"], serde_json::json!(direct.verdict));
        assert_eq!(
            v["findings"],
            serde_json::to_value(&direct.findings).unwrap_or_default()
        );
        assert_eq!(v["handoff"]["request"], "raw-http");
    }

    #[test]
    fn a_history_gets_the_history_analysis() {
        let runs: Vec<String> = (1..=9)
            .map(|d| format!(r#"{{"startTime":"2026-11-0{d}T02:00:00Z","status":"Failed","refreshType":"Scheduled","serviceExceptionJson":"{{\"errorCode\":\"AADSTS50076\"}}"}}"#))
            .collect();
        let text = format!(r#"{{"value":[{}]}}"#, runs.join(","));
        let d = detect(&text);
        assert_eq!(d.history, Some(HistoryKind::PowerBiRefreshHistory));
        assert_eq!(d.platform, Platform::PowerBi);
        assert!(d.tokens().is_empty() && d.request.is_none());
        let a = analyse(&text, &opts());
        let h = a.history().map(|h| (h.runs, h.failures));
        assert_eq!(h, Some((9, 9)));
        let v = serde_json::to_value(&a).unwrap_or_default();
        assert_eq!(v["analysis"], "history");
        assert_eq!(v["kind"], "power-bi-refresh-history");
        let direct = serde_json::to_value(history::analyse(&text, opts().now)).unwrap_or_default();
        assert_eq!(v["patterns"], direct["patterns"]);
        assert_eq!(v["run_list"], direct["run_list"]);
    }

    #[test]
    fn a_sign_in_log_with_a_run_beside_it_is_joined() {
        let log = include_str!("../tests/fixtures/signins/portal-interactive-mfa.json");
        let run = include_str!("../tests/fixtures/signins/run-output-401.json");
        let alone = analyse(log, &opts());
        let s = alone.sign_ins().map(|s| (s.log.failed, s.run.is_none()));
        assert_eq!(s, Some((3, true)));
        let both = format!("{run}\n{log}");
        let a = analyse(&both, &opts());
        let s = a
            .sign_ins()
            .and_then(|s| s.run.as_ref().zip(s.sign_in.as_ref()));
        let (report, m) = s.unwrap_or_else(|| panic!("no joined run"));
        assert_eq!(m.by, "correlation id");
        assert!(report.findings[0]
            .explanation
            .contains("Require MFA for all users"));
        let v = serde_json::to_value(&a).unwrap_or_default();
        assert_eq!(v["analysis"], "sign-ins");
    }

    #[test]
    fn a_masked_joined_paste_still_names_the_policy() {
        let log = include_str!("../tests/fixtures/signins/portal-interactive-mfa.json");
        let run = include_str!("../tests/fixtures/signins/run-output-401.json");
        let masked = signins::mask_personal(&format!("{run}\n{log}"));
        let a = analyse(&masked, &opts());
        let top = a
            .sign_ins()
            .and_then(|s| s.run.as_ref())
            .map(|r| r.findings[0].explanation.clone())
            .unwrap_or_default();
        assert!(top.contains("Require MFA for all users"), "{top}");
    }

    #[test]
    fn nothing_and_too_much_are_diagnoses() {
        assert_eq!(detect("").kind, InputKind::Empty);
        let big = "x".repeat(MAX_INPUT_BYTES + 1);
        let a = analyse(&big, &opts());
        assert!(a
            .diagnosis()
            .is_some_and(|r| r.verdict.contains("AuthLens analyses up to")));
    }
}
