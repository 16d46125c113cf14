use actix_web::web;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::db::Db;
use crate::error::AppError;
use crate::sla::Targets;
use crate::verification::stats::{self, Group, VerificationStats, Window};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// RFC 3339; default 7 days before `to`.
    pub from: Option<DateTime<Utc>>,
    /// RFC 3339; default now.
    pub to: Option<DateTime<Utc>>,
    pub group: Option<Group>,
    /// The time zone buckets are cut in, e.g. `+09:00` (the default).
    pub utc_offset: Option<String>,
}

/// Received, decided, backlog, time to decision (and the share within its target), every bucket
/// of the window, handle time and output per reviewer, outcomes, reasons, second-review error
/// rates and the appeals' overturn rate (senior and up).
#[utoipa::path(get, path = "/v1/stats/verification", tag = "review", security(("bearer" = [])), params(StatsQuery),
    responses(
        (status = 200, body = VerificationStats),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn verification(
    db: web::Data<Db>,
    targets: web::Data<Targets>,
    query: web::Query<StatsQuery>,
) -> Result<web::Json<VerificationStats>, AppError> {
    let StatsQuery {
        from,
        to,
        group,
        utc_offset,
    } = query.into_inner();
    let window = Window::parse(from, to, group, utc_offset.as_deref())?;
    Ok(web::Json(
        stats::verification(&db, window, targets.verification).await?,
    ))
}
