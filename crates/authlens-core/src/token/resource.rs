//! Which Microsoft API an audience or a URL belongs to, and URL pieces (host, path, tenant).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    Graph,
    AadGraph,
    SharePoint,
    Arm,
    Dataverse,
    KeyVault,
    Storage,
    PowerBi,
    Exchange,
    Flow,
    DevOps,
    TokenEndpoint,
    Custom,
}

impl Api {
    pub fn name(self) -> &'static str {
        match self {
            Api::Graph => "Microsoft Graph",
            Api::AadGraph => "Azure AD Graph (retired)",
            Api::SharePoint => "SharePoint Online",
            Api::Arm => "Azure Resource Manager",
            Api::Dataverse => "Dataverse / Dynamics 365",
            Api::KeyVault => "Azure Key Vault",
            Api::Storage => "Azure Storage",
            Api::PowerBi => "Power BI",
            Api::Exchange => "Exchange Online",
            Api::Flow => "Power Automate (Flow) API",
            Api::DevOps => "Azure DevOps",
            Api::TokenEndpoint => "the Entra ID token endpoint",
            Api::Custom => "a custom API",
        }
    }

    /// Short key used by the permissions table (`perms.tsv`).
    pub fn key(self) -> &'static str {
        match self {
            Api::Graph => "graph",
            Api::AadGraph => "aadgraph",
            Api::SharePoint => "sharepoint",
            Api::Arm => "arm",
            Api::Dataverse => "dataverse",
            Api::KeyVault => "keyvault",
            Api::Storage => "storage",
            Api::PowerBi => "powerbi",
            Api::Exchange => "exchange",
            Api::Flow => "flow",
            Api::DevOps => "devops",
            Api::TokenEndpoint => "login",
            Api::Custom => "custom",
        }
    }

    /// The resource identifier to request a token for (`host` for per-tenant APIs).
    pub fn resource(self, host: Option<&str>) -> String {
        match self {
            Api::Graph => "https://graph.microsoft.com".into(),
            Api::AadGraph => "https://graph.microsoft.com (Azure AD Graph is retired)".into(),
            Api::Arm => "https://management.azure.com".into(),
            Api::KeyVault => "https://vault.azure.net".into(),
            Api::Storage => "https://storage.azure.com".into(),
            Api::PowerBi => "https://analysis.windows.net/powerbi/api".into(),
            Api::Exchange => "https://outlook.office365.com".into(),
            Api::Flow => "https://service.flow.microsoft.com".into(),
            Api::DevOps => "499b84ac-1321-427f-aa17-267ca6975798".into(),
            Api::SharePoint | Api::Dataverse | Api::Custom => match host {
                Some(h) => format!("https://{h}"),
                None => "the API's own resource".into(),
            },
            Api::TokenEndpoint => "the API you call".into(),
        }
    }
}

/// Well-known first-party application IDs that appear as `aud` in v1/v2 tokens.
pub const KNOWN_APP_IDS: &[(&str, Api)] = &[
    ("00000003-0000-0000-c000-000000000000", Api::Graph),
    ("00000002-0000-0000-c000-000000000000", Api::AadGraph),
    ("00000003-0000-0ff1-ce00-000000000000", Api::SharePoint),
    ("00000002-0000-0ff1-ce00-000000000000", Api::Exchange),
    ("797f4846-ba00-4fd7-ba43-dac1f8f63013", Api::Arm),
    ("00000007-0000-0000-c000-000000000000", Api::Dataverse),
    ("cfa8b339-82a2-471a-a3c9-0fc0be7a4093", Api::KeyVault),
    ("e406a681-f3d4-42a8-90b6-c2b029497af1", Api::Storage),
    ("00000009-0000-0000-c000-000000000000", Api::PowerBi),
    ("7df0a125-d3be-4c96-aa54-591f83ff541c", Api::Flow),
    ("499b84ac-1321-427f-aa17-267ca6975798", Api::DevOps),
];

/// Personal Microsoft accounts (outlook.com, hotmail.com, ...) all share this tenant ID.
pub const MSA_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

pub fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The pieces of a URL AuthLens needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Url {
    pub method: Option<String>,
    /// Lowercase, without port.
    pub host: String,
    /// Path without query or fragment, as written.
    pub path: String,
}

