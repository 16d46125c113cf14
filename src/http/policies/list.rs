use actix_web::web;

use crate::error::AppError;
use crate::moderation::Moderation;
use crate::policy::active::PolicyHistory;

/// Every recorded policy version and the newest activations (reloads and rollbacks).
#[utoipa::path(get, path = "/v1/policies", tag = "policies", security(("bearer" = [])),
    responses(
        (status = 200, body = PolicyHistory),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn list(moderation: web::Data<Moderation>) -> Result<web::Json<PolicyHistory>, AppError> {
    let policy = moderation.policy.clone();
    Ok(web::Json(
        moderation.db.run(move |conn| policy.history(conn)).await?,
    ))
}
