use actix_web::web;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::moderation::appeals::{AppealDecided, AppealDecision, Appeals};

/// The holder's outcome: uphold; overturn (the sanction is lifted, or the verification goes back
/// to the review queue); or reduce a sanction to `duration_days` from its start. The user is told
/// through the outbox; the audit log records it.
#[utoipa::path(post, path = "/v1/appeals/{id}/decision", tag = "appeals", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    request_body = AppealDecision,
    responses(
        (status = 200, body = AppealDecided),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "not_claimed or claim_expired"),
    ))]
pub async fn decide(
    principal: Principal,
    appeals: web::Data<Appeals>,
    path: web::Path<String>,
    body: web::Json<AppealDecision>,
) -> Result<web::Json<AppealDecided>, AppError> {
    let id = path_id(&path, "appeal")?;
    Ok(web::Json(
        appeals
            .decide(&Actor::from(&principal), id, body.into_inner())
            .await?,
    ))
}
