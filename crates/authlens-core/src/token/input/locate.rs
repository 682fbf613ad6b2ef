//! Tokens inside a container: a token endpoint response, an MSAL token cache entry,
//! `az account get-access-token` output, a HAR entry, a raw request or any larger paste. Finds
//! every token with the role its field gives it and picks the one to inspect: the access token
//! first, as an API receives it. A bare token or one header value is not a container: the
//! caller reads it as before.

use crate::span::Span;
use serde::Serialize;

/// What a token found in a container is for, as its field says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenRole {
    /// `access_token`, `accessToken`, an MSAL `AccessToken` secret: what an API receives.
    Access,
    /// `id_token`: who signed in, for the app; APIs refuse it.
    Id,
    /// `refresh_token`: opaque, exchanged for new access tokens.
    Refresh,
    /// The value of an `Authorization` header.
    Header,
    /// A JWT with no field naming it.
    Unnamed,
}

impl TokenRole {
    /// The wire name (`access`, `id`, `refresh`, `header`, `unnamed`), as serialised; also
    /// what a pick names.
    pub const fn wire(self) -> &'static str {
        match self {
            TokenRole::Access => "access",
            TokenRole::Id => "id",
            TokenRole::Refresh => "refresh",
            TokenRole::Header => "header",
            TokenRole::Unnamed => "unnamed",
        }
    }

    /// The role in words ("access token").
    pub const fn label(self) -> &'static str {
        match self {
            TokenRole::Access => "access token",
            TokenRole::Id => "ID token",
            TokenRole::Refresh => "refresh token",
            TokenRole::Header => "Authorization header",
            TokenRole::Unnamed => "token",
        }
    }

    /// What a person should know about a token of this role.
    pub const fn note(self) -> &'static str {
        match self {
            TokenRole::Access => "What the API receives: its audience, expiry and permissions decide the call.",
            TokenRole::Id => "Says who signed in, for the app that asked; an API refuses it (401). Send the access token instead.",
            TokenRole::Refresh => "Opaque: a refresh token is not a JWT and cannot be decoded; it is exchanged at the token endpoint for new access tokens. It is a long-lived secret: never paste it in a ticket.",
            TokenRole::Header => "The Authorization header value as sent.",
            TokenRole::Unnamed => "A token with no field naming its role.",
        }
    }

    /// Pick order: what an API call is decided by comes first.
    const fn rank(self) -> u8 {
        match self {
            TokenRole::Access => 0,
            TokenRole::Header => 1,
            TokenRole::Unnamed => 2,
            TokenRole::Id => 3,
            TokenRole::Refresh => 4,
        }
    }
}

/// One token of a container.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContainedToken {
    pub role: TokenRole,
    /// The field it came from (`access_token`, `secret`, `Authorization`); empty when unnamed.
    pub field: String,
    /// The token (or the whole header value) in the input.
    pub span: Span,
    /// A JWT (decodable) rather than an opaque string.
    pub jwt: bool,
}

/// Where the inspected token came from, and the other tokens beside it.
#[derive(Clone, Debug, Serialize)]
pub struct TokenSource {
    /// `token-response`, `msal-cache`, `az-cli`, `har`, `request`, `paste`.
    pub container: &'static str,
    /// The container in words ("a token endpoint response").
    pub label: &'static str,
    /// Every token found, in order of position.
    pub tokens: Vec<ContainedToken>,
    /// The index in `tokens` of the one inspected.
    pub picked: usize,
}

impl TokenSource {
    pub fn picked(&self) -> Option<&ContainedToken> {
        self.tokens.get(self.picked)
    }
}

/// Field names and the role they give (JSON of token endpoints, MSAL, the Azure CLI, ADAL).
const FIELDS: &[(&str, TokenRole)] = &[
    ("access_token", TokenRole::Access),
    ("accessToken", TokenRole::Access),
    ("AccessToken", TokenRole::Access),
    ("id_token", TokenRole::Id),
    ("idToken", TokenRole::Id),
    ("IdToken", TokenRole::Id),
    ("refresh_token", TokenRole::Refresh),
    ("refreshToken", TokenRole::Refresh),
    ("RefreshToken", TokenRole::Refresh),
    ("secret", TokenRole::Unnamed),
];

/// Characters a token value may hold (JWT, Entra refresh tokens, MSA compact tokens).
fn is_value_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-_.~+/=!*$%".contains(&c)
}

