//! Rules read from Azure Resource Manager, Microsoft Graph, SharePoint, Dataverse and Storage
//! error bodies.

use super::{declare_rule, Hit};
use crate::facts::Facts;

fn rbac(f: &Facts) -> Option<Hit> {
    let phrase = f.phrase(&["does not have authorization to perform action"]);
    let code = f.code("AuthorizationFailed");
    if phrase.or(code).is_none() {
        return linked_permission(f);
    }
    let mut h = Hit::new(
        88,
        "Azure RBAC denied the operation: the identity named in the message has no role assignment that allows this action at this scope. The credential itself worked.",
    )
    .with(code, "ARM error code")
    .with(phrase, "denied action");
    if let Some(scope) = f.phrase(&["over scope '"]) {
        h = h.with(Some(scope), "scope");
    }
    if f.phrase(&["x-ms-failure-cause"]).is_some() {
        h = h.with(
            f.header_value("x-ms-failure-cause")
                .or(f.phrase(&["x-ms-failure-cause"])),
            "ARM gateway",
        );
    }
    Some(h)
}

fn linked_reference(f: &Facts) -> Option<Hit> {
    let code = f.code("LinkedAuthorizationFailed")?;
    let broken = f.phrase(&["was not found", "could not be found", "does not exist"]);
    broken.map(|b| {
            Hit::new(84, "The linked authorization check failed because a resource the template links to does not exist: the connection's or managed API's resource id is built wrongly (for example a literal word where the subscription id belongs).")
                .with(Some(code), "ARM error code")
                .with(Some(b), "linked resource not found")
    })
}

fn linked_permission(f: &Facts) -> Option<Hit> {
    let code = f.code("LinkedAuthorizationFailed")?;
    let (conf, detail) = if f
        .phrase(&["was not found", "could not be found", "does not exist"])
        .is_some()
    {
        (50, "LinkedAuthorizationFailed can also mean a missing permission on the linked resource (for example Microsoft.Web/connections/join/action).")
    } else {
        (80, "The identity lacks a permission on a linked resource (for example Microsoft.Web/connections/join/action on the API connection).")
    };
    Some(Hit::new(conf, detail).with(Some(code), "ARM error code"))
}

fn arm_expired(f: &Facts) -> Option<Hit> {
    let s = f.code("ExpiredAuthenticationToken")?;
    Some(
        Hit::new(
            92,
            "ARM says the access token has expired: get a new token for each run.",
        )
        .with(Some(s), "ARM error code"),
    )
}

fn wrong_issuer(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "InvalidAuthenticationTokenTenant",
        "token is from the wrong issuer",
        "from the wrong issuer",
        "must match the tenant",
    ])?;
    let mut h = Hit::new(
        92,
        "The token was issued by another tenant than the one that owns the resource: it was requested from the common endpoint or a default tenant instead of the resource's tenant.",
    )
    .with(Some(s), "tenant mismatch");
    if let Some(msa) = f.phrase(&[
        "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        "9188040d-6c67-4c5b-b112-36a304b66dad",
    ]) {
        h = h.with(Some(msa), "personal-account tenant");
        h.detail.push_str(" The issuing tenant is the one Microsoft uses for personal accounts: a personal Microsoft account was signed in.");
    }
    Some(h)
}

fn graph_denied(f: &Facts) -> Option<Hit> {
    let code = f
        .code("Authorization_RequestDenied")
        .or(f.code("ErrorAccessDenied"))
        .or(f.code("accessDenied"));
    let msg = f.phrase(&[
        "Insufficient privileges to complete the operation",
        "Either scp or roles claim need to be present",
    ]);
    code.or(msg)?;
    Some(
        Hit::new(
            87,
            "Microsoft Graph accepted the token but it lacks the permission (delegated scope or application role) or the directory role this operation needs. Add the permission to the app registration and grant admin consent; some operations also need an admin role for the signed-in user.",
        )
        .with(code, "Graph error code")
        .with(msg, "Graph message"),
    )
}

