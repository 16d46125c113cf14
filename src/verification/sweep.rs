//! Removes stored files that no item or attachment points to: left by an upload whose request
//! failed after the file was stored but before its row was committed.
//!
//! Safe beside uploads in flight: a file is only removed when it is older than `min_age`, no row
//! points to it, and it is still that old after the look-up. Storing the same bytes again
//! refreshes a file's age, so an upload that reuses a file protects it before inserting its row.

use std::sync::Arc;
use std::time::Duration;

use crate::db::{self, Db};
use crate::error::AppError;
use crate::storage::Storage;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    pub examined: usize,
    pub removed: usize,
}

pub async fn sweep_orphans(
    db: &Db,
    storage: &Arc<dyn Storage>,
    min_age: Duration,
) -> Result<SweepReport, AppError> {
    let mut report = SweepReport::default();
    for (hash, age) in storage.list().await? {
        report.examined += 1;
        if age < min_age.as_secs() {
            continue;
        }
        let name = hash.as_str().to_owned();
        let referenced = db.run(move |conn| {
            Ok(db::verifications::references_file(conn, &name)?
                || db::appeals::attachment_references_file(conn, &name)?)
        });
        if referenced.await? {
            continue;
        }
        if storage
            .age(&hash)
            .await?
            .is_some_and(|age| age >= min_age.as_secs())
        {
            storage.delete(&hash).await?;
            report.removed += 1;
            tracing::info!(
                file = hash.as_str(),
                "removed a stored file no item points to"
            );
        }
    }
    Ok(report)
}

/// Sweeps every `interval` until the process ends.
pub async fn run_periodically(
    db: Db,
    storage: Arc<dyn Storage>,
    interval: Duration,
    min_age: Duration,
) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match sweep_orphans(&db, &storage, min_age).await {
            Ok(report) => tracing::debug!(?report, "storage sweep"),
            Err(err) => tracing::warn!(error = %err, "storage sweep failed"),
        }
    }
}