/// Every `"field": "value"` of [`FIELDS`], also inside escaped JSON (`\"field\":\"value\"`).
fn named(text: &str) -> Vec<ContainedToken> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (name, role) in FIELDS {
        let mut from = 0;
        while let Some(k) = text.get(from..).and_then(|h| h.find(name)) {
            let at = from + k;
            from = at + name.len();
            // The name is a whole JSON key: quotes (maybe escaped) right around it.
            let closed = match b.get(from) {
                Some(b'"') => Some(from + 1),
                Some(b'\\') if b.get(from + 1) == Some(&b'"') => Some(from + 2),
                _ => None,
            };
            let Some(mut i) = closed.filter(|_| at > 0 && b[at - 1] == b'"') else {
                continue;
            };
            let skip = |i: &mut usize, set: &[u8]| {
                while *i < b.len() && set.contains(&b[*i]) {
                    *i += 1;
                }
            };
            skip(&mut i, b" \t\r\n");
            if b.get(i) != Some(&b':') {
                continue;
            }
            i += 1;
            skip(&mut i, b" \t\r\n\\");
            if b.get(i) != Some(&b'"') {
                continue;
            }
            i += 1;
            let start = i;
            while i < b.len() && is_value_byte(b[i]) {
                i += 1;
            }
            // A token value, not a short word (`"secret": "hidden"`) or a marker.
            if i - start < 16 {
                continue;
            }
            let span = Span::new(start, i);
            let role = if *role == TokenRole::Unnamed {
                msal_role(text, at).unwrap_or(TokenRole::Unnamed)
            } else {
                *role
            };
            out.push(ContainedToken {
                role,
                field: (*name).to_string(),
                span,
                jwt: super::super::jwt::looks_like_jwt(span.slice(text)),
            });
        }
    }
    out
}

/// The role an MSAL cache entry's `credential_type` gives the `secret` at `at` (same object).
fn msal_role(text: &str, at: usize) -> Option<TokenRole> {
    let open = text.get(..at)?.rfind('{')?;
    let close = text.get(at..)?.find('}').map_or(text.len(), |c| at + c);
    let entry = text.get(open..close)?;
    let k = entry.find("credential_type")?;
    let rest = entry.get(k..)?;
    [
        ("AccessToken", TokenRole::Access),
        ("IdToken", TokenRole::Id),
        ("RefreshToken", TokenRole::Refresh),
    ]
    .iter()
    .find(|(t, _)| rest.get(..60).unwrap_or(rest).contains(t))
    .map(|(_, r)| *r)
}

fn container(text: &str, tokens: &[ContainedToken]) -> (&'static str, &'static str) {
    let has = |s: &str| text.contains(s);
    if has("credential_type") {
        ("msal-cache", "an MSAL token cache entry")
    } else if has("\"request\"") && has("\"headers\"") || has("\"log\"") && has("\"entries\"") {
        ("har", "a HAR entry")
    } else if has("accessToken") && (has("expiresOn") || has("tokenType")) {
        ("az-cli", "`az account get-access-token` output")
    } else if has("access_token") || has("token_type") || has("id_token") {
        ("token-response", "a token endpoint response")
    } else if tokens.iter().any(|t| t.role == TokenRole::Header) {
        (
            "request",
            "a request or a paste with an Authorization header",
        )
    } else {
        ("paste", "a paste holding tokens")
    }
}

/// The tokens of a container and the one to inspect, or `None` when `input` is one token or
/// header value (read directly). `pick`: a role label or field name the person chose
/// (`id-token`, `refresh_token`, ...); unknown picks fall back to the default order.
pub fn locate(input: &str, pick: Option<&str>) -> Option<TokenSource> {
    let mut tokens = named(input);
    let trimmed = input.trim();
    if tokens.is_empty() && !trimmed.contains('\n') && !trimmed.starts_with(['{', '[']) {
        // One line with no token field: a token, a header value, a JSON pair, a cURL `-H`.
        return None;
    }
    for f in super::super::find_tokens(input) {
        let span = f.header_value.unwrap_or(f.span);
        // Already known by its field (a JWT inside `"access_token": "…"`).
        if tokens
            .iter()
            .any(|t| t.span.start <= f.span.start && f.span.end <= t.span.end)
        {
            continue;
        }
        let header = f.header_value.is_some();
        tokens.push(ContainedToken {
            role: if header {
                TokenRole::Header
            } else {
                TokenRole::Unnamed
            },
            field: if header {
                "Authorization".into()
            } else {
                String::new()
            },
            span,
            jwt: super::super::jwt::looks_like_jwt(f.span.slice(input)),
        });
    }
    if tokens.is_empty() {
        return None;
    }
    // One token that is (nearly) the whole paste: no container, read it as before.
    if tokens.len() == 1 {
        let t = &tokens[0];
        let outside = input.len() - t.span.len();
        let named_field = !t.field.is_empty() && t.role != TokenRole::Header;
        if !named_field && outside <= 40 && !trimmed.contains("\n\n") {
            return None;
        }
    }
    crate::order::sort_by_key(&mut tokens, |t| t.span.start);
    tokens.dedup_by(|a, b| a.span == b.span);
    let (container, label) = container(input, &tokens);
    let chosen = pick.and_then(|p| find_pick(&tokens, p));
    let picked = chosen.or_else(|| {
        (0..tokens.len()).min_by_key(|&i| (tokens[i].role.rank(), !tokens[i].jwt, i))
    })?;
    Some(TokenSource {
        container,
        label,
        tokens,
        picked,
    })
}

