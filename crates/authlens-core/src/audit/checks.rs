//! The audit checks: one static registry (code, name, category, severity, documentation, fix)
//! and the detection code, which finds facts in the model and leaves the wording to the registry.

use super::parse::{seg, Conn, IdentityKind, Model, Node, Workflow};
use super::{AuditFinding, ConnectionSummary, DefinitionFormat};
use crate::category::Category;
use crate::redact::{redact, REDACTED};
use crate::report::{Fix, Severity};
use crate::token::resource::{classify_aud, classify_host, parse_url, Api};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;

/// One documented check.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Check {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub title: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// Where the fix lives.
    #[serde(rename = "where")]
    pub fix_where: &'static str,
    pub fix_steps: &'static [&'static str],
}

use Category as C;
use Severity as S;

/// Every check, sorted by code. Codes are never reused.
pub const CHECKS: &[Check] = &[
    Check {
        code: "AU001",
        name: "literal-bearer-token",
        category: C::ExpiredOrRevokedCredential,
        severity: S::Error,
        title: "HTTP action sends a fixed bearer token",
        why: "An access token pasted into an action is valid for about an hour (60–90 minutes for Entra ID tokens). After that every run fails with 401 invalid_token, and anyone who can read the definition can use the token until it expires.",
        fix_where: "the HTTP action's Authentication settings",
        fix_steps: &[
            "Remove the token from the header, URI or body.",
            "Set Authentication to Managed identity (Logic Apps) or Active Directory OAuth with the client secret from a secure parameter or Key Vault, so a fresh token is fetched on every run.",
            "If the API needs a token you must fetch yourself, add an HTTP action to the token endpoint before it and use its output (with secure outputs on).",
        ],
    },
    Check {
        code: "AU002",
        name: "literal-secret-in-http-action",
        category: C::InvalidClientCredentials,
        severity: S::Warning,
        title: "HTTP action holds a key or password in plain text",
        why: "A key, password or client secret typed into the action breaks the run the day it is rotated, and it is visible to everyone who can open the flow, its exports and its run history.",
        fix_where: "the HTTP action's inputs",
        fix_steps: &[
            "Move the value to a secure parameter (securestring), an environment variable of type Secret, or Azure Key Vault.",
            "Reference it from the action with an expression and turn on secure inputs.",
            "Rotate the value: treat the one in the definition as leaked.",
        ],
    },
    Check {
        code: "AU003",
        name: "secret-without-secure-inputs",
        category: C::ExpiredOrRevokedCredential,
        severity: S::Warning,
        title: "Action handles a credential without secure inputs or outputs",
        why: "Without secure inputs/outputs the run history shows the header, secret or token the action sends or receives, to everyone with access to the runs. A credential seen there has to be treated as leaked and revoked, which breaks every consumer.",
        fix_where: "the action's Settings → Secure inputs / Secure outputs",
        fix_steps: &[
            "Open the action's Settings and turn on Secure inputs (and Secure outputs when it returns a secret or token).",
            "Do the same on the actions that receive the value afterwards.",
            "Rotate any credential already visible in past runs.",
        ],
    },
    Check {
        code: "AU004",
        name: "authorization-header-quoted",
        category: C::MalformedAuthorizationHeader,
        severity: S::Error,
        title: "Authorization header is wrapped in quotes",
        why: "The quote characters are sent as part of the header value; APIs then read no valid scheme and reject the call with 401.",
        fix_where: "the HTTP action's Headers",
        fix_steps: &[
            "Remove the quotes around the header value: it should read Bearer followed by the token.",
        ],
    },
    Check {
        code: "AU005",
        name: "authorization-header-doubled-scheme",
        category: C::MalformedAuthorizationHeader,
        severity: S::Error,
        title: "Authorization header repeats the scheme (Bearer Bearer)",
        why: "The header ends up as `Bearer Bearer <token>`: the API reads `Bearer` as the token and rejects the call with 401.",
        fix_where: "the HTTP action's Headers (or the variable that builds the token)",
        fix_steps: &[
            "Write the scheme once: either in the header (`Bearer @{…}` with the bare token) or in the value you build, not both.",
        ],
    },
    Check {
        code: "AU006",
        name: "authorization-header-missing-scheme",
        category: C::MalformedAuthorizationHeader,
        severity: S::Error,
        title: "Authorization header sends a token without a scheme",
        why: "A token endpoint's `access_token` is the bare token. Sent as the whole header value, without `Bearer `, APIs reject the call with 401.",
        fix_where: "the HTTP action's Headers",
        fix_steps: &["Prefix the value with `Bearer ` (one space) before the expression."],
    },
    Check {
        code: "AU007",
        name: "authorization-expression-cannot-evaluate",
        category: C::MalformedAuthorizationHeader,
        severity: S::Error,
        title: "Credential expression cannot evaluate",
        why: "An expression that is unbalanced, written inside text without `@{…}`, or that names an action, variable or parameter the definition does not have, either fails the action or sends the expression text itself as the credential.",
        fix_where: "the action's expression",
        fix_steps: &[
            "Inside text, wrap expressions as `@{…}`; a bare `@` in the middle of text is sent literally.",
            "Check that every action, variable and parameter the expression names exists under that exact name (spaces become underscores).",
        ],
    },
    Check {
        code: "AU008",
        name: "oauth-audience-mismatch",
        category: C::WrongAudience,
        severity: S::Error,
        title: "OAuth audience does not fit the URL called",
        why: "The token is issued for the audience in the action's authentication settings; an API called with a token for another resource rejects it with 401 (wrong audience).",
        fix_where: "the HTTP action's Authentication → Audience",
        fix_steps: &[
            "Set Audience to the resource of the URL called (for example https://graph.microsoft.com for Microsoft Graph, https://<tenant>.sharepoint.com for SharePoint, https://vault.azure.net for Key Vault).",
            "Give the resource identifier, not a scope: no `/.default` or permission name.",
        ],
    },
    Check {
        code: "AU009",
        name: "oauth-tenant-missing",
        category: C::WrongTenant,
        severity: S::Error,
        title: "Active Directory OAuth has no specific tenant",
        why: "Client credentials need the tenant that holds the app and the resource. Without one, or with `common` / `organizations`, the token request fails or lands in the wrong tenant.",
        fix_where: "the HTTP action's Authentication → Tenant",
        fix_steps: &["Set Tenant to the directory (tenant) ID or the tenant's domain."],
    },
    Check {
        code: "AU010",
        name: "oauth-secret-literal",
        category: C::InvalidClientCredentials,
        severity: S::Warning,
        title: "Authentication secret typed into the action",
        why: "A client secret, password or certificate typed into the authentication settings breaks the action when it is rotated or expires (client secrets last at most 24 months), and it travels with every export of the definition.",
        fix_where: "the HTTP action's Authentication settings",
        fix_steps: &[
            "Use a managed identity where the API accepts Entra ID tokens.",
            "Otherwise reference the secret from a securestring parameter or Key Vault.",
            "Note the secret's expiry date (`authlens inventory` lists it) and rotate it before then.",
        ],
    },
    Check {
        code: "AU011",
        name: "connection-signs-in-as-user",
        category: C::UserDisabledOrDeleted,
        severity: S::Warning,
        title: "Connection signs in as a person's account",
        why: "The flow runs as that person. It breaks when they leave, their account is disabled, their password changes or is reset, or a new MFA or Conditional Access policy reaches them, and it can do whatever they can.",
        fix_where: "Power Automate → Connections / connection references; Logic Apps → API connection",
        fix_steps: &[
            "Re-create the connection with a service principal or a managed identity where the connector supports one (Dataverse, SQL, Key Vault, Azure Blob, HTTP with Entra ID …).",
            "Where the connector signs in as a user only, use a dedicated service account excluded from interactive MFA prompts by a Conditional Access policy designed for it.",
            "Point the connection reference at the new connection and share the flow with a co-owner.",
        ],
    },
    Check {
        code: "AU012",
        name: "request-trigger-without-auth-policy",
        category: C::MissingCredential,
        severity: S::Warning,
        title: "HTTP request trigger: anyone can trigger the flow",
        why: "With \"Who can trigger the flow: Anyone\", the signature in the URL is the only protection: whoever has the URL can run the flow, and the URL does not expire unless the key is regenerated.",
        fix_where: "the trigger's \"Who can trigger the flow?\" setting",
        fix_steps: &[
            "Set \"Who can trigger the flow?\" to \"Any user in my tenant\" or \"Specific users in my tenant\".",
            "Callers then send an Entra ID token for the Power Automate service (audience https://service.flow.microsoft.com/).",
        ],
    },
    Check {
        code: "AU013",
        name: "request-trigger-policy-unsatisfiable",
        category: C::WrongAudience,
        severity: S::Error,
        title: "Request trigger policy no caller can satisfy",
        why: "Logic Apps accepts a caller's token only when it carries every claim of a policy; a policy without an Entra ID issuer, with an audience no token is issued for, or SAS disabled with no OAuth policy at all rejects every call.",
        fix_where: "the Logic Apps resource → Authorization (accessControl.triggers)",
        fix_steps: &[
            "Give each policy an `iss` claim of https://sts.windows.net/<tenant-id>/ (v1 tokens) or https://login.microsoftonline.com/<tenant-id>/v2.0 (v2 tokens).",
            "Set `aud` to a resource callers can request tokens for (an app registration's Application ID URI or client ID, or https://management.azure.com/), never the workflow's URL.",
            "Keep SAS enabled until at least one OAuth policy is in place.",
        ],
    },
    Check {
        code: "AU014",
        name: "secret-parameter-not-secure",
        category: C::ExpiredOrRevokedCredential,
        severity: S::Warning,
        title: "Secret passed through a parameter that is not secure",
        why: "Parameters of type string or object are shown in the run history, deployment history and exports. Only securestring / secureobject values are hidden; a secret seen elsewhere has to be rotated.",
        fix_where: "the definition's (or template's) parameters",
        fix_steps: &[
            "Change the parameter's type to securestring (or secureobject).",
            "Better: read the secret from Key Vault with a managed identity at run time.",
        ],
    },
    Check {
        code: "AU015",
        name: "key-vault-without-managed-identity",
        category: C::ExpiredOrRevokedCredential,
        severity: S::Warning,
        title: "Key Vault reached without a managed identity",
        why: "Reaching Key Vault with a user account or a client secret only moves the problem: that credential expires, is revoked or leaves with its owner, and every secret behind the vault becomes unreachable at once.",
        fix_where: "the Key Vault connection or the HTTP action's Authentication",
        fix_steps: &[
            "Enable the workflow's managed identity and grant it Key Vault Secrets User on the vault.",
            "Re-create the Key Vault connection with managed identity authentication, or set the HTTP action's Authentication to Managed identity with audience https://vault.azure.net.",
        ],
    },
];

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

