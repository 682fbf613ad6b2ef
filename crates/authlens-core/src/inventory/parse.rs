//! Reading credential and connection lists as the admin tools print them: `az ad app credential
//! list` (secrets and `--cert`), `az ad app show` / `az ad sp show` and Microsoft Graph
//! `applications` / `servicePrincipals` objects or `{"value": [...]}` pages (with
//! `passwordCredentials` and `keyCredentials`), `az resource list` / `az resource show` of
//! `Microsoft.Web/connections`, the Power Platform admin API's connection list, and
//! `Get-AdminPowerAppConnection` as JSON or as PowerShell's list format.

use crate::time::Timestamp;
use serde_json::Value;

pub const AZURE_CONNECTION: &str = "Azure API connection";
pub const POWER_PLATFORM_CONNECTION: &str = "Power Platform connection";

/// Items read per paste; more are ignored.
const MAX_ITEMS: usize = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialKind {
    /// A client secret (`passwordCredentials`).
    Secret,
    /// A certificate (`keyCredentials`).
    Certificate,
}

/// One secret or certificate of an app registration or service principal.
#[derive(Clone, Debug)]
pub struct RawCredential {
    pub kind: CredentialKind,
    /// The app's display name, when the paste has it.
    pub app: Option<String>,
    pub app_id: Option<String>,
    /// `application`, `service principal` or `unknown`.
    pub owner: &'static str,
    /// The credential's description (`displayName`).
    pub description: Option<String>,
    pub key_id: Option<String>,
    /// The first characters of a secret, as Entra shows them.
    pub hint: Option<String>,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub path: String,
}

/// A connection as listed.
#[derive(Clone, Debug)]
pub struct RawConnection {
    /// `Azure API connection` or `Power Platform connection`.
    pub source: &'static str,
    pub name: String,
    pub display_name: Option<String>,
    pub connector: Option<String>,
    /// `Connected`, `Error`, `Ready`, … (`None`: the list does not say).
    pub status: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    /// The account behind it (authenticatedUser, createdBy).
    pub account: Option<String>,
    /// App (client) IDs named in its parameters: the app registrations it depends on.
    pub client_ids: Vec<String>,
    pub path: String,
}

#[derive(Default, Debug)]
pub struct Read {
    pub credentials: Vec<RawCredential>,
    pub connections: Vec<RawConnection>,
    /// What was recognised, for the report's header.
    pub formats: Vec<&'static str>,
    /// Managed identities' credentials are rotated by Azure: counted, not judged.
    pub managed_identity_credentials: usize,
}

impl Read {
    fn format(&mut self, f: &'static str) {
        if !self.formats.contains(&f) {
            self.formats.push(f);
        }
    }
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|x| !x.trim().is_empty())
}

fn time(v: &Value, keys: &[&str]) -> Option<Timestamp> {
    keys.iter().find_map(|k| s(v, k).and_then(Timestamp::parse))
}

pub fn read(text: &str) -> Read {
    let mut r = Read::default();
    for v in crate::audit::parse::json_values(text) {
        value(&v, "$", &mut r, 0);
    }
    if r.credentials.is_empty() && r.connections.is_empty() {
        powershell_list(text, &mut r);
    }
    r
}

fn full(r: &Read) -> bool {
    r.credentials.len() + r.connections.len() >= MAX_ITEMS
}

fn value(v: &Value, path: &str, r: &mut Read, depth: usize) {
    if depth > 4 || full(r) {
        return;
    }
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                if full(r) {
                    break;
                }
                value(x, &format!("{path}[{i}]"), r, depth + 1);
            }
            return;
        }
        Value::Object(_) => {}
        _ => return,
    }
    if v.get("passwordCredentials").is_some() || v.get("keyCredentials").is_some() {
        return app(v, path, r);
    }
    if is_credential(v) {
        r.format("az ad app credential list");
        return credential(v, None, None, "unknown", path, r, guess_kind(v));
    }
    let ty = s(v, "type").unwrap_or("").to_ascii_lowercase();
    if ty == "microsoft.web/connections" {
        return azure_connection(v, path, r);
    }
    if v.get("ConnectionName").is_some()
        && (v.get("Statuses").is_some() || v.get("ConnectorName").is_some())
    {
        return powershell_json(v, path, r);
    }
    if let Some(p) = v.get("properties").filter(|p| {
        p.get("apiId").is_some() && (p.get("statuses").is_some() || p.get("createdBy").is_some())
    }) {
        return power_platform(v, p, path, r);
    }
    // A list response (`value`), or an ARM template's `resources` (connections to deploy).
    for key in ["value", "resources"] {
        if let Some(list) = v.get(key).and_then(Value::as_array) {
            for (i, x) in list.iter().enumerate() {
                if full(r) {
                    break;
                }
                value(x, &format!("{path}.{key}[{i}]"), r, depth + 1);
            }
        }
    }
}

