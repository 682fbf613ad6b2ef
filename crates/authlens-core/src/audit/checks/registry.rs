//! The check registry: every audit check's code, name, category, severity, documentation and
//! fix, and `docs/audit.md` generated from it.

use crate::category::Category;
use crate::report::Severity;
use serde::Serialize;

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
pub(super) const INVENTORY_DOC: &str = "
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

pub(super) fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}
