//! Rules read from Microsoft Entra token endpoint errors: AADSTS codes and OAuth `error` values.

use super::{declare_rule, Hit};
use crate::category::Category;
use crate::facts::Facts;
use crate::knowledge::aadsts;
use crate::span::Span;
use crate::time::{human_duration, Timestamp};

/// Codes with rules of their own (their meaning depends on the rest of the text).
const SPECIAL: &[u32] = &[700024, 700027, 50053];

/// The span of `AADSTSnnnn: message…` up to the end of its first sentence.
pub(super) fn sentence(f: &Facts, code_span: Span) -> Span {
    let t = f.text;
    let rest = t
        .get(code_span.end..t.floor_char_boundary(code_span.end.saturating_add(210).min(t.len())))
        .unwrap_or("");
    let mut end = rest.len().min(200);
    for stop in [". ", ".\"", "\n", "\\r", "\\n", "\r", "\"", "'"] {
        if let Some(i) = rest.find(stop) {
            if i > 2 {
                end = end.min(i + usize::from(stop.starts_with('.')));
            }
        }
    }
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    Span::new(code_span.start, code_span.end + end)
}

/// A hit for the catalogued AADSTS codes of `category` in the paste.
fn catalogued(f: &Facts, category: Category, confidence: u8) -> Option<Hit> {
    let mut hit: Option<Hit> = None;
    // A wrapper code ("Error validating credentials") counts only when nothing more specific is there.
    let specific = f
        .aadsts
        .iter()
        .any(|(c, _)| aadsts::lookup(*c).is_some() && !aadsts::WRAPPERS.contains(c));
    for (code, span) in &f.aadsts {
        let Some(entry) = aadsts::lookup(*code) else {
            continue;
        };
        let skip_wrapper = specific && aadsts::WRAPPERS.contains(code);
        if entry.category != category || SPECIAL.contains(code) || skip_wrapper {
            continue;
        }
        if hit.as_ref().is_some_and(|h| {
            h.evidence.len() >= 8
                || h.evidence
                    .iter()
                    .any(|(s, _)| s.slice(f.text).get(..span.len()) == Some(span.slice(f.text)))
        }) {
            continue;
        }
        let h = hit.get_or_insert_with(|| {
            Hit::new(confidence, format!("AADSTS{code}: {}.", entry.meaning))
        });
        *h = h.clone().with(Some(sentence(f, *span)), "Entra error code");
    }
    hit
}

