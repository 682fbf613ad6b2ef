//! The Share section: "Copy share link" makes the link of the view shown (see [`super::link`]),
//! shows what it contains and copies it.

use super::link::{self, ShareState};
use super::report;
use crate::dom;
use crate::text::escape;

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
}

/// Shows (or hides) the note that the page holds a shared, redacted paste: what a recipient
/// reads before the analysis, so that a marker where a signature was is not taken for the
/// sender's token.
pub fn show_banner(shown: bool) {
    dom::hide(ids::BANNER, !shown);
}

/// Makes the link for `state` (redacted on the way), shows its contents and copies it.
pub fn share(state: &ShareState) {
    let base = dom::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match link::fragment(state) {
        Ok((frag, shown)) => {
            dom::set_value(ids::LINK, &link::link(&base, &frag));
            if let Some(dl) = dom::by_id(ids::CONTENTS) {
                dl.set_inner_html(&contents_html(&shown));
            }
            report::copy(
                ids::LINK,
                ids::MESSAGE,
                "Share link copied. It contains the inputs shown under “What the link contains”, \
                 secrets redacted.",
            );
        }
        Err(e) => {
            dom::set_value(ids::LINK, "");
            dom::set_text(ids::MESSAGE, &e.to_string());
        }
    }
}

/// "What the link contains": each part, shortened to 2,000 characters.
fn contents_html(shown: &ShareState) -> String {
    link::describe(shown)
        .iter()
        .map(|(k, v)| {
            format!(
                "<dt>{}</dt><dd><pre tabindex=\"0\">{}</pre></dd>",
                escape(k),
                escape(&authlens_core::text::shorten(v, 2000))
            )
        })
        .collect()
}
