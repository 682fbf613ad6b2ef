//! Optional removal of personal data from what is shared: e-mail addresses and UPNs, object ids
//! (GUIDs), IP addresses, and names in fields that hold names (`displayName`, `givenName`, …).
//! Not part of [`super::redact`]: tenant and object ids are often what a diagnosis needs, so the
//! person chooses (the page's "also remove personal data"). Linear, idempotent; apply it to text
//! that [`super::redact`] already went through.

use super::Cut;

pub const EMAIL: &str = "[email]";
pub const ID: &str = "[id]";
pub const IP: &str = "[ip]";
pub const NAME: &str = "[name]";

/// Markers written by [`redact_personal`].
pub const MARKERS: &[&str] = &[EMAIL, ID, IP, NAME];

/// JSON fields whose string value is a person's name.
const NAME_FIELDS: &[&str] = &[
    "displayname",
    "userdisplayname",
    "givenname",
    "surname",
    "familyname",
    "fullname",
    "initiatedbydisplayname",
    "createdbydisplayname",
    "ownername",
];

/// Returns `text` with personal data replaced by markers.
pub fn redact_personal(text: &str) -> String {
    if text.len() > super::MAX_REDACT_BYTES {
        return super::TOO_LARGE.to_string();
    }
    let b = text.as_bytes();
    let mut cuts = Vec::new();
    emails(b, &mut cuts);
    guids(b, &mut cuts);
    ipv4(b, &mut cuts);
    ipv6(b, &mut cuts);
    names(b, &mut cuts);
    if cuts.is_empty() {
        return text.to_string();
    }
    super::apply(text, cuts)
}

fn local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-' | b'\'')
}

fn domain(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-')
}

/// `user@contoso.com`, `first.last@contoso.onmicrosoft.com`: local parts up to 64 characters,
/// domains up to 255, so a run of `@`s costs no more than its length.
fn emails(b: &[u8], cuts: &mut Vec<Cut>) {
    let mut last_end = 0;
    for at in memchr::memchr_iter(b'@', b) {
        if at < last_end {
            continue;
        }
        let mut s = at;
        while s > last_end && at - s < 64 && local(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && e - at < 255 && domain(b[e]) {
            e += 1;
        }
        while e > at + 1 && b[e - 1] == b'.' {
            e -= 1;
        }
        let dom = &b[at + 1..e];
        let tld = dom.rsplit(|&c| c == b'.').next().unwrap_or(&[]);
        if s == at
            || !dom.contains(&b'.')
            || tld.len() < 2
            || !tld.iter().all(u8::is_ascii_alphabetic)
        {
            continue;
        }
        cuts.push(Cut::marker(s, e, EMAIL));
        last_end = e;
    }
}

fn is_guid(r: &[u8]) -> bool {
    r.len() == 36
        && r.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Names (letters and digits only, lowercase) whose GUID value identifies a request, not a
/// person: support looks failures up by them (Trace ID, Correlation ID, request ids).
const SUPPORT_ID_NAMES: &[&[u8]] = &[
    b"traceid",
    b"correlationid",
    b"requestid",
    b"activityid",
    b"trackingid",
    b"operationid",
];

/// True when the GUID at `i` is the value of a support id (`Trace ID: <guid>`,
/// `"request-id":"<guid>"`, `x-ms-correlation-request-id: <guid>`). Looks back at most 48
/// bytes: linear.
fn is_support_id(b: &[u8], i: usize) -> bool {
    let window = &b[i.saturating_sub(48)..i];
    let mut end = window.len();
    while end > 0 && b" \t\"':=\\".contains(&window[end - 1]) {
        end -= 1;
    }
    let mut name: Vec<u8> = Vec::new();
    let mut k = end;
    while k > 0 && (window[k - 1].is_ascii_alphanumeric() || b"-_ ".contains(&window[k - 1])) {
        k -= 1;
        if window[k].is_ascii_alphanumeric() {
            name.push(window[k].to_ascii_lowercase());
        }
    }
    name.reverse();
    SUPPORT_ID_NAMES.iter().any(|n| name.ends_with(n))
}

/// Object ids. Microsoft's well-known application ids (`00000003-0000-0000-c000-…` for Graph)
/// name services, not people, and stay; so do request ids support asks for.
fn guids(b: &[u8], cuts: &mut Vec<Cut>) {
    let mut i = 0;
    while i + 36 <= b.len() {
        if (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && is_guid(&b[i..i + 36])
            && b.get(i + 36).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            if !b[i..].starts_with(b"0000000") && !is_support_id(b, i) {
                cuts.push(Cut::marker(i, i + 36, ID));
            }
            i += 36;
        } else {
            i += 1;
        }
    }
}

/// Dotted IPv4 addresses (each part 0–255).
fn ipv4(b: &[u8], cuts: &mut Vec<Cut>) {
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        let s = i;
        let mut parts = 0;
        let mut ok = true;
        loop {
            let d = i;
            while i < b.len() && b[i].is_ascii_digit() && i - d < 4 {
                i += 1;
            }
            let n: u32 = std::str::from_utf8(&b[d..i])
                .ok()
                .and_then(|x| x.parse().ok())
                .unwrap_or(999);
            if i == d || n > 255 {
                ok = false;
                break;
            }
            parts += 1;
            if parts == 4
                || b.get(i) != Some(&b'.')
                || !b.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                break;
            }
            i += 1;
        }
        if ok && parts == 4 && b.get(i).is_none_or(|c| !c.is_ascii_alphanumeric()) {
            cuts.push(Cut::marker(s, i, IP));
        }
        i = i.max(s + 1);
    }
}

