//! Secure inputs and outputs, request triggers and their access control, secret parameters.

use super::expr::*;
use super::*;

/// Secure inputs/outputs on actions that send or receive credentials.
pub(super) fn secure_checks(n: &Node, m: &Model, out: &mut Out) {
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

pub(super) fn trigger_checks(n: &Node, m: &Model, out: &mut Out) {
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
pub(super) fn access_control_checks(w: &Workflow, out: &mut Out) {
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
pub(super) fn secret_name(name: &str) -> bool {
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
pub(super) const NOT_SECRET_SUFFIXES: &[&str] = &[
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

pub(super) fn param_checks(params: &[crate::audit::parse::Param], w: &Workflow, out: &mut Out) {
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
