//! Property tests for the token inspector: JWTs built from random claims decode back to the same
//! claims, with or without base64 padding and the `Bearer ` scheme; mutated tokens never panic.
#![allow(clippy::unwrap_used)]

use authlens_core::redact::redact;
use authlens_core::token::{find_tokens, inspect, TokenContext};
use authlens_core::Timestamp;
use base64::Engine;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};

const NOW: i64 = 1_763_900_000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn guid() -> impl Strategy<Value = String> {
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
}

fn time_claim() -> impl Strategy<Value = Value> {
    // Known gap (reported, not fixed here): times beyond about ±2^62 s (e.g. `"iat": -1e253`,
    // which saturates to i64::MIN) overflow the time arithmetic of the token checks (a panic in
    // debug builds, wrong wording in release). Times are kept within ±10^12 s here.
    const R: i64 = 1_000_000_000_000;
    prop_oneof![
        8 => (NOW - 400_000_000..NOW + 400_000_000).prop_map(Value::from),
        1 => (-R..R).prop_map(Value::from),
        1 => (-1e12..1e12f64).prop_map(Value::from),
        1 => "[0-9]{1,12}".prop_map(Value::from),
    ]
}

fn audience() -> impl Strategy<Value = Value> {
    let one = prop_oneof![
        Just("https://graph.microsoft.com".to_string()),
        Just("https://management.azure.com/".to_string()),
        Just("00000003-0000-0000-c000-000000000000".to_string()),
        guid(),
        "api://[a-z0-9-]{1,20}",
        any::<String>(),
    ];
    prop_oneof![
        4 => one.clone().prop_map(Value::from),
        1 => prop::collection::vec(one, 0..4).prop_map(Value::from),
    ]
}

fn payload() -> impl Strategy<Value = Value> {
    (
        prop::option::of(audience()),
        prop::option::of(guid()),
        prop::option::of(time_claim()),
        prop::option::of(time_claim()),
        prop::option::of(time_claim()),
        prop::option::of(prop::collection::vec("[A-Za-z.]{1,20}", 0..5)),
        prop::option::of(prop::collection::vec("[A-Za-z.]{1,20}", 0..5)),
        prop::collection::btree_map("[a-z_]{1,12}", any::<String>(), 0..6),
    )
        .prop_map(|(aud, tid, exp, nbf, iat, scp, roles, extra)| {
            let mut m = Map::new();
            for (k, v) in extra {
                m.insert(k, Value::from(v));
            }
            if let Some(a) = aud {
                m.insert("aud".into(), a);
            }
            if let Some(t) = tid {
                m.insert(
                    "iss".into(),
                    Value::from(format!("https://sts.windows.net/{t}/")),
                );
                m.insert("tid".into(), Value::from(t));
            }
            for (k, v) in [("exp", exp), ("nbf", nbf), ("iat", iat)] {
                if let Some(v) = v {
                    m.insert(k.into(), v);
                }
            }
            if let Some(s) = scp {
                m.insert("scp".into(), Value::from(s.join(" ")));
            }
            if let Some(r) = roles {
                m.insert("roles".into(), Value::from(r));
            }
            Value::Object(m)
        })
}

fn header() -> impl Strategy<Value = Value> {
    (
        select(vec![
            "RS256", "RS384", "PS256", "ES256", "HS256", "none", "RSA-OAEP", "XX",
        ]),
        prop::option::of("[A-Za-z0-9_-]{1,30}"),
    )
        .prop_map(|(alg, kid)| {
            let mut h = json!({"typ": "JWT", "alg": alg});
            if let Some(k) = kid {
                h["kid"] = Value::from(k);
            }
            h
        })
}

fn encode(v: &Value, padded: bool) -> String {
    let bytes = v.to_string().into_bytes();
    if padded {
        base64::engine::general_purpose::URL_SAFE.encode(bytes)
    } else {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }
}

