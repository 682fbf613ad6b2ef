//! What to do: a connection's error read with the diagnosis rules, and the fix for a credential
//! that has expired or is about to.

use super::parse::{self, CredentialKind};
use crate::category::Category;
use crate::report::Fix;
use crate::Options;

/// The diagnosis' reading of a connection error: its status shape run through the rules, so a
/// listed connection is read with exactly the knowledge a pasted status gets.
pub(super) fn classify(
    c: &parse::RawConnection,
    opts: &Options,
) -> (Option<Category>, Option<String>, Option<Fix>) {
    // The resource type and connector id carry the platform, so the fix names the right screen.
    let azure = c.source == parse::AZURE_CONNECTION;
    let connector = c.connector.as_deref().unwrap_or("");
    let status = serde_json::json!({
        "type": if azure { "Microsoft.Web/connections" } else { "Microsoft.PowerApps/apis/connections" },
        "kind": if azure { "Logic App API connection" } else { "Power Automate connection" },
        "properties": {
            "apiId": if azure { String::new() } else { format!("/providers/Microsoft.PowerApps/apis/{connector}") },
            "displayName": c.display_name.as_deref().unwrap_or(&c.name),
            "statuses": [{
                "status": "Error",
                "target": "token",
                "error": {
                    "code": c.error_code.as_deref().unwrap_or("Error"),
                    "message": c.error_message.as_deref().unwrap_or(""),
                }
            }],
            "api": { "name": connector }
        }
    });
    // Without a code or a message there is nothing for the rules to read.
    let said = c.error_code.is_some() || c.error_message.is_some();
    let report = said.then(|| crate::diagnose(&status.to_string(), opts));
    match report.and_then(|r| r.findings.into_iter().next()) {
        Some(f) => (Some(f.category), Some(f.title), Some(f.fix)),
        // An error state without a code: the connection needs opening to see why.
        None => (
            Some(Category::ConnectionNotFoundOrMisconfigured),
            Some("The connection is in an error state; the list does not say why".into()),
            Some(Fix {
                location: if azure {
                    "Azure portal → the API connection → Edit API connection".into()
                } else {
                    "Power Automate → Data → Connections".into()
                },
                steps: vec![
                    "Open the connection: its status message says what failed.".into(),
                    if azure {
                        "Choose Authorize (or re-enter the credentials), then Save.".into()
                    } else {
                        "Choose Fix connection and sign in with the account the flows should run as.".into()
                    },
                    "Resubmit the failed runs.".into(),
                ],
                avoid: None,
                if_it_recurs: Some("Paste the connection's status with its error (az resource show, or the admin API) for a reading of the cause.".into()),
            }),
        ),
    }
}

pub(super) fn credential_fix(kind: CredentialKind, app: &str, consumers: &[String]) -> Fix {
    let (what, add) = match kind {
        CredentialKind::Secret => ("client secret", "New client secret"),
        CredentialKind::Certificate => ("certificate", "Upload certificate (the renewed one)"),
    };
    let mut steps = vec![
        format!("Microsoft Entra admin center → Entra ID → App registrations → {app} → Certificates & secrets → {add}, before the old {what} expires."),
    ];
    if consumers.is_empty() {
        steps.push(format!("Update every place that uses the {what} (Logic Apps / Power Automate HTTP actions and connections, Key Vault, app settings, pipelines) with the new value."));
    } else {
        steps.push(format!(
            "Update the consumers with the new value: {}.",
            consumers.join(", ")
        ));
    }
    steps.push(format!(
        "Delete the old {what} once nothing signs in with it (its sign-ins stop in the service principal sign-in log)."
    ));
    Fix {
        location: format!("Microsoft Entra admin center → Entra ID → App registrations → {app} → Certificates & secrets"),
        steps,
        avoid: Some(format!("Re-authorising the connection or re-running the flow does not help: the {what} itself has to be replaced.")),
        if_it_recurs: Some("Move Azure-hosted consumers to a managed identity (no secret to expire), or put the secret in Key Vault with an expiry alert.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One wording for the admin center across reports: a credential about to expire is fixed
    /// where the diagnosis of an expired one says (`knowledge::fixes`).
    #[test]
    fn credential_fixes_name_the_admin_center_as_diagnoses_do() {
        for kind in [CredentialKind::Secret, CredentialKind::Certificate] {
            let f = credential_fix(kind, "Contoso Sync", &[]);
            let all = format!("{} {}", f.location, f.steps.join(" "));
            assert!(
                f.location.starts_with(
                    "Microsoft Entra admin center → Entra ID → App registrations → Contoso Sync"
                ),
                "{}",
                f.location
            );
            assert!(!all.contains("Microsoft Entra ID →"), "{all}");
        }
    }
}
