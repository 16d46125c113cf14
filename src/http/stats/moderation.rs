use actix_web::web;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::db::Db;
use crate::error::AppError;
use crate::moderation::stats::{self, ModerationStats};
use crate::verification::stats::Window;

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ModerationStatsQuery {
    /// RFC 3339; default 7 days before `to`.
    pub from: Option<DateTime<Utc>>,
    /// RFC 3339; default now.
    pub to: Option<DateTime<Utc>>,
}

/// Appeal outcomes and overturn rates per rule, per policy category and per reviewer, with the
/// sanctions each rule and category imposed (senior, ops).
#[utoipa::path(get, path = "/v1/stats/moderation", tag = "appeals", security(("bearer" = [])), params(ModerationStatsQuery),
    responses(
        (status = 200, body = ModerationStats),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn moderation(
    db: web::Data<Db>,
    query: web::Query<ModerationStatsQuery>,
) -> Result<web::Json<ModerationStats>, AppError> {
    let ModerationStatsQuery { from, to } = query.into_inner();
    Ok(web::Json(
        stats::moderation(&db, Window::parse(from, to, None, None)?).await?,
    ))
}
