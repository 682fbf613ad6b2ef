//! Sorting with one copy of the sort code.
//!
//! The standard slice sorts are generic over the element type and the comparator: every call
//! site compiles its own driftsort (2–4 KB of wasm each, ~60 KB across the page's wasm). These
//! helpers sort a list of indices with a `dyn` comparator instead, so the sort itself is compiled
//! once; only the small permutation step is per type. Stable, O(n log n). Native builds keep the
//! standard sorts (speed over size; the CLI has no download budget).

use std::cmp::Ordering;

/// Stable sort of `v` by `cmp`, like `v.sort_by(cmp)`.
#[allow(clippy::ptr_arg)] // a Vec: the wasm path moves the items out and back in
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    by_indices(v, cmp);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
}

/// What [`sort_by`] does in wasm: sort indices with the one [`sort_indices`], then permute.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn by_indices<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut idx: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut idx, &mut |a, b| cmp(&items[a], &items[b]));
    }
    let mut old: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        idx.iter()
            .filter_map(|&i| old.get_mut(i).and_then(Option::take)),
    );
}

/// Stable sort of `v` by a key, like `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Stable sort of `v` in its natural order, like `v.sort()`.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

/// `v` sorted with its duplicates removed: what collecting into a `BTreeSet` gives, in a `Vec`.
pub fn sorted_unique<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    sort(&mut v);
    v.dedup();
    v
}

/// The one instantiation of the standard sort.
fn sort_indices(idx: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    idx.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_std_and_stays_stable() {
        let mut v: Vec<(u8, usize)> = [3u8, 1, 3, 2, 1, 0, 3]
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i))
            .collect();
        let mut expected = v.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, expected);
        // The index path itself (what wasm runs), natively.
        let mut w: Vec<(u8, usize)> = [3u8, 1, 3, 2, 1, 0, 3]
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i))
            .collect();
        by_indices(&mut w, |a, b| a.0.cmp(&b.0));
        assert_eq!(w, expected);
        assert_eq!(sorted_unique(vec!["b", "a", "b"]), vec!["a", "b"]);
    }
}
