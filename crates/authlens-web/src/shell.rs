//! The page shell around the views: tabs and fragment routing, the document-wide listeners that
//! dispatch to the view a field or button belongs to ([`Panel`]), share links, the gallery,
//! files and the hand-offs between views.
//!
//! Listeners are delegated to the document (`data-action` on buttons) so rendered HTML needs no
//! wiring. Pasted text lives only in the form fields and in memory: nothing is stored, nothing
//! is sent, and the URL only ever changes to a view name (`#token`) or to a share fragment the
//! person opened themselves.

use crate::chrome::link::ShareState;
use crate::chrome::{examples, files, share};
use crate::compare::Compare;
use crate::diagnose::Diagnose;
use crate::dom::{self, listen, Phase};
use crate::large;
use crate::panel::Panel;
use crate::route::{self, Route};
use crate::token::Token;
use crate::view::View;
use crate::{rules, text};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

/// Ids of the shell's own elements.
pub mod ids {
    /// The example gallery's list.
    pub const GALLERY: &str = "gallery-list";
}

pub struct Shell {
    /// Itself, for answers that arrive later (hand-offs, files).
    me: Weak<Shell>,
    diagnose: Rc<Diagnose>,
    /// The other views, when the page has them (the wasm tests mount Diagnose alone).
    token: Option<Rc<Token>>,
    compare: Option<Rc<Compare>>,
    /// The tab shown.
    current: Cell<View>,
    /// The inputs of the example loaded last (so loading another does not ask first).
    example_inputs: RefCell<Option<ShareState>>,
    /// The run history a failed run was opened from ("Back to the run history"; memory only).
    history_paste: RefCell<Option<String>>,
}

impl Shell {
    fn panel(&self, view: View) -> Option<&dyn Panel> {
        match view {
            View::Diagnose => Some(&*self.diagnose as &dyn Panel),
            View::Token => self.token.as_deref().map(|p| p as &dyn Panel),
            View::Compare => self.compare.as_deref().map(|p| p as &dyn Panel),
            View::Rules => None,
        }
    }

    fn panels(&self) -> impl Iterator<Item = &dyn Panel> {
        View::ALL.into_iter().filter_map(|v| self.panel(v))
    }

    /// The view whose field `id` is.
    fn panel_of_field(&self, id: &str) -> Option<&dyn Panel> {
        self.panels().find(|p| p.fields().contains(&id))
    }

    fn run(&self, view: View) {
        if let Some(p) = self.panel(view) {
            p.run();
        }
    }

    /// Moves to a view: a new history entry, so back/forward work.
    fn go(&self, view: View) {
        if let Some(w) = dom::window() {
            let _ = w.location().set_hash(view.name());
        }
        // `hashchange` fires asynchronously; show the view now so the result is visible at once.
        self.route(view.name(), false);
    }

    /// Moves to a view that was just filled (gallery, hand-off), runs it and focuses its field.
    fn open(&self, view: View) {
        self.go(view);
        if let Some(p) = self.panel(view) {
            p.run();
            dom::focus(p.first_field());
        }
    }

    /// Shows one tab's panel and marks the tab selected (roving tabindex).
    fn show(&self, tab: View) {
        // The status line tells what the view shown last did: another view's news is stale.
        if self.current.replace(tab) != tab {
            dom::status("");
        }
        for v in View::ALL {
            let on = v == tab;
            dom::hide(&v.panel_id(), !on);
            if let Some(t) = dom::by_id(&v.tab_id()) {
                t.set_attribute("aria-selected", if on { "true" } else { "false" })
                    .ok();
                t.set_attribute("tabindex", if on { "0" } else { "-1" })
                    .ok();
            }
        }
        // Sharing covers the analysis views.
        dom::hide(share::ids::SECTION, !tab.analyses());
    }

    fn route(&self, hash: &str, from_navigation: bool) {
        let r = route::parse(hash);
        // The tab first: what the route then runs is what the status line says.
        if let Some(tab) = r.tab() {
            self.show(tab);
        }
        match &r {
            Route::Rules => {
                rules::show_index();
                rules::search(&dom::value(rules::ids::SEARCH));
            }
            Route::Rule(code) => rules::show_rule(code, from_navigation),
            Route::Share(state) => self.restore(state),
            Route::BadShare(e) => share::show_damaged(&e.to_string()),
            Route::View(_) | Route::None => {}
        }
    }

    /// Fills the linked view's fields from a share link, runs it, and says that what it shows
    /// is someone's shared, redacted paste. (Links of earlier pages carried every view's
    /// inputs; only the linked view's are taken.)
    #[cfg(feature = "full")]
    fn restore(&self, s: &ShareState) {
        self.restore_redacted(s);
    }

