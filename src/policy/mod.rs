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
pub mod scanner;
pub mod verdict;

pub use file::{PolicyError, PolicyFile};
pub use scanner::Scanner;
pub use verdict::{assess, Assessment, Match};

/// The policy that ships in `policies/`, compiled into the binary so a fresh install has one.
pub const DEFAULT_POLICY: &str = include_str!("../../policies/marketplace.toml");

#[cfg(test)]
mod tests;
