use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::verification::items::Verification;
use crate::verification::review::{QueueFilter, Review};

/// Claims the next waiting item (riskiest, then oldest) for the caller under a lease; 204 when
/// nothing matching waits. Optional body: `{"document_type": …, "flag": …}`.
#[utoipa::path(post, path = "/v1/review/claim", tag = "review", security(("bearer" = [])),
    request_body(content = Option<QueueFilter>),
    responses(
        (status = 200, body = Verification),
        (status = 204, description = "the queue is empty"),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn claim(
    principal: Principal,
    review: web::Data<Review>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let filter: QueueFilter = super::optional_json(&body)?;
    Ok(
        match review.claim(&Actor::from(&principal), filter).await? {
            Some(item) => HttpResponse::Ok().json(item),
            None => HttpResponse::NoContent().finish(),
        },
    )
}