    /// As above, once the engine redacted what the link holds (the shell has no redaction).
    #[cfg(not(feature = "full"))]
    fn restore(&self, s: &ShareState) {
        let me = self.me.clone();
        share::redacted_link(s, move |s| {
            if let Some(shell) = me.upgrade() {
                shell.restore_redacted(&s);
            }
        });
    }

    fn restore_redacted(&self, s: &ShareState) {
        if let Some(p) = self.panel(s.view) {
            p.restore(s);
            p.run();
            share::show_banner(true);
        }
    }

    /// The share link of the view shown: its inputs only.
    fn share(&self) {
        let view = Some(self.current.get())
            .filter(|v| v.analyses())
            .unwrap_or_default();
        let mut state = ShareState {
            version: 1,
            view,
            ..ShareState::default()
        };
        if let Some(p) = self.panel(view) {
            p.save(&mut state);
        }
        share::share(&state);
    }

    /// "Clear": empties the view shown, its result and the share banner.
    fn clear(&self) {
        let Some(p) = self.panel(self.current.get()) else {
            return;
        };
        p.restore(&ShareState::default());
        p.refresh();
        if self.current.get() == View::Diagnose {
            self.history_paste.borrow_mut().take();
            dom::hide(crate::history::ids::BACK, true);
        }
        share::show_banner(false);
        dom::set_value(share::ids::LINK, "");
        dom::set_text(share::ids::MESSAGE, "");
        dom::status("Cleared.");
        dom::focus(p.first_field());
    }

    /// Loads a gallery example into its view; asks first when that view holds the person's own
    /// paste (not an example loaded before), which the example would replace.
    fn load_example(&self, id: &str) {
        let Some(e) = examples::gallery(dom::now())
            .into_iter()
            .find(|e| e.id == id)
        else {
            return;
        };
        let Some(p) = self.panel(e.view) else {
            return;
        };
        let inputs = |p: &dyn Panel| {
            let mut s = ShareState {
                view: e.view,
                ..ShareState::default()
            };
            p.save(&mut s);
            s
        };
        let now = inputs(p);
        let own = now.has_input() && self.example_inputs.borrow().as_ref() != Some(&now);
        if own {
            let question = format!(
                "Replace what is in {} with the example “{}”? What you pasted is not kept anywhere.",
                e.view.title(),
                e.title
            );
            let yes = dom::window()
                .and_then(|w| w.confirm_with_message(&question).ok())
                .unwrap_or(false);
            if !yes {
                dom::status("The example was not loaded: your paste is unchanged.");
                return;
            }
        }
        p.fill(&e);
        *self.example_inputs.borrow_mut() = Some(inputs(p));
        share::show_banner(false);
        self.open(e.view);
    }

    /// "Open token in Token view", "Compare this request".
    fn handoff(&self, to: View) {
        let me = self.me.clone();
        self.diagnose.handoff(move |h| {
            let Some(shell) = me.upgrade() else {
                return;
            };
            match to {
                View::Token => {
                    let (Some(view), Some(token)) = (&shell.token, &h.token) else {
                        return;
                    };
                    let url = h.request.as_ref().map_or("", |(_, u)| u.as_str());
                    view.receive(token, url);
                }
                View::Compare => {
                    let (Some(view), Some((side, _))) = (&shell.compare, &h.request) else {
                        return;
                    };
                    view.receive(side, &h.paste);
                }
                View::Diagnose | View::Rules => return,
            }
            shell.open(to);
        });
    }

    fn on_click(&self, e: &web_sys::Event) {
        let Some(target) = dom::event_element(e) else {
            return;
        };
        if let Some(p) = self.panels().find(|p| p.run_button() == target.id()) {
            p.run();
            return;
        }
        let Ok(Some(el)) = target.closest("[data-action]") else {
            return;
        };
        let attr = |n: &str| el.get_attribute(n).unwrap_or_default();
        match attr("data-action").as_str() {
            "copy" => share::copy(&attr("data-copy")),
            "share" => self.share(),
            "clear" => self.clear(),
            "example" => self.load_example(&attr("data-example")),
            "to-token" => self.handoff(View::Token),
            "to-compare" => self.handoff(View::Compare),
            "open-run" => self.open_run(&attr("data-run")),
            "history-back" => self.history_back(),
            "token-pick" => {
                if let Some(t) = &self.token {
                    t.pick(&attr("data-pick"));
                }
            }
            "evidence" => crate::diagnose::evidence::dom::jump(&el),
            "unfold" => crate::diagnose::evidence::dom::unfold(&el),
            "tip" => {
                let open = attr("aria-expanded") == "true";
                el.set_attribute("aria-expanded", if open { "false" } else { "true" })
                    .ok();
            }
            "rule-example" => self.rule_example(&attr("data-code")),
            _ => {}
        }
    }

