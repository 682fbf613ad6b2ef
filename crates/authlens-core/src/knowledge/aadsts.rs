//! Microsoft Entra (AADSTS) error codes that automation runs hit, with their meaning in plain
//! words and the failure category each one points to. Sorted by code; a test keeps it so.

use crate::category::Category::{self, *};

pub struct Entry {
    pub code: u32,
    pub category: Category,
    pub meaning: &'static str,
}

const fn e(code: u32, category: Category, meaning: &'static str) -> Entry {
    Entry {
        code,
        category,
        meaning,
    }
}

pub static CATALOG: &[Entry] = &[
    e(16000, WrongTenant, "the signed-in account is not in the tenant the app asked for, or several accounts are signed in and none fits"),
    e(28002, WrongAudience, "the scope requested is not valid for an access token request"),
    e(50000, ServiceOutageOrThrottling, "the sign-in service had a problem of its own; retry later"),
    e(50001, WrongAudience, "the resource (the API the token is for) does not exist or is disabled in this tenant"),
    e(50005, ConditionalAccessBlocked, "a Conditional Access policy blocks sign-in from this platform or client"),
    e(50011, ConnectionNotFoundOrMisconfigured, "the reply (redirect) URL sent does not match one registered on the app"),
    e(50012, InvalidClientCredentials, "the client secret or assertion was rejected"),
    e(50013, ExpiredOrRevokedCredential, "the assertion presented is invalid: expired, malformed, or issued for another audience or tenant"),
    e(50020, WrongTenant, "the account comes from another identity provider or tenant and is not a guest of this one"),
    e(50034, UserDisabledOrDeleted, "the user account does not exist in this directory (deleted, renamed, or never added)"),
    e(50053, UserDisabledOrDeleted, "the account is locked after too many wrong passwords, or sign-in from this IP is blocked"),
    e(50055, ExpiredOrRevokedCredential, "the account's password has expired and must be changed before it can sign in"),
    e(50056, InvalidUserCredentials, "the account has no password in the directory, or the one sent is empty"),
    e(50057, UserDisabledOrDeleted, "the user account is disabled"),
    e(50058, ExpiredOrRevokedCredential, "a silent sign-in found no valid session: the user must sign in again"),
    e(50059, WrongTenant, "no tenant could be identified from the request"),
    e(50072, MfaRequired, "the user must register for multi-factor authentication before signing in"),
    e(50074, MfaRequired, "strong authentication (MFA) is required"),
    e(50076, MfaRequired, "a policy or a new location now requires multi-factor authentication"),
    e(50078, MfaRequired, "the earlier MFA has expired and must be done again"),
    e(50079, MfaRequired, "the user must enrol in and use multi-factor authentication"),
    e(50089, ExpiredOrRevokedCredential, "the sign-in flow token expired before it was used"),
    e(50097, ConditionalAccessBlocked, "device authentication is required by policy"),
    e(50105, InsufficientPermission, "the user is not assigned to the application (assignment required)"),
    e(50126, InvalidUserCredentials, "the user name or password is wrong"),
    e(50128, WrongTenant, "the domain name does not match any tenant"),
    e(50131, ConditionalAccessBlocked, "a Conditional Access policy failed"),
    e(50132, PasswordChanged, "the session is no longer valid after a password change or expiry"),
    e(50133, PasswordChanged, "the session was revoked after a password change or expiry"),
    e(50144, ExpiredOrRevokedCredential, "the user's on-premises Active Directory password has expired"),
    e(50158, MfaRequired, "an external security challenge (such as a third-party MFA provider) was not satisfied"),
    e(50173, PasswordChanged, "the grant was revoked: it was issued before the user's password was changed or reset"),
    e(50194, WrongTenant, "the app is single-tenant but was used with another tenant's (or the common) endpoint"),
    e(50196, ServiceOutageOrThrottling, "the client is requesting tokens in a loop and is being throttled"),
    e(51004, UserDisabledOrDeleted, "the user account does not exist in the directory"),
    e(53000, ConditionalAccessBlocked, "Conditional Access requires a compliant or managed device"),
    e(53001, ConditionalAccessBlocked, "Conditional Access requires a domain-joined device"),
    e(53002, ConditionalAccessBlocked, "Conditional Access requires an approved client app"),
    e(53003, ConditionalAccessBlocked, "a Conditional Access policy blocked token issuance"),
    e(53004, ConditionalAccessBlocked, "the user must complete MFA registration, which policy currently blocks"),
    e(54005, ExpiredOrRevokedCredential, "the authorization code was already used; a new one is needed"),
    e(65001, ConsentRequired, "the user or an administrator has not consented to the app's permissions"),
    e(65002, ConsentRequired, "consent between these two Microsoft apps must be configured by pre-authorisation"),
    e(65004, ConsentRequired, "the user declined to consent to the app"),
    e(65005, ConsentRequired, "the app asks for access to a resource its registration does not list, or consent is missing"),
    e(70000, ExpiredOrRevokedCredential, "the grant (code or refresh token) is invalid, expired or revoked"),
    e(70001, AppNotFound, "the application is disabled or not available in this tenant"),
    e(70002, InvalidClientCredentials, "the credentials sent to the token endpoint could not be validated (a wrapper: the code after it says why)"),
    e(70008, ExpiredOrRevokedCredential, "the authorization code or refresh token has expired or been revoked"),
    e(70011, WrongAudience, "the scope requested is invalid for the resource"),
    e(70043, ConditionalAccessBlocked, "the refresh token failed a Conditional Access sign-in frequency check"),
    e(70044, ConditionalAccessBlocked, "the session expired under a Conditional Access sign-in frequency policy"),
    e(90002, WrongTenant, "the tenant in the sign-in URL does not exist in this cloud"),
    e(90009, WrongAudience, "the app asked for a token for itself: the resource must be another API"),
    e(90014, ConnectionNotFoundOrMisconfigured, "a required field is missing from the token request"),
    e(90033, ServiceOutageOrThrottling, "a transient error in the sign-in service; retry"),
    e(90072, WrongTenant, "the account from another identity provider is not in this tenant"),
    e(90094, ConsentRequired, "an administrator must consent to the permissions the app asks for"),
    e(90102, ConnectionNotFoundOrMisconfigured, "the redirect URI is not valid"),
    e(135011, ConditionalAccessBlocked, "the device used to sign in is disabled in the directory"),
    e(500011, WrongAudience, "the resource the token was requested for was not found in this tenant (wrong resource URL or tenant)"),
    e(500113, ConnectionNotFoundOrMisconfigured, "the app has no reply address registered"),
    e(500133, ExpiredOrRevokedCredential, "the presented assertion (a token used to get another token) is outside its validity time: usually expired"),
    e(500200, WrongTenant, "a personal Microsoft account was used where a work or school account is required"),
    e(500571, UserDisabledOrDeleted, "the guest account is disabled in the resource tenant"),
    e(530003, ConditionalAccessBlocked, "Conditional Access requires a managed or compliant device for this resource"),
    e(530032, ConditionalAccessBlocked, "the sign-in was blocked by a security policy of the tenant"),
    e(650052, ConsentRequired, "the app needs access to a service the organisation has not subscribed to or consented to"),
    e(650054, ConsentRequired, "the app asks for a permission on a resource that was removed or is no longer available"),
    e(650056, ConsentRequired, "the app is misconfigured or lacks consent for the permissions requested"),
    e(650057, ConsentRequired, "the app asked for a resource that is not in its configured permissions"),
    e(700003, ConditionalAccessBlocked, "the device object was not found in the tenant: device-based policies cannot be satisfied"),
    e(700005, WrongTenant, "the authorization code was issued for another tenant"),
    e(700016, AppNotFound, "the application (client id) was not found in the tenant"),
    e(700022, WrongAudience, "the scope names more than one resource; a token is for one resource only"),
    e(700024, TokenNotYetValidOrClockSkew, "the client assertion is outside its validity time (expired, or built with a wrong clock)"),
    e(700025, ConnectionNotFoundOrMisconfigured, "the app is registered as a public client, so no secret or assertion may be sent"),
    e(700027, InvalidClientCredentials, "the client assertion's signature is invalid (wrong or expired certificate)"),
    e(700054, ConnectionNotFoundOrMisconfigured, "the response type requested is not enabled for the app"),
    e(700082, RefreshTokenInactivity, "the refresh token expired because it was not used for its inactivity window (90 days by default)"),
    e(700084, ExpiredOrRevokedCredential, "a refresh token issued to a single-page app reached its fixed lifetime"),
    e(900144, ConnectionNotFoundOrMisconfigured, "a required parameter (such as grant_type or client_id) is missing from the token request"),
    e(7000112, AppNotFound, "the application is disabled"),
    e(7000215, InvalidClientCredentials, "the client secret sent is wrong (often the secret's ID was used instead of its value)"),
    e(7000218, MissingCredential, "the token request carried no client secret or assertion"),
    e(7000222, ClientSecretExpired, "the app's client secret has expired"),
    e(9002313, ConnectionNotFoundOrMisconfigured, "the token request is malformed"),
];

pub fn lookup(code: u32) -> Option<&'static Entry> {
    CATALOG
        .binary_search_by_key(&code, |e| e.code)
        .ok()
        .map(|i| &CATALOG[i])
}

/// Codes that only wrap a more specific one ("Error validating credentials").
pub const WRAPPERS: &[u32] = &[70002];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_unique() {
        assert!(CATALOG.windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn covers_the_taxonomy_examples() {
        let doc = include_str!("../../../../docs/taxonomy.md");
        for (_, digits) in crate::text::prefixed_numbers(doc, "AADSTS") {
            let code: u32 = digits.parse().unwrap_or(0);
            assert!(
                lookup(code).is_some(),
                "AADSTS{code} from the taxonomy is not in the catalog"
            );
        }
    }
}
