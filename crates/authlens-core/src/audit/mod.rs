//! The definition, checked before it fails: reads a Power Automate flow or a Logic Apps workflow
//! definition and reports what will break authentication later (fixed bearer tokens and keys in
//! HTTP actions, secrets shown in run history, malformed `Authorization` headers, OAuth settings
//! that do not fit the URL called, connections that sign in as a person, open request triggers,
//! secrets in plain parameters, Key Vault reached without a managed identity), and a summary per
//! connection: who signs in, which actions use it, what breaks when that person leaves.
//!
//! Entry points: [`looks_like_definition`], [`analyse`], [`render_text`], [`render_markdown`],
//! [`CHECKS`]. [`AuditReport`] is the wire format of `authlens audit --json`.
//!
//! Every quoted value in a report went through [`crate::redact::redact`].

mod checks;
mod identity;
pub(crate) mod parse;
mod render;
mod walk;

pub use checks::{reference_markdown, Check, CHECKS};
pub use parse::IdentityKind;
pub use render::{render_markdown, render_text};

use crate::category::Category;
use crate::report::{Fix, Platform, Severity};
use crate::MAX_INPUT_BYTES;
use serde::Serialize;

pub const AUDIT_VERSION: u32 = 1;

/// How the definition was exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DefinitionFormat {
    /// Power Automate export package (`definition.json`).
    FlowPackage,
    /// A solution's `Workflows/*.json` (or a Dataverse `clientdata` string).
    FlowSolution,
    /// "Peek code" of one action or trigger.
    PeekCode,
    /// Logic Apps Consumption code view (`definition` + `parameters.$connections`).
    LogicAppsCodeView,
    /// An ARM template or resource JSON with a `Microsoft.Logic/workflows` resource.
    LogicAppsResource,
    /// An ARM template (`resources` array).
    ArmTemplate,
    /// Logic Apps Standard `workflow.json` (with `connections.json`).
    LogicAppsStandard,
    /// A bare workflow definition (`triggers` / `actions`).
    Definition,
}

impl DefinitionFormat {
    pub const fn label(self) -> &'static str {
        match self {
            DefinitionFormat::FlowPackage => "Power Automate flow (export package definition.json)",
            DefinitionFormat::FlowSolution => "Power Automate flow (solution Workflows JSON)",
            DefinitionFormat::PeekCode => "One action (Peek code)",
            DefinitionFormat::LogicAppsCodeView => "Logic Apps workflow (Consumption code view)",
            DefinitionFormat::LogicAppsResource => "Logic Apps workflow resource",
            DefinitionFormat::ArmTemplate => "ARM template with a Logic Apps workflow",
            DefinitionFormat::LogicAppsStandard => "Logic Apps Standard workflow.json",
            DefinitionFormat::Definition => "workflow definition",
        }
    }

    pub const fn platform(self) -> Platform {
        match self {
            DefinitionFormat::FlowPackage | DefinitionFormat::FlowSolution => {
                Platform::PowerAutomate
            }
            DefinitionFormat::LogicAppsCodeView
            | DefinitionFormat::LogicAppsResource
            | DefinitionFormat::ArmTemplate
            | DefinitionFormat::LogicAppsStandard => Platform::LogicApps,
            DefinitionFormat::PeekCode | DefinitionFormat::Definition => Platform::Unknown,
        }
    }
}

/// One finding of a check, pointing at an action.
#[derive(Clone, Debug, Serialize)]
pub struct AuditFinding {
    /// Stable check code, `AU` + number (see [`CHECKS`]).
    pub code: &'static str,
    /// The check's name: the condition found, kebab-case.
    pub check: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub title: String,
    /// What was found here, in plain words.
    pub explanation: String,
    /// Why it matters (the check's documentation).
    pub why: &'static str,
    pub fix: Fix,
    /// The action, trigger, parameter or connection, by name.
    pub action: String,
    /// Its JSONPath in the pasted definition.
    pub path: String,
    /// The value quoted, redacted.
    pub evidence: Option<String>,
}

/// Audit findings speak the shared diagnostic protocol, so the one text and Markdown renderer
/// (and the page's) show them like any other result.
impl crate::diagnostic::Diagnostic for AuditFinding {
    fn code(&self) -> &str {
        self.code
    }
    fn severity(&self) -> Severity {
        self.severity
    }
    fn message(&self) -> &str {
        &self.title
    }
    fn explanation(&self) -> Option<&str> {
        Some(&self.explanation)
    }
    fn category(&self) -> Option<Category> {
        Some(self.category)
    }
    fn detail(&self) -> Option<String> {
        Some(format!("{} ({})", self.action, self.path))
    }
    fn help(&self) -> Option<&Fix> {
        Some(&self.fix)
    }
}

/// One connection or connection reference and what depends on it.
#[derive(Clone, Debug, Serialize)]
pub struct ConnectionSummary {
    /// The name actions use for it.
    pub name: String,
    pub connector: String,
    pub connection: Option<String>,
    pub identity: IdentityKind,
    pub identity_label: &'static str,
    /// The account, when the export names it.
    pub account: Option<String>,
    /// Where the export says so.
    pub identity_from: Option<&'static str>,
    /// Triggers and actions that use it.
    pub used_by: Vec<String>,
    /// What breaks when the person behind it leaves or changes their password.
    pub if_person_leaves: String,
    pub path: String,
}

