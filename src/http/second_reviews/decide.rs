use actix_web::web;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::verification::review::Review;
use crate::verification::second_review::{self, SecondDecision, SecondReviewOutcome};

/// Records the senior's own decision; the answer reveals the first decision and the error type.
#[utoipa::path(post, path = "/v1/second-reviews/{id}/decision", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)), request_body = SecondDecision,
    responses(
        (status = 200, body = SecondReviewOutcome),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "not_claimed or claim_expired"),
    ))]
pub async fn decide(
    principal: Principal,
    review: web::Data<Review>,
    path: web::Path<String>,
    body: web::Json<SecondDecision>,
) -> Result<web::Json<SecondReviewOutcome>, AppError> {
    Ok(web::Json(
        second_review::decide(
            &review.db,
            &Actor::from(&principal),
            path_id(&path, "verification")?,
            body.into_inner(),
        )
        .await?,
    ))
}
