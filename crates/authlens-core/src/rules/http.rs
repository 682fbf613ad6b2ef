//! Rules read from HTTP statuses, challenges, .NET token-validation codes and network signals.

use super::{declare_rule, Hit};
use crate::facts::{Facts, StatusSource};
use crate::knowledge::aadsts;

/// Words that make a paste about authentication at all.
pub(super) fn auth_signal(f: &Facts) -> bool {
    f.aadsts.iter().any(|(c, _)| aadsts::lookup(*c).is_some())
        || f.statuses.iter().any(|s| s.code == 401 || s.code == 403)
        || f.phrase(&[
            "unauthorized",
            "forbidden",
            "token",
            "credential",
            "authenticat",
            "authoriz",
            "consent",
            "permission",
            "access denied",
            "denied",
            "dlp",
            "data loss",
            "data policy",
            "policies",
            "privilege",
            "sign-in",
            "password",
        ])
        .is_some()
}

fn specific_auth_code(f: &Facts) -> bool {
    f.aadsts
        .iter()
        .any(|(c, _)| aadsts::lookup(*c).is_some() && !aadsts::WRAPPERS.contains(c))
}

fn http_401(f: &Facts) -> Option<Hit> {
    let s = f.statuses.iter().find(|s| s.code == 401)?;
    // A 403 said anywhere in the body is the more specific answer (senior-admin reading).
    if f.statuses.iter().any(|x| x.code == 403) || specific_auth_code(f) {
        return None;
    }
    let mut h = Hit::new(
        55,
        "A 401 means the service did not accept the credential: it is missing, expired or revoked. The fix lives where the connection or token comes from, not in the target system's permissions.",
    )
    .with(Some(s.span), "status 401");
    if let Some(w) = f.header_value("www-authenticate") {
        h = h.with(Some(w), "WWW-Authenticate challenge");
    }
    Some(h)
}

fn http_403(f: &Facts) -> Option<Hit> {
    let s = f.statuses.iter().find(|s| s.code == 403)?;
    let conf = if s.source == StatusSource::Reason {
        52
    } else {
        56
    };
    Some(
        Hit::new(
            conf,
            "A 403 means the service accepted who you are but refuses the operation: the identity lacks permission there (or a policy or network rule blocks it). Reconnecting will not change that.",
        )
        .with(Some(s.span), "status 403"),
    )
}

fn throttled(f: &Facts) -> Option<Hit> {
    let s = f.has_status(429).or_else(|| {
        f.phrase(&[
            "Rate limit is exceeded",
            "TooManyRequests",
            "too many requests",
        ])
    })?;
    Some(
        Hit::new(90, "429: the service is throttling the caller. This is not an authentication problem, whatever the surrounding text says.")
            .with(Some(s), "status 429")
            .with(f.header_value("retry-after"), "Retry-After"),
    )
}

fn service_error(f: &Facts) -> Option<Hit> {
    let s = f
        .statuses
        .iter()
        .find(|s| (500..=599).contains(&s.code) && s.source != StatusSource::Reason)?;
    let (conf, detail) = if auth_signal_beyond_status(f) {
        (35, "The service returned a server error; the text also speaks of authorization, so read the other findings first.")
    } else {
        (70, "A 5xx status is a failure of the service (or a gateway in front of it), not of your credentials: retry with back-off and check service health.")
    };
    Some(Hit::new(conf, detail).with(Some(s.span), "server error status"))
}

fn auth_signal_beyond_status(f: &Facts) -> bool {
    specific_auth_code(f)
        || f.phrase(&[
            "does not have authorization",
            "unauthorized",
            "forbidden",
            "access denied",
            "permission",
            "credential",
        ])
        .is_some()
}

