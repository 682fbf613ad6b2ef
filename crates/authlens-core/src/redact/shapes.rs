//! Secrets recognised by their shape, whatever names them: JWTs, credentials after an
//! authorization scheme, known token prefixes, PEM private keys, SAML responses, URL userinfo
//! and webhook paths, cURL's `-u user:password`, and long random strings after a secret-like word.
//!
//! Every function is one forward scan that resumes after what it cut (`last_end`), so texts made
//! of thousands of repeated openings stay linear.

use super::keys::is_secret_word;
use super::scan::is_word;
use super::{
    holds_marker, starts_with_marker, Cut, ENCRYPTED_REMOVED, REDACTED, SIGNATURE_REMOVED,
};
use memchr::memmem;

fn is_b64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// A payload or signature character: base64url plus what tolerant decoders (ours too) accept.
fn is_segment(c: u8) -> bool {
    is_b64url(c) || c == b'=' || c == b'+' || c == b'/'
}

/// Decodes base64 (either alphabet) given as bytes, through the one codec.
fn decode_bytes(b: &[u8]) -> Option<Vec<u8>> {
    crate::b64::decode(std::str::from_utf8(b).ok()?).ok()
}

fn b64url_prefix(seg: &[u8], max: usize) -> Option<Vec<u8>> {
    let take = seg.len().min(max) & !3;
    if take < 4 {
        return None;
    }
    decode_bytes(&seg[..take])
}

/// True when a base64url segment decodes to the start of a JOSE header: `{` then `"` (any
/// whitespace around; the header need not start with `eyJ`).
fn header_like(seg: &[u8]) -> bool {
    let Some(d) = b64url_prefix(seg, 64) else {
        return false;
    };
    let mut it = d.iter().copied().skip_while(u8::is_ascii_whitespace);
    it.next() == Some(b'{') && it.find(|c| !c.is_ascii_whitespace()) == Some(b'"')
}

/// The length of the JOSE header segment at `at` (before its `.`), when there is one.
fn header_at(b: &[u8], at: usize) -> Option<usize> {
    if at > 0 && is_b64url(b[at - 1]) {
        return None;
    }
    let mut x = at;
    while x < b.len() && is_b64url(b[x]) {
        x += 1;
    }
    let seg_end = x;
    while x < b.len() && b[x] == b'=' {
        x += 1;
    }
    (seg_end - at >= 4 && b.get(x) == Some(&b'.') && header_like(&b[at..seg_end])).then_some(x)
}

/// True when a JWT (or JWE) starts at `at`, or one already shortened for display
/// (`eyJhbGci….eyJhcHBp….`: the header cut short, its signature long gone).
pub(crate) fn is_jwt_at(b: &[u8], at: usize) -> bool {
    if header_at(b, at).is_some() {
        return true;
    }
    let mut x = at;
    while x < b.len() && is_b64url(b[x]) {
        x += 1;
    }
    x - at >= 4 && b[x..].starts_with("….".as_bytes()) && header_like(&b[at..x])
}

/// The signature length (base64url characters) an `alg` implies, at least.
fn signature_len(header: &[u8]) -> Option<usize> {
    let d = decode_bytes(header)?;
    let at = memmem::find(&d, b"\"alg\"")?;
    let rest = &d[at + 5..];
    let q = rest.iter().position(|&c| c == b'"')?;
    let alg = rest.get(q + 1..q + 6)?;
    Some(match alg {
        [b'R' | b'P', b'S', ..] => 342,
        b"ES256" | b"HS512" => 86,
        b"ES384" => 128,
        b"ES512" => 176,
        b"HS256" => 43,
        b"HS384" => 64,
        _ => return None,
    })
}

