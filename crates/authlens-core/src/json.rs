//! Finding JSON inside pastes: the whole paste, JSON after a prefix ("Response error! - {…}"),
//! and JSON escaped inside string values (Logic Apps wraps errors in strings, sometimes thrice).

use crate::span::Span;
use serde_json::Value;

/// Limits that keep discovery linear-ish on hostile input.
const MAX_START_ATTEMPTS: usize = 256;
const MAX_NESTED_DEPTH: usize = 6;
const MAX_VALUES: usize = 64;

/// A JSON value found in the paste. `span` covers the text it was parsed from; for values found
/// inside escaped strings it is the span of the outermost value that contained them.
#[derive(Debug, Clone)]
pub struct Found {
    pub span: Span,
    pub value: Value,
    /// True when the value was decoded from a string inside another value.
    pub nested: bool,
}

fn parse_prefix(s: &str) -> Option<(Value, usize)> {
    let mut stream = serde_json::Deserializer::from_str(s).into_iter::<Value>();
    let v = stream.next()?.ok()?;
    Some((v, stream.byte_offset()))
}

/// Every JSON object or array in `text`, outermost first, with nested string-encoded JSON.
pub fn discover(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let trimmed_start = text.len() - text.trim_start().len();
    let body = text.trim();
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        if v.is_object() || v.is_array() || v.is_string() {
            out.push(Found {
                span: Span::new(trimmed_start, trimmed_start + body.len()),
                value: v,
                nested: false,
            });
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
                if let Some((v, used)) = text.get(i..).and_then(parse_prefix) {
                    let useful = match &v {
                        Value::Object(m) => !m.is_empty(),
                        Value::Array(a) => a.iter().any(|x| x.is_object() || x.is_string()),
                        _ => false,
                    };
                    if useful {
                        out.push(Found {
                            span: Span::new(i, i + used),
                            value: v,
                            nested: false,
                        });
                        i += used.max(1);
                        continue;
                    }
                }
            }
            i += 1;
        }
    }
    let mut nested = Vec::new();
    for f in &out {
        collect_nested(&f.value, f.span, 0, &mut nested);
    }
    out.extend(nested);
    out.truncate(MAX_VALUES);
    out
}

fn collect_nested(v: &Value, span: Span, depth: usize, out: &mut Vec<Found>) {
    if depth >= MAX_NESTED_DEPTH || out.len() >= MAX_VALUES {
        return;
    }
    match v {
        Value::String(s) => {
            let t = s.trim();
            let candidate = t.starts_with('{') || t.starts_with('[') || t.starts_with("\"{");
            if candidate {
                if let Ok(inner) = serde_json::from_str::<Value>(t) {
                    if !inner.is_string() {
                        out.push(Found {
                            span,
                            value: inner.clone(),
                            nested: true,
                        });
                    }
                    collect_nested(&inner, span, depth + 1, out);
                } else if let Some(start) = t.find('{') {
                    // "Error returned: {…}" inside a string.
                    if let Some((inner, _)) = parse_prefix(&t[start..]) {
                        out.push(Found {
                            span,
                            value: inner.clone(),
                            nested: true,
                        });
                        collect_nested(&inner, span, depth + 1, out);
                    }
                }
            }
        }
        Value::Array(a) => a
            .iter()
            .take(1000)
            .for_each(|x| collect_nested(x, span, depth, out)),
        Value::Object(m) => m.values().for_each(|x| collect_nested(x, span, depth, out)),
        _ => {}
    }
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

/// All scalar leaves, depth-first, capped to keep huge documents bounded.
pub fn leaves(v: &Value, cap: usize) -> Vec<Leaf> {
    let mut out = Vec::new();
    walk(v, "", "", &mut out, cap, 0);
    out
}

fn walk(v: &Value, key: &str, parent: &str, out: &mut Vec<Leaf>, cap: usize, depth: usize) {
    if out.len() >= cap || depth > 64 {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                walk(x, &k.to_ascii_lowercase(), key, out, cap, depth + 1);
            }
        }
        Value::Array(a) => {
            for x in a {
                walk(x, key, parent, out, cap, depth + 1);
            }
        }
        Value::String(s) => out.push(Leaf {
            key: key.into(),
            parent: parent.into(),
            value: s.clone(),
            is_number: false,
        }),
        Value::Number(n) => out.push(Leaf {
            key: key.into(),
            parent: parent.into(),
            value: n.to_string(),
            is_number: true,
        }),
        Value::Bool(b) => out.push(Leaf {
            key: key.into(),
            parent: parent.into(),
            value: b.to_string(),
            is_number: false,
        }),
        Value::Null => {}
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
        let v: Value = serde_json::from_str(r#"{"error":{"code":"X","n":3}}"#).unwrap();
        let l = leaves(&v, 100);
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
}