fn header_missing(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "'Authorization' header is missing",
        "Authorization header is missing",
        "missing Authorization header",
        "No Authorization header",
        "Authorization header not found",
        "authorization header was not provided",
    ])?;
    if f.request_has_credential == Some(false) {
        return None; // REQUEST_WITHOUT_CREDENTIAL says it more precisely.
    }
    Some(
        Hit::new(
            68,
            "The service received no Authorization header. When the action is set up with authentication, the header was lost on the way: an expression that evaluated to nothing, or a follow-up call (asynchronous polling of a Location URL, a redirect) that does not carry it. If the action has no authentication configured at all, it was never sent.",
        )
        .with(Some(s), "missing header"),
    )
}

fn jwt_malformed(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "IDX12709",
        "IDX12741",
        "IDX14100",
        "IDX14101",
        "IDX14102",
        "JWT is not well formed",
        "CompactToken parsing failed",
        "Invalid JWT token. The token is not in JWS format",
        "token is malformed",
        "malformed token",
    ])?;
    Some(
        Hit::new(
            86,
            "The service could not even parse the token: it is not a well-formed JWT as sent. Typical causes are a space, quote or line break inside the value, a truncated token, or an expression left unevaluated.",
        )
        .with(Some(s), "token parse error"),
    )
}

fn lifetime_rejected(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "IDX10223",
        "Lifetime validation failed",
        "ExpiredAuthenticationToken",
        "token is expired",
        "token has expired",
        "Access token has expired",
        "Signature has expired",
        "JWT expired",
        "token expired",
        "error_description=\"The token expired",
    ])?;
    let not_yet = f
        .phrase(&["IDX10222", "not yet valid", "not valid yet"])
        .is_some();
    if not_yet && f.phrase(&["IDX10223", "expired"]).is_none() {
        return None;
    }
    Some(Hit::new(86, "The service says the token's lifetime is over: it was expired when the request arrived.").with(Some(s), "expired token"))
}

fn not_yet_valid_rejected(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "IDX10222",
        "token is not yet valid",
        "not valid yet",
        "nbf claim",
    ])?;
    Some(Hit::new(82, "The service says the token is not valid yet: its nbf lies in the service's future, which means the clocks disagree.").with(Some(s), "not-yet-valid token"))
}

fn audience_rejected(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "IDX10214",
        "InvalidAudience",
        "wrong audience",
        "Invalid audience",
        "audience validation failed",
        "InvalidAuthenticationTokenAudience",
    ]);
    let s = s.or_else(|| {
        let a = f.phrase(&["The audience '"])?;
        crate::text::find_ci(f.text, "is invalid", a.end)
            .filter(|i| i - a.end < 400)
            .map(|_| a)
    })?;
    Some(Hit::new(88, "The service rejected the token's audience: it was issued for another resource than the one called.").with(Some(s), "audience error"))
}

fn issuer_rejected(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["IDX10205", "Issuer validation failed", "invalid issuer"])?;
    Some(Hit::new(80, "The service rejected the token's issuer: it was issued by another tenant (or the common endpoint) than the one it trusts.").with(Some(s), "issuer error"))
}

fn signature_rejected(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "IDX10503",
        "IDX10511",
        "IDX10501",
        "Signature validation failed",
        "invalid signature",
    ])?;
    if f.aadsts(700027).is_some() {
        return None;
    }
    Some(Hit::new(
        62,
        "The service could not validate the token's signature. The usual reason is a token meant for another resource (a Microsoft Graph token, which only Graph can validate, sent to your own API) or from another tenant; tampering is rare.",
    ).with(Some(s), "signature error"))
}

fn storage_firewall(f: &Facts) -> Option<Hit> {
    if f.phrase(&["using this permission", "AuthorizationPermissionMismatch"])
        .is_some()
    {
        return None;
    }
    let code = f.code("AuthorizationFailure");
    let msg = f.phrase(&["This request is not authorized to perform this operation"]);
    let s = code.or(msg)?;
    let mut h = Hit::new(
        74,
        "Azure Storage answers a bare AuthorizationFailure / \"This request is not authorized to perform this operation\" when its firewall or IP rules block the caller; a missing role reads \"…using this permission\" (AuthorizationPermissionMismatch) instead. Managed connectors call from the connector IP ranges, not the logic app's own addresses.",
    )
    .with(Some(s), "storage error");
    if let (Some(c), Some(m)) = (code, msg) {
        h = h.with(Some(if c == s { m } else { c }), "storage error");
    }
    Some(h.with(f.phrase(&["azconn", "azureblob"]), "managed connector"))
}

