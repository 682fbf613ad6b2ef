//! What every analysis view provides to the page shell ([`crate::shell`]): its fields, its run
//! (now or debounced), its part of a share link, and how an example fills it.

use crate::chrome::examples::Example;
use crate::chrome::link::ShareState;
use crate::view::View;

/// Delay between the last keystroke and the analysis.
pub const DEBOUNCE_MS: i32 = 250;

pub trait Panel {
    fn view(&self) -> View;
    /// The fields whose edits re-run this view (Ctrl/Cmd+Enter in them runs it at once).
    fn fields(&self) -> &'static [&'static str];
    /// The view's run button.
    fn run_button(&self) -> &'static str;
    /// The field focused after an example or a hand-off filled the view.
    fn first_field(&self) -> &'static str {
        self.fields()[0]
    }
    /// Runs the analysis now (a pending debounced run is dropped), as asked by the person: an
    /// empty view says there is nothing to analyse.
    fn run(&self);
    /// Runs the analysis now, quietly when there is nothing to analyse (start-up, Clear).
    fn refresh(&self);
    /// Runs the analysis after [`DEBOUNCE_MS`] without another edit.
    fn schedule(&self);
    /// Puts this view's inputs into a share link.
    fn save(&self, state: &mut ShareState);
    /// Fills this view's inputs from a share link (without running).
    fn restore(&self, state: &ShareState);
    /// Fills this view's inputs from a gallery example (without running).
    fn fill(&self, example: &Example);
}
