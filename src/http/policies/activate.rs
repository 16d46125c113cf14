use actix_web::web;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::moderation::Moderation;
use crate::policy::active::ActiveSummary;

/// Activates a recorded version of the active policy again: a rollback (or forward again).
#[utoipa::path(post, path = "/v1/policies/{version}/activate", tag = "policies", security(("bearer" = [])),
    params(("version" = i64, Path, description = "a recorded version of the active policy")),
    responses(
        (status = 200, body = ActiveSummary),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
    ))]
pub async fn activate(
    principal: Principal,
    moderation: web::Data<Moderation>,
    version: web::Path<i64>,
) -> Result<web::Json<ActiveSummary>, AppError> {
    let policy = moderation.policy.clone();
    let actor = Actor::from(&principal);
    let version = version.into_inner();
    moderation
        .db
        .run(move |conn| policy.activate(conn, version, &actor, "rollback"))
        .await?;
    Ok(web::Json(moderation.policy.current().summary()))
}
