use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::verification::items::DecisionView;
use crate::verification::review::{DecisionRequest, Review};

/// Decides the item the caller holds: approve, reject or request_more (with a reason code from
/// `GET /v1/verification-reasons`). Anyone not holding the claim gets 409.
#[utoipa::path(post, path = "/v1/verifications/{id}/decision", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)), request_body = DecisionRequest,
    responses(
        (status = 201, body = DecisionView),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "not_claimed or claim_expired"),
    ))]
pub async fn decide(
    principal: Principal,
    review: web::Data<Review>,
    path: web::Path<String>,
    body: web::Json<DecisionRequest>,
) -> Result<HttpResponse, AppError> {
    let decision = review
        .decide(
            &Actor::from(&principal),
            path_id(&path, "verification")?,
            body.into_inner(),
        )
        .await?;
    Ok(HttpResponse::Created().json(decision))
}