fn ip_blocked(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "AuthorizationSourceIPMismatch",
        "ClientIpAddressNotAuthorized",
        "ForbiddenByFirewall",
        "Ip Forbidden",
        "IP address is not allowed",
        "is not allowed by the firewall",
        "denied by the firewall",
        "ForbiddenByConnectivity",
        "public network access is disabled",
        "Public access is disabled",
        "not authorized to access this resource from the current IP",
    ])?;
    Some(Hit::new(90, "The service's network rules (firewall, IP restriction, private endpoint) refused the caller's address.").with(Some(s), "network rule"))
}

fn not_found(f: &Facts) -> Option<Hit> {
    let connection_words = [
        "connection",
        "tenant",
        "principal",
        "application",
        "user",
        "account",
        "subscription",
    ];
    let code = f.codes.iter().find(|(c, _)| {
        let l = c.to_ascii_lowercase();
        l.ends_with("notfound") && !connection_words.iter().any(|w| l.contains(w))
    });
    let s = code.map(|(_, s)| *s).or_else(|| f.has_status(404))?;
    if specific_auth_code(f) || f.statuses.iter().any(|s| s.code == 401 || s.code == 403) {
        return None;
    }
    Some(Hit::new(80, "The item the action asked for does not exist (a 404-class error). Nothing here is about credentials.").with(Some(s), "not-found error"))
}

fn validation(f: &Facts) -> Option<Hit> {
    if auth_signal(f) {
        return None;
    }
    let code = f.codes.iter().find(|(c, _)| {
        let l = c.to_ascii_lowercase();
        (l.starts_with("invalid") || l.contains("validation") || l.ends_with("policy"))
            && !l.contains("token")
            && !l.contains("auth")
            && !l.contains("grant")
            && !l.contains("client")
            && !l.contains("connection")
    });
    let s = code
        .map(|(_, s)| *s)
        .or_else(|| f.has_status(400))
        .or_else(|| f.word("InvalidTemplate"))
        .or_else(|| f.phrase(&["\"BadRequest\"", "Bad Request"]))?;
    Some(Hit::new(72, "The request was refused for its content (a 400-class validation error: a field, a limit, a template), with no sign of an authentication problem.").with(Some(s), "validation error"))
}

