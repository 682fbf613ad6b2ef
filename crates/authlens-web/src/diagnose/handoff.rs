//! Diagnose's hand-offs: the token of the paste for the Token view, the request in it for
//! Compare (the Compare module holds the request parser).

use super::Diagnose;
use crate::bridge;
#[cfg(not(feature = "full"))]
use crate::dom;
use std::cell::RefCell;
use std::rc::Rc;

impl Diagnose {
    /// What the paste offers to the other views: its token, and (from the Compare module) the
    /// request it holds. `f` gets them once known.
    pub fn handoff(&self, f: impl FnOnce(Handoff) + 'static) {
        let paste = self.text();
        let source = paste.clone();
        // The front door's detection, as the analysis made it (the paste has not changed since);
        // whether it holds a request, the analysis said (`maybe_request`).
        let maybe_request = self.maybe_request.get();
        let with_token = move |token: Option<String>| {
            find_request(&paste.clone(), maybe_request, move |request| {
                f(Handoff {
                    paste,
                    token,
                    request,
                })
            });
        };
        #[cfg(feature = "full")]
        with_token(crate::engine::handoff_token(&source));
        #[cfg(not(feature = "full"))]
        {
            let asked = bridge::ask_engine("handoff", &source, "", with_token, |msg| {
                dom::status(&format!("The token could not be read: {msg}"))
            });
            if asked.is_err() {
                dom::status("The analyser is not available in this page.");
            }
        }
    }
}

/// What Diagnose hands to Token ("Open token in Token view") and Compare ("Compare this
/// request").
pub struct Handoff {
    pub paste: String,
    pub token: Option<String>,
    pub request: FoundRequest,
}

/// A request found in a Diagnose paste: its side in Compare (`left`/`right`) and its
/// "METHOD URL".
pub type FoundRequest = Option<(String, String)>;

thread_local! {
    /// The Compare module's last answer to "which request is in this paste?", with the paste.
    static LAST_REQUEST: RefCell<Option<(String, FoundRequest)>> = const { RefCell::new(None) };
}

/// Calls `f` with the request in `text`, if any. `maybe`: `request::detect` found a format that
/// carries requests (otherwise there is none, and nothing is loaded). The request parser is part
/// of the Compare module (crates/authlens-compare-web): asked once per paste, answer kept.
pub(super) fn find_request(text: &str, maybe: bool, f: impl FnOnce(FoundRequest) + 'static) {
    if !maybe {
        return f(None);
    }
    let cached = LAST_REQUEST.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(t, _)| t == text)
            .map(|(_, r)| r.clone())
    });
    if let Some(r) = cached {
        return f(r);
    }
    let Ok(promise) = bridge::request_handoff(text) else {
        // No analysis client (the wasm tests): no hand-off to Compare.
        LAST_REQUEST.with(|c| *c.borrow_mut() = Some((text.to_string(), None)));
        return f(None);
    };
    let f = Rc::new(RefCell::new(Some(f)));
    let f2 = Rc::clone(&f);
    let sent = text.to_string();
    let ok = move |json: String| {
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        let req = v["side"]
            .as_str()
            .zip(v["url"].as_str())
            .map(|(s, u)| (s.to_string(), u.to_string()));
        LAST_REQUEST.with(|c| *c.borrow_mut() = Some((sent, req.clone())));
        if let Some(f) = f.borrow_mut().take() {
            f(req);
        }
    };
    // Not loadable (offline before first use): no hand-off to Compare, the token one still works.
    let err = move |_: String| {
        if let Some(f) = f2.borrow_mut().take() {
            f(None);
        }
    };
    bridge::settle(&promise, ok, err);
}
