//! The one base64 codec of the workspace: tolerant decoding with precise error positions
//! (base64url or standard alphabet, with or without `=` padding: tokens, Basic credentials,
//! certificates) and base64url encoding without padding (share links).

const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes `data` as base64url without padding (RFC 4648 §5).
pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(
                URL_ALPHABET[((n >> (18 - 6 * i)) & 63) as usize],
            ));
        }
    }
    out
}

/// Why a segment did not decode.
#[derive(Debug, PartialEq, Eq)]
pub enum B64Error {
    /// A character outside both alphabets, at this byte index of the segment.
    BadChar { index: usize, ch: char },
    /// A length of 4n+1 characters cannot encode whole bytes.
    BadLength { len: usize },
}

fn value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'-' | b'+' => Some(62),
        b'_' | b'/' => Some(63),
        _ => None,
    }
}

/// Decodes `s`, accepting both alphabets and missing or present padding.
pub fn decode(s: &str) -> Result<Vec<u8>, B64Error> {
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    while end > 0 && bytes[end - 1] == b'=' {
        end -= 1;
    }
    let body = &bytes[..end];
    let mut out = Vec::with_capacity(body.len() * 3 / 4 + 1);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for (i, &c) in body.iter().enumerate() {
        let Some(v) = value(c) else {
            let ch = s.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
            return Err(B64Error::BadChar { index: i, ch });
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if body.len() % 4 == 1 {
        return Err(B64Error::BadLength { len: body.len() });
    }
    Ok(out)
}

/// Encodes `bytes` in the standard alphabet with `=` padding (what `[Convert]::ToBase64String`,
/// `btoa` and Basic credentials use).
pub fn encode_standard(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn both_alphabets_and_padding() {
        assert_eq!(decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(decode("+/8=").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(decode("").unwrap(), Vec::<u8>::new());
        assert_eq!(decode("eyJh").unwrap(), b"{\"a".to_vec());
    }

    #[test]
    fn encoding_round_trips_without_padding() {
        for data in [&b""[..], b"a", b"ab", b"abc", b"\xfb\xff\xfe\x00"] {
            let e = encode(data);
            assert!(!e.contains(['=', '+', '/']), "{e}");
            assert_eq!(decode(&e).unwrap(), data);
        }
        assert_eq!(encode(b"{\"a"), "eyJh");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn standard_encoding_pads_and_round_trips() {
        assert_eq!(encode_standard(b"alice:s3cret"), "YWxpY2U6czNjcmV0");
        assert_eq!(encode_standard(b"a"), "YQ==");
        assert_eq!(encode_standard(b"ab"), "YWI=");
        assert_eq!(encode_standard(b""), "");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode_standard(&all)).unwrap(), all);
    }

    #[test]
    fn errors_name_the_position() {
        assert_eq!(
            decode("eyJ%a"),
            Err(B64Error::BadChar { index: 3, ch: '%' })
        );
        assert_eq!(decode("eyJhb"), Err(B64Error::BadLength { len: 5 }));
        assert!(matches!(
            decode("eyé"),
            Err(B64Error::BadChar { index: 2, ch: 'é' })
        ));
    }
}
