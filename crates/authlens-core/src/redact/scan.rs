//! Secret values by their key's name, in every textual notation: `"name": "value"` (JSON, at any
//! escape level: `\"name\":\"value\"`, `\\\"name\\\"…`), `'name': 'value'`, `name: value`
//! header and YAML lines, `name=value` in forms, queries and connection strings (percent-encoded
//! too: `name%3Dvalue`, `%22name%22%3A%22value%22`), `--name value` options and `<Name>value<`.
//!
//! One left-to-right scan over words; after a secret value the scan resumes at the value's end,
//! so every byte is looked at a bounded number of times whatever the input.

use super::keys::{classify, Class};
use super::shapes::{is_jwt_at, shown_short};
use super::{holds_marker, starts_with_marker, Cut, REDACTED};

pub(crate) fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// The quoting around a key or value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Quote {
    /// `"`, preceded by 2^level − 1 backslashes (JSON escaped `level` times).
    Double(u32),
    Single,
    /// `%22`.
    Percent,
}

/// How a bare (unquoted) value ends.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// `Name: value` line: to the end of the line (or of the string the line is in).
    Header { in_string: bool },
    /// `?name=value` / `&name=value`: URL and form syntax.
    Query { percent: bool },
    /// `name=value` elsewhere (connection strings, forms at line start, prose): to `;` or the end
    /// of the line, or before what starts another `key=`.
    Other,
    /// After a quoted JSON key: a literal (number, bare word).
    Json,
    /// `--name value`: one shell word.
    Shell,
    /// `the token: sign in again`: a word in a sentence; only a credential-looking first word
    /// after it goes.
    Prose,
}

/// True when the word at `ws` begins its line (after spaces and list markers) or follows
/// a separator of inline notation (`{`, `,`, `;`, `(`, `[`, `|`): a header or YAML key, not prose.
fn starts_line(b: &[u8], ws: usize) -> bool {
    let mut x = ws;
    while x > 0 && matches!(b[x - 1], b' ' | b'\t' | b'-' | b'*' | b'#' | b'>') {
        x -= 1;
    }
    x == 0
        || matches!(
            b[x - 1],
            b'\n' | b'\r' | b'{' | b',' | b';' | b'(' | b'[' | b'|' | b'\''
        )
        || (x >= 2 && b[x - 2] == b'\\' && matches!(b[x - 1], b'n' | b'r'))
}

pub(crate) fn key_value_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !is_word(b[i]) {
            i += 1;
            continue;
        }
        let ws = i;
        while i < n && is_word(b[i]) {
            i += 1;
        }
        let we = i;
        let Some(&next) = b.get(we) else { break };
        if !matches!(
            next,
            b'"' | b'\'' | b'\\' | b'%' | b' ' | b'\t' | b'=' | b':' | b'>'
        ) {
            continue;
        }
        let class = classify(&b[ws..we]);
        if class == Class::No {
            continue;
        }
        if let Some(end) = value_at(t, ws, we, class, cuts) {
            i = i.max(end);
        }
    }
}

/// Counts the backslashes at `b[at..]`, returning the count and the byte after them.
fn backslashes(b: &[u8], at: usize) -> (usize, Option<u8>) {
    let mut k = 0;
    while b.get(at + k) == Some(&b'\\') {
        k += 1;
    }
    (k, b.get(at + k).copied())
}

/// The escape level of a quote preceded by `k` backslashes, when it is an opening or closing
/// quote of some level (1 → `\"`, 3 → `\\\"`, 7 → …).
fn level_of(k: usize) -> Option<u32> {
    match k {
        0 => Some(0),
        1 => Some(1),
        3 => Some(2),
        7 => Some(3),
        _ => None,
    }
}

fn eq_ci(b: &[u8], at: usize, pat: &[u8]) -> bool {
    b.get(at..at + pat.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(pat))
}

