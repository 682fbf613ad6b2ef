//! Where each kind of fix lives, per platform, in the order a person would act.

use crate::category::Category::{self, *};
use crate::report::{Fix, Platform};

const RECUR_UNATTENDED: &str = "If a fixed connection breaks again within hours or days, look for password rotation, a Conditional Access / MFA policy, or a change of the connection's owner; move unattended work to a service principal or managed identity so no person's sign-in is involved.";

fn reconnect(platform: Platform) -> (&'static str, Vec<&'static str>) {
    match platform {
        Platform::PowerAutomate => (
            "Power Automate → Data → Connections → Fix connection",
            vec![
                "Open Power Automate, go to Data → Connections (or the flow's details page, Connections).",
                "Find the connection marked with a warning and choose Fix connection; sign in with the account the flow should run as.",
                "Resubmit the failed run from its run history.",
            ],
        ),
        Platform::LogicApps => (
            "Logic Apps → API connections → Edit API connection → Authorize",
            vec![
                "In the Azure portal open the logic app's resource group and the API connection used by the failed action.",
                "Choose Edit API connection → Authorize, sign in, and Save.",
                "Resubmit the failed run.",
            ],
        ),
        Platform::PowerBi => (
            "Power BI → semantic model (dataset) settings → Data source credentials → Edit credentials",
            vec![
                "Open the workspace, the semantic model's Settings, then Data source credentials (or the gateway's data source in Manage connections and gateways).",
                "Choose Edit credentials and sign in again (OAuth2) or enter the current secret.",
                "Run Refresh now; if scheduled refresh was disabled after repeated failures, turn it back on.",
            ],
        ),
        Platform::Entra => (
            "The client that requests the token: sign in again or renew the stored credential",
            vec![
                "Sign in again interactively (az login, Connect-MgGraph, the app's sign-in) to get a new refresh token.",
                "If a service stores the token, update it there.",
            ],
        ),
        Platform::Http | Platform::Unknown => (
            "Where the credential is stored: fetch a fresh token on every run",
            vec![
                "Do not paste a static bearer token into the request: access tokens live about 60–90 minutes.",
                "Get a token in the same run (HTTP action with Microsoft Entra ID OAuth, managed identity, or a token request step) and use it directly.",
            ],
        ),
    }
}

