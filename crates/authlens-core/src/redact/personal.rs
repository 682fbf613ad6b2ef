//! Personal data in what is shared, two ways, one module:
//! - [`StandIns`]: what always leaves the page and the CLI's reports without people. Each
//!   personal value a reader found (a sign-in log's accounts, IPs and places, a connection's
//!   account, the creator of a connection) gets a numbered stand-in (`user 1`, `name 2`, `IP 1`),
//!   the same value always the same one, so the recipient's reading is the reader's. Sign-in
//!   logs, definitions and credential lists collect their values (the front door's
//!   `analysis::mask_personal`), their reports scrub with the same stand-ins.
//! - [`redact_personal`]: the optional removal of all that looks personal (e-mail addresses and
//!   UPNs, object ids, IP addresses, names in name fields) by markers, whatever the paste. Not
//!   part of [`super::redact`]: tenant and object ids are often what a diagnosis needs, so the
//!   person chooses (the page's "also remove personal data"). Linear, idempotent; apply it to
//!   text that [`super::redact`] already went through.

use super::Cut;
use serde_json::Value;
use std::collections::HashMap;

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

/// `user 3`, `IP 1`, `city 2`: a stand-in (one short word, a space, a number).
pub fn is_stand_in(v: &str) -> bool {
    v.split_once(' ').is_some_and(|(word, n)| {
        (1..=7).contains(&word.len())
            && word.bytes().all(|c| c.is_ascii_alphabetic())
            && !n.is_empty()
            && n.len() <= 6
            && n.bytes().all(|c| c.is_ascii_digit())
    })
}

/// Values shorter than this are not replaced inside free text (only as whole JSON strings or
/// cells), so a two-letter country code never eats the letters of other words.
const MIN_FREE_TEXT_LEN: usize = 3;

/// Personal values, each with its numbered stand-in.
#[derive(Default)]
pub struct StandIns {
    map: HashMap<String, String>,
    counts: HashMap<String, usize>,
    /// In the order first seen.
    order: Vec<String>,
}

/// A replacement: byte range and the stand-in.
pub(crate) type StandInCut = (usize, usize, String);

impl StandIns {
    /// The stand-in of `value` (of `kind`: `user`, `name`, `IP`, …), numbered in the order seen.
    /// A value that is already a stand-in (a masked paste) stands for itself, and later numbers
    /// of its kind start above it: masking twice changes nothing.
    pub fn add(&mut self, kind: &str, value: &str) -> Option<String> {
        let v = value.trim();
        if v.is_empty() || v == "—" {
            return None;
        }
        if let Some(s) = self.map.get(v) {
            return Some(s.clone());
        }
        let stand_in = if is_stand_in(v) {
            let (word, n) = v.split_once(' ').unwrap_or((v, "0"));
            let c = self.counts.entry(word.to_string()).or_default();
            *c = (*c).max(n.parse().unwrap_or(0));
            v.to_string()
        } else {
            let c = self.counts.entry(kind.to_string()).or_default();
            *c += 1;
            format!("{kind} {c}")
        };
        self.map.insert(v.to_string(), stand_in.clone());
        self.order.push(v.to_string());
        Some(stand_in)
    }

