use actix_web::web;

use crate::error::AppError;
use crate::moderation::history::History;
use crate::moderation::Moderation;

/// The user's moderation history: reports against their content, their moderation items and the
/// actions taken, every sanction, their appeals, and violations per category (the newest 200 of each
/// list).
#[utoipa::path(get, path = "/v1/users/{id}/history", tag = "moderation", security(("bearer" = [])),
    params(("id" = String, Path, description = "the marketplace's user id")),
    responses(
        (status = 200, body = History),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn history(
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
) -> Result<web::Json<History>, AppError> {
    Ok(web::Json(moderation.history(path.into_inner()).await?))
}
