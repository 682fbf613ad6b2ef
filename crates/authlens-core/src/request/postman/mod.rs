//! Postman Collection v2.0 / v2.1 exports: nested folders, `{{variables}}`, the Auth tab and its
//! inheritance from folders and the collection.

use super::model::{self, Auth, Body, Header};
use super::{assemble, header, Candidate, ParsedSide, Pick, Request};
use serde_json::{Map, Value};

mod vars;

pub(crate) use vars::with_environment;
use vars::Vars;

pub(crate) fn is_collection(v: &Value) -> bool {
    let schema = v
        .pointer("/info/schema")
        .and_then(Value::as_str)
        .unwrap_or("");
    schema.contains("collection/v2") || (v.get("info").is_some() && v.get("item").is_some())
}

/// A request found in the tree, with the auth settings of its ancestors (nearest first).
struct Found<'a> {
    path: String,
    name: String,
    request: &'a Value,
    inherited_auth: Vec<&'a Value>,
}

fn walk<'a>(
    items: &'a Value,
    prefix: &str,
    parents_auth: &[&'a Value],
    out: &mut Vec<Found<'a>>,
    depth: usize,
) {
    let Some(arr) = items.as_array() else {
        return;
    };
    if depth > 64 {
        return;
    }
    for it in arr {
        let name = it
            .get("name")
            .map(model::json_scalar_text)
            .unwrap_or_default();
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if let Some(sub) = it.get("item") {
            let mut chain: Vec<&Value> = Vec::new();
            if let Some(a) = it.get("auth").filter(|a| !a.is_null()) {
                chain.push(a);
            }
            chain.extend_from_slice(parents_auth);
            walk(sub, &path, &chain, out, depth + 1);
        } else if let Some(req) = it.get("request") {
            out.push(Found {
                path,
                name,
                request: req,
                inherited_auth: parents_auth.to_vec(),
            });
        }
    }
}

pub(crate) fn parse_collection(
    v: &Value,
    pick: Pick,
    side: &mut ParsedSide,
) -> Result<Request, String> {
    let schema = v
        .pointer("/info/schema")
        .and_then(Value::as_str)
        .unwrap_or("");
    if schema.contains("v1.") {
        return Err("this is a Postman Collection v1 export; export it again as v2.1".into());
    }
    let mut root_auth: Vec<&Value> = Vec::new();
    if let Some(a) = v.get("auth").filter(|a| !a.is_null()) {
        root_auth.push(a);
    }
    let mut found = Vec::new();
    if let Some(items) = v.get("item") {
        walk(items, "", &root_auth, &mut found, 0);
    }
    side.picks = found.iter().map(|f| f.path.clone()).collect();
    let vars = Vars::new(v.get("variable"));
    side.candidates = found.iter().map(|f| candidate(f.request, &vars)).collect();
    if found.is_empty() {
        return Err("the Postman collection contains no request".into());
    }
    let chosen = match pick {
        Pick::Index(n) if n < found.len() => &found[n],
        Pick::First | Pick::Index(_) => {
            if found.len() > 1 {
                side.notes.push(format!(
                    "the collection holds {} requests; the first (`{}`) was used — pick another \
                     by name",
                    found.len(),
                    found[0].path
                ));
            }
            &found[0]
        }
        Pick::Given(p) => {
            let pl = p.to_ascii_lowercase();
            found
                .iter()
                .find(|f| f.path == p || f.name == p)
                .or_else(|| {
                    found
                        .iter()
                        .find(|f| f.path.eq_ignore_ascii_case(p) || f.name.eq_ignore_ascii_case(p))
                })
                .or_else(|| {
                    found
                        .iter()
                        .find(|f| f.path.to_ascii_lowercase().contains(&pl))
                })
                .ok_or_else(|| {
                    format!(
                        "no request named `{p}` in the collection; available: {}",
                        side.picks.join(", ")
                    )
                })?
        }
    };
    side.picked = Some(chosen.path.clone());
    side.picked_index = found.iter().position(|f| std::ptr::eq(f, chosen));
    // A Vec, sorted and deduplicated below: a BTreeSet costs its own code in the page's wasm.
    let mut unresolved = Vec::new();
    let req = chosen.request;
    let r = build_request(req, chosen, &vars, &mut unresolved, side);
    if !unresolved.is_empty() {
        let list: Vec<String> = crate::order::sorted_unique(unresolved)
            .iter()
            .map(|n| format!("{{{{{n}}}}}"))
            .collect();
        side.notes.push(format!(
            "unresolved Postman variables: {} (defined in an environment or globals that were \
             not pasted, or dynamic)",
            list.join(", ")
        ));
    }
    r
}

