//! Bounded reading of pastes and key files. Reading stops at the limit plus one byte, so
//! `authlens diagnose /dev/zero` (or an endless pipe) ends at once with a message naming the
//! limit instead of filling memory first.

use std::io::Read;

/// Largest key file `token --key` reads: a JWKS with certificate chains is a few tens of KB.
pub const MAX_KEY_BYTES: usize = 1024 * 1024;

/// Reads `file` (stdin when `None` or `-`) as UTF-8 text of at most `limit` bytes.
pub fn read(file: Option<&str>, limit: usize) -> Result<String, String> {
    let (bytes, name) = match file {
        None | Some("-") => (
            read_bounded(std::io::stdin().lock(), limit, "stdin")?,
            "stdin".to_string(),
        ),
        Some(path) => {
            let f = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            (read_bounded(f, limit, path)?, path.to_string())
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} is not valid UTF-8 (first bad byte at offset {}); save the paste as UTF-8 text",
            e.utf8_error().valid_up_to()
        )
    })
}

/// At most `limit` bytes of `r`; an error naming the limit when there are more.
pub fn read_bounded(r: impl Read, limit: usize, name: &str) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    r.take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if buf.len() > limit {
        return Err(format!(
            "{name} is larger than the {} limit ({limit} bytes); paste only the failed run's part",
            human(limit)
        ));
    }
    Ok(buf)
}

fn human(bytes: usize) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes}-byte")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_one_byte_past_the_limit() {
        assert_eq!(read_bounded(&b"abcd"[..], 4, "x").unwrap(), b"abcd");
        let err = read_bounded(std::io::repeat(b'a'), 1024, "stdin").unwrap_err();
        assert!(err.contains("1 KiB limit (1024 bytes)"), "{err}");
        assert!(read_bounded(&b"abcde"[..], 4, "f").is_err());
    }
}