declare_rule! {
    /// ## What it means
    /// A 401 Unauthorized: the service did not accept the credential. It is missing, expired
    /// or revoked.
    ///
    /// ## Why it happens
    /// A connection's sign-in expired or was revoked, a static token aged out, or no token
    /// was sent.
    ///
    /// ## Where the fix lives
    /// Where the connection lives (Fix connection, Authorize, Edit credentials), or in how
    /// the request gets its token.
    ///
    /// ## Example
    /// ```text
    /// {"statusCode": 401, "headers": {}, "body": {"message": "Unauthorized"}}
    /// ```
    pub static HTTP_401_CREDENTIAL_REJECTED = {
        code: "AL201", name: "credential-rejected-401", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The service rejected the credential (401)", check: http_401, fallback: true,
    }
}
declare_rule! {
    /// ## What it means
    /// A 403 Forbidden: the service knows who is calling and refuses the operation.
    ///
    /// ## Why it happens
    /// The identity lacks a role or permission in the target system. (DLP policies and
    /// network rules also answer 403; their own rules say so when the paste shows it.)
    ///
    /// ## Where the fix lives
    /// The target system's permissions, not the connection. Reconnecting will not fix a 403.
    ///
    /// ## Example
    /// ```text
    /// 403 Forbidden
    /// ```
    pub static HTTP_403_PERMISSION_DENIED = {
        code: "AL202", name: "permission-denied-403", category: InsufficientPermission, severity: Error,
        title: "The identity is not allowed to do this (403)", check: http_403, fallback: true,
    }
}
declare_rule! {
    /// ## What it means
    /// The service is throttling the caller (429 Too Many Requests).
    ///
    /// ## Why it happens
    /// Too many calls in a short time, from this flow or from everything sharing the
    /// connection or tenant.
    ///
    /// ## Where the fix lives
    /// The run's pacing: a retry policy that respects Retry-After, fewer parallel calls.
    ///
    /// ## Example
    /// ```text
    /// {"statusCode": 429, "message": "Rate limit is exceeded. Try again in 2 seconds."}
    /// ```
    pub static THROTTLED = {
        code: "AL203", name: "throttled-429", category: ServiceOutageOrThrottling, severity: Warning,
        title: "The service is throttling requests (429)", check: throttled,
    }
}
declare_rule! {
    /// ## What it means
    /// A 5xx status: the service or a gateway failed.
    ///
    /// ## Why it happens
    /// Outages and transient faults. Some services wrap a permission error in a 500; when the
    /// text says so, the permission finding ranks first.
    ///
    /// ## Where the fix lives
    /// Retry and service health, not credentials.
    ///
    /// ## Example
    /// ```text
    /// HTTP/1.1 503 Service Unavailable
    /// ```
    pub static SERVICE_ERROR = {
        code: "AL204", name: "service-error-5xx", category: ServiceOutageOrThrottling, severity: Warning,
        title: "The service failed (5xx)", check: service_error, fallback: true,
    }
}
declare_rule! {
    /// ## What it means
    /// The service says the request carried no Authorization header.
    ///
    /// ## Why it happens
    /// The header expression produced nothing, or a follow-up request (asynchronous polling
    /// of a Location URL, a redirect) did not carry the header the first request had.
    ///
    /// ## Where the fix lives
    /// The action's header expression or authentication settings; for asynchronous polling,
    /// turn the asynchronous pattern off and poll with your own authenticated requests.
    ///
    /// ## Example
    /// ```text
    /// {"error": {"code": "AuthenticationFailed", "message": "Authentication failed. The 'Authorization' header is missing."}}
    /// ```
    pub static AUTHORIZATION_HEADER_MISSING = {
        code: "AL205", name: "authorization-header-missing", category: MalformedAuthorizationHeader, severity: Error,
        title: "The Authorization header did not arrive", check: header_missing,
    }
}
declare_rule! {
    /// ## What it means
    /// The service could not parse the bearer token at all.
    ///
    /// ## Why it happens
    /// A space, quote or line break inside the token, a truncated copy, or an expression that
    /// was not evaluated.
    ///
    /// ## Where the fix lives
    /// The header expression that builds `Bearer <token>`.
    ///
    /// ## Example
    /// ```text
    /// IDX12709: CanReadToken() returned false. JWT is not well formed.
    /// ```
    pub static JWT_NOT_WELL_FORMED = {
        code: "AL206", name: "token-not-well-formed", category: MalformedAuthorizationHeader, severity: Error,
        title: "The token sent is not a well-formed JWT", check: jwt_malformed,
    }
}
declare_rule! {
    /// ## What it means
    /// The service says the token had expired when the request arrived.
    ///
    /// ## Why it happens
    /// Access tokens live 60–90 minutes; a static token pasted into an action, or a token
    /// fetched early in a long run, ages out.
    ///
    /// ## Where the fix lives
    /// Fetch a fresh token in each run, right before the call.
    ///
    /// ## Example
    /// ```text
    /// IDX10223: Lifetime validation failed. The token is expired.
    /// ```
    pub static TOKEN_LIFETIME_REJECTED = {
        code: "AL207", name: "token-lifetime-rejected", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The service says the token has expired", check: lifetime_rejected,
    }
}
declare_rule! {
    /// ## What it means
    /// The service says the token is not valid yet.
    ///
    /// ## Why it happens
    /// The clock of the service or of the token issuer is off.
    ///
    /// ## Where the fix lives
    /// The clock of the machine that issues or checks the token.
    ///
    /// ## Example
    /// ```text
    /// IDX10222: Lifetime validation failed. The token is not yet valid.
    /// ```
    pub static TOKEN_NOT_YET_VALID_REJECTED = {
        code: "AL208", name: "token-not-yet-valid-rejected", category: TokenNotYetValidOrClockSkew, severity: Error,
        title: "The service says the token is not valid yet", check: not_yet_valid_rejected,
    }
}
declare_rule! {
    /// ## What it means
    /// The service rejected the token's audience: it was issued for another resource.
    ///
    /// ## Why it happens
    /// The token was requested for Graph but sent to SharePoint, for ARM but sent to a
    /// function, or the API validates a different App ID URI.
    ///
    /// ## Where the fix lives
    /// The audience / resource / scope of the token request (or the API's accepted
    /// audiences).
    ///
    /// ## Example
    /// ```text
    /// Bearer error="invalid_token", error_description="The audience 'api://other' is invalid"
    /// ```
    pub static AUDIENCE_REJECTED = {
        code: "AL209", name: "token-audience-rejected", category: WrongAudience, severity: Error,
        title: "The token is for another resource", check: audience_rejected,
    }
}
declare_rule! {
    /// ## What it means
    /// The service rejected the token's issuer.
    ///
    /// ## Why it happens
    /// The token came from another tenant or the common endpoint.
    ///
    /// ## Where the fix lives
    /// The authority (tenant) used to get the token.
    ///
    /// ## Example
    /// ```text
    /// IDX10205: Issuer validation failed.
    /// ```
    pub static ISSUER_REJECTED = {
        code: "AL210", name: "token-issuer-rejected", category: WrongTenant, severity: Error,
        title: "The token comes from a tenant the service does not trust", check: issuer_rejected,
    }
}
declare_rule! {
    /// ## What it means
    /// The service could not validate the token's signature.
    ///
    /// ## Why it happens
    /// Most often a token for another resource (Graph tokens can only be validated by Graph),
    /// sometimes one from another tenant or cloud.
    ///
    /// ## Where the fix lives
    /// The audience of the token request.
    ///
    /// ## Example
    /// ```text
    /// IDX10511: Signature validation failed.
    /// ```
    pub static SIGNATURE_REJECTED = {
        code: "AL211", name: "token-signature-rejected", category: WrongAudience, severity: Error,
        title: "The service could not validate the token's signature", check: signature_rejected,
    }
}
declare_rule! {
    /// ## What it means
    /// Azure Storage refused the request with a bare AuthorizationFailure, which is what its
    /// firewall returns.
    ///
    /// ## Why it happens
    /// The storage account allows only selected networks; managed connectors and the
    /// designer call from addresses that are not on the list.
    ///
    /// ## Where the fix lives
    /// Storage account → Networking (allow the connector IP ranges, or use a private endpoint).
    ///
    /// ## Example
    /// ```text
    /// <Error><Code>AuthorizationFailure</Code><Message>This request is not authorized to perform this operation.</Message></Error>
    /// ```
    pub static STORAGE_FIREWALL = {
        code: "AL212", name: "storage-firewall-blocked", category: NetworkOrFirewall, severity: Error,
        title: "The storage account's firewall blocks the caller", check: storage_firewall,
    }
}
declare_rule! {
    /// ## What it means
    /// A firewall or IP restriction refused the caller's network address.
    ///
    /// ## Why it happens
    /// The target only accepts selected networks or private endpoints.
    ///
    /// ## Where the fix lives
    /// The target's networking settings.
    ///
    /// ## Example
    /// ```text
    /// AuthorizationSourceIPMismatch: This request is not authorized to perform this operation using this source IP 20.1.2.3.
    /// ```
    pub static IP_BLOCKED = {
        code: "AL213", name: "network-rule-blocked", category: NetworkOrFirewall, severity: Error,
        title: "A network rule blocks the caller", check: ip_blocked,
    }
}
declare_rule! {
    /// ## What it means
    /// The item asked for does not exist; this is not an authentication problem.
    ///
    /// ## Why it happens
    /// A wrong id or path, a deleted item, or a product bug listing items.
    ///
    /// ## Where the fix lives
    /// The action's inputs.
    ///
    /// ## Example
    /// ```text
    /// {"error": {"code": "FlowNotFound", "message": "Could not find flow '00000000-0000-0000-0000-000000000001'."}}
    /// ```
    pub static NOT_FOUND_NOT_AUTH = {
        code: "AL214", name: "item-not-found", category: NotAnAuthError, severity: Info,
        title: "The item does not exist: not an authentication error", check: not_found,
    }
}
declare_rule! {
    /// ## What it means
    /// The request was refused for its content, with no sign of an authentication problem.
    ///
    /// ## Why it happens
    /// A field, limit, template or policy setting is invalid.
    ///
    /// ## Where the fix lives
    /// The action's inputs or definition.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"InvalidTemplate","message":"Unable to process template language expressions in action 'Compose'."}}
    /// ```
    pub static VALIDATION_NOT_AUTH = {
        code: "AL215", name: "request-invalid", category: NotAnAuthError, severity: Info,
        title: "The request is invalid: not an authentication error", check: validation,
    }
}

