//! Finding JSON inside pastes: the whole paste, JSON after a prefix ("Response error! - {…}"),
//! and JSON escaped inside string values (Logic Apps wraps errors in strings, sometimes thrice).

use crate::span::Span;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// Limits that keep discovery linear-ish on hostile input.
const MAX_START_ATTEMPTS: usize = 256;
const MAX_NESTED_DEPTH: usize = 6;
const MAX_VALUES: usize = 64;
/// Leaves kept per value: a diagnosis never needs more, and huge histories stay bounded.
pub const MAX_LEAVES: usize = 20_000;
/// Leaves deeper than this are not kept.
const MAX_LEAF_DEPTH: usize = 64;
/// Only the first items of an array are searched for string-encoded JSON.
const NESTED_ARRAY_ITEMS: usize = 1000;
/// The shape kept in `Found::value`: nodes down to this depth, the first items of arrays.
const SHAPE_DEPTH: usize = 4;
const SHAPE_ITEMS: usize = 64;

/// A JSON value found in the paste. `span` covers the text it was parsed from; for values found
/// inside escaped strings it is the span of the outermost value that contained them.
#[derive(Debug, Clone)]
pub struct Found {
    pub span: Span,
    /// The value's shape: its top levels (`SHAPE_DEPTH`) with the first `SHAPE_ITEMS` items of
    /// each array; deeper values are `null`, so keys stay visible. Rules read `leaves`.
    pub value: Value,
    /// True when the value was decoded from a string inside another value.
    pub nested: bool,
    /// Every scalar, depth-first in document order, capped at `MAX_LEAVES`.
    pub leaves: Vec<Leaf>,
}

/// A leaf of a JSON tree: its key (lowercased, last path element) and its scalar value as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    pub key: String,
    /// Lowercased key of the parent object (`error` for `error.code`), empty at the root.
    pub parent: String,
    pub value: String,
    pub is_number: bool,
}

/// Every JSON object or array in `text`, outermost first, with nested string-encoded JSON.
///
/// One streaming pass per value: serde_json tokenizes, and only the leaves, the shape and the
/// nested values are kept. A full `Value` tree of a 10 MB HAR costs more to build and free than
/// the whole rest of the analysis.
pub fn discover(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let trimmed_start = text.len() - text.trim_start().len();
    let body = text.trim();
    let whole = Span::new(trimmed_start, trimmed_start + body.len());
    if let Some((found, nested)) = walk_document(body, whole, 0, false) {
        if found.value.is_object() || found.value.is_array() || found.value.is_string() {
            out.push(found);
            out.extend(nested);
        }
    }
    if out.is_empty() {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut attempts = 0;
        while i < bytes.len() && attempts < MAX_START_ATTEMPTS && out.len() < MAX_VALUES {
            let c = bytes[i];
            if c == b'{' || c == b'[' {
                attempts += 1;
                let walked = prefix_len(&text[i..]).and_then(|used| {
                    walk_document(&text[i..i + used], Span::new(i, i + used), 0, false)
                        .map(|w| (w, used))
                });
                if let Some(((found, nested), used)) = walked {
                    let useful = match &found.value {
                        Value::Object(m) => !m.is_empty(),
                        Value::Array(a) => a.iter().any(|x| x.is_object() || x.is_string()),
                        _ => false,
                    };
                    if useful {
                        out.push(found);
                        out.extend(nested);
                        i += used.max(1);
                        continue;
                    }
                }
            }
            i += 1;
        }
    }
    // Outer values come first, then everything decoded from strings, as before the cap.
    crate::order::sort_by_key(&mut out, |f| f.nested);
    out.truncate(MAX_VALUES);
    out
}

/// Length of the JSON value at the start of `s`, validated without building it.
fn prefix_len(s: &str) -> Option<usize> {
    let mut stream = serde_json::Deserializer::from_str(s).into_iter::<IgnoredAny>();
    stream.next()?.ok()?;
    Some(stream.byte_offset())
}