/// The fix for `category` on `platform`.
pub fn fix_for(category: Category, platform: Platform) -> Fix {
    let (location, steps, avoid, recurs): (&str, Vec<&str>, Option<&str>, Option<&str>) = match category {
        ExpiredOrRevokedCredential => {
            let (l, mut s) = reconnect(platform);
            if matches!(platform, Platform::PowerAutomate | Platform::LogicApps) {
                s.push("If the failing action is an HTTP action with a bearer token in its headers, no connection is involved: the token itself expired. Get a fresh token in the same run (or use the action's Microsoft Entra ID / managed identity authentication) instead of a stored one.");
            }
            (l, s, None, Some(RECUR_UNATTENDED))
        }
        RefreshTokenInactivity => {
            let (l, mut s) = reconnect(platform);
            s.push("Make sure the connection is used at least every few weeks, or move the work to a service principal / managed identity, whose credentials do not age out from inactivity.");
            (l, s, None, Some(RECUR_UNATTENDED))
        }
        PasswordChanged => {
            let (l, mut s) = reconnect(platform);
            s.insert(0, "The account's password was changed or reset after the connection was made: every connection made with the old password is revoked.");
            (l, s, None, Some("If the account's password rotates on a schedule, every rotation breaks the connection: use a service principal or managed identity for unattended work."))
        }
        MfaRequired => (
            "Tenant admin: the MFA / Conditional Access policy that applies to the connection's account",
            vec![
                "Sign in again interactively (Fix connection / Authorize / Edit credentials) and complete MFA: this restores the connection for now.",
                "Ask the tenant admin which policy now requires MFA for this account (Entra ID → Sign-in logs, filter by the user and the failure).",
                "For unattended runs, use a service principal or managed identity, or a service account the policy treats as such, rather than a person's account.",
            ],
            Some("Retrying or resubmitting does not help: an unattended run cannot answer an MFA prompt."),
            Some(RECUR_UNATTENDED),
        ),
        ConditionalAccessBlocked => (
            "Tenant admin: Microsoft Entra ID → Security → Conditional Access",
            vec![
                "Find the blocking policy in Entra ID → Sign-in logs (the failed sign-in's Conditional Access tab names it).",
                "Ask the tenant admin to adjust or exclude the workload: a service principal, a trusted location for the platform, or a compliant-device rule that fits.",
                "Then re-authenticate the connection.",
            ],
            Some("Reconnecting alone does not help while the policy blocks the sign-in."),
            Some(RECUR_UNATTENDED),
        ),
        ConsentRequired => (
            "Microsoft Entra ID → Enterprise applications / App registrations → API permissions → Grant admin consent",
            vec![
                "Find the app (client id in the error) in App registrations or Enterprise applications.",
                "Check the API permissions it needs are listed; add any missing ones.",
                "Have an admin choose Grant admin consent (user consent may be disabled in the tenant).",
                "Sign in again so the new token carries the consented permissions.",
            ],
            None,
            None,
        ),
        InsufficientPermission => (
            "The target system: the identity is fine but lacks access there",
            vec![
                "Find which identity made the call (the user who owns the connection, the app's service principal, or the managed identity) — the error often names its object id.",
                "Grant it access in the target system: Azure RBAC role assignment on the right scope, SharePoint site or list permissions, Dataverse security role, Power BI workspace access, or the app registration's API permissions (with admin consent).",
                "Wait a few minutes for the assignment to apply, then retry.",
            ],
            Some("Fix connection / re-authenticating will not help: the credential works, the permission is missing."),
            None,
        ),
        DlpPolicyBlocked => (
            "Power Platform admin center → Security → Data and privacy → Data policies (tenant or environment admin)",
            vec![
                "Note the connectors the message names and the environment of the flow.",
                "Ask the admin which data policy applies; connectors used together must sit in the same group (Business / Non-business), and Blocked connectors cannot be used at all.",
                "Either change the flow to use allowed connectors, or have the admin adjust the policy; then turn the flow back on.",
            ],
            Some("Reconnecting or re-saving the flow does not help: the policy decides, not the credential."),
            None,
        ),
        WrongAudience => (
            "The token request: ask for a token for the resource you call",
            vec![
                "Compare the token's aud claim with the host you call (Graph: https://graph.microsoft.com, SharePoint: https://{tenant}.sharepoint.com, ARM: https://management.azure.com, Dataverse: https://{org}.crm.dynamics.com).",
                "Set the Audience (HTTP action with Microsoft Entra ID / managed identity) or the resource / scope ({resource}/.default) of the token request to that resource.",
                "For custom connectors, the Resource URL must be the full resource URI including https://.",
            ],
            Some("Re-authenticating with the same settings produces the same wrong-audience token."),
            None,
        ),
        WrongTenant => (
            "The sign-in authority: use the tenant that owns the resource",
            vec![
                "Use the resource's tenant id (or verified domain) in the authority URL instead of common/organizations or another tenant.",
                "Check the tenant id in the connection or action settings is not empty or a placeholder, and that it belongs to the right cloud (global vs national clouds).",
                "For a user from another tenant, invite them as a guest; for an app, make it multi-tenant and consent it in the resource tenant.",
            ],
            None,
            None,
        ),
        InvalidClientCredentials => (
            "App registration → Certificates & secrets, and the place that stores the secret",
            vec![
                "In Entra ID → App registrations → the app → Certificates & secrets, create a new client secret (or check the existing one).",
                "Copy the secret's Value (not its Secret ID) into the action, connection or Key Vault secret that uses it.",
                "Check the client id and tenant id match that app registration.",
            ],
            None,
            Some("Record each secret's expiry date and rotate before it; prefer a certificate or a managed identity."),
        ),
        ClientSecretExpired => (
            "App registration → Certificates & secrets → New client secret, then update every consumer",
            vec![
                "In Entra ID → App registrations → the app → Certificates & secrets, create a new client secret.",
                "Update every place that uses the old value: HTTP actions, custom connectors, connections, Key Vault secrets, pipelines.",
                "Delete the expired secret once all consumers use the new one.",
            ],
            Some("Re-authenticating a connection that still holds the expired secret does not help."),
            Some("Secrets expire on a schedule (at most 24 months): track expiry dates, or move to a certificate or managed identity."),
        ),
        CertificateExpired => (
            "App registration → Certificates & secrets → upload a renewed certificate",
            vec![
                "Create or renew the certificate, upload its public part to the app registration (Certificates & secrets → Certificates).",
                "Install the new certificate (with private key) where the client signs its assertion, and update the thumbprint it uses.",
                "If the certificate is valid, check the clock of the machine that signs the assertion.",
            ],
            None,
            Some("Track certificate expiry dates; a managed identity needs no certificate at all."),
        ),
        AppNotFound => (
            "The client id and tenant of the app registration",
            vec![
                "Check the client (application) id has no typo and belongs to an app registration in the tenant you sign in to.",
                "If the app lives in another tenant, sign in to that tenant, or make the app multi-tenant and have the resource tenant's admin consent to it.",
                "If the app was deleted or disabled, restore or re-enable it (Entra ID → App registrations → Deleted applications / Enterprise applications → Properties).",
            ],
            None,
            None,
        ),
        UserDisabledOrDeleted => (
            "The account behind the connection: re-create the connection with an active account",
            vec![
                "Check the account in Entra ID → Users: is it disabled, locked, deleted, or a guest whose access was removed?",
                "Re-create the connection with an active account — preferably a service principal or a dedicated service account — and point the flow, logic app or dataset at it.",
                "If the owner left the organisation, reassign the flow's ownership and its connections.",
            ],
            None,
            Some("Connections tied to a person break when that person leaves or is disabled: use service principals for shared automation."),
        ),
        InvalidUserCredentials => (
            "The credentials stored in the connection",
            vec![
                "Re-enter the user name and current password in the connection (Fix connection / Edit credentials).",
                "Check the account can sign in at all (federated accounts may not accept password sign-in from the service); avoid retrying a wrong password, which locks the account.",
            ],
            None,
            Some(RECUR_UNATTENDED),
        ),
        ConnectionNotFoundOrMisconfigured => match platform {
            Platform::PowerAutomate => (
                "Power Automate → the flow's connections and connection references",
                vec![
                    "Open the flow, Edit, and check each action's connection: pick a connection you own or that is shared with you.",
                    "In a solution, check the connection references point to existing connections (Solutions → the solution → Connection references).",
                    "If the connection belongs to someone else, have its owner share it or turn the flow on themselves.",
                ],
                None,
                None,
            ),
            Platform::LogicApps => (
                "The logic app's API connection resource and its reference in the workflow",
                vec![
                    "Check the API connection resource named in the error exists in the resource group and is Connected.",
                    "Check the workflow's connection parameters (connectionId, id of the managed API) point at it; templates often build these ids wrongly.",
                    "Re-create the connection in the designer if it was deleted.",
                ],
                None,
                None,
            ),
            Platform::PowerBi => (
                "Power BI → semantic model settings → Data source credentials / gateway connection",
                vec![
                    "Check the data source has credentials set at all (deployments may skip this step) and is mapped to the right gateway connection.",
                    "Set or re-enter the credentials, then refresh.",
                ],
                None,
                None,
            ),
            _ => (
                "The connection or app configuration that the request relies on",
                vec![
                    "Check the connection, reply URL, tenant and resource settings named in the error exist and match the app registration.",
                    "Re-create the connection with the corrected settings.",
                ],
                None,
                None,
            ),
        },
        MissingCredential => (
            "The action's authentication settings",
            vec![
                "Open the failed action and set its Authentication (Microsoft Entra ID OAuth, managed identity, Basic, or a Raw Authorization header).",
                "If the header is set but still missing at the service, check whether a redirect or an asynchronous polling call (Location header) dropped it.",
            ],
            None,
            None,
        ),
        MalformedAuthorizationHeader => (
            "The action's Authorization header expression",
            vec![
                "Open the failed run's raw inputs and look at the Authorization value exactly as sent.",
                "It must read `Bearer <token>`: one space, no quotes, no line break, no leftover expression text like @{…}.",
                "Build it as `Bearer @{body('Get_token')?['access_token']}` (no quotes around the expression), or use the action's own authentication settings instead of a header.",
            ],
            Some("Reconnecting does not help: the header is built wrongly by the action."),
            None,
        ),
        TokenNotYetValidOrClockSkew => (
            "The clock and time zone of the machine that creates the token or assertion",
            vec![
                "Compare the nbf / iat / exp of the token or assertion with the service's Current time in the error.",
                "Build times from UTC (Unix time), not local time, and sync the machine's clock (NTP).",
                "Keep assertion lifetimes short (about 10 minutes) and create a new one for each request.",
            ],
            None,
            None,
        ),
        NetworkOrFirewall => (
            "The network rules of the target service",
            vec![
                "Check the target's firewall / networking settings (Storage account → Networking, Key Vault → Networking, IP restrictions of an App Service or API Management).",
                "Allow the platform's outbound addresses: managed connectors use the connector IP ranges of the region, not the logic app's own outbound IPs; or use a service tag, private endpoint, or on-premises data gateway.",
                "Retry after the rule change.",
            ],
            Some("Granting more roles or reconnecting does not help while the network blocks the call."),
            None,
        ),
        ServiceOutageOrThrottling => (
            "Nowhere in your credentials: wait, retry, and check service health",
            vec![
                "Check the service's health (Microsoft 365 / Azure service health, Power Platform admin center).",
                "Give the action a retry policy (exponential) and respect Retry-After; spread bulk work over time.",
                "If it is throttling (429), reduce the request rate or split the work across connections.",
            ],
            Some("Do not reset credentials or reconnect: this is not an authentication problem."),
            None,
        ),
        NotAnAuthError => (
            "The action's inputs: the failure is not about authentication",
            vec![
                "Read the error code and message for the input it names (an id, a path, a limit, a field).",
                "Correct the action's inputs or configuration and run again.",
            ],
            Some("Reconnecting or changing permissions will not help."),
            None,
        ),
    };
    Fix {
        location: location.to_string(),
        steps: steps.into_iter().map(str::to_string).collect(),
        avoid: avoid.map(str::to_string),
        if_it_recurs: recurs.map(str::to_string),
    }
}