fn expired_grant(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::ExpiredOrRevokedCredential, 90)
}
fn inactive(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::RefreshTokenInactivity, 92)
}
fn password_changed(f: &Facts) -> Option<Hit> {
    let h = catalogued(f, Category::PasswordChanged, 92)?;
    Some(h.with(f.phrase(&["TokensValidFrom"]), "revocation date"))
}
fn mfa(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::MfaRequired, 91)
}
fn conditional_access(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::ConditionalAccessBlocked, 91)
}
fn consent(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::ConsentRequired, 90)
}
fn wrong_resource(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::WrongAudience, 88)
}
fn wrong_tenant(f: &Facts) -> Option<Hit> {
    let mut h = catalogued(f, Category::WrongTenant, 88)?;
    if let Some(s) = f.phrase(&["00000000-0000-0000-0000-000000000000"]) {
        h = h.with(Some(s), "empty tenant id");
        h.detail.push_str(" The tenant id sent is an empty GUID: the setting that should hold it was never filled in.");
    }
    Some(h)
}
fn client_secret_rejected(f: &Facts) -> Option<Hit> {
    let expired_key = f.aadsts(700027).is_some() && key_expired(f).is_some();
    let mut h = catalogued(f, Category::InvalidClientCredentials, 88);
    if h.is_none() && f.aadsts(700027).is_some() && !expired_key {
        h = f.aadsts(700027).map(|s| {
            Hit::new(85, "AADSTS700027: the client assertion's signature does not match a certificate registered on the app.")
                .with(Some(sentence(f, s)), "Entra error code")
        });
    }
    let mut h = h?;
    if f.aadsts(50012).is_some() || f.phrase(&["Invalid client secret"]).is_some() {
        h.detail.push_str(
            " The same error is returned for a secret that has expired: check its expiry date too.",
        );
    }
    Some(h)
}
fn client_secret_expired(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::ClientSecretExpired, 95)
}
fn key_expired(f: &Facts) -> Option<Span> {
    f.phrase(&[
        "key used is expired",
        "certificate has expired",
        "certificate is expired",
        "certificate expired",
    ])
}
fn certificate_expired(f: &Facts) -> Option<Hit> {
    let key = key_expired(f)?;
    let code = f.aadsts(700027);
    let conf = if code.is_some() { 92 } else { 70 };
    Some(
        Hit::new(
            conf,
            "The certificate (key) the client signs its assertion with has passed its end date.",
        )
        .with(code.map(|s| sentence(f, s)), "Entra error code")
        .with(Some(key), "expired key"),
    )
}
fn app_not_found(f: &Facts) -> Option<Hit> {
    let mut h = catalogued(f, Category::AppNotFound, 90)?;
    if f.phrase(&["wrong tenant"]).is_some() {
        h.detail.push_str(" The message also allows that the request went to the wrong tenant: the app may exist, but in another directory.");
    }
    Some(h)
}
fn account_unusable(f: &Facts) -> Option<Hit> {
    if let Some(h) = catalogued(f, Category::UserDisabledOrDeleted, 90) {
        return Some(h);
    }
    // A lockout (50053) after wrong passwords is a consequence, not the cause.
    let s = f.aadsts(50053)?;
    let after_wrong_password = f.aadsts(50126).is_some();
    let (conf, detail) = if after_wrong_password {
        (70, "AADSTS50053: the account was locked after repeated sign-ins with a wrong password; the wrong password came first.")
    } else {
        (88, "AADSTS50053: the account is locked (too many wrong passwords) or sign-in from this IP address is blocked.")
    };
    Some(Hit::new(conf, detail).with(Some(sentence(f, s)), "Entra error code"))
}
fn wrong_password(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::InvalidUserCredentials, 90)
}
fn app_misconfigured(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::ConnectionNotFoundOrMisconfigured, 85)
}
fn no_client_credential(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::MissingCredential, 88)
}
fn transient(f: &Facts) -> Option<Hit> {
    let h = catalogued(f, Category::ServiceOutageOrThrottling, 92);
    let unavailable = f.code("temporarily_unavailable");
    match (h, unavailable) {
        (Some(h), u) => Some(h.with(u, "OAuth error")),
        (None, Some(u)) => Some(Hit::new(85, "The token endpoint answered temporarily_unavailable: the sign-in service had a transient problem.").with(Some(u), "OAuth error")),
        (None, None) => None,
    }
}
fn role_assignment(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::InsufficientPermission, 85)
}

/// "Current time: …, assertion valid from …, expiry time of assertion …" (AADSTS700024 and kin).
struct AssertionTimes {
    current: Timestamp,
    valid_from: Option<Timestamp>,
    expiry: Option<Timestamp>,
    span: Span,
}

fn time_after(f: &Facts, label: &str) -> Option<(Timestamp, Span)> {
    let i = crate::text::find_ci(f.text, label, 0)?;
    let start = i + label.len();
    let rest = f.text.get(start..)?;
    let skip = rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '\'')
            .len();
    let tail = &rest[skip..];
    let len = tail
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '+')))
        .unwrap_or(tail.len());
    let raw = tail[..len].trim_end_matches('.');
    Some((
        Timestamp::parse(raw)?,
        Span::new(start + skip, start + skip + raw.len()),
    ))
}