/// Parses `text` (one whole JSON value) in one streaming pass: the value's shape and leaves,
/// plus the values decoded from its strings. `None` when `text` is not one JSON value.
fn walk_document(
    text: &str,
    span: Span,
    level: usize,
    nested: bool,
) -> Option<(Found, Vec<Found>)> {
    let mut st = Walk {
        leaves: Vec::new(),
        nested: Vec::new(),
        span,
        level,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Node {
        st: &mut st,
        key: "",
        parent: "",
        depth: 0,
        search: true,
        keep: true,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    let found = Found {
        span,
        value,
        nested,
        leaves: st.leaves,
    };
    Some((found, st.nested))
}

/// What one streaming pass collects.
struct Walk {
    leaves: Vec<Leaf>,
    /// Values decoded from strings, in discovery order (each before the ones inside it).
    nested: Vec<Found>,
    /// The span reported for nested values: the outermost value's.
    span: Span,
    /// How many string decodings deep this pass is.
    level: usize,
}

impl Walk {
    /// Whether no more leaves are kept: the rest of a large value is only tokenized (its
    /// strings and keys are not copied or lowercased).
    fn full(&self) -> bool {
        self.leaves.len() >= MAX_LEAVES
    }

    fn leaf(
        &mut self,
        key: &str,
        parent: &str,
        depth: usize,
        value: impl FnOnce() -> String,
        is_number: bool,
    ) {
        if !self.full() && depth <= MAX_LEAF_DEPTH {
            self.leaves.push(Leaf {
                key: key.into(),
                parent: parent.into(),
                value: value(),
                is_number,
            });
        }
    }

    /// Logic Apps and Power BI wrap JSON in string values, sometimes several times over.
    fn string(&mut self, s: &str) {
        if self.level >= MAX_NESTED_DEPTH || self.nested.len() >= MAX_VALUES {
            return;
        }
        let t = s.trim();
        if !(t.starts_with('{') || t.starts_with('[') || t.starts_with("\"{")) {
            return;
        }
        if let Some((found, inner)) = walk_document(t, self.span, self.level + 1, true) {
            // A string that decodes to a string was encoded twice: only what is inside counts.
            if !found.value.is_string() {
                self.nested.push(found);
            }
            self.nested.extend(inner);
        } else if let Some(start) = t.find('{') {
            // "Error returned: {…}" inside a string.
            let t = &t[start..];
            if let Some((found, inner)) = prefix_len(t)
                .and_then(|used| walk_document(&t[..used], self.span, self.level + 1, true))
            {
                self.nested.push(found);
                self.nested.extend(inner);
            }
        }
        self.nested.truncate(MAX_VALUES);
    }
}

/// One JSON node being streamed: its key, its parent's key and its depth.
struct Node<'a> {
    st: &'a mut Walk,
    key: &'a str,
    parent: &'a str,
    depth: usize,
    /// Whether strings here are searched for encoded JSON (not past the first array items).
    search: bool,
    /// Whether this node is part of the kept shape (and so worth building).
    keep: bool,
}

impl Node<'_> {
    fn shaped(&self) -> bool {
        self.keep && self.depth <= SHAPE_DEPTH
    }

    fn shape(&self, v: Value) -> Value {
        if self.shaped() {
            v
        } else {
            Value::Null
        }
    }

    fn number(self, n: Number) -> Value {
        self.st
            .leaf(self.key, self.parent, self.depth, || n.to_string(), true);
        self.shape(Value::Number(n))
    }
}