/// Parses `https://host/path?q`, `POST https://…`, `host/path`. `None` without a host.
pub fn parse_url(s: &str) -> Option<Url> {
    let s = s.trim();
    let (method, rest) = match s.split_once(char::is_whitespace) {
        Some((m, r)) if !m.is_empty() && m.bytes().all(|c| c.is_ascii_alphabetic()) => {
            (Some(m.to_ascii_uppercase()), r.trim())
        }
        _ => (None, s),
    };
    let rest = match rest.find("://") {
        Some(i) => &rest[i + 3..],
        None => rest,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    if host.is_empty() || !host.contains('.') {
        return None;
    }
    let after = &rest[end..];
    let path_end = after.find(['?', '#']).unwrap_or(after.len());
    Some(Url {
        method,
        host,
        path: after[..path_end].to_string(),
    })
}

pub fn classify_host(host: &str) -> Api {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    let ends = |suffix: &str| h == suffix || h.ends_with(&format!(".{suffix}"));
    if matches!(
        h.as_str(),
        "graph.microsoft.com"
            | "graph.microsoft.us"
            | "dod-graph.microsoft.us"
            | "microsoftgraph.chinacloudapi.cn"
    ) {
        Api::Graph
    } else if h == "graph.windows.net" {
        Api::AadGraph
    } else if ends("sharepoint.com") || ends("sharepoint.us") || ends("sharepoint.cn") {
        Api::SharePoint
    } else if matches!(
        h.as_str(),
        "management.azure.com" | "management.core.windows.net" | "management.usgovcloudapi.net"
    ) {
        Api::Arm
    } else if ends("dynamics.com") {
        Api::Dataverse
    } else if ends("vault.azure.net") {
        Api::KeyVault
    } else if ends("core.windows.net") || h == "storage.azure.com" {
        Api::Storage
    } else if h == "api.powerbi.com" || ends("analysis.windows.net") || ends("powerbi.com") {
        Api::PowerBi
    } else if matches!(
        h.as_str(),
        "outlook.office365.com" | "outlook.office.com" | "outlook.office.de"
    ) {
        Api::Exchange
    } else if ends("flow.microsoft.com") || ends("api.powerplatform.com") {
        Api::Flow
    } else if h == "dev.azure.com" || ends("visualstudio.com") {
        Api::DevOps
    } else if matches!(
        h.as_str(),
        "login.microsoftonline.com"
            | "login.windows.net"
            | "login.microsoft.com"
            | "sts.windows.net"
            | "login.microsoftonline.us"
            | "login.chinacloudapi.cn"
    ) {
        Api::TokenEndpoint
    } else {
        Api::Custom
    }
}

/// The API an audience value names, with the host for per-tenant audiences.
pub fn classify_aud(aud: &str) -> (Api, Option<String>) {
    let a = aud.trim();
    let lower = a.to_ascii_lowercase();
    if let Some((_, api)) = KNOWN_APP_IDS.iter().find(|(id, _)| *id == lower) {
        return (*api, None);
    }
    if lower.starts_with("https://") || lower.starts_with("http://") {
        if let Some(u) = parse_url(&lower) {
            let api = classify_host(&u.host);
            return (api, Some(u.host));
        }
    }
    (Api::Custom, None)
}

/// A tenant named in a URL: a GUID or `*.onmicrosoft.com` in the path of a login URL or after
/// `/tenants/`, or as the first path segment of a login host. `/subscriptions/…` is not a tenant.
pub fn tenant_in_url(url: &Url) -> Option<String> {
    let segs: Vec<&str> = url.path.split('/').filter(|s| !s.is_empty()).collect();
    let login = classify_host(&url.host) == Api::TokenEndpoint;
    for (i, s) in segs.iter().enumerate() {
        let s_l = s.to_ascii_lowercase();
        let prev = if i > 0 {
            segs[i - 1].to_ascii_lowercase()
        } else {
            String::new()
        };
        let tenantish = is_guid(&s_l) || s_l.ends_with(".onmicrosoft.com");
        if !tenantish {
            continue;
        }
        if (login && i == 0) || prev == "tenants" || prev == "tenantid" {
            return Some(s_l);
        }
        if s_l.ends_with(".onmicrosoft.com") {
            return Some(s_l);
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_hosts() {
        let u = parse_url("POST https://Contoso.SharePoint.com:443/sites/x/_api/web?a=b").unwrap();
        assert_eq!(u.method.as_deref(), Some("POST"));
        assert_eq!(u.host, "contoso.sharepoint.com");
        assert_eq!(u.path, "/sites/x/_api/web");
        assert_eq!(classify_host(&u.host), Api::SharePoint);
        assert_eq!(classify_host("org1.crm4.dynamics.com"), Api::Dataverse);
        assert_eq!(classify_host("example.org"), Api::Custom);
        assert!(parse_url("not a url").is_none());
    }

    #[test]
    fn tenants_in_urls() {
        let t = |s: &str| tenant_in_url(&parse_url(s).unwrap());
        assert_eq!(
            t("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token"),
            Some("11111111-2222-3333-4444-555555555555".into())
        );
        assert_eq!(
            t("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token"),
            Some("contoso.onmicrosoft.com".into())
        );
        assert_eq!(
            t("https://management.azure.com/subscriptions/11111111-2222-3333-4444-555555555555/x"),
            None
        );
    }
}