fn sharepoint_denied(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "System.UnauthorizedAccessException",
        "Access denied. You do not have permission",
        "Attempted to perform an unauthorized operation",
        "Access is denied. (Exception from HRESULT: 0x80070005",
        "You do not have permission to perform this action or access this resource",
    ])?;
    Some(Hit::new(85, "SharePoint accepted the sign-in but the account or app has no permission on this site, list or item.").with(Some(s), "SharePoint error"))
}

fn dataverse_privilege(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "is missing prv",
        "privilege (Id=",
        "SecLib::AccessCheckEx failed",
        "does not hold the required privilege",
    ])?;
    Some(Hit::new(88, "Dataverse accepted the sign-in but the user or application user lacks a privilege: assign a security role that includes it.").with(Some(s), "Dataverse privilege"))
}

fn storage_mismatch(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "AuthorizationPermissionMismatch",
        "not authorized to perform this operation using this permission",
    ])?;
    Some(Hit::new(88, "Azure Storage accepted the identity but it lacks a data role (for example Storage Blob Data Contributor) at this scope.").with(Some(s), "storage error"))
}

fn msa_token(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "CompactToken validation failed",
        "InvalidAuthenticationToken",
    ])?;
    if f.phrase(&[
        "CompactToken parsing failed",
        "audience",
        "IDX1",
        "token is empty",
        "is missing",
    ])
    .is_some()
    {
        return None;
    }
    let compact = f.phrase(&["CompactToken validation failed"]);
    let detail = if compact.is_some() {
        "Microsoft Graph could not validate a personal-account (compact) token: it has most likely expired (they live about an hour) or was revoked. Get a new one."
    } else {
        "The service rejected the access token as invalid: usually expired or revoked. Get a new token for each run."
    };
    Some(Hit::new(if compact.is_some() { 84 } else { 70 }, detail).with(Some(s), "token error"))
}

