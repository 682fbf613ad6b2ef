//! Where each kind of fix lives, per platform, in the order a person would act.

use crate::category::Category::{self, *};
use crate::report::{Fix, InputKind, Platform};

const RECUR_UNATTENDED: &str = "If a fixed connection breaks again within hours or days, look for password rotation, a Conditional Access / MFA policy, or a change of the connection's owner; move unattended work to a service principal or managed identity so no person's sign-in is involved.";

/// What the fix depends on besides the category: where the paste comes from, what it is, and
/// whether the failing request carried a token of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixContext {
    pub platform: Platform,
    pub input: InputKind,
    /// The paste holds the bearer token the request sent (an HTTP action's `Authorization`
    /// header, a raw request): no connection is involved, the token itself is the credential.
    pub static_bearer: bool,
}

impl FixContext {
    /// A context knowing only the platform (what `authlens explain` has).
    pub fn platform(platform: Platform) -> FixContext {
        FixContext {
            platform,
            input: InputKind::Text,
            static_bearer: false,
        }
    }

    /// The failing request sent a token the paste shows (raw inputs, a request, a header):
    /// the place to fix is the action that sends it, not a connection.
    fn token_sent_by_action(self) -> bool {
        self.static_bearer
            && !matches!(
                self.input,
                InputKind::TokenEndpointError | InputKind::SignInLog
            )
    }
}

/// How a person signs the stored credential in again, per platform (one clause, for steps).
fn sign_in_again(platform: Platform) -> &'static str {
    match platform {
        Platform::PowerAutomate => "Power Automate → Connections (left pane, under More or Data) → the connection → Fix connection",
        Platform::LogicApps => "the logic app's API connection (Azure portal → API connections) → Edit API connection → Authorize → Save",
        Platform::PowerBi => "the semantic model's Settings → Data source credentials → Edit credentials (or the gateway connection in Manage connections and gateways)",
        Platform::Entra => "the client's own sign-in, such as az login or Connect-MgGraph",
        Platform::Http | Platform::Unknown => "where the credential is stored: Fix connection in Power Automate, Edit API connection → Authorize in Logic Apps, Edit credentials under Power BI's Data source credentials",
    }
}

