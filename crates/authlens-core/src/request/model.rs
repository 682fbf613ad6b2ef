//! The canonical request model every parser produces, and the small helpers that build it
//! (percent-decoding, form parsing, body detection, Authorization analysis, secret masking).

use super::bearer::{looks_like_jwt, RequestToken};
use serde::Serialize;
use serde_json::Value;

/// One HTTP request, whatever format it was pasted in.
///
/// Values are kept as sent (secrets included) so the comparison can see them; use
/// [`Request::redacted`] before showing or exporting a request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Request {
    /// Upper-case method (`GET`, `POST`, ...).
    pub method: String,
    pub url: Url,
    /// Headers in the order given, names in their original case, values trimmed.
    pub headers: Vec<Header>,
    /// Credentials, from the Authorization header or from an explicit auth setting
    /// (flow `authentication`, Postman auth tab, curl `-u`/`--oauth2-bearer`).
    pub auth: Option<Auth>,
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Url {
    /// Lower-case scheme (`https`).
    pub scheme: String,
    /// Lower-case host name (or IP literal).
    pub host: String,
    /// Explicit port; `None` when absent or equal to the scheme's default.
    pub port: Option<u16>,
    /// Path as written (percent-encoding kept), `/` when empty.
    pub path: String,
    /// Decoded query parameters in the order given.
    pub query: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// The body, classified.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Text(String),
}

/// Credentials of a request, secrets removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Auth {
    /// `bearer`, `basic`, `apikey`, `oauth2-client-credentials`, `managed-identity`,
    /// `client-certificate` or `other`.
    pub scheme: String,
    /// Where it came from: `authorization-header`, `flow-authentication`, `postman-auth`,
    /// `curl-option`, `powershell-option` (`-Authentication Bearer -Token`), `url-userinfo`.
    pub source: String,
    /// The value as it would be sent, secrets redacted (`Bearer eyJ0eXAi….eyJhdWQi….`).
    pub raw_value: String,
    /// The header value was wrapped in quotes (`"Bearer eyJ…"`), which APIs reject.
    pub quoted: bool,
    /// Problems spotted in the value: `quoted`, `unevaluated-expression`, `missing-scheme`,
    /// `duplicate-scheme`, `whitespace-in-token`, `undecodable-jwt`, `undecodable-basic`,
    /// `secret-hidden-by-run-history`.
    pub problems: Vec<String>,
    pub token: Option<RequestToken>,
    /// Basic: user name; the password is never kept in the report, only its length.
    pub user: Option<String>,
    pub password_length: Option<usize>,
    /// API key: the header or query parameter name and where it goes (`header`/`query`).
    pub key_name: Option<String>,
    pub key_in: Option<String>,
    /// Client credentials / managed identity settings.
    pub tenant: Option<String>,
    pub audience: Option<String>,
    pub client_id: Option<String>,
    pub identity: Option<String>,
    /// The secret part (token, password, key, client secret), only to tell whether two sides
    /// use the same one. Never serialised.
    #[serde(skip)]
    pub(crate) secret: Option<String>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    pub fn has_header(&self, name: &str) -> bool {
        self.header(name).is_some()
    }

    /// A copy safe to show: secret-looking header, query and body values masked, and the
    /// private secret of `auth` dropped.
    pub fn redacted(&self) -> Request {
        let mut r = self.clone();
        for h in &mut r.headers {
            if h.name.eq_ignore_ascii_case("authorization")
                || h.name.eq_ignore_ascii_case("proxy-authorization")
            {
                h.value = redact_auth_value(&h.value);
            } else if h.name.eq_ignore_ascii_case("cookie") {
                h.value = mask_cookie(&h.value);
            } else if is_secret_name(&h.name) {
                h.value = mask(&h.value);
            }
            // Secrets by shape in any header (a `ghp_…` token in a custom header).
            h.value = crate::redact::redact(&h.value);
        }
        for (k, v) in &mut r.url.query {
            if is_secret_name(k) {
                *v = mask(v);
            }
            *v = crate::redact::redact(v);
        }
        r.body = match &r.body {
            Body::Json(v) => Body::Json(mask_json(v)),
            Body::Form(p) => Body::Form(
                p.iter()
                    .map(|(k, v)| {
                        let v = if is_secret_name(k) {
                            mask(v)
                        } else {
                            v.clone()
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            Body::Text(t) => Body::Text(crate::redact::redact_body(t)),
            other => other.clone(),
        };
        if let Some(a) = &mut r.auth {
            a.secret = None;
        }
        r
    }
}

impl Url {
    /// The port actually used (explicit or the scheme's default).
    pub fn effective_port(&self) -> Option<u16> {
        self.port.or_else(|| default_port(&self.scheme))
    }

    pub fn to_display(&self) -> String {
        let mut s = format!("{}://{}", self.scheme, self.host);
        if let Some(p) = self.port {
            s.push_str(&format!(":{p}"));
        }
        s.push_str(&self.path);
        if !self.query.is_empty() {
            s.push('?');
            let q: Vec<String> = self
                .query
                .iter()
                .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
                .collect();
            s.push_str(&q.join("&"));
        }
        s
    }
}

pub(crate) fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "https" | "wss" => Some(443),
        "http" | "ws" => Some(80),
        _ => None,
    }
}

/// Names whose values are secrets (headers, query parameters, body fields).
pub(crate) fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace(['-', '_'], "");
    matches!(
        n.as_str(),
        "sig"
            | "code"
            | "password"
            | "pwd"
            | "secret"
            | "clientsecret"
            | "apikey"
            | "xapikey"
            | "key"
            | "subscriptionkey"
            | "ocpapimsubscriptionkey"
            | "xfunctionskey"
            | "accesstoken"
            | "refreshtoken"
            | "idtoken"
            | "token"
            | "assertion"
            | "clientassertion"
            | "pfx"
            | "xmsauthorizationauxiliary"
    ) || (crate::redact::is_secret_name(name) && !n.contains("cookie")) // cookies: their own masking
        || n.ends_with("secret")
        || n.ends_with("password")
        || n.ends_with("key")
        || n.ends_with("token")
        || n.contains("signature")
}

