//! Share links: the page's state (view + inputs) in the URL fragment only (`#s=` + base64url of a
//! small JSON), every input redacted by [`authlens_core::redact::redact`] first (and the people
//! in a pasted sign-in log, definition or credential list replaced by stand-ins,
//! [`authlens_core::analysis::mask_personal`]). Never a query string, never storage. The
//! verification key is never shared.

use crate::b64;
use crate::view::View;
use authlens_core::analysis::mask_personal;
use authlens_core::redact::{redact, redact_personal};
use serde::{Deserialize, Serialize};

/// Fragment prefix of a share link.
pub const PREFIX: &str = "s=";
/// Largest encoded state put in a link (browsers and chat tools cut longer URLs).
pub const MAX_LINK_CHARS: usize = 60_000;

/// What a share link carries. On the wire (JSON in the fragment) the fields have one- or
/// two-letter names, the format of the first links ever made: links already sent keep opening.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareState {
    /// Format version.
    #[serde(default, rename = "v")]
    pub version: u32,
    /// The view the link opens.
    #[serde(serialize_with = "view_out", deserialize_with = "view_in")]
    pub view: View,
    /// Diagnose: the paste.
    #[serde(default, rename = "d", skip_serializing_if = "String::is_empty")]
    pub diagnose: String,
    /// Diagnose: when the run failed, as typed (empty: the paste's time).
    #[serde(default, rename = "dt", skip_serializing_if = "String::is_empty")]
    pub diagnose_run_time: String,
    /// Diagnose: the platform the person chose over the detected one (its wire name, e.g.
    /// `logic-apps`; empty: detected).
    #[serde(default, rename = "dp", skip_serializing_if = "String::is_empty")]
    pub diagnose_platform: String,
    /// Diagnose: the date a credential list is judged against, as chosen (empty: the clock).
    #[serde(default, rename = "n", skip_serializing_if = "String::is_empty")]
    pub inventory_now: String,
    /// Token: the token or Authorization value.
    #[serde(default, rename = "t", skip_serializing_if = "String::is_empty")]
    pub token: String,
    /// Token: the URL the token was sent to.
    #[serde(default, rename = "u", skip_serializing_if = "String::is_empty")]
    pub token_url: String,
    /// Token: clock-skew tolerance in minutes, as typed.
    #[serde(default, rename = "k", skip_serializing_if = "String::is_empty")]
    pub skew_minutes: String,
    /// Token: when the run failed, as typed.
    #[serde(default, rename = "rt", skip_serializing_if = "String::is_empty")]
    pub run_time: String,
    /// Token: which token of a pasted container the person chose (`id#0`: the first ID token;
    /// see `authlens_core::token::stable_pick`), empty for the default. A choice, never a token.
    #[serde(default, rename = "tp", skip_serializing_if = "String::is_empty")]
    pub token_pick: String,
    /// Compare: the working request.
    #[serde(default, rename = "l", skip_serializing_if = "String::is_empty")]
    pub working: String,
    /// Compare: the failing request.
    #[serde(default, rename = "r", skip_serializing_if = "String::is_empty")]
    pub failing: String,
    /// Compare: which request of a collection or HAR to use, working side.
    #[serde(default, rename = "pl", skip_serializing_if = "String::is_empty")]
    pub working_pick: String,
    /// Compare: which request of a collection or HAR to use, failing side.
    #[serde(default, rename = "pr", skip_serializing_if = "String::is_empty")]
    pub failing_pick: String,
}

fn view_out<S: serde::Serializer>(view: &View, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(view.name())
}

fn view_in<'de, D: serde::Deserializer<'de>>(d: D) -> Result<View, D::Error> {
    let name = String::deserialize(d)?;
    Ok(View::shared(&name))
}

impl ShareState {
    /// Whether any input was given (the skew tolerance, which has a default, does not count).
    pub fn has_input(&self) -> bool {
        [
            &self.diagnose,
            &self.diagnose_run_time,
            &self.token,
            &self.token_url,
            &self.run_time,
            &self.working,
            &self.failing,
            &self.working_pick,
            &self.failing_pick,
        ]
        .iter()
        .any(|s| !s.trim().is_empty())
    }

    /// A copy with every free-text field passed through the one redaction function.
    pub fn redacted(&self) -> ShareState {
        self.redacted_with(false)
    }

