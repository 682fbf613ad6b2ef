//! The URL fragments the page understands: `#diagnose`, `#token`, `#compare`, `#rules`,
//! `#rule/AL104`, and share links `#s=…` (see [`crate::chrome::link`]).

use crate::chrome::link::{self, ShareState};
use crate::view::View;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// One of the analysis views.
    View(View),
    /// The rule index.
    Rules,
    /// One rule's documentation (the code as written in the fragment).
    Rule(String),
    /// A share link: restore this state.
    Share(Box<ShareState>),
    /// A share link that does not open (damaged, cut off, too long): say so.
    BadShare(link::LinkError),
    /// Unknown fragment: keep the current view. (An empty one is Diagnose, so going back to the
    /// page as first opened shows Diagnose again.)
    None,
}

impl Route {
    /// The tab this route selects.
    pub fn tab(&self) -> Option<View> {
        match self {
            Route::View(v) => Some(*v),
            Route::Rules | Route::Rule(_) => Some(View::Rules),
            Route::Share(s) => Some(s.view),
            Route::BadShare(_) | Route::None => None,
        }
    }
}

/// Reads a `location.hash` value (with or without the leading `#`).
pub fn parse(hash: &str) -> Route {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    if h.is_empty() {
        return Route::View(View::Diagnose);
    }
    match View::from_name(h) {
        Some(View::Rules) => Route::Rules,
        Some(v) => Route::View(v),
        None => {
            if let Some(code) = h.strip_prefix("rule/") {
                Route::Rule(code.chars().take(40).collect())
            } else if h.starts_with(link::PREFIX) {
                // The page shell has the engine redact it before restoring (`Shell::restore`).
                #[cfg(feature = "full")]
                let state = link::open(h);
                #[cfg(not(feature = "full"))]
                let state = link::open_unredacted(h);
                match state {
                    Ok(s) => Route::Share(Box::new(s)),
                    Err(e) => Route::BadShare(e),
                }
            } else {
                Route::None
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn parses_every_fragment() {
        assert_eq!(parse("#token"), Route::View(View::Token));
        assert_eq!(parse("compare"), Route::View(View::Compare));
        assert_eq!(parse("#rules").tab(), Some(View::Rules));
        assert_eq!(parse("#rule/AL104"), Route::Rule("AL104".into()));
        assert_eq!(parse(""), Route::View(View::Diagnose));
        assert_eq!(parse("#whatever"), Route::None);
        assert_eq!(parse("#s=%%%"), Route::BadShare(link::LinkError::Damaged));
        let (frag, _) = link::fragment(&ShareState {
            view: View::Token,
            token: "x".into(),
            ..ShareState::default()
        })
        .expect("fragment");
        assert_eq!(parse(&format!("#{frag}")).tab(), Some(View::Token));
    }
}
