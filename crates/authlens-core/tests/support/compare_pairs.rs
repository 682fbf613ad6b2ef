//! Shared by the compare fixture harness (`compare_fixtures.rs`) and the CLI's test that runs
//! the same pairs through `authlens compare`: reads a pair's sides, replacing `%%JWT_…%%`
//! placeholders with made-up JWTs built here.
#![allow(dead_code, clippy::unwrap_used)]

use base64::Engine as _;
use serde_json::json;
use std::fs;
use std::path::Path;

pub const T1: &str = "11111111-1111-1111-1111-111111111111";
pub const T2: &str = "22222222-2222-2222-2222-222222222222";
pub const A1: &str = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
pub const A2: &str = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb";
pub const SIG: &str = "c2lnbmF0dXJlLW5vdC1yZWFs";

pub fn jwt(claims: serde_json::Value) -> String {
    let e = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string().as_bytes())
    };
    format!(
        "{}.{}.{SIG}",
        e(&json!({"typ": "JWT", "alg": "RS256", "kid": "k1"})),
        e(&claims)
    )
}

pub fn tokens() -> Vec<(&'static str, String)> {
    let graph = |extra: serde_json::Value| {
        let mut c = json!({
            "aud": "https://graph.microsoft.com",
            "iss": format!("https://sts.windows.net/{T1}/"),
            "iat": 1_899_990_000, "nbf": 1_899_990_000, "exp": 1_900_000_000,
            "tid": T1, "appid": A1, "scp": "User.Read Mail.Read", "upn": "someone@contoso.example"
        });
        if let (Some(o), Some(x)) = (c.as_object_mut(), extra.as_object()) {
            for (k, v) in x {
                o.insert(k.clone(), v.clone());
            }
        }
        jwt(c)
    };
    vec![
        ("%%JWT_GRAPH%%", graph(json!({}))),
        (
            "%%JWT_GRAPH_LATER%%",
            graph(json!({"iat": 1_899_995_000, "exp": 1_900_005_000})),
        ),
        (
            "%%JWT_ARM%%",
            graph(json!({"aud": "https://management.azure.com/", "scp": "user_impersonation"})),
        ),
        (
            "%%JWT_DATAVERSE%%",
            graph(json!({"aud": "https://org1.crm4.dynamics.com", "scp": "user_impersonation"})),
        ),
        (
            "%%JWT_TENANT2_APP2%%",
            graph(json!({"tid": T2, "iss": format!("https://sts.windows.net/{T2}/"), "appid": A2})),
        ),
        ("%%JWT_EXPIRED%%", graph(json!({"exp": 1_600_000_000}))),
        (
            "%%JWT_ROLES%%",
            graph(
                json!({"aud": "00000003-0000-0ff1-ce00-000000000000", "scp": null, "roles": ["Sites.Read.All"]}),
            ),
        ),
        (
            "%%JWT_NO_ROLES%%",
            graph(json!({"aud": "00000003-0000-0ff1-ce00-000000000000", "scp": null})),
        ),
    ]
}

pub fn read_side(dir: &Path, prefix: &str) -> String {
    let mut found = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{prefix}.")))
        })
        .collect::<Vec<_>>();
    assert_eq!(
        found.len(),
        1,
        "{}: exactly one {prefix}.* file",
        dir.display()
    );
    let mut text = fs::read_to_string(found.remove(0)).unwrap();
    for (k, v) in tokens() {
        text = text.replace(k, &v);
    }
    assert!(
        !text.contains("%%JWT"),
        "{}: unknown placeholder",
        dir.display()
    );
    text
}

/// The `pick_left=`, `pick_right=` and `now=` directives of a pair's `expected.txt`.
pub fn directives(dir: &Path) -> Vec<(String, String)> {
    fs::read_to_string(dir.join("expected.txt"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| matches!(*k, "pick_left" | "pick_right" | "now"))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
