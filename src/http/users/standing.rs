use actix_web::web;

use crate::error::AppError;
use crate::moderation::standing::Standing;
use crate::moderation::Moderation;

/// The user's sanctions in force and what they may do now (chat, send quotes, be listed); cheap
/// enough to ask on every action.
#[utoipa::path(get, path = "/v1/users/{id}/standing", tag = "moderation", security(("bearer" = [])),
    params(("id" = String, Path, description = "the marketplace's user id")),
    responses(
        (status = 200, body = Standing),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn standing(
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
) -> Result<web::Json<Standing>, AppError> {
    Ok(web::Json(moderation.standing(path.into_inner()).await?))
}