fn permission_message(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "does not have permission",
        "do not have permission",
        "don't have permission",
        "insufficient permissions",
        "lacks the required permission",
        "Access to the resource is forbidden",
        "not authorized to perform this action",
        "The caller does not have permission",
        "has not been assigned any roles",
    ])?;
    Some(
        Hit::new(72, "The message says the identity is known but lacks permission for this operation: grant it in the target system; signing in again changes nothing.")
            .with(Some(s), "permission message"),
    )
}

fn network_unreachable(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "could not be resolved",
        "No such host is known",
        "Name or service not known",
        "A connection attempt failed because the connected party did not properly respond",
        "actively refused",
        "ECONNREFUSED",
        "ETIMEDOUT",
        "ENOTFOUND",
        "The SSL connection could not be established",
        "private endpoint",
    ])?;
    Some(
        Hit::new(74, "The call never reached a service that could judge the credential: name resolution, a refused or timed-out connection, TLS, or a private endpoint the platform cannot reach.")
            .with(Some(s), "network error"),
    )
}

fn invalid_token_challenge(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "error=\"invalid_token\"",
        "error=invalid_token",
        "\\\"invalid_token\\\"",
    ])?;
    Some(
        Hit::new(66, "The service's challenge says invalid_token: the bearer token was rejected (most often expired or revoked; sometimes malformed or for another audience, which its description would say).")
            .with(Some(s), "WWW-Authenticate challenge"),
    )
}