    /// "Try this example in Diagnose": the rule's documented example, analysed in Diagnose.
    #[cfg(feature = "full")]
    fn rule_example(&self, code: &str) {
        if let Some(ex) = rules::example(code) {
            self.diagnose.receive(&ex);
            self.open(View::Diagnose);
        }
    }

    /// As above, the example from the full module (the start module has no documentation).
    #[cfg(not(feature = "full"))]
    fn rule_example(&self, code: &str) {
        let Ok(promise) = crate::bridge::rule_example(code) else {
            return;
        };
        let me = self.me.clone();
        let done = move |v: wasm_bindgen::JsValue| {
            if let (Some(shell), Some(ex)) = (me.upgrade(), v.as_string()) {
                shell.diagnose.receive(&ex);
                shell.open(View::Diagnose);
            }
        };
        crate::bridge::settle_value(&promise, done, |msg| dom::status(&msg));
    }

    /// Puts one failed run of the pasted history (its whole error text, read again from the
    /// paste in this page) into Diagnose and analyses it.
    #[cfg(feature = "full")]
    fn open_run(&self, index: &str) {
        let paste = dom::value(crate::diagnose::ids::INPUT);
        let run = index
            .parse()
            .ok()
            .and_then(|i| authlens_core::history::run_error(&paste, i));
        self.opened_run(paste, run);
    }

    /// As above, the run's error text read by the full module (the start module has no history
    /// reader: histories are the full module's).
    #[cfg(not(feature = "full"))]
    fn open_run(&self, index: &str) {
        let paste = dom::value(crate::diagnose::ids::INPUT);
        let Ok(promise) = crate::bridge::history_run_error(&paste, index) else {
            return self.opened_run(paste, None);
        };
        let me = self.me.clone();
        let done = move |v: wasm_bindgen::JsValue| {
            if let Some(shell) = me.upgrade() {
                shell.opened_run(paste, v.as_string());
            }
        };
        crate::bridge::settle_value(&promise, done, |msg| dom::status(&msg));
    }

    /// Puts a failed run's error text (read from `paste`, the history) into Diagnose.
    fn opened_run(&self, paste: String, run: Option<String>) {
        match run {
            Some(error) => {
                *self.history_paste.borrow_mut() = Some(paste);
                self.diagnose.receive(&error);
                self.open(View::Diagnose);
                dom::hide(crate::history::ids::BACK, false);
            }
            None => dom::status("This run's error text could not be read from the paste."),
        }
    }

    /// Puts the run history a failed run was opened from back into Diagnose.
    fn history_back(&self) {
        dom::hide(crate::history::ids::BACK, true);
        if let Some(paste) = self.history_paste.borrow_mut().take() {
            self.diagnose.receive(&paste);
            self.open(View::Diagnose);
        }
    }

    fn on_change(&self, e: &web_sys::Event) {
        let Some(t) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        if t.id() == crate::compare::ids::REVEAL {
            if let Some(c) = &self.compare {
                c.update_reveal();
            }
            return;
        }
        if t.type_() != "file" {
            return;
        }
        let Some(target) = t.get_attribute("data-target") else {
            return;
        };
        if let Some(file) = t.files().and_then(|f| f.get(0)) {
            self.open_file(file, target);
        }
        // Forget the choice: the same file can be opened again, and nothing lingers.
        t.set_value("");
    }

    fn open_file(&self, file: web_sys::File, target: String) {
        let me = self.me.clone();
        let field = target.clone();
        files::open(file, target, move || {
            if let Some(shell) = me.upgrade() {
                let view = shell
                    .panel_of_field(&field)
                    .map_or(View::Diagnose, |p| p.view());
                shell.run(view);
            }
        });
    }

    fn on_keydown(&self, e: &web_sys::KeyboardEvent) {
        let Some(t) = dom::event_element(e) else {
            return;
        };
        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
            if let Some(p) = self.panel_of_field(&t.id()) {
                e.prevent_default();
                p.run();
            }
            return;
        }
        if e.key() == "Escape" && t.get_attribute("data-action").as_deref() == Some("tip") {
            t.set_attribute("aria-expanded", "false").ok();
            return;
        }
        self.on_tab_key(e, &t);
    }

    /// Arrow keys, Home and End move between the tabs.
    fn on_tab_key(&self, e: &web_sys::KeyboardEvent, target: &Element) {
        if target.get_attribute("role").as_deref() != Some("tab") {
            return;
        }
        let id = target.id();
        let i = View::ALL.iter().position(|v| id == v.tab_id()).unwrap_or(0);
        let n = View::ALL.len();
        let next = match e.key().as_str() {
            "ArrowRight" | "ArrowDown" => (i + 1) % n,
            "ArrowLeft" | "ArrowUp" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            " " => i,
            _ => return,
        };
        e.prevent_default();
        let view = View::ALL[next];
        self.go(view);
        dom::focus(&view.tab_id());
    }
}

