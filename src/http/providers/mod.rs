//! What the marketplace asks about a provider.

pub mod verification;