fn token_empty(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "Access token is empty",
        "Bearer token is missing",
        "No bearer token",
        "token was not provided",
        "Authorization header is empty",
        "missing access token",
    ])?;
    Some(Hit::new(88, "The request arrived without a token value: the header or the expression that should produce the token was empty.").with(Some(s), "empty token"))
}

fn account_disabled(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "user account is disabled",
        "account has been disabled",
        "user is disabled",
        "account is locked",
        "user account has been deleted",
        "account has been locked",
    ])?;
    Some(Hit::new(82, "The account the connection uses is disabled, locked or deleted, so no sign-in with it can succeed.").with(Some(s), "account state"))
}

declare_rule! {
    /// ## What it means
    /// The service says the identity lacks permission for the operation.
    ///
    /// ## Why it happens
    /// The account, app or managed identity has no role, share or API permission for this
    /// resource.
    ///
    /// ## Where the fix lives
    /// The target system's permissions (roles, sharing, API permissions with consent).
    ///
    /// ## Example
    /// ```text
    /// Expression.Error: Access to the resource is forbidden.
    /// ```
    pub static PERMISSION_MESSAGE = {
        code: "AL216", name: "permission-denied-message", category: InsufficientPermission, severity: Error,
        title: "The identity lacks permission for this operation", check: permission_message,
    }
}
declare_rule! {
    /// ## What it means
    /// The request failed at the network level: the service was never asked to judge the
    /// credential.
    ///
    /// ## Why it happens
    /// A wrong host name, DNS, a firewall dropping the connection, TLS problems, or a private
    /// endpoint that the platform's outbound addresses cannot reach.
    ///
    /// ## Where the fix lives
    /// The network path: host name, firewall, private endpoint or an on-premises data gateway.
    ///
    /// ## Example
    /// ```text
    /// The remote name could not be resolved: 'api.contoso.internal'
    /// ```
    pub static NETWORK_UNREACHABLE = {
        code: "AL217", name: "network-unreachable", category: NetworkOrFirewall, severity: Error,
        title: "The service could not be reached", check: network_unreachable,
    }
}
declare_rule! {
    /// ## What it means
    /// A `WWW-Authenticate` challenge with `error="invalid_token"` and no more specific
    /// description: the bearer token was rejected.
    ///
    /// ## Why it happens
    /// Usually an expired or revoked token; a description, when present, says if it is the
    /// audience or the signature instead.
    ///
    /// ## Where the fix lives
    /// Get a fresh token for each run; paste the token in the Token view to see why.
    ///
    /// ## Example
    /// ```text
    /// WWW-Authenticate: Bearer realm="api", error="invalid_token"
    /// ```
    pub static INVALID_TOKEN_CHALLENGE = {
        code: "AL218", name: "bearer-challenge-invalid-token", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The bearer token was rejected (invalid_token)", check: invalid_token_challenge, fallback: true,
    }
}
declare_rule! {
    /// ## What it means
    /// The request carried an empty token.
    ///
    /// ## Why it happens
    /// The expression that should produce the token returned nothing (a failed token step, a
    /// wrong property name, a variable never set).
    ///
    /// ## Where the fix lives
    /// The step that gets the token and the header expression that uses it.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}
    /// ```
    pub static TOKEN_EMPTY = {
        code: "AL219", name: "access-token-empty", category: MissingCredential, severity: Error,
        title: "The request carried an empty token", check: token_empty,
    }
}
declare_rule! {
    /// ## What it means
    /// The account behind the connection is disabled, locked or deleted.
    ///
    /// ## Why it happens
    /// The person left, an admin blocked sign-in, or repeated failures locked the account.
    ///
    /// ## Where the fix lives
    /// Re-create the connection with an active account or a service principal.
    ///
    /// ## Example
    /// ```text
    /// The user account is disabled.
    /// ```
    pub static ACCOUNT_DISABLED_MESSAGE = {
        code: "AL220", name: "account-disabled-message", category: UserDisabledOrDeleted, severity: Error,
        title: "The account is disabled, locked or deleted", check: account_disabled,
    }
}