impl Node<'_> {
    /// Whether nothing below this node is kept: no shape, no leaves, no string searched for
    /// JSON. Most of a large paste (the 9 000 entries of a HAR after its first few hundred) is
    /// such: it is then only checked to be JSON (serde_json's skipping, no visitor per value,
    /// no string decoded), which reads it three times faster. That check has no nesting limit
    /// and does not convert numbers or escapes, so a part nobody reads no longer makes a paste
    /// "not JSON" for nesting over 128 levels, a number beyond f64 or a lone surrogate escape
    /// (all valid JSON).
    fn idle(&self) -> bool {
        !self.shaped()
            && (self.st.full() || self.depth > MAX_LEAF_DEPTH)
            && (!self.search
                || self.st.level >= MAX_NESTED_DEPTH
                || self.st.nested.len() >= MAX_VALUES)
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.idle() {
            d.deserialize_ignored_any(IgnoredAny)?;
            return Ok(Value::Null);
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        self.st
            .leaf(self.key, self.parent, self.depth, || b.to_string(), false);
        Ok(self.shape(Value::Bool(b)))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(self.number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(self.number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(match Number::from_f64(n) {
            Some(n) => self.number(n),
            None => Value::Null,
        })
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        self.st
            .leaf(self.key, self.parent, self.depth, || s.to_string(), false);
        if self.search {
            self.st.string(s);
        }
        Ok(if self.shaped() {
            Value::String(s.to_string())
        } else {
            Value::Null
        })
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        let mut n = 0;
        let shaped = self.shaped();
        while let Some(v) = seq.next_element_seed(Node {
            st: &mut *self.st,
            key: self.key,
            parent: self.parent,
            depth: self.depth + 1,
            search: self.search && n < NESTED_ARRAY_ITEMS,
            keep: shaped && n < SHAPE_ITEMS,
        })? {
            if shaped && n < SHAPE_ITEMS {
                items.push(v);
            }
            n += 1;
        }
        Ok(self.shape(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut obj = Map::new();
        let shaped = self.shaped();
        while let Some(k) = map.next_key_seed(Key)? {
            // Keys are read only as leaf keys and parents: none are kept once the leaves are.
            let lower: Cow<str> = if !self.st.full() && k.bytes().any(|c| c.is_ascii_uppercase()) {
                Cow::Owned(k.to_ascii_lowercase())
            } else {
                Cow::Borrowed(&k)
            };
            let v = map.next_value_seed(Node {
                st: &mut *self.st,
                key: &lower,
                parent: self.key,
                depth: self.depth + 1,
                search: self.search,
                keep: shaped,
            })?;
            if shaped {
                obj.insert(k.into_owned(), v);
            }
        }
        Ok(self.shape(Value::Object(obj)))
    }
}

/// An object key, borrowed from the text unless it had escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_json_after_a_prefix() {
        let t = r#"Response error! - {"error":"invalid_grant","error_codes":[50173]} trailing"#;
        let f = discover(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value["error"], "invalid_grant");
        assert!(f[0].span.slice(t).starts_with('{') && f[0].span.slice(t).ends_with('}'));
    }

    #[test]
    fn unwraps_json_escaped_in_strings_several_times() {
        let inner = r#"{"message":"AADSTS500571: disabled"}"#;
        let once = serde_json::to_string(inner).unwrap();
        let twice = serde_json::to_string(&format!("{{\"message\": {once}}}")).unwrap();
        let t = format!("{{\"message\": {twice}}}");
        let f = discover(&t);
        assert!(
            f.iter()
                .any(|x| x.nested && x.value["message"] == "AADSTS500571: disabled"),
            "{f:?}"
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let t = "[".repeat(100_000);
        assert!(discover(&t).is_empty());
    }

    #[test]
    fn leaves_carry_keys_and_parents() {
        let f = discover(r#"{"Error":{"code":"X","n":3}}"#);
        let l = &f[0].leaves;
        assert_eq!(
            l[0],
            Leaf {
                key: "code".into(),
                parent: "error".into(),
                value: "X".into(),
                is_number: false
            }
        );
        assert!(l[1].is_number);
    }

    #[test]
    fn shape_keeps_top_levels_and_keys_below() {
        let t = r#"{"a":{"b":{"c":{"d":{"e":{"f":1}}}}},"list":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65]}"#;
        let f = discover(t);
        let v = &f[0].value;
        assert!(v["a"]["b"]["c"]["d"].is_object());
        assert!(v["a"]["b"]["c"]["d"]["e"].is_null());
        assert!(
            v["a"]["b"]["c"]["d"].get("e").is_some(),
            "keys stay visible"
        );
        assert_eq!(v["list"].as_array().map(Vec::len), Some(SHAPE_ITEMS));
        // Leaves are complete regardless of the shape.
        assert!(f[0].leaves.iter().any(|l| l.key == "f" && l.value == "1"));
        assert_eq!(f[0].leaves.iter().filter(|l| l.key == "list").count(), 66);
    }

    #[test]
    fn nested_values_follow_outer_ones_in_discovery_order() {
        let inner2 = serde_json::to_string(r#"{"deep":"AADSTS7000222"}"#).unwrap();
        let inner1 = serde_json::to_string(&format!(r#"{{"mid":{inner2}}}"#)).unwrap();
        let t = format!(r#"{{"outer":{inner1},"other":"x"}}"#);
        let f = discover(&t);
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(!f[0].nested && f[1].nested && f[2].nested);
        assert!(f[1].value.get("mid").is_some());
        assert_eq!(f[2].value["deep"], "AADSTS7000222");
        assert!(f.iter().all(|x| x.span == f[0].span));
    }
}
