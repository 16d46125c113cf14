//! normalise + scan on arbitrary text under the shipped policy: never panics, and every match
//! is a non-empty span on character boundaries of the original text.
//!
//!   cargo fuzz run scan

#![no_main]

use std::sync::LazyLock;

use checkpoint::policy::{assess, default_policy, file, Scanner};
use libfuzzer_sys::fuzz_target;

static SCANNER: LazyLock<Scanner> =
    LazyLock::new(|| Scanner::build(file::parse(&default_policy()).expect("shipped policy parses")).expect("compiles"));

fuzz_target!(|text: &str| {
    let verdict = assess(&SCANNER, text);
    for m in &verdict.matches {
        assert!(m.start < m.end && m.end <= text.len(), "{m:?} outside {} bytes", text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "{m:?} splits a character");
    }
});
