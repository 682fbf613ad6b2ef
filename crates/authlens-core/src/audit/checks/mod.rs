//! The audit checks: one static registry (code, name, category, severity, documentation, fix)
//! and the detection code, which finds facts in the model and leaves the wording to the registry.

mod connections;
mod expr;
mod flow;
mod http;
mod registry;

pub use connections::connection_summaries;
pub use registry::{reference_markdown, Check, CHECKS};

use super::parse::{seg, Conn, IdentityKind, Model, Node, Workflow};
use super::{AuditFinding, ConnectionSummary, DefinitionFormat};
use crate::redact::{redact, REDACTED};
use crate::report::Fix;
use crate::token::resource::{classify_aud, classify_host, parse_url, Api};
use connections::connection_checks;
use expr::known;
use flow::{access_control_checks, param_checks, secure_checks, trigger_checks};
use http::http_checks;
use serde_json::Value;
use std::collections::HashSet;

fn check(code: &str) -> &'static Check {
    CHECKS.iter().find(|c| c.code == code).unwrap_or(&CHECKS[0])
}

/// Builds findings; quotes pass through the one redaction function, and any secret value the
/// check knows about is masked on top, so a quote never carries it.
struct Out {
    findings: Vec<AuditFinding>,
}

impl Out {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        code: &str,
        title: String,
        explanation: String,
        action: &str,
        path: &str,
        quote: Option<String>,
        secret: Option<&str>,
    ) {
        let c = check(code);
        let evidence = quote.map(|q| {
            let mut r = redact(&q);
            if let Some(sv) = secret.map(str::trim).filter(|s| s.len() >= 4) {
                r = r.replace(sv, REDACTED);
            }
            r
        });
        // Explanations quote values too (audiences, issuers, expression text).
        let explanation = redact(&explanation);
        let explanation = match secret.map(str::trim).filter(|s| s.len() >= 4) {
            Some(sv) => explanation.replace(sv, REDACTED),
            None => explanation,
        };
        self.findings.push(AuditFinding {
            code: c.code,
            check: c.name,
            category: c.category,
            severity: c.severity,
            title,
            explanation,
            why: c.why,
            fix: Fix {
                location: c.fix_where.to_string(),
                steps: c.fix_steps.iter().map(|s| s.to_string()).collect(),
                avoid: None,
                if_it_recurs: None,
            },
            action: action.to_string(),
            path: path.to_string(),
            evidence,
        });
    }
}

// ---- action helpers -----------------------------------------------------------------------

fn is_http(n: &Node) -> bool {
    let k = n.kind();
    // A classic "Peek code" has no `type`: a method and a URI make it an HTTP action.
    let untyped_http = k.is_empty()
        && n.inputs()
            .is_some_and(|i| i.get("uri").is_some() && i.get("method").is_some());
    k.eq_ignore_ascii_case("Http") || k.eq_ignore_ascii_case("HttpWebhook") || untyped_http
}

fn headers(inputs: &Value) -> Vec<(String, String)> {
    inputs
        .get("headers")
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Header names whose values are keys or tokens: `x-api-key`, `Ocp-Apim-Subscription-Key`,
/// `x-functions-key`, `X-Auth-Token`, `client-secret`, … (compared without case or separators).
fn secret_header(name: &str) -> bool {
    let l: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "apikey",
        "secret",
        "password",
        "subscriptionkey",
        "functionskey",
        "accesskey",
        "authtoken",
        "accesstoken",
        "apitoken",
        "sessiontoken",
    ]
    .iter()
    .any(|k| l.contains(k))
        || matches!(l.as_str(), "token" | "key" | "xkey" | "xtoken")
}

/// Keys whose values are secrets in query strings, forms and JSON bodies.
const SECRET_FIELDS: &[&str] = &[
    "client_secret",
    "clientsecret",
    "password",
    "pwd",
    "secret",
    "api_key",
    "apikey",
    "api-key",
    "subscription-key",
    "refresh_token",
    "client_assertion",
    "accountkey",
    "sharedaccesskey",
    "access_token",
];

/// Keys that are secrets only in URLs (`code=` of an Azure Function, `sig=` of a SAS URL).
const SECRET_QUERY_ONLY: &[&str] = &["code", "sig", "key", "token"];

fn is_secret_field(k: &str, query: bool) -> bool {
    let l = k.to_ascii_lowercase();
    SECRET_FIELDS.contains(&l.as_str()) || (query && SECRET_QUERY_ONLY.contains(&l.as_str()))
}