fn is_credential(v: &Value) -> bool {
    (v.get("endDateTime").is_some() || v.get("endDate").is_some()) && v.get("keyId").is_some()
}

fn guess_kind(v: &Value) -> CredentialKind {
    let ty = s(v, "type").unwrap_or("").to_ascii_lowercase();
    if ty.contains("x509") || ty.contains("cert") || s(v, "usage").is_some() {
        CredentialKind::Certificate
    } else {
        CredentialKind::Secret
    }
}

fn app(v: &Value, path: &str, r: &mut Read) {
    let sp = s(v, "servicePrincipalType").is_some()
        || s(v, "@odata.type").is_some_and(|t| t.to_ascii_lowercase().contains("serviceprincipal"))
        || v.get("servicePrincipalNames").is_some();
    r.format(if sp {
        "service principal (az ad sp show / Graph servicePrincipals)"
    } else {
        "app registration (az ad app show / Graph applications)"
    });
    let managed =
        s(v, "servicePrincipalType").is_some_and(|t| t.eq_ignore_ascii_case("ManagedIdentity"));
    let name = s(v, "displayName")
        .or_else(|| s(v, "appDisplayName"))
        .map(str::to_string);
    let app_id = s(v, "appId").map(str::to_string);
    let owner = if sp {
        "service principal"
    } else {
        "application"
    };
    for (key, kind) in [
        ("passwordCredentials", CredentialKind::Secret),
        ("keyCredentials", CredentialKind::Certificate),
    ] {
        let Some(list) = v.get(key).and_then(Value::as_array) else {
            continue;
        };
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (i, c) in list.iter().enumerate() {
            if managed {
                r.managed_identity_credentials += 1;
                continue;
            }
            // A SAML signing certificate is listed twice (usage Sign and Verify): one credential.
            if let (Some(thumb), Some(end)) = (s(c, "customKeyIdentifier"), s(c, "endDateTime")) {
                if seen.contains(&(thumb, end)) {
                    continue;
                }
                seen.push((thumb, end));
            }
            credential(
                c,
                name.clone(),
                app_id.clone(),
                owner,
                &format!("{path}.{key}[{i}]"),
                r,
                kind,
            );
        }
    }
}

fn credential(
    c: &Value,
    app: Option<String>,
    app_id: Option<String>,
    owner: &'static str,
    path: &str,
    r: &mut Read,
    kind: CredentialKind,
) {
    r.credentials.push(RawCredential {
        kind,
        app,
        app_id,
        owner,
        description: s(c, "displayName").map(str::to_string),
        key_id: s(c, "keyId").map(str::to_string),
        hint: s(c, "hint").map(str::to_string),
        start: time(c, &["startDateTime", "startDate"]),
        end: time(c, &["endDateTime", "endDate"]),
        path: path.to_string(),
    });
}

/// App IDs named in a connection's parameters (`token:clientId`, `clientId`, also nested as
/// `connectionParametersSet.values["token:clientId"].value`).
fn client_ids(params: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = params {
        collect_client_ids(p, &mut out, 0);
    }
    out
}