/// Hides a secret value, keeping only its length.
pub(crate) fn mask(v: &str) -> String {
    if v.is_empty() {
        String::new()
    } else {
        format!("•••• ({} chars hidden)", v.chars().count())
    }
}

fn mask_cookie(v: &str) -> String {
    v.split(';')
        .map(|c| {
            let c = c.trim();
            match c.split_once('=') {
                Some((k, val)) => format!("{k}={}", mask(val)),
                None => c.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn mask_json(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            // Inserted one by one: collecting into a map compiles a sort of its own (wasm size).
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let v = if is_secret_name(k) && !v.is_object() && !v.is_array() {
                    Value::String(mask(&json_scalar_text(v)))
                } else {
                    mask_json(v)
                };
                out.insert(k.clone(), v);
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(mask_json).collect()),
        other => other.clone(),
    }
}

/// A JSON value as text: strings without quotes, everything else compact JSON.
pub(crate) fn json_scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Decodes `%XX` sequences (invalid ones kept as written); `plus_space` turns `+` into a space.
pub(crate) fn percent_decode(s: &str, plus_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' && i + 2 < b.len() {
            let hex = |x: u8| (x as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if plus_space && c == b'+' { b' ' } else { c });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes everything but unreserved characters (as `curl --data-urlencode` does).
pub(crate) fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Parses `a=1&b=2` into decoded pairs (empty segments skipped, `a` alone gives `("a","")`).
pub(crate) fn parse_form(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k, true), percent_decode(v, true)),
            None => (percent_decode(p, true), String::new()),
        })
        .collect()
}

