//! The Share section: "Copy share link" makes the link of the view shown (see [`super::link`]),
//! shows what it contains, each redaction marked, and copies it. An option also leaves personal
//! data out of the link and of the copied reports.

use super::link::{self, ShareState};
use super::report;
use crate::dom;
use crate::text::escape;
use authlens_core::redact::MARKERS;

/// The elements of the Share section.
pub mod ids {
    /// The section (hidden in the Rules view, which has nothing to share).
    pub const SECTION: &str = "share";
    pub const LINK: &str = "share-link";
    pub const MESSAGE: &str = "share-message";
    /// "What the link contains".
    pub const CONTENTS: &str = "share-contents";
    /// The note over the views when the page was opened from a share link.
    pub const BANNER: &str = "shared-banner";
    /// The note when a share link did not open (damaged, cut off, too long).
    pub const DAMAGED: &str = "share-damaged";
    /// "Also remove personal data" (link and copied reports).
    pub const PERSONAL: &str = "share-personal";
}

/// Output boxes: what the page made from the inputs (reports, the link, the redacted token).
/// Emptied when the page is left, so that session restore keeps none of it.
const OUTPUTS: &[&str] = &[
    "report-md",
    "report-json",
    "signins-report-md",
    "signins-report-json",
    "audit-report-md",
    "audit-report-json",
    "inventory-report-md",
    "inventory-report-json",
    "token-redacted",
    dom::ids::ERROR_DETAILS,
    ids::LINK,
];

/// Reports the personal-data option applies to when copied.
const REPORTS: &[&str] = &[
    "report-md",
    "report-json",
    "signins-report-md",
    "signins-report-json",
    "audit-report-md",
    "audit-report-json",
    "inventory-report-md",
    "inventory-report-json",
    "token-redacted",
];

/// Shows (or hides) the note that the page holds a shared, redacted paste: what a recipient
/// reads before the analysis, so that a marker where a signature was is not taken for the
/// sender's token.
pub fn show_banner(shown: bool) {
    dom::hide(ids::BANNER, !shown);
}

/// Says that the link the page was opened with did not open, and why.
pub fn show_damaged(message: &str) {
    dom::set_text(ids::DAMAGED, message);
    dom::hide(ids::DAMAGED, false);
    dom::status(message);
}

/// A share link as the engine made it: the fragment and what it holds, or why there is none
/// (the page shell gets it from the full module, `engine` op `share`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Shared {
    #[serde(default)]
    pub fragment: String,
    #[serde(default)]
    pub shown: Option<ShareState>,
    #[serde(default)]
    pub error: String,
}

/// Makes the link for `state` (redacted on the way), shows its contents and copies it.
#[cfg(feature = "full")]
pub fn share(state: &ShareState) {
    show_link(shared_link(state, dom::checked(ids::PERSONAL)));
}

/// The link for `state` ([`link::fragment_with`]), as the engine makes it.
#[cfg(feature = "full")]
pub fn shared_link(state: &ShareState, personal: bool) -> Shared {
    match link::fragment_with(state, personal) {
        Ok((fragment, shown)) => Shared {
            fragment,
            shown: Some(shown),
            error: String::new(),
        },
        Err(e) => Shared {
            error: e.to_string(),
            ..Shared::default()
        },
    }
}

/// As above, the link made by the engine (redaction is the full module's).
#[cfg(not(feature = "full"))]
pub fn share(state: &ShareState) {
    let Ok(json) = serde_json::to_string(state) else {
        return;
    };
    let personal = if dom::checked(ids::PERSONAL) {
        "personal"
    } else {
        ""
    };
    if !crate::bridge::engine_ready() {
        dom::set_text(ids::MESSAGE, crate::bridge::LOADING_ENGINE);
    }
    let answer = |json: Option<String>| {
        let shared = json
            .and_then(|j| serde_json::from_str::<Shared>(&j).ok())
            .unwrap_or_else(|| Shared {
                error: "The link could not be made: unreadable answer.".into(),
                ..Shared::default()
            });
        show_link(shared);
    };
    let failed = |msg: String| {
        show_link(Shared {
            error: format!("The link could not be made: {msg}"),
            ..Shared::default()
        })
    };
    if crate::bridge::ask_engine("share", &json, personal, answer, failed).is_err() {
        dom::set_text(ids::MESSAGE, "The analyser is not available in this page.");
    }
}

/// Calls `f` with the state a link holds once the engine redacted it (the page shell reads
/// links without redaction: a hand-made link must not put a secret into the page).
#[cfg(not(feature = "full"))]
pub fn redacted_link(state: &ShareState, f: impl FnOnce(ShareState) + 'static) {
    let Ok(json) = serde_json::to_string(state) else {
        return;
    };
    if !crate::bridge::engine_ready() {
        dom::status(crate::bridge::LOADING_ENGINE);
    }
    let redacted = move |json: Option<String>| match json
        .and_then(|j| serde_json::from_str::<ShareState>(&j).ok())
    {
        Some(state) => f(state),
        None => show_damaged(&link::LinkError::Damaged.to_string()),
    };
    let failed = |msg: String| dom::status(&format!("The shared link could not be opened: {msg}"));
    if crate::bridge::ask_engine("openLink", &json, "", redacted, failed).is_err() {
        dom::status("The analyser is not available in this page.");
    }
}

