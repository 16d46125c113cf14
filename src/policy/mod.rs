//! Moderation policy: the files ops staff edit (`file`), the normaliser that undoes evasion
//! (`normalise`, `hangul`), the contact-detail detectors (`patterns`), the compiled scanner
//! (`scanner`) and the verdict it leads to (`verdict`).

pub mod active;
pub mod backtest;
pub mod cli;
pub mod diff;
pub mod eval;
pub mod file;
pub mod hangul;
pub mod model;
pub mod normalise;
pub mod patterns;
pub mod proposals;
pub mod scanner;
pub mod score;
pub mod train;
pub mod verdict;

pub use file::{PolicyError, PolicyFile};
pub use scanner::Scanner;
pub use verdict::{assess, Assessment, Match};

/// The policy that ships in `policies/` and the files it names, compiled into the binary so
/// a fresh install has one.
const SHIPPED: &str = include_str!("../../policies/marketplace.toml");
const SHIPPED_FILES: [(&str, &str); 6] = [
    (
        "dict/profanity.txt",
        include_str!("../../policies/dict/profanity.txt"),
    ),
    (
        "dict/insults.txt",
        include_str!("../../policies/dict/insults.txt"),
    ),
    (
        "dict/threats.txt",
        include_str!("../../policies/dict/threats.txt"),
    ),
    (
        "dict/sexual.txt",
        include_str!("../../policies/dict/sexual.txt"),
    ),
    (
        "dict/discrimination.txt",
        include_str!("../../policies/dict/discrimination.txt"),
    ),
    (
        "model/abuse-score.tsv",
        include_str!("../../policies/model/abuse-score.tsv"),
    ),
];

/// The shipped policy with its term files, as `file::read` gives it from `policies/`.
pub fn default_policy() -> String {
    let built_in = |path: &str| {
        SHIPPED_FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| (*text).to_owned())
            .ok_or_else(|| format!("{path} is not built in"))
    };
    file::bundle(SHIPPED, built_in).expect("the shipped policy's term files are built in")
}

#[cfg(test)]
mod tests;