/// Classifies a textual body using the Content-Type when there is one, else by its shape.
pub(crate) fn body_from_text(text: &str, content_type: Option<&str>) -> Body {
    let t = text.trim();
    if t.is_empty() {
        return Body::None;
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let looks_json = t.starts_with('{') || t.starts_with('[');
    // JSON text is kept as JSON even under a form Content-Type (curl -d without -H): the
    // Content-Type difference is then reported on its own instead of a garbled form body.
    if ct.contains("json")
        || (looks_json
            && (ct.is_empty()
                || ct.starts_with("text/plain")
                || ct.contains("x-www-form-urlencoded")))
    {
        if let Ok(v) = serde_json::from_str::<Value>(t) {
            return Body::Json(v);
        }
    }
    if ct.contains("x-www-form-urlencoded") || (ct.is_empty() && looks_like_form(t)) {
        return Body::Form(parse_form(t));
    }
    if ct.contains("multipart/form-data") {
        if let Some(fields) = super::multipart::fields(t, content_type.unwrap_or("")) {
            return Body::Form(fields);
        }
    }
    Body::Text(t.replace("\r\n", "\n"))
}

fn looks_like_form(t: &str) -> bool {
    t.contains('=')
        && t.split('&').all(|p| {
            p.split_once('=').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.bytes()
                        .all(|c| c.is_ascii_alphanumeric() || b"_-.%[]+".contains(&c))
            })
        })
        && !t.contains(char::is_whitespace)
}

/// Whether `s` holds an unevaluated workflow expression (`@{…}`, `@body('x')`, `@parameters(…)`).
pub(crate) fn has_expression(s: &str) -> bool {
    if s.contains("@{") {
        return true;
    }
    let t = s.trim().trim_matches('"');
    if let Some(rest) = t.strip_prefix('@') {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        return !name.is_empty() && rest[name.len()..].starts_with('(');
    }
    false
}

fn strip_quotes(v: &str) -> (&str, bool) {
    let mut s = v.trim();
    let mut quoted = false;
    loop {
        let b = s.as_bytes();
        if b.len() >= 2
            && ((b[0] == b'"' && b[b.len() - 1] == b'"')
                || (b[0] == b'\'' && b[b.len() - 1] == b'\''))
        {
            s = s[1..s.len() - 1].trim();
            quoted = true;
        } else if b.len() >= 4 && s.starts_with("\\\"") && s.ends_with("\\\"") {
            s = s[2..s.len() - 2].trim();
            quoted = true;
        } else if b.first() == Some(&b'"') || b.last() == Some(&b'"') {
            s = s.trim_matches('"').trim();
            quoted = true;
        } else {
            return (s, quoted);
        }
    }
}

/// Reads an Authorization header value (`Bearer …`, `Basic …`, anything else).
pub fn auth_from_header_value(value: &str, source: &str) -> Auth {
    let (v, quoted) = strip_quotes(value);
    let mut auth = Auth {
        source: source.to_string(),
        quoted,
        ..Auth::default()
    };
    if quoted {
        auth.problems.push("quoted".into());
    }
    let (scheme_word, rest) = match v.split_once(char::is_whitespace) {
        Some((s, r)) => (s, r.trim()),
        None => (v, ""),
    };
    let scheme_l = scheme_word.to_ascii_lowercase();
    let redacted_value;
    if scheme_l == "bearer" {
        auth.scheme = "bearer".into();
        let mut tok = rest;
        if let Some((w, r)) = tok.split_once(char::is_whitespace) {
            if w.eq_ignore_ascii_case("bearer") {
                auth.problems.push("duplicate-scheme".into());
                tok = r.trim();
            }
        }
        let (tok, inner_quoted) = strip_quotes(tok);
        if inner_quoted && !auth.quoted {
            auth.quoted = true;
            auth.problems.push("quoted".into());
        }
        if tok.contains(char::is_whitespace) && !has_expression(tok) {
            auth.problems.push("whitespace-in-token".into());
        }
        let facts = RequestToken::read(tok, &mut auth.problems);
        redacted_value = format!("{scheme_word} {}", facts.redacted);
        auth.token = Some(facts);
        auth.secret = Some(tok.to_string());
    } else if scheme_l == "basic" {
        auth.scheme = "basic".into();
        fill_basic_from_b64(&mut auth, rest);
        redacted_value = format!("{scheme_word} {}", mask(rest));
    } else if rest.is_empty() && looks_like_jwt(v) {
        auth.scheme = "bearer".into();
        auth.problems.push("missing-scheme".into());
        let facts = RequestToken::read(v, &mut auth.problems);
        redacted_value = facts.redacted.clone();
        auth.token = Some(facts);
        auth.secret = Some(v.to_string());
    } else {
        auth.scheme = "other".into();
        if has_expression(v) {
            redacted_value = crate::text::shorten(v, 80);
        } else if rest.is_empty() {
            redacted_value = mask(v);
        } else {
            redacted_value = format!("{scheme_word} {}", mask(rest));
        }
        auth.secret = Some(v.to_string());
    }
    if has_expression(v) && !auth.problems.iter().any(|p| p == "unevaluated-expression") {
        auth.problems.push("unevaluated-expression".into());
    }
    auth.raw_value = if quoted {
        format!("\"{redacted_value}\"")
    } else {
        redacted_value
    };
    auth
}

