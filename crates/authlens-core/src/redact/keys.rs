//! The maintained list of secret-bearing names. A name is compared normalised: ASCII lowercase,
//! without `-`, `_`, `.`, `$` and spaces, so `client_secret`, `clientSecret`, `Client-Secret` and
//! `CLIENT.SECRET` are one name.

/// How a name's value is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// Not a secret name.
    No,
    /// Its value is a secret in every notation (JSON, headers, forms, queries).
    Secret,
    /// A secret only as `name=value` (query strings, forms) or as the name of a key/value pair:
    /// in JSON `"code"` is an error code and `"key"` is Postman's name field.
    QueryOnly,
    /// `Authorization`-like: the scheme word stays visible, the credential after it goes.
    Authorization,
}

/// Whole names (normalised) whose values are secrets.
fn exact(n: &[u8]) -> bool {
    matches!(
        n,
        b"password"
            | b"passwd"
            | b"pwd"
            | b"secret"
            | b"token"
            | b"apikey"
            | b"signature"
            | b"sig"
            | b"credential"
            | b"credentials"
            | b"cookie"
            | b"cookies"
            | b"setcookie"
            | b"private"
            | b"clientsecret"
            | b"codeverifier"
            | b"secrettext"
            | b"primarykey"
            | b"secondarykey"
            | b"sharedaccesskey"
            | b"accountkey"
            | b"xauthtoken"
            | b"xzumoauth"
            | b"privatetoken"
            | b"refreshtoken"
            | b"accesstoken"
            | b"idtoken"
            | b"clientassertion"
            | b"assertion"
            | b"pfx"
            | b"samlresponse"
            | b"xamzsignature"
            | b"xamzsecuritytoken"
            | b"xamzcredential"
            | b"awssecretaccesskey"
            | b"sastoken"
            | b"sharedaccesssignature"
            | b"passphrase"
            | b"passcode"
    )
}

/// Name endings that make a secret name (`adminPassword`, `webhookSecret`, `x-api-key`,
/// `sessionToken`, `storageAccountKey`, `oauth_signature`, `azureCredentials`).
const SUFFIXES: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "key",
    "signature",
    "credential",
    "credentials",
    "cookie",
    "secrettext",
];

/// Names that end like a secret name but hold none.
fn not_secret(n: &[u8]) -> bool {
    matches!(
        n,
        b"publickey"
            | b"partitionkey"
            | b"rowkey"
            | b"sortkey"
            | b"routingkey"
            | b"idempotencykey"
            | b"foreignkey"
            | b"hashkey"
            | b"primarykeyname"
            | b"sigalg"
            | b"cachekey"
            | b"objectkey"
            | b"messagekey"
            | b"resourcekey"
            | b"localizationkey"
            | b"translationkey"
            | b"lookupkey"
            | b"searchkey"
            | b"groupkey"
            | b"eventkey"
            | b"tokentype"
    )
}

/// Names secret only as `name=value` or as a pair's name.
fn query_only(n: &[u8]) -> bool {
    matches!(n, b"code" | b"key")
}

fn authorization(n: &[u8]) -> bool {
    matches!(
        n,
        b"authorization" | b"proxyauthorization" | b"xmsauthorization"
    )
}

/// Longest name compared; longer words are never keys.
const MAX_NAME: usize = 64;

/// Normalises `name` into `buf`; `None` when it is too long or not ASCII.
fn normalise<'a>(name: &[u8], buf: &'a mut [u8; MAX_NAME]) -> Option<&'a [u8]> {
    let mut n = 0;
    for &c in name {
        if matches!(c, b'-' | b'_' | b'.' | b'$' | b' ') {
            continue;
        }
        if !c.is_ascii_alphanumeric() || n == MAX_NAME {
            return None;
        }
        buf[n] = c.to_ascii_lowercase();
        n += 1;
    }
    Some(&buf[..n])
}

/// A suffix match needs the name to end like one of [`SUFFIXES`]: a cheap first test, as
/// every word followed by `=` or `:` in a paste is classified.
fn may_end_like_secret(n: &[u8]) -> bool {
    matches!(
        n.last(),
        Some(b'd' | b'e' | b't' | b'n' | b'y' | b'l' | b's')
    )
}

/// The class of a name as written in the paste.
pub(crate) fn classify(name: &[u8]) -> Class {
    if name.len() > MAX_NAME * 2 {
        return Class::No;
    }
    let mut buf = [0u8; MAX_NAME];
    let Some(n) = normalise(name, &mut buf) else {
        return Class::No;
    };
    if n.is_empty() {
        return Class::No;
    }
    if authorization(n) {
        return Class::Authorization;
    }
    if query_only(n) {
        return Class::QueryOnly;
    }
    if exact(n) {
        return Class::Secret;
    }
    if not_secret(n) {
        return Class::No;
    }
    if may_end_like_secret(n) && SUFFIXES.iter().any(|s| n.ends_with(s.as_bytes())) {
        return Class::Secret;
    }
    Class::No
}

/// True when a value named `name` is a secret in some notation (the page uses this to mark
/// fields; the pair rule of [`super::structure`] uses it for pair names).
pub fn is_secret_name(name: &str) -> bool {
    classify(name.as_bytes()) != Class::No
}

/// Members of a JWK that are private key material (RFC 7518 §6.3.2, §6.4.1).
pub(crate) fn is_jwk_private(name: &[u8]) -> bool {
    matches!(
        name,
        b"d" | b"p" | b"q" | b"dp" | b"dq" | b"qi" | b"k" | b"oth"
    )
}

/// A word that, right before a long random string, says the string is a secret
/// (`Client secret value 8Q~…`, `API key: …` in prose).
pub(crate) fn is_secret_word(word: &[u8]) -> bool {
    let mut buf = [0u8; MAX_NAME];
    let Some(n) = normalise(word, &mut buf) else {
        return false;
    };
    !n.is_empty()
        && !not_secret(n)
        && (exact(n)
            || n == b"key"
            || SUFFIXES.iter().any(|s| n.ends_with(s.as_bytes()))
            || authorization(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_normalised() {
        for n in [
            "client_secret",
            "clientSecret",
            "Client-Secret",
            "X-API-Key",
            "Ocp-Apim-Subscription-Key",
            "adminPassword",
            "SharedAccessKey",
            "X-ZUMO-AUTH",
            "Private-Token",
            "secretText",
            "aws_secret_access_key",
            "oauth_signature",
        ] {
            assert_eq!(classify(n.as_bytes()), Class::Secret, "{n}");
        }
        for n in [
            "publicKey",
            "partitionKey",
            "keyId",
            "token_type",
            "error",
            "kid",
        ] {
            assert_eq!(classify(n.as_bytes()), Class::No, "{n}");
        }
        assert_eq!(classify(b"code"), Class::QueryOnly);
        assert_eq!(classify(b"Authorization"), Class::Authorization);
    }
}
