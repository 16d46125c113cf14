//! The transactional outbox. A notification is written as a job in the same transaction as the
//! decision that causes it, so there is never a decision without its notification or the other
//! way round; the webhook dispatcher then delivers it with retries (exponential backoff), and a
//! notification that runs out of attempts stays in the table as `failed`: the dead letters.
//!
//! Each delivery is an HTTP POST of the event as JSON with
//! `X-Checkpoint-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`,
//! `X-Checkpoint-Timestamp` (Unix seconds) and `X-Checkpoint-Event` (the event id, the same on
//! every retry, so the receiver can drop repeats).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{ClaimedJob, Handler};
use crate::db::{types::Id, Db, DbConnection};
use crate::error::AppError;
use crate::moderation::appeal_link::AppealLinks;

pub const JOB_KIND: &str = "notification";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    pub id: Id,
    #[serde(rename = "type")]
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub data: serde_json::Value,
}

/// Writes the notification; call it inside the transaction of the action it reports.
pub fn enqueue(
    conn: &mut DbConnection,
    kind: &str,
    data: serde_json::Value,
    max_attempts: i32,
) -> Result<Id, AppError> {
    let event = Event {
        id: Id::new(),
        kind: kind.to_owned(),
        created_at: Utc::now(),
        data,
    };
    let payload = serde_json::to_string(&event).map_err(AppError::internal)?;
    super::enqueue(conn, JOB_KIND, &payload, max_attempts)?;
    Ok(event.id)
}

/// The signature header's value for a body sent at `timestamp`.
pub fn signature(secret: &[u8], timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

pub struct Webhook {
    client: reqwest::blocking::Client,
    url: String,
    secret: Vec<u8>,
    /// Adds `appeal_url` to the notifications a user may appeal.
    links: Option<Arc<AppealLinks>>,
}

impl Webhook {
    pub fn new(
        url: String,
        secret: Vec<u8>,
        timeout: Duration,
        links: Option<Arc<AppealLinks>>,
    ) -> Result<Self, AppError> {
        let client = reqwest::blocking::Client::builder()
            .timeout(timeout)
            // A redirect would re-send signed personal data somewhere not configured.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(AppError::internal)?;
        Ok(Self {
            client,
            url,
            secret,
            links,
        })
    }
}

impl Handler for Webhook {
    fn kind(&self) -> &'static str {
        JOB_KIND
    }

    fn run(&self, _db: &Db, job: &ClaimedJob) -> Result<(), String> {
        let mut event: Event = serde_json::from_str(&job.payload)
            .map_err(|e| format!("bad notification payload: {e}"))?;
        // The link depends only on the event, so every retry sends the same body.
        let appeal_url = self
            .links
            .as_ref()
            .and_then(|links| links.for_event(&event.kind, &event.data, event.created_at));
        let body = match (appeal_url, event.data.as_object_mut()) {
            (Some(url), Some(data)) => {
                data.insert("appeal_url".to_owned(), url.into());
                serde_json::to_string(&event).map_err(|e| e.to_string())?
            }
            _ => job.payload.clone(),
        };
        let timestamp = Utc::now().timestamp();
        let response = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .header("x-checkpoint-event", event.id.as_str())
            .header("x-checkpoint-timestamp", timestamp.to_string())
            .header(
                "x-checkpoint-signature",
                signature(&self.secret, timestamp, &body),
            )
            .body(body)
            .send()
            // Only the kind of failure: the URL may carry a credential.
            .map_err(|e| {
                format!(
                    "webhook unreachable: {}",
                    if e.is_timeout() {
                        "timed out"
                    } else if e.is_connect() {
                        "connection failed"
                    } else {
                        "request failed"
                    }
                )
            })?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("webhook answered {status}"))
        }
    }

    fn exhausted(
        &self,
        _conn: &mut DbConnection,
        job: &ClaimedJob,
        error: &str,
    ) -> Result<(), AppError> {
        tracing::error!(job = %job.id, %error, "notification undeliverable; kept as failed (dead letter)");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Expected value computed independently: Python's hmac.new(key, msg, hashlib.sha256).
        assert_eq!(
            signature(b"whsec_test", 1_700_000_000, r#"{"id":"e1"}"#),
            "sha256=6a85cb117c993612a34c72b4cfb5a16baed25a80d26e298ce0e6671320fd07c8"
        );
        assert_ne!(
            signature(b"whsec_test", 1_700_000_001, r#"{"id":"e1"}"#),
            signature(b"whsec_test", 1_700_000_000, r#"{"id":"e1"}"#)
        );
    }
}