/// The method and URL of a request, variables resolved where known: what the best-match pick
/// compares with the other side.
fn candidate(req: &Value, vars: &Vars) -> Candidate {
    let mut ignored = Vec::new();
    match req {
        Value::String(u) => Candidate {
            method: "GET".into(),
            url: vars.resolve(u, &mut ignored),
        },
        _ => Candidate {
            method: str_of(req.get("method")),
            url: url_text(req.get("url"), vars, &mut ignored),
        },
    }
}

fn str_of(v: Option<&Value>) -> String {
    v.map(model::json_scalar_text).unwrap_or_default()
}

fn url_text(u: Option<&Value>, vars: &Vars, unresolved: &mut Vec<String>) -> String {
    match u {
        Some(Value::String(s)) => vars.resolve(s, unresolved),
        Some(Value::Object(o)) => {
            if let Some(Value::String(raw)) = o.get("raw") {
                return vars.resolve(raw, unresolved);
            }
            let join = |k: &str, sep: &str| -> String {
                match o.get(k) {
                    Some(Value::Array(a)) => a
                        .iter()
                        .map(model::json_scalar_text)
                        .collect::<Vec<_>>()
                        .join(sep),
                    Some(other) => model::json_scalar_text(other),
                    None => String::new(),
                }
            };
            let mut s = String::new();
            let proto = str_of(o.get("protocol"));
            if !proto.is_empty() {
                s.push_str(&proto);
                s.push_str("://");
            }
            s.push_str(&join("host", "."));
            let port = str_of(o.get("port"));
            if !port.is_empty() {
                s.push(':');
                s.push_str(&port);
            }
            let path = join("path", "/");
            if !path.is_empty() {
                s.push('/');
                s.push_str(&path);
            }
            let mut q = Vec::new();
            if let Some(Value::Array(a)) = o.get("query") {
                for p in a {
                    if p.get("disabled").and_then(Value::as_bool) == Some(true) {
                        continue;
                    }
                    q.push(format!(
                        "{}={}",
                        str_of(p.get("key")),
                        str_of(p.get("value"))
                    ));
                }
            }
            if !q.is_empty() {
                s.push('?');
                s.push_str(&q.join("&"));
            }
            vars.resolve(&s, unresolved)
        }
        _ => String::new(),
    }
}

/// Reads a Postman auth object into `(key → value)` pairs (v2.1 arrays or v2.0 objects).
fn auth_params(a: &Map<String, Value>, ty: &str) -> Vec<(String, String)> {
    match a.get(ty) {
        Some(Value::Array(arr)) => arr
            .iter()
            .map(|p| (str_of(p.get("key")), str_of(p.get("value"))))
            .collect(),
        Some(Value::Object(o)) => o
            .iter()
            .map(|(k, v)| (k.clone(), model::json_scalar_text(v)))
            .collect(),
        _ => Vec::new(),
    }
}

enum AuthOutcome {
    None,
    Auth(Auth),
    ApiKey {
        auth: Auth,
        name: String,
        value: String,
        in_query: bool,
    },
}

