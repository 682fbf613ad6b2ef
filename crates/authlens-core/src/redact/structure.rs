//! Secrets that only JSON's structure reveals, found by one tokenising pass (any text: JSON
//! documents, JSON after a prefix, fragments):
//! - key/value pair objects judged by their name: Postman `header[]`, `auth.oauth2[]`/`basic[]`/
//!   `apikey[]`/`bearer[]` `{key, value}`, HAR `headers[]`/`queryString[]`/`postData.params[]`
//!   `{name, value}`, and every `value` under `cookies[]` and storage `listKeys` `keys[]`;
//! - outputs that are secrets: Key Vault "Get secret" (`value` next to an `id` under
//!   `/secrets/`, or next to `isEnabled` and `version`), `{"type": "secret"|"Raw", "value"}`,
//!   every string of `functionKeys`-like maps;
//! - JWK private members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `k`) of an object with `kty`;
//! - JSON inside strings (escaped once, twice, …) and base64 `$content` bodies: decoded,
//!   redacted on their own, and encoded back.

use super::keys::{classify, is_jwk_private, Class};
use super::scan::cut_value;
use super::{redact_nested, Cut};
use std::borrow::Cow;

/// Deepest nesting tracked; deeper containers are skipped over (their strings still reach the
/// text passes).
const MAX_FRAMES: usize = 512;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    Other,
    /// Objects in `cookies[]`, `keys[]`: their `value` is a secret whatever their name.
    AllValues,
    /// Postman `auth.apikey[]`: the item named `value` holds the key.
    ApiKey,
}

struct Frame {
    object: bool,
    /// The member key this container is the value of (raw span), if any.
    key: Option<(usize, usize)>,
    parent: Parent,
    /// Every string member is a secret (`functionKeys: {default: …}`).
    all_strings: bool,
    start: usize,
    cur_key: Option<(usize, usize)>,
    name_secret: Option<Class>,
    value: Option<(usize, usize, bool)>,
    secret_output: bool,
    is_enabled: bool,
    version: bool,
    kty: bool,
    jwk: Vec<(usize, usize)>,
}

impl Frame {
    fn new(object: bool, key: Option<(usize, usize)>, parent: Parent, start: usize) -> Frame {
        Frame {
            object,
            key,
            parent,
            all_strings: false,
            start,
            cur_key: None,
            name_secret: None,
            value: None,
            secret_output: false,
            is_enabled: false,
            version: false,
            kty: false,
            jwk: Vec::new(),
        }
    }
}

/// ASCII case-insensitive comparison of a raw key with a name written in lowercase.
fn is(raw: &[u8], name: &str) -> bool {
    raw.eq_ignore_ascii_case(name.as_bytes())
}

fn contains_ci(h: &[u8], pat: &[u8]) -> bool {
    h.windows(pat.len()).any(|w| w.eq_ignore_ascii_case(pat))
}

/// The end of the JSON string whose content starts at `q` (the byte after its quote): `Ok` with
/// the index of the closing quote, or `Err` with where the line or text ended first (no quote
/// before it can close a string either, so the scan resumes there).
fn string_end(b: &[u8], q: usize) -> Result<usize, usize> {
    let mut x = q;
    while x < b.len() {
        match b[x] {
            b'\\' => x += 2,
            b'"' => return Ok(x),
            b'\n' => return Err(x),
            _ => x += 1,
        }
    }
    Err(b.len())
}

