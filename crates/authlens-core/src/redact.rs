//! The one redaction function. Every export (share link, Markdown and JSON reports, copied
//! error details, evidence text) passes through [`redact`].
//!
//! What it removes: JWT signatures (header and payload stay readable: they are what people need
//! to diagnose), whole encrypted tokens (JWE), opaque bearer tokens, Basic credentials, and the
//! values of secret-bearing keys in JSON, headers, forms, query strings and connection strings
//! (client secrets, passwords, API keys, `sig=`, `code=`, cookies, refresh tokens, account keys).
//! It is idempotent: redacting twice changes nothing more.

use crate::text;

pub const REDACTED: &str = "[redacted]";
pub const SIGNATURE_REMOVED: &str = "[signature-removed]";

/// Keys whose values are secrets wherever they appear (JSON, headers, forms, queries).
const SECRET_KEYS: &[&str] = &[
    "client_secret",
    "clientsecret",
    "client-secret",
    "secret",
    "password",
    "passwd",
    "pwd",
    "api_key",
    "apikey",
    "api-key",
    "x-api-key",
    "x-functions-key",
    "ocp-apim-subscription-key",
    "subscription-key",
    "refresh_token",
    "client_assertion",
    "assertion",
    "cookie",
    "set-cookie",
    "accountkey",
    "sharedaccesskey",
    "pfx",
    "access_token",
    "id_token",
];

/// Keys that are secrets only in `key=value` form (query strings, forms): in JSON bodies
/// `"code"` is an error code, not an authorization code.
const SECRET_QUERY_KEYS: &[&str] = &["code", "sig", "token", "key"];

#[derive(Clone, Copy)]
enum Cut {
    /// Replace the span with a marker.
    Marker(usize, usize, &'static str),
}

/// Returns `text` with secrets replaced by markers. Idempotent: redacting the result changes
/// nothing.
pub fn redact(input: &str) -> String {
    let mut out = redact_once(input);
    // A cut can swallow a quote that bounded another value, which then reaches further on the
    // next pass and may cut more (cargo-fuzz found such pastes). Passes only ever hide more, so
    // repeating until nothing changes is safe; real pastes settle after the second pass.
    for _ in 0..4 {
        let again = redact_once(&out);
        if again == out {
            break;
        }
        out = again;
    }
    out
}

fn redact_once(input: &str) -> String {
    let mut cuts = Vec::new();
    jwt_cuts(input, &mut cuts);
    scheme_cuts(input, &mut cuts);
    key_value_cuts(input, &mut cuts);
    user_option_cuts(input, &mut cuts);
    apply(input, cuts)
}

/// cURL's `-u user:password` / `--user user:password` (quoted or not): the password part.
fn user_option_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    for opt in ["-u", "--user"] {
        for s in text::find_all_ci(t, opt) {
            let bounded_before =
                s.start == 0 || matches!(b[s.start - 1], b' ' | b'\t' | b'\n' | b'^' | b'\\');
            let Some(&sep) = b.get(s.end) else { continue };
            if !bounded_before
                || !(sep == b' ' || sep == b'=')
                || (opt == "-u" && b.get(s.end + 1) == Some(&b'-'))
            {
                continue;
            }
            let mut i = s.end + 1;
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
            let quote = b.get(i).copied().filter(|q| *q == b'\'' || *q == b'"');
            if quote.is_some() {
                i += 1;
            }
            let mut end = i;
            while end < b.len()
                && !matches!(b[end], b'\r' | b'\n')
                && Some(b[end]) != quote
                && (quote.is_some() || b[end] != b' ')
            {
                end += 1;
            }
            let value = &t[i..end];
            if let Some(colon) = value.find(':') {
                let pass = &value[colon + 1..];
                if !pass.is_empty() && !pass.starts_with('[') {
                    cuts.push(Cut::Marker(i + colon + 1, end, REDACTED));
                }
            }
        }
    }
}

fn is_b64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// A JWT segment character: base64url, plus the padding and standard-alphabet characters that
/// tolerant decoders (ours included) accept.
fn is_segment(c: u8) -> bool {
    is_b64url(c) || c == b'=' || c == b'+' || c == b'/'
}

/// JWS: drop the signature. JWE: drop everything.
fn jwt_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let mut i = 0;
    while let Some(off) = text::find_ci(t, "eyJ", i) {
        if off > 0 && is_b64url(b[off - 1]) {
            i = off + 3;
            continue;
        }
        let mut seg_ends = Vec::new();
        let mut j = off;
        loop {
            while j < b.len() && is_segment(b[j]) {
                j += 1;
            }
            seg_ends.push(j);
            if j < b.len() && b[j] == b'.' && seg_ends.len() < 5 {
                j += 1;
                continue;
            }
            break;
        }
        match seg_ends.len() {
            3 => {
                let sig_start = seg_ends[1] + 1;
                if j > sig_start && !t[sig_start..j].starts_with(&SIGNATURE_REMOVED[1..]) {
                    cuts.push(Cut::Marker(sig_start, j, SIGNATURE_REMOVED));
                }
            }
            n if n >= 5 => cuts.push(Cut::Marker(off, j, "[encrypted-token-removed]")),
            _ => {}
        }
        i = j.max(off + 3);
    }
}

