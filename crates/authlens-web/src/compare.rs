//! The Compare view: a working and a failing request side by side, the differences ranked. The
//! comparison itself (request parsing, the diff, its rendering) is a wasm of its own
//! (crates/authlens-compare-web) that `www/analysis-client.js` loads on first use: most visits
//! never open Compare, and it is a fifth of the page's code.

use crate::bridge;
use crate::chrome::examples::Example;
use crate::chrome::link::ShareState;
use crate::dom::{self, Debounce};
use crate::panel::{Panel, DEBOUNCE_MS};
use crate::view::View;
use std::rc::{Rc, Weak};

/// The elements of the Compare view.
pub mod ids {
    pub const WORKING: &str = "compare-left";
    pub const FAILING: &str = "compare-right";
    pub const WORKING_PICK: &str = "compare-pick-left";
    pub const FAILING_PICK: &str = "compare-pick-right";
    pub const RUN: &str = "compare-run";
    pub const RESULT: &str = "compare-result";
    /// "Show the pasted text unmasked": the checkbox, its box and the two texts.
    pub const REVEAL: &str = "compare-reveal";
    pub const REVEAL_BOX: &str = "compare-reveal-box";
    pub const REVEAL_WORKING: &str = "reveal-left";
    pub const REVEAL_FAILING: &str = "reveal-right";
}

/// What Compare on empty boxes says.
pub const EMPTY: &str =
    "Nothing to compare yet: paste a working request and the failing one (or open files).";

pub struct Compare {
    /// Itself, for the comparison, which arrives after `run` returned.
    me: Weak<Compare>,
    debounce: Debounce,
}

/// The four fields, as sent to the comparison: working, failing and their picks.
type Inputs = [String; 4];

impl Compare {
    /// The view, when the page has it.
    pub fn mount() -> Option<Rc<Compare>> {
        dom::by_id(ids::RESULT)?;
        Some(Rc::new_cyclic(|me| Compare {
            me: me.clone(),
            debounce: Debounce::default(),
        }))
    }

    /// Takes a Diagnose paste that holds a request, on the side the Compare module chose.
    pub fn receive(&self, side: &str, paste: &str) {
        let id = if side == "right" {
            ids::FAILING
        } else {
            ids::WORKING
        };
        dom::set_value(id, paste);
    }

    fn inputs() -> Inputs {
        [
            ids::WORKING,
            ids::FAILING,
            ids::WORKING_PICK,
            ids::FAILING_PICK,
        ]
        .map(dom::value)
    }

    /// `asked`: the person asked (button, Ctrl+Enter), so empty boxes are worth a word.
    fn compare(&self, asked: bool) {
        let Some(result) = dom::by_id(ids::RESULT) else {
            return;
        };
        let inputs = Self::inputs();
        self.update_reveal();
        if inputs[0].trim().is_empty() && inputs[1].trim().is_empty() {
            dom::toggle_hidden(&result, true);
            dom::status(if asked { EMPTY } else { "" });
            return;
        }
        let [working, failing, working_pick, failing_pick] = &inputs;
        let now = dom::now().0 as f64;
        let Ok(promise) = bridge::compare_view(working, failing, working_pick, failing_pick, now)
        else {
            dom::status("Compare is not available in this page.");
            return;
        };
        dom::status("Comparing…");
        let me = self.me.clone();
        let shown = move |json: String| {
            // Edited meanwhile: that edit's own comparison is on its way.
            if me.upgrade().is_none() || Self::inputs() != inputs {
                return;
            }
            let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
            let mut html = v["html"].as_str().unwrap_or_default().to_string();
            if let Some(md) = v["markdown"].as_str() {
                html.push_str(&crate::chrome::report::section_html_held(
                    "compare",
                    md,
                    v["json"].as_str(),
                ));
            }
            result.set_inner_html(&html);
            if let Some(md) = v["markdown"].as_str() {
                crate::chrome::report::fill_held("compare", md, v["json"].as_str());
            }
            dom::toggle_hidden(&result, false);
            dom::hide_error();
            dom::status(v["summary"].as_str().unwrap_or_default());
        };
        let failed = move |msg: String| {
            dom::status(&format!(
                "Compare could not be loaded ({msg}). It is downloaded the first time Compare is \
                 used: offline, it works once it was used online."
            ));
        };
        bridge::settle(&promise, shown, failed);
    }

    /// The unmasked pasted text beside the comparison, only while the box is ticked.
    pub fn update_reveal(&self) {
        let on = dom::checked(ids::REVEAL);
        let (l, r) = if on {
            (dom::value(ids::WORKING), dom::value(ids::FAILING))
        } else {
            (String::new(), String::new())
        };
        dom::set_text(ids::REVEAL_WORKING, &l);
        dom::set_text(ids::REVEAL_FAILING, &r);
        dom::hide(ids::REVEAL_BOX, !on);
    }
}

impl Panel for Compare {
    fn view(&self) -> View {
        View::Compare
    }

    fn fields(&self) -> &'static [&'static str] {
        &[
            ids::WORKING,
            ids::FAILING,
            ids::WORKING_PICK,
            ids::FAILING_PICK,
        ]
    }

    fn run_button(&self) -> &'static str {
        ids::RUN
    }

    fn run(&self) {
        self.debounce.cancel();
        self.compare(true);
    }

    fn refresh(&self) {
        self.debounce.cancel();
        self.compare(false);
    }

    fn schedule(&self) {
        let me = self.me.clone();
        self.debounce.schedule(DEBOUNCE_MS, move || {
            if let Some(c) = me.upgrade() {
                c.compare(false);
            }
        });
    }

    fn save(&self, state: &mut ShareState) {
        let [working, failing, working_pick, failing_pick] = Self::inputs();
        state.working = working;
        state.failing = failing;
        state.working_pick = working_pick;
        state.failing_pick = failing_pick;
    }

    fn restore(&self, state: &ShareState) {
        dom::set_value(ids::WORKING, &state.working);
        dom::set_value(ids::FAILING, &state.failing);
        dom::set_value(ids::WORKING_PICK, &state.working_pick);
        dom::set_value(ids::FAILING_PICK, &state.failing_pick);
    }

    fn fill(&self, example: &Example) {
        dom::set_value(ids::WORKING, &example.left);
        dom::set_value(ids::FAILING, &example.right);
        dom::set_value(ids::WORKING_PICK, "");
        dom::set_value(ids::FAILING_PICK, "");
    }
}
