//! `/metrics` in Prometheus text format: request counts and latencies per route pattern (from
//! actix-web-prom) and the database pool's usage, read at scrape time.

use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{IntGauge, Opts, Registry};

use crate::db::Db;

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
            connections: IntGauge::with_opts(Opts::new("checkpoint_db_pool_connections", "open database connections"))?,
            idle: IntGauge::with_opts(Opts::new("checkpoint_db_pool_idle_connections", "idle database connections"))?,
            max: IntGauge::with_opts(Opts::new("checkpoint_db_pool_max_connections", "database pool size"))?,
        })
    }
}

impl Collector for PoolCollector {
    fn desc(&self) -> Vec<&Desc> {
        [&self.connections, &self.idle, &self.max].into_iter().flat_map(|g| g.desc()).collect()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let state = self.db.state();
        self.connections.set(state.connections.into());
        self.idle.set(state.idle_connections.into());
        self.max.set(self.db.max_size().into());
        [&self.connections, &self.idle, &self.max].into_iter().flat_map(|g| g.collect()).collect()
    }
}

pub fn middleware(db: &Db) -> Result<PrometheusMetrics, Box<dyn std::error::Error + Send + Sync>> {
    let registry = Registry::new();
    registry.register(Box::new(PoolCollector::new(db.clone())?))?;
    PrometheusMetricsBuilder::new("checkpoint")
        .registry(registry)
        .endpoint("/metrics")
        // Unknown paths would otherwise each become a label value.
        .mask_unmatched_patterns("UNMATCHED")
        .build()
}
