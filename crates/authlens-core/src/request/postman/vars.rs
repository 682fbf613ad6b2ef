//! Postman variables: `{{name}}` resolution with a collection's variables, and the environment or
//! globals exports pasted with a collection.

use super::{is_collection, str_of};
use crate::request::model;
use serde_json::Value;

/// A Postman environment or globals export: `values` with `key` / `value` / `enabled`.
fn is_variable_set(v: &Value) -> bool {
    v.get("values").is_some_and(Value::is_array)
        && (v.get("_postman_variable_scope").is_some() || v.get("name").is_some())
}

/// A collection pasted together with its environment and/or globals (several JSON documents one
/// after the other): the collection with those variables added to its own, in Postman's order of
/// precedence (environment, then the collection's variables, then globals), and a note.
pub(crate) fn with_environment(t: &str) -> Option<(Value, String)> {
    let docs: Vec<Value> = serde_json::Deserializer::from_str(t)
        .into_iter::<Value>()
        .take(5)
        .collect::<Result<_, _>>()
        .ok()?;
    if docs.len() < 2 {
        return None;
    }
    let at = docs.iter().position(is_collection)?;
    let mut collection = docs[at].clone();
    let sets: Vec<&Value> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != at)
        .map(|(_, d)| d)
        .collect();
    if !sets.iter().all(|d| is_variable_set(d)) {
        return None;
    }
    let scope = |d: &Value| str_of(d.get("_postman_variable_scope"));
    let as_variables = |d: &Value| -> Vec<Value> {
        d.get("values")
            .and_then(Value::as_array)
            .map(|vs| {
                vs.iter()
                    .map(|v| {
                        serde_json::json!({
                            "key": v.get("key").cloned().unwrap_or(Value::Null),
                            "value": v.get("value").cloned().unwrap_or(Value::Null),
                            "disabled": v.get("enabled").and_then(Value::as_bool) == Some(false),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut merged: Vec<Value> = Vec::new();
    for d in sets.iter().filter(|d| scope(d) != "globals") {
        merged.extend(as_variables(d));
    }
    if let Some(Value::Array(own)) = collection.get("variable") {
        merged.extend(own.iter().cloned());
    }
    for d in sets.iter().filter(|d| scope(d) == "globals") {
        merged.extend(as_variables(d));
    }
    let names: Vec<String> = sets
        .iter()
        .map(|d| {
            let what = if scope(d) == "globals" {
                "globals"
            } else {
                "environment"
            };
            format!("{what} `{}`", str_of(d.get("name")))
        })
        .collect();
    if let Some(o) = collection.as_object_mut() {
        o.insert("variable".into(), Value::Array(merged));
    }
    Some((
        collection,
        format!(
            "`{{{{variables}}}}` resolved with the {} pasted with the collection",
            names.join(" and ")
        ),
    ))
}

pub(super) struct Vars(Vec<(String, String)>);

impl Vars {
    pub(super) fn new(v: Option<&Value>) -> Vars {
        let mut out = Vec::new();
        if let Some(Value::Array(a)) = v {
            for x in a {
                if x.get("disabled").and_then(Value::as_bool) == Some(true) {
                    continue;
                }
                let key = x
                    .get("key")
                    .or_else(|| x.get("id"))
                    .map(model::json_scalar_text);
                if let Some(k) = key {
                    let val = x
                        .get("value")
                        .map(model::json_scalar_text)
                        .unwrap_or_default();
                    out.push((k, val));
                }
            }
        }
        Vars(out)
    }

    /// Replaces `{{name}}` (several passes, for variables referring to variables).
    pub(super) fn resolve(&self, s: &str, unresolved: &mut Vec<String>) -> String {
        let mut cur = s.to_string();
        for _ in 0..5 {
            if !cur.contains("{{") {
                break;
            }
            let mut out = String::with_capacity(cur.len());
            let mut rest = cur.as_str();
            let mut changed = false;
            while let Some(start) = rest.find("{{") {
                out.push_str(&rest[..start]);
                let after = &rest[start + 2..];
                match after.find("}}") {
                    Some(end) => {
                        let name = after[..end].trim();
                        match self.0.iter().find(|(k, _)| k == name) {
                            Some((_, val)) => {
                                out.push_str(val);
                                changed = true;
                            }
                            None => {
                                out.push_str(&rest[start..start + 2 + end + 2]);
                            }
                        }
                        rest = &after[end + 2..];
                    }
                    None => {
                        out.push_str(&rest[start..]);
                        rest = "";
                    }
                }
            }
            out.push_str(rest);
            cur = out;
            // Variables that expand into themselves must not grow without bound.
            if cur.len() > 1 << 20 {
                cur.truncate(cur.floor_char_boundary(1 << 20));
                break;
            }
            if !changed {
                break;
            }
        }
        // Record what is left.
        let mut rest = cur.as_str();
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            match after.find("}}") {
                Some(end) => {
                    unresolved.push(after[..end].trim().to_string());
                    rest = &after[end + 2..];
                }
                None => break,
            }
        }
        cur
    }
}
