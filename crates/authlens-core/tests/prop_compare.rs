//! Property test for canonical request normalisation: one request rendered as a flow's raw inputs
//! and again as cURL, raw HTTP or raw inputs, with header order and case, query order, JSON key
//! order and whitespace shuffled, compares with no difference that matters.
#![allow(clippy::unwrap_used)]

use authlens_core::request::{compare, CompareOptions};
use authlens_core::Timestamp;
use base64::Engine;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

#[derive(Clone, Debug)]
struct Req {
    method: &'static str,
    host: String,
    path: Vec<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[A-Za-z0-9 ]{0,12}".prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn json_body() -> impl Strategy<Value = Value> {
    let leaf = scalar();
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .prop_map(|v| match v {
        Value::Object(_) => v,
        other => json!({ "data": other }),
    })
}

fn jwt(aud: &str) -> String {
    let e = |v: Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string().as_bytes())
    };
    format!(
        "{}.{}.{}",
        e(json!({"typ": "JWT", "alg": "RS256"})),
        e(json!({"aud": aud, "exp": 1_763_903_600, "iat": 1_763_900_000})),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([7u8; 64])
    )
}

fn request() -> impl Strategy<Value = Req> {
    (
        select(vec!["GET", "POST", "PUT", "PATCH", "DELETE"]),
        "[a-z]{3,10}",
        prop::collection::vec("[a-z0-9]{1,8}", 0..4),
        prop::collection::btree_map("[a-z]{1,8}", "[A-Za-z0-9]{0,10}", 0..4),
        prop::collection::btree_map("x-[a-z]{2,10}", "[A-Za-z0-9.]{1,16}", 0..4),
        prop::option::of("[a-z]{3,8}"),
        json_body(),
    )
        .prop_map(|(method, host, path, query, custom, aud, body)| {
            let mut headers: Vec<(String, String)> = custom.into_iter().collect();
            headers.push(("Accept".into(), "application/json".into()));
            if let Some(a) = aud {
                headers.push((
                    "Authorization".into(),
                    format!("Bearer {}", jwt(&format!("api://{a}"))),
                ));
            }
            let body = matches!(method, "POST" | "PUT" | "PATCH").then_some(body);
            if body.is_some() {
                headers.push(("Content-Type".into(), "application/json".into()));
            }
            Req {
                method,
                host: format!("{host}.example.com"),
                path,
                query: query.into_iter().collect(),
                headers,
                body,
            }
        })
}

/// The same object with its keys in another order (recursively), as text.
fn shuffled_json(v: &Value, seed: u64, pretty: bool) -> String {
    fn reorder(v: &Value, seed: u64) -> Value {
        match v {
            Value::Object(m) => {
                let mut items: Vec<(&String, &Value)> = m.iter().collect();
                items.reverse();
                if seed % 2 == 1 {
                    let half = items.len() / 2;
                    items.rotate_left(half);
                }
                // serde_json's map keeps insertion order only with `preserve_order`; write text.
                Value::Array(
                    items
                        .into_iter()
                        .map(|(k, x)| json!([k, reorder(x, seed / 2)]))
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| json!([reorder(x, seed)])).collect()),
            other => other.clone(),
        }
    }
    fn write(v: &Value, original: &Value, pretty: bool, out: &mut String) {
        match (v, original) {
            (Value::Array(items), Value::Object(_)) => {
                out.push('{');
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if pretty {
                        out.push_str("\n  ");
                    }
                    let k = it[0].as_str().unwrap_or_default();
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push_str(if pretty { " : " } else { ":" });
                    write(&it[1], &original[k], pretty, out);
                }
                if pretty {
                    out.push('\n');
                }
                out.push('}');
            }
            (Value::Array(items), Value::Array(orig)) => {
                out.push('[');
                for (i, (it, o)) in items.iter().zip(orig).enumerate() {
                    if i > 0 {
                        out.push_str(if pretty { ", " } else { "," });
                    }
                    write(&it[0], o, pretty, out);
                }
                out.push(']');
            }
            (x, _) => out.push_str(&x.to_string()),
        }
    }
    let mut out = String::new();
    write(&reorder(v, seed), v, pretty, &mut out);
    out
}

