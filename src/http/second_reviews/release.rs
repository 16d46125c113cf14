use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::verification::review::Review;
use crate::verification::second_review;

/// Hands a second review back undecided.
#[utoipa::path(post, path = "/v1/second-reviews/{id}/release", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "back in the queue"),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody),
    ))]
pub async fn release(
    principal: Principal,
    review: web::Data<Review>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    second_review::release(
        &review.db,
        &Actor::from(&principal),
        path_id(&path, "verification")?,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