fn token_property_missing(f: &Facts) -> Option<Hit> {
    let prop = f.phrase(&[
        "property 'access_token'",
        "property access_token",
        "['access_token']",
        "?['access_token']",
    ])?;
    let s = f.phrase(&[
        "cannot be evaluated",
        "doesn't exist",
        "doesnt exist",
        "does not exist",
        "InvalidTemplate",
    ])?;
    Some(
        Hit::new(
            80,
            "The expression that reads the token found no access_token: the token request before it failed or returned something else, so no credential could be built. Open that step's outputs; its error is the real cause.",
        )
        .with(Some(prop), "token expression")
        .with(Some(s), "expression error"),
    )
}

fn sql_login_failed(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["Login failed for user", "Error 18456"])?;
    Some(Hit::new(80, "The database refused the sign-in (SQL Server login failure): the user name or password stored in the connection or data source is wrong, or the login is disabled.").with(Some(s), "SQL login failure"))
}

fn data_error(f: &Facts) -> Option<Hit> {
    if f.phrase(&[
        "forbidden",
        "credential",
        "unauthorized",
        "permission",
        "denied",
        "AADSTS",
    ])
    .is_some()
    {
        return None;
    }
    let s = f.phrase(&[
        "MashupDataAccessError",
        "DataFormat.Error",
        "The key didn't match any rows",
        "The key didnt match any rows",
        "The column '",
        "Expression.Error: The column",
    ])?;
    Some(Hit::new(72, "The data source answered, but the query failed on the data itself (a missing column, row or format): not an authentication problem.").with(Some(s), "data error"))
}

