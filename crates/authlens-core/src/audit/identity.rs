//! Who signs in through a connection, read from whatever the export says about it: the
//! authentication type, the parameter set, the account named, or the connector alone.

use super::parse::{s, Conn};
use serde_json::Value;

/// Who signs in through a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdentityKind {
    /// A person's (or a shared user) account: OAuth as a user.
    User,
    ServicePrincipal,
    ManagedIdentity,
    /// A key, connection string or API key: no sign-in at all.
    Key,
    /// Power Automate "provided by run-only user": whoever runs the flow.
    Invoker,
    Unknown,
}

impl IdentityKind {
    pub const fn label(self) -> &'static str {
        match self {
            IdentityKind::User => "user account",
            IdentityKind::ServicePrincipal => "service principal",
            IdentityKind::ManagedIdentity => "managed identity",
            IdentityKind::Key => "key or connection string",
            IdentityKind::Invoker => "the run-only user's own connection",
            IdentityKind::Unknown => "not in the export",
        }
    }
}

/// Connectors whose connections can only sign in as a user (delegated OAuth): a maker cannot
/// pick a service principal or managed identity for them.
pub(super) const USER_ONLY_CONNECTORS: &[&str] = &[
    "office365",
    "office365users",
    "office365groups",
    "outlook",
    "teams",
    "onedriveforbusiness",
    "onedrive",
    "sharepointonline",
    "excelonlinebusiness",
    "planner",
    "todo",
    "approvals",
    "flowpush",
    // "HTTP with Microsoft Entra ID (preauthorized)": delegated, as the signed-in user.
    "webcontents",
];

pub fn connector_is_user_only(connector: &str) -> bool {
    let c = connector.to_ascii_lowercase();
    let c = c.strip_prefix("shared_").unwrap_or(&c);
    USER_ONLY_CONNECTORS.contains(&c)
}

/// An account: an address, or the stand-in a shared (masked) paste has in its place, so the
/// recipient reads the same identities.
pub(super) fn is_person_name(s: &str) -> bool {
    let s = s.trim();
    (!s.is_empty() && s.contains('@') && !s.starts_with('@')) || is_user_stand_in(s)
}

fn is_user_stand_in(s: &str) -> bool {
    crate::redact::personal::is_stand_in(s) && s.starts_with("user ")
}

/// Reads who signs in from whatever the export says about a connection, most specific first.
pub(super) fn identify(c: &Value, conn: &mut Conn) {
    let auth_type = c
        .get("connectionProperties")
        .and_then(|p| p.get("authentication"))
        .or_else(|| c.get("authentication"))
        .and_then(|a| s(a, "type"));
    let set = |conn: &mut Conn, k: IdentityKind, from: &'static str| {
        conn.identity = k;
        conn.identity_from = from;
    };
    if auth_type.is_some_and(|t| t.eq_ignore_ascii_case("ManagedServiceIdentity")) {
        return set(
            conn,
            IdentityKind::ManagedIdentity,
            "authentication.type: ManagedServiceIdentity",
        );
    }
    let pvs = c
        .get("parameterValueSet")
        .and_then(|p| s(p, "name"))
        .unwrap_or("")
        .to_ascii_lowercase();
    if pvs.contains("managedidentity") || pvs.contains("managedserviceidentity") {
        return set(conn, IdentityKind::ManagedIdentity, "parameterValueSet");
    }
    if s(c, "parameterValueType").is_some_and(|t| t.eq_ignore_ascii_case("Alternative")) {
        return set(
            conn,
            IdentityKind::ManagedIdentity,
            "parameterValueType: Alternative",
        );
    }
    let params = c.get("parameterValues").and_then(Value::as_object);
    if let Some(p) = params {
        let has = |k: &str| p.keys().any(|x| x.eq_ignore_ascii_case(k));
        let auth_provider = p
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("authProvider"))
            .and_then(|(_, v)| v.get("Type").or_else(|| v.get("type")))
            .and_then(Value::as_str);
        if auth_provider.is_some_and(|t| t.eq_ignore_ascii_case("ManagedServiceIdentity")) {
            return set(conn, IdentityKind::ManagedIdentity, "authProvider.Type");
        }
        if has("token:clientId") || has("token:clientSecret") || has("token:grantType") {
            return set(
                conn,
                IdentityKind::ServicePrincipal,
                "parameterValues token:clientId",
            );
        }
        if pvs.contains("serviceprincipal") || pvs.contains("oauthsp") {
            return set(conn, IdentityKind::ServicePrincipal, "parameterValueSet");
        }
        if has("connectionString") || has("accountKey") || has("apiKey") || has("sharedkey") {
            return set(conn, IdentityKind::Key, "parameterValues");
        }
        for k in ["username", "userName", "email"] {
            if let Some(u) = p
                .get(k)
                .and_then(Value::as_str)
                .filter(|u| is_person_name(u))
            {
                conn.account = Some(u.to_string());
                return set(conn, IdentityKind::User, "parameterValues");
            }
        }
    }
    if pvs.contains("serviceprincipal") || pvs.contains("oauthsp") {
        return set(conn, IdentityKind::ServicePrincipal, "parameterValueSet");
    }
    for k in ["authenticatedUser", "createdBy"] {
        if let Some(u) = c.get(k) {
            let name = u
                .get("name")
                .or_else(|| u.get("userPrincipalName"))
                .or_else(|| u.get("email"))
                .and_then(Value::as_str)
                .filter(|n| !n.trim().is_empty());
            if let Some(n) = name {
                conn.account = Some(n.to_string());
                if k == "createdBy" && s(u, "type").is_some_and(|t| !t.eq_ignore_ascii_case("user"))
                {
                    return set(conn, IdentityKind::ServicePrincipal, "createdBy.type");
                }
                return set(
                    conn,
                    IdentityKind::User,
                    if k == "authenticatedUser" {
                        "authenticatedUser"
                    } else {
                        "createdBy"
                    },
                );
            }
        }
    }
    for k in ["userName", "userPrincipalName", "accountName"] {
        if let Some(u) = s(c, k).filter(|u| is_person_name(u)) {
            conn.account = Some(u.to_string());
            return set(conn, IdentityKind::User, "userName");
        }
    }
    // The portal names an OAuth connection after the account that signed in.
    if let Some(d) = s(c, "displayName")
        .filter(|d| (is_person_name(d) && !d.contains(' ')) || is_user_stand_in(d))
    {
        conn.account = Some(d.to_string());
        return set(
            conn,
            IdentityKind::User,
            "displayName (OAuth connections are named after their account)",
        );
    }
    if connector_is_user_only(&conn.connector) {
        set(
            conn,
            IdentityKind::User,
            "connector signs in as a user only",
        );
    }
}
