//! cURL / HAR / Postman / raw HTTP / flow raw inputs: parse one side, and compare two sides made by
//! splitting the input at its first NUL byte (or in the middle when there is none).
#![no_main]

use authlens_core::request::{compare, parse, render_text, CompareOptions};
use authlens_core::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let side = parse(&text, None);
    assert!(!side.kind.is_empty(), "empty kind");
    let (left, right) = match text.find('\0') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => {
            let mut mid = text.len() / 2;
            while !text.is_char_boundary(mid) {
                mid += 1;
            }
            text.split_at(mid)
        }
    };
    let opts = CompareOptions {
        now: Some(Timestamp(1_763_900_000)),
        ..CompareOptions::default()
    };
    let report = compare(left, right, &opts);
    let _ = render_text(&report);
    let _ = parse(left, Some("1"));
});
