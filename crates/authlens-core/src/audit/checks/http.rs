//! HTTP actions: fixed tokens and keys in headers, URI, queries and body; the shape of the
//! Authorization header; the authentication settings (audience, tenant, secret); Key Vault.

use super::expr::*;
use super::*;

pub(super) fn http_checks(n: &Node, known_ref: Option<&Known>, known: &Known, out: &mut Out) {
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

pub(super) fn scheme_name(s: &str) -> &'static str {
    match s {
        "basic" => "Basic",
        "sharedaccesssignature" => "SharedAccessSignature",
        _ => "bearer",
    }
}

pub(super) fn authorization_shape(
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

pub(super) fn auth_checks(
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

pub(super) fn audience_check(n: &Node, aud: &str, uri: &str, apath: &str, out: &mut Out) {
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