// ---- expression helpers -------------------------------------------------------------------

/// True when the string is (or holds) a workflow expression or an ARM template expression.
fn is_expr(s: &str) -> bool {
    let t = s.trim();
    (t.starts_with('@') && !t.starts_with("@@"))
        || t.contains("@{")
        || (t.starts_with('[') && t.ends_with(']') && !t.starts_with("[["))
}

/// A non-empty value typed in as is.
fn is_literal(s: &str) -> bool {
    !s.trim().is_empty() && !is_expr(s)
}

/// The text outside `@{…}` interpolations; empty for a whole-string expression.
fn literal_parts(s: &str) -> String {
    let t = s.trim();
    if t.starts_with('@') && !t.starts_with("@@") {
        return String::new();
    }
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find("@{") {
        out.push_str(&rest[..i]);
        match close_of(&rest[i + 2..]) {
            Some(j) => rest = &rest[i + 2 + j + 1..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Index of the `}` closing an interpolation whose body starts `s`, skipping quoted strings.
fn close_of(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '{' if !quoted => depth += 1,
            '}' if !quoted => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// A JWT anywhere in the string (three base64url parts, the first starting `eyJ`).
fn find_jwt(s: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(i) = s[from..].find("eyJ") {
        let start = from + i;
        let end = s[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .map_or(s.len(), |j| start + j);
        let cand = &s[start..end];
        let parts: Vec<&str> = cand.split('.').collect();
        if parts.len() >= 3 && parts.iter().take(2).all(|p| p.len() >= 10) {
            return Some(cand);
        }
        from = start + 3;
    }
    None
}

const SCHEMES: &[&str] = &["bearer", "basic", "sharedaccesssignature", "negotiate"];

fn first_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .take(3)
        .map(|w| w.trim_matches(['"', '\'']).to_ascii_lowercase())
        .collect()
}

/// A fixed bearer token in the literal parts of a value: `Bearer <opaque ≥ 16>` or a JWT.
fn literal_bearer(value: &str) -> Option<String> {
    if let Some(j) = find_jwt(value) {
        return Some(j.to_string());
    }
    let lit = literal_parts(value);
    let words: Vec<&str> = lit.split_whitespace().collect();
    for w in words.windows(2) {
        let tok = w[1].trim_matches(['"', '\'']);
        if w[0]
            .trim_matches(['"', '\''])
            .eq_ignore_ascii_case("bearer")
            && tok.len() >= 16
            && !tok.eq_ignore_ascii_case("bearer")
            && tok
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
        {
            return Some(tok.to_string());
        }
    }
    None
}

/// Functions whose first argument names something that must exist in the definition.
const REF_FUNCS: &[(&str, RefKind)] = &[
    ("body", RefKind::Action),
    ("outputs", RefKind::Action),
    ("actions", RefKind::Action),
    ("actionbody", RefKind::Action),
    ("actionoutputs", RefKind::Action),
    ("result", RefKind::Action),
    ("variables", RefKind::Variable),
    ("parameters", RefKind::Parameter),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefKind {
    Action,
    Variable,
    Parameter,
}

/// `(kind, name)` of every `fn('name')` reference in an expression string.
fn references(s: &str) -> Vec<(RefKind, String)> {
    let lower = s.to_ascii_lowercase();
    let mut out = Vec::new();
    let b = lower.as_bytes();
    for (f, kind) in REF_FUNCS {
        let pat = format!("{f}('");
        let mut from = 0;
        while let Some(i) = lower[from..].find(&pat) {
            let at = from + i;
            from = at + pat.len();
            // `triggerBody(` / `actionBody(` are other functions: require a non-letter before.
            if at > 0 && b[at - 1].is_ascii_alphabetic() {
                continue;
            }
            if let Some(end) = s[from..].find('\'') {
                out.push((*kind, s[from..from + end].to_string()));
            }
        }
    }
    out
}

/// Why an expression in a credential cannot evaluate, if it cannot.
fn broken_expression(value: &str, known: Option<&Known>) -> Option<String> {
    let t = value.trim();
    // Unbalanced interpolation.
    let mut rest = t;
    while let Some(i) = rest.find("@{") {
        match close_of(&rest[i + 2..]) {
            Some(j) => rest = &rest[i + 2 + j + 1..],
            None => return Some("an `@{` is never closed".into()),
        }
    }
    // `@fn(` in the middle of text, without braces: sent as text.
    let lit = literal_parts(t);
    let lb = lit.as_bytes();
    for (i, &c) in lb.iter().enumerate() {
        if c == b'@' && i + 1 < lb.len() && lb[i + 1].is_ascii_alphabetic() {
            let name_end = lit[i + 1..]
                .find(|ch: char| !ch.is_ascii_alphanumeric())
                .map_or(lit.len(), |k| i + 1 + k);
            if lit[name_end..].starts_with('(') && (i == 0 || lb[i - 1] != b'@') {
                return Some(format!(
                    "`{}` sits inside text without `@{{…}}`, so it is sent as text",
                    crate::text::shorten(&lit[i..], 40)
                ));
            }
        }
    }
    if let Some(i) = t.find("{{") {
        if t[i..].contains("}}") && !t.contains("@{{") {
            return Some(format!(
                "`{}` is a template variable (Postman style) that the platform never fills in, so it is sent as text",
                crate::text::shorten(&t[i..], 30)
            ));
        }
    }
    // ARM template expressions are resolved at deployment, against the template's parameters.
    if t.starts_with('[') && t.ends_with(']') {
        return None;
    }
    let known = known?;
    for (kind, name) in references(t) {
        if kind == RefKind::Parameter && !known.check_params {
            continue;
        }
        let missing = match kind {
            RefKind::Action => !known.actions.contains(&name),
            RefKind::Variable => !known
                .variables
                .iter()
                .any(|v| v.eq_ignore_ascii_case(&name)),
            RefKind::Parameter => !name.starts_with('$') && !known.params.contains(&name),
        };
        if missing {
            let what = match kind {
                RefKind::Action => "action",
                RefKind::Variable => "variable (no Initialize variable action sets it)",
                RefKind::Parameter => "parameter",
            };
            return Some(format!(
                "it names the {what} '{name}', which the definition does not have"
            ));
        }
    }
    None
}

/// Names an expression may refer to, for one workflow.
struct Known {
    actions: HashSet<String>,
    /// Lowercased: variable names are case-insensitive.
    variables: HashSet<String>,
    params: HashSet<String>,
    /// Variables whose value already starts with a scheme (`Bearer …`).
    scheme_variables: Vec<String>,
    /// Variables holding a bare `access_token` (no scheme).
    token_variables: Vec<String>,
    /// False where `parameters('…')` names values outside the definition (Standard's
    /// parameters.json).
    check_params: bool,
}

fn known(w: &Workflow, format: DefinitionFormat) -> Known {
    let mut k = Known {
        token_variables: Vec::new(),
        check_params: format != DefinitionFormat::LogicAppsStandard,
        actions: w.nodes.iter().map(|n| n.name.clone()).collect(),
        variables: HashSet::new(),
        params: w.params.iter().map(|p| p.name.clone()).collect(),
        scheme_variables: Vec::new(),
    };
    for n in &w.nodes {
        let Some(inputs) = n.inputs() else { continue };
        let mut vars: Vec<(&str, Option<&Value>)> = Vec::new();
        if n.kind().eq_ignore_ascii_case("InitializeVariable") {
            if let Some(list) = inputs.get("variables").and_then(Value::as_array) {
                for v in list {
                    if let Some(name) = v.get("name").and_then(Value::as_str) {
                        vars.push((name, v.get("value")));
                    }
                }
            }
        }
        if n.kind().eq_ignore_ascii_case("SetVariable") {
            if let Some(name) = inputs.get("name").and_then(Value::as_str) {
                vars.push((name, inputs.get("value")));
            }
        }
        for (name, value) in vars {
            if n.kind().eq_ignore_ascii_case("InitializeVariable") {
                k.variables.insert(name.to_ascii_lowercase());
            }
            let starts_with_scheme = value.and_then(Value::as_str).is_some_and(|v| {
                let lower = v.trim_start().to_ascii_lowercase();
                lower.starts_with("bearer ") || lower.contains("concat('bearer ")
            });
            if starts_with_scheme {
                k.scheme_variables.push(name.to_string());
            } else if value
                .and_then(Value::as_str)
                .is_some_and(|v| v.to_ascii_lowercase().contains("access_token"))
            {
                k.token_variables.push(name.to_string());
            }
        }
    }
    k
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

fn http_checks(n: &Node, known_ref: Option<&Known>, known: &Known, out: &mut Out) {
    if !is_http(n) {
        return;
    }
    let Some(inputs) = n.inputs() else { return };
    let uri = inputs.get("uri").and_then(Value::as_str).unwrap_or("");
    let auth = inputs.get("authentication");
    let auth_type = auth
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("");

    // Headers: literal tokens and keys, the shape of Authorization.
    let mut credential_values: Vec<(String, String, String)> = headers(inputs)
        .into_iter()
        .map(|(k, v)| {
            let p = format!("{}.inputs.headers{}", n.path, seg(&k));
            (k, v, p)
        })
        .collect();
    if auth_type.eq_ignore_ascii_case("Raw") {
        if let Some(v) = auth.and_then(|a| a.get("value")).and_then(Value::as_str) {
            credential_values.push((
                "Authorization".into(),
                v.to_string(),
                format!("{}.inputs.authentication.value", n.path),
            ));
        }
    }
    for (name, value, path) in &credential_values {
        let is_auth = name.eq_ignore_ascii_case("authorization");
        if let Some(tok) = literal_bearer(value) {
            out.add(
                "AU001",
                format!("“{}” sends a fixed bearer token in {name}", n.name),
                format!(
                    "The {name} value holds a token typed into the definition; it stops working when the token expires."
                ),
                &n.name,
                path,
                Some(format!("{name}: {value}")),
                Some(&tok),
            );
        } else if is_auth {
            let lit = literal_parts(value);
            let words = first_words(&lit);
            if let (Some(scheme), Some(cred)) = (words.first(), lit.split_whitespace().nth(1)) {
                if (scheme == "basic" || scheme == "sharedaccesssignature") && is_literal(cred) {
                    out.add(
                        "AU002",
                        format!("“{}” sends fixed {} credentials", n.name, scheme_name(scheme)),
                        "The Authorization header carries a password or key typed into the definition.".into(),
                        &n.name,
                        path,
                        Some(format!("{name}: {value}")),
                        Some(cred),
                    );
                }
            }
        } else if secret_header(name) && is_literal(value) && value.trim().len() >= 6 {
            out.add(
                "AU002",
                format!("“{}” sends a fixed key in the {name} header", n.name),
                format!("The {name} header holds a key typed into the definition."),
                &n.name,
                path,
                Some(format!("{name}: {value}")),
                Some(value),
            );
        }
        if is_auth {
            authorization_shape(n, value, path, known_ref, known, out);
        }
    }

    // URI and queries: literal keys (`code=`, `sig=`, `api-key=`) and tokens.
    if !uri.trim_start().starts_with('@') {
        if let Some(tok) = find_jwt(uri) {
            out.add(
                "AU001",
                format!("“{}” sends a fixed bearer token in its URI", n.name),
                "The URI holds an access token typed into the definition.".into(),
                &n.name,
                &format!("{}.inputs.uri", n.path),
                Some(uri.to_string()),
                Some(tok),
            );
        } else {
            for (k, v) in pairs(uri) {
                if is_secret_field(&k, true) && is_literal(&v) && v.len() >= 6 {
                    out.add(
                        "AU002",
                        format!("“{}” sends a fixed key in its URI ({k}=)", n.name),
                        format!("The query parameter {k} holds a key typed into the definition."),
                        &n.name,
                        &format!("{}.inputs.uri", n.path),
                        Some(uri.to_string()),
                        Some(&v),
                    );
                }
            }
        }
    }
    if let Some(q) = inputs.get("queries").and_then(Value::as_object) {
        for (k, v) in q {
            if let Some(v) = v.as_str() {
                if let Some(tok) = find_jwt(v) {
                    out.add(
                        "AU001",
                        format!(
                            "“{}” sends a fixed bearer token in the query parameter {k}",
                            n.name
                        ),
                        "The query parameter holds an access token typed into the definition."
                            .into(),
                        &n.name,
                        &format!("{}.inputs.queries{}", n.path, seg(k)),
                        Some(format!("{k}={v}")),
                        Some(tok),
                    );
                } else if is_secret_field(k, true) && is_literal(v) && v.len() >= 6 {
                    out.add(
                        "AU002",
                        format!("“{}” sends a fixed key in the query parameter {k}", n.name),
                        format!("The query parameter {k} holds a key typed into the definition."),
                        &n.name,
                        &format!("{}.inputs.queries{}", n.path, seg(k)),
                        Some(format!("{k}={v}")),
                        Some(v),
                    );
                }
            }
        }
    }
    // Body: client secrets, passwords, refresh tokens.
    if let Some(body) = inputs.get("body") {
        let body_path = format!("{}.inputs.body", n.path);
        if let Some(tok) = body.as_str().and_then(find_jwt) {
            out.add(
                "AU001",
                format!("“{}” sends a fixed token in its body", n.name),
                "The body holds a token typed into the definition.".into(),
                &n.name,
                &body_path,
                Some(format!("access_token={tok}")),
                Some(tok),
            );
        }
        let mut found = Vec::new();
        body_secrets(body, &body_path, &mut found, 0);
        for (k, v, p) in found {
            if let Some(tok) = find_jwt(&v).filter(|_| body.is_object()) {
                out.add(
                    "AU001",
                    format!("“{}” sends a fixed token in its body ({k})", n.name),
                    format!("The body field {k} holds a token typed into the definition."),
                    &n.name,
                    &p,
                    Some(format!("{k}={v}")),
                    Some(tok),
                );
            } else if is_literal(&v) && v.len() >= 4 {
                out.add(
                    "AU002",
                    format!("“{}” sends a fixed {k} in its body", n.name),
                    format!("The body field {k} holds a secret typed into the definition."),
                    &n.name,
                    &p,
                    Some(format!("{k}={v}")),
                    Some(&v),
                );
            }
        }
    }

    // The authentication block.
    if let Some(a) = auth {
        auth_checks(n, a, auth_type, uri, known_ref, out);
    }

    // Key Vault over HTTP without the managed identity.
    if let Some(u) = parse_url(uri).filter(|_| !uri.trim_start().starts_with('@')) {
        if classify_host(&u.host) == Api::KeyVault
            && !auth_type.eq_ignore_ascii_case("ManagedServiceIdentity")
        {
            let how = if auth_type.is_empty() {
                "without authentication settings (a token or key in the headers)".to_string()
            } else {
                format!("with {auth_type} authentication")
            };
            out.add(
                "AU015",
                format!("“{}” calls Key Vault {how}", n.name),
                format!("The action calls {} {how}: the credential that opens the vault is itself a secret to keep and rotate.", u.host),
                &n.name,
                &format!("{}.inputs", n.path),
                None,
                None,
            );
        }
    }
}

fn scheme_name(s: &str) -> &'static str {
    match s {
        "basic" => "Basic",
        "sharedaccesssignature" => "SharedAccessSignature",
        _ => "bearer",
    }
}

fn authorization_shape(
    n: &Node,
    value: &str,
    path: &str,
    known_ref: Option<&Known>,
    known: &Known,
    out: &mut Out,
) {
    let t = value.trim();
    let quote = Some(format!("Authorization: {value}"));
    let whole_expr = t.starts_with('@') && !t.starts_with("@@") && !t.starts_with("@{");
    let quoted = t.starts_with(['"', '\'', '\u{201c}'])
        || (!whole_expr && t.ends_with(['"', '\'', '\u{201d}']));
    if quoted {
        out.add(
            "AU004",
            format!("“{}” wraps its Authorization header in quotes", n.name),
            "The header value starts or ends with a quote character, which is sent as part of the value.".into(),
            &n.name,
            path,
            quote.clone(),
            None,
        );
    }
    let lit = literal_parts(t);
    let words = first_words(&lit);
    let lit_scheme = words.first().is_some_and(|w| SCHEMES.contains(&w.as_str()));
    let doubled_literal =
        words.len() >= 2 && SCHEMES.contains(&words[0].as_str()) && words[1] == words[0];
    // `Bearer @{variables('t')}` where `t` already holds "Bearer …", or a concat adding it again.
    let lower = t.to_ascii_lowercase();
    let via_expression = lit_scheme
        && words.first().is_some_and(|w| w == "bearer")
        && (references(t).iter().any(|(k, name)| {
            *k == RefKind::Variable
                && known
                    .scheme_variables
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case(name))
        }) || lower.contains("'bearer ")
            // `Bearer @{…['token_type']} …`: the response's token_type is "Bearer" already.
            || lower.contains("token_type"));
    if doubled_literal || via_expression {
        let how = if doubled_literal {
            "The header value starts with the scheme twice.".to_string()
        } else {
            "The header writes `Bearer ` and the value it inserts already starts with `Bearer `."
                .to_string()
        };
        out.add(
            "AU005",
            format!(
                "“{}” sends Bearer twice in its Authorization header",
                n.name
            ),
            how,
            &n.name,
            path,
            quote.clone(),
            None,
        );
    } else if !lit_scheme && !quoted {
        let bare_jwt = lit.trim().starts_with("eyJ");
        let bare_variable = references(t).iter().any(|(k, name)| {
            *k == RefKind::Variable
                && known
                    .token_variables
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case(name))
        });
        let bare_access_token = lit.trim().is_empty()
            && (lower.contains("access_token") || bare_variable)
            && !lower.contains("'bearer")
            // `@{…['token_type']} @{…['access_token']}`: the endpoint supplies the scheme.
            && !lower.contains("token_type");
        if bare_jwt || bare_access_token {
            out.add(
                "AU006",
                format!("“{}” sends its token without `Bearer `", n.name),
                "The Authorization value is the bare token, with no scheme in front of it.".into(),
                &n.name,
                path,
                quote.clone(),
                None,
            );
        }
    }
    if let Some(why) = broken_expression(t, known_ref) {
        out.add(
            "AU007",
            format!(
                "“{}” builds its Authorization header with a broken expression",
                n.name
            ),
            format!("The header's expression cannot evaluate: {why}."),
            &n.name,
            path,
            quote,
            None,
        );
    }
}

fn auth_checks(
    n: &Node,
    a: &Value,
    auth_type: &str,
    uri: &str,
    known_ref: Option<&Known>,
    out: &mut Out,
) {
    let apath = format!("{}.inputs.authentication", n.path);
    let get = |k: &str| a.get(k).and_then(Value::as_str);
    let oauth = auth_type.eq_ignore_ascii_case("ActiveDirectoryOAuth");
    let msi = auth_type.eq_ignore_ascii_case("ManagedServiceIdentity");
    if oauth || msi {
        if let Some(aud) = get("audience").filter(|x| is_literal(x)) {
            audience_check(n, aud, uri, &apath, out);
        }
    }
    if oauth {
        match get("tenant").map(str::trim) {
            None | Some("") => out.add(
                "AU009",
                format!("“{}” requests a token without a tenant", n.name),
                "Active Directory OAuth is set without a tenant.".into(),
                &n.name,
                &apath,
                None,
                None,
            ),
            Some(t)
                if ["common", "organizations", "consumers"]
                    .iter()
                    .any(|x| t.eq_ignore_ascii_case(x)) =>
            {
                out.add(
                    "AU009",
                    format!("“{}” requests a token from the “{t}” tenant", n.name),
                    format!("Tenant is “{t}”: client credentials need the one tenant that holds the app."),
                    &n.name,
                    &format!("{apath}.tenant"),
                    Some(format!("tenant: {t}")),
                    None,
                )
            }
            _ => {}
        }
    }
    for key in ["secret", "password", "pfx"] {
        if let Some(v) = get(key).filter(|v| is_literal(v)) {
            out.add(
                "AU010",
                format!("“{}” has its {key} typed into {auth_type} authentication", n.name),
                format!("The authentication {key} is a fixed value in the definition, not a reference to a secure parameter or Key Vault."),
                &n.name,
                &format!("{apath}.{key}"),
                Some(format!("\"{key}\": \"{v}\"")),
                Some(v),
            );
        }
    }
    if auth_type.eq_ignore_ascii_case("Raw") {
        if let Some(v) = get("value").filter(|v| is_literal(v)) {
            if literal_bearer(v).is_none() {
                out.add(
                    "AU010",
                    format!(
                        "“{}” has its credential typed into Raw authentication",
                        n.name
                    ),
                    "The Raw authentication value is a fixed credential in the definition.".into(),
                    &n.name,
                    &format!("{apath}.value"),
                    Some(format!("Authorization: {v}")),
                    v.split_whitespace().last(),
                );
            }
        }
    }
    // Expressions in the secret fields must evaluate too.
    for key in [
        "secret", "password", "pfx", "audience", "clientId", "tenant",
    ] {
        if let Some(v) = get(key).filter(|v| is_expr(v)) {
            if let Some(why) = broken_expression(v, known_ref) {
                out.add(
                    "AU007",
                    format!("“{}” reads its {key} through a broken expression", n.name),
                    format!("The authentication {key} cannot evaluate: {why}."),
                    &n.name,
                    &format!("{apath}.{key}"),
                    Some(format!("{key}: {v}")),
                    None,
                );
            }
        }
    }
}

fn audience_check(n: &Node, aud: &str, uri: &str, apath: &str, out: &mut Out) {
    let quote = Some(format!("audience: {aud}; uri: {uri}"));
    let lower = aud.trim().to_ascii_lowercase();
    let path = format!("{apath}.audience");
    if lower.ends_with("/.default") || lower.contains("/.default ") {
        out.add(
            "AU008",
            format!("“{}” gives a scope as its audience", n.name),
            format!("Audience “{aud}” is a scope; the platform expects the resource identifier (without /.default)."),
            &n.name,
            &path,
            quote,
            None,
        );
        return;
    }
    let uri_t = uri.trim();
    if uri_t.starts_with('@') {
        return;
    }
    // Only the literal host counts; `https://@{…}/x` has none.
    let Some(u) = parse_url(uri_t).filter(|u| !u.host.contains('@') && !u.host.contains('{'))
    else {
        return;
    };
    let called = classify_host(&u.host);
    let (aud_api, aud_host) = classify_aud(aud);
    if matches!(called, Api::Custom | Api::TokenEndpoint) {
        return;
    }
    let mismatch = if aud_api == Api::Custom {
        // An app's own ID URI or client ID used to call a Microsoft API.
        lower.starts_with("api://") || crate::token::resource::is_guid(&lower)
    } else if aud_api != called {
        true
    } else if matches!(called, Api::SharePoint | Api::Dataverse) {
        // Dataverse's Web API host (`org.api.crm.dynamics.com`) takes tokens for the org URL.
        let org = |h: &str| h.replacen(".api.", ".", 1);
        aud_host.as_deref().is_some_and(|h| org(h) != org(&u.host))
    } else {
        false
    };
    if mismatch {
        out.add(
            "AU008",
            format!(
                "“{}” asks for a token for {} but calls {}",
                n.name,
                aud_host.as_deref().unwrap_or(aud_api.name()),
                u.host
            ),
            format!(
                "The token is issued for {aud}; {} expects one for {}.",
                u.host,
                called.resource(Some(&u.host))
            ),
            &n.name,
            &path,
            quote,
            None,
        );
    }
}

/// Secure inputs/outputs on actions that send or receive credentials.
fn secure_checks(n: &Node, m: &Model, out: &mut Out) {
    if n.trigger {
        return;
    }
    let Some(inputs) = n.inputs() else { return };
    let (sec_in, sec_out) = secure_data(n);
    let mut needs_in: Vec<String> = Vec::new();
    let mut needs_out: Vec<String> = Vec::new();
    if is_http(n) {
        let auth_type = inputs
            .get("authentication")
            .and_then(|a| a.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if !auth_type.is_empty() && !auth_type.eq_ignore_ascii_case("ManagedServiceIdentity") {
            needs_in.push(format!("{auth_type} credentials"));
        }
        for (k, _) in headers(inputs) {
            let l = k.to_ascii_lowercase();
            if l == "authorization" || secret_header(&k) {
                needs_in.push(format!("the {k} header"));
            }
        }
        if let Some(body) = inputs.get("body") {
            let mut found = Vec::new();
            body_secrets(body, "", &mut found, 0);
            if let Some((k, _, _)) = found.first() {
                needs_in.push(format!("the {k} in the body"));
            }
        }
        let uri = inputs.get("uri").and_then(Value::as_str).unwrap_or("");
        if let Some(u) = parse_url(uri) {
            let token_endpoint = classify_host(&u.host) == Api::TokenEndpoint
                && u.path.to_ascii_lowercase().contains("/token");
            if token_endpoint {
                needs_out.push("the access token it receives".into());
            }
        }
    }
    if reads_key_vault_secret(n, &m.conns) {
        needs_out.push("the secret it reads from Key Vault".into());
    }
    let missing_in = !needs_in.is_empty() && !sec_in;
    let missing_out = !needs_out.is_empty() && !sec_out;
    if !(missing_in || missing_out) {
        return;
    }
    let mut shown: Vec<String> = Vec::new();
    if missing_in {
        shown.extend(needs_in);
    }
    if missing_out {
        shown.extend(needs_out);
    }
    let switches = match (missing_in, missing_out) {
        (true, true) => "secure inputs and outputs are",
        (true, false) => "secure inputs are",
        _ => "secure outputs are",
    };
    out.add(
        "AU003",
        format!("“{}” shows its credential in the run history", n.name),
        format!(
            "The run history shows {}: {switches} off.",
            shown.join(", ")
        ),
        &n.name,
        &format!("{}.runtimeConfiguration.secureData", n.path),
        None,
        None,
    );
}

fn trigger_checks(n: &Node, m: &Model, out: &mut Out) {
    if !n.trigger || !n.kind().eq_ignore_ascii_case("Request") {
        return;
    }
    let kind = n.value.get("kind").and_then(Value::as_str).unwrap_or("");
    if !kind.eq_ignore_ascii_case("Http") {
        return;
    }
    let flow = matches!(
        m.format,
        DefinitionFormat::FlowPackage | DefinitionFormat::FlowSolution
    );
    let auth = n
        .inputs()
        .and_then(|i| i.get("triggerAuthenticationType"))
        .and_then(Value::as_str);
    let anyone = match auth {
        Some(a) => a.eq_ignore_ascii_case("All"),
        // Flows made before the setting existed have no value and behave as "Anyone".
        None => flow,
    };
    if anyone {
        out.add(
            "AU012",
            format!("“{}”: anyone with the URL can trigger the flow", n.name),
            match auth {
                Some(_) => "The trigger is set to \"Who can trigger the flow: Anyone\" (triggerAuthenticationType All).".into(),
                None => "The trigger has no triggerAuthenticationType, the legacy setting that lets anyone with the URL trigger the flow.".into(),
            },
            &n.name,
            &format!("{}.inputs", n.path),
            auth.map(|a| format!("triggerAuthenticationType: {a}")),
            None,
        );
    }
}

/// Logic Apps `accessControl.triggers`: OAuth policies callers can satisfy.
fn access_control_checks(w: &Workflow, out: &mut Out) {
    let Some(trigger) = w
        .nodes
        .iter()
        .find(|n| n.trigger && n.kind().eq_ignore_ascii_case("Request"))
    else {
        return;
    };
    let Some((ac, ac_path)) = &w.access_control else {
        return;
    };
    let Some(t) = ac.get("triggers") else { return };
    let tpath = format!("{ac_path}.triggers");
    let sas_disabled = t
        .get("sasAuthenticationPolicy")
        .and_then(|s| s.get("state"))
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("Disabled"));
    let policies = t
        .get("openAuthenticationPolicies")
        .and_then(|p| p.get("policies"))
        .and_then(Value::as_object);
    if sas_disabled && policies.is_none_or(|p| p.is_empty()) {
        out.add(
            "AU013",
            format!("“{}”: SAS is disabled and no OAuth policy is set", trigger.name),
            "Nobody can call the trigger: the SAS signature is turned off and no OAuth authorization policy accepts a token instead.".into(),
            &trigger.name,
            &tpath,
            None,
            None,
        );
        return;
    }
    let Some(policies) = policies else { return };
    for (name, p) in policies {
        let ppath = format!("{tpath}.openAuthenticationPolicies.policies{}", seg(name));
        let claims: Vec<(String, String)> = p
            .get("claims")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| {
                        Some((
                            c.get("name")?.as_str()?.to_ascii_lowercase(),
                            c.get("value")?.as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let claim = |k: &str| claims.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let problem = match claim("iss") {
            None => Some("it has no `iss` claim, which Logic Apps requires".to_string()),
            Some(iss)
                if !is_expr(iss)
                    && !iss.starts_with("https://sts.windows.net/")
                    && !iss.starts_with("https://login.microsoftonline.com/") =>
            {
                Some(format!("its issuer “{iss}” is not an Entra ID issuer"))
            }
            _ => claim("aud").filter(|a| !is_expr(a)).and_then(|aud| {
                let l = aud.to_ascii_lowercase();
                (l.contains("logic.azure.com") || l.contains("/workflows/"))
                    .then(|| format!("its audience “{aud}” is the workflow's own URL, which no token is issued for"))
                    .or_else(|| {
                        (classify_aud(aud).0 == Api::TokenEndpoint)
                            .then(|| format!("its audience “{aud}” is the token endpoint, which no token is issued for"))
                    })
            }),
        };
        if let Some(why) = problem {
            out.add(
                "AU013",
                format!("Trigger policy “{name}” rejects every caller"),
                format!("The authorization policy “{name}” cannot be satisfied: {why}."),
                &trigger.name,
                &ppath,
                Some(
                    claims
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                None,
            );
        }
    }
}

/// Names that say a parameter holds a secret.
fn secret_name(name: &str) -> bool {
    let l: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "password",
        "passwd",
        "secret",
        "apikey",
        "accesskey",
        "accountkey",
        "sharedaccesskey",
        "connectionstring",
        "pfx",
        "credential",
    ]
    .iter()
    .any(|k| l.contains(k))
        || ((l.ends_with("token") || l.ends_with("key") || l.ends_with("sas"))
            && !NOT_SECRET_SUFFIXES.iter().any(|x| l.ends_with(x)))
}

/// Names ending in "key" or "token" that are data, not credentials.
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "partitionkey",
    "rowkey",
    "sortkey",
    "idempotencykey",
    "lookupkey",
    "cachekey",
    "continuationtoken",
    "pagetoken",
    "nexttoken",
    "skiptoken",
    "synctoken",
    "canceltoken",
    "cancellationtoken",
];

fn param_checks(params: &[super::parse::Param], w: &Workflow, out: &mut Out) {
    // Parameters the credential settings read, whatever their names.
    let mut used_for_credentials: Vec<String> = Vec::new();
    for n in &w.nodes {
        let Some(inputs) = n.inputs() else { continue };
        let mut vals: Vec<String> = headers(inputs)
            .into_iter()
            .filter(|(k, _)| {
                let l = k.to_ascii_lowercase();
                l == "authorization" || secret_header(k)
            })
            .map(|(_, v)| v)
            .collect();
        if let Some(a) = inputs.get("authentication") {
            for k in ["secret", "password", "pfx", "value"] {
                if let Some(v) = a.get(k).and_then(Value::as_str) {
                    vals.push(v.to_string());
                }
            }
        }
        for v in vals {
            for (kind, name) in references(&v) {
                if kind == RefKind::Parameter {
                    used_for_credentials.push(name);
                }
            }
        }
    }
    for p in params {
        if p.name.starts_with('$') {
            continue;
        }
        let k = p.kind.to_ascii_lowercase();
        // `Secret`: a Power Platform environment variable backed by Key Vault.
        if matches!(
            k.as_str(),
            "securestring" | "secureobject" | "secret" | "bool" | "int"
        ) {
            continue;
        }
        let used = used_for_credentials.iter().any(|u| u == &p.name);
        if secret_name(&p.name) || used {
            out.add(
                "AU014",
                format!("Parameter “{}” holds a secret as {}", p.name, if p.kind.is_empty() { "an untyped value" } else { &p.kind }),
                if used {
                    format!("“{}” feeds a credential setting but is of type {}, so its value shows in run and deployment history.", p.name, if p.kind.is_empty() { "(none)" } else { &p.kind })
                } else {
                    format!("“{}” is named like a secret but is of type {}, so its value shows in run and deployment history.", p.name, if p.kind.is_empty() { "(none)" } else { &p.kind })
                },
                &p.name,
                &p.path,
                None,
                None,
            );
        }
    }
}

fn used_by(m: &Model, key: &str) -> Vec<String> {
    m.workflows
        .iter()
        .flat_map(|w| &w.nodes)
        .filter(|n| conn_key(n).as_deref() == Some(key))
        .map(|n| n.name.clone())
        .collect()
}

fn connection_checks(m: &Model, out: &mut Out) {
    for c in dedup_conns(m) {
        let users = used_by(m, &c.key);
        let first = users.first().cloned().unwrap_or_else(|| c.key.clone());
        if c.identity == IdentityKind::User {
            let who = c
                .account
                .clone()
                .unwrap_or_else(|| "a user account".to_string());
            out.add(
                "AU011",
                format!("Connection “{}” ({}) signs in as {who}", c.key, c.connector),
                format!(
                    "{}. {} action{} depend{} on it{}.",
                    if c.account.is_some() {
                        format!("The export names the account {who} ({})", c.identity_from)
                    } else {
                        "The connector signs in as a user only".to_string()
                    },
                    users.len(),
                    if users.len() == 1 { "" } else { "s" },
                    if users.len() == 1 { "s" } else { "" },
                    if users.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", users.join(", "))
                    }
                ),
                &first,
                &c.path,
                None,
                None,
            );
        }
        if c.connector.to_ascii_lowercase().contains("keyvault")
            && c.identity != IdentityKind::ManagedIdentity
        {
            out.add(
                "AU015",
                format!(
                    "Key Vault connection “{}” does not use a managed identity",
                    c.key
                ),
                {
                    let mut e = format!(
                        "The Key Vault connection signs in as: {}.",
                        c.identity.label()
                    );
                    if m.platform == crate::report::Platform::PowerAutomate {
                        e.push_str(" Cloud flows have no managed identity for this connector: an environment variable of type Secret (read from Key Vault by the platform) or a connection made with a service principal and a certificate keeps a person's account out of it.");
                    }
                    e
                },
                &first,
                &c.path,
                None,
                None,
            );
        }
    }
}

/// Connections by key, the most informative reading of each kept (a `$connections` entry and
/// the `Microsoft.Web/connections` resource beside it describe one connection).
fn dedup_conns(m: &Model) -> Vec<Conn> {
    let mut out: Vec<Conn> = Vec::new();
    for c in &m.conns {
        // A connection resource merges into the `$connections` entry that names it.
        let same = out.iter_mut().find(|o| {
            o.key == c.key
                || (c.connection.is_some() && o.connection == c.connection)
                || (o.connection.as_deref() == Some(c.key.as_str()))
        });
        match same {
            Some(o) => {
                if o.identity == IdentityKind::Unknown
                    || (o.account.is_none() && c.account.is_some())
                    || (o.identity == IdentityKind::User
                        && o.account.is_none()
                        && c.identity != IdentityKind::Unknown)
                {
                    o.identity = c.identity;
                    o.account = c.account.clone();
                    o.identity_from = c.identity_from;
                }
            }
            None => out.push(c.clone()),
        }
    }
    out
}

/// One summary per connection: who signs in, what uses it, what breaks when that person goes.
pub fn connection_summaries(m: &Model) -> Vec<ConnectionSummary> {
    dedup_conns(m)
        .into_iter()
        .map(|c| {
            let used = used_by(m, &c.key);
            let n = used.len();
            let actions = format!("every action that uses it ({n})");
            let who = c.account.clone().unwrap_or_else(|| "that person".into());
            let if_person_leaves = match c.identity {
                IdentityKind::User => format!(
                    "If {who} leaves or the account is disabled, {actions} fails (AADSTS50057, user-disabled-or-deleted); after a password change or reset, with invalid_grant (AADSTS50173, password-changed); and a new MFA requirement stops it too (AADSTS50076, mfa-required). Someone has to fix the connection each time, unless it moves to a service principal or managed identity."
                ),
                IdentityKind::ServicePrincipal => "Nothing breaks when a person leaves. The service principal's client secret or certificate expires on its own date: check it with `authlens inventory`.".into(),
                IdentityKind::ManagedIdentity => "Nothing breaks when a person leaves, and there is no secret to expire: the managed identity lives with the resource.".into(),
                IdentityKind::Key => "No person signs in; the key or connection string breaks when it is rotated or regenerated.".into(),
                IdentityKind::Invoker => "Each person running the flow uses their own connection: nothing breaks when the maker leaves, but every caller needs a working connection.".into(),
                IdentityKind::Unknown => format!(
                    "The export does not say whose account signs in. If it is a person's, {actions} breaks when they leave or change their password; open the connection to check."
                ),
            };
            ConnectionSummary {
                name: c.key.clone(),
                connector: c.connector.clone(),
                connection: c.connection.clone(),
                identity: c.identity,
                identity_label: c.identity.label(),
                account: c.account.clone(),
                identity_from: (!c.identity_from.is_empty()).then_some(c.identity_from),
                used_by: used,
                if_person_leaves,
                path: c.path.clone(),
            }
        })
        .collect()
}

/// `docs/audit.md`: the checks' reference, generated from [`CHECKS`].
pub fn reference_markdown() -> String {
    let mut o = String::from(
        "# Definition audit checks\n\n\
         <!-- Generated from crates/authlens-core/src/audit/checks.rs by `UPDATE_DOCS=1 cargo test -p authlens-core audit_doc`; do not edit. -->\n\n\
         `authlens audit FILE` reads a Power Automate flow definition (export package `definition.json`, \
         a solution's `Workflows/*.json` or its Dataverse `clientdata`, \"Peek code\" of one action) or a \
         Logic Apps definition (Consumption code view, ARM template or `az logic workflow show`, Standard \
         `workflow.json` with `connections.json`) and reports what will break authentication before it \
         does. Each finding names the action and its JSON path, a category of \
         [the taxonomy](taxonomy.md), and the fix. Quoted values are redacted.\n\n\
         | code | check | category | severity | title |\n|---|---|---|---|---|\n",
    );
    for c in CHECKS {
        o.push_str(&format!(
            "| [{}](#{}) | `{}` | `{}` | {} | {} |\n",
            c.code,
            c.code.to_ascii_lowercase(),
            c.name,
            c.category.as_str(),
            severity_word(c.severity),
            c.title
        ));
    }
    for c in CHECKS {
        o.push_str(&format!(
            "\n## {}\n\n**{}** (`{}`, `{}`, {})\n\n**Why it matters.** {}\n\n**Where the fix lives.** {}\n\n",
            c.code,
            c.title,
            c.name,
            c.category.as_str(),
            severity_word(c.severity),
            c.why,
            c.fix_where
        ));
        for (i, s) in c.fix_steps.iter().enumerate() {
            o.push_str(&format!("{}. {s}\n", i + 1));
        }
    }
    o.push_str(INVENTORY_DOC);
    o
}

/// The inventory's part of `docs/audit.md`: what it reads and how it judges.
const INVENTORY_DOC: &str = "
## Credentials and connections about to fail (`authlens inventory`)

`authlens inventory [--now RFC3339] FILE` reads what the admin tools print and judges it against
\"now\" (the page's clock, or `--now`):

- app registration and service principal credentials: `az ad app credential list` (with or
  without `--cert`), `az ad app show`, `az ad sp show`, Microsoft Graph `applications` /
  `servicePrincipals` objects and `{\"value\": [...]}` pages (`passwordCredentials`,
  `keyCredentials`). Each secret or certificate is `expired`, `expires-within-7-days`,
  `expires-within-30-days` or `healthy` (category `client-secret-expired` or
  `certificate-expired` for the first three), with a fix and, when the same app has one, the
  healthy credential that replaces it. Managed identities' credentials are left out (Azure
  rotates them); a SAML certificate listed for signing and for verification counts once.
- API connections: `az resource list --resource-type Microsoft.Web/connections` and
  `az resource show` (`properties.statuses`, `overallStatus`, `authenticatedUser`,
  `parameterValues`).
- Power Platform connections: the admin API's `{\"value\": [...]}`, `Get-AdminPowerAppConnection`
  as JSON or in PowerShell's list format.

A connection in an error state is read with the diagnosis rules (its error code and message),
so it gets the same category and fix a pasted error would. An app's credentials name the
consumers the paste shows: connections whose parameters carry the app's client ID, and HTTP
actions of a definition pasted alongside whose authentication uses it. The timeline lists every
end date, soonest first. The Markdown report replaces accounts by stand-ins.
";

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod unit {
    use super::*;

    #[test]
    fn registry_is_sorted_unique_and_documented() {
        for w in CHECKS.windows(2) {
            assert!(w[0].code < w[1].code, "{} before {}", w[0].code, w[1].code);
        }
        let mut names: Vec<&str> = CHECKS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CHECKS.len());
        for c in CHECKS {
            assert!(c.why.len() > 60 && !c.fix_steps.is_empty(), "{}", c.code);
        }
    }

    #[test]
    fn secret_headers() {
        for yes in [
            "x-api-key",
            "Ocp-Apim-Subscription-Key",
            "X-Auth-Token",
            "x-functions-key",
            "client-secret",
        ] {
            assert!(secret_header(yes), "{yes}");
        }
        for no in [
            "Content-Type",
            "Accept",
            "x-ms-client-request-id",
            "Prefer",
            "ConsistencyLevel",
        ] {
            assert!(!secret_header(no), "{no}");
        }
    }

    #[test]
    fn secret_names() {
        for yes in [
            "ApiKey",
            "sqlPassword",
            "client_secret",
            "sasToken",
            "storageAccountKey",
        ] {
            assert!(secret_name(yes), "{yes}");
        }
        for no in [
            "PartitionKey",
            "continuationToken",
            "keyVaultName",
            "ApiBaseUrl",
            "tenantId",
        ] {
            assert!(!secret_name(no), "{no}");
        }
    }

    #[test]
    fn expressions_and_literals() {
        assert!(is_expr("@parameters('x')"));
        assert!(is_expr("Bearer @{body('a')?['access_token']}"));
        assert!(is_expr("[parameters('secret')]"));
        assert!(!is_expr("@@literal"));
        assert_eq!(literal_parts("Bearer @{variables('t')} x"), "Bearer  x");
        assert_eq!(
            references("@{body('Get_token')?['x']} @{triggerBody()} @{variables('v')}"),
            vec![
                (RefKind::Action, "Get_token".to_string()),
                (RefKind::Variable, "v".to_string())
            ]
        );
        assert!(broken_expression("Bearer @{body('x')", None).is_some());
        assert!(broken_expression("Bearer @body('x')", None).is_some());
        assert!(broken_expression("Bearer @{body('x')}", None).is_none());
        assert!(literal_bearer("Bearer @{body('x')?['access_token']}").is_none());
        assert!(literal_bearer("Bearer 0123456789abcdef0123").is_some());
    }
}