/// Finds where a value that starts at `q` (after its opening quote) ends. Returns (content end,
/// position after the closing quote).
fn quoted_end(b: &[u8], q: usize, quote: Quote) -> (usize, usize) {
    let n = b.len();
    match quote {
        Quote::Double(level) => {
            let open = (1usize << level) - 1;
            let period = 1usize << (level + 1);
            let mut bs = 0;
            let mut x = q;
            while x < n {
                match b[x] {
                    b'\\' => bs += 1,
                    b'"' => {
                        if bs >= open && (bs - open).is_multiple_of(period) {
                            return (x - open, x + 1);
                        }
                        bs = 0;
                    }
                    b'\n' => return (x, x),
                    _ => bs = 0,
                }
                x += 1;
            }
            (n, n)
        }
        Quote::Single => {
            let mut x = q;
            while x < n {
                match b[x] {
                    b'\'' if b.get(x + 1) == Some(&b'\'') => x += 2,
                    b'\'' if b[x..].starts_with(b"'\\''") => x += 4,
                    b'\'' => return (x, x + 1),
                    b'\n' => return (x, x),
                    _ => x += 1,
                }
            }
            (n, n)
        }
        Quote::Percent => {
            let mut x = q;
            while x < n {
                if b[x] == b'%' && eq_ci(b, x, b"%22") {
                    return (x, x + 3);
                }
                if b[x] == b'\n' {
                    return (x, x);
                }
                x += 1;
            }
            (n, n)
        }
    }
}

/// True when `b[at..]` begins another `key=` / `key:` (or an option or URL): where a bare value
/// that may hold spaces or `&` ends.
fn starts_another_key(b: &[u8], at: usize) -> bool {
    let mut x = at;
    while x < b.len() && (b[x] == b' ' || b[x] == b'\t') {
        x += 1;
    }
    if b.get(x) == Some(&b'-') {
        return true;
    }
    let w = x;
    while x < b.len() && is_word(b[x]) {
        x += 1;
    }
    x > w && matches!(b.get(x), Some(b'=' | b':'))
}

/// True when only blanks or an opening quote stand between the line's start and `at`.
fn at_line_start(b: &[u8], at: usize) -> bool {
    let mut x = at;
    while x > 0 && matches!(b[x - 1], b' ' | b'\t' | b'"' | b'\'') {
        x -= 1;
    }
    x == 0 || b[x - 1] == b'\n' || b[x - 1] == b'\r'
}

/// True when `rest` opens with at least three plain lowercase words: a sentence goes on, where
/// a credential would be one run of characters (or a password of mixed characters).
fn is_prose(rest: &[u8]) -> bool {
    let head = &rest[..rest.len().min(64)];
    let mut words = head
        .split(|&c| c == b' ')
        .take_while(|w| !w.is_empty())
        .take(3)
        .filter(|w| {
            w.first().is_some_and(u8::is_ascii_lowercase)
                && w.iter().all(|c| {
                    c.is_ascii_lowercase() || matches!(c, b',' | b'.' | b';' | b'-' | b'\'')
                })
        });
    words.by_ref().count() == 3
}

/// Where a bare value starting at `v` ends, by mode.
fn bare_end(b: &[u8], v: usize, mode: Mode) -> usize {
    let n = b.len();
    let mut x = v;
    while x < n {
        let c = b[x];
        let next = b.get(x + 1).copied();
        let stop = match mode {
            Mode::Header { in_string } => {
                c == b'\r'
                    || c == b'\n'
                    || (c == b'\\' && matches!(next, Some(b'r' | b'n' | b'"')))
                    || (in_string && c == b'"')
            }
            Mode::Query { percent } => {
                matches!(
                    c,
                    b'&' | b'#'
                        | b' '
                        | b'\t'
                        | b'\r'
                        | b'\n'
                        | b'"'
                        | b'\''
                        | b'<'
                        | b'>'
                        | b'\\'
                        | b';'
                        | b','
                        | b')'
                        | b']'
                        | b'}'
                        | b'|'
                        | b'`'
                ) || (percent && c == b'%' && percent_stop(b, x))
            }
            Mode::Other => match c {
                b';' | b'\r' | b'\n' | b'<' | b'`' => true,
                b'\\' => matches!(next, Some(b'"' | b'n' | b'r' | b'\'' | b'\\')),
                b'"' | b'\'' | b'}' | b']' | b')' => {
                    !next.is_some_and(|d| d.is_ascii_alphanumeric())
                }
                b'&' | b',' | b' ' | b'\t' => starts_another_key(b, x + 1),
                _ => false,
            },
            Mode::Json => matches!(
                c,
                b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n' | b'\\' | b'"'
            ),
            Mode::Shell => matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\''),
            Mode::Prose => c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'`' | b'\\'),
        };
        if stop {
            return x;
        }
        x += 1;
    }
    n
}

