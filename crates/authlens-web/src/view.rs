//! The page's views (tabs).
//!
//! A new view is one variant here, one module (its elements, its run, its share fields), its
//! section in `www/index.html` (`#view-{name}`, tab `#tab-{name}`) and an end-to-end test.

/// One tab of the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    #[default]
    Diagnose,
    Token,
    Compare,
    Rules,
}

impl View {
    /// The views, in tab order.
    pub const ALL: [View; 4] = [View::Diagnose, View::Token, View::Compare, View::Rules];

    /// The name in fragments (`#token`), element ids and share links.
    pub fn name(self) -> &'static str {
        match self {
            View::Diagnose => "diagnose",
            View::Token => "token",
            View::Compare => "compare",
            View::Rules => "rules",
        }
    }

    /// The name in sentences ("Back to Compare").
    pub fn title(self) -> &'static str {
        match self {
            View::Diagnose => "Diagnose",
            View::Token => "Token",
            View::Compare => "Compare",
            View::Rules => "Rules",
        }
    }

    pub fn from_name(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The tab's element id (`tab-token`).
    pub fn tab_id(self) -> String {
        format!("tab-{}", self.name())
    }

    /// The panel's element id (`view-token`).
    pub fn panel_id(self) -> String {
        format!("view-{}", self.name())
    }

    /// An analysis view: it has inputs, a share link and a run. (Rules only documents.)
    pub fn analyses(self) -> bool {
        !matches!(self, View::Rules)
    }

    /// The view a share link opens: an analysis view, Diagnose for anything else (a hand-made
    /// link cannot name a view that does not exist).
    pub fn shared(name: &str) -> View {
        View::from_name(name)
            .filter(|v| v.analyses())
            .unwrap_or(View::Diagnose)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_only_analysis_views_are_shared() {
        for v in View::ALL {
            assert_eq!(View::from_name(v.name()), Some(v));
            assert_eq!(v.tab_id(), format!("tab-{}", v.name()));
        }
        assert_eq!(View::shared("rules"), View::Diagnose);
        assert_eq!(View::shared("<script>"), View::Diagnose);
        assert_eq!(View::shared("compare"), View::Compare);
    }
}
