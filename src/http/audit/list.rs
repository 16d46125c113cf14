use actix_web::web::{self, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::audit::{self, AuditEntry};
use crate::db::Db;
use crate::error::AppError;

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only entries with a smaller id (for paging backwards).
    pub before: Option<i64>,
    /// At most this many entries, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

/// The audit log, newest first (admin).
#[utoipa::path(get, path = "/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditQuery), responses(
    (status = 200, body = Vec<AuditEntry>),
    (status = 403, body = crate::http::error::ErrorBody),
))]
pub async fn list(
    db: web::Data<Db>,
    query: web::Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    let AuditQuery { before, limit } = query.into_inner();
    let limit = limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::bad_request(
            "invalid_query",
            "limit must be between 1 and 500",
        ));
    }
    Ok(Json(
        db.run(move |conn| audit::list(conn, before, limit)).await?,
    ))
}