/// The audit of one pasted definition.
#[derive(Clone, Debug, Serialize)]
pub struct AuditReport {
    pub version: u32,
    pub format: DefinitionFormat,
    pub format_label: &'static str,
    pub platform: Platform,
    /// Names of the workflows read (flows, Logic Apps resources).
    pub workflows: Vec<String>,
    pub triggers: usize,
    pub actions: usize,
    /// One line: the reading a senior engineer would give first.
    pub summary: String,
    /// Findings that fail runs (severity error) and that put runs at risk (warning).
    pub errors: usize,
    pub warnings: usize,
    /// Most severe first, then in definition order.
    pub findings: Vec<AuditFinding>,
    pub connections: Vec<ConnectionSummary>,
    /// What the paste could not tell.
    pub notes: Vec<String>,
}

/// True when `text` holds a flow or workflow definition AuthLens reads. Cheap: a few substring
/// searches over the paste.
pub fn looks_like_definition(text: &str) -> bool {
    looks_like_definition_in(text, &crate::text::Probe::new(text))
}

/// [`looks_like_definition`] asking `probe` (made for `text`), which the front door shares
/// with the inventory check.
pub(crate) fn looks_like_definition_in(text: &str, probe: &crate::text::Probe<'_>) -> bool {
    let has = |n: &str| probe.has(n);
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.starts_with('"') {
        // A `clientdata` value copied on its own: the flow as one escaped JSON string.
        return has("\\\"definition\\\"") && (has("\\\"triggers\\\"") || has("\\\"actions\\\""));
    }
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return false;
    }
    if has("\"clientdata\"") && has("definition") {
        return true;
    }
    if has("\"managedApiConnections\"") || has("\"serviceProviderConnections\"") {
        return true;
    }
    let triggers_or_actions = has("\"triggers\"") || has("\"actions\"");
    if triggers_or_actions
        && (has("\"definition\"")
            || has("workflowdefinition.json")
            || has("\"connectionReferences\"")
            || has("\"runAfter\""))
    {
        return true;
    }
    // Peek code of one action: `inputs` and the designer's `runAfter` / `metadata` (the classic
    // designer leaves `type` out).
    has("\"inputs\"")
        && (has("\"runAfter\"")
            || has("\"operationMetadataId\"")
            || has("\"triggerAuthenticationType\""))
}

/// Reads and audits a definition. `Err` says why the paste is not one.
pub fn analyse(text: &str) -> Result<AuditReport, String> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "The paste is larger than {} MiB.",
            MAX_INPUT_BYTES >> 20
        ));
    }
    let mut model = parse::read(text).ok_or_else(|| {
        "No flow or workflow definition found: paste a Power Automate definition.json (export package or solution Workflows file), \"Peek code\" of an action, or a Logic Apps code view, ARM template or Standard workflow.json (with connections.json)."
            .to_string()
    })?;
    checks::add_implied_connections(&mut model);
    let mut findings = checks::run(&model);
    crate::order::sort_by_key(&mut findings, |f| f.severity);
    let connections = checks::connection_summaries(&model);
    let triggers = model
        .workflows
        .iter()
        .flat_map(|w| &w.nodes)
        .filter(|n| n.trigger)
        .count();
    let actions = model
        .workflows
        .iter()
        .flat_map(|w| &w.nodes)
        .filter(|n| !n.trigger)
        .count();
    let mut notes = Vec::new();
    if model.format == DefinitionFormat::PeekCode {
        notes.push("Only one action was pasted: references to other actions, variables and parameters are not checked, and connections are named but not described. Paste the whole definition for those.".into());
    }
    if connections
        .iter()
        .any(|c| c.identity == IdentityKind::Unknown)
    {
        notes.push("Some connections do not say whose account signs in: the export package and solution files leave it out. Open Power Automate → Connections (or the API connection resource in Azure) to see the account, or paste the connection list into `authlens inventory`.".into());
    }
    if model.platform == Platform::LogicApps
        && model
            .workflows
            .iter()
            .any(|w| !w.is_resource && w.nodes.iter().any(|n| n.trigger && is_request(n)))
    {
        notes.push("The request trigger's OAuth and SAS settings live on the Logic Apps resource (accessControl), not in the code view: paste the ARM template or `az logic workflow show` output to check them.".into());
    }
    let summary = summary(&findings, &connections, actions);
    let format = model.format;
    Ok(AuditReport {
        version: AUDIT_VERSION,
        format,
        format_label: format.label(),
        platform: model.platform,
        workflows: model
            .workflows
            .iter()
            .filter_map(|w| w.name.clone())
            .collect(),
        triggers,
        actions,
        summary,
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
        findings,
        connections,
        notes,
    })
}

fn is_request(n: &parse::Node) -> bool {
    n.kind().eq_ignore_ascii_case("Request")
}

fn summary(findings: &[AuditFinding], conns: &[ConnectionSummary], actions: usize) -> String {
    let people = conns
        .iter()
        .filter(|c| c.identity == IdentityKind::User)
        .count();
    if findings.is_empty() {
        return format!(
            "No authentication risk found in {actions} action{}.",
            if actions == 1 { "" } else { "s" }
        );
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let risks = findings.len() - errors;
    let mut s = format!(
        "{} finding{}: {errors} that fail{} runs, {risks} that put{} runs at risk",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        if errors == 1 { "s" } else { "" },
        if risks == 1 { "s" } else { "" },
    );
    if let Some(top) = findings.first() {
        s.push_str(&format!("; first: {} ({})", top.title, top.code));
    }
    if people > 0 {
        s.push_str(&format!(
            "; {people} connection{} sign{} in as a person",
            if people == 1 { "" } else { "s" },
            if people == 1 { "s" } else { "" }
        ));
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests;