/// JWS: the signature goes (also when it wraps onto following lines). JWE: everything goes.
pub(crate) fn jwt_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !is_b64url(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let Some(dot) = header_at(b, start) else {
            while i < n && is_b64url(b[i]) {
                i += 1;
            }
            continue;
        };
        let mut segs = [(0usize, 0usize); 5];
        let mut count = 0;
        let mut j = dot;
        while count < 5 && b.get(j) == Some(&b'.') {
            j += 1;
            let s = j;
            while j < n && is_segment(b[j]) {
                j += 1;
            }
            segs[count] = (s, j);
            count += 1;
        }
        if count >= 4 && segs[3].1 > segs[3].0 {
            // Five parts (JWE): nothing of it is shown.
            cuts.push(Cut::marker(start, segs[count - 1].1, ENCRYPTED_REMOVED));
        } else if count >= 2 {
            let s = segs[1].0;
            // `h.p.s.x`: whatever follows the signature goes with it.
            let mut e = segs[1..count]
                .iter()
                .rev()
                .find(|g| g.1 > g.0)
                .map_or(s, |g| g.1);
            if e > s {
                // A signature shorter than its algorithm makes wrapped onto the next lines.
                let header = &b[start..dot];
                let header =
                    &header[..header.iter().rposition(|&c| c != b'=').map_or(0, |p| p + 1)];
                if let Some(want) = signature_len(header) {
                    let mut have = e - s;
                    let mut lines = 0;
                    while have < want && lines < 8 {
                        let mut x = e;
                        if b.get(x) == Some(&b'\r') {
                            x += 1;
                        }
                        if b.get(x) != Some(&b'\n') {
                            break;
                        }
                        x += 1;
                        while x < n && matches!(b[x], b' ' | b'\t') {
                            x += 1;
                        }
                        let ls = x;
                        while x < n && is_segment(b[x]) {
                            x += 1;
                        }
                        if x == ls || !matches!(b.get(x), None | Some(b'\r' | b'\n' | b' ')) {
                            break;
                        }
                        have += x - ls;
                        e = x;
                        lines += 1;
                    }
                }
                cuts.push(Cut::marker(s, e, SIGNATURE_REMOVED));
                j = j.max(e);
            }
        }
        i = j.max(start + 1);
    }
}

pub(super) fn find_all_ci<'a>(t: &'a str, pat: &str) -> impl Iterator<Item = usize> + 'a {
    crate::text::find_all_ci(t, pat)
        .into_iter()
        .map(|s| s.start)
}

/// True when `v` is a value already cut short for display to fewer than 8 characters (`eyJ…`):
/// too little of anything to hide.
pub(crate) fn shown_short(v: &[u8]) -> bool {
    let ell = "…".as_bytes();
    memmem::find(v, ell).is_some_and(|p| p < 8)
}

/// True when `v` looks like a credential rather than a word of prose: it has a digit, a symbol
/// or a capital after its first character.
pub(crate) fn looks_like_credential(v: &[u8]) -> bool {
    v.iter().enumerate().any(|(i, c)| {
        c.is_ascii_digit() || !c.is_ascii_alphanumeric() || (i > 0 && c.is_ascii_uppercase())
    })
}

/// `Bearer <opaque>`, `Basic <b64>`, `SharedKey acct:<sig>`, `SharedAccessSignature …`,
/// `Negotiate`/`NTLM` blobs: the credential after the scheme (any spaces or tabs between).
pub(crate) fn scheme_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    for scheme in [
        "Bearer",
        "Basic",
        "SharedAccessSignature",
        "SharedKey",
        "SharedKeyLite",
        "Negotiate",
        "NTLM",
    ] {
        let mut last_end = 0;
        for s in find_all_ci(t, scheme) {
            let e = s + scheme.len();
            if s < last_end || (s > 0 && (is_word(b[s - 1]) || b[s - 1] == b'.')) {
                continue;
            }
            let mut v = e;
            while v < b.len() && matches!(b[v], b' ' | b'\t') {
                v += 1;
            }
            if v == e {
                continue;
            }
            let mut end = v;
            while end < b.len()
                && !matches!(
                    b[end],
                    b' ' | b'\t'
                        | b'"'
                        | b'\''
                        | b'\r'
                        | b'\n'
                        | b','
                        | b';'
                        | b'\\'
                        | b'<'
                        | b'}'
                        | b'`'
                )
            {
                end += 1;
            }
            let value = &b[v..end];
            if value.len() < 8
                || starts_with_marker(value)
                || value.starts_with(b"[")
                || super::scan::is_expression(value)
                || is_jwt_at(b, v)
                || (value.ends_with(b"=") && b.get(end) == Some(&b'"'))
                || !looks_like_credential(value)
                || holds_marker(value)
                || shown_short(value)
            {
                continue;
            }
            let from = if scheme.starts_with("SharedKey") {
                value
                    .iter()
                    .rposition(|&c| c == b':')
                    .map_or(v, |p| v + p + 1)
            } else {
                v
            };
            if from < end {
                cuts.push(Cut::marker(from, end, REDACTED));
            }
            last_end = end;
        }
    }
}

/// Token formats with a fixed prefix (kept visible: it says what kind of secret was there).
const PREFIXES: &[(&str, usize)] = &[
    ("ghp_", 20),
    ("gho_", 20),
    ("ghu_", 20),
    ("ghs_", 20),
    ("ghr_", 20),
    ("github_pat_", 20),
    ("glpat-", 20),
    ("xoxb-", 10),
    ("xoxp-", 10),
    ("xoxa-", 10),
    ("xoxr-", 10),
    ("xoxs-", 10),
    ("xoxe-", 10),
    ("xapp-", 10),
    ("sk-", 20),
    ("sk_live_", 10),
    ("sk_test_", 10),
    ("rk_live_", 10),
    ("AIza", 30),
    ("npm_", 30),
    ("AKIA", 16),
    ("ASIA", 16),
];