/// Wires the page: the views it has, the document-wide listeners, the route in the address.
/// Then analyses a paste the browser restored (back/forward cache, form restore).
pub fn mount() -> Result<(), JsValue> {
    let window = dom::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let diagnose = Diagnose::mount()?;
    let (token, compare) = (Token::mount(), Compare::mount());
    let shell = Rc::new_cyclic(|me| Shell {
        me: me.clone(),
        diagnose,
        token,
        compare,
        current: Cell::new(View::Diagnose),
        example_inputs: RefCell::new(None),
        history_paste: RefCell::new(None),
    });
    for p in shell.panels() {
        dom::set_text(&format!("limit-{}", p.view().name()), &text::limit_text());
    }
    if let Some(g) = dom::by_id(ids::GALLERY) {
        g.set_inner_html(&examples::gallery_html(&examples::gallery(dom::now())));
    }

    let doc: &web_sys::EventTarget = document.as_ref();
    // Capture phase: a large paste is shortened in its box before any other listener runs and
    // before the browser lays it out.
    {
        let document = document.clone();
        listen(doc, "input", Phase::Capture, move |e: web_sys::Event| {
            if let Some(box_) = large::event_box(&e) {
                large::hold_if_large(&document, &box_);
            }
        })?;
    }
    {
        let document = document.clone();
        listen(
            doc,
            "paste",
            Phase::Capture,
            move |e: web_sys::ClipboardEvent| {
                large::on_paste(&document, &e);
            },
        )?;
    }
    {
        let document = document.clone();
        listen(
            doc,
            "beforeinput",
            Phase::Capture,
            move |e: web_sys::Event| {
                large::on_beforeinput(&document, &e);
            },
        )?;
    }
    {
        let shell = Rc::clone(&shell);
        listen(doc, "input", Phase::Bubble, move |e: web_sys::Event| {
            let id = dom::event_element(&e).map(|t| t.id()).unwrap_or_default();
            if let Some(p) = shell.panel_of_field(&id) {
                p.schedule();
            } else if id == rules::ids::SEARCH {
                rules::search(&dom::value(rules::ids::SEARCH));
            }
        })?;
    }
    {
        let shell = Rc::clone(&shell);
        listen(doc, "click", Phase::Bubble, move |e: web_sys::Event| {
            // A button pressed right after a large Ctrl+V acts on the pasted text.
            large::flush();
            shell.on_click(&e)
        })?;
    }
    {
        let shell = Rc::clone(&shell);
        listen(doc, "change", Phase::Bubble, move |e: web_sys::Event| {
            shell.on_change(&e)
        })?;
    }
    {
        let shell = Rc::clone(&shell);
        listen(
            doc,
            "keydown",
            Phase::Bubble,
            move |e: web_sys::KeyboardEvent| {
                large::flush();
                shell.on_keydown(&e)
            },
        )?;
    }
    // Files dropped anywhere never navigate away; dropped on a paste area they are opened.
    listen(doc, "dragover", Phase::Bubble, |e: web_sys::DragEvent| {
        e.prevent_default();
    })?;
    {
        let shell = Rc::clone(&shell);
        listen(doc, "drop", Phase::Bubble, move |e: web_sys::DragEvent| {
            e.prevent_default();
            let zone = dom::event_element(&e).and_then(|t| t.closest("[data-drop]").ok().flatten());
            let Some(zone) = zone else { return };
            let target = zone.get_attribute("data-drop").unwrap_or_default();
            if let Some(file) = e
                .data_transfer()
                .and_then(|dt| dt.files())
                .and_then(|f| f.get(0))
            {
                shell.open_file(file, target);
            }
        })?;
    }
    {
        let shell = Rc::clone(&shell);
        listen(
            window.as_ref(),
            "hashchange",
            Phase::Bubble,
            move |_: web_sys::Event| {
                let hash = dom::window()
                    .and_then(|w| w.location().hash().ok())
                    .unwrap_or_default();
                shell.route(&hash, true);
            },
        )?;
    }
    // Leaving the page: the output boxes are emptied, so the browser's session restore does
    // not write the redacted state of every input into the profile.
    listen(
        window.as_ref(),
        "pagehide",
        Phase::Bubble,
        |_: web_sys::Event| {
            share::clear_outputs();
        },
    )?;
    let hash = window.location().hash().unwrap_or_default();
    shell.route(&hash, false);
    // A paste restored by the browser (back/forward cache, form restore) is analysed at once.
    // (An empty box has nothing to show, and must not blank the status a share link's view set.)
    if !shell.diagnose.text().trim().is_empty() {
        shell.diagnose.refresh();
    }
    Ok(())
}