pub(crate) fn structure_cuts(t: &str, depth: usize, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let n = b.len();
    let mut stack: Vec<Frame> = Vec::new();
    let mut skipped = 0usize;
    let mut i = match memchr::memchr3(b'{', b'[', b'"', b) {
        Some(p) => p,
        None => return,
    };
    while i < n {
        match b[i] {
            b'"' => {
                let q = i + 1;
                let close = match string_end(b, q) {
                    Ok(c) => c,
                    Err(stop) => {
                        i = stop.max(q);
                        continue;
                    }
                };
                let mut x = close + 1;
                while x < n && b[x].is_ascii_whitespace() {
                    x += 1;
                }
                if b.get(x) == Some(&b':') {
                    if let Some(f) = stack.last_mut().filter(|f| f.object) {
                        f.cur_key = Some((q, close));
                    }
                    i = x + 1;
                    continue;
                }
                string_value(t, q, close, depth, stack.last_mut(), cuts);
                i = close + 1;
            }
            c @ (b'{' | b'[') => {
                if stack.len() >= MAX_FRAMES {
                    skipped += 1;
                    i += 1;
                    continue;
                }
                let (key, parent) = match stack.last_mut() {
                    Some(f) if f.object => (f.cur_key.take(), Parent::Other),
                    Some(f) => (f.key, array_parent(b, f.key)),
                    None => (None, Parent::Other),
                };
                let mut frame = Frame::new(c == b'{', key, parent, i);
                if c == b'{' {
                    frame.all_strings = key.is_some_and(|(s, e)| all_strings_key(&b[s..e]));
                }
                stack.push(frame);
                i += 1;
            }
            c @ (b'}' | b']') => {
                if skipped > 0 {
                    skipped -= 1;
                    i += 1;
                    continue;
                }
                // A stray closer (prose, a cut fragment) closes nothing.
                if stack.last().is_some_and(|f| f.object == (c == b'}')) {
                    if let Some(f) = stack.pop() {
                        close_frame(t, f, i + 1, depth, stack.last_mut(), cuts);
                    }
                }
                i += 1;
            }
            b',' => {
                if let Some(f) = stack.last_mut() {
                    f.cur_key = None;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// How objects inside the array that is the value of `key` are judged.
fn array_parent(b: &[u8], key: Option<(usize, usize)>) -> Parent {
    let Some((s, e)) = key else {
        return Parent::Other;
    };
    let k = &b[s..e];
    if ["cookies", "cookie", "keys", "set-cookie"]
        .iter()
        .any(|n| is(k, n))
    {
        Parent::AllValues
    } else if is(k, "apikey") {
        Parent::ApiKey
    } else {
        Parent::Other
    }
}

/// `functionKeys`, `systemKeys`, `hostKeys`: maps of name → key.
fn all_strings_key(k: &[u8]) -> bool {
    k.len() > 4 && k.len() < 40 && (is(&k[k.len() - 4..], "keys")) && !is(k, "publickeys")
}

fn string_value(
    t: &str,
    q: usize,
    close: usize,
    depth: usize,
    frame: Option<&mut Frame>,
    cuts: &mut Vec<Cut>,
) {
    let b = t.as_bytes();
    let mut handled = false;
    if let Some(f) = frame {
        if f.object {
            if let Some((ks, ke)) = f.cur_key.take() {
                let k = &b[ks..ke];
                handled = member(t, f, k, q, close, depth, cuts);
            }
        }
    }
    if !handled {
        nested_json(t, q, close, depth, cuts);
    }
}

/// Records one `"k": "value"` member of an object; true when the value was cut or replaced.
fn member(
    t: &str,
    f: &mut Frame,
    k: &[u8],
    q: usize,
    close: usize,
    depth: usize,
    cuts: &mut Vec<Cut>,
) -> bool {
    let b = t.as_bytes();
    let v = &b[q..close];
    if f.all_strings {
        cut_value(t, q, close, Class::Secret, cuts);
        return true;
    }
    if is(k, "key") || is(k, "name") || is(k, "keyname") {
        if is(k, "keyname") {
            f.secret_output = true;
        }
        let class = classify(v);
        let secret = match class {
            Class::Secret | Class::Authorization => true,
            Class::QueryOnly => f.parent != Parent::ApiKey,
            Class::No => f.parent == Parent::ApiKey && is(v, "value"),
        };
        if secret {
            f.name_secret = Some(if class == Class::No {
                Class::Secret
            } else {
                class
            });
        }
    } else if is(k, "value") {
        f.value = Some((q, close, false));
        return true; // judged when the object closes
    } else if is(k, "id") {
        if contains_ci(v, b".vault.azure.net/secrets/")
            || contains_ci(v, b"vault.usgovcloudapi.net/secrets/")
        {
            f.secret_output = true;
        }
    } else if is(k, "type") {
        if is(v, "secret") || is(v, "raw") {
            f.secret_output = true;
        }
    } else if is(k, "isenabled") {
        f.is_enabled = true;
    } else if is(k, "version") {
        f.version = true;
    } else if is(k, "kty") {
        f.kty = true;
    } else if is_jwk_private(k) {
        f.jwk.push((q, close));
        return true;
    } else if is(k, "$content") {
        return base64_body(t, q, close, depth, cuts);
    }
    false
}

fn close_frame(
    t: &str,
    f: Frame,
    end: usize,
    depth: usize,
    parent: Option<&mut Frame>,
    cuts: &mut Vec<Cut>,
) {
    let b = t.as_bytes();
    if !f.object {
        // `"value": [ … ]` of a pair object: remember the array for when the object closes.
        if let Some(p) = parent.filter(|p| p.object) {
            if f.key.is_some_and(|(s, e)| is(&b[s..e], "value")) {
                p.value = Some((f.start, end, true));
            }
        }
        return;
    }
    let class = if f.secret_output || f.parent == Parent::AllValues || (f.is_enabled && f.version) {
        Some(Class::Secret)
    } else {
        f.name_secret
    };
    if let (Some(class), Some((s, e, array))) = (class, f.value) {
        if array {
            array_strings(t, s, e, class, cuts);
        } else {
            cut_value(t, s, e, class, cuts);
        }
    } else if let Some((s, e, false)) = f.value {
        // Not a secret by name: still JSON inside a string, or a body worth decoding.
        nested_json(t, s, e, depth, cuts);
    }
    if f.kty {
        for (s, e) in f.jwk {
            cut_value(t, s, e, Class::Secret, cuts);
        }
    }
}

/// Every string directly inside the array `t[s..e]`.
fn array_strings(t: &str, s: usize, e: usize, class: Class, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let mut x = s + 1;
    let mut depth = 0usize;
    while x < e {
        match b[x] {
            b'"' => {
                let Some(close) = string_end(b, x + 1).ok().filter(|c| *c < e) else {
                    return;
                };
                if depth == 0 {
                    cut_value(t, x + 1, close, class, cuts);
                }
                x = close + 1;
            }
            b'[' | b'{' => {
                depth += 1;
                x += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                x += 1;
            }
            _ => x += 1,
        }
    }
}

/// Decodes the JSON string `t[q..close]` when its content is JSON, redacts it on its own, and
/// replaces it with the re-encoded result when that hid something.
fn nested_json(t: &str, q: usize, close: usize, depth: usize, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let mut x = q;
    while x < close {
        if b[x].is_ascii_whitespace() {
            x += 1;
        } else if b[x] == b'\\' && matches!(b.get(x + 1), Some(b'n' | b'r' | b't')) {
            x += 2;
        } else {
            break;
        }
    }
    if x >= close || !matches!(b[x], b'{' | b'[') || close - q < 8 {
        return;
    }
    let Some(decoded) = decode_string(t, q, close) else {
        return;
    };
    let Some(redacted) = redact_nested(&decoded, depth) else {
        return;
    };
    if redacted != decoded {
        if let Ok(enc) = serde_json::to_string(&redacted) {
            cuts.push(Cut {
                start: q,
                end: close,
                with: Cow::Owned(enc[1..enc.len() - 1].to_string()),
            });
        }
    }
}

fn decode_string(t: &str, q: usize, close: usize) -> Option<String> {
    let quoted = t.get(q - 1..close + 1)?;
    serde_json::from_str::<String>(quoted).ok()
}

/// The text a base64 string decodes to, when it is base64 of UTF-8 text.
pub(crate) fn base64_text(s: &str) -> Option<String> {
    let s: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if s.len() < 8 {
        return None;
    }
    let bytes = crate::b64::decode(&s).ok()?;
    match String::from_utf8(bytes) {
        Ok(t) => Some(t),
        // Cut inside a character (a shortened body): the whole characters before it.
        Err(e) if e.utf8_error().error_len().is_none() => {
            let ok = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(ok);
            String::from_utf8(bytes).ok()
        }
        Err(_) => None,
    }
}

/// A base64 `$content` body (Logic Apps / Power Automate): decoded, redacted, encoded back.
fn base64_body(t: &str, q: usize, close: usize, depth: usize, cuts: &mut Vec<Cut>) -> bool {
    let Some(text) = decode_string(t, q, close).and_then(|s| base64_text(&s)) else {
        return false;
    };
    let Some(redacted) = redact_nested(&text, depth) else {
        return false;
    };
    if redacted == text {
        return false;
    }
    cuts.push(Cut {
        start: q,
        end: close,
        with: Cow::Owned(crate::b64::encode_standard(redacted.as_bytes())),
    });
    true
}
