use actix_web::web;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::lease::ClaimInfo;
use crate::moderation::appeals::Appeals;

/// Extends the senior's claim on the appeal by a full lease; 409 when they no longer hold it.
#[utoipa::path(post, path = "/v1/appeals/{id}/renew", tag = "appeals", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = ClaimInfo),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "not_claimed or claim_expired"),
    ))]
pub async fn renew(
    principal: Principal,
    appeals: web::Data<Appeals>,
    path: web::Path<String>,
) -> Result<web::Json<ClaimInfo>, AppError> {
    Ok(web::Json(
        appeals
            .renew(&Actor::from(&principal), path_id(&path, "appeal")?)
            .await?,
    ))
}
