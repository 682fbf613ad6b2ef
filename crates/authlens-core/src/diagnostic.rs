//! The one diagnostic vocabulary: a severity, a labelled span, a fix, and the [`Diagnostic`]
//! protocol that diagnosis findings, token checks, history patterns and compare differences all
//! speak, with one text and one Markdown rendering over it.
//!
//! Each kind keeps its own wire format (the JSON contracts of the CLI and the page); this module
//! is what they share, so a renderer written once serves all of them.

use crate::category::Category;
use serde::Serialize;
use std::fmt::Write;

pub use crate::span::{Evidence, Span};

/// How bad a diagnostic is. Ordered most severe first (`Error < Warning < Info`), so sorting puts
/// errors first and `max` softens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The wire name (`error`, `warning`, `info`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What to do about a diagnostic: where the fix lives and the steps, in the order a person acts.
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

/// The protocol every result AuthLens reports speaks. Only `code`, `severity` and `message` are
/// required; the rest default to "nothing to say".
///
/// Codes are stable and never change meaning: rule codes (`AL104`), token check ids
/// (`time.expired`, `header.truncated`), history pattern ids (`began-after-successes`), compare
/// parts (`header`, `auth`, …).
pub trait Diagnostic {
    /// The stable code.
    fn code(&self) -> &str;
    fn severity(&self) -> Severity;
    /// One line: what was found.
    fn message(&self) -> &str;
    /// Why this is the reading, for this input.
    fn explanation(&self) -> Option<&str> {
        None
    }
    /// The failure category of `docs/taxonomy.md`, when the diagnostic names one.
    fn category(&self) -> Option<Category> {
        None
    }
    /// 0–100: how sure the reading is, when it is a reading rather than a fact.
    fn confidence(&self) -> Option<u8> {
        None
    }
    /// A short qualifier shown with the code ("every 90 days").
    fn detail(&self) -> Option<String> {
        None
    }
    /// Labelled spans of the analysed text.
    fn labels(&self) -> Vec<Evidence> {
        Vec::new()
    }
    /// Points in time that show it, as (RFC 3339 time, what happened): history patterns.
    fn moments(&self) -> Vec<(&str, &str)> {
        Vec::new()
    }
    /// What to do.
    fn help(&self) -> Option<&Fix> {
        None
    }
}

/// Appends diagnostic number `n` (1-based) as plain text: a headline with the code and its
/// qualifiers, then the explanation, evidence, moments and fix, indented by three spaces.
pub fn write_text(o: &mut String, n: usize, d: &dyn Diagnostic) {
    let mut tags = vec![d.code().to_string()];
    tags.extend(d.category().map(|c| c.to_string()));
    tags.extend(d.confidence().map(|c| format!("{c}%")));
    tags.extend(d.detail());
    tags.push(format!("{:?}", d.severity()));
    let _ = writeln!(o, "\n{n}. {} [{}]", d.message(), tags.join(" · "));
    if let Some(e) = d.explanation().filter(|e| !e.is_empty()) {
        let _ = writeln!(o, "   {e}");
    }
    for e in d.labels() {
        let _ = writeln!(
            o,
            "   evidence ({}, bytes {}..{}): {}",
            e.label, e.start, e.end, e.text
        );
    }
    for (time, note) in d.moments() {
        let _ = writeln!(o, "   {time}  {note}");
    }
    if let Some(f) = d.help() {
        let _ = writeln!(o, "   Fix in: {}", f.location);
        for (i, s) in f.steps.iter().enumerate() {
            let _ = writeln!(o, "     {}. {s}", i + 1);
        }
        if let Some(a) = &f.avoid {
            let _ = writeln!(o, "   Don't: {a}");
        }
        if let Some(r) = &f.if_it_recurs {
            let _ = writeln!(o, "   If it breaks again: {r}");
        }
    }
}

/// Appends diagnostic number `n` (1-based) as a Markdown section (`###` heading).
pub fn write_markdown(o: &mut String, n: usize, d: &dyn Diagnostic) {
    let _ = writeln!(o, "\n### {}. {}\n", n, d.message());
    let mut tags = vec![format!("`{}`", d.code())];
    tags.extend(d.category().map(|c| format!("`{c}`")));
    tags.extend(d.confidence().map(|c| format!("confidence {c}%")));
    tags.extend(d.detail());
    let _ = writeln!(o, "{}\n", tags.join(" · "));
    if let Some(e) = d.explanation().filter(|e| !e.is_empty()) {
        let _ = writeln!(o, "{e}\n");
    }
    let labels = d.labels();
    let moments = d.moments();
    if !labels.is_empty() || !moments.is_empty() {
        let _ = writeln!(o, "Evidence:");
        for e in &labels {
            let _ = writeln!(o, "- {}: `{}`", e.label, e.text.replace('`', "'"));
        }
        for (time, note) in &moments {
            let _ = writeln!(o, "- {time}: {note}");
        }
        o.push('\n');
    }
    if let Some(f) = d.help() {
        let _ = writeln!(o, "Fix in **{}**:\n", f.location);
        for (i, s) in f.steps.iter().enumerate() {
            let _ = writeln!(o, "{}. {s}", i + 1);
        }
        if let Some(a) = &f.avoid {
            let _ = writeln!(o, "\n> Don't: {a}");
        }
        if let Some(r) = &f.if_it_recurs {
            let _ = writeln!(o, "\nIf it breaks again: {r}");
        }
    }
}

/// A stable code and what it means, for makers and admins: one entry of a code registry (token
/// checks: [`crate::token::CHECKS`]; Compare's request parts: [`crate::request::PARTS`]; history
/// patterns: [`crate::history::PATTERNS`]; diagnosis
/// rules have their own, richer registry, [`crate::diagnose::rules::RULES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CodeDoc {
    pub code: &'static str,
    /// What is checked or found, in a few words.
    pub title: &'static str,
    /// What it means and what to do, in a sentence or two.
    pub doc: &'static str,
}