/// The token `pick` names: a field name, a role, `role:offset` (the page's buttons) or
/// `role#n`.
pub(crate) fn find_pick(tokens: &[ContainedToken], pick: &str) -> Option<usize> {
    tokens
        .iter()
        .position(|t| {
            t.field == pick
                || t.role.wire() == pick
                || format!("{}:{}", t.role.wire(), t.span.start) == pick
        })
        .or_else(|| nth_of_role(tokens, pick))
}

/// The token a `role#n` pick names: the `n`-th (from 0, in order of position) of that role.
/// Unlike `role:offset` it survives redaction, which shortens what comes before a token (a
/// share link carries this form).
fn nth_of_role(tokens: &[ContainedToken], pick: &str) -> Option<usize> {
    let (role, n) = pick.split_once('#')?;
    let n: usize = n.parse().ok()?;
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.role.wire() == role)
        .nth(n)
        .map(|(i, _)| i)
}

impl TokenSource {
    /// The picked token as a `role#n` pick (see [`locate`]), which names the same token in
    /// the redacted copy of the input.
    pub fn stable_pick(&self) -> Option<String> {
        let p = self.picked()?;
        let n = self
            .tokens
            .iter()
            .take(self.picked)
            .filter(|t| t.role == p.role)
            .count();
        Some(format!("{}#{n}", p.role.wire()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";

    #[test]
    fn a_bare_token_or_header_is_no_container() {
        assert!(locate(JWT, None).is_none());
        assert!(locate(&format!("Bearer {JWT}"), None).is_none());
        assert!(locate(&format!("Authorization: Bearer {JWT}\n"), None).is_none());
        assert!(locate(&format!("\"Authorization\": \"Bearer {JWT}\""), None).is_none());
    }

    #[test]
    fn a_token_response_picks_the_access_token_and_lists_the_others() {
        let rt = format!("0.AXoA{}", "abcDEF123_-".repeat(8));
        let text = format!(
            r#"{{"token_type":"Bearer","scope":"User.Read","expires_in":3599,"access_token":"{JWT}","refresh_token":"{rt}","id_token":"{JWT}x"}}"#
        );
        let s = locate(&text, None).unwrap();
        assert_eq!(s.container, "token-response");
        let p = s.picked().unwrap();
        assert_eq!(
            (p.role, p.field.as_str()),
            (TokenRole::Access, "access_token")
        );
        assert_eq!(p.span.slice(&text), JWT);
        let roles: Vec<_> = s.tokens.iter().map(|t| t.role).collect();
        assert!(roles.contains(&TokenRole::Refresh) && roles.contains(&TokenRole::Id));
        let s = locate(&text, Some("id")).unwrap();
        assert_eq!(s.picked().unwrap().role, TokenRole::Id);
        let s = locate(&text, Some("refresh_token")).unwrap();
        assert!(!s.picked().unwrap().jwt);
    }

    #[test]
    fn msal_az_and_har_shapes() {
        let msal = format!(
            r#"{{"AccessToken":{{"k":{{"credential_type":"AccessToken","secret":"{JWT}","target":"User.Read"}}}},"IdToken":{{"k2":{{"credential_type":"IdToken","secret":"{JWT}y"}}}}}}"#
        );
        let s = locate(&msal, None).unwrap();
        assert_eq!(s.container, "msal-cache");
        assert_eq!(s.picked().unwrap().span.slice(&msal), JWT);
        assert!(s.tokens.iter().any(|t| t.role == TokenRole::Id));

        let az = format!(
            "{{\n  \"accessToken\": \"{JWT}\",\n  \"expiresOn\": \"2026-11-30 09:00:00.000000\",\n  \"tokenType\": \"Bearer\"\n}}"
        );
        let s = locate(&az, None).unwrap();
        assert_eq!(s.container, "az-cli");
        assert_eq!(s.picked().unwrap().span.slice(&az), JWT);

        let har = format!(
            r#"{{"request":{{"method":"GET","url":"https://graph.microsoft.com/v1.0/me","headers":[{{"name":"Authorization","value":"Bearer {JWT}"}}]}},"response":{{"status":401,"headers":[]}}}}"#
        );
        let s = locate(&har, None).unwrap();
        assert_eq!(s.container, "har");
        let p = s.picked().unwrap();
        assert_eq!(p.role, TokenRole::Header);
        assert_eq!(p.span.slice(&har), format!("Bearer {JWT}"));
    }

    #[test]
    fn escaped_json_and_short_values_are_read_right() {
        let text = format!(r#"{{"body":"{{\"access_token\":\"{JWT}\",\"secret\":\"x\"}}"}}"#);
        let s = locate(&text, None).unwrap();
        assert_eq!(s.tokens.len(), 1);
        assert_eq!(s.picked().unwrap().span.slice(&text), JWT);
    }
}
