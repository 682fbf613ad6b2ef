//! Bodies: JSON field by field (up to 20 places), form parameters, text, or a different kind.

use super::params::{pair_diffs, FORM};
use super::{Difference, Out, Rank};
use crate::diagnostic::Severity;
use crate::order;
use crate::request::model::{self, Body};
use serde_json::Value;

/// How many differing places of two JSON bodies are listed.
const MAX_JSON_PLACES: usize = 20;

fn body_kind(b: &Body) -> &'static str {
    match b {
        Body::None => "no body",
        Body::Json(_) => "a JSON body",
        Body::Form(_) => "a form-encoded body",
        Body::Text(_) => "a text body",
    }
}

fn show_json(v: &Value) -> String {
    crate::text::shorten(&model::mask_json(v).to_string(), 200)
}

/// A value under a secret-looking key, masked; anything else as compact JSON.
fn show_keyed(key: &str, v: &Value) -> String {
    if model::is_secret_name(key) {
        model::mask(&model::json_scalar_text(v))
    } else {
        show_json(v)
    }
}

/// One place where two JSON values differ: its path and the value on each side.
type Place = (String, Option<String>, Option<String>);

fn json_diffs(a: &Value, b: &Value, path: &str, found: &mut Vec<Place>) {
    if found.len() >= MAX_JSON_PLACES || a == b {
        return;
    }
    let leaf_secret = path.rsplit('.').next().is_some_and(model::is_secret_name);
    let val = |v: &Value| {
        if leaf_secret && !v.is_object() && !v.is_array() {
            model::mask(&model::json_scalar_text(v))
        } else {
            show_json(v)
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys = order::sorted_unique(x.keys().chain(y.keys()).collect());
            for k in keys {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => json_diffs(u, v, &p, found),
                    (Some(u), None) => found.push((p, Some(show_keyed(k, u)), None)),
                    (None, Some(v)) => found.push((p, None, Some(show_keyed(k, v)))),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                json_diffs(u, v, &format!("{path}[{i}]"), found);
            }
        }
        _ => found.push((path.to_string(), Some(val(a)), Some(val(b)))),
    }
}

fn json_body_diffs(x: &Value, y: &Value, out: &mut Out) {
    if x == y {
        return;
    }
    // A JSON string holding the other side's JSON: double-encoded.
    let inner = |v: &Value| match v {
        Value::String(s) => serde_json::from_str::<Value>(s).ok(),
        _ => None,
    };
    if inner(x).as_ref() == Some(y) || inner(y).as_ref() == Some(x) {
        let side = if inner(y).is_some() { "right" } else { "left" };
        out.push(
            Rank::Body,
            Difference::new("body", "$")
                .values(Some(show_json(x)), Some(show_json(y)))
                .severity(Severity::Error)
                .explain(format!(
                    "the {side} body is a JSON string that contains the JSON (double-encoded, \
                     e.g. from string() or quotes around an expression); the API receives a \
                     string instead of an object"
                )),
        );
        return;
    }
    let mut found = Vec::new();
    json_diffs(x, y, "$", &mut found);
    let total = found.len();
    for (p, l, r) in found {
        let text = match (&l, &r) {
            (Some(_), None) => format!("the JSON field `{p}` is only in the left body"),
            (None, Some(_)) => format!("the JSON field `{p}` is only in the right body"),
            _ => format!("the JSON value at `{p}` differs"),
        };
        out.push(
            Rank::Body,
            Difference::new("body", &p)
                .values(l, r)
                .severity(Severity::Warning)
                .explain(text),
        );
    }
    if total >= MAX_JSON_PLACES {
        out.push(
            Rank::Body,
            Difference::new("body", "$")
                .severity(Severity::Info)
                .explain("the bodies differ in more places; only the first 20 are listed"),
        );
    }
}

/// A body as shown when the two kinds differ: secrets masked, long values cut.
fn describe(b: &Body) -> Option<String> {
    match b {
        Body::None => None,
        Body::Json(v) => Some(show_json(v)),
        Body::Form(p) => Some(
            p.iter()
                .map(|(k, v)| {
                    if model::is_secret_name(k) {
                        format!("{k}={}", model::mask(v))
                    } else {
                        format!("{k}={v}")
                    }
                })
                .collect::<Vec<_>>()
                .join("&"),
        ),
        Body::Text(t) => Some(crate::text::shorten(t, 120)),
    }
}

pub(super) fn body_diffs(a: &Body, b: &Body, out: &mut Out) {
    match (a, b) {
        (Body::None, Body::None) => {}
        (Body::Json(x), Body::Json(y)) => json_body_diffs(x, y, out),
        (Body::Form(x), Body::Form(y)) => pair_diffs(x, y, &FORM, out),
        (Body::Text(x), Body::Text(y)) => {
            let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            if norm(x) != norm(y) {
                out.push(
                    Rank::Body,
                    Difference::new("body", "text")
                        .values(
                            Some(crate::text::shorten(x, 120)),
                            Some(crate::text::shorten(y, 120)),
                        )
                        .severity(Severity::Warning)
                        .explain("the text bodies differ"),
                );
            }
        }
        _ => {
            let (sev, extra) = match (a, b) {
                (Body::None, _) | (_, Body::None) => (Severity::Warning, ""),
                (Body::Form(_), Body::Json(_)) | (Body::Json(_), Body::Form(_)) => (
                    Severity::Error,
                    "; token endpoints (login.microsoftonline.com) accept only form-encoded \
                     bodies and answer AADSTS900144 to JSON",
                ),
                _ => (Severity::Error, ""),
            };
            out.push(
                Rank::Body,
                Difference::new("body", "body")
                    .values(describe(a), describe(b))
                    .severity(sev)
                    .explain(format!(
                        "the left request sends {} and the right one {}{extra}",
                        body_kind(a),
                        body_kind(b)
                    )),
            );
        }
    }
}