    pub fn get(&self, value: &str) -> Option<&str> {
        self.map.get(value.trim()).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The values long enough for free text, longest first (a name inside an address is not
    /// cut on its own).
    fn free_text_values(&self) -> Vec<&String> {
        let mut v: Vec<&String> = self
            .order
            .iter()
            .filter(|v| v.len() >= MIN_FREE_TEXT_LEN && self.map.get(*v) != Some(*v))
            .collect();
        crate::order::sort_by_key(&mut v, |v| std::cmp::Reverse(v.len()));
        v
    }

    /// `text` (a rendered report line, a message) with every value replaced where it stands
    /// as a word of its own.
    pub fn scrub(&self, text: &str) -> String {
        let mut cuts = Vec::new();
        self.free_text_cuts(text, 0, &self.free_text_values(), &mut cuts);
        apply_stand_ins(text, cuts)
    }

    /// `text` with every value replaced: whole JSON strings (also escaped ones) and free text.
    pub fn mask(&self, text: &str) -> String {
        if self.is_empty() {
            return text.to_string();
        }
        let mut cuts = Vec::new();
        self.json_string_cuts(text, 0, &mut cuts);
        self.free_text_cuts(text, 0, &self.free_text_values(), &mut cuts);
        apply_stand_ins(text, cuts)
    }

    /// Whole JSON strings equal to a value (`"flow.owner@contoso.com"`): the quotes stay.
    pub(crate) fn json_string_cuts(&self, text: &str, base: usize, cuts: &mut Vec<StandInCut>) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'"' {
                i += 1;
                continue;
            }
            let start = i + 1;
            let mut j = start;
            let mut escaped = false;
            while j < b.len() && b[j] != b'"' {
                escaped |= b[j] == b'\\';
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(b.len());
            let raw = text.get(start..end).unwrap_or("");
            let value = if escaped {
                serde_json::from_str::<String>(text.get(i..=end).unwrap_or("")).ok()
            } else {
                Some(raw.to_string())
            };
            if let Some(stand_in) = value.and_then(|v| self.map.get(v.trim())) {
                if stand_in.as_str() != raw {
                    cuts.push((base + start, base + end, stand_in.clone()));
                }
            }
            i = end + 1;
        }
    }

    /// Every occurrence of `values` inside `seg` that is a word of its own.
    pub(crate) fn free_text_cuts(
        &self,
        seg: &str,
        base: usize,
        values: &[&String],
        cuts: &mut Vec<StandInCut>,
    ) {
        for v in values {
            let Some(stand_in) = self.map.get(v.as_str()) else {
                continue;
            };
            for (at, _) in seg.match_indices(v.as_str()) {
                let end = at + v.len();
                let mut before = seg[..at].chars().rev();
                let mut after = seg[end..].chars();
                let (b1, b2) = (before.next(), before.next());
                let (a1, a2) = (after.next(), after.next());
                if word_char(b1, b2) || word_char(a1, a2) {
                    continue;
                }
                cuts.push((base + at, base + end, stand_in.clone()));
            }
        }
    }

    /// The values long enough for free text (for readers that cut segments themselves).
    pub(crate) fn values_for_free_text(&self) -> Vec<&String> {
        self.free_text_values()
    }
}

/// A character that continues a word (an address, a name): no match may start or end next to
/// one. Typographic quotes and other punctuation do not.
fn word_char(c: Option<char>, beyond: Option<char>) -> bool {
    match c {
        Some(c) if c.is_alphanumeric() || matches!(c, '_' | '@' | '-') => true,
        // A dot joins words only between two word characters (`contoso.com`), not at a
        // sentence end.
        Some('.') => beyond.is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// `text` with `cuts` applied: earliest first, longest first at one place; overlapping later
/// cuts are dropped.
pub(crate) fn apply_stand_ins(text: &str, mut cuts: Vec<StandInCut>) -> String {
    crate::order::sort_by(&mut cuts, |a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (start, end, stand_in) in cuts {
        if start < pos || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[pos..start]);
        out.push_str(&stand_in);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Keys whose object is a person (or an app acting as one: its `type` says which).
const PERSON_KEYS: &[&str] = &[
    "authenticateduser",
    "createdby",
    "lastmodifiedby",
    "owner",
    "creator",
    "user",
];

fn person_fields(o: &serde_json::Map<String, Value>, s: &mut StandIns) {
    let ty = o
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("type"))
        .and_then(|(_, v)| v.as_str());
    if ty.is_some_and(|t| !t.eq_ignore_ascii_case("user")) {
        return;
    }
    for (k, v) in o {
        // Workflow and ARM expressions (`@triggerBody()…`, `[parameters('…')]`) name no one.
        let Some(v) = v
            .as_str()
            .filter(|v| !v.starts_with(['@', '[']) && !v.contains("('"))
        else {
            continue;
        };
        match k.to_ascii_lowercase().as_str() {
            "userprincipalname" | "email" | "mail" | "upn" => {
                s.add("user", v);
            }
            "name" if v.contains('@') => {
                s.add("user", v);
            }
            "displayname" | "name" | "givenname" | "surname" => {
                s.add("name", v);
            }
            "id" | "objectid" | "userid" => {
                s.add("id", v);
            }
            _ => {}
        }
    }
}

/// The people in a definition or a credential / connection list: accounts behind connections
/// and their creators (name, UPN, e-mail, object id), and any e-mail address in a string.
/// Apps, connectors, tenants and key ids are not people and stay.
pub fn people_in_json(v: &Value, s: &mut StandIns, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if PERSON_KEYS.contains(&k.to_ascii_lowercase().as_str()) {
                    if let Some(p) = x.as_object() {
                        person_fields(p, s);
                    }
                }
                people_in_json(x, s, depth + 1);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| people_in_json(x, s, depth + 1)),
        Value::String(t) => people_in_text(t, s),
        _ => {}
    }
}

/// E-mail addresses in free text, and PowerShell's person hashtables
/// (`@{id=…; displayName=…; email=…; type=User}`).
pub fn people_in_text(text: &str, s: &mut StandIns) {
    let b = text.as_bytes();
    let mut cuts = Vec::new();
    emails(b, &mut cuts);
    for c in cuts {
        // `'someone@contoso.example'` inside an expression: the quotes are not the address's.
        if let Some(e) = text.get(c.start..c.end) {
            s.add("user", e.trim_matches('\''));
        }
    }
    for (at, _) in text.match_indices("@{") {
        let rest = &text[at + 2..];
        let body = &rest[..rest.find('}').unwrap_or(rest.len()).min(2048)];
        let fields: Vec<(&str, &str)> = body
            .split(';')
            .filter_map(|f| f.split_once('='))
            .map(|(k, v)| (k.trim(), v.trim()))
            .collect();
        let is_person = fields.iter().any(|(k, v)| {
            (k.eq_ignore_ascii_case("type") && v.eq_ignore_ascii_case("user"))
                || k.eq_ignore_ascii_case("userPrincipalName")
        });
        if is_person {
            let o: serde_json::Map<String, Value> = fields
                .iter()
                .map(|(k, v)| ((*k).to_string(), Value::String((*v).to_string())))
                .collect();
            person_fields(&o, s);
        }
    }
}