/// Known token prefixes; an AWS access key id also hides the 40-character secret key on its
/// line and the next.
pub(crate) fn prefix_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let mut aws_scanned = 0;
    for (prefix, min) in PREFIXES {
        let aws = prefix.starts_with("AKIA") || prefix.starts_with("ASIA");
        let mut last_end = 0;
        for p in memmem::find_iter(b, prefix.as_bytes()) {
            if p < last_end || (p > 0 && is_word(b[p - 1])) {
                continue;
            }
            let v = p + prefix.len();
            let mut end = v;
            while end < b.len()
                && if aws {
                    b[end].is_ascii_uppercase() || b[end].is_ascii_digit()
                } else {
                    is_word(b[end])
                }
            {
                end += 1;
            }
            if end - v < *min || (aws && end - v != 16) {
                continue;
            }
            cuts.push(Cut::marker(v, end, REDACTED));
            last_end = end;
            if aws {
                aws_scanned = aws_secret_cuts(b, end.max(aws_scanned), cuts);
            }
        }
    }
}

/// 40-character base64 runs (AWS secret access keys) from `from` to the end of the next line.
fn aws_secret_cuts(b: &[u8], from: usize, cuts: &mut Vec<Cut>) -> usize {
    let mut lines = 0;
    let mut x = from;
    let key = |c: u8| c.is_ascii_alphanumeric() || c == b'/' || c == b'+';
    while x < b.len() {
        if b[x] == b'\n' {
            lines += 1;
            if lines == 2 {
                break;
            }
        }
        if key(b[x]) && (x == 0 || !key(b[x - 1])) {
            let s = x;
            while x < b.len() && key(b[x]) {
                x += 1;
            }
            if x - s == 40 && b.get(x) != Some(&b'=') {
                cuts.push(Cut::marker(s, x, REDACTED));
            }
            continue;
        }
        x += 1;
    }
    x
}

/// The bodies of PEM private keys (raw, or with `\n` escapes inside JSON); the BEGIN and END
/// lines stay, to say what was there.
pub(crate) fn pem_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let mut last_end = 0;
    for p in memmem::find_iter(b, b"-----BEGIN ") {
        if p < last_end {
            continue;
        }
        let label = p + 11;
        let Some(close) = b
            .get(label..(label + 80).min(b.len()))
            .and_then(|w| memmem::find(w, b"-----"))
        else {
            continue;
        };
        if memmem::find(&b[label..label + close], b"PRIVATE").is_none() {
            continue;
        }
        let body = label + close + 5;
        let mut x = body;
        while x < b.len() && !b[x..].starts_with(b"-----END") {
            let c = b[x];
            if !(c.is_ascii_alphanumeric() || b"+/=\\:,- \t\r\n".contains(&c)) {
                break;
            }
            x += 1;
        }
        let (s, e) = trim_escaped_space(b, body, x);
        if e > s && !starts_with_marker(&b[s..e]) {
            cuts.push(Cut::marker(s, e, REDACTED));
        }
        last_end = x;
    }
}

/// Narrows `[s, e)` past whitespace and `\n`/`\r` escapes at both ends.
fn trim_escaped_space(b: &[u8], mut s: usize, mut e: usize) -> (usize, usize) {
    loop {
        if s < e && b[s].is_ascii_whitespace() {
            s += 1;
        } else if s + 1 < e && b[s] == b'\\' && matches!(b[s + 1], b'n' | b'r' | b't') {
            s += 2;
        } else {
            break;
        }
    }
    loop {
        if e > s && b[e - 1].is_ascii_whitespace() {
            e -= 1;
        } else if e >= s + 2 && b[e - 2] == b'\\' && matches!(b[e - 1], b'n' | b'r' | b't') {
            e -= 2;
        } else if e > s && b[e - 1] == b'\\' {
            e -= 1;
        } else {
            break;
        }
    }
    (s, e)
}