    /// [`ShareState::redacted`], and with `personal` also without personal data (e-mail
    /// addresses, names, object ids, IP addresses).
    pub fn redacted_with(&self, personal: bool) -> ShareState {
        let redact = |t: &str| {
            let r = redact(t);
            if personal {
                redact_personal(&r)
            } else {
                r
            }
        };
        ShareState {
            version: 1,
            view: View::shared(self.view.name()),
            // A sign-in log, a definition or a credential list names people: the link gets
            // stand-ins.
            diagnose: redact(&mask_personal(&self.diagnose)),
            diagnose_run_time: redact(&self.diagnose_run_time),
            // Only a platform name this page knows: a hand-made link carries nothing else here.
            diagnose_platform: authlens_core::Platform::choosable(&self.diagnose_platform)
                .map(|p| p.wire_name().to_string())
                .unwrap_or_default(),
            // A date: digits and dashes only.
            inventory_now: self
                .inventory_now
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '-')
                .take(10)
                .collect(),
            token: redact(&self.token),
            token_url: redact(&self.token_url),
            skew_minutes: self
                .skew_minutes
                .chars()
                .filter(char::is_ascii_digit)
                .take(4)
                .collect(),
            run_time: redact(&self.run_time),
            // A role and a number (`id#0`): nothing else is kept from a hand-made link. The
            // page's own pick (`role:offset`, offsets into this token) is named that way first.
            token_pick: Some(&self.token_pick)
                .map(|p| {
                    if p.contains(':') {
                        authlens_core::token::stable_pick(&self.token, Some(p)).unwrap_or_default()
                    } else {
                        p.clone()
                    }
                })
                .filter(|p| {
                    p.len() <= 24
                        && p.bytes()
                            .all(|c| c.is_ascii_alphanumeric() || b"#_-".contains(&c))
                })
                .unwrap_or_default(),
            working: redact(&self.working),
            failing: redact(&self.failing),
            working_pick: redact(&self.working_pick),
            failing_pick: redact(&self.failing_pick),
        }
    }
}

/// Largest total input a link is attempted for, checked before any redaction: redaction hardly
/// shrinks a paste, and base64 grows it by a third, so more never fits in [`MAX_LINK_CHARS`].
pub const MAX_SHARE_INPUT: usize = 2 * MAX_LINK_CHARS;

/// Why no link was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    TooLarge(usize),
}

/// Why a share link did not open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Longer than any link this page makes.
    TooLong(usize),
    /// Cut off or changed on the way: not base64url of a state.
    Damaged,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::TooLong(n) => write!(
                f,
                "This share link is too long ({n} characters; links this page makes hold at most                  {MAX_LINK_CHARS}). It was not opened: ask for the report instead."
            ),
            LinkError::Damaged => f.write_str(
                "This share link is damaged or cut off (a chat or mail program may have shortened                  or changed it), so nothing was restored. Ask the sender to copy it again, or to                  send the report instead.",
            ),
        }
    }
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
pub fn fragment(state: &ShareState) -> Result<(String, ShareState), ShareError> {
    fragment_with(state, false)
}

/// [`fragment`], also without personal data when `personal`.
pub fn fragment_with(
    state: &ShareState,
    personal: bool,
) -> Result<(String, ShareState), ShareError> {
    // The size check comes first: a paste that cannot fit is not redacted at all.
    let raw: usize = describe(state).iter().map(|(_, v)| v.len()).sum();
    if raw > MAX_SHARE_INPUT {
        return Err(ShareError::TooLarge(raw.div_ceil(3) * 4));
    }
    let red = state.redacted_with(personal);
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
pub fn parse(fragment: &str) -> Option<ShareState> {
    open(fragment).ok()
}

/// [`parse`], saying why a link that is one (`#s=…`) does not open.
pub fn open(fragment: &str) -> Result<ShareState, LinkError> {
    Ok(open_unredacted(fragment)?.redacted())
}

/// The state a link holds, as the link holds it: what the page shell reads (it has no
/// redaction); it has the engine redact it ([`ShareState::redacted`]) before the page shows it.
pub fn open_unredacted(fragment: &str) -> Result<ShareState, LinkError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let data = f.strip_prefix(PREFIX).ok_or(LinkError::Damaged)?;
    // Checked before decoding anything.
    if data.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let bytes = b64::decode(data).ok_or(LinkError::Damaged)?;
    serde_json::from_slice(&bytes).map_err(|_| LinkError::Damaged)
}

