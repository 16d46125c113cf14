use actix_web::web;

use crate::error::AppError;
use crate::http::extract::path_id;
use crate::moderation::appeals::{AppealView, Appeals};

/// An appeal, its evidence list and, once decided, the outcome (platform, senior).
#[utoipa::path(get, path = "/v1/appeals/{id}", tag = "appeals", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = AppealView),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
    ))]
pub async fn get(
    appeals: web::Data<Appeals>,
    path: web::Path<String>,
) -> Result<web::Json<AppealView>, AppError> {
    Ok(web::Json(appeals.get(path_id(&path, "appeal")?).await?))
}