/// SAML responses and assertions as XML (the whole element goes) and base64-encoded.
pub(crate) fn saml_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let mut last_end = 0;
    for (open, close) in [
        ("<samlp:Response", "</samlp:Response>"),
        ("<saml2p:Response", "</saml2p:Response>"),
        ("<saml:Assertion", "</saml:Assertion>"),
        ("<saml2:Assertion", "</saml2:Assertion>"),
        ("<saml:EncryptedAssertion", "</saml:EncryptedAssertion>"),
        ("<saml2:EncryptedAssertion", "</saml2:EncryptedAssertion>"),
    ] {
        for p in memmem::find_iter(b, open.as_bytes()) {
            if p < last_end {
                continue;
            }
            if !matches!(
                b.get(p + open.len()),
                Some(b' ' | b'>' | b'\r' | b'\n' | b'\t')
            ) {
                continue;
            }
            let end =
                memmem::find(&b[p..], close.as_bytes()).map_or(b.len(), |c| p + c + close.len());
            cuts.push(Cut::marker(p, end, REDACTED));
            last_end = end;
        }
    }
}

fn is_run(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'_' | b'-' | b'~' | b'.')
}

fn is_guid(r: &[u8]) -> bool {
    r.len() == 36
        && r.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Random-looking: three kinds of characters (upper, lower, digit, symbol), or a long hex/b64
/// run with letters and digits.
fn high_entropy(r: &[u8]) -> bool {
    let upper = r.iter().any(u8::is_ascii_uppercase) as u8;
    let lower = r.iter().any(u8::is_ascii_lowercase) as u8;
    let digit = r.iter().any(u8::is_ascii_digit) as u8;
    let symbol = r.iter().any(|c| !c.is_ascii_alphanumeric()) as u8;
    let kinds = upper + lower + digit + symbol;
    kinds >= 3 || (r.len() >= 32 && digit == 1 && (upper + lower) >= 1)
}

/// A key path that names a setting (`.runtimeConfiguration.secureData`, the tail of an audit
/// finding's `$.actions['Get_secret'].runtimeConfiguration.secureData`): dot-separated words of
/// letters only. Its mixed case and dots look random, but a secret value is not words joined by
/// dots, and these paths follow secret-like words (an action named `Get_secret`).
fn is_setting_path(r: &[u8]) -> bool {
    let r = r.strip_prefix(b".").unwrap_or(r);
    let mut parts = 0;
    for part in r.split(|&c| c == b'.') {
        if part.len() < 2 || !part.iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// The word before `end` on the same line, skipping up to a few separator bytes.
fn word_before(b: &[u8], end: usize) -> Option<(usize, usize)> {
    let mut x = end;
    let mut skipped = 0;
    while x > 0 && !is_word(b[x - 1]) {
        if b[x - 1] == b'\n' || skipped == 6 {
            return None;
        }
        x -= 1;
        skipped += 1;
    }
    let e = x;
    while x > 0 && is_word(b[x - 1]) && e - x < 40 {
        x -= 1;
    }
    (e > x).then_some((x, e))
}

/// Long random strings right after a secret-like word (`Client secret value 8Q~…`,
/// `API key  Xk3…`), Entra client secrets by their own shape, and base64 SAML responses.
pub(crate) fn entropy_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !is_run(b[i]) || (i > 0 && is_run(b[i - 1])) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && is_run(b[i]) {
            i += 1;
        }
        // Base64 padding belongs to the run; a `=` inside it is a `key=value` separator.
        while i < n && b[i] == b'=' {
            i += 1;
        }
        if i < n && is_run(b[i]) {
            continue;
        }
        let r = &b[s..i];
        if r.len() < 20 || is_guid(r) || is_jwt_at(b, s) {
            continue;
        }
        if r.len() >= 100 && is_saml_base64(r) {
            cuts.push(Cut::marker(s, i, REDACTED));
            continue;
        }
        if !high_entropy(r) || is_setting_path(r) {
            continue;
        }
        let entra = r.len() >= 34 && r[3].is_ascii_digit() && &r[4..6] == b"Q~";
        let named = || {
            let (ws, we) = word_before(b, s)?;
            if is_secret_word(&b[ws..we]) {
                return Some(());
            }
            let filler = &b[ws..we];
            if ["value", "is", "was", "string", "text", "of", "the"]
                .iter()
                .any(|f| filler.eq_ignore_ascii_case(f.as_bytes()))
            {
                let (ws2, we2) = word_before(b, ws)?;
                return is_secret_word(&b[ws2..we2]).then_some(());
            }
            None
        };
        if entra || named().is_some() {
            cuts.push(Cut::marker(s, i, REDACTED));
        }
    }
}

fn is_saml_base64(r: &[u8]) -> bool {
    if !(r.starts_with(b"PH") || r.starts_with(b"PD94")) {
        return false;
    }
    let take = r.len().min(400) & !3;
    let Some(d) = decode_bytes(&r[..take]) else {
        return false;
    };
    d.windows(4).any(|w| w.eq_ignore_ascii_case(b"saml"))
}
