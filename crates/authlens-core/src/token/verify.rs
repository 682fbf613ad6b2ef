//! The `alg` and `signature` checks, and optional verification with a pasted key (feature
//! `verify`). Verification needs no randomness.

use super::input::PreparedToken;
use super::{Check, CheckStatus as S, TokenContext, TokenReport};
use serde::{Deserialize, Serialize};

/// The result of checking a signature with a pasted key. Public and serializable so the check
/// can run elsewhere ([`super::check_key`], e.g. in the page's lazily loaded verifier) and its
/// result be handed back to [`super::inspect_with`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyOutcome {
    Verified(String),
    Mismatch(String),
    /// The token's alg is HMAC but the key is a public key (or the reverse).
    Confusion(String),
    /// The key's type does not fit the alg (RSA key for ES256...).
    KeyType(String),
    /// The key could not be used (unreadable, no matching kid, unsupported).
    NotChecked(String),
}

fn alg_description(alg: &str) -> Option<&'static str> {
    Some(match alg {
        "RS256" => "RSA signature with SHA-256 (what Entra ID uses)",
        "RS384" => "RSA signature with SHA-384",
        "RS512" => "RSA signature with SHA-512",
        "PS256" => "RSA-PSS signature with SHA-256",
        "PS384" => "RSA-PSS signature with SHA-384",
        "PS512" => "RSA-PSS signature with SHA-512",
        "ES256" => "ECDSA P-256 signature with SHA-256",
        "ES384" => "ECDSA P-384 signature with SHA-384",
        "ES512" => "ECDSA P-521 signature with SHA-512",
        "HS256" => "HMAC with SHA-256 (shared secret)",
        "HS384" => "HMAC with SHA-384 (shared secret)",
        "HS512" => "HMAC with SHA-512 (shared secret)",
        "EdDSA" => "Edwards-curve signature",
        _ => return None,
    })
}

/// The `alg` header of a decoded JWT ("" when missing).
fn alg_of(header: &serde_json::Value) -> String {
    header
        .get("alg")
        .and_then(|a| a.as_str())
        .unwrap_or("")
        .to_string()
}

/// `checked`: the outcome of checking `ctx.key` done elsewhere; `None` checks it here.
pub fn signature_checks(
    token: &PreparedToken,
    ctx: &TokenContext,
    report: &mut TokenReport,
    checked: Option<KeyOutcome>,
) {
    if report.kind != "jwt" {
        return;
    }
    let header = report.header.clone().unwrap_or_default();
    let alg = alg_of(&header);
    let nonce = header.get("nonce").is_some();
    let from_entra = report
        .facts
        .as_ref()
        .and_then(|f| f.iss.as_deref())
        .is_some_and(|i| i.contains("sts.windows.net") || i.contains("login.microsoftonline"));
    let sig_segment = token.text.rsplit('.').next().unwrap_or("");

    if alg.is_empty() {
        report.push(Check::new(
            "alg",
            S::Fail,
            "The header has no `alg`: no API can check the signature, so every API rejects it.",
        ));
    } else if alg.eq_ignore_ascii_case("none") {
        report.push(Check::new(
            "alg",
            S::Fail,
            "`alg` is `none`: the token is unsigned, anyone could have written it. Every API must \
             reject it.",
        ));
        report.push(Check::new(
            "signature",
            S::Fail,
            "Unsigned token (`alg: none`): there is no signature to verify.",
        ));
        return;
    }

    let not_shown = super::jwt::signature_not_shown(sig_segment);

    let outcome = ctx
        .key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty() && !not_shown)
        .map(|key| match checked {
            Some(outcome) => outcome,
            None => check_with_key(token, &alg, &header, key, sig_segment),
        });

    match &outcome {
        Some(KeyOutcome::Confusion(m)) | Some(KeyOutcome::KeyType(m)) => {
            report.push(Check::new("alg", S::Fail, m.clone()));
        }
        _ => {}
    }
    if alg.starts_with("HS") && from_entra {
        report.push(Check::new(
            "alg",
            S::Fail,
            format!(
                "`alg` is {alg} (a shared secret) on a token whose issuer is Entra ID: Entra ID \
                 signs access tokens with RS256 only. This token was not issued by Entra ID."
            ),
        ));
    } else if let Some(d) = alg_description(&alg) {
        report.push(Check::new("alg", S::Pass, format!("`alg` is {alg}: {d}.")));
    } else if !alg.is_empty() {
        report.push(Check::new(
            "alg",
            S::Warn,
            format!("`alg` is `{alg}`, which is not a standard JWS algorithm."),
        ));
    }

    let by_design = "Not verifiable by design: this token has a `nonce` in its header, as \
        Microsoft Graph (and SharePoint) tokens do. Only the resource itself can check such a \
        signature; a failed check here does not mean the token was tampered with.";
    match outcome {
        None if not_shown => report.push(Check::new(
            "signature",
            S::Unknown,
            "Not shown: the signature was removed when this paste was redacted for sharing, so \
             it cannot be verified here. Whoever shared it can check it against the original token.",
        )),
        None if nonce => report.push(Check::new("signature", S::Unknown, by_design)),
        None => report.push(Check::new(
            "signature",
            S::Unknown,
            "Decoded, not verified: the signature was not checked. Paste the issuer's public key \
             (JWK, JWKS or PEM certificate) to check it; the API checks it anyway.",
        )),
        Some(KeyOutcome::Verified(m)) => {
            report.verified = true;
            report.push(Check::new("signature", S::Pass, m));
        }
        Some(KeyOutcome::Mismatch(_)) if nonce => {
            report.push(Check::new("signature", S::Unknown, by_design))
        }
        Some(KeyOutcome::Mismatch(m)) | Some(KeyOutcome::Confusion(m)) => {
            report.push(Check::new("signature", S::Fail, m))
        }
        Some(KeyOutcome::KeyType(_)) => report.push(Check::new(
            "signature",
            S::Unknown,
            "Not checked: the pasted key's type does not fit the token's algorithm (see alg).",
        )),
        Some(KeyOutcome::NotChecked(m)) => report.push(Check::new("signature", S::Unknown, m)),
    }
}

