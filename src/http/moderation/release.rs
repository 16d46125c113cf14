use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::moderation::Moderation;

/// Hands the caller's moderation item back to the queue undecided (skip).
#[utoipa::path(post, path = "/v1/moderation/{id}/release", tag = "moderation", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "back in the queue"),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "not_claimed"),
    ))]
pub async fn release(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    moderation
        .release(&Actor::from(&principal), path_id(&path, "moderation item")?)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