fn reconnect(platform: Platform) -> (&'static str, Vec<&'static str>) {
    match platform {
        Platform::PowerAutomate => (
            "Power Automate → Connections → Fix connection",
            vec![
                "Open Power Automate (make.powerautomate.com), then Connections in the left pane (under More, or Data in older layouts), or the flow's details page, Connections.",
                "Find the connection marked with a warning and choose Fix connection; sign in with the account the flow should run as.",
                "Resubmit the failed run from its run history (My flows → the flow → the run → Resubmit).",
            ],
        ),
        Platform::LogicApps => (
            "Azure portal → the logic app's API connection → Edit API connection → Authorize",
            vec![
                "In the Azure portal open the API connection the failed action uses (the logic app's API connections blade, or the resource group's resources of type API Connection).",
                "Choose Edit API connection → Authorize, sign in, and Save; its Status should read Connected.",
                "If the workflow can use the logic app's managed identity for this connector (Identity blade → System assigned → On, then a role for it on the target), that removes the stored sign-in altogether.",
                "Resubmit the failed run from the run history.",
            ],
        ),
        Platform::PowerBi => (
            "Power BI → semantic model settings → Data source credentials → Edit credentials",
            vec![
                "Open the workspace, the semantic model's Settings, then Data source credentials (for a gateway: Settings → Manage connections and gateways → the connection).",
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
        Platform::Http => (
            "Where the credential is stored: fetch a fresh token on every run",
            vec![
                "Do not paste a static bearer token into the request: access tokens live about 60–90 minutes.",
                "Get a token in the same run (HTTP action with Microsoft Entra ID OAuth, managed identity, or a token request step) and use it directly.",
            ],
        ),
        Platform::Unknown => (
            "The connection or stored credential: sign in again",
            vec![
                "Power Automate: Connections → the connection → Fix connection. Logic Apps: the API connection → Edit API connection → Authorize. Power BI: the semantic model's Settings → Data source credentials → Edit credentials.",
                "If the request carried a bearer token of its own, get a fresh token in the same run instead: access tokens live about 60–90 minutes.",
            ],
        ),
    }
}

/// The fix when the request's own bearer token is the credential (an HTTP action or a raw
/// request): the action gets a token in the run, or its platform's built-in authentication.
fn fresh_token(platform: Platform) -> (&'static str, Vec<&'static str>) {
    match platform {
        Platform::LogicApps => (
            "The HTTP action: use the logic app's managed identity, or get a fresh token in the run",
            vec![
                "The token in the action's Authorization header was fixed when the workflow was written; access tokens live about 60–90 minutes, so it stops working. No API connection is involved.",
                "Turn on the logic app's identity (Identity blade → System assigned → On), give it a role on the target, and set the HTTP action's Authentication to Managed identity with the target's Audience.",
                "Or get a token in the same run (an HTTP action to the token endpoint, its secret from Key Vault) and pass it on, right before the call.",
            ],
        ),
        Platform::PowerBi => (
            "The query's Authorization header: let the data source credentials sign in instead",
            vec![
                "A token written into the query (Web.Contents headers) expires after about 60–90 minutes and cannot be refreshed by the service.",
                "Remove the header and set the data source's credentials (semantic model Settings → Data source credentials → OAuth2 / Organizational account), or use a connector that signs in itself.",
            ],
        ),
        _ => (
            "The HTTP action: get a fresh token in the run, or use the action's own authentication",
            vec![
                "The token in the action's Authorization header was pasted or stored once; access tokens live about 60–90 minutes, so it stops working. No connection is involved: Fix connection does not help.",
                "Set the HTTP action's Authentication to Microsoft Entra ID OAuth (Active Directory OAuth: tenant, audience, client id, secret), or managed identity where the platform offers it.",
                "Or get a token in the same run (an HTTP action to https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token) and use body('Get_token')?['access_token'] right before the call.",
            ],
        ),
    }
}

/// The fix for `category` on `platform`, knowing nothing about the paste (`authlens explain`).
pub fn fix_for(category: Category, platform: Platform) -> Fix {
    fix_in(category, FixContext::platform(platform))
}

/// The fix for `category` where the paste says it happened: the platform chooses the portal
/// paths, the input kind and a token of the request's own choose between "sign the connection
/// in again" and "the action's token".
pub fn fix_in(category: Category, ctx: FixContext) -> Fix {
    let platform = ctx.platform;
    let again = sign_in_again(platform);
    let (location, steps, avoid, recurs): (&str, Vec<&str>, Option<&str>, Option<&str>) = match category {
        ExpiredOrRevokedCredential if ctx.token_sent_by_action() => {
            let (l, s) = fresh_token(platform);
            (l, s, Some("Fix connection / re-authorizing a connection does not help: the request sent its own token."), None)
        }
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
                "Sign in again interactively and complete MFA ({again}): this restores the connection for now.",
                "Ask the tenant admin which policy now requires MFA for this account (Microsoft Entra admin center → Entra ID → Monitoring & health → Sign-in logs, filtered by the user and the failure).",
                "For unattended runs, use a service principal or managed identity, or a service account the policy treats as such, rather than a person's account.",
            ],
            Some("Retrying or resubmitting does not help: an unattended run cannot answer an MFA prompt."),
            Some(RECUR_UNATTENDED),
        ),
        ConditionalAccessBlocked => (
            "Tenant admin: Microsoft Entra admin center → Entra ID → Conditional Access",
            vec![
                "Find the blocking policy in the sign-in log (Entra ID → Monitoring & health → Sign-in logs: the failed sign-in's Conditional Access tab names it).",
                "Ask the tenant admin to adjust or exclude the workload: a service principal, a trusted location for the platform, or a compliant-device rule that fits.",
                "Then sign the connection in again: {again}.",
            ],
            Some("Reconnecting alone does not help while the policy blocks the sign-in."),
            Some(RECUR_UNATTENDED),
        ),
        ConsentRequired => (
            "Microsoft Entra admin center → Entra ID → App registrations (or Enterprise apps) → the app → API permissions → Grant admin consent",
            vec![
                "Find the app (client id in the error) in App registrations or Enterprise applications.",
                "Check the API permissions it needs are listed; add any missing ones.",
                "Have an admin choose Grant admin consent (user consent may be disabled in the tenant).",
                "Sign in again so the new token carries the consented permissions ({again}).",
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
            "Power Platform admin center → Security → Data and privacy → Data policy (tenant or environment admin)",
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
                "In the Microsoft Entra admin center → Entra ID → App registrations → the app → Certificates & secrets, create a new client secret (or check the existing one).",
                "Copy the secret's Value (not its Secret ID) into the action, connection or Key Vault secret that uses it.",
                "Check the client id and tenant id match that app registration.",
            ],
            None,
            Some("Record each secret's expiry date and rotate before it; prefer a certificate or a managed identity."),
        ),
        ClientSecretExpired => (
            "App registration → Certificates & secrets → New client secret, then update every consumer",
            vec![
                "In the Microsoft Entra admin center → Entra ID → App registrations → the app → Certificates & secrets, create a new client secret.",
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
                "If the app was deleted or disabled, restore or re-enable it (Entra ID → App registrations → Deleted applications, or Enterprise apps → the app → Properties → Enabled for users to sign in).",
            ],
            None,
            None,
        ),
        UserDisabledOrDeleted => (
            "The account behind the connection: re-create the connection with an active account",
            vec![
                "Check the account in the Microsoft Entra admin center → Entra ID → Users: is it disabled, locked, deleted, or a guest whose access was removed?",
                "Re-create the connection with an active account — preferably a service principal or a dedicated service account — and point the flow, logic app or semantic model at it ({again}).",
                "If the owner left the organisation, reassign the flow's ownership and its connections.",
            ],
            None,
            Some("Connections tied to a person break when that person leaves or is disabled: use service principals for shared automation."),
        ),
        InvalidUserCredentials => (
            "The credentials stored in the connection",
            vec![
                "Re-enter the user name and current password in the connection ({again}).",
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
    let mut steps: Vec<String> = steps
        .into_iter()
        .map(|s| s.replace("{again}", again))
        .collect();
    if let Some(extra) = platform_step(category, ctx) {
        steps.push(extra.to_string());
    }
    Fix {
        location: location.to_string(),
        steps,
        avoid: avoid.map(str::to_string),
        if_it_recurs: recurs.map(str::to_string),
    }
}

/// The one step a category needs on a given platform beyond its general steps.
fn platform_step(category: Category, ctx: FixContext) -> Option<&'static str> {
    use Platform::*;
    Some(match (category, ctx.platform) {
        (InsufficientPermission, LogicApps) => "If the logic app calls with its managed identity: the logic app's Identity blade → Azure role assignments (or the target's Access control (IAM)) shows and adds its roles.",
        (InsufficientPermission, PowerBi) => "Power BI: the account needs access to the workspace (Manage access) or Build permission on the semantic model, and to the data source itself.",
        (InsufficientPermission, PowerAutomate) => "Power Automate: the connection signs in as its owner (Connections → the connection shows the account); grant that account access, or use a connection of an account that has it.",
        (InvalidClientCredentials | ClientSecretExpired, LogicApps) => "Logic Apps: the logic app's managed identity (Identity blade → System assigned → On, then Managed identity in the HTTP action's Authentication) needs no secret at all.",
        (InvalidClientCredentials | ClientSecretExpired, PowerAutomate) => "Power Automate: the secret sits in the HTTP action's Authentication (Active Directory OAuth) or a custom connector's Security tab, or in an environment variable / Key Vault secret they read.",
        (InvalidClientCredentials | ClientSecretExpired, PowerBi) => "Power BI: a service principal's secret sits in the data source credentials (semantic model Settings → Data source credentials) or the gateway connection.",
        (MissingCredential, LogicApps) => "Logic Apps: to call with the logic app's identity, turn it on first (Identity blade → System assigned → On), then choose Managed identity in the action's Authentication.",
        (MissingCredential, PowerBi) => "Power BI: the data source has no credentials or Anonymous ones: semantic model Settings → Data source credentials → Edit credentials.",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(platform: Platform, input: InputKind, static_bearer: bool) -> FixContext {
        FixContext {
            platform,
            input,
            static_bearer,
        }
    }

    fn all_text(f: &Fix) -> String {
        format!("{} {}", f.location, f.steps.join(" "))
    }

    #[test]
    fn an_http_actions_own_token_is_fixed_in_the_action_not_a_connection() {
        for platform in [Platform::PowerAutomate, Platform::Http, Platform::Unknown] {
            for input in [
                InputKind::RawInputs,
                InputKind::HttpRequest,
                InputKind::AuthorizationHeader,
                InputKind::Jwt,
                InputKind::RawOutputs,
            ] {
                let f = fix_in(ExpiredOrRevokedCredential, ctx(platform, input, true));
                assert!(
                    f.location.starts_with("The HTTP action: get a fresh token"),
                    "{platform:?} {input:?}: {}",
                    f.location
                );
                assert!(!f.location.contains("Fix connection"));
                assert!(f
                    .avoid
                    .as_deref()
                    .is_some_and(|a| a.contains("Fix connection")));
            }
        }
        let la = fix_in(
            ExpiredOrRevokedCredential,
            ctx(Platform::LogicApps, InputKind::RawInputs, true),
        );
        assert!(la.location.contains("managed identity"), "{}", la.location);
        assert!(all_text(&la).contains("Identity blade"));
        // Without a token of its own, the connection is what expired.
        let pa = fix_in(
            ExpiredOrRevokedCredential,
            ctx(Platform::PowerAutomate, InputKind::RawOutputs, false),
        );
        assert!(pa.location.contains("Fix connection"), "{}", pa.location);
        // A token endpoint error is about the stored sign-in, whatever token the paste shows.
        let te = fix_in(
            ExpiredOrRevokedCredential,
            ctx(Platform::PowerAutomate, InputKind::TokenEndpointError, true),
        );
        assert!(te.location.contains("Fix connection"));
    }

    #[test]
    fn logic_apps_fixes_never_send_people_to_power_automate() {
        for category in Category::ALL {
            for input in [
                InputKind::RawOutputs,
                InputKind::RawInputs,
                InputKind::RunHistory,
                InputKind::Text,
            ] {
                for static_bearer in [false, true] {
                    let f = fix_in(*category, ctx(Platform::LogicApps, input, static_bearer));
                    let t = all_text(&f);
                    for pa in [
                        "Fix connection",
                        "Power Automate",
                        "make.powerautomate",
                        "Data source credentials",
                    ] {
                        assert!(!t.contains(pa), "{category:?} {input:?}: {pa} in {t}");
                    }
                }
            }
        }
        let f = fix_in(
            ExpiredOrRevokedCredential,
            ctx(Platform::LogicApps, InputKind::RawOutputs, false),
        );
        assert!(f.location.contains("API connection") && all_text(&f).contains("Authorize"));
        let f = fix_in(
            MfaRequired,
            ctx(Platform::LogicApps, InputKind::RawOutputs, false),
        );
        assert!(
            all_text(&f).contains("Edit API connection → Authorize"),
            "{}",
            all_text(&f)
        );
        let f = fix_in(
            InsufficientPermission,
            ctx(Platform::LogicApps, InputKind::RawOutputs, false),
        );
        assert!(all_text(&f).contains("Identity blade"));
    }

    #[test]
    fn power_bi_fixes_point_to_data_source_credentials_and_gateways() {
        for category in [
            ExpiredOrRevokedCredential,
            RefreshTokenInactivity,
            PasswordChanged,
            MfaRequired,
            InvalidUserCredentials,
            ConnectionNotFoundOrMisconfigured,
            MissingCredential,
        ] {
            let f = fix_in(category, ctx(Platform::PowerBi, InputKind::Text, false));
            let t = all_text(&f);
            assert!(t.contains("Data source credentials"), "{category:?}: {t}");
            for other in ["Fix connection", "Edit API connection", "Identity blade"] {
                assert!(!t.contains(other), "{category:?}: {other} in {t}");
            }
        }
        let f = fix_in(
            ExpiredOrRevokedCredential,
            ctx(Platform::PowerBi, InputKind::Text, false),
        );
        assert!(all_text(&f).contains("Manage connections and gateways"));
    }

    #[test]
    fn power_automate_fixes_name_its_connections_page() {
        for category in [
            ExpiredOrRevokedCredential,
            RefreshTokenInactivity,
            PasswordChanged,
            MfaRequired,
            InvalidUserCredentials,
            UserDisabledOrDeleted,
        ] {
            let t = all_text(&fix_in(
                category,
                ctx(Platform::PowerAutomate, InputKind::RawOutputs, false),
            ));
            assert!(
                t.contains("Connections") && t.contains("Fix connection"),
                "{category:?}: {t}"
            );
            assert!(
                !t.contains("Edit API connection") && !t.contains("Data source credentials → Edit"),
                "{category:?}: {t}"
            );
        }
    }

    #[test]
    fn entra_paths_follow_the_admin_centers_menus() {
        for category in Category::ALL {
            for platform in [
                Platform::PowerAutomate,
                Platform::LogicApps,
                Platform::PowerBi,
                Platform::Entra,
            ] {
                let t = all_text(&fix_in(*category, ctx(platform, InputKind::Text, false)));
                // The admin center's current menus: "Entra ID → …", not the retired "Azure Active
                // Directory" or "Security → Conditional Access" blades.
                for stale in [
                    "Azure Active Directory",
                    "Microsoft Entra ID → Security",
                    "Data → Connections →",
                ] {
                    assert!(
                        !t.contains(stale),
                        "{category:?} {platform:?}: {stale} in {t}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_context_free_fix_is_the_platforms() {
        for category in Category::ALL {
            let json = |f: Fix| serde_json::to_string(&f).unwrap_or_default();
            assert_eq!(
                json(fix_for(*category, Platform::LogicApps)),
                json(fix_in(*category, FixContext::platform(Platform::LogicApps)))
            );
        }
    }
}
