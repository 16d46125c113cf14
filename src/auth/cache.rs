//! Recently verified tokens, so the marketplace's hot paths (`POST /v1/scan` on every chat
//! message) need no database round trip per request. Only valid tokens are kept; a revocation in
//! this process clears the cache at once, one in another process takes effect within the TTL.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Principal;

/// Beyond this many entries the cache starts over (a bound against floods of distinct tokens).
const MAX_ENTRIES: usize = 10_000;

pub struct TokenCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Principal, Instant)>>,
}

impl TokenCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The principal for a token hash verified less than the TTL ago.
    pub fn get(&self, token_hash: &str) -> Option<Principal> {
        let entries = self.entries.lock().expect("token cache lock");
        entries
            .get(token_hash)
            .filter(|(_, at)| at.elapsed() < self.ttl)
            .map(|(p, _)| p.clone())
    }

    pub fn put(&self, token_hash: String, principal: Principal) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.lock().expect("token cache lock");
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(token_hash, (principal, Instant::now()));
    }

    pub fn clear(&self) {
        self.entries.lock().expect("token cache lock").clear();
    }
}
