//! Where uploaded documents live. Files are content-addressed by SHA-256, so storing the same
//! bytes twice is one file and a stored file never changes. `put` returns only once the bytes are
//! durable, so a row that points to them can be committed after it.

mod local;
pub mod object;

pub use local::LocalStorage;
pub use object::ObjectStorage;

use std::future::Future;
use std::pin::Pin;

use sha2::{Digest, Sha256};

use crate::error::AppError;

/// A SHA-256 digest in lower-case hex: the name of a stored file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash(String);

impl ContentHash {
    pub fn of(bytes: &[u8]) -> Self {
        Self(hex::encode(Sha256::digest(bytes)))
    }

    pub fn parse(text: &str) -> Option<Self> {
        (text.len() == 64
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub type StorageFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, AppError>> + Send + 'a>>;

/// A blob store. The local filesystem is the default; an S3-compatible backend serves production.
pub trait Storage: Send + Sync {
    /// Stores the bytes durably and returns their hash. Storing bytes that are already there
    /// refreshes their age, which protects them from the sweep of unreferenced files.
    fn put<'a>(&'a self, bytes: &'a [u8]) -> StorageFuture<'a, ContentHash>;
    /// The stored bytes, or a not-found error.
    fn get<'a>(&'a self, hash: &'a ContentHash) -> StorageFuture<'a, Vec<u8>>;
    fn delete<'a>(&'a self, hash: &'a ContentHash) -> StorageFuture<'a, ()>;
    /// Every stored hash with its age in seconds, for the sweep of unreferenced files.
    fn list(&self) -> StorageFuture<'_, Vec<(ContentHash, u64)>>;
    /// Seconds since the file was stored (or stored again), or `None` when it is not there.
    fn age<'a>(&'a self, hash: &'a ContentHash) -> StorageFuture<'a, Option<u64>>;
}
