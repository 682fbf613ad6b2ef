//! Share links: the page's state (view + inputs) in the URL fragment only (`#s=` + base64url of a
//! small JSON), every input redacted by [`authlens_core::redact::redact`] first. Never a query
//! string, never storage. The verification key is never shared.

use crate::b64;
use authlens_core::redact::redact;
use serde::{Deserialize, Serialize};

/// Fragment prefix of a share link.
pub const PREFIX: &str = "s=";
/// Largest encoded state put in a link (browsers and chat tools cut longer URLs).
pub const MAX_LINK_CHARS: usize = 60_000;

/// What a share link carries. Field names are short: they end up in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Format version.
    #[serde(default)]
    pub v: u32,
    /// `diagnose`, `token` or `compare`.
    pub view: String,
    /// Diagnose paste.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub d: String,
    /// Token paste.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub t: String,
    /// URL the token was sent to.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub u: String,
    /// Clock-skew tolerance in minutes, as typed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub k: String,
    /// Run time, as typed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rt: String,
    /// Compare: left (working) and right (failing) pastes, and their picks.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub l: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub r: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pl: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pr: String,
}

impl State {
    /// A copy with every free-text field passed through the one redaction function.
    pub fn redacted(&self) -> State {
        State {
            v: 1,
            view: sanitize_view(&self.view).to_string(),
            d: redact(&self.d),
            t: redact(&self.t),
            u: redact(&self.u),
            k: self
                .k
                .chars()
                .filter(char::is_ascii_digit)
                .take(4)
                .collect(),
            rt: redact(&self.rt),
            l: redact(&self.l),
            r: redact(&self.r),
            pl: redact(&self.pl),
            pr: redact(&self.pr),
        }
    }
}

fn sanitize_view(view: &str) -> &'static str {
    match view {
        "token" => "token",
        "compare" => "compare",
        _ => "diagnose",
    }
}

/// Why no link was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    TooLarge(usize),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::TooLarge(n) => write!(
                f,
                "This paste is too large for a link ({n} characters once encoded; the limit is \
                 {MAX_LINK_CHARS}). Copy the report instead."
            ),
        }
    }
}

/// The fragment (without `#`) for `state`: redacted, JSON, base64url. Also returns the redacted
/// state, so the page can show exactly what the link contains.
pub fn fragment(state: &State) -> Result<(String, State), ShareError> {
    let red = state.redacted();
    let json = serde_json::to_string(&red).unwrap_or_default();
    let frag = format!("{PREFIX}{}", b64::encode(json.as_bytes()));
    if frag.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLarge(frag.len()));
    }
    Ok((frag, red))
}

/// The full link: `base` (origin + path, no query, no fragment) + `#` + fragment.
pub fn link(base: &str, fragment: &str) -> String {
    let base = base.split(['#', '?']).next().unwrap_or("");
    format!("{base}#{fragment}")
}

/// Reads the state back from a fragment (with or without `#`). Redacts again on the way in: a
/// hand-made link must not smuggle a secret into the page's exports either.
pub fn parse(fragment: &str) -> Option<State> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let data = f.strip_prefix(PREFIX)?;
    if data.len() > MAX_LINK_CHARS {
        return None;
    }
    let bytes = b64::decode(data)?;
    let state: State = serde_json::from_slice(&bytes).ok()?;
    Some(state.redacted())
}

/// What the link holds, for the person to read before sending it.
pub fn describe(state: &State) -> Vec<(&'static str, String)> {
    let mut out = vec![("view", state.view.clone())];
    for (label, value) in [
        ("diagnose paste", &state.d),
        ("token", &state.t),
        ("token URL", &state.u),
        ("skew minutes", &state.k),
        ("run time", &state.rt),
        ("working request", &state.l),
        ("failing request", &state.r),
        ("working pick", &state.pl),
        ("failing pick", &state.pr),
    ] {
        if !value.is_empty() {
            out.push((label, value.clone()));
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLXNob3VsZC1uZXZlci1sZWF2ZS10aGUtcGFnZQ";

    #[test]
    fn round_trips_a_redacted_state() {
        let s = State {
            view: "compare".into(),
            d: format!("Authorization: Bearer {JWT}\nclient_secret=p4ss-w0rd-xyz"),
            l: "curl -H 'Authorization: Basic YWxpY2U6aHVudGVyMmh1bnRlcjI=' https://x.example/a?sig=SIGSECRET123".into(),
            r: "{}".into(),
            k: "5".into(),
            ..State::default()
        };
        let (frag, shown) = fragment(&s).expect("fits");
        assert!(frag.starts_with("s="));
        assert!(!frag.contains('?') && !frag.contains('&') && !frag.contains('#'));
        let back = parse(&format!("#{frag}")).expect("parses");
        assert_eq!(back, shown);
        assert_eq!(back.view, "compare");
        let all = serde_json::to_string(&back).expect("json");
        for secret in [
            "c2lnbmF0dXJl",
            "p4ss-w0rd-xyz",
            "SIGSECRET123",
            "YWxpY2U6aHVudGVyMmh1bnRlcjI",
        ] {
            assert!(!all.contains(secret), "{secret} in {all}");
        }
        assert!(all.contains("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9"));
    }

    #[test]
    fn link_drops_query_and_fragment_of_the_base() {
        assert_eq!(
            link("http://127.0.0.1:8080/index.html?x=1#token", "s=abc"),
            "http://127.0.0.1:8080/index.html#s=abc"
        );
    }

    #[test]
    fn rejects_garbage_and_unknown_views() {
        assert_eq!(parse("#token"), None);
        assert_eq!(parse("#s=!!!"), None);
        assert_eq!(parse("#s=e30"), None); // {} lacks the view
        let s = parse(&format!("s={}", b64::encode(br#"{"view":"<script>"}"#))).expect("state");
        assert_eq!(s.view, "diagnose");
    }

    #[test]
    fn too_large_is_refused_with_a_message() {
        let s = State {
            view: "diagnose".into(),
            d: "x".repeat(MAX_LINK_CHARS),
            ..State::default()
        };
        let e = fragment(&s).expect_err("too large");
        assert!(e.to_string().contains("Copy the report instead"));
    }
}