declare_rule! {
    /// ## What it means
    /// Azure Resource Manager denied the action: the identity has no role assignment that
    /// allows it at that scope.
    ///
    /// ## Why it happens
    /// A role is missing, assigned at the wrong scope (resource group vs subscription), or was
    /// just granted and not yet effective.
    ///
    /// ## Where the fix lives
    /// Azure portal → the scope in the message → Access control (IAM) → add a role assignment
    /// for the identity (user, service principal or managed identity).
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"AuthorizationFailed","message":"The client '00000000-0000-0000-0000-000000000001' with object id '00000000-0000-0000-0000-000000000001' does not have authorization to perform action 'Microsoft.Web/sites/read' over scope '/subscriptions/00000000-0000-0000-0000-000000000002'."}}
    /// ```
    pub static ARM_RBAC_DENIED = {
        code: "AL301", name: "azure-rbac-denied", category: InsufficientPermission, severity: Error,
        title: "Azure RBAC denies the action", check: rbac,
    }
}
declare_rule! {
    /// ## What it means
    /// A linked authorization check failed because the linked resource does not exist: the
    /// resource id in the template or connection is built wrongly.
    ///
    /// ## Why it happens
    /// Logic Apps API connections reference a managed API by id; templates that build the id
    /// from parameters often end up with a wrong subscription, location or name.
    ///
    /// ## Where the fix lives
    /// The template's connection / managed API ids.
    ///
    /// ## Example
    /// ```text
    /// "code": "LinkedAuthorizationFailed", "message": "The client has permission to perform action 'join/action' on scope '/subscriptions/x/providers/Microsoft.Web/connections/slack', however the linked subscription 'subscriptions' was not found."
    /// ```
    pub static ARM_LINKED_REFERENCE_BROKEN = {
        code: "AL302", name: "linked-resource-reference-broken", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "A linked resource reference is broken", check: linked_reference,
    }
}
declare_rule! {
    /// ## What it means
    /// ARM (or Graph) says the access token has expired.
    ///
    /// ## Why it happens
    /// A token was stored or fetched too early and used after its ~1 hour lifetime.
    ///
    /// ## Where the fix lives
    /// Fetch a token in every run, right before use.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time is earlier than current UTC time."}}
    /// ```
    pub static ARM_TOKEN_EXPIRED = {
        code: "AL303", name: "arm-token-expired", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The access token has expired", check: arm_expired,
    }
}
declare_rule! {
    /// ## What it means
    /// The token was issued by a different tenant than the one owning the resource.
    ///
    /// ## Why it happens
    /// The token was requested from `common` or the wrong tenant, or a personal Microsoft
    /// account was signed in.
    ///
    /// ## Where the fix lives
    /// The authority URL of the token request: use the resource's tenant id.
    ///
    /// ## Example
    /// ```text
    /// The access token is from the wrong issuer 'https://sts.windows.net/11111111-1111-1111-1111-111111111111/'. It must match the tenant 'https://sts.windows.net/22222222-2222-2222-2222-222222222222/' associated with this subscription.
    /// ```
    pub static TOKEN_WRONG_ISSUER_TENANT = {
        code: "AL304", name: "token-from-other-tenant", category: WrongTenant, severity: Error,
        title: "The token comes from another tenant", check: wrong_issuer,
    }
}
declare_rule! {
    /// ## What it means
    /// Microsoft Graph refused the operation: the token lacks the scope or role, or the user
    /// lacks the directory role the operation needs.
    ///
    /// ## Why it happens
    /// The app registration lacks the API permission, admin consent was not granted, or the
    /// operation needs an admin role.
    ///
    /// ## Where the fix lives
    /// App registration → API permissions (and Grant admin consent), or the user's directory
    /// roles.
    ///
    /// ## Example
    /// ```text
    /// {"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges to complete the operation."}}
    /// ```
    pub static GRAPH_PRIVILEGES_DENIED = {
        code: "AL305", name: "graph-privileges-insufficient", category: InsufficientPermission, severity: Error,
        title: "Microsoft Graph denies the operation", check: graph_denied,
    }
}
declare_rule! {
    /// ## What it means
    /// SharePoint accepted the sign-in but denies access to the site, list or item.
    ///
    /// ## Why it happens
    /// The connection's account or the app is not a member of the site or lacks the
    /// permission level.
    ///
    /// ## Where the fix lives
    /// SharePoint site → Site permissions (or the app's Sites.Selected grant).
    ///
    /// ## Example
    /// ```text
    /// {"odata.error":{"code":"-2147024891, System.UnauthorizedAccessException","message":{"lang":"en-US","value":"Access denied. You do not have permission to perform this action or access this resource."}}}
    /// ```
    pub static SHAREPOINT_ACCESS_DENIED = {
        code: "AL306", name: "sharepoint-access-denied", category: InsufficientPermission, severity: Error,
        title: "SharePoint denies access", check: sharepoint_denied,
    }
}
declare_rule! {
    /// ## What it means
    /// Dataverse accepted the sign-in but the user lacks a privilege for this table or
    /// operation.
    ///
    /// ## Why it happens
    /// The user or application user has no security role granting the privilege.
    ///
    /// ## Where the fix lives
    /// Power Platform admin center → environment → Users / Application users → security roles.
    ///
    /// ## Example
    /// ```text
    /// Principal user (Id=00000000-0000-0000-0000-000000000001, type=8) is missing prvReadAccount privilege (Id=00000000-0000-0000-0000-000000000002)
    /// ```
    pub static DATAVERSE_PRIVILEGE_MISSING = {
        code: "AL307", name: "dataverse-privilege-missing", category: InsufficientPermission, severity: Error,
        title: "Dataverse: a security-role privilege is missing", check: dataverse_privilege,
    }
}
declare_rule! {
    /// ## What it means
    /// Azure Storage accepted the identity but it lacks a data-plane role.
    ///
    /// ## Why it happens
    /// Owner or Contributor roles do not grant data access; a Storage Blob/Queue/Table Data
    /// role is needed.
    ///
    /// ## Where the fix lives
    /// Storage account → Access control (IAM) → a Storage … Data role.
    ///
    /// ## Example
    /// ```text
    /// AuthorizationPermissionMismatch: This request is not authorized to perform this operation using this permission.
    /// ```
    pub static STORAGE_PERMISSION_MISMATCH = {
        code: "AL308", name: "storage-data-role-missing", category: InsufficientPermission, severity: Error,
        title: "Storage: the identity lacks a data role", check: storage_mismatch,
    }
}
declare_rule! {
    /// ## What it means
    /// The service rejected the access token as invalid, without saying it is malformed or
    /// for another audience: in practice expired or revoked.
    ///
    /// ## Why it happens
    /// Personal-account (compact) tokens and Entra tokens live about an hour.
    ///
    /// ## Where the fix lives
    /// Get a new token for each run.
    ///
    /// ## Example
    /// ```text
    /// {'error': {'code': 'InvalidAuthenticationToken', 'message': 'CompactToken validation failed with reason code: 80049228.'}}
    /// ```
    pub static MSA_TOKEN_REJECTED = {
        code: "AL309", name: "access-token-invalid", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The access token was rejected as invalid", check: msa_token,
    }
}