fn license_missing(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "does not have a Power Automate license",
        "does not have a license",
        "license is required",
        "LicenseRequired",
        "not licensed",
        "NotLicensed",
        "requires a premium license",
        "insufficient or trial license",
    ])?;
    Some(Hit::new(78, "The account lacks the licence this feature needs: assign it (or move the flow to an account or plan that has it). Credentials and permissions are not the question.").with(Some(s), "licence"))
}

declare_rule! {
    /// ## What it means
    /// The expression that should read the token (`body('Get_token')?['access_token']`) found
    /// nothing, so the request could not be built with a credential.
    ///
    /// ## Why it happens
    /// The token request before it failed, returned an error body, or its output has another
    /// shape.
    ///
    /// ## Where the fix lives
    /// The token step: open its outputs and fix what it reports.
    ///
    /// ## Example
    /// ```text
    /// InvalidTemplate. Unable to process template language expressions in action 'HTTP': The template language expression 'body('Get_token')?['access_token']' cannot be evaluated because property 'access_token' doesn't exist.
    /// ```
    pub static TOKEN_PROPERTY_MISSING = {
        code: "AL221", name: "token-step-returned-no-token", category: MissingCredential, severity: Error,
        title: "The step that gets the token returned none", check: token_property_missing,
    }
}
declare_rule! {
    /// ## What it means
    /// The database refused the sign-in.
    ///
    /// ## Why it happens
    /// A wrong or changed password, a disabled login, or a login that does not exist.
    ///
    /// ## Where the fix lives
    /// The credentials stored in the connection or the data source (gateway, dataset).
    ///
    /// ## Example
    /// ```text
    /// The credentials provided for the Sql source are invalid. Login failed for user 'CONTOSO\svc_pbi'.
    /// ```
    pub static SQL_LOGIN_FAILED = {
        code: "AL222", name: "database-login-failed", category: InvalidUserCredentials, severity: Error,
        title: "The database refused the login", check: sql_login_failed,
    }
}
declare_rule! {
    /// ## What it means
    /// The data source answered, and the query failed on the data: not an authentication
    /// problem.
    ///
    /// ## Why it happens
    /// A renamed column, a missing row or table, a changed file format.
    ///
    /// ## Where the fix lives
    /// The query or the source data.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"DM_GWPipeline_Gateway_MashupDataAccessError","details":"The key didn't match any rows in the table."}}
    /// ```
    pub static DATA_ERROR_NOT_AUTH = {
        code: "AL223", name: "query-data-error", category: NotAnAuthError, severity: Info,
        title: "The query failed on the data: not an authentication error", check: data_error,
    }
}
declare_rule! {
    /// ## What it means
    /// The account lacks a licence the feature needs.
    ///
    /// ## Why it happens
    /// Premium connectors, some actions and limits depend on the plan of the account that
    /// owns or runs the flow.
    ///
    /// ## Where the fix lives
    /// Licence assignment (Microsoft 365 admin center) or the flow's owner/plan.
    ///
    /// ## Example
    /// ```text
    /// The user 'svc-flow@contoso.com' does not have a Power Automate license.
    /// ```
    pub static LICENSE_MISSING = {
        code: "AL224", name: "licence-missing", category: NotAnAuthError, severity: Warning,
        title: "A licence is missing: not an authentication error", check: license_missing,
    }
}
