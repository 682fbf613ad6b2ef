//! Power Automate / Logic Apps HTTP action "raw inputs": `uri`, `method`, `headers`, `queries`,
//! `body`, `authentication`; possibly wrapped in `{"inputs": {...}}`.

use super::model::{self, Auth, Body, Header};
use super::{assemble, header, ParsedSide, Request};
use serde_json::{Map, Value};

fn inner(v: &Value) -> Option<&Map<String, Value>> {
    let o = v.as_object()?;
    let has_uri = |o: &Map<String, Value>| o.keys().any(|k| k.eq_ignore_ascii_case("uri"));
    if has_uri(o) {
        return Some(o);
    }
    match o.get("inputs") {
        Some(Value::Object(i)) if has_uri(i) => Some(i),
        _ => None,
    }
}

pub(crate) fn is_flow(v: &Value) -> bool {
    inner(v).is_some()
}

fn get<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    o.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn get_str(o: &Map<String, Value>, key: &str) -> Option<String> {
    get(o, key).map(model::json_scalar_text)
}

const SANITIZED: &str = "*sanitized*";

pub(crate) fn parse_flow(v: &Value, side: &mut ParsedSide) -> Result<Request, String> {
    let Some(o) = inner(v) else {
        return Err("the raw inputs have no `uri`".into());
    };
    if v.get("inputs").is_some() {
        side.notes
            .push("read the `inputs` object of the pasted action".into());
    }
    let uri = match get(o, "uri") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(format!("`uri` should be a string, found {other}")),
        None => return Err("the raw inputs have no `uri`".into()),
    };
    let method = match get(o, "method") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(format!("`method` should be a string, found {other}")),
        None => {
            side.notes
                .push("no `method` in the raw inputs; GET assumed".into());
            "GET".into()
        }
    };
    let mut headers: Vec<Header> = Vec::new();
    match get(o, "headers") {
        Some(Value::Object(h)) => {
            for (k, v) in h {
                match v {
                    Value::Array(vals) => {
                        for x in vals {
                            headers.push(header(k, &model::json_scalar_text(x)));
                        }
                    }
                    other => headers.push(header(k, &model::json_scalar_text(other))),
                }
            }
        }
        Some(Value::Null) | None => {}
        Some(other) => {
            return Err(format!(
                "`headers` should be an object of name: value, found {}",
                crate::text::shorten(&other.to_string(), 60)
            ))
        }
    }
    let mut uri_full = uri.clone();
    if let Some(Value::Object(q)) = get(o, "queries") {
        let mut extra = Vec::new();
        for (k, v) in q {
            extra.push(format!(
                "{}={}",
                model::encode_component(k),
                model::encode_component(&model::json_scalar_text(v))
            ));
        }
        if !extra.is_empty() {
            uri_full.push(if uri.contains('?') { '&' } else { '?' });
            uri_full.push_str(&extra.join("&"));
        }
    }
    let content_type = headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| h.value.clone());
    let body = match get(o, "body") {
        None | Some(Value::Null) => Body::None,
        Some(Value::String(s)) => {
            let b = model::body_from_text(s, content_type.as_deref());
            if let Body::Json(Value::String(_)) = b {
                side.notes
                    .push("the body is a JSON string, not an object".into());
            }
            b
        }
        Some(Value::Object(m)) if m.contains_key("$multipart") => {
            if content_type.is_none() {
                let ct = get_str(m, "$content-type").unwrap_or("multipart/form-data".into());
                headers.push(header("Content-Type", &ct));
            }
            Body::Form(super::multipart::flow_fields(m).unwrap_or_default())
        }
        Some(Value::Object(m)) if m.contains_key("$content") => {
            side.notes.push(
                "the body is a `$content` envelope (binary or base64 content); compared as text"
                    .into(),
            );
            Body::Text(get_str(m, "$content").unwrap_or_default())
        }
        Some(other) => {
            if content_type
                .as_deref()
                .is_some_and(|c| c.to_ascii_lowercase().contains("x-www-form-urlencoded"))
            {
                side.notes.push(
                    "the Content-Type is form-urlencoded but the body is JSON: it is sent as JSON \
                     text"
                        .into(),
                );
            }
            Body::Json(other.clone())
        }
    };
    let auth = match get(o, "authentication") {
        Some(Value::Object(a)) => Some(flow_auth(a, side)?),
        Some(Value::Null) | None => None,
        Some(other) => {
            return Err(format!(
                "`authentication` should be an object with a `type`, found {}",
                crate::text::shorten(&other.to_string(), 60)
            ))
        }
    };
    assemble(&method, &uri_full, headers, auth, body, side)
}