fn collect_client_ids(v: &Value, out: &mut Vec<String>, depth: usize) {
    let Some(o) = v.as_object().filter(|_| depth < 4) else {
        return;
    };
    for (k, x) in o {
        let l = k.to_ascii_lowercase();
        if l.ends_with("clientid") || l.ends_with("client_id") {
            let id = x
                .as_str()
                .or_else(|| x.get("value").and_then(Value::as_str));
            if let Some(id) = id
                .map(|i| i.trim().to_ascii_lowercase())
                .filter(|i| !i.is_empty())
            {
                out.push(id);
                continue;
            }
        }
        collect_client_ids(x, out, depth + 1);
    }
}

/// The first error status: `(status, code, message)`.
fn status_of(
    statuses: Option<&Value>,
    overall: Option<&str>,
) -> (Option<String>, Option<String>, Option<String>) {
    let list = statuses.and_then(Value::as_array);
    let pick = list.and_then(|l| {
        l.iter()
            .find(|x| s(x, "status").is_some_and(|st| st.eq_ignore_ascii_case("error")))
            .or_else(|| l.first())
    });
    let status = pick
        .and_then(|x| s(x, "status"))
        .or(overall)
        .map(str::to_string);
    let err = pick.and_then(|x| x.get("error"));
    let (code, message) = match err {
        Some(Value::Object(_)) => (
            err.and_then(|e| s(e, "code")).map(str::to_string),
            err.and_then(|e| s(e, "message")).map(str::to_string),
        ),
        // `ConvertTo-Json` of a deeper object: "@{code=Unauthenticated; message=…}".
        Some(Value::String(t)) => (ps_field(t, "code"), ps_field(t, "message")),
        _ => (None, None),
    };
    (status, code, message)
}

fn azure_connection(v: &Value, path: &str, r: &mut Read) {
    r.format("Azure API connections (az resource list / show)");
    let p = v.get("properties").filter(|p| p.is_object());
    let (status, code, message) = match p {
        Some(p) => status_of(p.get("statuses"), s(p, "overallStatus")),
        None => (None, None, None),
    };
    let connector = p
        .and_then(|p| p.get("api"))
        .and_then(|a| s(a, "name").or_else(|| s(a, "displayName")))
        .map(str::to_string);
    r.connections.push(RawConnection {
        source: AZURE_CONNECTION,
        name: s(v, "name").unwrap_or("connection").to_string(),
        display_name: p.and_then(|p| s(p, "displayName")).map(str::to_string),
        connector,
        status,
        error_code: code,
        error_message: message,
        account: p
            .and_then(|p| p.get("authenticatedUser"))
            .and_then(|u| s(u, "name"))
            .map(str::to_string),
        client_ids: client_ids(p.and_then(|p| p.get("parameterValues"))),
        path: path.to_string(),
    });
}

fn person(v: Option<&Value>) -> Option<String> {
    let v = v?;
    if let Some(t) = v.as_str() {
        return ps_field(t, "userPrincipalName")
            .or_else(|| ps_field(t, "email"))
            .or_else(|| ps_field(t, "displayName"));
    }
    s(v, "userPrincipalName")
        .or_else(|| s(v, "email"))
        .or_else(|| s(v, "displayName"))
        .map(str::to_string)
}

fn power_platform(v: &Value, p: &Value, path: &str, r: &mut Read) {
    r.format("Power Platform connections (admin API)");
    let (status, code, message) = status_of(p.get("statuses"), None);
    r.connections.push(RawConnection {
        source: POWER_PLATFORM_CONNECTION,
        name: s(v, "name").unwrap_or("connection").to_string(),
        display_name: s(p, "displayName").map(str::to_string),
        connector: s(p, "apiId").map(|a| a.rsplit('/').next().unwrap_or(a).to_string()),
        status,
        error_code: code,
        error_message: message,
        account: person(p.get("createdBy")),
        client_ids: {
            let mut ids = client_ids(p.get("connectionParameters"));
            ids.extend(client_ids(p.get("connectionParametersSet")));
            ids
        },
        path: path.to_string(),
    });
}