fn token() -> impl Strategy<Value = (Value, Value, String, bool)> {
    (
        header(),
        payload(),
        prop::collection::vec(any::<u8>(), 32..300),
        any::<bool>(),
    )
        .prop_map(|(h, p, sig, padded)| {
            let t = format!(
                "{}.{}.{}",
                encode(&h, padded),
                encode(&p, padded),
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sig)
            );
            (h, p, t, padded)
        })
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(usize, char),
    Insert(usize, char),
    Delete(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let ch = prop_oneof![
        select(vec![
            '.', '=', ' ', '"', '\\', '\n', '-', '_', '+', '/', '%', 'é'
        ]),
        any::<char>(),
    ];
    prop_oneof![
        (any::<usize>(), ch.clone()).prop_map(|(i, c)| Mutation::Replace(i, c)),
        (any::<usize>(), ch).prop_map(|(i, c)| Mutation::Insert(i, c)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(t: &str, muts: &[Mutation]) -> String {
    let mut chars: Vec<char> = t.chars().collect();
    for m in muts {
        let n = chars.len().max(1);
        match *m {
            Mutation::Replace(i, c) if !chars.is_empty() => chars[i % n] = c,
            Mutation::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
            Mutation::Delete(i) if !chars.is_empty() => {
                chars.remove(i % n);
            }
            Mutation::Truncate(i) => chars.truncate(i % (chars.len() + 1)),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn ctx() -> TokenContext {
    TokenContext {
        url: Some("GET https://graph.microsoft.com/v1.0/me".into()),
        ..TokenContext::new(Some(Timestamp(NOW)))
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn decodes_back_the_same_claims(
        (h, p, t, padded) in token(),
        scheme in select(vec!["", "Bearer ", "bearer ", "Authorization: Bearer "]),
    ) {
        let input = format!("{scheme}{t}");
        let report = inspect(&input, &ctx());
        prop_assert_eq!(report.kind.as_str(), "jwt", "input {}", input);
        // Compared with what a JSON parser reads back (serde_json's float parsing is not exact).
        let p: Value = serde_json::from_str(&p.to_string()).unwrap();
        prop_assert_eq!(report.payload.as_ref(), Some(&p));
        prop_assert_eq!(report.header.as_ref(), Some(&h));
        // The signature never reaches the redacted form.
        let sig = t.rsplit('.').next().unwrap();
        prop_assert!(!report.redacted.contains(sig));
        // Known gap (reported, not fixed here): `redact` does not see a padded JWT (`…=.sig`) as a
        // JWT and keeps its signature; only unpadded tokens are checked.
        if !padded {
            prop_assert!(!redact(&input).contains(sig));
        }
        // Found in a larger paste, at the right place.
        let paste = format!("{{\"headers\": {{\"Authorization\": \"Bearer {t}\"}}}}");
        let found = find_tokens(&paste);
        prop_assert!(found.iter().any(|f| f.span.slice(&paste) == t), "{:?}", found);
    }

    #[test]
    fn mutated_tokens_never_panic(
        (_, _, t, _) in token(),
        muts in prop::collection::vec(mutation(), 1..6),
    ) {
        let m = mutate(&t, &muts);
        for input in [m.clone(), format!("Bearer {m}"), format!("\"Bearer {m}\"")] {
            let report = inspect(&input, &ctx());
            prop_assert!(!report.kind.is_empty());
            for f in find_tokens(&input) {
                prop_assert!(input.get(f.span.start..f.span.end).is_some());
            }
            let once = redact(&input);
            prop_assert_eq!(redact(&once), once);
        }
    }
}

/// The JWT spans of the first `find_tokens` pass, by the plain definition: maximal runs of
/// `[A-Za-z0-9_.-]` (a run starts at a word byte) that begin with `eyJ`, have 2 or 4 dots (a
/// trailing sentence dot dropped), and whose first two segments have at least 4 bytes.
fn reference_jwt_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let tok = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !tok(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (tok(b[i]) || b[i] == b'.') {
            i += 1;
        }
        let mut end = i;
        let mut dots = b[start..end].iter().filter(|c| **c == b'.').count();
        if !b[start..end].starts_with(b"eyJ") {
            continue;
        }
        if dots == 3 && b[end - 1] == b'.' && b[end - 2] != b'.' {
            end -= 1;
            dots = 2;
        }
        let segs_ok = b[start..end]
            .split(|c| *c == b'.')
            .take(2)
            .all(|s| s.len() >= 4);
        if (dots == 2 || dots == 4) && segs_ok {
            out.push((start, end));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..config() })]

    /// The fast scan (memmem jumps between `eyJ` candidates) finds exactly the reference spans,
    /// on texts dense in the bytes that decide run boundaries.
    #[test]
    fn jwt_scan_matches_the_reference(parts in proptest::collection::vec(
        select(vec!["eyJ", "eyJhbGc", ".", "..", "a", "-", "_", " ", "\"", "x.", "eyJ0.eyJ1.sig", "Bearer "]),
        0..40,
    )) {
        let text: String = parts.concat();
        let found: Vec<(usize, usize)> = find_tokens(&text)
            .iter()
            .filter(|f| f.span.slice(&text).starts_with("eyJ"))
            .map(|f| (f.span.start, f.span.end))
            .collect();
        prop_assert_eq!(found, reference_jwt_spans(&text), "text: {:?}", text);
    }
}
