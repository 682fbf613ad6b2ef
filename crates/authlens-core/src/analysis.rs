//! The front door: [`detect()`] what was pasted, once, then [`analyse`] it as the paste calls for:
//! a diagnosis ([`Report`]) or, for a run or refresh history, the history analysis
//! ([`HistoryReport`]), for an Entra sign-in log the sign-in analysis ([`SignInAnalysis`], joined
//! to a failed run pasted beside it), for a flow or workflow definition the audit
//! ([`AuditReport`]), for credentials and connections the inventory ([`InventoryReport`]), with
//! what the page offers next (the token to inspect, the request to compare). The page and every
//! CLI command go through here, so they show the same report. [`mask_personal`] is what leaves
//! the machine of any of them (share links, reports): people replaced by stand-ins.
//!
//! Detection order, first match wins: sign-in log, run history, then definitions and credential
//! lists ([`definition_or_inventory`]), then any other paste. A paste holding a definition *and*
//! app credentials is an inventory (the inventory reads the definition's HTTP actions as the
//! consumers of the credentials); a definition with connection resources beside it (an ARM
//! template, `az resource show` with `statuses`) is an audit (the audit reads the connections).

use crate::audit;
#[cfg(feature = "analyses")]
use crate::audit::AuditReport;
use crate::detect::{self, InputKind, Platform, Scan};
use crate::diagnose;
use crate::history::{self, HistoryKind};
#[cfg(feature = "analyses")]
use crate::history::{parse::Parsed, HistoryReport};
use crate::inventory;
#[cfg(feature = "analyses")]
use crate::inventory::InventoryReport;
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
    #[cfg(feature = "analyses")]
    History(Parsed),
    /// An Entra sign-in log (perhaps with a run's output beside it).
    #[cfg(feature = "analyses")]
    SignIns(&'a str),
    /// A flow or workflow definition: the audit.
    #[cfg(feature = "analyses")]
    Audit(&'a str),
    /// App credentials or connections: the inventory.
    #[cfg(feature = "analyses")]
    Inventory(&'a str),
    Paste(Scan<'a>),
}

/// What a paste that is neither a sign-in log nor a history may be instead of a failure to
/// diagnose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    Definition,
    Inventory,
}

/// Whether `text` is a definition to audit or a credential / connection list to check (cheap
/// substring tests). A definition with app credentials in the same paste is an inventory: the
/// credentials are what expires, the definition's HTTP actions are what they break (the
/// inventory reads them). Connection resources beside a definition (an ARM template, `az
/// resource show`) stay the audit's: it reads them into its per-connection summary.
pub fn definition_or_inventory(text: &str) -> Option<Checked> {
    if text.len() > MAX_INPUT_BYTES {
        return None;
    }
    // One probe for both checks: they ask for the same quoted keys.
    let probe = crate::text::Probe::new(text);
    if audit::looks_like_definition_in(text, &probe) {
        return Some(if inventory::holds_credentials_in(&probe) {
            Checked::Inventory
        } else {
            Checked::Definition
        });
    }
    inventory::looks_like_inventory_in(text, &probe).then_some(Checked::Inventory)
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
    #[cfg(feature = "analyses")]
    if let Some(d) = detect_other_kinds(text) {
        return d;
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

/// Whether `text` is one of the kinds the `analyses` feature reads (a sign-in log, a run
/// history, a definition, a credential list), by the same cheap tests [`detect()`] starts with.
/// Without the feature, [`detect()`] reads such a paste as any other: the page's start module
/// (built without it) asks this first and hands such pastes to the module that has it.
pub fn is_other_kind(text: &str) -> bool {
    (text.len() <= MAX_INPUT_BYTES && signins::looks_like_signins(text))
        || history::looks_like_history(text)
        || definition_or_inventory(text).is_some()
}

/// The first stages of [`detect()`]: a sign-in log, a run history, a definition or a credential
/// list; `None` for any other paste.
#[cfg(feature = "analyses")]
fn detect_other_kinds(text: &str) -> Option<Detected<'_>> {
    if text.len() <= MAX_INPUT_BYTES && signins::looks_like_signins(text) {
        return Some(Detected {
            kind: InputKind::SignInLog,
            platform: Platform::Entra,
            history: None,
            request: None,
            bytes: text.len(),
            route: Route::SignIns(text),
        });
    }
    if history::looks_like_history(text) {
        let parsed = history::read(text);
        return Some(Detected {
            kind: InputKind::RunHistory,
            platform: parsed.kind.platform(),
            history: Some(parsed.kind),
            request: None,
            bytes: text.len(),
            route: Route::History(parsed),
        });
    }
    if let Some(checked) = definition_or_inventory(text) {
        let (kind, route) = match checked {
            Checked::Definition => (InputKind::WorkflowDefinition, Route::Audit(text)),
            Checked::Inventory => (InputKind::CredentialInventory, Route::Inventory(text)),
        };
        return Some(Detected {
            kind,
            platform: Platform::Unknown,
            history: None,
            request: None,
            bytes: text.len(),
            route,
        });
    }
    None
}

/// `text` as it may leave the machine (share links, reports): the people in it replaced by
/// numbered stand-ins (`user 1`, `name 1`, `IP 1`, …), the same value always by the same one, so
/// the recipient gets the same reading. What counts as a person depends on the paste: a sign-in
/// log's accounts, names, IP addresses, places and devices (and the run pasted beside it); a
/// definition's or a credential / connection list's accounts behind connections and their
/// creators (UPN, e-mail, name, object id) and any e-mail address. Apps, connectors, tenants,
/// key ids and correlation ids stay. Other pastes come back unchanged (the page's "also remove
/// personal data" is [`crate::redact::redact_personal`]). Idempotent.
pub fn mask_personal(text: &str) -> String {
    if text.len() > MAX_INPUT_BYTES {
        return text.to_string();
    }
    if signins::looks_like_signins(text) {
        return signins::mask_personal(text);
    }
    if definition_or_inventory(text).is_none() {
        return text.to_string();
    }
    let mut people = crate::redact::personal::StandIns::default();
    let values = audit::parse::json_values(text);
    for v in &values {
        crate::redact::personal::people_in_json(v, &mut people, 0);
    }
    if values.is_empty() {
        // PowerShell's list view (Get-AdminPowerAppConnection).
        crate::redact::personal::people_in_text(text, &mut people);
    }
    people.mask(text)
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

/// The report of one paste: its `analysis` field says which (`diagnosis`, `history`, `sign-ins`,
/// `audit` or `inventory`); the rest is that report's own wire format, unchanged (what `authlens
/// history`, `signins`, `audit` and `inventory` print with `--json`).
// A diagnosis is the common case and is made once per paste: kept inline (one allocation less)
// although it is larger than the boxed variants.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "analysis", rename_all = "kebab-case")]
pub enum AnalysisReport {
    Diagnosis(Report),
    #[cfg(feature = "analyses")]
    History(Box<HistoryReport>),
    #[cfg(feature = "analyses")]
    SignIns(Box<SignInAnalysis>),
    #[cfg(feature = "analyses")]
    Audit(Box<AuditReport>),
    #[cfg(feature = "analyses")]
    Inventory(Box<InventoryReport>),
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
#[cfg(feature = "analyses")]
const MIN_RUN_TEXT: usize = 24;

#[cfg(feature = "analyses")]
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
        // Without the `analyses` feature a diagnosis is the only report.
        #[allow(unreachable_patterns)]
        match &self.report {
            AnalysisReport::Diagnosis(r) => Some(r),
            _ => None,
        }
    }

    /// The history analysis, when the paste was a history.
    #[cfg(feature = "analyses")]
    pub fn history(&self) -> Option<&HistoryReport> {
        match &self.report {
            AnalysisReport::History(h) => Some(h),
            _ => None,
        }
    }

    /// The definition audit, when the paste was a flow or workflow definition.
    #[cfg(feature = "analyses")]
    pub fn audit(&self) -> Option<&AuditReport> {
        match &self.report {
            AnalysisReport::Audit(r) => Some(r),
            _ => None,
        }
    }

    /// The credential and connection inventory, when the paste was one.
    #[cfg(feature = "analyses")]
    pub fn inventory(&self) -> Option<&InventoryReport> {
        match &self.report {
            AnalysisReport::Inventory(r) => Some(r),
            _ => None,
        }
    }

    /// The sign-in log analysis, when the paste held a sign-in log.
    #[cfg(feature = "analyses")]
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
        #[cfg(feature = "analyses")]
        Route::History(parsed) => {
            AnalysisReport::History(Box::new(history::analyse_parsed(parsed, opts)))
        }
        #[cfg(feature = "analyses")]
        Route::SignIns(text) => analyse_sign_ins(text, opts),
        // Looked like one but could not be read as one: diagnosed as any paste.
        #[cfg(feature = "analyses")]
        Route::Audit(text) => match audit::analyse(text) {
            Ok(r) => AnalysisReport::Audit(Box::new(r)),
            Err(_) => AnalysisReport::Diagnosis(diagnose::diagnose(text, opts)),
        },
        #[cfg(feature = "analyses")]
        Route::Inventory(text) => match inventory::analyse(text, opts) {
            Ok(r) => AnalysisReport::Inventory(Box::new(r)),
            Err(_) => AnalysisReport::Diagnosis(diagnose::diagnose(text, opts)),
        },
        Route::Paste(scan) => AnalysisReport::Diagnosis(diagnose::run(scan, opts)),
    };
    Analysis { report, handoff }
}

#[cfg(test)]
mod tests {
    // The front door's routes to the other kinds are the `analyses` feature's.
    #[cfg(feature = "analyses")]
    mod front_door {
        use super::super::*;
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
            let direct =
                serde_json::to_value(history::analyse(&text, opts().now)).unwrap_or_default();
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

        const FLOW: &str = include_str!("../tests/fixtures/audit/flow-package-clean.json");
        const ARM: &str = include_str!("../tests/fixtures/audit/logicapp-arm-risky.json");
        const LA_SHOW: &str = include_str!("../tests/fixtures/audit/az-logic-workflow-show.json");
        const APPS: &str = include_str!("../tests/fixtures/inventory/graph-applications.json");
        const CONNS: &str =
            include_str!("../tests/fixtures/inventory/az-resource-show-connections.json");

        #[test]
        fn definitions_get_the_audit_and_lists_the_inventory() {
            for dir in ["audit", "inventory"] {
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures")
                    .join(dir);
                let mut n = 0;
                for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    let a = analyse(&text, &opts());
                    let v = serde_json::to_value(&a).unwrap_or_default();
                    if dir == "audit" {
                        assert_eq!(detect(&text).kind, InputKind::WorkflowDefinition);
                        let direct = audit::analyse(&text).map_err(|e| e.to_string());
                        let direct = serde_json::to_value(direct.unwrap_or_else(|e| panic!("{e}")));
                        assert_eq!(v["analysis"], "audit", "{}", e.path().display());
                        assert_eq!(v["findings"], direct.unwrap_or_default()["findings"]);
                    } else {
                        assert_eq!(detect(&text).kind, InputKind::CredentialInventory);
                        let direct = inventory::analyse(&text, &opts()).map_err(|e| e.to_string());
                        let direct = serde_json::to_value(direct.unwrap_or_else(|e| panic!("{e}")));
                        assert_eq!(v["analysis"], "inventory", "{}", e.path().display());
                        assert_eq!(v["credentials"], direct.unwrap_or_default()["credentials"]);
                        // Judged against the caller's "now".
                        assert_eq!(v["now"], opts().now.to_rfc3339());
                    }
                    assert!(v["handoff"]["token"].is_null());
                    n += 1;
                }
                assert!(n >= 9, "{dir}: {n}");
            }
        }

        #[test]
        fn borderline_pastes_go_where_their_reading_is() {
            // A Logic App as `az logic workflow show` / `az resource show` prints it: the definition.
            assert_eq!(definition_or_inventory(LA_SHOW), Some(Checked::Definition));
            // An ARM template with the workflow and its connection resource (with `statuses`): the
            // audit, whose connection summary reads the connection.
            assert_eq!(definition_or_inventory(ARM), Some(Checked::Definition));
            let a = analyse(ARM, &opts());
            let office = a
                .audit()
                .and_then(|r| r.connections.iter().find(|c| c.name == "office365"));
            assert_eq!(
                office.and_then(|c| c.account.as_deref()),
                Some("maker.one@contoso.example")
            );
            // An ARM template of connections alone: no definition to audit, the inventory.
            let conns_only = r#"{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[{"type":"Microsoft.Web/connections","name":"office365","properties":{"displayName":"orders mailbox","api":{"id":"/subscriptions/x/providers/Microsoft.Web/locations/westeurope/managedApis/office365"}}}]}"#;
            assert_eq!(
                definition_or_inventory(conns_only),
                Some(Checked::Inventory)
            );
            assert!(analyse(conns_only, &opts()).inventory().is_some());
            // Connections as `az resource show` prints them, with their statuses: the inventory.
            assert_eq!(definition_or_inventory(CONNS), Some(Checked::Inventory));
            // An app list and a flow pasted together: the inventory, naming the flow's HTTP action
            // as what the expiring secret breaks.
            let both = format!("{APPS}\n{FLOW}");
            assert_eq!(definition_or_inventory(&both), Some(Checked::Inventory));
            let inv = analyse(&both, &opts());
            let consumers: Vec<&String> = inv
                .inventory()
                .map(|r| r.credentials.iter().flat_map(|c| &c.consumers).collect())
                .unwrap_or_default();
            assert!(
                consumers.iter().any(|c| c.contains("Read_Graph_users")),
                "{consumers:?}"
            );
            // What a failed run shows stays a diagnosis, even when it quotes `inputs`.
            let raw = r#"{"statusCode":401,"headers":{},"body":{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}},"inputs":{"method":"GET"}}"#;
            assert_eq!(definition_or_inventory(raw), None);
            assert!(analyse(raw, &opts()).diagnosis().is_some());
            // A sign-in log and a run history keep their own analyses.
            let log = include_str!("../tests/fixtures/signins/portal-interactive-mfa.json");
            assert!(analyse(log, &opts()).sign_ins().is_some());
            // Something that looks like a definition but is not one is diagnosed, never dropped.
            let broken = r#"{"definition": {"triggers": {"manual": 3}}, "error": "AADSTS50076"}"#;
            let a = analyse(broken, &opts());
            assert!(a.audit().is_some() || a.diagnosis().is_some());
        }

        /// What leaves the machine of a definition or a list: no person, the same reading.
        #[test]
        fn definitions_and_lists_are_masked_and_read_the_same() {
            let people = [
                "maker.one@contoso.example",
                "maker.two@contoso.example",
                "service.mailbox@contoso.example",
                "Maker Two",
                "Service Mailbox",
                "9a9a0000-aaaa-4bbb-8ccc-000000000002",
            ];
            for dir in ["audit", "inventory"] {
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures")
                    .join(dir);
                for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
                    let name = e.path().display().to_string();
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    let masked = mask_personal(&text);
                    for p in people {
                        assert!(!masked.contains(p), "{p} in {name}");
                    }
                    assert_eq!(mask_personal(&masked), masked, "{name}: idempotent");
                    let (a, b) = (analyse(&text, &opts()), analyse(&masked, &opts()));
                    if let (Some(a), Some(b)) = (a.audit(), b.audit()) {
                        let codes = |r: &AuditReport| -> Vec<(&str, String)> {
                            r.findings
                                .iter()
                                .map(|f| (f.code, f.action.clone()))
                                .collect()
                        };
                        assert_eq!(codes(a), codes(b), "{name}");
                        let ids = |r: &AuditReport| -> Vec<IdentityKindLabel> {
                            r.connections.iter().map(|c| c.identity_label).collect()
                        };
                        assert_eq!(ids(a), ids(b), "{name}");
                    } else if let (Some(a), Some(b)) = (a.inventory(), b.inventory()) {
                        assert_eq!(a.summary, b.summary, "{name}");
                        assert_eq!(a.credentials.len(), b.credentials.len());
                        let failed = |r: &InventoryReport| -> Vec<bool> {
                            r.connections.iter().map(|c| c.failed).collect()
                        };
                        assert_eq!(failed(a), failed(b), "{name}");
                    } else {
                        panic!("{name}: not read the same way when masked");
                    }
                }
            }
            // Apps and key ids are not people.
            let apps = include_str!("../tests/fixtures/inventory/az-ad-app-credential-list.json");
            let masked = mask_personal(apps);
            assert!(
                masked.contains("logic-app-orders")
                    && masked.contains("5b0e0000-1111-4222-8333-000000000001")
            );
            // A diagnosis paste is not touched (the optional markers are `redact_personal`'s).
            let raw = "AADSTS50076 for flow.owner@contoso.com";
            assert_eq!(mask_personal(raw), raw);
        }

        type IdentityKindLabel = &'static str;

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
}