fn read_auth(
    a: &Value,
    vars: &Vars,
    unresolved: &mut Vec<String>,
    side: &mut ParsedSide,
) -> Option<AuthOutcome> {
    let o = a.as_object()?;
    let ty = str_of(o.get("type")).to_ascii_lowercase();
    let params = auth_params(o, &ty);
    let p = |k: &str, unresolved: &mut Vec<String>| -> String {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| vars.resolve(v, unresolved))
            .unwrap_or_default()
    };
    let src = "postman-auth";
    Some(match ty.as_str() {
        "inherit" | "" => return None,
        "noauth" => AuthOutcome::None,
        "bearer" => AuthOutcome::Auth(model::bearer_auth(&p("token", unresolved), src)),
        "basic" => AuthOutcome::Auth(model::basic_auth(
            &p("username", unresolved),
            &p("password", unresolved),
            src,
        )),
        "apikey" => {
            let name = p("key", unresolved);
            let value = p("value", unresolved);
            let in_query = p("in", unresolved).eq_ignore_ascii_case("query");
            let auth = Auth {
                scheme: "apikey".into(),
                source: src.into(),
                raw_value: format!("{name}: {}", model::mask(&value)),
                key_name: Some(name.clone()),
                key_in: Some(if in_query { "query" } else { "header" }.into()),
                secret: Some(value.clone()),
                ..Auth::default()
            };
            AuthOutcome::ApiKey {
                auth,
                name,
                value,
                in_query,
            }
        }
        "oauth2" => {
            let token = p("accessToken", unresolved);
            if !token.is_empty() {
                let prefix = p("headerPrefix", unresolved);
                let prefix = if prefix.is_empty() {
                    "Bearer".into()
                } else {
                    prefix
                };
                let mut a = model::auth_from_header_value(&format!("{prefix} {token}"), src);
                a.source = src.into();
                AuthOutcome::Auth(a)
            } else {
                let token_url = p("accessTokenUrl", unresolved);
                let tenant = token_url
                    .split("login.microsoftonline.com/")
                    .nth(1)
                    .and_then(|r| r.split('/').next())
                    .map(str::to_string);
                let scope = p("scope", unresolved);
                let audience = scope
                    .split_whitespace()
                    .next()
                    .map(|s| s.trim_end_matches("/.default").to_string())
                    .filter(|s| !s.is_empty());
                let secret = p("clientSecret", unresolved);
                side.notes.push(
                    "the OAuth 2.0 tab holds no current access token; its settings are compared \
                     instead"
                        .into(),
                );
                AuthOutcome::Auth(Auth {
                    scheme: "oauth2-client-credentials".into(),
                    source: src.into(),
                    raw_value: format!(
                        "OAuth 2.0 {}: token URL {}, scope {}",
                        p("grant_type", unresolved),
                        token_url,
                        scope
                    ),
                    tenant,
                    audience,
                    client_id: Some(p("clientId", unresolved)).filter(|s| !s.is_empty()),
                    secret: Some(secret).filter(|s| !s.is_empty()),
                    ..Auth::default()
                })
            }
        }
        other => AuthOutcome::Auth(Auth {
            scheme: "other".into(),
            source: src.into(),
            raw_value: format!("Postman {other} auth"),
            ..Auth::default()
        }),
    })
}