/// The key check alone, for [`super::check_key`]: `None` where [`signature_checks`] ignores the
/// key (not a JWT, `alg: none`, an empty key).
#[cfg(feature = "verify")]
pub fn key_outcome(token: &PreparedToken, report: &TokenReport, key: &str) -> Option<KeyOutcome> {
    let key = key.trim();
    if report.kind != "jwt" || key.is_empty() {
        return None;
    }
    let header = report.header.clone().unwrap_or_default();
    let alg = alg_of(&header);
    if alg.eq_ignore_ascii_case("none") {
        return None;
    }
    let sig_segment = token.text.rsplit('.').next().unwrap_or("");
    Some(check_with_key(token, &alg, &header, key, sig_segment))
}

#[cfg(not(feature = "verify"))]
fn check_with_key(
    _token: &PreparedToken,
    _alg: &str,
    _header: &serde_json::Value,
    _key: &str,
    _sig: &str,
) -> KeyOutcome {
    KeyOutcome::NotChecked(
        "Not checked: this build of AuthLens has no signature verification (feature `verify`)."
            .into(),
    )
}

#[cfg(feature = "verify")]
fn check_with_key(
    token: &PreparedToken,
    alg: &str,
    header: &serde_json::Value,
    key: &str,
    sig_segment: &str,
) -> KeyOutcome {
    use imp::*;
    let kid = header.get("kid").and_then(|k| k.as_str());
    let keys = match parse_keys(key) {
        Ok(k) => k,
        Err(m) => return KeyOutcome::NotChecked(m),
    };
    let hmac = alg.starts_with("HS");
    let asym_keys = keys.iter().any(|k| !matches!(k.key, Key::Secret(_)));
    if hmac && asym_keys {
        return KeyOutcome::Confusion(format!(
            "Algorithm confusion: the token says {alg} (HMAC, a shared secret) but the key is a \
             public key. Using a public key as an HMAC secret is a known forgery trick; a correct \
             verifier refuses it, and so does AuthLens."
        ));
    }
    if !hmac && keys.iter().all(|k| matches!(k.key, Key::Secret(_))) {
        return KeyOutcome::NotChecked(format!(
            "Not checked: the pasted key is not a JWK, JWKS, PEM public key or certificate, and a \
             plain secret only works for HS256/384/512 (this token is {alg})."
        ));
    }
    // Pick candidates: the one with the token's kid when there is a kid and keys have kids.
    let with_kid: Vec<&Cand> = match kid {
        Some(kid) if keys.iter().any(|k| k.kid.is_some()) => {
            let found: Vec<&Cand> = keys
                .iter()
                .filter(|k| k.kid.as_deref() == Some(kid))
                .collect();
            if found.is_empty() {
                let kids: Vec<&str> = keys.iter().filter_map(|k| k.kid.as_deref()).collect();
                return KeyOutcome::NotChecked(format!(
                    "Not checked: no key with kid `{kid}` among the pasted keys ({}). Signing \
                     keys rotate: fetch the current JWKS from the issuer's jwks_uri.",
                    kids.join(", ")
                ));
            }
            found
        }
        _ => keys.iter().collect(),
    };
    let Some(signing_input) = token.text.rsplit_once('.').map(|(a, _)| a) else {
        return KeyOutcome::NotChecked("Not checked: the token has no signature segment.".into());
    };
    let Ok(sig) = crate::b64::decode(sig_segment) else {
        return KeyOutcome::NotChecked("Not checked: the signature is not valid base64url.".into());
    };
    let mut last_type_error = None;
    for cand in with_kid {
        match verify_one(alg, &cand.key, signing_input.as_bytes(), &sig) {
            Ok(true) => {
                return KeyOutcome::Verified(format!(
                    "Signature verified with {}. (A valid signature says who issued the token; \
                     time, audience and permissions are separate checks.)",
                    cand.what
                ))
            }
            Ok(false) => {
                return KeyOutcome::Mismatch(format!(
                    "The signature does not match {}: the token was altered, or it was signed by \
                     another key (another tenant or issuer, or a rotated key).",
                    cand.what
                ))
            }
            Err(e) => last_type_error = Some(e),
        }
    }
    match last_type_error {
        Some(VerifyError::KeyType(m)) => KeyOutcome::KeyType(m),
        Some(VerifyError::Unsupported(m)) => KeyOutcome::NotChecked(m),
        None => KeyOutcome::NotChecked("Not checked: no usable key.".into()),
    }
}

