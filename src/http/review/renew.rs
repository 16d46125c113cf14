use actix_web::web;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::lease::ClaimInfo;
use crate::verification::review::Review;

/// Extends the caller's claim on the item by a full lease; 409 when they no longer hold it.
#[utoipa::path(post, path = "/v1/review/{id}/renew", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = ClaimInfo),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "not_claimed or claim_expired"),
    ))]
pub async fn renew(
    principal: Principal,
    review: web::Data<Review>,
    path: web::Path<String>,
) -> Result<web::Json<ClaimInfo>, AppError> {
    Ok(web::Json(
        review
            .renew(&Actor::from(&principal), path_id(&path, "verification")?)
            .await?,
    ))
}
