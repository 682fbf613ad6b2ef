//! The diagnosis report: the wire format shared by the CLI's `--json`, the page and exports.
//!
//! Versioned by [`REPORT_VERSION`]; fields are only ever added.

use crate::category::Category;
use crate::diagnostic::Diagnostic;
use serde::Serialize;

pub use super::seen::{Seen, SeenCode, SeenService, SeenStatus};
pub use crate::detect::{InputKind, Platform};
/// The one severity and fix of the diagnostic vocabulary, and the one labelled span.
pub use crate::diagnostic::{Fix, Severity};
pub use crate::span::Evidence;

pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize)]
pub struct InputInfo {
    pub kind: InputKind,
    /// Human wording of `kind`.
    pub label: &'static str,
    pub platform: Platform,
    pub bytes: usize,
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

impl Diagnostic for Finding {
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
    fn confidence(&self) -> Option<u8> {
        Some(self.confidence)
    }
    fn labels(&self) -> Vec<Evidence> {
        self.evidence.clone()
    }
    fn help(&self) -> Option<&Fix> {
        Some(&self.fix)
    }
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
    /// What AuthLens read in the paste whatever the findings (codes, statuses, services) and
    /// what to paste next for its platform; shown in full when [`Report::unexplained`].
    pub seen: Seen,
}

impl Report {
    /// The category of the most likely cause, if any.
    pub fn primary_category(&self) -> Option<Category> {
        self.findings.first().map(|f| f.category)
    }
}