/// `(key, value)` pairs of a query string or form body.
fn pairs(s: &str) -> Vec<(String, String)> {
    let q = match s.find('?') {
        Some(i) => &s[i + 1..],
        None => s,
    };
    q.split('&')
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

/// Secret-named string fields in a JSON body, with their paths.
fn body_secrets(v: &Value, path: &str, out: &mut Vec<(String, String, String)>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let p = format!("{path}{}", seg(k));
                match x {
                    Value::String(s) if is_secret_field(k, false) => {
                        out.push((k.clone(), s.clone(), p));
                    }
                    _ => body_secrets(x, &p, out, depth + 1),
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate().take(100) {
                body_secrets(x, &format!("{path}[{i}]"), out, depth + 1);
            }
        }
        Value::String(s) if s.contains('=') && !s.trim_start().starts_with('{') => {
            for (k, val) in pairs(s) {
                if is_secret_field(&k, false) {
                    out.push((k, val, path.to_string()));
                }
            }
        }
        _ => {}
    }
}

fn secure_data(n: &Node) -> (bool, bool) {
    let props: Vec<String> = n
        .value
        .get("runtimeConfiguration")
        .and_then(|r| r.get("secureData"))
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    (
        props.iter().any(|p| p == "inputs"),
        props.iter().any(|p| p == "outputs"),
    )
}

/// The connection key an action uses, in any of the platforms' shapes.
fn conn_key(n: &Node) -> Option<String> {
    let inputs = n.inputs()?;
    if let Some(sp) = inputs.get("serviceProviderConfiguration") {
        return sp
            .get("connectionName")
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    let host = inputs.get("host")?;
    if let Some(c) = host.get("connectionName").and_then(Value::as_str) {
        return Some(c.to_string());
    }
    let conn = host.get("connection")?;
    if let Some(r) = conn.get("referenceName").and_then(Value::as_str) {
        return Some(r.to_string());
    }
    let name = conn.get("name").and_then(Value::as_str)?;
    // `@parameters('$connections')['office365']['connectionId']`
    let i = name.find("$connections')['")?;
    let rest = &name[i + "$connections')['".len()..];
    rest.find('\'').map(|e| rest[..e].to_string())
}

/// Connections actions name that the paste does not describe (Peek code, a workflow.json
/// without its connections.json): added with what the connector alone says.
pub fn add_implied_connections(m: &mut Model) {
    let mut implied: Vec<Conn> = Vec::new();
    for w in &m.workflows {
        for n in &w.nodes {
            let Some(key) = conn_key(n) else { continue };
            if m.conns.iter().chain(implied.iter()).any(|c| c.key == key) {
                continue;
            }
            let inputs = n.inputs();
            let connector = inputs
                .and_then(|i| i.get("host"))
                .and_then(|h| h.get("apiId"))
                .or_else(|| {
                    inputs
                        .and_then(|i| i.get("serviceProviderConfiguration"))
                        .and_then(|c| c.get("serviceProviderId"))
                })
                .and_then(Value::as_str)
                .map_or(key.as_str(), |id| {
                    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
                })
                .to_string();
            let user = super::parse::connector_is_user_only(&connector);
            implied.push(Conn {
                key: key.clone(),
                connector,
                connection: None,
                identity: if user {
                    IdentityKind::User
                } else {
                    IdentityKind::Unknown
                },
                account: None,
                identity_from: if user {
                    "connector signs in as a user only"
                } else {
                    ""
                },
                path: format!("{}.inputs", n.path),
            });
        }
    }
    m.conns.extend(implied);
}

/// True when the action reads a secret from Key Vault (connector or built-in).
fn reads_key_vault_secret(n: &Node, conns: &[Conn]) -> bool {
    let Some(inputs) = n.inputs() else {
        return false;
    };
    let op = inputs
        .get("host")
        .and_then(|h| h.get("operationId"))
        .or_else(|| {
            inputs
                .get("serviceProviderConfiguration")
                .and_then(|s| s.get("operationId"))
        })
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    let path = inputs
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    let kv = conn_key(n)
        .and_then(|k| conns.iter().find(|c| c.key == k))
        .is_some_and(|c| c.connector.to_ascii_lowercase().contains("keyvault"))
        || inputs
            .get("serviceProviderConfiguration")
            .and_then(|s| s.get("serviceProviderId"))
            .and_then(Value::as_str)
            .is_some_and(|id| id.to_ascii_lowercase().contains("keyvault"));
    kv && (op.contains("secret") || path.contains("/secrets/"))
}

// ---- the checks ---------------------------------------------------------------------------

/// Runs every check over the model.
pub fn run(m: &Model) -> Vec<AuditFinding> {
    let mut out = Out {
        findings: Vec::new(),
    };
    let peek = m.format == DefinitionFormat::PeekCode;
    for w in &m.workflows {
        let known = known(w, m.format);
        let known_ref = (!peek).then_some(&known);
        for n in &w.nodes {
            http_checks(n, known_ref, &known, &mut out);
            secure_checks(n, m, &mut out);
            trigger_checks(n, m, &mut out);
        }
        access_control_checks(w, &mut out);
        param_checks(&w.params, w, &mut out);
    }
    if let Some(w) = m.workflows.first() {
        param_checks(&m.template_params, w, &mut out);
    }
    connection_checks(m, &mut out);
    out.findings
}

#[cfg(test)]
mod tests;
