//! The rule registry. STUB: the engine lands with issue 3.

use crate::category::Category;
use crate::report::Severity;
use serde::Serialize;

/// Static description of one rule, the same text for the page, `authlens rules` and the README.
#[derive(Clone, Debug, Serialize)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub title: &'static str,
    /// Markdown documentation with fixed headings.
    pub docs: &'static str,
}

pub fn registry() -> Vec<RuleMeta> {
    Vec::new()
}