/// A diagnostic built step by step, for results that have no type of their own (and for tests):
/// `Diag::new("header", Severity::Error, "…").explain("…").label(evidence)`.
#[derive(Clone, Debug, Serialize)]
pub struct Diag {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub explanation: Option<String>,
    pub category: Option<Category>,
    pub confidence: Option<u8>,
    pub detail: Option<String>,
    pub labels: Vec<Evidence>,
    pub fix: Option<Fix>,
}

impl Diag {
    pub fn new(code: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Diag {
            code: code.into(),
            severity,
            message: message.into(),
            explanation: None,
            category: None,
            confidence: None,
            detail: None,
            labels: Vec::new(),
            fix: None,
        }
    }

    #[must_use]
    pub fn explain(mut self, why: impl Into<String>) -> Self {
        self.explanation = Some(why.into());
        self
    }

    #[must_use]
    pub fn category(mut self, c: Category) -> Self {
        self.category = Some(c);
        self
    }

    #[must_use]
    pub fn confidence(mut self, c: u8) -> Self {
        self.confidence = Some(c.min(100));
        self
    }

    #[must_use]
    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }

    #[must_use]
    pub fn label(mut self, e: Evidence) -> Self {
        self.labels.push(e);
        self
    }

    #[must_use]
    pub fn fix(mut self, f: Fix) -> Self {
        self.fix = Some(f);
        self
    }
}

impl Diagnostic for Diag {
    fn code(&self) -> &str {
        &self.code
    }
    fn severity(&self) -> Severity {
        self.severity
    }
    fn message(&self) -> &str {
        &self.message
    }
    fn explanation(&self) -> Option<&str> {
        self.explanation.as_deref()
    }
    fn category(&self) -> Option<Category> {
        self.category
    }
    fn confidence(&self) -> Option<u8> {
        self.confidence
    }
    fn detail(&self) -> Option<String> {
        self.detail.clone()
    }
    fn labels(&self) -> Vec<Evidence> {
        self.labels.clone()
    }
    fn help(&self) -> Option<&Fix> {
        self.fix.as_ref()
    }
}

/// The frame shared by the definition audit's and the inventory's reports: headings in text or
/// Markdown, accounts replaced by stand-ins in Markdown unless the person keeps them, and the
/// same closing notes and footer. One place, so both reports scrub people the same way.
pub(crate) struct Doc {
    md: bool,
    keep_personal: bool,
    people: crate::redact::personal::StandIns,
}

impl Doc {
    pub(crate) fn new(
        md: bool,
        keep_personal: bool,
        people: crate::redact::personal::StandIns,
    ) -> Doc {
        Doc {
            md,
            keep_personal,
            people,
        }
    }

    /// A section heading: `## Title` in Markdown, an underlined title in text.
    pub(crate) fn heading(&self, o: &mut String, title: &str) {
        if self.md {
            let _ = writeln!(o, "\n## {title}\n");
        } else {
            let _ = writeln!(o, "\n{title}\n{}", "-".repeat(title.chars().count()));
        }
    }

    /// The text with every known account replaced, unless the person keeps them.
    pub(crate) fn scrub(&self, s: &str) -> String {
        if self.keep_personal {
            s.to_string()
        } else {
            self.people.scrub(s)
        }
    }

    /// Adds the notes and the stand-in footer, then scrubs the whole report: whatever line quoted
    /// an account (a display name, a message), it leaves as a stand-in.
    pub(crate) fn finish(&self, mut o: String, notes: &[String]) -> String {
        if !notes.is_empty() {
            self.heading(&mut o, "Notes");
            for n in notes {
                let _ = writeln!(o, "- {n}");
            }
        }
        if self.md && !self.keep_personal && !self.people.is_empty() {
            let _ = writeln!(
                o,
                "\nAccounts are replaced by stand-ins; secrets are redacted."
            );
        }
        self.scrub(&o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_wire_names_and_order_hold() {
        assert_eq!(
            serde_json::to_value(Severity::Warning).ok(),
            Some(serde_json::json!("warning"))
        );
        assert!(Severity::Error < Severity::Warning && Severity::Warning < Severity::Info);
        assert_eq!(Severity::Info.as_str(), "info");
    }

    #[test]
    fn one_renderer_shows_every_part() {
        let src = "HTTP/1.1 401 Unauthorized";
        let d = Diag::new(
            "header",
            Severity::Error,
            "The Authorization header differs",
        )
        .explain("Only the right request sends it.")
        .category(Category::MfaRequired)
        .confidence(80)
        .label(Evidence::new(src, Span::new(9, 12), "status code"))
        .fix(Fix {
            location: "the HTTP action".into(),
            steps: vec!["Add the header.".into()],
            avoid: Some("Reconnecting.".into()),
            if_it_recurs: None,
        });
        let mut t = String::new();
        write_text(&mut t, 1, &d);
        assert!(
            t.contains("1. The Authorization header differs [header · mfa-required · 80% · Error]"),
            "{t}"
        );
        assert!(
            t.contains("evidence (status code, bytes 9..12): 401"),
            "{t}"
        );
        assert!(t.contains("     1. Add the header."), "{t}");
        let mut m = String::new();
        write_markdown(&mut m, 2, &d);
        assert!(m.contains("### 2. The Authorization header differs"), "{m}");
        assert!(
            m.contains("`header` · `mfa-required` · confidence 80%"),
            "{m}"
        );
        assert!(m.contains("- status code: `401`"), "{m}");
        assert!(m.contains("> Don't: Reconnecting."), "{m}");
    }
}