fn fill_basic_from_b64(auth: &mut Auth, b64: &str) {
    let decoded = crate::token::b64::decode(b64.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    match decoded.as_deref().and_then(|d| d.split_once(':')) {
        Some((u, p)) => {
            auth.user = Some(u.to_string());
            auth.password_length = Some(p.chars().count());
            auth.secret = decoded.clone();
        }
        None => {
            if has_expression(b64) {
                auth.problems.push("unevaluated-expression".into());
            } else {
                auth.problems.push("undecodable-basic".into());
            }
            auth.secret = Some(b64.to_string());
        }
    }
}

/// Basic credentials given as user and password (flow, Postman, curl `-u`).
pub(crate) fn basic_auth(user: &str, password: &str, source: &str) -> Auth {
    let mut problems = Vec::new();
    if has_expression(user) || has_expression(password) {
        problems.push("unevaluated-expression".into());
    }
    Auth {
        scheme: "basic".into(),
        source: source.into(),
        raw_value: format!("Basic {user}:{}", mask(password)),
        problems,
        user: Some(user.to_string()),
        password_length: Some(password.chars().count()),
        secret: Some(format!("{user}:{password}")),
        ..Auth::default()
    }
}

/// Bearer token given on its own (Postman bearer tab, curl `--oauth2-bearer`).
pub(crate) fn bearer_auth(token: &str, source: &str) -> Auth {
    let mut a = auth_from_header_value(&format!("Bearer {}", token.trim()), source);
    a.source = source.into();
    a
}

/// Masks the secret part of an Authorization value for display.
pub(crate) fn redact_auth_value(v: &str) -> String {
    auth_from_header_value(v, "authorization-header").raw_value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_is_total() {
        assert_eq!(percent_decode("a%20b+c%zz%", true), "a b c%zz%");
        assert_eq!(percent_decode("%", false), "%");
        assert_eq!(percent_decode("%4", false), "%4");
        assert_eq!(percent_decode("%41", false), "A");
    }

    #[test]
    fn quoted_bearer_is_flagged_and_still_decoded() {
        let a = auth_from_header_value("\"Bearer abc.def\"", "authorization-header");
        assert!(a.quoted);
        assert_eq!(a.scheme, "bearer");
        assert_eq!(a.secret.as_deref(), Some("abc.def"));
        assert!(a.raw_value.starts_with('"'));
    }

    #[test]
    fn basic_keeps_user_and_password_length_only() {
        // "alice:s3cret" base64
        let a = auth_from_header_value("Basic YWxpY2U6czNjcmV0", "authorization-header");
        assert_eq!(a.user.as_deref(), Some("alice"));
        assert_eq!(a.password_length, Some(6));
        assert!(!serde_json::to_string(&a)
            .unwrap_or_default()
            .contains("s3cret"));
    }

    #[test]
    fn expressions_are_detected() {
        assert!(has_expression(
            "Bearer @{body('Get_token')?['access_token']}"
        ));
        assert!(has_expression("@parameters('key')"));
        assert!(!has_expression("user@example.com"));
    }
}