/// `%26` `%22` `%27` `%20` `%3B` `%23` `%2C` `%3C` `%3E` `%0A` `%0D`: encoded delimiters.
fn percent_stop(b: &[u8], x: usize) -> bool {
    [
        b"%26", b"%22", b"%27", b"%20", b"%3B", b"%23", b"%2C", b"%3C", b"%3E", b"%0A", b"%0D",
        b"%5C",
    ]
    .iter()
    .any(|p| eq_ci(b, x, *p))
}

/// The value after the key `b[ws..we]`: pushes its cuts and returns where scanning resumes.
fn value_at(t: &str, ws: usize, we: usize, class: Class, cuts: &mut Vec<Cut>) -> Option<usize> {
    let b = t.as_bytes();
    let n = b.len();
    let prev = if ws > 0 { b[ws - 1] } else { b'\n' };
    // `<Password>value</Password>`
    if prev == b'<' && b[we] == b'>' {
        let v = we + 1;
        let end = memchr::memchr(b'<', &b[v..]).map_or(n, |p| v + p);
        // Only an element that closes (`</Password>`): `<token>` in prose is a placeholder.
        let closes = b.get(end + 1) == Some(&b'/')
            && b.get(end + 2..end + 2 + (we - ws))
                .is_some_and(|k| k.eq_ignore_ascii_case(&b[ws..we]));
        if !closes {
            return None;
        }
        return Some(cut_value(t, v, end, class, cuts).max(end));
    }
    let flag = b[ws] == b'-';
    let mut j = we;
    let mut key_quote = None;
    match b[j] {
        b'\\' | b'"' => {
            let (k, after) = backslashes(b, j);
            if after != Some(b'"') {
                return None;
            }
            key_quote = Some(Quote::Double(level_of(k)?));
            j += k + 1;
        }
        b'\'' => {
            key_quote = Some(Quote::Single);
            j += 1;
        }
        b'%' if eq_ci(b, j, b"%22") => {
            key_quote = Some(Quote::Percent);
            j += 3;
        }
        _ => {}
    }
    let after_key = j;
    while j < n && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    let (sep, sep_len) = match b.get(j) {
        Some(b'=') => (b'=', 1),
        Some(b':') => (b':', 1),
        Some(b'%') if eq_ci(b, j, b"%3D") => (b'=', 3),
        Some(b'%') if eq_ci(b, j, b"%3A") => (b':', 3),
        _ if flag && key_quote.is_none() && j > after_key => (b' ', 0),
        _ => return None,
    };
    let percent = key_quote == Some(Quote::Percent) || sep_len == 3;
    if sep == b':' && b.get(j + 1) == Some(&b'/') {
        return None; // `token://…`: a URL scheme
    }
    if class == Class::QueryOnly && (sep != b'=' || key_quote.is_some()) {
        return None;
    }
    j += sep_len;
    while j < n && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    let mode = if sep == b' ' {
        Mode::Shell
    } else if key_quote.is_some() && !percent {
        Mode::Json
    } else if sep == b':' && !percent {
        let in_string = prev == b'"'
            || (ws >= 2 && b[ws - 2] == b'\\' && matches!(prev, b'n' | b'r'))
            || (prev == b' ' && ws >= 2 && b[ws - 2] == b'"');
        if in_string || starts_line(b, ws) {
            Mode::Header { in_string }
        } else {
            Mode::Prose
        }
    } else if percent || matches!(prev, b'?' | b'&') || class == Class::QueryOnly {
        Mode::Query { percent }
    } else {
        Mode::Other
    };
    let rest = b.get(j..).unwrap_or(&[]);
    if rest.is_empty() {
        return None;
    }
    // "renew the token: sign in again …": a name inside a sentence followed by words is prose,
    // not a `name: value` pair (header lines start their line; JSON keys are quoted).
    if sep == b':' && key_quote.is_none() && !percent && !at_line_start(b, ws) && is_prose(rest) {
        return None;
    }
    if starts_with_marker(rest) {
        return Some(j + 1);
    }
    // A workflow expression (`@{…}`, `@variables('token')`) names where the value comes from.
    let expression = rest.first() == Some(&b'@')
        && rest.get(1).is_some_and(u8::is_ascii_alphabetic)
        && rest[..rest.len().min(40)].contains(&b'(');
    if rest.starts_with(b"@{") || expression || rest.starts_with(b"*sanitized*") {
        return Some(j + 2);
    }
    // A quoted value.
    let open = match rest[0] {
        b'"' | b'\\' => {
            let (k, after) = backslashes(b, j);
            match (after, level_of(k)) {
                (Some(b'"'), Some(l)) => Some((Quote::Double(l), k + 1)),
                _ => None,
            }
        }
        b'\'' => Some((Quote::Single, 1)),
        b'%' if eq_ci(b, j, b"%22") => Some((Quote::Percent, 3)),
        _ => None,
    };
    if let Some((quote, len)) = open {
        let v = j + len;
        let (end, after) = quoted_end(b, v, quote);
        let resume = cut_value(t, v, end, class, cuts);
        return Some(resume.max(after));
    }
    match rest[0] {
        b'[' => return Some(array_cuts(t, j, key_quote, class, cuts)),
        // An object: its members are judged by their own names.
        b'{' => return Some(j),
        _ => {}
    }
    let mut end = bare_end(b, j, mode);
    while end > j && matches!(b[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if mode == Mode::Json && matches!(&b[j..end], b"null" | b"true" | b"false") {
        return Some(end);
    }
    if mode == Mode::Prose {
        let w = &b[j..end];
        let w = w.strip_suffix(b".").unwrap_or(w);
        if w.len() < 8 || !super::shapes::looks_like_credential(w) || shown_short(w) {
            return Some(end);
        }
    }
    let resume = cut_value(t, j, end, class, cuts);
    // An Authorization value hides one credential; what follows on the line is scanned on.
    Some(if class == Class::Authorization {
        resume
    } else {
        resume.max(end)
    })
}

/// `"Set-Cookie": ["a=b", "c=d"]`, `"Authorization": ["Bearer …"]`: every string item.
fn array_cuts(
    t: &str,
    open: usize,
    key_quote: Option<Quote>,
    class: Class,
    cuts: &mut Vec<Cut>,
) -> usize {
    let b = t.as_bytes();
    let level = match key_quote {
        Some(Quote::Double(l)) => l,
        _ => 0,
    };
    let want = (1usize << level) - 1;
    let mut depth = 0usize;
    let mut x = open;
    while x < b.len() {
        match b[x] {
            b'[' => depth += 1,
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return x + 1;
                }
            }
            b'{' => return x, // objects inside: their members speak for themselves
            b'\\' | b'"' => {
                let (k, after) = backslashes(b, x);
                if after == Some(b'"') && k == want && depth == 1 {
                    let v = x + k + 1;
                    let (end, after_q) = quoted_end(b, v, Quote::Double(level));
                    cut_value(t, v, end, class, cuts);
                    x = after_q;
                    continue;
                }
                x += k.max(1);
                continue;
            }
            // An unquoted key's value is one line (`authorization:[ Basic …`): an unclosed `[`
            // must not swallow the lines after it, where other secrets may stand.
            b'\n' if depth == 0 || key_quote.is_none() || !json_line_follows(b, x + 1) => return x,
            _ => {}
        }
        x += 1;
    }
    b.len()
}