fn sharepoint_app_only(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["Unsupported app only token"])?;
    Some(Hit::new(86, "SharePoint refuses app-only tokens obtained with a client secret: the app must authenticate with a certificate (or use Sites.Selected through Microsoft Graph).").with(Some(s), "SharePoint error"))
}

fn key_vault_denied(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "permission on key vault",
        "ForbiddenByPolicy",
        "ForbiddenByRbac",
        "Caller was not found on any access policy",
        "Caller is not authorized to perform action on resource",
    ])?;
    Some(Hit::new(86, "Key Vault knows the identity but its access policy or RBAC role does not allow this secret, key or certificate operation. If the identity's own secret recently expired, check that too: a connection whose credential lapsed can surface as a Key Vault error.").with(Some(s), "Key Vault error"))
}

declare_rule! {
    /// ## What it means
    /// SharePoint Online rejected an app-only token that was obtained with a client secret.
    ///
    /// ## Why it happens
    /// SharePoint REST accepts app-only access only with certificate credentials.
    ///
    /// ## Where the fix lives
    /// The app registration: add a certificate and request the token with it.
    ///
    /// ## Example
    /// ```text
    /// {"error_description":"Unsupported app only token."}
    /// ```
    pub static SHAREPOINT_APP_ONLY_UNSUPPORTED = {
        code: "AL310", name: "sharepoint-app-only-secret-refused", category: InsufficientPermission, severity: Error,
        title: "SharePoint refuses this app-only token", check: sharepoint_app_only,
    }
}
declare_rule! {
    /// ## What it means
    /// Key Vault denied the operation for the identity.
    ///
    /// ## Why it happens
    /// The vault uses access policies or Azure RBAC, and neither grants this identity the
    /// operation (for example secrets get).
    ///
    /// ## Where the fix lives
    /// Key Vault → Access policies, or Access control (IAM) → Key Vault Secrets User.
    ///
    /// ## Example
    /// ```text
    /// The user, group or application 'appid=00000000-0000-0000-0000-000000000001;oid=00000000-0000-0000-0000-000000000002' does not have secrets get permission on key vault 'kv-prod;location=westeurope'.
    /// ```
    pub static KEY_VAULT_ACCESS_DENIED = {
        code: "AL311", name: "key-vault-access-denied", category: InsufficientPermission, severity: Error,
        title: "Key Vault denies the identity", check: key_vault_denied,
    }
}
