use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::db::Db;
use crate::error::AppError;

/// The process is up and answering.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "process up")))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// The database answers and every migration is applied.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "ready to serve"),
    (status = 503, description = "database unreachable or migrations pending", body = crate::http::error::ErrorBody),
))]
pub async fn readyz(db: web::Data<Db>) -> Result<HttpResponse, AppError> {
    let db = db.get_ref().clone();
    tokio::task::spawn_blocking(move || db.check_ready())
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(json!({"status": "ready"})))
}