fn build_request(
    req: &Value,
    found: &Found,
    vars: &Vars,
    unresolved: &mut Vec<String>,
    side: &mut ParsedSide,
) -> Result<Request, String> {
    // v2 allows a request to be just its URL.
    if let Value::String(u) = req {
        let url = vars.resolve(u, unresolved);
        return assemble("GET", &url, Vec::new(), None, Body::None, side);
    }
    let Some(r) = req.as_object() else {
        return Err(format!("the request `{}` is not an object", found.path));
    };
    let method = {
        let m = str_of(r.get("method"));
        if m.is_empty() {
            "GET".to_string()
        } else {
            m
        }
    };
    let url = url_text(r.get("url"), vars, unresolved);
    if url.is_empty() {
        return Err(format!("the request `{}` has no URL", found.path));
    }
    let mut headers: Vec<Header> = Vec::new();
    match r.get("header") {
        Some(Value::Array(a)) => {
            for h in a {
                if h.get("disabled").and_then(Value::as_bool) == Some(true) {
                    continue;
                }
                let k = vars.resolve(&str_of(h.get("key")), unresolved);
                let v = vars.resolve(&str_of(h.get("value")), unresolved);
                if !k.is_empty() {
                    headers.push(header(&k, &v));
                }
            }
        }
        Some(Value::String(s)) => {
            for line in s.lines() {
                if let Some((k, v)) = line.split_once(':') {
                    headers.push(header(
                        &vars.resolve(k, unresolved),
                        &vars.resolve(v, unresolved),
                    ));
                }
            }
        }
        _ => {}
    }
    let has_ct = |h: &[Header]| {
        h.iter()
            .any(|x| x.name.eq_ignore_ascii_case("content-type"))
    };
    let mut body = Body::None;
    if let Some(bv @ Value::Object(b)) = r.get("body") {
        if b.get("disabled").and_then(Value::as_bool) != Some(true) {
            let mode = str_of(b.get("mode"));
            match mode.as_str() {
                "raw" => {
                    let text = vars.resolve(&str_of(b.get("raw")), unresolved);
                    let lang = bv
                        .pointer("/options/raw/language")
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    if lang == "json" && !has_ct(&headers) && !text.trim().is_empty() {
                        headers.push(header("Content-Type", "application/json"));
                        side.notes.push(
                            "Postman adds `Content-Type: application/json` for a raw JSON body; \
                             it was added"
                                .into(),
                        );
                    }
                    let ct = headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
                        .map(|h| h.value.clone());
                    body = model::body_from_text(&text, ct.as_deref());
                }
                "urlencoded" | "formdata" => {
                    let mut params = Vec::new();
                    if let Some(Value::Array(a)) = b.get(mode.as_str()) {
                        for p in a {
                            if p.get("disabled").and_then(Value::as_bool) == Some(true) {
                                continue;
                            }
                            let key = vars.resolve(&str_of(p.get("key")), unresolved);
                            let value = if str_of(p.get("type")) == "file" {
                                crate::request::multipart::file_value(&str_of(p.get("src")))
                            } else {
                                vars.resolve(&str_of(p.get("value")), unresolved)
                            };
                            params.push((key, value));
                        }
                    }
                    if mode == "urlencoded" && !has_ct(&headers) {
                        headers.push(header("Content-Type", "application/x-www-form-urlencoded"));
                    }
                    if mode == "formdata" && !has_ct(&headers) {
                        headers.push(header("Content-Type", "multipart/form-data"));
                    }
                    if mode == "formdata" {
                        side.notes
                            .push("the multipart form-data body is compared as parameters".into());
                    }
                    if !params.is_empty() {
                        body = Body::Form(params);
                    }
                }
                "graphql" => {
                    let q = bv.pointer("/graphql/query").cloned().unwrap_or(Value::Null);
                    let v = bv
                        .pointer("/graphql/variables")
                        .cloned()
                        .unwrap_or(Value::Null);
                    let vars_v = match v {
                        Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
                        other => other,
                    };
                    body = Body::Json(serde_json::json!({"query": q, "variables": vars_v}));
                }
                "file" => side
                    .notes
                    .push("the body is a file, which is not in the export".into()),
                _ => {}
            }
        }
    }
    // Auth: the request's own, else the nearest folder's, else the collection's.
    let mut outcome = r
        .get("auth")
        .filter(|a| !a.is_null())
        .and_then(|a| read_auth(a, vars, unresolved, side));
    if outcome.is_none() {
        for a in &found.inherited_auth {
            if let Some(o) = read_auth(a, vars, unresolved, side) {
                outcome = Some(o);
                side.notes.push(
                    "the request inherits its auth from a parent folder or the collection".into(),
                );
                break;
            }
        }
    }
    let mut url = url;
    let auth = match outcome {
        None | Some(AuthOutcome::None) => None,
        Some(AuthOutcome::Auth(a)) => Some(a),
        Some(AuthOutcome::ApiKey {
            auth,
            name,
            value,
            in_query,
        }) => {
            if in_query {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str(&format!(
                    "{}={}",
                    model::encode_component(&name),
                    model::encode_component(&value)
                ));
            } else {
                headers.push(header(&name, &value));
            }
            Some(auth)
        }
    };
    assemble(&method, &url, headers, auth, body, side)
}
