use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::moderation::appeals::Appeals;

/// Hands the senior's appeal back to the queue undecided.
#[utoipa::path(post, path = "/v1/appeals/{id}/release", tag = "appeals", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "back in the queue"),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "not_claimed"),
    ))]
pub async fn release(
    principal: Principal,
    appeals: web::Data<Appeals>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    appeals
        .release(&Actor::from(&principal), path_id(&path, "appeal")?)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