/// IPv6 addresses: hex groups and colons, with `::` or at least five colons, and a hex letter
/// or `::` (so times like `12:09:18` stay).
fn ipv6(b: &[u8], cuts: &mut Vec<Cut>) {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !(c.is_ascii_hexdigit() || c == b':') || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && (b[i].is_ascii_hexdigit() || b[i] == b':') {
            i += 1;
        }
        let r = &b[s..i];
        let colons = r.iter().filter(|&&c| c == b':').count();
        let double = r.windows(2).any(|w| w == b"::");
        let letters = r.iter().any(u8::is_ascii_alphabetic);
        let groups_ok = r.split(|&c| c == b':').all(|g| g.len() <= 4);
        if groups_ok
            && (colons >= 5 || (double && colons >= 2))
            && (letters || double)
            && r.len() >= 6
            && b.get(i).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            cuts.push(Cut::marker(s, i, IP));
        }
        i = i.max(s + 1);
    }
}

/// `"displayName": "Ada Lovelace"` (also JSON-escaped once: `\"displayName\":\"…\"`).
fn names(b: &[u8], cuts: &mut Vec<Cut>) {
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        let ks = i + 1;
        let mut ke = ks;
        while ke < b.len() && (b[ke].is_ascii_alphanumeric() || b[ke] == b'_') && ke - ks < 40 {
            ke += 1;
        }
        let key = b[ks..ke].to_ascii_lowercase();
        let mut x = ke;
        let escaped = b.get(x) == Some(&b'\\');
        if escaped {
            x += 1;
        }
        if ke == ks || b.get(x) != Some(&b'"') || !NAME_FIELDS.iter().any(|n| n.as_bytes() == key) {
            i = ke.max(i + 1);
            continue;
        }
        x += 1;
        while x < b.len() && matches!(b[x], b' ' | b'\t' | b':') {
            x += 1;
        }
        let open: &[u8] = if escaped { b"\\\"" } else { b"\"" };
        if !b[x..].starts_with(open) {
            i = x;
            continue;
        }
        let v = x + open.len();
        let mut e = v;
        while e < b.len() && !b[e..].starts_with(open) && b[e] != b'\n' {
            if !escaped && b[e] == b'\\' {
                e += 1;
            }
            e += 1;
        }
        let e = e.min(b.len());
        if e > v && !super::starts_with_marker(&b[v..]) {
            cuts.push(Cut::marker(v, e, NAME));
        }
        i = e.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_people_and_keeps_services() {
        let t = r#"{"userPrincipalName":"ada.lovelace@contoso.onmicrosoft.com","displayName":"Ada Lovelace","id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","appId":"00000003-0000-0000-c000-000000000000","ipAddress":"203.0.113.7","v6":"2001:db8::8a2e:370:7334","at":"12:09:18"}"#;
        let r = redact_personal(t);
        for gone in [
            "ada.lovelace",
            "Ada Lovelace",
            "3fa85f64",
            "203.0.113.7",
            "2001:db8",
        ] {
            assert!(!r.contains(gone), "{gone} in {r}");
        }
        for kept in [
            "00000003-0000-0000-c000-000000000000",
            "12:09:18",
            "[email]",
            "[name]",
        ] {
            assert!(r.contains(kept), "{kept} not in {r}");
        }
        assert_eq!(redact_personal(&r), r);
    }

    #[test]
    fn keeps_the_ids_support_asks_for_and_removes_object_ids() {
        let t = "Trace ID: 0b0c3e5a-1111-2222-3333-444455556666\nCorrelation ID: 7d1e2f3a-aaaa-bbbb-cccc-ddddeeeeffff\nTimestamp: 2026-11-30 02:00:05Z\n\
                 {\"request-id\":\"5c2d6b3e-1234-4cde-9abc-0123456789ab\",\"client-request-id\":\"11112222-3333-4444-5555-666677778888\",\"date\":\"2026-11-30T02:00:05\"}\n\
                 x-ms-correlation-request-id: 9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a1\n\"activityId\":\"a1b2c3d4-e5f6-4711-8899-aabbccddeef0\"\n\
                 user oid 4a5b6c7d-1111-2222-3333-444455556666 \"userId\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\"";
        let r = redact_personal(t);
        for kept in [
            "0b0c3e5a-1111-2222-3333-444455556666",
            "7d1e2f3a-aaaa-bbbb-cccc-ddddeeeeffff",
            "2026-11-30 02:00:05Z",
            "5c2d6b3e-1234-4cde-9abc-0123456789ab",
            "11112222-3333-4444-5555-666677778888",
            "2026-11-30T02:00:05",
            "9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a1",
            "a1b2c3d4-e5f6-4711-8899-aabbccddeef0",
        ] {
            assert!(r.contains(kept), "{kept} not in {r}");
        }
        for gone in [
            "4a5b6c7d-1111-2222-3333-444455556666",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ] {
            assert!(!r.contains(gone), "{gone} in {r}");
        }
        assert_eq!(redact_personal(&r), r);
    }

    #[test]
    fn is_linear_on_repeated_openings() {
        for unit in ["a@", "1.1.1.", "::", "\"displayName\":\""] {
            let t = unit.repeat(50_000);
            let start = std::time::Instant::now();
            let r = redact_personal(&t);
            assert_eq!(redact_personal(&r), r);
            assert!(start.elapsed().as_secs() < 5, "{unit}");
        }
    }
}