/// `Basic <b64>`, `Bearer <opaque>`, `SharedAccessSignature …`: the credential after the scheme.
fn scheme_cuts(t: &str, cuts: &mut Vec<Cut>) {
    for (scheme, marker) in [
        ("Basic ", REDACTED),
        ("Bearer ", REDACTED),
        ("SharedAccessSignature ", REDACTED),
    ] {
        for s in text::find_all_ci(t, scheme) {
            let b = t.as_bytes();
            if s.start > 0 && b[s.start - 1].is_ascii_alphanumeric() {
                continue;
            }
            let start = s.end;
            let mut end = start;
            while end < b.len()
                && !matches!(
                    b[end],
                    b' ' | b'"' | b'\'' | b'\r' | b'\n' | b',' | b'\\' | b'<' | b'}'
                )
            {
                end += 1;
            }
            let value = &t[start..end];
            // A value holding a marker was redacted already: leave it, so redact stays idempotent.
            if value.len() < 8
                || value.contains(REDACTED)
                || value.contains(SIGNATURE_REMOVED)
                || value.starts_with("eyJ")
                || value.starts_with('[')
                || value.starts_with("@{")
            {
                continue;
            }
            cuts.push(Cut::Marker(start, end, marker));
        }
    }
}

fn key_value_cuts(t: &str, cuts: &mut Vec<Cut>) {
    let b = t.as_bytes();
    let keys = SECRET_KEYS
        .iter()
        .map(|k| (*k, false))
        .chain(SECRET_QUERY_KEYS.iter().map(|k| (*k, true)));
    for (key, query_only) in keys {
        for s in text::find_all_ci(t, key) {
            if !text::is_word_bounded(t, s.start, s.end) || (s.start > 0 && b[s.start - 1] == b'-')
            {
                continue;
            }
            // Skip a closing quote of a JSON key, then whitespace, then the separator.
            let mut i = s.end;
            let quoted_key =
                i < b.len() && (b[i] == b'"' || (b[i] == b'\\' && b.get(i + 1) == Some(&b'"')));
            if quoted_key {
                i += if b[i] == b'"' { 1 } else { 2 };
            }
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            let Some(&sep) = b.get(i) else { continue };
            if !(sep == b'=' || (sep == b':' && !query_only)) {
                continue;
            }
            if query_only && quoted_key {
                continue;
            }
            i += 1;
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            let (start, end) = if i < b.len()
                && (b[i] == b'"' || (b[i] == b'\\' && b.get(i + 1) == Some(&b'"')))
            {
                // A quoted value, possibly JSON-escaped inside another string.
                let escaped = b[i] == b'\\';
                let start = i + if escaped { 2 } else { 1 };
                let mut j = start;
                while j < b.len() {
                    // JSON inside a JSON string: `\\\\` is the inner backslash, which escapes the
                    // next inner character (`\\"` or `\\\\` or one byte); a bare `\\"` ends the value.
                    if escaped && b[j] == b'\\' && b.get(j + 1) == Some(&b'\\') {
                        j += 2;
                        j += if b.get(j) == Some(&b'\\') { 2 } else { 1 };
                        continue;
                    }
                    if escaped && b[j] == b'\\' && b.get(j + 1) == Some(&b'"') {
                        break;
                    }
                    if !escaped && b[j] == b'\\' {
                        j += 2;
                        continue;
                    }
                    if !escaped && b[j] == b'"' {
                        break;
                    }
                    j += 1;
                }
                (start, j.min(b.len()))
            } else if sep == b':' && !quoted_key {
                // A header line: the value runs to the end of the line.
                (i, text::line_at(t, i).end.max(i))
            } else {
                let mut j = i;
                while j < b.len()
                    && !matches!(
                        b[j],
                        b'&' | b';'
                            | b' '
                            | b'"'
                            | b'\''
                            | b'\r'
                            | b'\n'
                            | b','
                            | b'<'
                            | b'}'
                            | b']'
                            | b'\\'
                    )
                {
                    j += 1;
                }
                (i, j)
            };
            let value = t.get(start..end).unwrap_or("");
            if value.is_empty()
                || value.starts_with('[')
                || value.contains(REDACTED)
                || value.starts_with("eyJ")
                || value.starts_with("@{")
                || value == "*sanitized*"
            {
                continue;
            }
            cuts.push(Cut::Marker(start, end, REDACTED));
        }
    }
}