/// True when the line starting at `at` can continue a JSON array (a string, number, literal,
/// bracket or brace after blanks): a line like `client_secret=…` ends an array left open.
fn json_line_follows(b: &[u8], at: usize) -> bool {
    let mut x = at;
    while x < b.len() && matches!(b[x], b' ' | b'\t' | b'\r') {
        x += 1;
    }
    b.get(x).is_none_or(|c| {
        matches!(
            c,
            b'"' | b'[' | b']' | b'{' | b'}' | b',' | b'-' | b't' | b'f' | b'n' | b'\n'
        ) || c.is_ascii_digit()
    })
}

/// Cuts the value `t[v..end]` as its class says; returns where scanning resumes (`v` to look
/// inside the value, `end` to skip it).
pub(crate) fn cut_value(t: &str, v: usize, end: usize, class: Class, cuts: &mut Vec<Cut>) -> usize {
    let b = t.as_bytes();
    if end <= v {
        return v;
    }
    let value = &b[v..end];
    if starts_with_marker(value) || is_expression(value) || value == b"*sanitized*" {
        return end;
    }
    if class == Class::Authorization {
        return authorization_cuts(t, v, end, cuts);
    }
    if is_jwt_at(b, v) {
        // The JWT pass keeps its header and payload and removes the signature.
        return v;
    }
    cuts.push(Cut::marker(v, end, REDACTED));
    end
}