#[cfg(feature = "verify")]
mod imp {
    use super::super::der::{self, DerKey};
    use crate::b64;
    use hmac::{Hmac, Mac};
    use p256::ecdsa::signature::Verifier;
    use rsa::{BigUint, Pkcs1v15Sign, Pss, RsaPublicKey};
    use sha2::{Digest, Sha256, Sha384, Sha512};

    pub enum Key {
        Rsa(Box<RsaPublicKey>),
        P256(Box<p256::ecdsa::VerifyingKey>),
        P384(Box<p384::ecdsa::VerifyingKey>),
        Secret(Vec<u8>),
    }

    pub struct Cand {
        pub kid: Option<String>,
        pub key: Key,
        /// "the RSA key test-rsa-1 (2048 bits)".
        pub what: String,
    }

    pub enum VerifyError {
        KeyType(String),
        Unsupported(String),
    }

    fn key_kind(k: &Key) -> &'static str {
        match k {
            Key::Rsa(_) => "an RSA key",
            Key::P256(_) => "an EC P-256 key",
            Key::P384(_) => "an EC P-384 key",
            Key::Secret(_) => "a shared secret",
        }
    }

    pub fn verify_one(alg: &str, key: &Key, msg: &[u8], sig: &[u8]) -> Result<bool, VerifyError> {
        let mismatch = || {
            VerifyError::KeyType(format!(
                "Key type mismatch: the token says {alg} but the pasted key is {}.",
                key_kind(key)
            ))
        };
        match (alg, key) {
            ("RS256", Key::Rsa(k)) => Ok(k
                .verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(msg), sig)
                .is_ok()),
            ("RS384", Key::Rsa(k)) => Ok(k
                .verify(Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(msg), sig)
                .is_ok()),
            ("RS512", Key::Rsa(k)) => Ok(k
                .verify(Pkcs1v15Sign::new::<Sha512>(), &Sha512::digest(msg), sig)
                .is_ok()),
            ("PS256", Key::Rsa(k)) => Ok(k
                .verify(Pss::new::<Sha256>(), &Sha256::digest(msg), sig)
                .is_ok()),
            ("PS384", Key::Rsa(k)) => Ok(k
                .verify(Pss::new::<Sha384>(), &Sha384::digest(msg), sig)
                .is_ok()),
            ("PS512", Key::Rsa(k)) => Ok(k
                .verify(Pss::new::<Sha512>(), &Sha512::digest(msg), sig)
                .is_ok()),
            ("ES256", Key::P256(k)) => Ok(p256::ecdsa::Signature::from_slice(sig)
                .map(|s| k.verify(msg, &s).is_ok())
                .unwrap_or(false)),
            ("ES384", Key::P384(k)) => Ok(p384::ecdsa::Signature::from_slice(sig)
                .map(|s| k.verify(msg, &s).is_ok())
                .unwrap_or(false)),
            ("HS256", Key::Secret(s)) => Ok(Hmac::<Sha256>::new_from_slice(s)
                .map(|m| m.chain_update(msg).verify_slice(sig).is_ok())
                .unwrap_or(false)),
            ("HS384", Key::Secret(s)) => Ok(Hmac::<Sha384>::new_from_slice(s)
                .map(|m| m.chain_update(msg).verify_slice(sig).is_ok())
                .unwrap_or(false)),
            ("HS512", Key::Secret(s)) => Ok(Hmac::<Sha512>::new_from_slice(s)
                .map(|m| m.chain_update(msg).verify_slice(sig).is_ok())
                .unwrap_or(false)),
            ("RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384", _)
            | ("HS256" | "HS384" | "HS512", _) => Err(mismatch()),
            _ => Err(VerifyError::Unsupported(format!(
                "Not checked: AuthLens does not verify `{alg}` signatures."
            ))),
        }
    }

    fn from_der(k: DerKey<'_>, kid: Option<String>, source: &str) -> Result<Cand, String> {
        let label = kid
            .as_deref()
            .map(|k| format!(" `{k}`"))
            .unwrap_or_default();
        match k {
            DerKey::Rsa { n, e } => {
                let key = RsaPublicKey::new(BigUint::from_bytes_be(n), BigUint::from_bytes_be(e))
                    .map_err(|err| format!("The RSA key{label} is not usable: {err}."))?;
                Ok(Cand {
                    what: format!(
                        "the RSA key{label} from the {source} ({} bits)",
                        n.len() * 8
                    ),
                    kid,
                    key: Key::Rsa(Box::new(key)),
                })
            }
            DerKey::P256(p) => Ok(Cand {
                key: Key::P256(Box::new(
                    p256::ecdsa::VerifyingKey::from_sec1_bytes(p)
                        .map_err(|_| format!("The P-256 key{label} is not a valid point."))?,
                )),
                what: format!("the EC P-256 key{label} from the {source}"),
                kid,
            }),
            DerKey::P384(p) => Ok(Cand {
                key: Key::P384(Box::new(
                    p384::ecdsa::VerifyingKey::from_sec1_bytes(p)
                        .map_err(|_| format!("The P-384 key{label} is not a valid point."))?,
                )),
                what: format!("the EC P-384 key{label} from the {source}"),
                kid,
            }),
            DerKey::Unsupported => Err(format!(
                "The key{label} in the {source} uses an algorithm or curve AuthLens does not \
                 verify (supported: RSA, EC P-256, EC P-384)."
            )),
        }
    }

    fn b64field(j: &serde_json::Value, f: &str) -> Option<Vec<u8>> {
        b64::decode(j.get(f)?.as_str()?).ok()
    }

    fn jwk(j: &serde_json::Value) -> Result<Cand, String> {
        let kid = j.get("kid").and_then(|k| k.as_str()).map(str::to_string);
        let label = kid
            .as_deref()
            .map(|k| format!(" `{k}`"))
            .unwrap_or_default();
        let kty = j.get("kty").and_then(|k| k.as_str()).unwrap_or("");
        match kty {
            "RSA" => {
                if let (Some(n), Some(e)) = (b64field(j, "n"), b64field(j, "e")) {
                    return from_der(DerKey::Rsa { n: &n, e: &e }, kid, "JWK");
                }
                x5c(j, kid)
            }
            "EC" => {
                let crv = j.get("crv").and_then(|c| c.as_str()).unwrap_or("");
                let (Some(x), Some(y)) = (b64field(j, "x"), b64field(j, "y")) else {
                    return x5c(j, kid);
                };
                let mut point = vec![4u8];
                point.extend_from_slice(&x);
                point.extend_from_slice(&y);
                match crv {
                    "P-256" => from_der(DerKey::P256(&point), kid, "JWK"),
                    "P-384" => from_der(DerKey::P384(&point), kid, "JWK"),
                    other => Err(format!(
                        "The EC key{label} uses curve `{other}`; AuthLens verifies P-256 and P-384."
                    )),
                }
            }
            "oct" => match b64field(j, "k") {
                Some(k) => Ok(Cand {
                    what: format!("the shared secret{label} from the JWK"),
                    kid,
                    key: Key::Secret(k),
                }),
                None => Err("The `oct` JWK has no readable `k`.".into()),
            },
            "" => Err("The JSON is not a JWK (no `kty`) nor a JWKS (no `keys`).".into()),
            other => Err(format!(
                "The JWK{label} has key type `{other}`; AuthLens verifies RSA, EC and oct keys."
            )),
        }
    }

    fn x5c(j: &serde_json::Value, kid: Option<String>) -> Result<Cand, String> {
        let cert = j
            .get("x5c")
            .and_then(|x| x.get(0))
            .and_then(|c| c.as_str())
            .ok_or("The JWK has neither the key values nor an `x5c` certificate.")?;
        let der = b64::decode(cert).map_err(|_| "The JWK's x5c certificate is not base64.")?;
        let k = der::certificate(&der).ok_or("The JWK's x5c certificate could not be read.")?;
        from_der(k, kid, "JWK certificate")
    }

    fn pem_blocks(s: &str) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let mut rest = s;
        while let Some(b) = rest.find("-----BEGIN ") {
            let after = &rest[b + 11..];
            let Some(le) = after.find("-----") else {
                break;
            };
            let label = after[..le].trim().to_string();
            let body_start = &after[le + 5..];
            let end_marker = format!("-----END {label}-----");
            let Some(e) = body_start.find(&end_marker) else {
                break;
            };
            let body: String = body_start[..e]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            out.push((label, b64::decode(&body).unwrap_or_default()));
            rest = &body_start[e + end_marker.len()..];
        }
        out
    }

    /// Reads a pasted key: JWKS, JWK, PEM (public key, PKCS#1, certificate), bare base64 DER
    /// certificate, or else a shared secret.
    pub fn parse_keys(k: &str) -> Result<Vec<Cand>, String> {
        let k = k.trim();
        if k.starts_with('{') {
            let j: serde_json::Value = serde_json::from_str(k)
                .map_err(|e| format!("Not checked: the pasted key is not valid JSON ({e})."))?;
            if let Some(keys) = j.get("keys").and_then(|x| x.as_array()) {
                let mut out = Vec::new();
                let mut errs = Vec::new();
                for x in keys {
                    match jwk(x) {
                        Ok(c) => out.push(c),
                        Err(e) => errs.push(e),
                    }
                }
                if out.is_empty() {
                    return Err(format!(
                        "Not checked: no usable key in the JWKS. {}",
                        errs.first().cloned().unwrap_or_default()
                    ));
                }
                return Ok(out);
            }
            return jwk(&j)
                .map(|c| vec![c])
                .map_err(|e| format!("Not checked: {e}"));
        }
        if k.contains("-----BEGIN ") {
            let mut out = Vec::new();
            let mut err = None;
            for (label, der_bytes) in pem_blocks(k) {
                let parsed = match label.as_str() {
                    "PUBLIC KEY" => der::spki(&der_bytes),
                    "RSA PUBLIC KEY" => der::rsa_public_key(&der_bytes),
                    "CERTIFICATE" => der::certificate(&der_bytes),
                    l if l.contains("PRIVATE") => {
                        return Err(
                            "Not checked: this is a PRIVATE key. Never paste private keys \
                                    anywhere; verification needs only the public key or \
                                    certificate."
                                .into(),
                        )
                    }
                    _ => None,
                };
                match parsed.map(|d| from_der(d, None, &format!("PEM {}", label.to_lowercase()))) {
                    Some(Ok(c)) => out.push(c),
                    Some(Err(e)) => err = Some(e),
                    None => {
                        err = Some(format!("The PEM block `{label}` could not be read."));
                    }
                }
            }
            if out.is_empty() {
                return Err(format!(
                    "Not checked: {}",
                    err.unwrap_or_else(|| "no PEM block could be read.".into())
                ));
            }
            return Ok(out);
        }
        if k.starts_with("MII") && k.len() > 200 && !k.contains(char::is_whitespace) {
            if let Ok(der_bytes) = b64::decode(k) {
                if let Some(d) = der::certificate(&der_bytes).or_else(|| der::spki(&der_bytes)) {
                    return from_der(d, None, "base64 certificate")
                        .map(|c| vec![c])
                        .map_err(|e| format!("Not checked: {e}"));
                }
            }
        }
        Ok(vec![Cand {
            kid: None,
            key: Key::Secret(k.as_bytes().to_vec()),
            what: "the pasted shared secret".into(),
        }])
    }
}