fn apply(t: &str, mut cuts: Vec<Cut>) -> String {
    crate::order::sort_by_key(&mut cuts, |Cut::Marker(s, e, _)| {
        (*s, std::cmp::Reverse(*e))
    });
    let mut out = String::with_capacity(t.len());
    let mut at = 0;
    for Cut::Marker(s, e, m) in cuts {
        if !t.is_char_boundary(s) || !t.is_char_boundary(e) {
            continue;
        }
        if s < at {
            // Overlaps an earlier cut: what reaches past it is hidden under that cut's marker
            // too. Showing it would leave part of a secret, which a second pass would then cut.
            at = at.max(e);
            continue;
        }
        out.push_str(&t[at..s]);
        out.push_str(m);
        at = e;
    }
    out.push_str(&t[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2VjcmV0LXNpZ25hdHVyZS1ieXRlcw";

    #[test]
    fn a_cut_that_swallows_a_quote_is_redacted_to_a_fixpoint() {
        // Found by the redact fuzz target: the first pass hides the quote that ended the inner
        // `-u '…'` value, which then reaches a colon and a "password" further on.
        let t = "curl -u \"l -u 'svcva \u{FFFD}Bearer \u{FFFD}ZZZZZ)2: Error valr z'sv\":\"{\\\"access_tojz\\";
        let single = redact_once(t);
        assert_ne!(redact_once(&single), single, "one pass is not enough here");
        let once = redact(t);
        assert_eq!(redact(&once), once);
    }

    #[test]
    fn overlapping_cuts_hide_their_union() {
        // Found by the redact fuzz target: a Bearer value inside an unterminated `-u '…'`, whose
        // password cut starts inside the scheme cut and reaches past it.
        let t = "-u 'Bearer \u{FFFD}as:ET : ";
        let once = redact(t);
        assert_eq!(once, "-u 'Bearer [redacted]");
        assert_eq!(redact(&once), once);
    }

    #[test]
    fn removes_jwt_signatures_only() {
        let r = redact(&format!("Authorization: Bearer {JWT}"));
        assert_eq!(
            r,
            "Authorization: Bearer eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.[signature-removed]"
        );
    }

    #[test]
    fn removes_whole_jwe() {
        let r = redact("x eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn y");
        assert_eq!(r, "x [encrypted-token-removed] y");
    }

    #[test]
    fn hides_secret_values_in_every_shape() {
        let cases = [
            (r#"{"client_secret": "s3cr3t-value~x"}"#, r#"{"client_secret": "[redacted]"}"#),
            ("grant_type=client_credentials&client_secret=s3cr3t&scope=x", "grant_type=client_credentials&client_secret=[redacted]&scope=x"),
            ("https://a.blob.core.windows.net/c/f?sv=2022&sig=AbCdEf%2B123&se=1", "https://a.blob.core.windows.net/c/f?sv=2022&sig=[redacted]&se=1"),
            ("https://app/cb?code=0.AAAAbbbb&state=1", "https://app/cb?code=[redacted]&state=1"),
            ("Cookie: session=abc; other=def", "Cookie: [redacted]"),
            ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic [redacted]"),
            ("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFy==;EndpointSuffix=x", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=[redacted];EndpointSuffix=x"),
            (r#"{"authentication":{"type":"Basic","username":"svc","password":"P@ss w0rd"}}"#, r#"{"authentication":{"type":"Basic","username":"svc","password":"[redacted]"}}"#),
            (r#"{"message": "{\"refresh_token\":\"0.AR8A-xyz\"}"}"#, r#"{"message": "{\"refresh_token\":\"[redacted]\"}"}"#),
            ("x-api-key: 12345678abcdef", "x-api-key: [redacted]"),
            ("curl -u svc:Hunter2x https://a", "curl -u svc:[redacted] https://a"),
            ("curl --user 'svc:p w' https://a", "curl --user 'svc:[redacted]' https://a"),
            ("curl --user=svc:pw -X GET", "curl --user=svc:[redacted] -X GET"),
        ];
        for (input, want) in cases {
            assert_eq!(redact(input), want, "{input}");
        }
    }

    #[test]
    fn keeps_error_codes_and_plain_text() {
        let t = r#"{"error":{"code":"AuthorizationFailed","message":"The key used is expired."}}"#;
        assert_eq!(redact(t), t);
        let t = "AADSTS50076: you must use multi-factor authentication. Trace ID: 1";
        assert_eq!(redact(t), t);
    }

    #[test]
    fn gaps_found_by_property_tests_stay_closed() {
        // A padded JWT loses its signature too.
        let r = redact(
            "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0=.c2VjcmV0LXNpZ25hdHVyZQ",
        );
        assert!(!r.contains("c2VjcmV0"), "{r}");
        // An escaped quote inside a password in JSON-in-a-string does not end the value early.
        let r = redact(r#"{"body":"{\"password\":\"Q7ab\\\"cdefgh12\"}"}"#);
        assert!(!r.contains("cdefgh12") && !r.contains("Q7ab"), "{r}");
        // Redacting twice changes nothing more.
        for t in [
            "Bearer cookie:,",
            "basic sig=x",
            "SharedAccessSignature key=: ",
        ] {
            let once = redact(t);
            assert_eq!(redact(&once), once, "{t}");
        }
    }

    #[test]
    fn is_idempotent() {
        let t = format!("Bearer {JWT} password=abc&sig=def Basic dXNlcjpwYXNzd29yZA== Bearer opaque-token-value-123");
        let once = redact(&t);
        assert_eq!(redact(&once), once);
        assert!(
            !once.contains("c2VjcmV0") && !once.contains("abc&") && !once.contains("opaque-token")
        );
    }
}
