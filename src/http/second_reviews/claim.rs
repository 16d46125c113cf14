use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::verification::review::Review;
use crate::verification::second_review::{self, SecondReviewItem};

/// Claims the next sampled decision to review again, showing the item without the first
/// decision; never one of the caller's own decisions. 204 when none waits.
#[utoipa::path(post, path = "/v1/second-reviews/claim", tag = "review", security(("bearer" = [])),
    responses(
        (status = 200, body = SecondReviewItem),
        (status = 204, description = "nothing to review"),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn claim(
    principal: Principal,
    review: web::Data<Review>,
) -> Result<HttpResponse, AppError> {
    Ok(
        match second_review::claim(&review.db, &Actor::from(&principal), review.lease).await? {
            Some(item) => HttpResponse::Ok().json(item),
            None => HttpResponse::NoContent().finish(),
        },
    )
}