/// What the link holds, for the person to read before sending it.
pub fn describe(state: &ShareState) -> Vec<(&'static str, String)> {
    let mut out = vec![("view", state.view.name().to_string())];
    for (label, value) in [
        ("diagnose paste", &state.diagnose),
        ("diagnose run time", &state.diagnose_run_time),
        ("diagnose platform", &state.diagnose_platform),
        ("judged against", &state.inventory_now),
        ("token", &state.token),
        ("token URL", &state.token_url),
        ("skew minutes", &state.skew_minutes),
        ("run time", &state.run_time),
        ("token picked", &state.token_pick),
        ("working request", &state.working),
        ("failing request", &state.failing),
        ("working pick", &state.working_pick),
        ("failing pick", &state.failing_pick),
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
        let s = ShareState {
            view: View::Compare,
            diagnose: format!("Authorization: Bearer {JWT}\nclient_secret=p4ss-w0rd-xyz"),
            working: "curl -H 'Authorization: Basic YWxpY2U6aHVudGVyMmh1bnRlcjI=' https://x.example/a?sig=SIGSECRET123".into(),
            failing: "{}".into(),
            skew_minutes: "5".into(),
            ..ShareState::default()
        };
        let (frag, shown) = fragment(&s).expect("fits");
        assert!(frag.starts_with("s="));
        assert!(!frag.contains('?') && !frag.contains('&') && !frag.contains('#'));
        let back = parse(&format!("#{frag}")).expect("parses");
        assert_eq!(back, shown);
        assert_eq!(back.view, View::Compare);
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
    fn a_sign_in_log_is_shared_without_its_people() {
        let log = include_str!(
            "../../../authlens-core/tests/fixtures/signins/portal-interactive-mfa.json"
        );
        let s = ShareState {
            diagnose: log.to_string(),
            ..ShareState::default()
        };
        let (frag, shown) = fragment(&s).expect("fits");
        let back = parse(&frag).expect("parses");
        assert_eq!(back, shown);
        for personal in [
            "flow.owner@contoso.com",
            "Flow Owner",
            "198.51.100.7",
            "Dublin",
        ] {
            assert!(!back.diagnose.contains(personal), "{personal}");
        }
        assert!(back.diagnose.contains("Require MFA for all users"));
        assert!(back
            .diagnose
            .contains("c0ffee00-0000-4000-8000-000000000005"));
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
        assert_eq!(s.view, View::Diagnose);
    }

    #[test]
    fn links_made_by_earlier_pages_still_open() {
        // The wire format of the first share links: short names, the view as a string.
        let old = r#"{"v":1,"view":"token","t":"Bearer abc","u":"https://graph.microsoft.com/v1.0/me","k":"5","rt":"2024-12-07T12:09:18Z","l":"left","r":"right","pl":"1","pr":"2","d":"paste"}"#;
        let s = parse(&format!("#s={}", b64::encode(old.as_bytes()))).expect("opens");
        assert_eq!(s.view, View::Token);
        assert_eq!(s.token, "Bearer abc");
        assert_eq!(s.token_url, "https://graph.microsoft.com/v1.0/me");
        assert_eq!(s.skew_minutes, "5");
        assert_eq!(s.run_time, "2024-12-07T12:09:18Z");
        assert_eq!((s.working.as_str(), s.failing.as_str()), ("left", "right"));
        assert_eq!(
            (s.working_pick.as_str(), s.failing_pick.as_str()),
            ("1", "2")
        );
        assert_eq!(s.diagnose, "paste");
        // And what this page writes reads the same way.
        let json = serde_json::to_string(&s).expect("json");
        assert!(json.contains(r#""view":"token""#) && json.contains(r#""t":"Bearer abc""#));
    }

    #[test]
    fn diagnose_run_time_and_platform_travel_in_the_link() {
        let s = ShareState {
            view: View::Diagnose,
            diagnose: "AADSTS50076".into(),
            diagnose_run_time: "11/23/2026 5:30:00 AM".into(),
            diagnose_platform: "logic-apps".into(),
            ..ShareState::default()
        };
        let (frag, shown) = fragment(&s).expect("fits");
        let back = parse(&frag).expect("opens");
        assert_eq!(back, shown);
        assert_eq!(back.diagnose_platform, "logic-apps");
        assert_eq!(back.diagnose_run_time, "11/23/2026 5:30:00 AM");
        let json = serde_json::to_string(&back).expect("json");
        assert!(
            json.contains(r#""dp":"logic-apps""#) && json.contains(r#""dt":"#),
            "{json}"
        );
        // Anything but a known platform name is dropped on the way in.
        let odd = r#"{"v":1,"view":"diagnose","d":"x","dp":"<img src=x>"}"#;
        let s = parse(&format!("#s={}", b64::encode(odd.as_bytes()))).expect("opens");
        assert_eq!(s.diagnose_platform, "");
        // Links made before these fields open as before: detected platform, the paste's time.
        let old = r#"{"v":1,"view":"diagnose","d":"paste"}"#;
        let s = parse(&format!("#s={}", b64::encode(old.as_bytes()))).expect("opens");
        assert_eq!(
            (s.diagnose_run_time.as_str(), s.diagnose_platform.as_str()),
            ("", "")
        );
    }

    #[test]
    fn the_token_picked_travels_as_a_choice_only() {
        let s = ShareState {
            view: View::Token,
            token: r#"{"id_token":"x"}"#.into(),
            token_pick: "id#1".into(),
            ..ShareState::default()
        };
        let (frag, shown) = fragment(&s).expect("fits");
        let back = parse(&frag).expect("opens");
        assert_eq!(back, shown);
        assert_eq!(back.token_pick, "id#1");
        assert!(describe(&back).contains(&("token picked", "id#1".to_string())));
        // A hand-made link cannot put anything else there.
        for odd in ["<img src=x>", "id#1 eyJhbGciOiJIUzI1NiJ9", &"a".repeat(40)] {
            let json = serde_json::json!({"v": 1, "view": "token", "tp": odd}).to_string();
            let s = parse(&format!("#s={}", b64::encode(json.as_bytes()))).expect("opens");
            assert_eq!(s.token_pick, "", "{odd}");
        }
    }

    #[test]
    fn the_pages_own_pick_is_named_by_role_and_number_in_the_link() {
        // The Token view's buttons pick `role:offset` (offsets into the token as pasted); the
        // link names the same token by role and number, which redaction cannot move.
        let jwt = |sub: &str| {
            let b = |t: &str| b64::encode(t.as_bytes());
            format!(
                "{}.{}.{}",
                b(r#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#),
                b(&format!(r#"{{"aud":"api://x","sub":"{sub}"}}"#)),
                b(&"signature-bytes-0123456789".repeat(10))
            )
        };
        let id_token = jwt("b");
        let token = format!(
            r#"{{"token_type":"Bearer","access_token":"{}","id_token":"{id_token}"}}"#,
            jwt("a")
        );
        let id = token.find(&id_token).expect("the id token");
        let s = ShareState {
            view: View::Token,
            token: token.clone(),
            token_pick: format!("id:{id}"),
            ..ShareState::default()
        };
        let shown = s.redacted();
        let expected = authlens_core::token::stable_pick(&token, Some(&s.token_pick));
        assert!(
            expected.as_deref().is_some_and(|p| p.contains('#')),
            "{expected:?}"
        );
        assert_eq!(Some(shown.token_pick), expected);
    }

    #[test]
    fn damaged_and_too_long_links_say_so() {
        let (frag, _) = fragment(&ShareState {
            view: View::Diagnose,
            diagnose: "AADSTS50076 user@contoso.com".into(),
            ..ShareState::default()
        })
        .expect("fits");
        let cut = &frag[..frag.len() - 7];
        assert_eq!(open(cut), Err(LinkError::Damaged));
        assert_eq!(open("#s=%%%"), Err(LinkError::Damaged));
        let long = format!("#s={}", "A".repeat(MAX_LINK_CHARS + 1));
        assert!(matches!(open(&long), Err(LinkError::TooLong(_))));
        assert!(LinkError::Damaged
            .to_string()
            .contains("damaged or cut off"));
    }

    #[test]
    fn personal_data_can_be_left_out() {
        let s = ShareState {
            view: View::Diagnose,
            diagnose:
                "user ada@contoso.com from 203.0.113.7, object 3fa85f64-5717-4562-b3fc-2c963f66afa6"
                    .into(),
            ..ShareState::default()
        };
        let (_, kept) = fragment_with(&s, false).expect("fits");
        assert!(kept.diagnose.contains("ada@contoso.com"));
        let (frag, gone) = fragment_with(&s, true).expect("fits");
        for p in ["ada@contoso.com", "203.0.113.7", "3fa85f64"] {
            assert!(!gone.diagnose.contains(p), "{p}");
        }
        assert_eq!(parse(&frag).map(|s| s.diagnose), Some(gone.diagnose));
    }

    #[test]
    fn too_large_is_refused_with_a_message() {
        let s = ShareState {
            diagnose: "x".repeat(MAX_LINK_CHARS),
            ..ShareState::default()
        };
        let e = fragment(&s).expect_err("too large");
        assert!(e.to_string().contains("Copy the report instead"));
    }
}
