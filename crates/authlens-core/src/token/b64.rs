//! Tolerant base64 decoding with precise error positions: base64url or standard alphabet, with
//! or without `=` padding.

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

/// Encodes `bytes` in the standard alphabet with `=` padding (what `[Convert]::ToBase64String`
/// and Basic credentials use).
pub fn encode(bytes: &[u8]) -> String {
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
    fn encode_round_trips() {
        assert_eq!(encode(b"alice:s3cret"), "YWxpY2U6czNjcmV0");
        assert_eq!(encode(b"a"), "YQ==");
        assert_eq!(encode(b"ab"), "YWI=");
        assert_eq!(encode(b""), "");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
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
