//! The diagnosis report: the wire format shared by the CLI's `--json`, the page and exports.
//!
//! Versioned by [`REPORT_VERSION`]; fields are only ever added.

use crate::category::Category;
use crate::span::Evidence;
use serde::Serialize;

pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Where the failure happened, as far as the paste tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    PowerAutomate,
    LogicApps,
    PowerBi,
    /// A call to the Microsoft Entra token endpoint (any client).
    Entra,
    /// Any other HTTP client or API.
    Http,
    Unknown,
}

impl Platform {
    pub const fn label(self) -> &'static str {
        match self {
            Platform::PowerAutomate => "Power Automate",
            Platform::LogicApps => "Logic Apps",
            Platform::PowerBi => "Power BI",
            Platform::Entra => "Microsoft Entra ID",
            Platform::Http => "HTTP client",
            Platform::Unknown => "unknown platform",
        }
    }
}

/// What was pasted, as detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    Empty,
    /// Power Automate / Logic Apps "Show raw outputs" (`statusCode`, `headers`, `body`).
    RawOutputs,
    /// Power Automate / Logic Apps "Show raw inputs" of an HTTP or connector action.
    RawInputs,
    /// A Logic Apps run-history action or run (`status`, `code`, `error`).
    RunHistory,
    /// A Microsoft Entra token endpoint error (`error`, `error_description`, `error_codes`).
    TokenEndpointError,
    /// An error body of an API (ARM, Graph, SharePoint, Dataverse, Power BI, ...).
    ApiErrorJson,
    /// Any other JSON.
    Json,
    /// A bare JWT.
    Jwt,
    /// An `Authorization:` header line or a bare `Bearer …` / `Basic …` value.
    AuthorizationHeader,
    /// A `WWW-Authenticate` challenge.
    WwwAuthenticate,
    /// Raw HTTP response text (status line, headers, body).
    HttpResponse,
    /// Raw HTTP request text (request line, headers, body).
    HttpRequest,
    /// Free text: an error banner, a log line, a stack trace.
    Text,
}

impl InputKind {
    pub const fn label(self) -> &'static str {
        match self {
            InputKind::Empty => "nothing pasted",
            InputKind::RawOutputs => "raw outputs of a failed action",
            InputKind::RawInputs => "raw inputs of an action",
            InputKind::RunHistory => "run history of an action or run",
            InputKind::TokenEndpointError => "Microsoft Entra token endpoint error",
            InputKind::ApiErrorJson => "API error response (JSON)",
            InputKind::Json => "JSON",
            InputKind::Jwt => "bearer token (JWT)",
            InputKind::AuthorizationHeader => "Authorization header",
            InputKind::WwwAuthenticate => "WWW-Authenticate challenge",
            InputKind::HttpResponse => "raw HTTP response",
            InputKind::HttpRequest => "raw HTTP request",
            InputKind::Text => "error text",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct InputInfo {
    pub kind: InputKind,
    /// Human wording of `kind`.
    pub label: &'static str,
    pub platform: Platform,
    pub bytes: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Fix {
    /// Where the fix lives, in one phrase ("Power Automate → Connections → Fix connection").
    #[serde(rename = "where")]
    pub location: String,
    /// Numbered steps in the order a person would act, for the detected platform.
    pub steps: Vec<String>,
    /// The obvious move that will not help ("Reconnecting will not fix a 403").
    pub avoid: Option<String>,
    /// What to do if it keeps breaking.
    pub if_it_recurs: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// Stable rule code, `AL` + number.
    pub code: &'static str,
    /// Rule name: the condition found, kebab-case.
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// 0–100: how sure the rule is that this explains the failure.
    pub confidence: u8,
    pub title: String,
    /// Why this is the reading, in plain words, for this paste.
    pub explanation: String,
    pub fix: Fix,
    pub evidence: Vec<Evidence>,
}

/// The whole diagnosis of one paste.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub input: InputInfo,
    /// One line, the answer a senior admin would give first.
    pub verdict: String,
    /// Most likely cause first.
    pub findings: Vec<Finding>,
    /// What the paste hides or lacks, and what to paste next.
    pub notes: Vec<String>,
}

impl Report {
    /// The category of the most likely cause, if any.
    pub fn primary_category(&self) -> Option<Category> {
        self.findings.first().map(|f| f.category)
    }
}
