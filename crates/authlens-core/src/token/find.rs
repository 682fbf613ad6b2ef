//! Finding tokens in a larger paste, in one linear pass.

use super::FoundToken;
use crate::span::Span;

/// Bytes of a token run: letters, digits, `-`, `_`; a table, because the run loop reads every
/// byte of every token of a HAR (megabytes of them).
static TOK: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        c += 1;
    }
    t
};

#[inline(always)]
fn is_tok(c: u8) -> bool {
    TOK[usize::from(c)]
}

/// Every JWT-looking token (`eyJ…` with 2 dots, or 4 dots for a JWE) and every Authorization
/// header value, in order of position. Spans are byte offsets into `text`.
pub fn find_tokens(text: &str) -> Vec<FoundToken> {
    find_tokens_by(text, true, |from| {
        crate::text::find_ci(text, "authorization", from)
    })
}

/// [`find_tokens`] for a caller that already has `text` ASCII-lowercased (same offsets): the
/// header search is then one memmem, with no case folding per candidate. `jwts` / `headers`
/// false skip a search the caller knows cannot match (each is a full scan of a large paste).
pub(crate) fn find_tokens_lower(
    text: &str,
    lower: &[u8],
    jwts: bool,
    headers: bool,
) -> Vec<FoundToken> {
    let finder = memchr::memmem::Finder::new(b"authorization");
    find_tokens_by(text, jwts, |from| {
        lower
            .get(from..)
            .filter(|_| headers)
            .and_then(|h| finder.find(h))
            .map(|i| from + i)
    })
}

/// `next_authorization(from)`: where the next case-insensitive "authorization" starts.
fn find_tokens_by(
    text: &str,
    jwts: bool,
    mut next_authorization: impl FnMut(usize) -> Option<usize>,
) -> Vec<FoundToken> {
    let b = text.as_bytes();
    let mut out: Vec<FoundToken> = Vec::new();
    // 1. JWTs: maximal runs of [A-Za-z0-9_-.] starting with eyJ. memmem jumps between "eyJ"
    // candidates instead of classifying every byte of a multi-MB paste.
    let finder = memchr::memmem::Finder::new(b"eyJ");
    let mut from = if jwts { 0 } else { b.len() };
    while let Some(k) = b.get(from..).and_then(|h| finder.find(h)) {
        let start = from + k;
        // A run starts at the first word byte after a non-run byte; dots right before `start`
        // belong to the previous run when a word byte precedes them.
        let mut j = start;
        while j > 0 && b[j - 1] == b'.' {
            j -= 1;
        }
        if j > 0 && is_tok(b[j - 1]) {
            from = start + 1;
            continue;
        }
        let mut i = start;
        let mut dots = 0;
        while i < b.len() && (is_tok(b[i]) || b[i] == b'.') {
            if b[i] == b'.' {
                dots += 1;
            }
            i += 1;
        }
        // A shared, redacted paste: `header.payload.[signature-removed]`. The marker is part of
        // the token (its signature "not shown"), so the token is not read as cut short.
        let marker = crate::redact::SIGNATURE_REMOVED.as_bytes();
        if dots == 2 && b[i - 1] == b'.' && b[i..].starts_with(marker) {
            i += marker.len();
        }
        from = i;
        let mut end = i;
        // A sentence-ending dot after a complete token.
        if dots == 3 && b[end - 1] == b'.' && b[end - 2] != b'.' {
            end -= 1;
            dots = 2;
        }
        if dots != 2 && dots != 4 {
            continue;
        }
        let seg_ok = b[start..end]
            .split(|c| *c == b'.')
            .take(2)
            .all(|s| s.len() >= 4);
        if !seg_ok {
            continue;
        }
        out.push(FoundToken {
            span: Span::new(start, end),
            header_value: bearer_before(text, start).map(|s| Span::new(s, end)),
        });
    }
    // 2. Authorization header values whose token is not a JWT found above.
    let jwt_count = out.len();
    let mut from = 0;
    while let Some(at) = next_authorization(from) {
        from = at + "authorization".len();
        let Some((value, tok)) = header_value_after(text, at, from) else {
            continue;
        };
        // JWTs are sorted by position: find the first at or after the value start.
        let k = out[..jwt_count].partition_point(|f| f.span.start < value.start);
        if let Some(existing) = out[..jwt_count]
            .get_mut(k)
            .filter(|f| f.span.end <= value.end)
        {
            existing.header_value.get_or_insert(value);
            continue;
        }
        out.push(FoundToken {
            span: tok,
            header_value: Some(value),
        });
    }
    crate::order::sort_by_key(&mut out, |f| f.span.start);
    out
}

/// Where `Bearer ` starts right before a token at `start` (same line, up to 3 spaces).
fn bearer_before(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut j = start;
    let mut spaces = 0;
    while j > 0 && b[j - 1] == b' ' && spaces < 3 {
        j -= 1;
        spaces += 1;
    }
    if spaces == 0 || j < 6 {
        return None;
    }
    let w = text.get(j - 6..j)?;
    (w.eq_ignore_ascii_case("bearer") && (j == 6 || !is_tok(b[j - 7]))).then_some(j - 6)
}

/// After an `authorization` name (which starts at `name_at` and ends at `i`): optional closing
/// quote, `:` or `=`, optional opening quote, then the value up to the closing quote or the end of
/// the line. Returns (value, token) spans.
fn header_value_after(text: &str, name_at: usize, mut i: usize) -> Option<(Span, Span)> {
    let b = text.as_bytes();
    let before = name_at.checked_sub(1).map(|k| b[k]);
    let name_quoted = i < b.len() && (b[i] == b'"' || b[i] == b'\'');
    if name_quoted {
        i += 1;
    }
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    if i >= b.len() || !(b[i] == b':' || b[i] == b'=') {
        return None;
    }
    i += 1;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    let end_quote = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
        i += 1;
        Some(b[i - 1])
    } else if !name_quoted && matches!(before, Some(b'"' | b'\'')) {
        // cURL: `-H "Authorization: Bearer x"`: the value ends at the same quote.
        before
    } else {
        None
    };
    let start = i;
    let mut j = i;
    while j < b.len() && b[j] != b'\n' && b[j] != b'\r' {
        if Some(b[j]) == end_quote && b[j - 1] != b'\\' {
            break;
        }
        j += 1;
    }
    let raw = text.get(start..j)?;
    let trimmed = raw.trim_end();
    let trimmed = if end_quote.is_none() {
        trimmed.trim_end_matches(',').trim_end()
    } else {
        trimmed
    };
    let end = start + trimmed.len();
    if end <= start {
        return None;
    }
    let value = text.get(start..end)?;
    // The token: after the scheme word if there is one.
    let tok_start = match value.find(' ') {
        Some(sp) => start + sp + value[sp..].len() - value[sp..].trim_start().len(),
        None => start,
    };
    if tok_start >= end {
        return None;
    }
    Some((Span::new(start, end), Span::new(tok_start, end)))
}
