//! `./x accuracy`: top-1 / top-3 accuracy, the share with no finding, per category and per
//! platform, and the most frequent confusions, for every labelled set (shared corpus, own
//! cases, mined train set and frozen set when present), or for the JSON-lines files given.
//!
//! The frozen set is read through these totals only: never change code because of one of its
//! cases.
//!
//! ```sh
//! cargo run -q -p authlens-core --example accuracy                 # every set
//! cargo run -q -p authlens-core --example accuracy -- cases.jsonl  # these files, as one set
//! ```
#![allow(clippy::unwrap_used)]

#[path = "../tests/support/accuracy.rs"]
mod accuracy;

fn main() {
    let files: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let sets = if files.is_empty() {
        accuracy::sets()
    } else {
        vec![accuracy::set_of("given", files)]
    };
    for set in &sets {
        let score = accuracy::score(&set.cases);
        println!("{}", accuracy::render(set, &score, 12));
    }
}
