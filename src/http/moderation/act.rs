use actix_web::web;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::moderation::queue::{ActionOutcome, ActionRequest};
use crate::moderation::Moderation;

/// The claimer's action on a moderation item: dismiss, warn, hide (the marketplace is told to hide
/// the content), restrict or suspend for `duration_days`, or ban; each with a reason and the
/// policy rule applied. The sanction, notification and audit entry are committed with it.
#[utoipa::path(post, path = "/v1/moderation/{id}/action", tag = "moderation", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    request_body = ActionRequest,
    responses(
        (status = 200, body = ActionOutcome),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "not_claimed or claim_expired"),
    ))]
pub async fn act(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    body: web::Json<ActionRequest>,
) -> Result<web::Json<ActionOutcome>, AppError> {
    let id = path_id(&path, "moderation item")?;
    Ok(web::Json(
        moderation
            .act(&Actor::from(&principal), id, body.into_inner())
            .await?,
    ))
}
