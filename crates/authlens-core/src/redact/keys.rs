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
const EXACT: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "apikey",
    "signature",
    "sig",
    "credential",
    "credentials",
    "cookie",
    "cookies",
    "setcookie",
    "private",
    "clientsecret",
    "codeverifier",
    "secrettext",
    "primarykey",
    "secondarykey",
    "sharedaccesskey",
    "accountkey",
    "xauthtoken",
    "xzumoauth",
    "privatetoken",
    "refreshtoken",
    "accesstoken",
    "idtoken",
    "clientassertion",
    "assertion",
    "pfx",
    "samlresponse",
    "xamzsignature",
    "xamzsecuritytoken",
    "xamzcredential",
    "awssecretaccesskey",
    "sastoken",
    "sharedaccesssignature",
    "passphrase",
    "passcode",
];

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
const NOT_SECRET: &[&str] = &[
    "publickey",
    "partitionkey",
    "rowkey",
    "sortkey",
    "routingkey",
    "idempotencykey",
    "foreignkey",
    "hashkey",
    "primarykeyname",
    "sigalg",
    "cachekey",
    "objectkey",
    "messagekey",
    "resourcekey",
    "localizationkey",
    "translationkey",
    "lookupkey",
    "searchkey",
    "groupkey",
    "eventkey",
    "tokentype",
];

/// Names secret only as `name=value` or as a pair's name.
const QUERY_ONLY: &[&str] = &["code", "key"];

const AUTHORIZATION: &[&str] = &["authorization", "proxyauthorization", "xmsauthorization"];

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

fn listed(list: &[&str], name: &[u8]) -> bool {
    list.iter().any(|k| k.as_bytes() == name)
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
    if listed(AUTHORIZATION, n) {
        return Class::Authorization;
    }
    if listed(QUERY_ONLY, n) {
        return Class::QueryOnly;
    }
    if listed(EXACT, n) {
        return Class::Secret;
    }
    if listed(NOT_SECRET, n) {
        return Class::No;
    }
    if SUFFIXES.iter().any(|s| n.ends_with(s.as_bytes())) {
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
        && !listed(NOT_SECRET, n)
        && (listed(EXACT, n)
            || n == b"key"
            || SUFFIXES.iter().any(|s| n.ends_with(s.as_bytes()))
            || listed(AUTHORIZATION, n))
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