fn flow_auth(a: &Map<String, Value>, side: &mut ParsedSide) -> Result<Auth, String> {
    let ty = get_str(a, "type").unwrap_or_default();
    let src = "flow-authentication";
    let secret_of = |k: &str, side: &mut ParsedSide| -> Option<String> {
        let s = get_str(a, k)?;
        if s == SANITIZED {
            side.notes.push(format!(
                "the run history hides `authentication.{k}` (*sanitized*); it cannot be compared"
            ));
        }
        Some(s)
    };
    let mut auth = match ty.to_ascii_lowercase().as_str() {
        "raw" => {
            let v = get_str(a, "value").unwrap_or_default();
            if v == SANITIZED {
                side.notes.push(
                    "the run history hides the Raw authentication value (*sanitized*)".into(),
                );
                let mut x = Auth {
                    scheme: "other".into(),
                    raw_value: SANITIZED.into(),
                    ..Auth::default()
                };
                x.problems.push("secret-hidden-by-run-history".into());
                x
            } else {
                model::auth_from_header_value(&v, src)
            }
        }
        "basic" => {
            let u = get_str(a, "username").unwrap_or_default();
            let p = secret_of("password", side).unwrap_or_default();
            let mut x = model::basic_auth(&u, &p, src);
            if p == SANITIZED {
                x.password_length = None;
                x.secret = None;
                x.raw_value = format!("Basic {u}:{SANITIZED}");
                x.problems.push("secret-hidden-by-run-history".into());
            }
            x
        }
        "activedirectoryoauth" => {
            let secret = secret_of("secret", side).or_else(|| secret_of("pfx", side));
            let mut x = Auth {
                scheme: "oauth2-client-credentials".into(),
                tenant: get_str(a, "tenant"),
                audience: get_str(a, "audience"),
                client_id: get_str(a, "clientId"),
                ..Auth::default()
            };
            x.raw_value = format!(
                "client credentials: tenant {}, audience {}, client {}{}",
                x.tenant.as_deref().unwrap_or("?"),
                x.audience.as_deref().unwrap_or("?"),
                x.client_id.as_deref().unwrap_or("?"),
                if get(a, "pfx").is_some() {
                    ", certificate"
                } else {
                    ", secret"
                }
            );
            if secret.as_deref() == Some(SANITIZED) {
                x.problems.push("secret-hidden-by-run-history".into());
            } else {
                x.secret = secret;
            }
            x
        }
        "managedserviceidentity" => {
            let mut x = Auth {
                scheme: "managed-identity".into(),
                audience: get_str(a, "audience"),
                identity: get_str(a, "identity"),
                ..Auth::default()
            };
            x.raw_value = format!(
                "managed identity {} for audience {}",
                x.identity.as_deref().unwrap_or("(system-assigned)"),
                x.audience.as_deref().unwrap_or("?")
            );
            x
        }
        "clientcertificate" => {
            let pfx = get_str(a, "pfx");
            Auth {
                scheme: "client-certificate".into(),
                raw_value: "client certificate (pfx hidden)".into(),
                secret: pfx.filter(|p| p != SANITIZED),
                ..Auth::default()
            }
        }
        "" => return Err("`authentication` has no `type`".into()),
        other => Auth {
            scheme: "other".into(),
            raw_value: format!("{other} authentication"),
            ..Auth::default()
        },
    };
    auth.source = src.into();
    let all_text = a
        .values()
        .map(model::json_scalar_text)
        .collect::<Vec<_>>()
        .join(" ");
    if model::has_expression(&all_text)
        && !auth.problems.iter().any(|p| p == "unevaluated-expression")
    {
        auth.problems.push("unevaluated-expression".into());
    }
    Ok(auth)
}
