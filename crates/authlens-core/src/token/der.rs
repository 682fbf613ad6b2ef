//! Just enough DER to pull a public key out of SubjectPublicKeyInfo, PKCS#1 RSAPublicKey and
//! X.509 certificates. Every function is total: malformed input gives `None`.

/// One element: (tag, content, the whole element, the rest after it).
pub struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub whole: &'a [u8],
    pub rest: &'a [u8],
}

pub fn tlv(d: &[u8]) -> Option<Tlv<'_>> {
    let tag = *d.first()?;
    let first = *d.get(1)?;
    let (len, hdr) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for k in 0..n {
            len = (len << 8) | usize::from(*d.get(2 + k)?);
        }
        (len, 2 + n)
    };
    let end = hdr.checked_add(len)?;
    if end > d.len() {
        return None;
    }
    Some(Tlv {
        tag,
        content: &d[hdr..end],
        whole: &d[..end],
        rest: &d[end..],
    })
}

pub const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
pub const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
pub const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
pub const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

/// A public key as found in DER.
pub enum DerKey<'a> {
    /// Modulus and exponent, big-endian.
    Rsa { n: &'a [u8], e: &'a [u8] },
    /// SEC1 point on P-256.
    P256(&'a [u8]),
    /// SEC1 point on P-384.
    P384(&'a [u8]),
    /// An EC curve or algorithm this build does not handle (the OID bytes).
    Unsupported,
}

fn strip_zero(i: &[u8]) -> &[u8] {
    match i {
        [0, rest @ ..] if !rest.is_empty() => rest,
        _ => i,
    }
}

/// PKCS#1 `RSAPublicKey ::= SEQUENCE { n INTEGER, e INTEGER }`.
pub fn rsa_public_key(d: &[u8]) -> Option<DerKey<'_>> {
    let seq = tlv(d)?;
    if seq.tag != 0x30 {
        return None;
    }
    let n = tlv(seq.content)?;
    let e = tlv(n.rest)?;
    if n.tag != 0x02 || e.tag != 0x02 {
        return None;
    }
    Some(DerKey::Rsa {
        n: strip_zero(n.content),
        e: strip_zero(e.content),
    })
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, key BIT STRING }`.
pub fn spki(d: &[u8]) -> Option<DerKey<'_>> {
    let seq = tlv(d)?;
    if seq.tag != 0x30 {
        return None;
    }
    let alg = tlv(seq.content)?;
    let bits = tlv(alg.rest)?;
    if alg.tag != 0x30 || bits.tag != 0x03 {
        return None;
    }
    let (&unused, key) = bits.content.split_first()?;
    if unused != 0 {
        return None;
    }
    let oid = tlv(alg.content)?;
    if oid.tag != 0x06 {
        return None;
    }
    if oid.content == OID_RSA {
        return rsa_public_key(key);
    }
    if oid.content == OID_EC {
        let curve = tlv(oid.rest)?;
        return Some(if curve.content == OID_P256 {
            DerKey::P256(key)
        } else if curve.content == OID_P384 {
            DerKey::P384(key)
        } else {
            DerKey::Unsupported
        });
    }
    Some(DerKey::Unsupported)
}

/// The subject public key of an X.509 certificate.
pub fn certificate(d: &[u8]) -> Option<DerKey<'_>> {
    let cert = tlv(d)?;
    let tbs = tlv(cert.content)?;
    if cert.tag != 0x30 || tbs.tag != 0x30 {
        return None;
    }
    let mut cur = tlv(tbs.content)?;
    if cur.tag == 0xa0 {
        cur = tlv(cur.rest)?; // version
    }
    // serial, signature algorithm, issuer, validity, subject, then the key.
    for _ in 0..5 {
        cur = tlv(cur.rest)?;
    }
    spki(cur.whole)
}