fn assertion_times(f: &Facts) -> Option<AssertionTimes> {
    let code = f
        .aadsts(700024)
        .or(f.aadsts(500133))
        .or_else(|| f.phrase(&["not within its valid time range"]))?;
    let (current, cs) = time_after(f, "Current time")?;
    let valid_from = time_after(f, "valid from").map(|x| x.0);
    let expiry = time_after(f, "expiry time of assertion")
        .or_else(|| time_after(f, "expiry time"))
        .map(|x| x.0);
    Some(AssertionTimes {
        current,
        valid_from,
        expiry,
        span: Span::new(code.start.min(cs.start), cs.end),
    })
}

/// True when the assertion's own times cannot have come from a correct UTC clock.
fn clock_looks_wrong(a: &AssertionTimes) -> bool {
    let epoch_start = a.valid_from.is_some_and(|v| v.0 <= 86_400);
    let lifetime = match (a.valid_from, a.expiry) {
        (Some(v), Some(e)) => e.0 - v.0,
        _ => 600,
    };
    epoch_start || !(0..=86_400).contains(&lifetime) || a.valid_from.is_some_and(|v| v > a.current)
}

fn assertion_expired(f: &Facts) -> Option<Hit> {
    let a = assertion_times(f)?;
    let expiry = a.expiry?;
    if clock_looks_wrong(&a) || a.current.0 <= expiry.0 + 300 {
        return None;
    }
    let lifetime = a
        .valid_from
        .map(|v| format!(" It was valid for {} only.", human_duration(expiry.0 - v.0)))
        .unwrap_or_default();
    Some(
        Hit::new(
            90,
            format!(
                "The assertion expired {} before it was presented, and its own times are consistent: a short-lived assertion (such as a pipeline's federated token) was reused after it expired, the clock is fine.{lifetime} Get a fresh one right before the call.",
                human_duration(a.current.0 - expiry.0)
            ),
        )
        .with(Some(a.span), "assertion times"),
    )
}

fn assertion_clock(f: &Facts) -> Option<Hit> {
    let a = assertion_times(f)?;
    let not_yet = a.valid_from.is_some_and(|v| v.0 > a.current.0 + 300);
    if !(clock_looks_wrong(&a) || not_yet) {
        return None;
    }
    Some(
        Hit::new(
            88,
            "The assertion's times do not fit a correct UTC clock (a start at 1970, an impossible lifetime, or a start in the future): the code that builds it uses local time or a wrong clock.",
        )
        .with(Some(a.span), "assertion times"),
    )
}

/// OAuth `error` values when no catalogued AADSTS code says more.
fn oauth(f: &Facts, value: &str) -> Option<Span> {
    let specific = f
        .aadsts
        .iter()
        .any(|(c, _)| aadsts::lookup(*c).is_some() && !aadsts::WRAPPERS.contains(c));
    if specific {
        return None;
    }
    f.code(value).or_else(|| f.word(value))
}

fn invalid_grant(f: &Facts) -> Option<Hit> {
    let s = oauth(f, "invalid_grant")?;
    Some(Hit::new(72, "invalid_grant: the refresh token, code or assertion the client presented is no longer accepted (expired, revoked, or the user must sign in again).").with(Some(s), "OAuth error"))
}
fn invalid_client(f: &Facts) -> Option<Hit> {
    let s = oauth(f, "invalid_client")?;
    Some(Hit::new(75, "invalid_client: the token endpoint rejected the app's own credential (client secret or certificate).").with(Some(s), "OAuth error"))
}
fn interaction_required(f: &Facts) -> Option<Hit> {
    let s = oauth(f, "interaction_required")?;
    Some(Hit::new(65, "interaction_required: the user must sign in interactively, usually to satisfy MFA; an unattended run cannot.").with(Some(s), "OAuth error"))
}
fn invalid_resource(f: &Facts) -> Option<Hit> {
    let s = oauth(f, "invalid_resource")?;
    Some(Hit::new(78, "invalid_resource: the resource the token was requested for does not exist in the tenant.").with(Some(s), "OAuth error"))
}
fn claims_challenge(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["insufficient_claims", "capolids"])?;
    let conf = if f.code("insufficient_claims").is_some()
        || f.phrase(&["insufficient_claims"]).is_some()
    {
        80
    } else {
        62
    };
    Some(Hit::new(conf, "The service answered with a claims challenge naming Conditional Access requirements: the token lacks claims (such as MFA or a compliant device) that a policy demands.").with(Some(s), "claims challenge"))
}

