use actix_web::web;

use crate::error::AppError;
use crate::moderation::Moderation;
use crate::policy::active::ActiveSummary;

/// The policy scans use now: version, hash, when and why it was activated, its categories.
#[utoipa::path(get, path = "/v1/policies/active", tag = "policies", security(("bearer" = [])),
    responses(
        (status = 200, body = ActiveSummary),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn active(
    moderation: web::Data<Moderation>,
) -> Result<web::Json<ActiveSummary>, AppError> {
    Ok(web::Json(moderation.policy.current().summary()))
}
