//! The one redaction function. Every export (share link, Markdown and JSON reports, copied
//! error details, evidence text, compare output, history report) passes through [`redact`].
//!
//! What it removes, wherever it is (plain text, headers, forms, query strings, connection
//! strings, JSON at any depth, JSON escaped inside strings, base64 `$content` bodies):
//! - by name: the values of secret-named keys ([`keys`]: passwords, secrets, tokens, API keys,
//!   signatures, cookies, `Authorization`, …), and the `value` of key/value pair objects whose
//!   name is secret (Postman `header[]`/`auth.*[]`, HAR `headers[]`/`cookies[]`/`queryString[]`/
//!   `postData.params[]`), JWK private members, Key Vault "Get secret" and `listKeys` outputs;
//! - by shape ([`shapes`]): JWT signatures (header and payload stay readable: they are what people
//!   need to diagnose), whole encrypted tokens (JWE), credentials after `Bearer`/`Basic`/
//!   `SharedKey`/…, PEM private keys, SAML responses, known token prefixes (`ghp_`, `xoxb-`,
//!   `sk-`, `AKIA`…), long random strings next to a secret-like word, URL userinfo and webhook
//!   path secrets.
//!
//! Markers: `[redacted]`, `[signature-removed]` (a JWT keeps `header.payload.`),
//! `[encrypted-token-removed]`. A known prefix stays visible (`ghp_[redacted]`).
//!
//! Cost: every pass is one left-to-right scan per detector that never goes back over what it has
//! passed (O(n)), and there are at most [`MAX_PASSES`] passes; inputs over [`MAX_REDACT_BYTES`]
//! are refused before any work. It is idempotent: redacting the result changes nothing.

mod keys;
pub mod personal;
mod scan;
mod shapes;
mod structure;
mod urls;

pub use keys::is_secret_name;
pub use personal::{redact_personal, MARKERS as PERSONAL_MARKERS};

use std::borrow::Cow;

pub const REDACTED: &str = "[redacted]";
pub const SIGNATURE_REMOVED: &str = "[signature-removed]";
pub const ENCRYPTED_REMOVED: &str = "[encrypted-token-removed]";
/// What `redact` returns for an input over [`MAX_REDACT_BYTES`]: nothing of it.
pub const TOO_LARGE: &str = "[redacted: input larger than the 64 MiB limit]";

/// Every marker the redactor writes. The analyser and the page recognise these as "already
/// redacted" (a value that starts with one is never cut again).
pub const MARKERS: &[&str] = &[REDACTED, SIGNATURE_REMOVED, ENCRYPTED_REMOVED];

/// Largest text redacted; larger inputs are replaced whole by [`TOO_LARGE`] before any scan.
pub const MAX_REDACT_BYTES: usize = crate::MAX_INPUT_BYTES;

/// Passes before giving up on a fixpoint. A cut can remove a quote that bounded another value,
/// which then reaches further on the next pass (cargo-fuzz finds such texts); real pastes settle
/// after the second pass, which only confirms the first.
const MAX_PASSES: usize = 4;

/// How deep JSON inside strings (and base64 bodies) is decoded and redacted on its own.
const MAX_NESTING: usize = 4;

/// One replacement of `text[start..end]`.
#[derive(Clone, Debug)]
pub(crate) struct Cut {
    pub start: usize,
    pub end: usize,
    pub with: Cow<'static, str>,
}

impl Cut {
    pub fn marker(start: usize, end: usize, m: &'static str) -> Cut {
        Cut {
            start,
            end,
            with: Cow::Borrowed(m),
        }
    }

    fn is_marker(&self) -> bool {
        MARKERS.contains(&self.with.as_ref())
    }
}

/// Returns `text` with secrets replaced by markers. Idempotent: redacting the result changes
/// nothing. Linear in the length of `input`.
pub fn redact(input: &str) -> String {
    if input.len() > MAX_REDACT_BYTES {
        return TOO_LARGE.to_string();
    }
    let mut out = redact_once(input, 0);
    for _ in 1..MAX_PASSES {
        let again = redact_once(&out, 0);
        if again == out {
            return out;
        }
        out = again;
    }
    settle(out)
}

/// [`redact`] for a request body, which may be base64 (a `$content` envelope's body): such a
/// body is decoded, redacted, and encoded back when that hid something.
pub fn redact_body(body: &str) -> String {
    if body.len() > MAX_REDACT_BYTES {
        return TOO_LARGE.to_string();
    }
    // A body shown shortened (`…`) is decoded as far as it goes.
    let (b64, cut) = match body.strip_suffix('…') {
        Some(head) => (&head[..head.len() & !3], "…"),
        None => (body, ""),
    };
    if let Some(text) = structure::base64_text(b64) {
        let redacted = redact(&text);
        if redacted != text {
            let enc = crate::b64::encode_standard(redacted.as_bytes());
            return format!("{enc}{cut}");
        }
        return body.to_string();
    }
    redact(body)
}