declare_rule! {
    /// ## What it means
    /// Microsoft Entra ID refused the stored grant: the refresh token, authorization code,
    /// password or assertion the connection relies on has expired or been revoked.
    ///
    /// ## Why it happens
    /// Passwords expire, sessions are revoked by admins, authorization codes are single-use,
    /// and assertions live for minutes.
    ///
    /// ## Where the fix lives
    /// Where the connection lives: Fix connection (Power Automate), Authorize (Logic Apps),
    /// Edit credentials (Power BI).
    ///
    /// ## Example
    /// ```text
    /// AADSTS50055: Password is expired.
    /// ```
    pub static ENTRA_EXPIRED_GRANT = {
        code: "AL101", name: "entra-grant-expired", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The stored sign-in has expired or was revoked", check: expired_grant,
    }
}
declare_rule! {
    /// ## What it means
    /// The refresh token behind the connection was not used within its inactivity window
    /// (90 days by default) and has expired.
    ///
    /// ## Why it happens
    /// A flow, dataset or tool that runs rarely, or a connection nobody uses, ages out.
    ///
    /// ## Where the fix lives
    /// Re-authenticate the connection. For unattended work move to a service principal or
    /// managed identity.
    ///
    /// ## Example
    /// ```text
    /// {"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity."}
    /// ```
    pub static ENTRA_REFRESH_TOKEN_INACTIVE = {
        code: "AL102", name: "refresh-token-inactive", category: RefreshTokenInactivity, severity: Error,
        title: "The refresh token expired from inactivity", check: inactive,
    }
}
declare_rule! {
    /// ## What it means
    /// The grant was issued before the account's password was last changed or reset, so
    /// Entra ID revoked it.
    ///
    /// ## Why it happens
    /// A password change or reset (or a scheduled rotation) revokes every refresh token of the
    /// account, so every connection signed in with it breaks at once.
    ///
    /// ## Where the fix lives
    /// Re-authenticate the connection; for unattended work use a service principal.
    ///
    /// ## Example
    /// ```text
    /// AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.
    /// ```
    pub static ENTRA_PASSWORD_CHANGED = {
        code: "AL103", name: "grant-revoked-by-password-change", category: PasswordChanged, severity: Error,
        title: "The sign-in was revoked by a password change", check: password_changed,
    }
}
declare_rule! {
    /// ## What it means
    /// A policy now demands multi-factor authentication for this sign-in, and the run cannot
    /// answer an MFA prompt.
    ///
    /// ## Why it happens
    /// MFA was rolled out, a Conditional Access policy changed, or the sign-in comes from a new
    /// location. Tokens stored before the change stop working.
    ///
    /// ## Where the fix lives
    /// Sign in again interactively for now; the tenant admin decides how unattended work is
    /// treated (service principal, exclusions).
    ///
    /// ## Example
    /// ```text
    /// AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.
    /// ```
    pub static ENTRA_MFA_REQUIRED = {
        code: "AL104", name: "mfa-required-by-policy", category: MfaRequired, severity: Error,
        title: "Multi-factor authentication is now required", check: mfa,
    }
}
declare_rule! {
    /// ## What it means
    /// A Conditional Access policy blocked the sign-in or the token (device, location, app,
    /// or sign-in frequency rules).
    ///
    /// ## Why it happens
    /// The tenant's policies do not allow this client, device or location, or require a new
    /// sign-in after a set time.
    ///
    /// ## Where the fix lives
    /// The tenant admin, in Entra ID → Conditional Access; the sign-in log names the policy.
    ///
    /// ## Example
    /// ```text
    /// AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.
    /// ```
    pub static ENTRA_CONDITIONAL_ACCESS = {
        code: "AL105", name: "blocked-by-conditional-access", category: ConditionalAccessBlocked, severity: Error,
        title: "A Conditional Access policy blocks the sign-in", check: conditional_access,
    }
}
declare_rule! {
    /// ## What it means
    /// Nobody (neither the user nor an admin) has consented to the permissions the app asks
    /// for.
    ///
    /// ## Why it happens
    /// A new permission was added, user consent is disabled in the tenant, or the app is used
    /// in a new tenant.
    ///
    /// ## Where the fix lives
    /// Entra ID → App registrations / Enterprise applications → API permissions → Grant admin
    /// consent.
    ///
    /// ## Example
    /// ```text
    /// AADSTS65001: The user or administrator has not consented to use the application with ID '00000000-0000-0000-0000-000000000001'.
    /// ```
    pub static ENTRA_CONSENT_MISSING = {
        code: "AL106", name: "consent-missing", category: ConsentRequired, severity: Error,
        title: "The app has no consent for the permissions it needs", check: consent,
    }
}
declare_rule! {
    /// ## What it means
    /// The token was requested for a resource (audience) that does not exist in the tenant,
    /// or a scope that does not belong to it.
    ///
    /// ## Why it happens
    /// A typo or a bare host in the resource URL, the tenant's vanity domain instead of the
    /// service's host, or a scope for another API.
    ///
    /// ## Where the fix lives
    /// The token request's resource, audience or scope.
    ///
    /// ## Example
    /// ```text
    /// AADSTS500011: The resource principal named https://contoso.com was not found in the tenant named Contoso.
    /// ```
    pub static ENTRA_WRONG_RESOURCE = {
        code: "AL107", name: "token-requested-for-unknown-resource", category: WrongAudience, severity: Error,
        title: "The token was requested for the wrong resource", check: wrong_resource,
    }
}
declare_rule! {
    /// ## What it means
    /// The sign-in went to a tenant that does not know the account, the app or the tenant id.
    ///
    /// ## Why it happens
    /// The common endpoint was used for a single-tenant app, a personal account was used, the
    /// tenant id is empty or from another cloud, or the user is not a guest of the tenant.
    ///
    /// ## Where the fix lives
    /// The authority URL or tenant setting; guest invitation or multi-tenant app setup.
    ///
    /// ## Example
    /// ```text
    /// AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found. This may happen if there are no active subscriptions for the tenant.
    /// ```
    pub static ENTRA_WRONG_TENANT = {
        code: "AL108", name: "sign-in-to-wrong-tenant", category: WrongTenant, severity: Error,
        title: "The sign-in went to the wrong tenant", check: wrong_tenant,
    }
}
declare_rule! {
    /// ## What it means
    /// The app's client secret or assertion was rejected by the token endpoint.
    ///
    /// ## Why it happens
    /// The secret's ID was pasted instead of its value, the secret was rotated but one
    /// consumer kept the old one, or the certificate used to sign the assertion is not
    /// registered on the app.
    ///
    /// ## Where the fix lives
    /// App registration → Certificates & secrets, and every place that stores the value.
    ///
    /// ## Example
    /// ```text
    /// {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID."}
    /// ```
    pub static ENTRA_CLIENT_SECRET_REJECTED = {
        code: "AL109", name: "client-credential-rejected", category: InvalidClientCredentials, severity: Error,
        title: "The app's client secret or assertion was rejected", check: client_secret_rejected,
    }
}
declare_rule! {
    /// ## What it means
    /// The app's client secret has passed its expiry date.
    ///
    /// ## Why it happens
    /// Client secrets are created with an expiry (at most 24 months); nobody rotated it in
    /// time.
    ///
    /// ## Where the fix lives
    /// App registration → Certificates & secrets → New client secret; then update every
    /// consumer.
    ///
    /// ## Example
    /// ```text
    /// AADSTS7000222: The provided client secret keys for app '00000000-0000-0000-0000-000000000001' are expired.
    /// ```
    pub static ENTRA_CLIENT_SECRET_EXPIRED = {
        code: "AL110", name: "client-secret-expired", category: ClientSecretExpired, severity: Error,
        title: "The app's client secret has expired", check: client_secret_expired,
    }
}
declare_rule! {
    /// ## What it means
    /// The certificate the app signs its client assertion with has expired.
    ///
    /// ## Why it happens
    /// Certificates have an end date; the registered key passed it.
    ///
    /// ## Where the fix lives
    /// App registration → Certificates & secrets → upload the renewed certificate, and
    /// install it where the client signs.
    ///
    /// ## Example
    /// ```text
    /// AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired.]
    /// ```
    pub static ENTRA_CERTIFICATE_EXPIRED = {
        code: "AL111", name: "client-certificate-expired", category: CertificateExpired, severity: Error,
        title: "The app's certificate has expired", check: certificate_expired,
    }
}
declare_rule! {
    /// ## What it means
    /// The application (client id) does not exist, or is disabled, in the tenant the sign-in
    /// went to.
    ///
    /// ## Why it happens
    /// A typo in the client id, an app registered in another tenant, or a deleted app.
    ///
    /// ## Where the fix lives
    /// The client id and tenant settings; register or consent the app in that tenant.
    ///
    /// ## Example
    /// ```text
    /// AADSTS700016: Application with identifier '00000000-0000-0000-0000-000000000003' was not found in the directory 'Contoso'.
    /// ```
    pub static ENTRA_APP_NOT_FOUND = {
        code: "AL112", name: "app-not-in-tenant", category: AppNotFound, severity: Error,
        title: "The application was not found in the tenant", check: app_not_found,
    }
}
declare_rule! {
    /// ## What it means
    /// The account behind the connection cannot sign in: disabled, locked, deleted, or a guest
    /// whose access was removed.
    ///
    /// ## Why it happens
    /// The person left, the account was blocked, or repeated wrong passwords locked it.
    ///
    /// ## Where the fix lives
    /// Re-create the connection with an active account (preferably a service principal).
    ///
    /// ## Example
    /// ```text
    /// AADSTS50057: The user account is disabled.
    /// ```
    pub static ENTRA_ACCOUNT_UNUSABLE = {
        code: "AL113", name: "account-disabled-or-missing", category: UserDisabledOrDeleted, severity: Error,
        title: "The account behind the connection cannot sign in", check: account_unusable,
    }
}
declare_rule! {
    /// ## What it means
    /// The user name or password stored in the connection is wrong.
    ///
    /// ## Why it happens
    /// The password changed, a typo, or a federated account that does not accept password
    /// sign-in from the service.
    ///
    /// ## Where the fix lives
    /// The credentials stored in the connection.
    ///
    /// ## Example
    /// ```text
    /// AADSTS50126: Error validating credentials due to invalid username or password.
    /// ```
    pub static ENTRA_WRONG_PASSWORD = {
        code: "AL114", name: "wrong-user-name-or-password", category: InvalidUserCredentials, severity: Error,
        title: "The user name or password is wrong", check: wrong_password,
    }
}
declare_rule! {
    /// ## What it means
    /// The app registration or connection is set up in a way the sign-in does not accept: a
    /// reply URL that does not match, a missing field, a response type not enabled.
    ///
    /// ## Why it happens
    /// The connection or custom connector was configured against an app registration that
    /// changed, or was never completed.
    ///
    /// ## Where the fix lives
    /// The app registration's settings and the connection; re-create the connection after the
    /// fix.
    ///
    /// ## Example
    /// ```text
    /// AADSTS50011: The reply URL specified in the request does not match the reply URLs configured for the application.
    /// ```
    pub static ENTRA_APP_MISCONFIGURED = {
        code: "AL115", name: "app-registration-mismatch", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "The app registration does not match the connection's settings", check: app_misconfigured,
    }
}
declare_rule! {
    /// ## What it means
    /// The token request carried no client secret or assertion at all.
    ///
    /// ## Why it happens
    /// The secret setting is empty, an expression produced nothing, or a Key Vault reference
    /// failed.
    ///
    /// ## Where the fix lives
    /// The action's or connector's authentication settings.
    ///
    /// ## Example
    /// ```text
    /// AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.
    /// ```
    pub static ENTRA_NO_CLIENT_CREDENTIAL = {
        code: "AL116", name: "client-credential-not-sent", category: MissingCredential, severity: Error,
        title: "No client secret or assertion was sent", check: no_client_credential,
    }
}
declare_rule! {
    /// ## What it means
    /// The sign-in service itself failed or throttled the client; the credentials are not the
    /// problem, even though the error comes from an authentication library.
    ///
    /// ## Why it happens
    /// Service incidents, or a client that asks for tokens in a tight loop.
    ///
    /// ## Where the fix lives
    /// Nowhere in your credentials: retry with back-off and check service health.
    ///
    /// ## Example
    /// ```text
    /// {"error":"temporarily_unavailable","error_description":"AADSTS90033: A transient error has occurred. Please try again."}
    /// ```
    pub static ENTRA_SERVICE_TRANSIENT = {
        code: "AL117", name: "sign-in-service-transient-error", category: ServiceOutageOrThrottling, severity: Warning,
        title: "The sign-in service had a transient problem", check: transient,
    }
}
declare_rule! {
    /// ## What it means
    /// The account signed in, but it is not assigned to the application, which requires
    /// assignment.
    ///
    /// ## Why it happens
    /// The enterprise application has "Assignment required" turned on and the user or group
    /// was never added.
    ///
    /// ## Where the fix lives
    /// Entra ID → Enterprise applications → the app → Users and groups.
    ///
    /// ## Example
    /// ```text
    /// AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access.
    /// ```
    pub static ENTRA_ROLE_ASSIGNMENT_REQUIRED = {
        code: "AL118", name: "user-not-assigned-to-app", category: InsufficientPermission, severity: Error,
        title: "The account is not assigned to the application", check: role_assignment,
    }
}
declare_rule! {
    /// ## What it means
    /// A client assertion or user assertion was presented after it had expired, and its own
    /// times are consistent, so the clock is fine: a stale assertion was reused.
    ///
    /// ## Why it happens
    /// A pipeline's federated (OIDC) token or an on-behalf-of user token lives for minutes;
    /// a long job presents it hours later.
    ///
    /// ## Where the fix lives
    /// The client: get a fresh assertion right before each token request.
    ///
    /// ## Example
    /// ```text
    /// AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-05-28T06:01:42.5853621Z, assertion valid from 2024-05-28T02:19:01.0000000Z, expiry time of assertion 2024-05-28T02:29:01.0000000Z.
    /// ```
    pub static ASSERTION_USED_AFTER_EXPIRY = {
        code: "AL119", name: "assertion-used-after-expiry", category: ExpiredOrRevokedCredential, severity: Error,
        title: "A short-lived assertion was used after it expired", check: assertion_expired,
    }
}
declare_rule! {
    /// ## What it means
    /// The times inside the client assertion cannot come from a correct UTC clock: it starts
    /// in 1970, starts in the future, or has an impossible lifetime.
    ///
    /// ## Why it happens
    /// The code that builds the assertion uses local time instead of UTC, or a machine clock
    /// is wrong.
    ///
    /// ## Where the fix lives
    /// The code or machine that creates the assertion: build nbf/exp from UTC Unix time.
    ///
    /// ## Example
    /// ```text
    /// AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-12-07T12:09:18.3149355Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 2024-12-07T11:14:18.0000000Z.
    /// ```
    pub static ASSERTION_CLOCK_WRONG = {
        code: "AL120", name: "assertion-built-with-wrong-clock", category: TokenNotYetValidOrClockSkew, severity: Error,
        title: "The assertion was built with a wrong clock", check: assertion_clock,
    }
}
declare_rule! {
    /// ## What it means
    /// The token endpoint answered `invalid_grant` without a more specific code: the refresh
    /// token, code or assertion is no longer accepted.
    ///
    /// ## Why it happens
    /// Expiry, revocation, a password change or a new MFA requirement; the AADSTS code, when
    /// present, tells which.
    ///
    /// ## Where the fix lives
    /// Re-authenticate where the connection lives.
    ///
    /// ## Example
    /// ```text
    /// Failed to refresh the token: invalid_grant
    /// ```
    pub static OAUTH_INVALID_GRANT = {
        code: "AL121", name: "oauth-invalid-grant", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The stored grant is no longer accepted", check: invalid_grant,
    }
}
declare_rule! {
    /// ## What it means
    /// The token endpoint answered `invalid_client`: the app's own credential was rejected.
    ///
    /// ## Why it happens
    /// A wrong, rotated or expired client secret or certificate.
    ///
    /// ## Where the fix lives
    /// App registration → Certificates & secrets.
    ///
    /// ## Example
    /// ```text
    /// {"error":"invalid_client","error_description":"Client authentication failed."}
    /// ```
    pub static OAUTH_INVALID_CLIENT = {
        code: "AL122", name: "oauth-invalid-client", category: InvalidClientCredentials, severity: Error,
        title: "The app's credential was rejected", check: invalid_client,
    }
}
declare_rule! {
    /// ## What it means
    /// The token endpoint needs the user to sign in interactively, usually for MFA.
    ///
    /// ## Why it happens
    /// A new MFA or Conditional Access requirement; a background run cannot show a prompt.
    ///
    /// ## Where the fix lives
    /// Sign in again interactively; the tenant admin for unattended work.
    ///
    /// ## Example
    /// ```text
    /// {"error":"interaction_required","error_description":"The user must sign in again."}
    /// ```
    pub static OAUTH_INTERACTION_REQUIRED = {
        code: "AL123", name: "oauth-interaction-required", category: MfaRequired, severity: Error,
        title: "The sign-in needs user interaction", check: interaction_required,
    }
}
declare_rule! {
    /// ## What it means
    /// The token endpoint answered `invalid_resource`: the resource asked for is unknown.
    ///
    /// ## Why it happens
    /// A wrong resource URL or scope in the token request.
    ///
    /// ## Where the fix lives
    /// The token request's resource / audience.
    ///
    /// ## Example
    /// ```text
    /// {"error":"invalid_resource","error_description":"The resource could not be found."}
    /// ```
    pub static OAUTH_INVALID_RESOURCE = {
        code: "AL124", name: "oauth-invalid-resource", category: WrongAudience, severity: Error,
        title: "The token was requested for an unknown resource", check: invalid_resource,
    }
}
declare_rule! {
    /// ## What it means
    /// The service answered with a claims challenge (`insufficient_claims`, `capolids`): a
    /// Conditional Access policy wants more from the token (MFA, a compliant device).
    ///
    /// ## Why it happens
    /// Continuous access evaluation or a step-up policy on the resource.
    ///
    /// ## Where the fix lives
    /// The tenant admin's Conditional Access policy; interactive sign-in satisfies it.
    ///
    /// ## Example
    /// ```text
    /// WWW-Authenticate: Bearer realm="", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="
    /// ```
    pub static CLAIMS_CHALLENGE = {
        code: "AL125", name: "claims-challenge", category: ConditionalAccessBlocked, severity: Error,
        title: "A Conditional Access claims challenge was returned", check: claims_challenge,
    }
}
