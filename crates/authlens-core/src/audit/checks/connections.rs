//! Connections: who signs in, what uses each, and what breaks when that person goes.

use super::*;

pub(super) fn used_by(m: &Model, key: &str) -> Vec<String> {
    m.workflows
        .iter()
        .flat_map(|w| &w.nodes)
        .filter(|n| conn_key(n).as_deref() == Some(key))
        .map(|n| n.name.clone())
        .collect()
}

pub(super) fn connection_checks(m: &Model, out: &mut Out) {
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
pub(super) fn dedup_conns(m: &Model) -> Vec<Conn> {
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