/// How many passes [`redact`] makes over `input` before nothing changes (1 when the first pass
/// is already final; `MAX_PASSES + 1` when it falls back to hiding unsettled lines). Tests use
/// it to show real pastes settle at once.
#[doc(hidden)]
pub fn passes_needed(input: &str) -> usize {
    let mut out = redact_once(input, 0);
    for pass in 1..=MAX_PASSES {
        let again = redact_once(&out, 0);
        if again == out {
            return pass;
        }
        out = again;
    }
    MAX_PASSES + 1
}

/// Last resort for texts that have not settled after [`MAX_PASSES`] (only hostile soups of
/// separators and quotes do): every line that a further pass would still change is hidden whole,
/// and if even that is not stable, everything is.
fn settle(out: String) -> String {
    let again = redact_once(&out, 0);
    if again == out {
        return out;
    }
    let mut hidden = String::with_capacity(out.len());
    let (mut a, mut b) = (out.split('\n'), again.split('\n'));
    let mut first = true;
    loop {
        let (x, y) = (a.next(), b.next());
        if x.is_none() {
            break;
        }
        if !first {
            hidden.push('\n');
        }
        first = false;
        match (x, y) {
            (Some(x), Some(y)) if x == y => hidden.push_str(x),
            _ => hidden.push_str(REDACTED),
        }
    }
    if redact_once(&hidden, 0) == hidden {
        hidden
    } else {
        REDACTED.to_string()
    }
}

/// One pass of every detector over `input`. `depth` counts the levels of decoded JSON strings
/// and base64 bodies above this text.
pub(crate) fn redact_once(input: &str, depth: usize) -> String {
    let mut cuts = Vec::new();
    shapes::jwt_cuts(input, &mut cuts);
    shapes::scheme_cuts(input, &mut cuts);
    shapes::prefix_cuts(input, &mut cuts);
    shapes::pem_cuts(input, &mut cuts);
    shapes::saml_cuts(input, &mut cuts);
    urls::url_cuts(input, &mut cuts);
    urls::user_option_cuts(input, &mut cuts);
    shapes::entropy_cuts(input, &mut cuts);
    scan::key_value_cuts(input, &mut cuts);
    structure::structure_cuts(input, depth, &mut cuts);
    if cuts.is_empty() {
        return input.to_string();
    }
    apply(input, cuts)
}

/// Redacts text decoded from inside another text (a JSON string, a base64 body): one pass, one
/// level deeper. `None` when the nesting limit is reached.
pub(crate) fn redact_nested(decoded: &str, depth: usize) -> Option<String> {
    (depth < MAX_NESTING).then(|| redact_once(decoded, depth + 1))
}

/// Masks other parts of AuthLens write (Compare's `•••• (12 chars hidden)`, the token view's
/// `[secret removed]`) and the platforms' own (`*sanitized*`): values that start with one are
/// hidden already.
const OTHER_MASKS: &[&str] = &[
    "••••",
    "[secret removed]",
    "[token removed]",
    "[removed]",
    "[encrypted parts removed]",
    "*sanitized*",
];

/// True when `rest` starts with one of the redactor's markers (or another mask).
pub(crate) fn starts_with_marker(rest: &[u8]) -> bool {
    MARKERS
        .iter()
        .chain(OTHER_MASKS)
        .chain(personal::MARKERS)
        .any(|m| rest.starts_with(m.as_bytes()))
}

/// True when `value` holds a marker or mask anywhere (already redacted, at least in part).
pub(crate) fn holds_marker(value: &[u8]) -> bool {
    MARKERS
        .iter()
        .chain(OTHER_MASKS)
        .chain(personal::MARKERS)
        .any(|m| memchr::memmem::find(value, m.as_bytes()).is_some())
}

pub(crate) fn apply(t: &str, mut cuts: Vec<Cut>) -> String {
    crate::order::sort_by_key(&mut cuts, |c| (c.start, std::cmp::Reverse(c.end)));
    let mut out = String::with_capacity(t.len());
    let mut at = 0;
    // Whether the text before `at` ends with a marker (which then also hides an overlapping
    // cut's tail) or with a replacement text (which cannot: the tail gets a marker of its own).
    let mut last_is_marker = true;
    for c in cuts {
        let (mut s, mut e) = (c.start.min(t.len()), c.end.min(t.len()));
        // Detectors cut at ASCII delimiters; should one land inside a character, the cut grows
        // to whole characters rather than being dropped.
        while !t.is_char_boundary(s) {
            s -= 1;
        }
        while !t.is_char_boundary(e) {
            e += 1;
        }
        if e <= s {
            continue;
        }
        if s < at {
            // Overlaps an earlier cut: what reaches past it is hidden too. Showing it would leave
            // part of a secret, which a second pass would then cut.
            if e > at {
                if !last_is_marker {
                    out.push_str(REDACTED);
                    last_is_marker = true;
                }
                at = e;
            }
            continue;
        }
        out.push_str(&t[at..s]);
        last_is_marker = c.is_marker();
        out.push_str(&c.with);
        at = e;
    }
    out.push_str(&t[at..]);
    out
}

#[cfg(test)]
mod tests;
