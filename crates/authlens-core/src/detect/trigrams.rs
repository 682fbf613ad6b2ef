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
        let lower = lowercase(text);
        let mut bits = vec![0u64; nbits / 64];
        // The large-paste size as an array: its length is then known where the mask bounds
        // the index, so the loop over every byte of a multi-MB paste has no bounds check.
        match <&mut [u64; (1 << 20) / 64]>::try_from(&mut bits[..]) {
            Ok(large) => hash_into(large, &lower),
            Err(_) => hash_into(&mut bits, &lower),
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

/// Sets the bit of every trigram of `lower` in `bits` (a power-of-two number of words).
#[inline(always)]
fn hash_into(bits: &mut [u64], lower: &[u8]) {
    let mask = bits.len() * 64 - 1;
    if let [a, b, rest @ ..] = lower {
        let mut window = u32::from(*a) << 8 | u32::from(*b);
        for &c in rest {
            window = (window << 8 | u32::from(c)) & 0xFF_FFFF;
            let s = Trigrams::slot(window, mask);
            if let Some(w) = bits.get_mut(s / 64) {
                *w |= 1 << (s % 64);
            }
        }
    }
}

/// `text` with ASCII letters lowercased, eight bytes at a time: std's byte-by-byte loop is not
/// vectorised at the page's size-first optimisation level, and this copy covers every byte of
/// a paste.
pub(crate) fn lowercase(text: &[u8]) -> Vec<u8> {
    let mut out = text.to_vec();
    let mut chunks = out.chunks_exact_mut(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        c.copy_from_slice(&lower_word(u64::from_le_bytes(w)).to_le_bytes());
    }
    chunks.into_remainder().make_ascii_lowercase();
    out
}

/// The eight bytes of `w` ASCII-lowercased. Per byte, on its low seven bits (no carry leaves a
/// byte): adding 0x3F sets the high bit from 'A' up, adding 0x25 from '[' up; a byte with its
/// own high bit set is not ASCII and stays.
fn lower_word(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = w & !HIGH;
    let from_a = low7 + ONES * 0x3F;
    let past_z = low7 + ONES * 0x25;
    let upper = from_a & !past_z & !w & HIGH;
    w | upper >> 2
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
    fn lowercase_is_std_for_every_byte_in_every_lane() {
        let all: Vec<u8> = (0..=255u8).collect();
        for shift in 0..8 {
            let text: Vec<u8> = all
                .iter()
                .cycle()
                .skip(shift)
                .take(256 + 13)
                .copied()
                .collect();
            assert_eq!(lowercase(&text), text.to_ascii_lowercase(), "shift {shift}");
        }
    }

    #[test]
    fn trigrams_rule_out_absent_phrases() {
        let (_, grams) = Trigrams::lowercase(b"The access token has EXPIRED.");
        assert!(grams.may_contain(b"token has expired"));
        assert!(!grams.may_contain(b"insufficient privileges"));
    }
}