fn powershell_json(v: &Value, path: &str, r: &mut Read) {
    r.format("Power Platform connections (Get-AdminPowerAppConnection)");
    let (status, code, message) = match v.get("Statuses") {
        Some(Value::String(t)) => (
            ps_field(t, "status"),
            ps_field(t, "code"),
            ps_field(t, "message"),
        ),
        other => status_of(other, None),
    };
    r.connections.push(RawConnection {
        source: POWER_PLATFORM_CONNECTION,
        name: s(v, "ConnectionName").unwrap_or("connection").to_string(),
        display_name: s(v, "DisplayName").map(str::to_string),
        connector: s(v, "ConnectorName").map(str::to_string),
        status,
        error_code: code,
        error_message: message,
        account: person(v.get("CreatedBy")),
        client_ids: Vec::new(),
        path: path.to_string(),
    });
}

/// `key=value` inside PowerShell's `@{a=b; c=d}` rendering of an object.
fn ps_field(t: &str, key: &str) -> Option<String> {
    let lower = t.to_ascii_lowercase();
    let pat = format!("{}=", key.to_ascii_lowercase());
    let mut from = 0;
    while let Some(i) = lower[from..].find(&pat) {
        let at = from + i;
        from = at + pat.len();
        // The key must start a field: after `{`, `;`, space or the start.
        if at > 0 && !matches!(t.as_bytes()[at - 1], b'{' | b';' | b' ') {
            continue;
        }
        let rest = &t[from..];
        // Messages contain `;` (and JSON braces): they run to the brace that closes the object.
        let message = key.eq_ignore_ascii_case("message");
        let mut depth = 0usize;
        let mut end = rest.len();
        for (j, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = j;
                    break;
                }
                '}' => depth -= 1,
                ';' if !message && depth == 0 => {
                    end = j;
                    break;
                }
                _ => {}
            }
        }
        let val = rest[..end].trim();
        return (!val.is_empty()).then(|| val.to_string());
    }
    None
}

/// PowerShell's default list view: records of `Name : Value` lines, separated by blank lines.
fn powershell_list(text: &str, r: &mut Read) {
    let mut records: Vec<Vec<(String, String)>> = Vec::new();
    let mut cur: Vec<(String, String)> = Vec::new();
    for line in text.trim_start_matches('\u{feff}').lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                records.push(std::mem::take(&mut cur));
            }
            continue;
        }
        match line.split_once(" : ").or_else(|| line.split_once(": ")) {
            Some((k, v))
                if !k.trim().is_empty() && !k.trim().contains(' ') && !line.starts_with(' ') =>
            {
                cur.push((k.trim().to_string(), v.trim().to_string()));
            }
            // A wrapped value continues the previous field.
            _ => {
                if let Some(last) = cur.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
            }
        }
        if records.len() >= MAX_ITEMS {
            break;
        }
    }
    if !cur.is_empty() {
        records.push(cur);
    }
    for (i, rec) in records.iter().enumerate() {
        let get = |k: &str| {
            rec.iter()
                .find(|(x, _)| x.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
        };
        let Some(name) = get("ConnectionName") else {
            continue;
        };
        r.format("Power Platform connections (Get-AdminPowerAppConnection)");
        let statuses = get("Statuses").unwrap_or("");
        r.connections.push(RawConnection {
            source: POWER_PLATFORM_CONNECTION,
            name: name.to_string(),
            display_name: get("DisplayName").map(str::to_string),
            connector: get("ConnectorName").map(str::to_string),
            status: ps_field(statuses, "status"),
            error_code: ps_field(statuses, "code"),
            error_message: ps_field(statuses, "message"),
            account: get("CreatedBy").and_then(|c| {
                ps_field(c, "userPrincipalName")
                    .or_else(|| ps_field(c, "email"))
                    .or_else(|| ps_field(c, "displayName"))
            }),
            client_ids: Vec::new(),
            path: format!("record {}", i + 1),
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod unit {
    use super::*;

    #[test]
    fn powershell_fields() {
        let t = "{@{status=Error; error=@{code=Unauthenticated; message=Failed to refresh; try again}}}";
        assert_eq!(ps_field(t, "status").as_deref(), Some("Error"));
        assert_eq!(ps_field(t, "code").as_deref(), Some("Unauthenticated"));
        assert_eq!(
            ps_field(t, "message").as_deref(),
            Some("Failed to refresh; try again")
        );
        assert_eq!(ps_field("{@{status=Connected}}", "code"), None);
    }
}
