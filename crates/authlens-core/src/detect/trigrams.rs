//! A presence bitmap of byte trigrams: lets phrase searches skip texts that cannot match.

/// A presence bitmap of hashed byte trigrams. No false negatives: a needle whose trigrams are
/// not all present cannot occur in the text.
#[derive(Default)]
pub(crate) struct Trigrams {
    bits: Vec<u64>,
}

impl Trigrams {
    fn slot(v: u32, mask: usize) -> usize {
        (v.wrapping_mul(0x9E37_79B1) >> 8) as usize & mask
    }

    /// The lowercased text and its trigrams, in one pass: on a 10 MB paste this loop is a
    /// noticeable share of the whole analysis.
    pub(crate) fn lowercase(text: &[u8]) -> (Vec<u8>, Trigrams) {
        // About 8 bits per input byte, capped at 2^20 bits (128 KiB) for large pastes.
        let nbits = (text.len() * 8).next_power_of_two().clamp(1 << 12, 1 << 20);
        let mut bits = vec![0u64; nbits / 64];
        let mask = nbits - 1;
        // std's lowercase copy is vectorised; a push per byte in the hashing loop was not (and
        // was a fifth of this function on a 10 MB HAR).
        let lower = text.to_ascii_lowercase();
        if let [a, b, rest @ ..] = lower.as_slice() {
            let mut window = u32::from(*a) << 8 | u32::from(*b);
            for &c in rest {
                window = (window << 8 | u32::from(c)) & 0xFF_FFFF;
                let s = Self::slot(window, mask);
                if let Some(w) = bits.get_mut(s / 64) {
                    *w |= 1 << (s % 64);
                }
            }
        }
        (lower, Trigrams { bits })
    }

    pub(crate) fn may_contain(&self, needle: &[u8]) -> bool {
        if self.bits.is_empty() || needle.len() < 3 {
            return true;
        }
        let mask = self.bits.len() * 64 - 1;
        needle.windows(3).all(|w| {
            let v = u32::from(w[0]) << 16 | u32::from(w[1]) << 8 | u32::from(w[2]);
            let s = Self::slot(v, mask);
            self.bits[s / 64] & (1 << (s % 64)) != 0
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// No false negatives: every substring of the text, in any case, may be contained.
        #[test]
        fn trigrams_never_miss_a_substring(text in "[a-dA-D \"]{0,300}", at in 0usize..300, len in 0usize..20) {
            let (lower, grams) = Trigrams::lowercase(text.as_bytes());
            proptest::prop_assert_eq!(&lower, &text.to_ascii_lowercase().into_bytes());
            let start = at.min(text.len());
            let end = (start + len).min(text.len());
            let needle = text[start..end].to_ascii_lowercase();
            proptest::prop_assert!(grams.may_contain(needle.as_bytes()), "{needle:?} in {text:?}");
        }
    }

    #[test]
    fn trigrams_rule_out_absent_phrases() {
        let (_, grams) = Trigrams::lowercase(b"The access token has EXPIRED.");
        assert!(grams.may_contain(b"token has expired"));
        assert!(!grams.may_contain(b"insufficient privileges"));
    }
}