/// Shows the link the engine made (and copies it), or why there is none.
fn show_link(shared: Shared) {
    let base = dom::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match shared.shown {
        Some(shown) if shared.error.is_empty() => {
            dom::set_value(ids::LINK, &link::link(&base, &shared.fragment));
            if let Some(dl) = dom::by_id(ids::CONTENTS) {
                dl.set_inner_html(&contents_html(&shown));
            }
            report::copy(
                ids::LINK,
                ids::MESSAGE,
                "Share link copied. It contains the inputs shown under “What the link contains”, \
                 secrets redacted (each marked).",
            );
        }
        _ => {
            dom::set_value(ids::LINK, "");
            if let Some(dl) = dom::by_id(ids::CONTENTS) {
                dl.set_inner_html("");
            }
            dom::set_text(ids::MESSAGE, &shared.error);
        }
    }
}

/// Whether copying `field` first takes personal data out of it (the option is on and the
/// field is a report).
fn cleans_personal(field: &str) -> bool {
    let report = REPORTS.contains(&field) || report::VIEW_REPORTS.contains(&field);
    report && dom::checked(ids::PERSONAL)
}

/// Copies `field` (a copy button): with the personal-data option on, a report loses its
/// personal data first (in the box too, so the person sees what is copied).
#[cfg(feature = "full")]
pub fn copy(field: &str) {
    if cleans_personal(field) {
        let v = dom::value(field);
        dom::set_value(field, &authlens_core::redact::redact_personal(&v));
    }
    report::copy(field, report::MESSAGE, "Copied to the clipboard.");
}

/// As above, the personal data taken out by the engine.
#[cfg(not(feature = "full"))]
pub fn copy(field: &str) {
    if !cleans_personal(field) {
        return report::copy(field, report::MESSAGE, "Copied to the clipboard.");
    }
    let id = field.to_string();
    let cleaned = move |text: Option<String>| {
        if let Some(t) = text {
            dom::set_value(&id, &t);
            report::copy(&id, report::MESSAGE, "Copied to the clipboard.");
        }
    };
    let failed = |msg: String| dom::status(&format!("Not copied: {msg}"));
    if crate::bridge::ask_engine("personal", &dom::value(field), "", cleaned, failed).is_err() {
        dom::status("Not copied: the analyser is not available in this page.");
    }
}

/// Empties every output box (on `pagehide`).
pub fn clear_outputs() {
    for id in OUTPUTS.iter().chain(report::VIEW_REPORTS) {
        dom::set_value(id, "");
    }
    if let Some(dl) = dom::by_id(ids::CONTENTS) {
        dl.set_inner_html("");
    }
}

/// "What the link contains": each part, shortened to 2,000 characters, every redaction marker
/// marked.
fn contents_html(shown: &ShareState) -> String {
    let parts = link::describe(shown);
    let marks: usize = parts.iter().map(|(_, v)| count_markers(v)).sum();
    let mut out = format!(
        "<dt class=\"share-summary\">Redactions</dt><dd data-testid=\"share-redactions\">{marks} \
         part{} hidden, each marked like <mark class=\"redaction\">[redacted]</mark></dd>",
        if marks == 1 { "" } else { "s" }
    );
    for (k, v) in parts {
        out.push_str(&format!(
            "<dt>{}</dt><dd><pre tabindex=\"0\">{}</pre></dd>",
            escape(k),
            mark(&escape(&authlens_core::text::shorten(&v, 2000)))
        ));
    }
    out
}

fn all_markers() -> impl Iterator<Item = &'static str> {
    MARKERS
        .iter()
        .chain(authlens_core::redact::PERSONAL_MARKERS)
        .copied()
}

fn count_markers(text: &str) -> usize {
    all_markers().map(|m| text.matches(m).count()).sum()
}

/// Wraps every marker of escaped `html` in `<mark>` (markers have no characters HTML escapes).
pub fn mark(html: &str) -> String {
    let mut out = html.to_string();
    for m in all_markers() {
        out = out.replace(m, &format!("<mark class=\"redaction\">{m}</mark>"));
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_redaction_is_marked() {
        let s = ShareState {
            diagnose: "Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==\nuser ada@contoso.com".into(),
            ..ShareState::default()
        };
        let (_, shown) = link::fragment_with(&s, true).expect("fits");
        let html = contents_html(&shown);
        assert!(
            html.contains("<mark class=\"redaction\">[redacted]</mark>"),
            "{html}"
        );
        assert!(
            html.contains("<mark class=\"redaction\">[email]</mark>"),
            "{html}"
        );
        assert!(html.contains("2 parts hidden"), "{html}");
        assert!(!html.contains("dXNlcjpw"));
    }
}
