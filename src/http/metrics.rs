//! `/metrics` in Prometheus text format: request counts and latencies per route pattern (from
//! actix-web-prom), the database pool's usage, the review figures and the allowed scan verdicts
//! dropped under load, read at scrape time.

use std::sync::Arc;

use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{IntCounter, IntGauge, IntGaugeVec, Opts, Registry};

use crate::db::Db;
use crate::moderation::AllowedWriter;
use crate::sla::Targets;
use crate::verification::stats;

struct PoolCollector {
    db: Db,
    connections: IntGauge,
    idle: IntGauge,
    max: IntGauge,
}

impl PoolCollector {
    fn new(db: Db) -> prometheus::Result<Self> {
        Ok(Self {
            db,
            connections: IntGauge::with_opts(Opts::new(
                "checkpoint_db_pool_connections",
                "open database connections",
            ))?,
            idle: IntGauge::with_opts(Opts::new(
                "checkpoint_db_pool_idle_connections",
                "idle database connections",
            ))?,
            max: IntGauge::with_opts(Opts::new(
                "checkpoint_db_pool_max_connections",
                "database pool size",
            ))?,
        })
    }
}

impl Collector for PoolCollector {
    fn desc(&self) -> Vec<&Desc> {
        [&self.connections, &self.idle, &self.max]
            .into_iter()
            .flat_map(|g| g.desc())
            .collect()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let state = self.db.state();
        self.connections.set(state.connections.into());
        self.idle.set(state.idle_connections.into());
        self.max.set(self.db.max_size().into());
        [&self.connections, &self.idle, &self.max]
            .into_iter()
            .flat_map(|g| g.collect())
            .collect()
    }
}

/// The review figures: items per status, decisions per outcome and reason, second-review errors
/// per type. Totals since the start, read from the database at scrape time (so every server
/// process reports the same), as gauges.
struct ReviewCollector {
    db: Db,
    items: IntGaugeVec,
    decisions: IntGaugeVec,
    second_reviews: IntGauge,
    errors: IntGaugeVec,
}

impl ReviewCollector {
    fn new(db: Db) -> prometheus::Result<Self> {
        Ok(Self {
            db,
            items: IntGaugeVec::new(
                Opts::new(
                    "checkpoint_verification_items",
                    "verification items per status",
                ),
                &["status"],
            )?,
            decisions: IntGaugeVec::new(
                Opts::new(
                    "checkpoint_verification_decisions",
                    "verification decisions so far per decision and reason",
                ),
                &["decision", "reason"],
            )?,
            second_reviews: IntGauge::with_opts(Opts::new(
                "checkpoint_verification_second_reviews",
                "finished second reviews so far",
            ))?,
            errors: IntGaugeVec::new(
                Opts::new(
                    "checkpoint_verification_second_review_errors",
                    "second reviews that found an error, per error type",
                ),
                &["error_type"],
            )?,
        })
    }
}

impl Collector for ReviewCollector {
    fn desc(&self) -> Vec<&Desc> {
        let mut descs = self.items.desc();
        descs.extend(self.decisions.desc());
        descs.extend(self.second_reviews.desc());
        descs.extend(self.errors.desc());
        descs
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let totals = match self.db.get().and_then(|mut conn| stats::totals(&mut conn)) {
            Ok(totals) => totals,
            Err(err) => {
                tracing::warn!(error = %err, "review metrics unavailable");
                return Vec::new();
            }
        };
        for vec in [&self.items, &self.decisions, &self.errors] {
            vec.reset();
        }
        for (status, n) in &totals.items_by_status {
            self.items.with_label_values(&[status.as_str()]).set(*n);
        }
        for (decision, reason, n) in &totals.decisions {
            self.decisions
                .with_label_values(&[decision.as_str(), reason.as_str()])
                .set(*n);
        }
        self.second_reviews.set(totals.second_reviews);
        for (error_type, n) in &totals.second_review_errors {
            self.errors
                .with_label_values(&[error_type.as_str()])
                .set(*n);
        }
        let mut families = self.items.collect();
        families.extend(self.decisions.collect());
        families.extend(self.second_reviews.collect());
        families.extend(self.errors.collect());
        families
    }
}

/// Each queue against its time target now, so an alert can fire on items past it.
struct SlaCollector {
    db: Db,
    targets: Targets,
    open: IntGaugeVec,
    breached: IntGaugeVec,
    due: IntGaugeVec,
    target: IntGaugeVec,
}

impl SlaCollector {
    fn new(db: Db, targets: Targets) -> prometheus::Result<Self> {
        let gauge = |name: &str, help: &str| IntGaugeVec::new(Opts::new(name, help), &["queue"]);
        Ok(Self {
            db,
            targets,
            open: gauge("checkpoint_sla_open_items", "undecided items per queue")?,
            breached: gauge(
                "checkpoint_sla_breached_items",
                "undecided items past the queue's time target",
            )?,
            due: gauge(
                "checkpoint_sla_due_within_hour_items",
                "undecided items that pass the queue's time target within the hour",
            )?,
            target: gauge("checkpoint_sla_target_seconds", "the queue's time target")?,
        })
    }
}

impl Collector for SlaCollector {
    fn desc(&self) -> Vec<&Desc> {
        [&self.open, &self.breached, &self.due, &self.target]
            .into_iter()
            .flat_map(|g| g.desc())
            .collect()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let standing = self
            .db
            .get()
            .and_then(|mut conn| self.targets.standing(&mut conn, chrono::Utc::now()));
        let standing = match standing {
            Ok(standing) => standing,
            Err(err) => {
                tracing::warn!(error = %err, "SLA metrics unavailable");
                return Vec::new();
            }
        };
        for q in &standing {
            self.open.with_label_values(&[q.queue]).set(q.open);
            self.breached.with_label_values(&[q.queue]).set(q.breached);
            self.due
                .with_label_values(&[q.queue])
                .set(q.due_within_hour);
            self.target
                .with_label_values(&[q.queue])
                .set((q.target_hours * 3600.0) as i64);
        }
        [&self.open, &self.breached, &self.due, &self.target]
            .into_iter()
            .flat_map(|g| g.collect())
            .collect()
    }
}

/// Allowed verdicts this process dropped because the buffer in front of the database was full.
struct DroppedScansCollector {
    writer: Arc<AllowedWriter>,
    dropped: IntCounter,
}

impl Collector for DroppedScansCollector {
    fn desc(&self) -> Vec<&Desc> {
        self.dropped.desc()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        self.dropped
            .inc_by(self.writer.dropped().saturating_sub(self.dropped.get()));
        self.dropped.collect()
    }
}

pub fn middleware(
    db: &Db,
    allowed_scans: Arc<AllowedWriter>,
    targets: Targets,
) -> Result<PrometheusMetrics, Box<dyn std::error::Error + Send + Sync>> {
    let registry = Registry::new();
    registry.register(Box::new(PoolCollector::new(db.clone())?))?;
    registry.register(Box::new(DroppedScansCollector {
        writer: allowed_scans,
        dropped: IntCounter::with_opts(Opts::new(
            "checkpoint_scan_allowed_dropped_total",
            "allowed scan verdicts not stored because the write buffer was full",
        ))?,
    }))?;
    registry.register(Box::new(ReviewCollector::new(db.clone())?))?;
    registry.register(Box::new(SlaCollector::new(db.clone(), targets)?))?;
    PrometheusMetricsBuilder::new("checkpoint")
        .registry(registry)
        .endpoint("/metrics")
        // Unknown paths would otherwise each become a label value.
        .mask_unmatched_patterns("UNMATCHED")
        .build()
}
