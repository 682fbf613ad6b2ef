//! URL fragments the page understands: `#diagnose`, `#token`, `#compare`, `#rules`,
//! `#rule/AL104`, and share links `#s=…` (see [`crate::share`]).

use crate::share::{self, State};

/// The views, in tab order.
pub const VIEWS: [&str; 4] = ["diagnose", "token", "compare", "rules"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// One of the three analysis views.
    View(&'static str),
    /// The rule index.
    Rules,
    /// One rule's documentation (the code as written in the fragment).
    Rule(String),
    /// A share link: restore this state.
    Share(Box<State>),
    /// Unknown fragment: keep the current view. (An empty one is Diagnose, so going back to the
    /// page as first opened shows Diagnose again.)
    None,
}

impl Route {
    /// The tab this route selects.
    pub fn tab(&self) -> Option<&'static str> {
        match self {
            Route::View(v) => Some(v),
            Route::Rules | Route::Rule(_) => Some("rules"),
            Route::Share(s) => Some(match s.view.as_str() {
                "token" => "token",
                "compare" => "compare",
                _ => "diagnose",
            }),
            Route::None => None,
        }
    }
}

/// Reads a `location.hash` value (with or without the leading `#`).
pub fn parse(hash: &str) -> Route {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    match h {
        "" | "diagnose" => Route::View("diagnose"),
        "token" => Route::View("token"),
        "compare" => Route::View("compare"),
        "rules" => Route::Rules,
        _ => {
            if let Some(code) = h.strip_prefix("rule/") {
                Route::Rule(code.chars().take(40).collect())
            } else if h.starts_with(share::PREFIX) {
                share::parse(h).map_or(Route::None, |s| Route::Share(Box::new(s)))
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
        assert_eq!(parse("#token"), Route::View("token"));
        assert_eq!(parse("compare"), Route::View("compare"));
        assert_eq!(parse("#rules").tab(), Some("rules"));
        assert_eq!(parse("#rule/AL104"), Route::Rule("AL104".into()));
        assert_eq!(parse(""), Route::View("diagnose"));
        assert_eq!(parse("#whatever"), Route::None);
        assert_eq!(parse("#s=%%%"), Route::None);
        let (frag, _) = share::fragment(&State {
            view: "token".into(),
            t: "x".into(),
            ..State::default()
        })
        .expect("fragment");
        assert_eq!(parse(&format!("#{frag}")).tab(), Some("token"));
    }
}