/// A workflow expression or template variable (`@{…}`, `@variables('token')`, `{{token}}`):
/// the name of a secret, not one.
pub(crate) fn is_expression(v: &[u8]) -> bool {
    v.starts_with(b"@{")
        || v.starts_with(b"{{")
        || (v.first() == Some(&b'@')
            && v.iter()
                .skip(1)
                .take_while(|c| c.is_ascii_alphanumeric())
                .count()
                >= 3
            && v.iter().skip(1).find(|c| !c.is_ascii_alphanumeric()) == Some(&b'('))
}

/// `Authorization` values: the scheme stays, the credential goes; structured schemes
/// (`AWS4-HMAC-SHA256 Credential=…, Signature=…`, `Digest`, OAuth 1) are scanned inside.
fn authorization_cuts(t: &str, v: usize, end: usize, cuts: &mut Vec<Cut>) -> usize {
    let b = t.as_bytes();
    let mut x = v;
    while x < end && is_word(b[x]) {
        x += 1;
    }
    let word = &b[v..x];
    let mut y = x;
    while y < end && (b[y] == b' ' || b[y] == b'\t') {
        y += 1;
    }
    let has_scheme = x > v && y > x && y < end;
    if !has_scheme {
        if is_jwt_at(b, v) {
            return v;
        }
        cuts.push(Cut::marker(v, end, REDACTED));
        return end;
    }
    let structured = [
        "AWS4-HMAC-SHA256",
        "Digest",
        "OAuth",
        "SharedAccessSignature",
    ]
    .iter()
    .any(|s| word.eq_ignore_ascii_case(s.as_bytes()));
    if structured {
        return y;
    }
    // The credential is one token: prose after it ("Bearer <token> and answer 401") stays.
    let end = y + b[y..end]
        .iter()
        .position(|c| matches!(c, b' ' | b'\t' | b'`' | b'"' | b'\''))
        .unwrap_or(end - y);
    let rest = &b[y..end];
    if starts_with_marker(rest)
        || is_expression(rest)
        || rest.starts_with(b"<")
        || rest.starts_with(b"{{")
        || is_jwt_at(b, y)
        || holds_marker(rest)
        || shown_short(rest)
    {
        return end;
    }
    let from =
        if word.eq_ignore_ascii_case(b"SharedKey") || word.eq_ignore_ascii_case(b"SharedKeyLite") {
            rest.iter()
                .rposition(|&c| c == b':')
                .map_or(y, |p| y + p + 1)
        } else {
            y
        };
    if from < end && !starts_with_marker(&b[from..end]) {
        cuts.push(Cut::marker(from, end, REDACTED));
    }
    end
}