fn url(r: &Req, query: &[(String, String)]) -> String {
    let mut u = format!("https://{}/{}", r.host, r.path.join("/"));
    if !query.is_empty() {
        u.push('?');
        u.push_str(
            &query
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&"),
        );
    }
    u
}

/// The request as a flow's raw inputs; `queries` in the object or in the URI.
fn flow(r: &Req, queries_object: bool) -> String {
    let mut o = Map::new();
    if queries_object {
        o.insert("uri".into(), json!(url(r, &[])));
        let q: Map<String, Value> = r.query.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        o.insert("queries".into(), Value::Object(q));
    } else {
        o.insert("uri".into(), json!(url(r, &r.query)));
    }
    o.insert("method".into(), json!(r.method));
    let h: Map<String, Value> = r
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    o.insert("headers".into(), Value::Object(h));
    if let Some(b) = &r.body {
        o.insert("body".into(), b.clone());
    }
    serde_json::to_string_pretty(&Value::Object(o)).unwrap()
}

fn recase(name: &str, seed: u64) -> String {
    match seed % 3 {
        0 => name.to_ascii_lowercase(),
        1 => name.to_ascii_uppercase(),
        _ => name.to_string(),
    }
}

fn shuffled<T: Clone>(v: &[T], seed: u64) -> Vec<T> {
    let mut out = v.to_vec();
    out.reverse();
    if !out.is_empty() {
        let n = out.len();
        out.rotate_left((seed as usize) % n);
    }
    out
}

fn curl(r: &Req, seed: u64) -> String {
    let mut s = format!(
        "curl -X {} '{}'",
        r.method,
        url(r, &shuffled(&r.query, seed))
    );
    for (k, v) in shuffled(&r.headers, seed / 3) {
        s.push_str(&format!(" \\\n  -H '{}: {v}'", recase(&k, seed / 7)));
    }
    if let Some(b) = &r.body {
        s.push_str(&format!(
            " \\\n  --data-raw '{}'",
            shuffled_json(b, seed, false).replace('\'', "'\\''")
        ));
    }
    s
}

fn raw_http(r: &Req, seed: u64) -> String {
    let mut s = format!("{} {}\n", r.method, url(r, &shuffled(&r.query, seed)));
    for (k, v) in shuffled(&r.headers, seed / 5) {
        s.push_str(&format!("{}:  {v}\n", recase(&k, seed / 11)));
    }
    if let Some(b) = &r.body {
        s.push('\n');
        s.push_str(&shuffled_json(b, seed, true));
        s.push('\n');
    }
    s
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn same_request_in_other_shapes_has_no_real_difference(
        r in request(),
        queries_object in any::<bool>(),
        shape in select(vec!["curl", "raw-http", "flow"]),
        seed in any::<u64>(),
    ) {
        let left = flow(&r, queries_object);
        let right = match shape {
            "curl" => curl(&r, seed),
            "raw-http" => raw_http(&r, seed),
            _ => {
                let mut r2 = r.clone();
                r2.headers = shuffled(&r.headers, seed)
                    .into_iter()
                    .map(|(k, v)| (recase(&k, seed / 3), v))
                    .collect();
                r2.query = shuffled(&r.query, seed / 5);
                flow(&r2, !queries_object)
            }
        };
        let opts = CompareOptions { now: Some(Timestamp(1_763_900_000)), ..CompareOptions::default() };
        let report = compare(&left, &right, &opts);
        prop_assert!(report.left.error.is_none(), "left: {:?}\n{}", report.left.error, left);
        prop_assert!(report.right.error.is_none(), "right: {:?}\n{}", report.right.error, right);
        let real: Vec<_> = report.differences.iter().filter(|d| !d.expected).collect();
        prop_assert!(real.is_empty(), "{:#?}\nleft:\n{}\nright:\n{}", real, left, right);
    }
}
